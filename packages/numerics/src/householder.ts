/**
 * Householder reflectors for the Hessenberg reduction: a scaled 2-norm (`dnrm2`), the reflector
 * generator `dlarfg`, and the threshold below which a column is treated as already reduced.
 *
 * @internal
 */

import { lapy2, sign } from './qrKernels.js';

const TINY_SS = 2 ** -960;
const HUGE_SS = 2 ** 960;
const RFG_SAFMIN = 2 ** -969;
const RFG_RSAFMN = 2 ** 969;

/** Euclidean norm of `x[off], x[off+stride], …` (`len` entries) without harmful over/underflow. */
export function nrm2(x: Float64Array, off: number, len: number, stride = 1): number {
  let ss = 0;
  for (let i = 0, p = off; i < len; i++, p += stride) {
    const t = x[p];
    ss += t * t;
  }
  if (ss >= TINY_SS && ss <= HUGE_SS) return Math.sqrt(ss);
  if (ss === 0 && len === 0) return 0;
  // slow path: rescale by the largest entry
  let scale = 0;
  for (let i = 0, p = off; i < len; i++, p += stride) {
    const t = Math.abs(x[p]);
    if (t > scale) scale = t;
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  ss = 0;
  for (let i = 0, p = off; i < len; i++, p += stride) {
    const t = x[p] / scale;
    ss += t * t;
  }
  return scale * Math.sqrt(ss);
}

/**
 * Householder reflector (LAPACK `dlarfg`) annihilating `h[off+1 .. off+len]` against `h[off]`.
 * Writes `beta` to `h[off]`, zeros below it, stores `v` (with `v[0] = 1`) in `v[voff ..]` and
 * returns `tau`; `tau = 0` means the reflector is the identity.
 *
 * @param negligible if the part to annihilate has norm ≤ this, it is set to zero and the identity
 *   is returned (LAPACK does this only for an exactly zero vector). See {@link negligibleScale}.
 */
export function householder(
  h: Float64Array,
  off: number,
  len: number,
  v: Float64Array,
  voff: number,
  negligible = 0,
): number {
  let alpha = h[off];
  let xnorm = nrm2(h, off + 1, len);
  v[voff] = 1;
  if (xnorm <= negligible) {
    for (let i = 1; i <= len; i++) {
      v[voff + i] = 0;
      h[off + i] = 0;
    }
    return 0;
  }
  let beta = -sign(lapy2(alpha, xnorm), alpha);
  let knt = 0;
  if (Math.abs(beta) < RFG_SAFMIN) {
    do {
      knt++;
      for (let i = 1; i <= len; i++) h[off + i] *= RFG_RSAFMN;
      beta *= RFG_RSAFMN;
      alpha *= RFG_RSAFMN;
    } while (Math.abs(beta) < RFG_SAFMIN && knt < 20);
    xnorm = nrm2(h, off + 1, len);
    beta = -sign(lapy2(alpha, xnorm), alpha);
  }
  const tau = (beta - alpha) / beta;
  const scal = 1 / (alpha - beta);
  for (let i = 1; i <= len; i++) {
    v[voff + i] = h[off + i] * scal;
    h[off + i] = 0;
  }
  for (let j = 0; j < knt; j++) beta *= RFG_SAFMIN;
  h[off] = beta;
  return tau;
}

/**
 * Threshold below which a column to be annihilated is treated as exactly zero: 2^-500 times the
 * largest entry of the matrix. Dropping such entries perturbs A by far less than rounding does
 * (≈ 1e-151 relative versus 1e-16), but prevents a pathology of exactly structured matrices
 * (e.g. all ones): their trailing columns are pure rounding noise that each reflector squeezes
 * further, down into the subnormal range, where every floating-point operation costs ~100 cycles
 * (a 1000×1000 all-ones matrix took 30 s instead of 1 s). For matrices whose entries are
 * themselves tiny the threshold underflows to 0 and LAPACK's behaviour is kept.
 */
export function negligibleScale(h: Float64Array, n: number, ld: number): number {
  let m = 0;
  for (let j = 0; j < n; j++) {
    const col = j * ld;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(h[col + i]);
      if (a > m) m = a;
    }
  }
  return m * 2 ** -500;
}
