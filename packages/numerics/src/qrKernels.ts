/**
 * Scalar building blocks shared by the QR algorithms of {@link eigvals}: machine constants,
 * LAPACK `dlapy2`, `dlanv2` (standardised Schur form of a real 2×2 matrix), `dlarfg` specialised
 * to reflectors of order 2 and 3, and the application of such small reflectors to rows or columns
 * of a column-major matrix.
 *
 * The small-reflector applications are deliberately separate small functions: the engine
 * optimises each of them after a few calls with complete type feedback, instead of
 * on-stack-replacing a huge loop nest and deoptimising whenever a rarely taken branch is reached.
 *
 * Results of `lanv2` / `larfg3` are returned in module-level scratch arrays so that the hot
 * paths never allocate.
 *
 * On matrices in the WebAssembly heap of `wasm/kernels.ts` (inside {@link eigvals}) the order-3
 * reflector applications over at least `REFLECTOR_TUNING.wasmMinLength` rows or columns run in the
 * WebAssembly kernels, bit-for-bit equal to the loops here.
 *
 * @internal
 */

import { onWasmHeap, wasmReflectCols3, wasmReflectRows3 } from './wasm/kernels.js';

/**
 * Shortest row/column range for which a reflector application calls the WebAssembly kernel
 * (a tuning knob; `Infinity` keeps everything in TypeScript).
 */
export const REFLECTOR_TUNING = { wasmMinLength: 12 };

/** LAPACK `dlamch('P')`: relative machine precision times the base, 2^-52. */
export const ULP = 2 ** -52;
/** LAPACK `dlamch('S')`: smallest normalised double, 2^-1022. */
export const SAFMIN = 2 ** -1022;
/** `dlamch('S') / dlamch('E')`, the `dlarfg` rescaling threshold. */
const RFG_SAFMIN = 2 ** -969;
const RFG_RSAFMN = 2 ** 969;
/** `dlanv2` scaling constants: 2^±485 (= base^(log_base(SAFMIN/EPS)/2)). */
const SAFMN2 = 2 ** -485;
const SAFMX2 = 2 ** 485;

export function sign(x: number, y: number): number {
  const ax = Math.abs(x);
  return y > 0 || (y === 0 && 1 / y > 0) ? ax : -ax;
}

/** sqrt(x² + y²) without unnecessary overflow (LAPACK `dlapy2`). */
export function lapy2(x: number, y: number): number {
  const xa = Math.abs(x);
  const ya = Math.abs(y);
  const w = xa > ya ? xa : ya;
  const z = xa > ya ? ya : xa;
  if (z === 0 || w > 1.7976931348623157e308) return w;
  const q = z / w;
  return w * Math.sqrt(1 + q * q);
}

/**
 * Output slots of {@link lanv2}: `[a, b, c, d, rt1r, rt1i, rt2r, rt2i, cs, sn]`. Module-level
 * scratch so the hot path never allocates; callers copy what they need immediately.
 */
export const LANV2 = new Float64Array(10);

/**
 * Schur factorisation of a real 2×2 nonsymmetric matrix in standardised form (LAPACK `dlanv2`):
 * `[a b; c d] = [cs -sn; sn cs] [aa bb; cc dd] [cs sn; -sn cs]` where either `cc = 0` (two real
 * eigenvalues) or `aa = dd` and `bb·cc < 0` (a complex pair `aa ± sqrt(bb·cc)`). Results in
 * {@link LANV2}.
 */
export function lanv2(a: number, b: number, c: number, d: number): void {
  const EPS = ULP;
  let cs: number;
  let sn: number;
  if (c === 0) {
    cs = 1;
    sn = 0;
  } else if (b === 0) {
    // swap rows and columns
    cs = 0;
    sn = 1;
    const temp = d;
    d = a;
    a = temp;
    b = -c;
    c = 0;
  } else if (a - d === 0 && sign(1, b) !== sign(1, c)) {
    cs = 1;
    sn = 0;
  } else {
    let temp = a - d;
    let p = 0.5 * temp;
    const bcmax = Math.max(Math.abs(b), Math.abs(c));
    const bcmis = Math.min(Math.abs(b), Math.abs(c)) * sign(1, b) * sign(1, c);
    let scale = Math.max(Math.abs(p), bcmax);
    let z = (p / scale) * p + (bcmax / scale) * bcmis;
    // If z is of the order of the machine accuracy, postpone the decision on the nature of
    // the eigenvalues.
    if (z >= 4 * EPS) {
      // real eigenvalues
      z = p + sign(Math.sqrt(scale) * Math.sqrt(z), p);
      a = d + z;
      d = d - (bcmax / z) * bcmis;
      const tau = lapy2(c, z);
      cs = z / tau;
      sn = c / tau;
      b = b - c;
      c = 0;
    } else {
      // complex eigenvalues, or real (almost) equal eigenvalues: make the diagonal equal
      let count = 0;
      let sigma = b + c;
      for (;;) {
        count++;
        scale = Math.max(Math.abs(temp), Math.abs(sigma));
        if (scale >= SAFMX2) {
          sigma *= SAFMN2;
          temp *= SAFMN2;
          if (count <= 20) continue;
        }
        if (scale <= SAFMN2) {
          sigma *= SAFMX2;
          temp *= SAFMX2;
          if (count <= 20) continue;
        }
        break;
      }
      p = 0.5 * temp;
      let tau = lapy2(sigma, temp);
      cs = Math.sqrt(0.5 * (1 + Math.abs(sigma) / tau));
      sn = -(p / (tau * cs)) * sign(1, sigma);
      // [aa bb; cc dd] = [a b; c d] [cs -sn; sn cs]
      const aa = a * cs + b * sn;
      const bb = -a * sn + b * cs;
      const cc = c * cs + d * sn;
      const dd = -c * sn + d * cs;
      // [a b; c d] = [cs sn; -sn cs] [aa bb; cc dd]
      a = aa * cs + cc * sn;
      b = bb * cs + dd * sn;
      c = -aa * sn + cc * cs;
      d = -bb * sn + dd * cs;
      temp = 0.5 * (a + d);
      a = temp;
      d = temp;
      if (c !== 0) {
        if (b !== 0) {
          if (sign(1, b) === sign(1, c)) {
            // real eigenvalues: reduce to upper triangular form
            const sab = Math.sqrt(Math.abs(b));
            const sac = Math.sqrt(Math.abs(c));
            p = sign(sab * sac, c);
            tau = 1 / Math.sqrt(Math.abs(b + c));
            a = temp + p;
            d = temp - p;
            b = b - c;
            c = 0;
            const cs1 = sab * tau;
            const sn1 = sac * tau;
            temp = cs * cs1 - sn * sn1;
            sn = cs * sn1 + sn * cs1;
            cs = temp;
          }
        } else {
          b = -c;
          c = 0;
          temp = cs;
          cs = -sn;
          sn = temp;
        }
      }
    }
  }
  const o = LANV2;
  o[0] = a;
  o[1] = b;
  o[2] = c;
  o[3] = d;
  o[4] = a;
  o[6] = d;
  if (c === 0) {
    o[5] = 0;
    o[7] = 0;
  } else {
    o[5] = Math.sqrt(Math.abs(b)) * Math.sqrt(Math.abs(c));
    o[7] = -o[5];
  }
  o[8] = cs;
  o[9] = sn;
}

/**
 * Output of {@link larfg3}: `[beta, v2, v3, tau]`. Module-level scratch (no allocation).
 */
export const RFG = new Float64Array(4);

/**
 * Householder reflector of order 2 or 3 (LAPACK `dlarfg` specialised): finds `tau`, `v` with
 * `(I - tau [1 v2 v3]ᵀ[1 v2 v3]) [alpha x2 x3]ᵀ = [beta 0 0]ᵀ`. For order 2 pass `x3 = 0`.
 * Results in {@link RFG}.
 */
export function larfg3(alpha: number, x2: number, x3: number): void {
  let xnorm = lapy2(x2, x3);
  const o = RFG;
  if (xnorm === 0) {
    o[0] = alpha;
    o[1] = x2;
    o[2] = x3;
    o[3] = 0;
    return;
  }
  let beta = -sign(lapy2(alpha, xnorm), alpha);
  let knt = 0;
  if (Math.abs(beta) < RFG_SAFMIN) {
    do {
      knt++;
      x2 *= RFG_RSAFMN;
      x3 *= RFG_RSAFMN;
      beta *= RFG_RSAFMN;
      alpha *= RFG_RSAFMN;
    } while (Math.abs(beta) < RFG_SAFMIN && knt < 20);
    xnorm = lapy2(x2, x3);
    beta = -sign(lapy2(alpha, xnorm), alpha);
  }
  const tau = (beta - alpha) / beta;
  const scal = 1 / (alpha - beta);
  for (let j = 0; j < knt; j++) beta *= RFG_SAFMIN;
  o[0] = beta;
  o[1] = x2 * scal;
  o[2] = x3 * scal;
  o[3] = tau;
}

/**
 * `(I − t·[1 v2 v3]ᵀ[1 v2 v3])` from the left on three consecutive rows of `count` consecutive
 * columns; `p` indexes the first row of the first column. `t2 = t·v2`, `t3 = t·v3`.
 */
export function reflectRows3(
  h: Float64Array,
  p: number,
  ld: number,
  count: number,
  v2: number,
  v3: number,
  t1: number,
  t2: number,
  t3: number,
): void {
  if (count >= REFLECTOR_TUNING.wasmMinLength && onWasmHeap(h)) {
    wasmReflectRows3(h, p, ld, count, v2, v3, t1, t2, t3);
    return;
  }
  for (let j = 0; j < count; j++, p += ld) {
    const sum = h[p] + v2 * h[p + 1] + v3 * h[p + 2];
    h[p] -= sum * t1;
    h[p + 1] -= sum * t2;
    h[p + 2] -= sum * t3;
  }
}

/** The same reflector from the right on columns c0/ld .. c0/ld+2 (`c0` = column offset), rows r0..r1. */
export function reflectCols3(
  h: Float64Array,
  c0: number,
  ld: number,
  r0: number,
  r1: number,
  v2: number,
  v3: number,
  t1: number,
  t2: number,
  t3: number,
): void {
  if (r1 - r0 >= REFLECTOR_TUNING.wasmMinLength && onWasmHeap(h)) {
    wasmReflectCols3(h, c0, ld, r0, r1, v2, v3, t1, t2, t3);
    return;
  }
  const c1 = c0 + ld;
  const c2 = c1 + ld;
  for (let j = r0; j <= r1; j++) {
    const sum = h[c0 + j] + v2 * h[c1 + j] + v3 * h[c2 + j];
    h[c0 + j] -= sum * t1;
    h[c1 + j] -= sum * t2;
    h[c2 + j] -= sum * t3;
  }
}

/** Order-2 version of {@link reflectRows3}. */
export function reflectRows2(h: Float64Array, p: number, ld: number, count: number, v2: number, t1: number, t2: number): void {
  for (let j = 0; j < count; j++, p += ld) {
    const sum = h[p] + v2 * h[p + 1];
    h[p] -= sum * t1;
    h[p + 1] -= sum * t2;
  }
}

/** Order-2 version of {@link reflectCols3}. */
export function reflectCols2(h: Float64Array, c0: number, ld: number, r0: number, r1: number, v2: number, t1: number, t2: number): void {
  const c1 = c0 + ld;
  for (let j = r0; j <= r1; j++) {
    const sum = h[c0 + j] + v2 * h[c1 + j];
    h[c0 + j] -= sum * t1;
    h[c1 + j] -= sum * t2;
  }
}
