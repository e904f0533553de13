/**
 * Aggressive early deflation (AED) for the multishift QR algorithm: a port of LAPACK `dlaqr3`
 * (Braman, Byers & Mathias, "The multishift QR algorithm. Part II: aggressive early deflation",
 * SIMAX 23, 2002).
 *
 * The trailing `nw×nw` "deflation window" of the active block is reduced to real Schur form
 * `T = Vᵀ H_w V`; the coupling of the window to the rest of the matrix then becomes the "spike"
 * `s·V(1, :)`, and every eigenvalue whose spike component is negligible deflates — typically many
 * more than the classical small-subdiagonal test finds. The undeflatable eigenvalues are returned
 * as shifts for the next sweep.
 *
 * Index convention: line-by-line port, indices inside follow LAPACK's 1-based numbering and
 * `H(i, j)` is `h[i - 1 + (j - 1) * ldh]` (column-major).
 *
 * @internal
 */

import { copy, gemmAcc, gemmTN } from './gemmKernels.js';
import { heapF64 } from './wasm/kernels.js';
import { lahqr } from './francisQR.js';
import { LANV2, lanv2, SAFMIN, ULP } from './qrKernels.js';
import { householder } from './householder.js';
import { trexc, TREXC } from './schurSwap.js';

/**
 * Schur factorisation of a deflation window (LAPACK uses `dlaqr4`, the multishift driver without
 * further recursion, for windows larger than 75 and `dlahqr` otherwise). Computes `T` and
 * accumulates `V` as {@link lahqr} with `wantT = wantZ = true`; returns LAPACK's `info`.
 */
export type WindowSchur = (
  n: number,
  t: Float64Array,
  ldt: number,
  wr: Float64Array,
  wi: Float64Array,
  v: Float64Array,
  ldv: number,
) => number;

/** Scratch arrays for {@link laqr3}, sized for windows up to `nwmax` and matrices of order n. */
export class AedWorkspace {
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly wv: Float64Array;
  readonly vec: Float64Array;
  readonly refl: Float64Array;
  readonly tmp: Float64Array;
  readonly ld: number;
  /** rows per chunk of the vertical slab update */
  readonly nv: number;
  constructor(nwmax: number, n: number) {
    const ld = Math.max(1, nwmax);
    this.ld = ld;
    // in the WebAssembly heap when one is active (the slab products then run in SIMD)
    this.t = heapF64(ld * ld);
    this.v = heapF64(ld * ld);
    this.nv = Math.min(n, 256);
    this.wv = heapF64(Math.max(this.nv, ld) * ld);
    this.vec = new Float64Array(ld + 1);
    this.refl = new Float64Array(ld + 1);
    this.tmp = new Float64Array(ld + 1);
  }
}

/** Output of {@link laqr3}: `[ns, nd]` = number of unconverged shifts, number of deflations. */
export const AED_OUT = new Int32Array(2);

/**
 * LAPACK `dlaqr3` on the active block `ktop..kbot` (1-based) with a deflation window of order
 * `nw`. Deflated eigenvalues are written to `sr/si[kbot-nd+1..kbot]` (1-based positions) and the
 * `ns` shifts to `sr/si[kbot-nd-ns+1..kbot-nd]`; `[ns, nd]` is left in {@link AED_OUT}.
 */
export function laqr3(
  wantT: boolean,
  wantZ: boolean,
  n: number,
  ktop: number,
  kbot: number,
  nw: number,
  h: Float64Array,
  ldh: number,
  iloz: number,
  ihiz: number,
  z: Float64Array | null,
  ldz: number,
  sr: Float64Array,
  si: Float64Array,
  ws: AedWorkspace,
  windowSchur: WindowSchur | null,
): void {
  AED_OUT[0] = 0;
  AED_OUT[1] = 0;
  if (ktop > kbot || nw < 1) return;
  const H = (i: number, j: number): number => i - 1 + (j - 1) * ldh;
  const smlnum = SAFMIN * (n / ULP);

  // ==== set up the deflation window ====
  const jw = Math.min(nw, kbot - ktop + 1);
  const kwtop = kbot - jw + 1;
  let s = kwtop === ktop ? 0 : h[H(kwtop, kwtop - 1)];

  if (kbot === kwtop) {
    // 1×1 deflation window: not much to do
    sr[kwtop - 1] = h[H(kwtop, kwtop)];
    si[kwtop - 1] = 0;
    AED_OUT[0] = 1;
    AED_OUT[1] = 0;
    if (Math.abs(s) <= Math.max(smlnum, ULP * Math.abs(h[H(kwtop, kwtop)]))) {
      AED_OUT[0] = 0;
      AED_OUT[1] = 1;
      if (kwtop > ktop) h[H(kwtop, kwtop - 1)] = 0;
    }
    return;
  }

  // ==== convert to spike-triangular form ====
  const ldt = ws.ld;
  const t = ws.t;
  const v = ws.v;
  const T = (i: number, j: number): number => i - 1 + (j - 1) * ldt;
  const V = (i: number, j: number): number => i - 1 + (j - 1) * ldt; // ldv = ldt
  for (let j = 1; j <= jw; j++) {
    const src = H(kwtop, kwtop + j - 1);
    const dst = T(1, j);
    const top = Math.min(j + 1, jw); // upper triangle plus the subdiagonal
    for (let i = 0; i < top; i++) t[dst + i] = h[src + i];
    for (let i = top; i < jw; i++) t[dst + i] = 0;
    const vd = V(1, j);
    for (let i = 0; i < jw; i++) v[vd + i] = 0;
    v[vd + j - 1] = 1;
  }
  const srw = sr.subarray(kwtop - 1, kbot);
  const siw = si.subarray(kwtop - 1, kbot);
  let infqr: number;
  if (windowSchur !== null) {
    infqr = windowSchur(jw, t, ldt, srw, siw, v, ldt);
  } else {
    infqr = lahqr(true, true, jw, 0, jw - 1, t, ldt, srw, siw, 0, jw - 1, v, ldt, 30 * Math.max(10, jw));
  }

  // ==== dtrexc needs a clean margin near the diagonal ====
  for (let j = 1; j <= jw - 3; j++) {
    t[T(j + 2, j)] = 0;
    t[T(j + 3, j)] = 0;
  }
  if (jw > 2) t[T(jw, jw - 2)] = 0;

  // ==== deflation detection loop ====
  let ns = jw;
  let ilst = infqr + 1;
  while (ilst <= ns) {
    const bulge = ns === 1 ? false : t[T(ns, ns - 1)] !== 0;
    if (!bulge) {
      // real eigenvalue
      let foo = Math.abs(t[T(ns, ns)]);
      if (foo === 0) foo = Math.abs(s);
      if (Math.abs(s * v[V(1, ns)]) <= Math.max(smlnum, ULP * foo)) {
        ns -= 1; // deflatable
      } else {
        // undeflatable: move it up out of the way (dtrexc cannot fail here)
        trexc(true, jw, t, ldt, v, ldt, ns, ilst);
        ilst = TREXC[0] + 1;
      }
    } else {
      // complex conjugate pair
      let foo = Math.abs(t[T(ns, ns)]) + Math.sqrt(Math.abs(t[T(ns, ns - 1)])) * Math.sqrt(Math.abs(t[T(ns - 1, ns)]));
      if (foo === 0) foo = Math.abs(s);
      if (Math.max(Math.abs(s * v[V(1, ns)]), Math.abs(s * v[V(1, ns - 1)])) <= Math.max(smlnum, ULP * foo)) {
        ns -= 2;
      } else {
        // undeflatable: move them up out of the way (dtrexc handles exchange failures)
        trexc(true, jw, t, ldt, v, ldt, ns, ilst);
        ilst = TREXC[0] + 2;
      }
    }
  }

  // ==== return to Hessenberg form ====
  if (ns === 0) s = 0;
  if (ns < jw) {
    // sorting the diagonal blocks of T improves accuracy for graded matrices
    let sorted = false;
    let i = ns + 1;
    while (!sorted) {
      sorted = true;
      const kend = i - 1;
      i = infqr + 1;
      let k: number;
      if (i === ns) k = i + 1;
      else if (t[T(i + 1, i)] === 0) k = i + 1;
      else k = i + 2;
      while (k <= kend) {
        let evi: number;
        if (k === i + 1) evi = Math.abs(t[T(i, i)]);
        else evi = Math.abs(t[T(i, i)]) + Math.sqrt(Math.abs(t[T(i + 1, i)])) * Math.sqrt(Math.abs(t[T(i, i + 1)]));
        let evk: number;
        if (k === kend) evk = Math.abs(t[T(k, k)]);
        else if (t[T(k + 1, k)] === 0) evk = Math.abs(t[T(k, k)]);
        else evk = Math.abs(t[T(k, k)]) + Math.sqrt(Math.abs(t[T(k + 1, k)])) * Math.sqrt(Math.abs(t[T(k, k + 1)]));
        if (evi >= evk) {
          i = k;
        } else {
          sorted = false;
          trexc(true, jw, t, ldt, v, ldt, i, k);
          i = TREXC[1] === 0 ? TREXC[0] : k;
        }
        if (i === kend) k = i + 1;
        else if (t[T(i + 1, i)] === 0) k = i + 1;
        else k = i + 2;
      }
    }
  }

  // ==== restore the shift/eigenvalue array from T ====
  {
    let i = jw;
    while (i >= infqr + 1) {
      if (i === infqr + 1 || t[T(i, i - 1)] === 0) {
        sr[kwtop + i - 2] = t[T(i, i)];
        si[kwtop + i - 2] = 0;
        i -= 1;
      } else {
        lanv2(t[T(i - 1, i - 1)], t[T(i - 1, i)], t[T(i, i - 1)], t[T(i, i)]);
        sr[kwtop + i - 3] = LANV2[4];
        si[kwtop + i - 3] = LANV2[5];
        sr[kwtop + i - 2] = LANV2[6];
        si[kwtop + i - 2] = LANV2[7];
        i -= 2;
      }
    }
  }

  if (ns < jw || s === 0) {
    if (ns > 1 && s !== 0) {
      // reflect the spike back into the lower triangle
      const w = ws.refl;
      const x = ws.vec;
      for (let j = 1; j <= ns; j++) x[j - 1] = v[V(1, j)];
      const tau = householder(x, 0, ns - 1, w, 0);
      for (let j = 1; j <= jw - 2; j++) for (let i = j + 2; i <= jw; i++) t[T(i, j)] = 0;
      applyLeft(t, ldt, w, tau, 1, ns, 1, jw);
      applyRight(t, ldt, w, tau, 1, ns, 1, ns, ws.tmp);
      applyRight(v, ldt, w, tau, 1, jw, 1, ns, ws.tmp);
      // back to Hessenberg form, accumulating into V (dgehrd + dormhr)
      for (let i = 1; i <= ns - 2; i++) {
        const tauI = householder(t, T(i + 1, i), ns - i - 1, w, 0);
        if (tauI === 0) continue;
        applyRight(t, ldt, w, tauI, 1, ns, i + 1, ns, ws.tmp);
        applyLeft(t, ldt, w, tauI, i + 1, ns, i + 1, jw);
        applyRight(v, ldt, w, tauI, 1, jw, i + 1, ns, ws.tmp);
      }
    }
    // ==== copy the updated reduced window into place ====
    if (kwtop > 1) h[H(kwtop, kwtop - 1)] = s * v[V(1, 1)];
    for (let j = 1; j <= jw; j++) {
      const src = T(1, j);
      const dst = H(kwtop, kwtop + j - 1);
      const top = Math.min(j + 1, jw);
      for (let i = 0; i < top; i++) h[dst + i] = t[src + i];
    }

    // ==== update the vertical slab of H: rows ltop..kwtop-1 ====
    const ltop = wantT ? 1 : ktop;
    const wv = ws.wv;
    for (let krow = ltop; krow <= kwtop - 1; krow += ws.nv) {
      const kln = Math.min(ws.nv, kwtop - krow);
      wv.fill(0, 0, kln * jw);
      gemmAcc(kln, jw, jw, 1, h, H(krow, kwtop), ldh, v, 0, ldt, 1, wv, 0, kln);
      for (let j = 0; j < jw; j++) copy(wv, j * kln, h, H(krow, kwtop + j), kln);
    }
    // ==== update the horizontal slab of H: columns kbot+1..n ====
    if (wantT) {
      const chunk = Math.max(1, Math.floor(wv.length / jw));
      for (let kcol = kbot + 1; kcol <= n; kcol += chunk) {
        const kln = Math.min(chunk, n - kcol + 1);
        gemmTN(jw, kln, jw, v, 0, ldt, h, H(kwtop, kcol), ldh, wv, 0, jw);
        for (let j = 0; j < kln; j++) copy(wv, j * jw, h, H(kwtop, kcol + j), jw);
      }
    }
    // ==== update the vertical slab of Z ====
    if (wantZ && z !== null) {
      for (let krow = iloz; krow <= ihiz; krow += ws.nv) {
        const kln = Math.min(ws.nv, ihiz - krow + 1);
        wv.fill(0, 0, kln * jw);
        gemmAcc(kln, jw, jw, 1, z, krow - 1 + (kwtop - 1) * ldz, ldz, v, 0, ldt, 1, wv, 0, kln);
        for (let j = 0; j < jw; j++) copy(wv, j * kln, z, krow - 1 + (kwtop + j - 1) * ldz, kln);
      }
    }
  }
  // number of deflations, and of shifts (the part of the window that converged)
  AED_OUT[1] = jw - ns;
  AED_OUT[0] = ns - infqr;
}

/**
 * `M(r0..r1, c0..c1) := (I − tau w wᵀ) M(r0..r1, c0..c1)` (1-based), `w[0..r1-r0]` with w[0] = 1.
 */
function applyLeft(m: Float64Array, ld: number, w: Float64Array, tau: number, r0: number, r1: number, c0: number, c1: number): void {
  if (tau === 0) return;
  const len = r1 - r0 + 1;
  for (let c = c0; c <= c1; c++) {
    const p = r0 - 1 + (c - 1) * ld;
    let s = 0;
    for (let i = 0; i < len; i++) s += w[i] * m[p + i];
    s *= tau;
    if (s === 0) continue;
    for (let i = 0; i < len; i++) m[p + i] -= s * w[i];
  }
}

/**
 * `M(r0..r1, c0..c1) := M(r0..r1, c0..c1) (I − tau w wᵀ)` (1-based), `w[0..c1-c0]` with w[0] = 1.
 */
function applyRight(
  m: Float64Array,
  ld: number,
  w: Float64Array,
  tau: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  tmp: Float64Array,
): void {
  if (tau === 0) return;
  const len = r1 - r0 + 1;
  tmp.fill(0, 0, len);
  for (let c = c0; c <= c1; c++) {
    const wc = w[c - c0];
    if (wc === 0) continue;
    const p = r0 - 1 + (c - 1) * ld;
    for (let i = 0; i < len; i++) tmp[i] += m[p + i] * wc;
  }
  for (let c = c0; c <= c1; c++) {
    const wc = tau * w[c - c0];
    if (wc === 0) continue;
    const p = r0 - 1 + (c - 1) * ld;
    for (let i = 0; i < len; i++) m[p + i] -= tmp[i] * wc;
  }
}
