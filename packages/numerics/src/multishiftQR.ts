/**
 * Small-bulge multishift QR with aggressive early deflation: a port of the LAPACK driver
 * `dlaqr0` (also used without recursion, as `dlaqr4`). The sweep itself (`dlaqr5`) is in
 * `bulgeChase.ts`, the aggressive early deflation (`dlaqr3`) in `aggressiveDeflation.ts`.
 *
 * Why it is faster than the double-shift algorithm of {@link lahqr} for large matrices:
 * aggressive early deflation ({@link laqr3}) typically deflates many eigenvalues per sweep, and the
 * sweep applies its reflectors only inside a small window near the diagonal, accumulating them
 * into an orthogonal matrix U that then updates the far-from-diagonal part with matrix–matrix
 * products (`gemmKernels.ts`), which stream memory once per chain instead of once per bulge step.
 * In V8 the machinery pays off above order ≈ 400 (LAPACK: 75), see `MULTISHIFT_MIN_ORDER`.
 *
 * Index convention: line-by-line ports, indices inside follow LAPACK's 1-based numbering and
 * `H(i, j)` is `h[i - 1 + (j - 1) * ldh]` (column-major).
 *
 * @internal
 */

import { AED_OUT, AedWorkspace, laqr3, type WindowSchur } from './aggressiveDeflation.js';
import { lahqr } from './francisQR.js';
import { laqr5, SweepWorkspace } from './bulgeChase.js';
import { LANV2, lanv2 } from './qrKernels.js';
import { heapMark, heapRelease } from './wasm/kernels.js';

/** Matrices of order ≤ NTINY always go to {@link lahqr} (LAPACK 3.12: 15). */
const NTINY = 15;
/** Crossover below which {@link lahqr} is used (LAPACK `iparmq` NMIN = 75). */
export const MULTISHIFT_NMIN = 75;
/** Skip the QR sweep when AED deflated at least NIBBLE % of the window. */
const NIBBLE = 14;
/** Exceptional deflation window after KEXNW sweeps without deflation. */
const KEXNW = 5;
/** Exceptional shifts every KEXSH sweeps without deflation. */
const KEXSH = 6;
const WILK1 = 0.75;
const WILK2 = -0.4375;

/**
 * Tuning knobs: scale factors applied to LAPACK's `iparmq` choices of the number of shifts (and
 * with it of the deflation window) and the window order above which the window itself uses the
 * multishift QR. `shiftScale` defaults to 0.5 (half of `iparmq`'s shifts: 32 instead of 64 for
 * blocks of order 590–3000): the near-diagonal part of a sweep (3×3 reflectors, scalar code)
 * grows with the number of shifts while the far part runs in the SIMD matrix products, and on V8
 * the QR phase of a Ginibre matrix took 1.3–1.4 s CPU at n = 1000 with 0.5 against 1.95 s with 1
 * (0.25: 1.43 s; 0.75: 1.40 s), and 4.6 s against 5.4 s at n = 2000.
 * @internal
 */
export const MULTISHIFT_TUNING = { shiftScale: 0.5, windowScale: 1, windowNmin: 75 };

/** LAPACK `iparmq` number of simultaneous shifts for an active block of order nh. */
function iparmqShifts(nh: number): number {
  let ns = 2;
  if (nh >= 30) ns = 4;
  if (nh >= 60) ns = 10;
  if (nh >= 150) ns = Math.max(10, Math.trunc(nh / Math.round(Math.log(nh) / Math.LN2)));
  if (nh >= 590) ns = 64;
  if (nh >= 3000) ns = 128;
  if (nh >= 6000) ns = 256;
  return Math.max(2, ns - (ns % 2));
}

/**
 * LAPACK `dlaqr0` on the block `ilo..ihi` (1-based) of the n×n upper Hessenberg `h`.
 * `wr[i-1], wi[i-1]` receive eigenvalue i. Returns 0 on success, otherwise LAPACK's `info`
 * (`kbot`: rows ilo..info did not converge within `itmax` iterations).
 *
 * @param recursive use this routine itself (without further recursion) for large AED windows,
 *   as `dlaqr0` does; `false` gives LAPACK's `dlaqr4`.
 */
export function laqr0(
  wantT: boolean,
  wantZ: boolean,
  n: number,
  ilo: number,
  ihi: number,
  h: Float64Array,
  ldh: number,
  wr: Float64Array,
  wi: Float64Array,
  iloz: number,
  ihiz: number,
  z: Float64Array | null,
  ldz: number,
  itmaxPerEigenvalue: number,
  recursive: boolean,
): number {
  // the workspaces below live in the WebAssembly heap (if active) only for this call
  const mark = heapMark();
  try {
    return laqr0Body(wantT, wantZ, n, ilo, ihi, h, ldh, wr, wi, iloz, ihiz, z, ldz, itmaxPerEigenvalue, recursive);
  } finally {
    heapRelease(mark);
  }
}

/** The body of {@link laqr0} (same arguments). */
function laqr0Body(
  wantT: boolean,
  wantZ: boolean,
  n: number,
  ilo: number,
  ihi: number,
  h: Float64Array,
  ldh: number,
  wr: Float64Array,
  wi: Float64Array,
  iloz: number,
  ihiz: number,
  z: Float64Array | null,
  ldz: number,
  itmaxPerEigenvalue: number,
  recursive: boolean,
): number {
  if (n === 0) return 0;
  if (n <= NTINY) {
    return lahqr(wantT, wantZ, n, ilo - 1, ihi - 1, h, ldh, wr, wi, iloz - 1, ihiz - 1, z, ldz, itmaxPerEigenvalue * Math.max(10, ihi - ilo + 1));
  }
  const H = (i: number, j: number): number => i - 1 + (j - 1) * ldh;
  const nhFull = ihi - ilo + 1;
  const nsIparmq = Math.max(2, Math.round(iparmqShifts(nhFull) * MULTISHIFT_TUNING.shiftScale) & ~1);
  let nwr = Math.round((nhFull <= 500 ? nsIparmq : Math.trunc((3 * nsIparmq) / 2)) * MULTISHIFT_TUNING.windowScale);
  nwr = Math.max(2, nwr);
  nwr = Math.min(ihi - ilo + 1, Math.trunc((n - 1) / 3), nwr);
  let nsr = nsIparmq;
  nsr = Math.min(nsr, Math.trunc((n - 3) / 6), ihi - ilo);
  nsr = Math.max(2, nsr - (nsr % 2));
  const nmin = Math.max(NTINY, MULTISHIFT_NMIN);
  const kacc22 = nsIparmq >= 14 ? 2 : 0;
  const nwmax = Math.trunc((n - 1) / 3);
  let nw = nwmax;
  let nsmax = Math.trunc((n - 3) / 6);
  nsmax -= nsmax % 2;
  let ndfl = 1;
  let ndec = -1;
  const itmax = itmaxPerEigenvalue * Math.max(10, nhFull); // LAPACK: max(30, 2·KEXSH)·max(10, nh)

  const aed = new AedWorkspace(nwmax + 1, n);
  const sweep = new SweepWorkspace(Math.max(nsmax, 2), n);
  const shiftScratch = new Float64Array(Math.max(nsmax, 2) ** 2);
  const aedNmin = MULTISHIFT_TUNING.windowNmin;
  const windowSchur: WindowSchur | null = recursive
    ? (m, t, ldt, swr, swi, v, ldv) =>
        m > aedNmin
          ? laqr0(true, true, m, 1, m, t, ldt, swr, swi, 1, m, v, ldv, 30, false)
          : lahqr(true, true, m, 0, m - 1, t, ldt, swr, swi, 0, m - 1, v, ldv, 30 * Math.max(10, m))
    : null;

  let kbot = ihi;
  for (let it = 1; it <= itmax; it++) {
    if (kbot < ilo) return 0;
    // ==== locate the active block ====
    let k = kbot;
    for (; k >= ilo + 1; k--) if (h[H(k, k - 1)] === 0) break;
    const ktop = k;

    // ==== select the deflation window size ====
    const nh = kbot - ktop + 1;
    const nwupbd = Math.min(nh, nwmax);
    if (ndfl < KEXNW) nw = Math.min(nwupbd, nwr);
    else nw = Math.min(nwupbd, 2 * nw);
    if (nw < nwmax) {
      if (nw >= nh - 1) {
        nw = nh;
      } else {
        const kwtop = kbot - nw + 1;
        if (Math.abs(h[H(kwtop, kwtop - 1)]) > Math.abs(h[H(kwtop - 1, kwtop - 2)])) nw++;
      }
    }
    if (ndfl < KEXNW) {
      ndec = -1;
    } else if (ndec >= 0 || nw >= nwupbd) {
      ndec++;
      if (nw - ndec < 2) ndec = 0;
      nw -= ndec;
    }

    // ==== aggressive early deflation ====
    laqr3(wantT, wantZ, n, ktop, kbot, nw, h, ldh, iloz, ihiz, z, ldz, wr, wi, aed, windowSchur);
    const ls = AED_OUT[0];
    const ld = AED_OUT[1];
    kbot -= ld;
    let ks = kbot - ls + 1;

    // ==== skip the sweep if many eigenvalues just deflated or the block is small ====
    if (ld === 0 || (100 * ld <= nw * NIBBLE && kbot - ktop + 1 > Math.min(nmin, nwmax))) {
      let ns = Math.min(nsmax, nsr, Math.max(2, kbot - ktop));
      ns -= ns % 2;
      if (ndfl % KEXSH === 0) {
        // exceptional shifts
        ks = kbot - ns + 1;
        for (let i = kbot; i >= Math.max(ks + 1, ktop + 2); i -= 2) {
          const ss = Math.abs(h[H(i, i - 1)]) + Math.abs(h[H(i - 1, i - 2)]);
          const aa = WILK1 * ss + h[H(i, i)];
          lanv2(aa, ss, WILK2 * ss, aa);
          wr[i - 2] = LANV2[4];
          wi[i - 2] = LANV2[5];
          wr[i - 1] = LANV2[6];
          wi[i - 1] = LANV2[7];
        }
        if (ks === ktop) {
          wr[ks] = h[H(ks + 1, ks + 1)];
          wi[ks] = 0;
          wr[ks - 1] = wr[ks];
          wi[ks - 1] = wi[ks];
        }
      } else {
        // got ns/2 or fewer shifts? use the eigenvalues of a trailing principal submatrix
        if (kbot - ks + 1 <= ns / 2) {
          ks = kbot - ns + 1;
          const sc = shiftScratch;
          for (let j = 0; j < ns; j++) {
            for (let i = 0; i < ns; i++) sc[i + j * ns] = i <= j + 1 ? h[H(ks + i, ks + j)] : 0;
          }
          const swr = wr.subarray(ks - 1, ks - 1 + ns);
          const swi = wi.subarray(ks - 1, ks - 1 + ns);
          const inf =
            ns > nmin
              ? laqr0(false, false, ns, 1, ns, sc, ns, swr, swi, 1, 1, null, 1, 30, false)
              : lahqr(false, false, ns, 0, ns - 1, sc, ns, swr, swi, 0, -1, null, 1, 30 * Math.max(10, ns));
          ks += inf;
          if (ks >= kbot) {
            // rare QR failure: use the eigenvalues of the trailing 2×2
            lanv2(h[H(kbot - 1, kbot - 1)], h[H(kbot - 1, kbot)], h[H(kbot, kbot - 1)], h[H(kbot, kbot)]);
            wr[kbot - 2] = LANV2[4];
            wi[kbot - 2] = LANV2[5];
            wr[kbot - 1] = LANV2[6];
            wi[kbot - 1] = LANV2[7];
            ks = kbot - 1;
          }
        }
        if (kbot - ks + 1 > ns) {
          // sort the shifts by decreasing modulus (bubble sort keeps conjugate pairs together)
          let sorted = false;
          for (let kk = kbot; kk >= ks + 1 && !sorted; kk--) {
            sorted = true;
            for (let i = ks; i <= kk - 1; i++) {
              if (Math.abs(wr[i - 1]) + Math.abs(wi[i - 1]) < Math.abs(wr[i]) + Math.abs(wi[i])) {
                sorted = false;
                let sw = wr[i - 1];
                wr[i - 1] = wr[i];
                wr[i] = sw;
                sw = wi[i - 1];
                wi[i - 1] = wi[i];
                wi[i] = sw;
              }
            }
          }
        }
        // shuffle shifts into pairs of real shifts and pairs of complex conjugate shifts
        for (let i = kbot; i >= ks + 2; i -= 2) {
          if (wi[i - 1] !== -wi[i - 2]) {
            let sw = wr[i - 1];
            wr[i - 1] = wr[i - 2];
            wr[i - 2] = wr[i - 3];
            wr[i - 3] = sw;
            sw = wi[i - 1];
            wi[i - 1] = wi[i - 2];
            wi[i - 2] = wi[i - 3];
            wi[i - 3] = sw;
          }
        }
      }
      // only two shifts and both real: use only one
      if (kbot - ks + 1 === 2 && wi[kbot - 1] === 0) {
        if (Math.abs(wr[kbot - 1] - h[H(kbot, kbot)]) < Math.abs(wr[kbot - 2] - h[H(kbot, kbot)])) {
          wr[kbot - 2] = wr[kbot - 1];
        } else {
          wr[kbot - 1] = wr[kbot - 2];
        }
      }
      // use up to ns of the smallest-magnitude shifts
      ns = Math.min(ns, kbot - ks + 1);
      ns -= ns % 2;
      ks = kbot - ns + 1;
      laqr5(wantT, wantZ, kacc22, n, ktop, kbot, ns, wr, wi, ks - 1, h, ldh, iloz, ihiz, z, ldz, sweep);
    }
    // ==== note progress (or the lack of it) ====
    if (ld > 0) ndfl = 1;
    else ndfl++;
  }
  return kbot < ilo ? 0 : kbot;
}
