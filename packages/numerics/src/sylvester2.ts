/**
 * LAPACK `dlasy2` (the case `ltranl = ltranr = false` needed by `dlaexc`): solution of the tiny
 * Sylvester equation `TL·X + isgn·X·TR = scale·B` with n1, n2 ∈ {1, 2}, by Gaussian elimination
 * with complete pivoting and perturbation of tiny pivots.
 *
 * Index convention: line-by-line port, indices inside follow LAPACK's 1-based numbering.
 *
 * @internal
 */

import { SAFMIN, ULP } from './qrKernels.js';

/** Output of {@link lasy2}: `[scale, x11, x21, x12, x22]`. */
export const SY2 = new Float64Array(5);
const T16 = new Float64Array(16);
const BTMP = new Float64Array(4);
const TMP4 = new Float64Array(4);
const JPIV = new Int32Array(4);
const LOCU12 = [2, 3, 0, 1];
const LOCL21 = [1, 0, 3, 2];
const LOCU22 = [3, 2, 1, 0];
const XSWPIV = [false, false, true, true];
const BSWPIV = [false, true, false, true];

/**
 * LAPACK `dlasy2` with `ltranl = ltranr = false`: solve `TL·X + isgn·X·TR = scale·B` for the
 * n1×n2 matrix X (n1, n2 ∈ {1, 2}); TL, TR, B are read from the 4×4 column-major block `d` at
 * (1-based) offsets (1,1), (n1+1, n1+1) and (1, n1+1). Results in {@link SY2}; returns `info`
 * (1 if a perturbation was needed for near-singularity).
 */
export function lasy2(isgn: number, n1: number, n2: number, d: Float64Array): number {
  const D = (i: number, j: number): number => d[i - 1 + (j - 1) * 4];
  const TL = (i: number, j: number): number => D(i, j);
  const TR = (i: number, j: number): number => D(n1 + i, n1 + j);
  const B = (i: number, j: number): number => D(i, n1 + j);
  const eps = ULP;
  const smlnum = SAFMIN / eps;
  const sgn = isgn;
  let info = 0;
  const k = n1 + n1 + n2 - 2;
  if (k === 1) {
    let tau1 = TL(1, 1) + sgn * TR(1, 1);
    let bet = Math.abs(tau1);
    if (bet <= smlnum) {
      tau1 = smlnum;
      bet = smlnum;
      info = 1;
    }
    let scale = 1;
    const gam = Math.abs(B(1, 1));
    if (smlnum * gam > bet) scale = 1 / gam;
    SY2[0] = scale;
    SY2[1] = (B(1, 1) * scale) / tau1;
    return info;
  }
  if (k === 2 || k === 3) {
    let smin: number;
    const tmp = TMP4;
    if (k === 2) {
      // 1 by 2
      smin = Math.max(
        eps * Math.max(Math.abs(TL(1, 1)), Math.abs(TR(1, 1)), Math.abs(TR(1, 2)), Math.abs(TR(2, 1)), Math.abs(TR(2, 2))),
        smlnum,
      );
      tmp[0] = TL(1, 1) + sgn * TR(1, 1);
      tmp[3] = TL(1, 1) + sgn * TR(2, 2);
      tmp[1] = sgn * TR(1, 2);
      tmp[2] = sgn * TR(2, 1);
      BTMP[0] = B(1, 1);
      BTMP[1] = B(1, 2);
    } else {
      // 2 by 1
      smin = Math.max(
        eps * Math.max(Math.abs(TR(1, 1)), Math.abs(TL(1, 1)), Math.abs(TL(1, 2)), Math.abs(TL(2, 1)), Math.abs(TL(2, 2))),
        smlnum,
      );
      tmp[0] = TL(1, 1) + sgn * TR(1, 1);
      tmp[3] = TL(2, 2) + sgn * TR(1, 1);
      tmp[1] = TL(2, 1);
      tmp[2] = TL(1, 2);
      BTMP[0] = B(1, 1);
      BTMP[1] = B(2, 1);
    }
    // 2×2 system with complete pivoting
    let ipiv = 0;
    for (let i = 1; i < 4; i++) if (Math.abs(tmp[i]) > Math.abs(tmp[ipiv])) ipiv = i;
    let u11 = tmp[ipiv];
    if (Math.abs(u11) <= smin) {
      info = 1;
      u11 = smin;
    }
    const u12 = tmp[LOCU12[ipiv]];
    const l21 = tmp[LOCL21[ipiv]] / u11;
    let u22 = tmp[LOCU22[ipiv]] - u12 * l21;
    if (Math.abs(u22) <= smin) {
      info = 1;
      u22 = smin;
    }
    if (BSWPIV[ipiv]) {
      const temp = BTMP[1];
      BTMP[1] = BTMP[0] - l21 * temp;
      BTMP[0] = temp;
    } else {
      BTMP[1] = BTMP[1] - l21 * BTMP[0];
    }
    let scale = 1;
    if (2 * smlnum * Math.abs(BTMP[1]) > Math.abs(u22) || 2 * smlnum * Math.abs(BTMP[0]) > Math.abs(u11)) {
      scale = 0.5 / Math.max(Math.abs(BTMP[0]), Math.abs(BTMP[1]));
      BTMP[0] *= scale;
      BTMP[1] *= scale;
    }
    let x2 = BTMP[1] / u22;
    let x1 = BTMP[0] / u11 - (u12 / u11) * x2;
    if (XSWPIV[ipiv]) {
      const temp = x2;
      x2 = x1;
      x1 = temp;
    }
    SY2[0] = scale;
    SY2[1] = x1;
    if (n1 === 1) SY2[3] = x2; // X(1,2)
    else SY2[2] = x2; // X(2,1)
    return info;
  }
  // 2 by 2: equivalent 4×4 system with complete pivoting; T16 column-major 4×4
  let smin = Math.max(Math.abs(TR(1, 1)), Math.abs(TR(1, 2)), Math.abs(TR(2, 1)), Math.abs(TR(2, 2)));
  smin = Math.max(smin, Math.abs(TL(1, 1)), Math.abs(TL(1, 2)), Math.abs(TL(2, 1)), Math.abs(TL(2, 2)));
  smin = Math.max(eps * smin, smlnum);
  const t16 = T16;
  t16.fill(0);
  const T = (i: number, j: number): number => (i - 1) + (j - 1) * 4;
  t16[T(1, 1)] = TL(1, 1) + sgn * TR(1, 1);
  t16[T(2, 2)] = TL(2, 2) + sgn * TR(1, 1);
  t16[T(3, 3)] = TL(1, 1) + sgn * TR(2, 2);
  t16[T(4, 4)] = TL(2, 2) + sgn * TR(2, 2);
  t16[T(1, 2)] = TL(1, 2);
  t16[T(2, 1)] = TL(2, 1);
  t16[T(3, 4)] = TL(1, 2);
  t16[T(4, 3)] = TL(2, 1);
  t16[T(1, 3)] = sgn * TR(2, 1);
  t16[T(2, 4)] = sgn * TR(2, 1);
  t16[T(3, 1)] = sgn * TR(1, 2);
  t16[T(4, 2)] = sgn * TR(1, 2);
  BTMP[0] = B(1, 1);
  BTMP[1] = B(2, 1);
  BTMP[2] = B(1, 2);
  BTMP[3] = B(2, 2);
  for (let i = 1; i <= 3; i++) {
    let xmax = 0;
    let ipsv = i;
    let jpsv = i;
    for (let ip = i; ip <= 4; ip++) {
      for (let jp = i; jp <= 4; jp++) {
        if (Math.abs(t16[T(ip, jp)]) >= xmax) {
          xmax = Math.abs(t16[T(ip, jp)]);
          ipsv = ip;
          jpsv = jp;
        }
      }
    }
    if (ipsv !== i) {
      for (let c = 1; c <= 4; c++) {
        const tt = t16[T(ipsv, c)];
        t16[T(ipsv, c)] = t16[T(i, c)];
        t16[T(i, c)] = tt;
      }
      const tb = BTMP[i - 1];
      BTMP[i - 1] = BTMP[ipsv - 1];
      BTMP[ipsv - 1] = tb;
    }
    if (jpsv !== i) {
      for (let r = 1; r <= 4; r++) {
        const tt = t16[T(r, jpsv)];
        t16[T(r, jpsv)] = t16[T(r, i)];
        t16[T(r, i)] = tt;
      }
    }
    JPIV[i - 1] = jpsv;
    if (Math.abs(t16[T(i, i)]) < smin) {
      info = 1;
      t16[T(i, i)] = smin;
    }
    for (let j = i + 1; j <= 4; j++) {
      t16[T(j, i)] /= t16[T(i, i)];
      BTMP[j - 1] -= t16[T(j, i)] * BTMP[i - 1];
      for (let kk = i + 1; kk <= 4; kk++) t16[T(j, kk)] -= t16[T(j, i)] * t16[T(i, kk)];
    }
  }
  if (Math.abs(t16[T(4, 4)]) < smin) t16[T(4, 4)] = smin;
  let scale = 1;
  if (
    8 * smlnum * Math.abs(BTMP[0]) > Math.abs(t16[T(1, 1)]) ||
    8 * smlnum * Math.abs(BTMP[1]) > Math.abs(t16[T(2, 2)]) ||
    8 * smlnum * Math.abs(BTMP[2]) > Math.abs(t16[T(3, 3)]) ||
    8 * smlnum * Math.abs(BTMP[3]) > Math.abs(t16[T(4, 4)])
  ) {
    scale = 0.125 / Math.max(Math.abs(BTMP[0]), Math.abs(BTMP[1]), Math.abs(BTMP[2]), Math.abs(BTMP[3]));
    for (let i = 0; i < 4; i++) BTMP[i] *= scale;
  }
  const tmp = TMP4;
  for (let i = 1; i <= 4; i++) {
    const kk = 5 - i;
    const temp = 1 / t16[T(kk, kk)];
    tmp[kk - 1] = BTMP[kk - 1] * temp;
    for (let j = kk + 1; j <= 4; j++) tmp[kk - 1] -= temp * t16[T(kk, j)] * tmp[j - 1];
  }
  for (let i = 1; i <= 3; i++) {
    const p = JPIV[4 - i - 1];
    if (p !== 4 - i) {
      const temp = tmp[4 - i - 1];
      tmp[4 - i - 1] = tmp[p - 1];
      tmp[p - 1] = temp;
    }
  }
  SY2[0] = scale;
  SY2[1] = tmp[0];
  SY2[2] = tmp[1];
  SY2[3] = tmp[2];
  SY2[4] = tmp[3];
  return info;
}
