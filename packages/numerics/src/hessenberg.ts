/**
 * Householder reduction of a general square matrix to upper Hessenberg form, without forming Q
 * (the eigenvalues-only part of LAPACK `dgehrd`), in two variants:
 * - {@link hessenbergReduce}: blocked, `dgehrd` with `dlahr2` panels — about 80 % of the flops in
 *   matrix–matrix products ({@link gemmAcc}, {@link gemmTN});
 * - {@link hessenbergUnblocked}: `dgehd2` with fused passes (below), used for small matrices, for
 *   the last columns of the blocked variant and by the `'simple'` path of {@link eigvals}.
 *
 * Storage: column-major, element (r, c) is `h[r + c * ld]`, 0-based.
 *
 * Fused unblocked variant: the textbook algorithm (`dgehd2`) makes three passes over the trailing matrix per reflector:
 * `w = A v`, the right update `A -= tau w vᵀ`, then the left update `A -= tau v (vᵀA)`. Left and
 * right updates commute, and the next reflector only depends on the first trailing column, so
 * here each column is finished (right update, left update) while it sits in L1 cache and
 * immediately contributes to the next step's `w' = A' v'`. The trailing matrix is therefore
 * streamed once per reflector instead of three times, with the same flop count (10n³/3) and the
 * same rounding behaviour as the unfused algorithm up to summation order.
 *
 * @internal
 */

import { gemmAcc, gemmTN } from './gemmKernels.js';
import { householder, negligibleScale } from './householder.js';
import { heapF64, onWasmHeap, wasmAxpyN, wasmDotsT, wasmGemv8 } from './wasm/kernels.js';

/**
 * Unblocked (fused) reduction of columns `k0..n-3` of the n×n column-major matrix `h` (leading
 * dimension `ld`) to upper Hessenberg form, in place: one pass over the trailing matrix per
 * reflector. Columns `0..k0-1` must already be reduced. Entries below the first subdiagonal are
 * set to exactly zero. Q is not formed.
 *
 * @param work scratch of length ≥ 4n.
 */
export function hessenbergUnblocked(
  h: Float64Array,
  n: number,
  ld: number,
  k0: number,
  work: Float64Array,
  negligible = negligibleScale(h, n, ld),
): void {
  if (n - k0 < 3) return;
  let v = work.subarray(0, n);
  let w = work.subarray(n, 2 * n);
  let vn = work.subarray(2 * n, 3 * n);
  let wn = work.subarray(3 * n, 4 * n);

  // first reflector and w = A v
  let tau = householder(h, k0 + 1 + k0 * ld, n - k0 - 2, v, k0 + 1, negligible);
  w.fill(0);
  if (tau !== 0) {
    for (let j = k0 + 1; j < n; j++) {
      const vj = v[j];
      const col = j * ld;
      for (let i = 0; i < n; i++) w[i] += h[col + i] * vj;
    }
  }

  for (let k = k0; k <= n - 3; k++) {
    const hasNext = k + 1 <= n - 3;
    let tauN = 0;
    for (let j = k + 1; j < n; j++) {
      const col = j * ld;
      const accumulate = hasNext && j >= k + 2 && tauN !== 0;
      if (tau !== 0) {
        if (accumulate) updateColumnAccumulate(h, col, n, k, tau * v[j], tau, v, w, wn, vn[j]);
        else updateColumn(h, col, n, k, tau * v[j], tau, v, w);
      } else if (accumulate) {
        const vnj = vn[j];
        for (let i = 0; i < n; i++) wn[i] += h[col + i] * vnj;
      }
      if (j === k + 1 && hasNext) {
        // column k+1 is final: next reflector, then start accumulating w' = A' v'
        tauN = householder(h, k + 2 + col, n - k - 3, vn, k + 2, negligible);
        wn.fill(0);
      }
    }
    // rotate buffers
    let t = v;
    v = vn;
    vn = t;
    t = w;
    w = wn;
    wn = t;
    tau = tauN;
  }
}

/**
 * Right update `A[:, j] −= cr·w` of one column (offset `col`, `cr = tau·v[j]`), fused with the
 * left update `A[k+1.., j] −= tau·(vᵀA[k+1.., j])·v` while the column is in cache.
 */
function updateColumn(h: Float64Array, col: number, n: number, k: number, cr: number, tau: number, v: Float64Array, w: Float64Array): void {
  for (let i = 0; i <= k; i++) h[col + i] -= cr * w[i];
  let s = 0;
  for (let i = k + 1; i < n; i++) {
    const a = h[col + i] - cr * w[i];
    h[col + i] = a;
    s += v[i] * a;
  }
  const cl = tau * s;
  for (let i = k + 1; i < n; i++) h[col + i] -= cl * v[i];
}

/** {@link updateColumn}, also accumulating the finished column into the next `w' += A'[:, j]·v'[j]`. */
function updateColumnAccumulate(
  h: Float64Array,
  col: number,
  n: number,
  k: number,
  cr: number,
  tau: number,
  v: Float64Array,
  w: Float64Array,
  wn: Float64Array,
  vnj: number,
): void {
  for (let i = 0; i <= k; i++) {
    const a = h[col + i] - cr * w[i];
    h[col + i] = a;
    wn[i] += a * vnj;
  }
  let s = 0;
  for (let i = k + 1; i < n; i++) {
    const a = h[col + i] - cr * w[i];
    h[col + i] = a;
    s += v[i] * a;
  }
  const cl = tau * s;
  for (let i = k + 1; i < n; i++) {
    const a = h[col + i] - cl * v[i];
    h[col + i] = a;
    wn[i] += a * vnj;
  }
}

/** Panel width of the blocked reduction (LAPACK's default for `dgehrd` is 32). */
export const HESSENBERG_BLOCK = 32;
/** Order below which the trailing matrix is finished by the unblocked code (LAPACK: 128). */
export const HESSENBERG_CROSSOVER = 128;

/**
 * Blocked Householder reduction to upper Hessenberg form (LAPACK `dgehrd` + `dlahr2`, Q not
 * formed), in place on the n×n column-major matrix `h`.
 *
 * Each panel of `nb` columns is reduced with the block reflector `Q = I − V T Vᵀ`; the panel
 * needs one matrix–vector product with the (not yet updated) trailing matrix per column
 * (level 2, about 20 % of the flops) and the trailing matrix is then updated by
 * `A ← Qᵀ (A − Y Vᵀ)` with `Y = A V T`, three matrix–matrix products done by
 * {@link gemmAcc}/{@link gemmTN} (level 3). The last `crossover` columns, and matrices smaller
 * than that, use {@link hessenbergUnblocked}.
 */
export function hessenbergReduce(
  h: Float64Array,
  n: number,
  ld: number,
  nb = HESSENBERG_BLOCK,
  crossover = HESSENBERG_CROSSOVER,
): void {
  const work = new Float64Array(4 * n);
  const negligible = negligibleScale(h, n, ld);
  nb = Math.max(1, Math.min(nb, n));
  crossover = Math.max(crossover, nb);
  if (nb < 2 || n - 1 <= crossover) {
    hessenbergUnblocked(h, n, ld, 0, work, negligible);
    return;
  }
  // in the WebAssembly heap when eigvals runs one (then the products run in SIMD kernels)
  const vb = heapF64(n * nb); // V, column-major, ld n
  const yb = heapF64(n * nb); // Y = A V T, column-major, ld n
  const tb = new Float64Array(nb * nb); // T, upper triangular, ld nb
  const wb = heapF64(nb * n); // W = Tᵀ Vᵀ A, ld nb
  const u = heapF64(nb);
  const u2 = heapF64(nb);
  let k = 0;
  for (; k <= n - 2 - crossover; k += nb) {
    panel(h, n, ld, k, nb, vb, yb, tb, u, u2, negligible);
    const mr = n - k - 1; // rows k+1..n-1
    const c0 = k + nb; // first trailing column
    const m2 = n - c0;
    // Y[0..k, :] = A[0..k, k+1..n-1] · V[k+1..n-1, :] · T
    for (let p = 0; p < nb; p++) yb.fill(0, p * n, p * n + k + 1);
    gemmAcc(k + 1, nb, mr, 1, h, (k + 1) * ld, ld, vb, k + 1, n, 1, yb, 0, n);
    for (let p = nb - 1; p >= 0; p--) {
      // Y[:, p] = Σ_{q ≤ p} Z[:, q] T[q, p], in place (descending p keeps Z[:, q < p])
      const tpp = tb[p + p * nb];
      const yp = p * n;
      for (let i = 0; i <= k; i++) yb[yp + i] *= tpp;
      for (let q = 0; q < p; q++) {
        const tqp = tb[q + p * nb];
        if (tqp === 0) continue;
        const yq = q * n;
        for (let i = 0; i <= k; i++) yb[yp + i] += yb[yq + i] * tqp;
      }
    }
    // right update of the trailing columns, all rows: A -= Y V[c0.., :]ᵀ
    gemmAcc(n, m2, nb, -1, yb, 0, n, vb, c0, 1, n, h, c0 * ld, ld);
    // right update of the panel columns k+1..k+nb-1, rows 0..k
    gemmAcc(k + 1, nb - 1, nb, -1, yb, 0, n, vb, k + 1, 1, n, h, (k + 1) * ld, ld);
    // left update of the trailing columns, rows k+1..n-1: A -= V Tᵀ (Vᵀ A)
    gemmTN(nb, m2, mr, vb, k + 1, n, h, k + 1 + c0 * ld, ld, wb, 0, nb);
    for (let j = 0; j < m2; j++) {
      const wj = j * nb;
      for (let p = nb - 1; p >= 0; p--) {
        let s = 0;
        for (let q = 0; q <= p; q++) s += tb[q + p * nb] * wb[wj + q];
        wb[wj + p] = s;
      }
    }
    gemmAcc(mr, m2, nb, -1, vb, k + 1, n, wb, 0, nb, 1, h, k + 1 + c0 * ld, ld);
  }
  hessenbergUnblocked(h, n, ld, k, work, negligible);
}

/**
 * Reduce columns `k..k+nb-1` (LAPACK `dlahr2`): on return those columns are final in rows
 * `k+1..n-1`, `V` (rows k+1..n-1, unit diagonal, zeros above) and `T` describe the block reflector,
 * and `Y[k+1..n-1, :] = (A V T)[k+1..n-1, :]` for the original A. Rows `0..k` of the panel and the
 * trailing columns are not touched.
 */
function panel(
  h: Float64Array,
  n: number,
  ld: number,
  k: number,
  nb: number,
  vb: Float64Array,
  yb: Float64Array,
  tb: Float64Array,
  u: Float64Array,
  u2: Float64Array,
  negligible: number,
): void {
  vb.fill(0);
  tb.fill(0);
  const r0 = k + 1;
  // level-2 loops in SIMD when everything is in the WebAssembly heap (V is zero above its unit
  // diagonal, so all of them can start at row r0: the extra terms are exact zeros)
  const wasm = onWasmHeap(h) && onWasmHeap(vb) && onWasmHeap(yb) && onWasmHeap(u) && onWasmHeap(u2);
  const nr = n - r0;
  for (let j = 0; j < nb; j++) {
    const c = k + j;
    const col = c * ld;
    if (j > 0 && wasm) {
      // b = A[r0.., c] − Y[r0.., 0..j-1] V[c, 0..j-1]ᵀ
      wasmAxpyN(h, col + r0, nr, yb, r0, n, j, vb, c, n);
      // b ← b − V Tᵀ (Vᵀ b)
      wasmDotsT(vb, r0, n, j, h, col + r0, nr, u, 0);
      for (let p = j - 1; p >= 0; p--) {
        let s = 0;
        for (let q = 0; q <= p; q++) s += tb[q + p * nb] * u[q];
        u2[p] = s;
      }
      wasmAxpyN(h, col + r0, nr, vb, r0, n, j, u2, 0, 1);
    } else if (j > 0) {
      // b = A[r0.., c] − Y[r0.., 0..j-1] V[c, 0..j-1]ᵀ
      for (let p = 0; p < j; p++) {
        const coef = vb[c + p * n];
        if (coef === 0) continue;
        const yp = p * n;
        for (let r = r0; r < n; r++) h[col + r] -= yb[yp + r] * coef;
      }
      // b ← (I − V T Vᵀ)ᵀ b = b − V Tᵀ (Vᵀ b)
      for (let p = 0; p < j; p++) {
        const vp = p * n;
        let s = 0;
        for (let r = k + 1 + p; r < n; r++) s += vb[vp + r] * h[col + r];
        u[p] = s;
      }
      for (let p = j - 1; p >= 0; p--) {
        let s = 0;
        for (let q = 0; q <= p; q++) s += tb[q + p * nb] * u[q];
        u2[p] = s;
      }
      for (let p = 0; p < j; p++) {
        const coef = u2[p];
        if (coef === 0) continue;
        const vp = p * n;
        for (let r = k + 1 + p; r < n; r++) h[col + r] -= vb[vp + r] * coef;
      }
    }
    // reflector annihilating A[c+2.., c]
    const vj = j * n;
    const tau = householder(h, c + 1 + col, n - c - 2, vb, vj + c + 1, negligible);
    // Y[r0.., j] = tau (A[r0.., c+1..] v − Y[r0.., 0..j-1] (Vᵀ v))
    const yj = j * n;
    yb.fill(0, yj + r0, yj + n);
    if (tau !== 0 && wasm) {
      gemvColumns(h, ld, c + 1, n, r0, vb, vj, yb, yj);
      wasmDotsT(vb, r0, n, j, vb, vj + r0, nr, u, 0);
      wasmAxpyN(yb, yj + r0, nr, yb, r0, n, j, u, 0, 1);
      for (let r = r0; r < n; r++) yb[yj + r] *= tau;
      // T[0..j-1, j] = −tau T u;  T[j, j] = tau
      for (let p = 0; p < j; p++) {
        let s = 0;
        for (let q = p; q < j; q++) s += tb[p + q * nb] * u[q];
        tb[p + j * nb] = -tau * s;
      }
    } else if (tau !== 0) {
      gemvColumns(h, ld, c + 1, n, r0, vb, vj, yb, yj);
      for (let p = 0; p < j; p++) {
        const vp = p * n;
        let s = 0;
        for (let r = c + 1; r < n; r++) s += vb[vp + r] * vb[vj + r];
        u[p] = s;
      }
      for (let p = 0; p < j; p++) {
        const coef = u[p];
        if (coef === 0) continue;
        const yp = p * n;
        for (let r = r0; r < n; r++) yb[yj + r] -= yb[yp + r] * coef;
      }
      for (let r = r0; r < n; r++) yb[yj + r] *= tau;
      // T[0..j-1, j] = −tau T u;  T[j, j] = tau
      for (let p = 0; p < j; p++) {
        let s = 0;
        for (let q = p; q < j; q++) s += tb[p + q * nb] * u[q];
        tb[p + j * nb] = -tau * s;
      }
    }
    tb[j + j * nb] = tau;
  }
}

/** `y[r0..n-1] += A[r0..n-1, c0..n-1] · x[c0..n-1]` with `x = xa[xo + c]`, `y = ya[yo + r]`. */
function gemvColumns(
  h: Float64Array,
  ld: number,
  c0: number,
  n: number,
  r0: number,
  xa: Float64Array,
  xo: number,
  ya: Float64Array,
  yo: number,
): void {
  const tail = c0 + ((n - c0) & ~7);
  if (tail < n) gemvTail(h, ld, tail, n, r0, xa, xo, ya, yo);
  const nr2 = (n - r0) & ~1;
  if (tail > c0 && nr2 > 0 && onWasmHeap(h) && onWasmHeap(xa) && onWasmHeap(ya)) {
    // same operations in the same order, two rows per SIMD lane pair; odd last row below
    wasmGemv8(nr2, (tail - c0) >> 3, h, c0 * ld + r0, ld, xa, xo + c0, ya, yo + r0);
    if (r0 + nr2 < n) gemvRows(h, ld, c0, tail, r0 + nr2, n, xa, xo, ya, yo);
    return;
  }
  gemvRows(h, ld, c0, tail, r0, n, xa, xo, ya, yo);
}

/** Rows `r0..n-1` of {@link gemvColumns} for the column groups of 8 in `c0..c1-1`. */
function gemvRows(
  h: Float64Array,
  ld: number,
  c0: number,
  c1: number,
  r0: number,
  n: number,
  xa: Float64Array,
  xo: number,
  ya: Float64Array,
  yo: number,
): void {
  for (let cc = c0; cc < c1; cc += 8) {
    const x0 = xa[xo + cc];
    const x1 = xa[xo + cc + 1];
    const x2 = xa[xo + cc + 2];
    const x3 = xa[xo + cc + 3];
    const x4 = xa[xo + cc + 4];
    const x5 = xa[xo + cc + 5];
    const x6 = xa[xo + cc + 6];
    const x7 = xa[xo + cc + 7];
    for (let r = r0, q = cc * ld + r0; r < n; r++, q++) {
      ya[yo + r] +=
        h[q] * x0 +
        h[q + ld] * x1 +
        h[q + 2 * ld] * x2 +
        h[q + 3 * ld] * x3 +
        h[q + 4 * ld] * x4 +
        h[q + 5 * ld] * x5 +
        h[q + 6 * ld] * x6 +
        h[q + 7 * ld] * x7;
    }
  }
}

/** The last (fewer than 8) columns of {@link gemvColumns}, one at a time. */
function gemvTail(h: Float64Array, ld: number, c0: number, n: number, r0: number, xa: Float64Array, xo: number, ya: Float64Array, yo: number): void {
  for (let cc = c0; cc < n; cc++) {
    const x = xa[xo + cc];
    const p0 = cc * ld;
    for (let r = r0; r < n; r++) ya[yo + r] += h[p0 + r] * x;
  }
}
