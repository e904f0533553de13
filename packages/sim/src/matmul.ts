/**
 * Dense row-major linear algebra on Float64Array for the Jacobian assembly: the matrix product,
 * the matrix–vector product and diagonal scalings.
 *
 * The products W_k · M of the Jacobian ([GRU-J-1]: U_h (P + D U_r)) dominate the cost; they run in
 * `gemm` of `@gatefield/numerics` (WebAssembly SIMD, ≈ 0.2 s for N = 1000 in Node 20).
 *
 * Diagonal factors are never formed as matrices: diag(d)·A scales rows, A·diag(d) scales columns,
 * both O(N²).
 *
 * @module
 */
import { gemm, gemmHeapArray, gemv, withGemmHeap } from '@gatefield/numerics';

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /**
   * Run the WebAssembly SIMD kernel of `gemm` (`@gatefield/numerics`) when available; default
   * `true`. `false` forces its TypeScript kernel: the same result bit for bit, ≈ 4× slower.
   */
  wasm?: boolean;
}

/**
 * C = A · B for row-major A (m×k), B (k×n); returns C (m×n, row-major). `out`, if given, must have
 * length m·n and must not alias A or B; it is overwritten.
 *
 * Computed by `gemm` of `@gatefield/numerics` (C = 0, then C += A·B): cache-blocked 4×4
 * register kernels, in WebAssembly SIMD when available (≈ 10 GFLOP/s at n = 1000 in Node 20,
 * 0.2 s for an N = 1000 product, versus ≈ 2.4 GFLOP/s for the former TypeScript i-k-j loop), with
 * bit-identical results on the TypeScript path — so Jacobians and everything downstream are the
 * same on every engine.
 */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, out?: Float64Array, options: MatmulOptions = {}): Float64Array {
  if (a.length !== m * k || b.length !== k * n) throw new RangeError(`matmul: shapes ${a.length} ≠ ${m}×${k} or ${b.length} ≠ ${k}×${n}`);
  const c = out ?? new Float64Array(m * n);
  if (c.length !== m * n) throw new RangeError(`matmul: out has length ${c.length}, expected ${m * n}`);
  if (c === a || c === b) throw new RangeError('matmul: out must not alias an input');
  c.fill(0);
  return gemm(m, n, k, a, b, c, { wasm: options.wasm ?? true });
}

/**
 * y = A · x (+ shift) for row-major A (m×n). `out` (length m) must not alias x.
 *
 * Computed by `gemv` of `@gatefield/numerics`: each entry is summed as even and odd partial sums
 * (the order of its WebAssembly SIMD kernel, so results do not depend on the engine); the SIMD
 * kernel runs when A lives in the WebAssembly heap (see {@link withMatricesOnHeap}), the
 * TypeScript loop otherwise (≈ 1.2 ms at n = 1000 vs ≈ 0.45 ms).
 */
export function matvec(a: Float64Array, x: Float64Array, m: number, n: number, out?: Float64Array, shift = 0): Float64Array {
  const y = out ?? new Float64Array(m);
  return gemv(m, n, a, x, y, { shift });
}

/**
 * Run `fn` with copies of `matrices` in the WebAssembly heap of `gemm`/`gemv`
 * (`@gatefield/numerics` `withGemmHeap`), so that repeated products with them (the fields of an
 * Euler or Newton iteration, {@link matvec}) run in SIMD without copying the matrices per product.
 * `extra` reserves more heap (doubles) for what `fn` allocates there (LU factors, GEMM operands).
 * Without WebAssembly SIMD, or for small matrices, `fn` gets the original arrays; the copies must
 * not escape `fn`. Results are the same bits either way.
 */
export function withMatricesOnHeap<T>(matrices: readonly Float64Array[], extra: number, fn: (onHeap: Float64Array[]) => T): T {
  const total = matrices.reduce((s, w) => s + w.length, 0);
  if (total < HEAP_MIN_DOUBLES) return fn([...matrices]);
  return withGemmHeap(total + extra, true, () => {
    const copies = matrices.map((w) => {
      const h = gemmHeapArray(w.length);
      h.set(w);
      return h;
    });
    return fn(copies);
  });
}

/** Matrices smaller than this (doubles in total) are not copied to the heap: the gain is nil. */
const HEAP_MIN_DOUBLES = 64 * 64;

/** diag(d) · A (scale row i by d_i) for row-major A (m×n); in place if `out === a`. */
export function scaleRows(d: Float64Array, a: Float64Array, m: number, n: number, out?: Float64Array): Float64Array {
  const c = out ?? new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const di = d[i], r = i * n;
    for (let j = 0; j < n; j++) c[r + j] = di * a[r + j];
  }
  return c;
}

/** A · diag(d) (scale column j by d_j) for row-major A (m×n); in place if `out === a`. */
export function scaleColumns(a: Float64Array, d: Float64Array, m: number, n: number, out?: Float64Array): Float64Array {
  const c = out ?? new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) c[r + j] = a[r + j] * d[j];
  }
  return c;
}

/**
 * acc[i, j] += d_i · A[i, j] for an n×n A, written into the n×n block of a larger row-major
 * matrix `acc` with row stride `stride` starting at (row0, col0). Used to add diag(d)·G blocks of
 * the Jacobian without forming diag(d)·G.
 */
export function addScaledRows(
  acc: Float64Array,
  stride: number,
  row0: number,
  col0: number,
  d: Float64Array,
  a: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const di = d[i];
    if (di === 0) continue;
    const r = (row0 + i) * stride + col0, s = i * n;
    for (let j = 0; j < n; j++) acc[r + j] += di * a[s + j];
  }
}

/** Whether every entry of `d` is exactly zero (a structurally present but vanishing diagonal). */
export function isZeroVector(d: Float64Array): boolean {
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) return false;
  return true;
}
