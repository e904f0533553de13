/**
 * Reordering of a real Schur form by swapping adjacent 1×1 / 2×2 diagonal blocks: ports of
 * LAPACK `dtrexc`, `dlaexc` and `dlartg` (`dlasy2` is in `sylvester2.ts`). Used by the
 * aggressive early deflation of the multishift QR algorithm to move undeflatable eigenvalues out
 * of the way.
 *
 * Index convention: these are line-by-line ports, so indices inside follow LAPACK's 1-based
 * numbering and `T(i, j)` is `t[i - 1 + (j - 1) * ldt]` (column-major).
 *
 * @internal
 */

import { LANV2, RFG, lanv2, lapy2, larfg3, SAFMIN, ULP } from './qrKernels.js';
import { lasy2, SY2 } from './sylvester2.js';

/** Plane rotation (LAPACK `dlartg`): `[c s; -s c] [f; g] = [r; 0]`. Results in `ROT = [c, s, r]`. */
export const ROT = new Float64Array(3);
export function lartg(f: number, g: number): void {
  if (g === 0) {
    ROT[0] = 1;
    ROT[1] = 0;
    ROT[2] = f;
  } else if (f === 0) {
    ROT[0] = 0;
    ROT[1] = g > 0 ? 1 : -1;
    ROT[2] = Math.abs(g);
  } else {
    const d = lapy2(f, g);
    const c = Math.abs(f) / d;
    const r = f > 0 ? d : -d;
    ROT[0] = c;
    ROT[1] = g / r;
    ROT[2] = r;
  }
}

/** Apply the rotation to rows i1 and i2 (1-based) of `t`, columns c0..c1. */
function rotRows(t: Float64Array, ldt: number, i1: number, i2: number, c0: number, c1: number, cs: number, sn: number): void {
  for (let c = c0; c <= c1; c++) {
    const p = (c - 1) * ldt - 1;
    const x = t[p + i1];
    const y = t[p + i2];
    t[p + i1] = cs * x + sn * y;
    t[p + i2] = cs * y - sn * x;
  }
}

/** Apply the rotation to columns j1 and j2 (1-based) of `t`, rows r0..r1. */
function rotCols(t: Float64Array, ldt: number, j1: number, j2: number, r0: number, r1: number, cs: number, sn: number): void {
  const p1 = (j1 - 1) * ldt - 1;
  const p2 = (j2 - 1) * ldt - 1;
  for (let r = r0; r <= r1; r++) {
    const x = t[p1 + r];
    const y = t[p2 + r];
    t[p1 + r] = cs * x + sn * y;
    t[p2 + r] = cs * y - sn * x;
  }
}

/** `(I − tau u uᵀ)·M` on rows r..r+2, columns c0..c1 (1-based) of `m` (order-3 `dlarfx` 'L'). */
function refl3Left(m: Float64Array, ld: number, u: Float64Array, tau: number, r: number, c0: number, c1: number): void {
  const u0 = u[0];
  const u1 = u[1];
  const u2 = u[2];
  for (let c = c0; c <= c1; c++) {
    const p = (c - 1) * ld + r - 1;
    const s = tau * (u0 * m[p] + u1 * m[p + 1] + u2 * m[p + 2]);
    m[p] -= s * u0;
    m[p + 1] -= s * u1;
    m[p + 2] -= s * u2;
  }
}

/** `M·(I − tau u uᵀ)` on rows r0..r1, columns c..c+2 (1-based) of `m` (order-3 `dlarfx` 'R'). */
function refl3Right(m: Float64Array, ld: number, u: Float64Array, tau: number, r0: number, r1: number, c: number): void {
  const u0 = u[0];
  const u1 = u[1];
  const u2 = u[2];
  const p0 = (c - 1) * ld - 1;
  const p1 = p0 + ld;
  const p2 = p1 + ld;
  for (let r = r0; r <= r1; r++) {
    const s = tau * (u0 * m[p0 + r] + u1 * m[p1 + r] + u2 * m[p2 + r]);
    m[p0 + r] -= s * u0;
    m[p1 + r] -= s * u1;
    m[p2 + r] -= s * u2;
  }
}


const DBLK = new Float64Array(16);
const U = new Float64Array(3);
const U1 = new Float64Array(3);
const U2 = new Float64Array(3);

/**
 * LAPACK `dlaexc`: swap the adjacent diagonal blocks T11 (order n1, starting at row j1) and T22
 * (order n2) of the n×n upper quasi-triangular `t` by an orthogonal similarity, accumulated into
 * `q` if `wantQ`. Returns 1 if the swap was rejected because it would be too inaccurate.
 */
export function laexc(
  wantQ: boolean,
  n: number,
  t: Float64Array,
  ldt: number,
  q: Float64Array | null,
  ldq: number,
  j1: number,
  n1: number,
  n2: number,
): number {
  if (n === 0 || n1 === 0 || n2 === 0) return 0;
  if (j1 + n1 > n) return 0;
  const T = (i: number, j: number): number => i - 1 + (j - 1) * ldt;
  const j2 = j1 + 1;
  const j3 = j1 + 2;
  const j4 = j1 + 3;
  if (n1 === 1 && n2 === 1) {
    const t11 = t[T(j1, j1)];
    const t22 = t[T(j2, j2)];
    lartg(t[T(j1, j2)], t22 - t11);
    const cs = ROT[0];
    const sn = ROT[1];
    if (j3 <= n) rotRows(t, ldt, j1, j2, j3, n, cs, sn);
    rotCols(t, ldt, j1, j2, 1, j1 - 1, cs, sn);
    t[T(j1, j1)] = t22;
    t[T(j2, j2)] = t11;
    if (wantQ && q) rotCols(q, ldq, j1, j2, 1, n, cs, sn);
    return 0;
  }
  // copy the diagonal block of order n1+n2 to D and compute its max-norm
  const nd = n1 + n2;
  const d = DBLK;
  d.fill(0);
  let dnorm = 0;
  for (let j = 1; j <= nd; j++) {
    for (let i = 1; i <= nd; i++) {
      const x = t[T(j1 + i - 1, j1 + j - 1)];
      d[i - 1 + (j - 1) * 4] = x;
      dnorm = Math.max(dnorm, Math.abs(x));
    }
  }
  const eps = ULP;
  const smlnum = SAFMIN / eps;
  const thresh = Math.max(10 * eps * dnorm, smlnum);
  // solve T11 X − X T22 = scale T12
  lasy2(-1, n1, n2, d);
  const scale = SY2[0];
  const x11 = SY2[1];
  const x21 = SY2[2];
  const x12 = SY2[3];
  const x22 = SY2[4];
  const D = (i: number, j: number): number => d[i - 1 + (j - 1) * 4];
  const k = n1 + n1 + n2 - 3;
  if (k === 1) {
    // n1 = 1, n2 = 2: reflector H with (scale, X11, X12) H = (0, 0, *)
    larfg3(x12, scale, x11);
    const tau = RFG[3];
    U[0] = RFG[1];
    U[1] = RFG[2];
    U[2] = 1;
    const t11 = t[T(j1, j1)];
    refl3Left(d, 4, U, tau, 1, 1, 3);
    refl3Right(d, 4, U, tau, 1, 3, 1);
    if (Math.max(Math.abs(D(3, 1)), Math.abs(D(3, 2)), Math.abs(D(3, 3) - t11)) > thresh) return 1;
    refl3Left(t, ldt, U, tau, j1, j1, n);
    refl3Right(t, ldt, U, tau, 1, j2, j1);
    t[T(j3, j1)] = 0;
    t[T(j3, j2)] = 0;
    t[T(j3, j3)] = t11;
    if (wantQ && q) refl3Right(q, ldq, U, tau, 1, n, j1);
  } else if (k === 2) {
    // n1 = 2, n2 = 1: H (−X11, −X21, scale)ᵀ = (*, 0, 0)ᵀ
    larfg3(-x11, -x21, scale);
    const tau = RFG[3];
    U[0] = 1;
    U[1] = RFG[1];
    U[2] = RFG[2];
    const t33 = t[T(j3, j3)];
    refl3Left(d, 4, U, tau, 1, 1, 3);
    refl3Right(d, 4, U, tau, 1, 3, 1);
    if (Math.max(Math.abs(D(2, 1)), Math.abs(D(3, 1)), Math.abs(D(1, 1) - t33)) > thresh) return 1;
    refl3Right(t, ldt, U, tau, 1, j3, j1);
    refl3Left(t, ldt, U, tau, j1, j2, n);
    t[T(j1, j1)] = t33;
    t[T(j2, j1)] = 0;
    t[T(j3, j1)] = 0;
    if (wantQ && q) refl3Right(q, ldq, U, tau, 1, n, j1);
  } else {
    // n1 = n2 = 2
    larfg3(-x11, -x21, scale);
    const tau1 = RFG[3];
    U1[0] = 1;
    U1[1] = RFG[1];
    U1[2] = RFG[2];
    const temp = -tau1 * (x12 + U1[1] * x22);
    larfg3(-temp * U1[1] - x22, -temp * U1[2], scale);
    const tau2 = RFG[3];
    U2[0] = 1;
    U2[1] = RFG[1];
    U2[2] = RFG[2];
    refl3Left(d, 4, U1, tau1, 1, 1, 4);
    refl3Right(d, 4, U1, tau1, 1, 4, 1);
    refl3Left(d, 4, U2, tau2, 2, 1, 4);
    refl3Right(d, 4, U2, tau2, 1, 4, 2);
    if (Math.max(Math.abs(D(3, 1)), Math.abs(D(3, 2)), Math.abs(D(4, 1)), Math.abs(D(4, 2))) > thresh) return 1;
    refl3Left(t, ldt, U1, tau1, j1, j1, n);
    refl3Right(t, ldt, U1, tau1, 1, j4, j1);
    refl3Left(t, ldt, U2, tau2, j2, j1, n);
    refl3Right(t, ldt, U2, tau2, 1, j4, j2);
    t[T(j3, j1)] = 0;
    t[T(j3, j2)] = 0;
    t[T(j4, j1)] = 0;
    t[T(j4, j2)] = 0;
    if (wantQ && q) {
      refl3Right(q, ldq, U1, tau1, 1, n, j1);
      refl3Right(q, ldq, U2, tau2, 1, n, j2);
    }
  }
  if (n2 === 2) {
    // standardise the new 2×2 block T11
    standardise(wantQ, n, t, ldt, q, ldq, j1);
  }
  if (n1 === 2) {
    // standardise the new 2×2 block T22
    standardise(wantQ, n, t, ldt, q, ldq, j1 + n2);
  }
  return 0;
}

/** `dlanv2` on the 2×2 block at (j, j) and the matching rotations of T (and Q). */
function standardise(
  wantQ: boolean,
  n: number,
  t: Float64Array,
  ldt: number,
  q: Float64Array | null,
  ldq: number,
  j: number,
): void {
  const p11 = j - 1 + (j - 1) * ldt;
  const p12 = p11 + ldt;
  const p21 = p11 + 1;
  const p22 = p12 + 1;
  lanv2(t[p11], t[p12], t[p21], t[p22]);
  t[p11] = LANV2[0];
  t[p12] = LANV2[1];
  t[p21] = LANV2[2];
  t[p22] = LANV2[3];
  const cs = LANV2[8];
  const sn = LANV2[9];
  if (j + 2 <= n) rotRows(t, ldt, j, j + 1, j + 2, n, cs, sn);
  rotCols(t, ldt, j, j + 1, 1, j - 1, cs, sn);
  if (wantQ && q) rotCols(q, ldq, j, j + 1, 1, n, cs, sn);
}

/** Output of {@link trexc}: `[ilst, info]` (ilst 1-based, as updated by LAPACK). */
export const TREXC = new Int32Array(2);

/**
 * LAPACK `dtrexc`: move the diagonal block of the real Schur form `t` starting at row `ifst` to
 * row `ilst` (both 1-based) by a sequence of adjacent swaps, accumulating into `q` if `wantQ`.
 * Writes the final position and `info` (1 if a swap was rejected) to {@link TREXC}.
 */
export function trexc(
  wantQ: boolean,
  n: number,
  t: Float64Array,
  ldt: number,
  q: Float64Array | null,
  ldq: number,
  ifst: number,
  ilst: number,
): void {
  TREXC[0] = ilst;
  TREXC[1] = 0;
  if (n <= 1) return;
  const T = (i: number, j: number): number => t[i - 1 + (j - 1) * ldt];
  if (ifst > 1 && T(ifst, ifst - 1) !== 0) ifst--;
  let nbf = 1;
  if (ifst < n && T(ifst + 1, ifst) !== 0) nbf = 2;
  if (ilst > 1 && T(ilst, ilst - 1) !== 0) ilst--;
  let nbl = 1;
  if (ilst < n && T(ilst + 1, ilst) !== 0) nbl = 2;
  TREXC[0] = ilst;
  if (ifst === ilst) return;
  let here = ifst;
  const fail = (): void => {
    TREXC[0] = here;
    TREXC[1] = 1;
  };
  if (ifst < ilst) {
    if (nbf === 2 && nbl === 1) ilst--;
    if (nbf === 1 && nbl === 2) ilst++;
    do {
      if (nbf === 1 || nbf === 2) {
        let nbnext = 1;
        if (here + nbf + 1 <= n && T(here + nbf + 1, here + nbf) !== 0) nbnext = 2;
        if (laexc(wantQ, n, t, ldt, q, ldq, here, nbf, nbnext) !== 0) return fail();
        here += nbnext;
        if (nbf === 2 && T(here + 1, here) === 0) nbf = 3;
      } else {
        let nbnext = 1;
        if (here + 3 <= n && T(here + 3, here + 2) !== 0) nbnext = 2;
        if (laexc(wantQ, n, t, ldt, q, ldq, here + 1, 1, nbnext) !== 0) return fail();
        if (nbnext === 1) {
          laexc(wantQ, n, t, ldt, q, ldq, here, 1, nbnext);
          here++;
        } else {
          if (T(here + 2, here + 1) === 0) nbnext = 1;
          if (nbnext === 2) {
            if (laexc(wantQ, n, t, ldt, q, ldq, here, 1, nbnext) !== 0) return fail();
            here += 2;
          } else {
            laexc(wantQ, n, t, ldt, q, ldq, here, 1, 1);
            laexc(wantQ, n, t, ldt, q, ldq, here + 1, 1, 1);
            here += 2;
          }
        }
      }
    } while (here < ilst);
  } else {
    do {
      if (nbf === 1 || nbf === 2) {
        let nbnext = 1;
        if (here >= 3 && T(here - 1, here - 2) !== 0) nbnext = 2;
        if (laexc(wantQ, n, t, ldt, q, ldq, here - nbnext, nbnext, nbf) !== 0) return fail();
        here -= nbnext;
        if (nbf === 2 && T(here + 1, here) === 0) nbf = 3;
      } else {
        let nbnext = 1;
        if (here >= 3 && T(here - 1, here - 2) !== 0) nbnext = 2;
        if (laexc(wantQ, n, t, ldt, q, ldq, here - nbnext, nbnext, 1) !== 0) return fail();
        if (nbnext === 1) {
          laexc(wantQ, n, t, ldt, q, ldq, here, nbnext, 1);
          here--;
        } else {
          if (T(here, here - 1) === 0) nbnext = 1;
          if (nbnext === 2) {
            if (laexc(wantQ, n, t, ldt, q, ldq, here - 1, 2, 1) !== 0) return fail();
            here -= 2;
          } else {
            laexc(wantQ, n, t, ldt, q, ldq, here, 1, 1);
            laexc(wantQ, n, t, ldt, q, ldq, here - 1, 1, 1);
            here -= 2;
          }
        }
      }
    } while (here > ilst);
  }
  TREXC[0] = here;
}
