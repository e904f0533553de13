/**
 * Eigenvalues of a real non-symmetric matrix — what LAPACK `dgeev` does when no eigenvectors are
 * requested (and what `numpy.linalg.eigvals` calls):
 * 0. if the largest entry lies outside [≈1e-139, ≈1e138], scaling by a power of 2 (undone on the
 *    eigenvalues), so that nothing under- or overflows;
 * 1. optional balancing (`dgebal`, job 'B'): permutations isolating eigenvalues, then diagonal
 *    scaling by powers of 2 to equalise row and column norms;
 * 2. Householder reduction of the remaining block to upper Hessenberg form (`dgehrd`, blocked,
 *    Q not formed) — see `hessenberg.ts`;
 * 3. the QR algorithm on the active block only, `dhseqr` with job 'E': the Francis double-shift
 *    QR (`dlahqr`, `francisQR.ts`) or, for large blocks, the small-bulge multishift QR with
 *    aggressive early deflation (`dlaqr0/3/5`, `multishiftQR.ts`, `aggressiveDeflation.ts`).
 *
 * The matrix–matrix products of steps 2–3, the matrix–vector products of the reduction panels
 * and the small-reflector updates of the QR sweeps run in WebAssembly SIMD (`f64x2`) kernels that
 * are assembled at load time from TypeScript (`wasm/assembler.ts`, `wasm/kernels.ts`; no native
 * dependency, no binary in the repository), on a WebAssembly memory holding the matrix and the
 * workspaces; where WebAssembly SIMD is unavailable (or with `wasm: false`) the same algorithm runs
 * on TypeScript kernels. Measured against `numpy.linalg.eigvals` (OpenBLAS, one thread) on
 * Ginibre matrices, interleaved, minimum of 3, on a shared 2-core machine (`pnpm bench`): 1.7×
 * numpy's wall and CPU time at n = 1000, 2.5× wall / 2.35× CPU at n = 2000; the TypeScript
 * kernels alone: 4.8× wall / 5.4× CPU at n = 1000.
 *
 * @module
 */

import { ConvergenceError, InvalidParameterError } from './errors.js';
import { lahqr } from './francisQR.js';
import { hessenbergReduce, hessenbergUnblocked } from './hessenberg.js';
import { nrm2 } from './householder.js';
import { laqr0, MULTISHIFT_NMIN } from './multishiftQR.js';
import { heapF64, withWasmHeap } from './wasm/kernels.js';

/** Options of {@link eigvals}. */
export interface EigvalsOptions {
  /**
   * Balance the matrix first, like LAPACK `dgebal` with job 'B': rows/columns that isolate an
   * eigenvalue are permuted out (their eigenvalues are read off the diagonal), then the rest is
   * scaled by a diagonal similarity of powers of 2 (exact in floating point) so that row and
   * column 2-norms are comparable. This improves accuracy for badly scaled matrices and costs
   * O(n²). Default `true` (as `numpy.linalg.eigvals` / `dgeev`).
   */
  balance?: boolean;
  /**
   * Iteration budget of the QR algorithm, per eigenvalue: a block of order `nh` may use at most
   * `maxIterationsPerEigenvalue · max(10, nh)` QR iterations in total (double-shift sweeps, or
   * deflation-window + multishift-sweep rounds) before {@link ConvergenceError} is thrown.
   * Default `30`, LAPACK's `ITMAX = 30·max(10, nh)` of `dlahqr`/`dlaqr0`. Typical matrices need
   * 2–4 double-shift sweeps per eigenvalue. Must be a positive integer.
   */
  maxIterationsPerEigenvalue?: number;
  /**
   * Which reduction and QR variant to run:
   * - `'auto'` (default): blocked Householder reduction (`dgehrd`, for n > 128), then the small-bulge
   *   multishift QR with aggressive early deflation (`dlaqr0`) when the active block is larger than
   *   {@link MULTISHIFT_MIN_ORDER}, the double-shift Francis QR (`dlahqr`) otherwise.
   * - `'multishift'`: as `'auto'` but with LAPACK `dhseqr`'s own crossover (multishift for blocks
   *   larger than 75). Mainly for tests and benchmarks.
   * - `'simple'`: unblocked Hessenberg reduction and the double-shift Francis QR at every size —
   *   the textbook path with the fewest moving parts, kept as a reference and fallback.
   */
  algorithm?: 'auto' | 'multishift' | 'simple';
  /**
   * Run the matrix–matrix and matrix–vector products in WebAssembly SIMD (`f64x2`) kernels
   * assembled at load time (`wasm/kernels.ts`), with the matrix and the workspaces in a
   * WebAssembly memory of about `8·(1.6·n² + 1300·n)` bytes that is kept for later calls.
   * Default `true`; ignored (TypeScript kernels) where WebAssembly SIMD is unavailable. The two
   * paths give the same eigenvalues up to round-off (the SIMD dot products sum in a different
   * order); `false` forces the TypeScript kernels.
   */
  wasm?: boolean;
}

const DEFAULT_MAX_ITERATIONS_PER_EIGENVALUE = 30;

/**
 * Order of the active block above which `'auto'` uses the multishift QR. LAPACK switches at 75;
 * in JavaScript the level-3 machinery pays off later (measured crossover ≈ 400 on V8, where the
 * double-shift sweep and the multishift sweep with aggressive early deflation cost the same).
 */
export const MULTISHIFT_MIN_ORDER = 400;

/** dgeev's range for the largest entry: sqrt(SAFMIN)/ULP and its inverse. */
const SMLNUM = Math.sqrt(2 ** -1022) / 2 ** -52;
const BIGNUM = 1 / SMLNUM;

/** dgebal constants */
const SCLFAC = 2;
const FACTOR = 0.95;
const SFMIN1 = 2 ** -1022 / 2 ** -52;
const SFMAX1 = 1 / SFMIN1;
const SFMIN2 = SFMIN1 * SCLFAC;
const SFMAX2 = 1 / SFMIN2;

/**
 * All eigenvalues of the real n×n matrix `a` (row-major), as real and imaginary parts.
 *
 * Only eigenvalues are computed — the Schur vectors are never accumulated — which is exactly what
 * LAPACK `dhseqr` does with `job = 'E'` (called by `dgeev` and `numpy.linalg.eigvals`). Compared
 * with a full eigendecomposition (e.g. ml-matrix `EigenvalueDecomposition`, which always builds
 * the eigenvector matrix) this saves most of the work: the Hessenberg reduction does not form Q,
 * and every QR sweep only transforms the active diagonal block instead of the whole matrix plus
 * an n×n transformation matrix.
 *
 * Algorithm (see the module comment): balancing (`dgebal`), Householder reduction to upper
 * Hessenberg form (`dgehrd`, blocked with `dlahr2` panels for n > 128), then
 * - for active blocks up to {@link MULTISHIFT_MIN_ORDER}: the Francis implicit double-shift QR of
 *   LAPACK `dlahqr` — Ahues–Tisseur small-subdiagonal deflation, exceptional shifts after 10 and
 *   20 iterations without deflation, `dlanv2` standardisation of converged 2×2 blocks;
 * - above: LAPACK `dlaqr0` — aggressive early deflation (`dlaqr3`, reordering with `dtrexc`)
 *   and small-bulge multishift sweeps (`dlaqr5`) whose accumulated reflections update the far
 *   parts of the block by matrix–matrix products.
 *
 * Output order is that of LAPACK: eigenvalue `k` is the one that converged at diagonal position
 * `k` of the (permuted) Schur form; complex conjugate pairs are adjacent, positive imaginary
 * part first, and their real parts are exactly equal.
 *
 * @param a row-major n×n matrix; not modified.
 * @param n order of the matrix (non-negative integer), `a.length === n * n`.
 * @param options see {@link EigvalsOptions}.
 * @returns `re[k] + i·im[k]`, k = 0..n-1.
 * @throws {InvalidParameterError} if `n` is not a non-negative integer, `a.length !== n²`, an
 *   entry of `a` is not finite, or an option is out of range.
 * @throws {ConvergenceError} if the QR iteration exceeds its budget (practically never happens
 *   with the default budget).
 */
export function eigvals(
  a: Float64Array,
  n: number,
  options: EigvalsOptions = {},
): { re: Float64Array; im: Float64Array } {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new InvalidParameterError('n', n, 'non-negative integers');
  }
  if (!(a instanceof Float64Array) || a.length !== n * n) {
    throw new InvalidParameterError(
      'a.length',
      a instanceof Float64Array ? a.length : typeof a,
      `a Float64Array of length n*n = ${n * n}`,
    );
  }
  const balance = options.balance ?? true;
  if (typeof balance !== 'boolean') {
    throw new InvalidParameterError('balance', balance, 'true or false');
  }
  const algorithm = options.algorithm ?? 'auto';
  if (algorithm !== 'auto' && algorithm !== 'multishift' && algorithm !== 'simple') {
    throw new InvalidParameterError('algorithm', algorithm, "'auto', 'multishift' or 'simple'");
  }
  const perEig = options.maxIterationsPerEigenvalue ?? DEFAULT_MAX_ITERATIONS_PER_EIGENVALUE;
  if (typeof perEig !== 'number' || !Number.isInteger(perEig) || perEig < 1) {
    throw new InvalidParameterError('maxIterationsPerEigenvalue', perEig, 'positive integers');
  }
  const wasm = options.wasm ?? true;
  if (typeof wasm !== 'boolean') {
    throw new InvalidParameterError('wasm', wasm, 'true or false');
  }
  // heap for the matrix, its active block, the reduction and the QR workspaces (the nested QR
  // calls of the deflation windows release theirs); anything beyond falls back to plain arrays
  const heapBytes = 8 * (1.6 * n * n + 1300 * n) + (1 << 17);
  const useHeap = wasm && algorithm !== 'simple' && n > 64;
  return withWasmHeap(heapBytes, useHeap, () => solve(a, n, balance, algorithm, perEig));
}

/** {@link eigvals} after validating the options (inside the WebAssembly heap, if any). */
function solve(
  a: Float64Array,
  n: number,
  balance: boolean,
  algorithm: 'auto' | 'multishift' | 'simple',
  perEig: number,
): { re: Float64Array; im: Float64Array } {
  // column-major copy (also validates finiteness and finds the largest entry)
  const h = heapF64(n * n);
  let anrm = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const x = a[row + j];
      if (!Number.isFinite(x)) {
        throw new InvalidParameterError(`a[${i * n + j}] (row ${i}, column ${j})`, x, 'finite numbers');
      }
      h[i + j * n] = x;
      const ax = Math.abs(x);
      if (ax > anrm) anrm = ax;
    }
  }
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  if (n === 0) return { re, im };

  // like dgeev: bring the largest entry into [SMLNUM, BIGNUM] (by an exact power of 2) so that
  // neither the reduction nor the deflation tests under- or overflow; undone at the end
  let scale = 1;
  if (anrm > 0 && anrm < SMLNUM) scale = 2 ** Math.round(Math.log2(SMLNUM / anrm));
  else if (anrm > BIGNUM) scale = 2 ** Math.round(Math.log2(BIGNUM / anrm));
  if (scale !== 1) for (let k = 0; k < n * n; k++) h[k] *= scale;
  const done = (): { re: Float64Array; im: Float64Array } => {
    if (scale !== 1) {
      const inv = 1 / scale;
      for (let k = 0; k < n; k++) {
        re[k] *= inv;
        im[k] *= inv;
      }
    }
    return { re, im };
  };

  let ilo = 0;
  let ihi = n - 1;
  if (balance) {
    const r = balanceInPlace(h, n);
    ilo = r.ilo;
    ihi = r.ihi;
  }
  // eigenvalues isolated by the permutation
  for (let i = 0; i < ilo; i++) re[i] = h[i + i * n];
  for (let i = ihi + 1; i < n; i++) re[i] = h[i + i * n];

  const m = ihi - ilo + 1;
  if (m <= 0) return done();
  // the active block, compact, column-major
  let b: Float64Array;
  if (m === n) {
    b = h;
  } else {
    b = heapF64(m * m);
    for (let j = 0; j < m; j++) {
      const src = ilo + (ilo + j) * n;
      b.set(h.subarray(src, src + m), j * m);
    }
  }
  const wr = re.subarray(ilo, ihi + 1);
  const wi = im.subarray(ilo, ihi + 1);
  let info: number;
  if (algorithm === 'simple') {
    hessenbergUnblocked(b, m, m, 0, new Float64Array(4 * m));
    info = lahqr(false, false, m, 0, m - 1, b, m, wr, wi, 0, -1, null, 1, perEig * Math.max(10, m));
  } else {
    hessenbergReduce(b, m, m);
    const crossover = algorithm === 'multishift' ? MULTISHIFT_NMIN : MULTISHIFT_MIN_ORDER;
    info =
      m > crossover
        ? laqr0(false, false, m, 1, m, b, m, wr, wi, 1, m, null, 1, perEig, true)
        : lahqr(false, false, m, 0, m - 1, b, m, wr, wi, 0, -1, null, 1, perEig * Math.max(10, m));
  }
  if (info > 0) {
    // rows/columns 1..info (1-based) of the block did not converge
    const i = info - 1;
    throw new ConvergenceError(
      `eigvals (QR algorithm, n = ${n})`,
      i > 0 ? Math.abs(b[i + (i - 1) * m]) / scale : 0,
      perEig * Math.max(10, m),
      { n, balance, algorithm, maxIterationsPerEigenvalue: perEig, unconvergedEigenvalues: info },
    );
  }
  return done();
}

/**
 * LAPACK `dgebal` with job 'B' on the column-major n×n matrix `a`, in place. Returns the block
 * `ilo..ihi` (0-based, inclusive) that still needs the QR algorithm; entries outside it on the
 * diagonal are eigenvalues. The scaling factors and permutation are not returned (only needed
 * for eigenvectors).
 */
function balanceInPlace(a: Float64Array, n: number): { ilo: number; ihi: number } {
  let k = 0;
  let l = n - 1;
  const swap = (j: number, m: number): void => {
    if (j === m) return;
    // columns j and m, rows 0..l
    for (let i = 0, pj = j * n, pm = m * n; i <= l; i++) {
      const t = a[pj + i];
      a[pj + i] = a[pm + i];
      a[pm + i] = t;
    }
    // rows j and m, columns k..n-1
    for (let c = k; c < n; c++) {
      const t = a[j + c * n];
      a[j + c * n] = a[m + c * n];
      a[m + c * n] = t;
    }
  };

  // rows isolating an eigenvalue: push them down
  let found = true;
  while (found && l >= 0) {
    found = false;
    for (let j = l; j >= 0; j--) {
      let isolated = true;
      for (let i = 0; i <= l; i++) {
        if (i !== j && a[j + i * n] !== 0) {
          isolated = false;
          break;
        }
      }
      if (isolated) {
        swap(j, l);
        if (l === 0) return { ilo: 0, ihi: 0 };
        l--;
        found = true;
        break;
      }
    }
  }
  // columns isolating an eigenvalue: push them left
  found = true;
  while (found) {
    found = false;
    for (let j = k; j <= l; j++) {
      let isolated = true;
      for (let i = k; i <= l; i++) {
        if (i !== j && a[i + j * n] !== 0) {
          isolated = false;
          break;
        }
      }
      if (isolated) {
        swap(j, k);
        k++;
        found = true;
        break;
      }
    }
  }

  // iterative scaling of rows/columns k..l
  let noconv = true;
  const scale = new Float64Array(n).fill(1);
  while (noconv) {
    noconv = false;
    for (let i = k; i <= l; i++) {
      let c = nrm2(a, k + i * n, l - k + 1, 1);
      let r = nrm2(a, i + k * n, l - k + 1, n);
      let ca = 0;
      for (let p = i * n, q = 0; q <= l; q++) ca = Math.max(ca, Math.abs(a[p + q]));
      let ra = 0;
      for (let q = k; q < n; q++) ra = Math.max(ra, Math.abs(a[i + q * n]));
      if (c === 0 || r === 0) continue;
      let g = r / SCLFAC;
      let f = 1;
      const s = c + r;
      while (!(c >= g || Math.max(f, c, ca) >= SFMAX2 || Math.min(r, g, ra) <= SFMIN2)) {
        f *= SCLFAC;
        c *= SCLFAC;
        ca *= SCLFAC;
        r /= SCLFAC;
        g /= SCLFAC;
        ra /= SCLFAC;
      }
      g = c / SCLFAC;
      while (!(g < r || Math.max(r, ra) >= SFMAX2 || Math.min(f, c, g, ca) <= SFMIN2)) {
        f /= SCLFAC;
        c /= SCLFAC;
        g /= SCLFAC;
        ca /= SCLFAC;
        r *= SCLFAC;
        ra *= SCLFAC;
      }
      // now balance
      if (c + r >= FACTOR * s) continue;
      if (f < 1 && scale[i] < 1 && f * scale[i] <= SFMIN1) continue;
      if (f > 1 && scale[i] > 1 && scale[i] >= SFMAX1 / f) continue;
      scale[i] *= f;
      noconv = true;
      const gi = 1 / f;
      for (let q = k; q < n; q++) a[i + q * n] *= gi;
      for (let p = i * n, q = 0; q <= l; q++) a[p + q] *= f;
    }
  }
  return { ilo: k, ihi: l };
}
