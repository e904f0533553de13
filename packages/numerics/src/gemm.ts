/**
 * Dense matrix–matrix and matrix–vector products on row-major `Float64Array` storage ({@link gemm},
 * {@link gemv}), the public face of the
 * register-blocked kernels of `gemmKernels.ts` and of their WebAssembly SIMD (`f64x2`) twins in
 * `wasm/kernels.ts` (the kernels {@link eigvals} uses).
 *
 * ```
 *   C[cOff + i·ldc + j] += alpha · Σ_{p<k} A[aOff + i·lda + p] · B[bOff + p·ldb + j]
 * ```
 * for i < m, j < n (BLAS `dgemm` with β = 1, row-major, no transposes).
 *
 * How it runs: a row-major product is the column-major product Cᵀ += Bᵀ·Aᵀ, which is what the
 * column-major kernels compute. The shared dimension is cut into panels of {@link GEMM_KC} and the
 * columns of C into panels of {@link GEMM_NC}, so that the panel of B that a 4×4 micro-kernel
 * streams stays in the L2 cache (without blocking the kernels re-read all of B from memory for
 * every 4 rows of A and run at a third of their speed at n = 1000). Inside a panel the bulk (rows
 * and columns in multiples of 4) runs in the WebAssembly kernel when the operands live in the
 * WebAssembly heap — they are copied there (O(mk + kn + mn), negligible against the 2mnk flops)
 * unless they already are (see {@link withGemmHeap}) — and in the TypeScript 4×4 kernel otherwise;
 * the edges always run in TypeScript.
 *
 * Exactness: the WebAssembly kernel performs the same floating-point operations in the same order
 * as the TypeScript kernel (two lanes = two independent entries, no fused multiply–add), and the
 * panel order does not depend on the path, so `gemm` returns bit-for-bit the same C with
 * `wasm: true` and `wasm: false`, on every engine (with or without WebAssembly SIMD). Each entry
 * of C receives one partial sum per panel of the shared dimension: results differ from a naive
 * triple loop at round-off level only (|δC| ≤ k·ε·Σ|A||B| in the worst case).
 *
 * Speed (Node 20, n = 1000, one core): ≈ 10 GFLOP/s with WebAssembly, ≈ 2.5 GFLOP/s TypeScript.
 *
 * @module
 */

import { InvalidParameterError } from './errors.js';
import { gemmAcc } from './gemmKernels.js';
import { heapF64, heapMark, heapRelease, onWasmHeap, wasmDotsT, wasmKernelsAvailable, withWasmHeap } from './wasm/kernels.js';

/** Panel of the shared dimension (rows of B kept hot): 256·GEMM_NC doubles = 512 KB. */
export const GEMM_KC = 256;
/** Panel of the columns of C and B streamed by one pass of the micro-kernels. */
export const GEMM_NC = 256;
/** Below this many multiply–adds (m·n·k) the operands are not copied to the WebAssembly heap. */
const COPY_MIN_WORK = 32 * 32 * 32;

/** Options of {@link gemm}: scale, storage of the operands, and the kernel choice. */
export interface GemmOptions {
  /** Scale of the product: C += alpha·A·B. Default 1 (use −1 for a Schur-complement update). */
  alpha?: number;
  /** Index of A[0][0] in `a`; default 0. */
  aOffset?: number;
  /** Row stride of A (≥ k); default k. */
  lda?: number;
  /** Index of B[0][0] in `b`; default 0. */
  bOffset?: number;
  /** Row stride of B (≥ n); default n. */
  ldb?: number;
  /** Index of C[0][0] in `c`; default 0. */
  cOffset?: number;
  /** Row stride of C (≥ n); default n. */
  ldc?: number;
  /**
   * Use the WebAssembly SIMD kernel when the engine supports it; default `true`. `false` forces
   * the TypeScript kernels — same result bit for bit, 3–5× slower (for tests and benchmarks).
   */
  wasm?: boolean;
}

/**
 * C += alpha · A · B for row-major A (m×k), B (k×n), C (m×n), with optional offsets and row
 * strides (see {@link GemmOptions}); returns `c`. `a`, `b` and `c` may be the same array, but the
 * region of C must not overlap those of A and B.
 *
 * @throws {InvalidParameterError} for negative or non-integer sizes, strides smaller than a row,
 *   or arrays too short for the requested regions.
 */
export function gemm(m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array, options: GemmOptions = {}): Float64Array {
  for (const [name, v] of [['m', m], ['n', n], ['k', k]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new InvalidParameterError(name, v, 'integers ≥ 0');
  }
  const alpha = options.alpha ?? 1;
  if (typeof alpha !== 'number' || Number.isNaN(alpha)) throw new InvalidParameterError('alpha', alpha, 'numbers');
  const wasm = options.wasm ?? true;
  if (typeof wasm !== 'boolean') throw new InvalidParameterError('wasm', wasm, 'true or false');
  const lda = options.lda ?? k;
  const ldb = options.ldb ?? n;
  const ldc = options.ldc ?? n;
  const aOff = region('A', a, options.aOffset ?? 0, lda, m, k);
  const bOff = region('B', b, options.bOffset ?? 0, ldb, k, n);
  const cOff = region('C', c, options.cOffset ?? 0, ldc, m, n);
  if (m === 0 || n === 0 || k === 0 || alpha === 0) return c;

  const onHeap = onWasmHeap(a) && onWasmHeap(b) && onWasmHeap(c);
  // (The SIMD kernel needs at least 4 rows and 4 columns of C; thinner products stay in TypeScript.)
  if (!wasm || onHeap || m < 4 || n < 4 || m * n * k < COPY_MIN_WORK || !wasmKernelsAvailable()) {
    // TypeScript, or every operand already in the heap (gemmAcc picks the kernel).
    if (!wasm && onHeap) {
      // Force the TypeScript kernel: work on plain copies.
      const ca = packRows(a, aOff, lda, m, k, new Float64Array(m * k));
      const cb = packRows(b, bOff, ldb, k, n, new Float64Array(k * n));
      const cc = packRows(c, cOff, ldc, m, n, new Float64Array(m * n));
      panels(m, n, k, alpha, ca, 0, k, cb, 0, n, cc, 0, n);
      unpackRows(cc, c, cOff, ldc, m, n);
      return c;
    }
    panels(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    return c;
  }
  // Copy the three regions into the WebAssembly heap (or the active one, released afterwards).
  withGemmHeap(m * k + k * n + m * n, true, () => {
    const ha = packRows(a, aOff, lda, m, k, heapF64(m * k));
    const hb = packRows(b, bOff, ldb, k, n, heapF64(k * n));
    const hc = packRows(c, cOff, ldc, m, n, heapF64(m * n));
    panels(m, n, k, alpha, ha, 0, k, hb, 0, n, hc, 0, n);
    unpackRows(hc, c, cOff, ldc, m, n);
  });
  return c;
}

/**
 * Run `fn` with a WebAssembly heap of at least `doubles` 8-byte slots: inside, {@link gemmHeapArray}
 * allocates zero-filled arrays in it, and {@link gemm} on such arrays runs the SIMD kernel without
 * copying its operands (worth it for repeated products on one matrix, e.g. the trailing updates of
 * a blocked LU). With `enable = false`, without WebAssembly SIMD, or when a heap is already active
 * `fn` runs with ordinary arrays; nested in an active heap, `fn` allocates from that one (what it
 * allocates is freed when it returns). Arrays allocated inside must not be used after `fn` returns
 * (copy results out); the heap grows once, at the outermost call, never inside `fn`.
 */
export function withGemmHeap<T>(doubles: number, enable: boolean, fn: () => T): T {
  const mark = heapMark();
  if (mark < 0) return withWasmHeap(8 * doubles + 64, enable, fn);
  // Nested in an active heap: allocate from it, and free what `fn` allocated when it returns.
  try {
    return fn();
  } finally {
    heapRelease(mark);
  }
}

/**
 * A zero-filled array of `length` doubles: in the heap of the enclosing {@link withGemmHeap} if
 * there is room, else an ordinary `Float64Array`.
 */
export function gemmHeapArray(length: number): Float64Array {
  return heapF64(length);
}

/** Options of {@link gemv}. */
export interface GemvOptions {
  /** Added to every entry: y = A·x + shift (e.g. a bias). Default 0. */
  shift?: number;
  /** Index of A[0][0] in `a`; default 0. */
  aOffset?: number;
  /** Row stride of A (≥ n); default n. */
  lda?: number;
  /** Use the WebAssembly SIMD kernel when A is in the heap of {@link withGemmHeap}; default `true`. Same bits either way. */
  wasm?: boolean;
}

/**
 * y = A·x + shift for row-major A (m×n); returns `y` (length ≥ m, overwritten; must not alias x).
 *
 * Each entry is a dot product summed in two interleaved partial sums — even terms and odd terms,
 * each left to right, added at the end, then an odd last term, then `shift` — which is the order of
 * the two lanes of the WebAssembly SIMD kernel, so both paths give the same bits. The SIMD kernel
 * runs when A lives in the heap of {@link withGemmHeap} (x and y are copied through it, O(m + n));
 * A is never copied (that would cost as much as the product): callers that multiply by one matrix
 * many times (the Euler steps of a fixed-point search) place it in the heap once. About 4× faster
 * than the TypeScript loop at n = 1000 (0.45 ms vs 1.5 ms in Node 20).
 *
 * @throws {InvalidParameterError} for bad sizes or strides or arrays too short.
 */
export function gemv(m: number, n: number, a: Float64Array, x: Float64Array, y: Float64Array, options: GemvOptions = {}): Float64Array {
  for (const [name, v] of [['m', m], ['n', n]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new InvalidParameterError(name, v, 'integers ≥ 0');
  }
  const lda = options.lda ?? n;
  const aOff = region('A', a, options.aOffset ?? 0, lda, m, n);
  region('x', x, 0, n, 1, n);
  region('y', y, 0, m, 1, m);
  const shift = options.shift ?? 0;
  if (m === 0) return y;
  if ((options.wasm ?? true) && n >= 2 && onWasmHeap(a)) {
    const mark = heapMark();
    const hx = onWasmHeap(x) ? x : heapF64(n);
    const hy = onWasmHeap(y) ? y : heapF64(m);
    if (onWasmHeap(hx) && onWasmHeap(hy)) {
      if (hx !== x) hx.set(x.subarray(0, n));
      wasmDotsT(a, aOff, lda, m, hx, 0, n, hy, 0);
      for (let i = 0; i < m; i++) hy[i] += shift; // as `s + shift` in the TypeScript loop
      if (hy !== y) y.set(hy.subarray(0, m));
      heapRelease(mark);
      return y;
    }
    heapRelease(mark);
  }
  gemvRows(m, n, a, aOff, lda, x, y, shift);
  return y;
}

/** The TypeScript twin of the `dotst` kernel: two rows at a time, even/odd partial sums. */
function gemvRows(m: number, n: number, a: Float64Array, aOff: number, lda: number, x: Float64Array, y: Float64Array, shift: number): void {
  const odd = n & 1;
  const last = n - 1;
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const r = aOff + i * lda;
    const r2 = r + lda;
    let s0 = 0, s1 = 0, t0 = 0, t1 = 0;
    for (let j = 0; j + 1 < n; j += 2) {
      const x0 = x[j], x1 = x[j + 1];
      s0 += a[r + j] * x0;
      s1 += a[r + j + 1] * x1;
      t0 += a[r2 + j] * x0;
      t1 += a[r2 + j + 1] * x1;
    }
    let s = s0 + s1;
    let t = t0 + t1;
    if (odd) {
      s += a[r + last] * x[last];
      t += a[r2 + last] * x[last];
    }
    y[i] = s + shift;
    y[i + 1] = t + shift;
  }
  if (i < m) {
    const r = aOff + i * lda;
    let s0 = 0, s1 = 0;
    for (let j = 0; j + 1 < n; j += 2) {
      s0 += a[r + j] * x[j];
      s1 += a[r + j + 1] * x[j + 1];
    }
    let s = s0 + s1;
    if (odd) s += a[r + last] * x[last];
    y[i] = s + shift;
  }
}

/** C += alpha·A·B over panels of the shared dimension and of the columns (row-major operands). */
function panels(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let p0 = 0; p0 < k; p0 += GEMM_KC) {
    const kc = Math.min(GEMM_KC, k - p0);
    for (let j0 = 0; j0 < n; j0 += GEMM_NC) {
      const nc = Math.min(GEMM_NC, n - j0);
      // Column-major view: Cᵀ (nc × m, ld ldc) += Bᵀ (nc × kc, ld ldb) · Aᵀ (kc × m: row i of A).
      gemmAcc(nc, m, kc, alpha, b, bOff + p0 * ldb + j0, ldb, a, aOff + p0, lda, 1, c, cOff + j0, ldc);
    }
  }
}

function packRows(src: Float64Array, off: number, ld: number, rows: number, cols: number, dst: Float64Array): Float64Array {
  if (ld === cols) {
    dst.set(src.subarray(off, off + rows * cols));
    return dst;
  }
  for (let i = 0; i < rows; i++) dst.set(src.subarray(off + i * ld, off + i * ld + cols), i * cols);
  return dst;
}

function unpackRows(src: Float64Array, dst: Float64Array, off: number, ld: number, rows: number, cols: number): void {
  if (ld === cols) {
    dst.set(src.subarray(0, rows * cols), off);
    return;
  }
  for (let i = 0; i < rows; i++) dst.set(src.subarray(i * cols, (i + 1) * cols), off + i * ld);
}

/** Validate one operand region; returns its offset. */
function region(name: string, arr: Float64Array, off: number, ld: number, rows: number, cols: number): number {
  if (!(arr instanceof Float64Array)) throw new InvalidParameterError(name, typeof arr, 'a Float64Array');
  if (!Number.isInteger(off) || off < 0) throw new InvalidParameterError(`${name} offset`, off, 'integers ≥ 0');
  if (!Number.isInteger(ld) || ld < cols) throw new InvalidParameterError(`${name} row stride`, ld, `integers ≥ ${cols}`);
  if (rows > 0 && cols > 0 && off + (rows - 1) * ld + cols > arr.length) {
    throw new InvalidParameterError(`${name} length`, arr.length, `≥ ${off + (rows - 1) * ld + cols} for ${rows}×${cols} at offset ${off}, stride ${ld}`);
  }
  return off;
}
