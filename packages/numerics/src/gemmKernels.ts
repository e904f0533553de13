/**
 * Register-blocked matrix–matrix kernels on column-major `Float64Array` storage, used by the
 * blocked Hessenberg reduction and the multishift QR sweep of {@link eigvals}.
 *
 * JavaScript engines do not vectorise, so the only lever is data reuse: each micro-kernel keeps
 * a 4×4 block of the result in 16 local variables while streaming the shared dimension, which
 * performs 16 multiply–adds per 8 loads (versus 1 per 2–3 loads for an axpy). On V8 this runs
 * 2–3× faster per flop than the best level-2 loop. The micro-kernels are separate small functions
 * so that the engine optimises them after a few calls, with type feedback for every path.
 *
 * When all operands live in the WebAssembly heap of `wasm/kernels.ts` (as inside {@link eigvals}),
 * the bulk of each product runs in the `f64x2` SIMD kernels there (3–5× faster per flop) and only
 * the edges (fewer than 4 rows or columns) run here; `gemmAcc` gives bit-for-bit the same result
 * either way, the dot-product forms agree to round-off (different summation order).
 *
 * @internal
 */

import { heapCopy, onWasmHeap, wasmGemmAcc, wasmGemmTN } from './wasm/kernels.js';

/**
 * `dst[dOff + i] = src[sOff + i]` for i < len without allocating subarray views (a native copy
 * inside the WebAssembly heap).
 */
export function copy(src: Float64Array, sOff: number, dst: Float64Array, dOff: number, len: number): void {
  heapCopy(src, sOff, dst, dOff, len);
}

/**
 * `C += alpha · A · B` with a strided `B`:
 * `C[i + j·ldc] += alpha · Σ_p A[aOff + i + p·lda] · B[bOff + j·bsj + p·bsp]`
 * for i < m, j < n, p < kk. With `bsj = 1, bsp = ldb` this is `A·Bᵀ` (B stored n×kk); with
 * `bsj = ldb, bsp = 1` it is `A·B` (B stored kk×n).
 */
export function gemmAcc(
  m: number,
  n: number,
  kk: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  bsj: number,
  bsp: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (m <= 0 || n <= 0 || kk <= 0) return;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  const wasm = m4 > 0 && n4 > 0 && onWasmHeap(a) && onWasmHeap(b) && onWasmHeap(c);
  if (wasm) wasmGemmAcc(m4, n4, kk, alpha, a, aOff, lda, b, bOff, bsj, bsp, c, cOff, ldc);
  for (let j = 0; j < n4; j += 4) {
    const pb = bOff + j * bsj;
    const pc = cOff + j * ldc;
    if (!wasm) for (let i = 0; i < m4; i += 4) accKernel4x4(kk, alpha, a, aOff + i, lda, b, pb, bsj, bsp, c, pc + i, ldc);
    for (let i = m4; i < m; i++) accKernel1x4(kk, alpha, a, aOff + i, lda, b, pb, bsj, bsp, c, pc + i, ldc);
  }
  for (let j = n4; j < n; j++) {
    const pb = bOff + j * bsj;
    const pc = cOff + j * ldc;
    for (let i = 0; i < m; i++) accKernel1x1(kk, alpha, a, aOff + i, lda, b, pb, bsp, c, pc + i);
  }
}

function accKernel4x4(
  kk: number,
  alpha: number,
  a: Float64Array,
  pa: number,
  lda: number,
  b: Float64Array,
  pb: number,
  bsj: number,
  bsp: number,
  c: Float64Array,
  pc: number,
  ldc: number,
): void {
  let c00 = 0, c10 = 0, c20 = 0, c30 = 0;
  let c01 = 0, c11 = 0, c21 = 0, c31 = 0;
  let c02 = 0, c12 = 0, c22 = 0, c32 = 0;
  let c03 = 0, c13 = 0, c23 = 0, c33 = 0;
  const b1 = bsj;
  const b2 = 2 * bsj;
  const b3 = 3 * bsj;
  for (let p = 0; p < kk; p++, pa += lda, pb += bsp) {
    const a0 = a[pa];
    const a1 = a[pa + 1];
    const a2 = a[pa + 2];
    const a3 = a[pa + 3];
    let bv = b[pb];
    c00 += a0 * bv;
    c10 += a1 * bv;
    c20 += a2 * bv;
    c30 += a3 * bv;
    bv = b[pb + b1];
    c01 += a0 * bv;
    c11 += a1 * bv;
    c21 += a2 * bv;
    c31 += a3 * bv;
    bv = b[pb + b2];
    c02 += a0 * bv;
    c12 += a1 * bv;
    c22 += a2 * bv;
    c32 += a3 * bv;
    bv = b[pb + b3];
    c03 += a0 * bv;
    c13 += a1 * bv;
    c23 += a2 * bv;
    c33 += a3 * bv;
  }
  c[pc] += alpha * c00;
  c[pc + 1] += alpha * c10;
  c[pc + 2] += alpha * c20;
  c[pc + 3] += alpha * c30;
  pc += ldc;
  c[pc] += alpha * c01;
  c[pc + 1] += alpha * c11;
  c[pc + 2] += alpha * c21;
  c[pc + 3] += alpha * c31;
  pc += ldc;
  c[pc] += alpha * c02;
  c[pc + 1] += alpha * c12;
  c[pc + 2] += alpha * c22;
  c[pc + 3] += alpha * c32;
  pc += ldc;
  c[pc] += alpha * c03;
  c[pc + 1] += alpha * c13;
  c[pc + 2] += alpha * c23;
  c[pc + 3] += alpha * c33;
}

function accKernel1x4(
  kk: number,
  alpha: number,
  a: Float64Array,
  pa: number,
  lda: number,
  b: Float64Array,
  pb: number,
  bsj: number,
  bsp: number,
  c: Float64Array,
  pc: number,
  ldc: number,
): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let p = 0; p < kk; p++, pa += lda, pb += bsp) {
    const av = a[pa];
    s0 += av * b[pb];
    s1 += av * b[pb + bsj];
    s2 += av * b[pb + 2 * bsj];
    s3 += av * b[pb + 3 * bsj];
  }
  c[pc] += alpha * s0;
  c[pc + ldc] += alpha * s1;
  c[pc + 2 * ldc] += alpha * s2;
  c[pc + 3 * ldc] += alpha * s3;
}

function accKernel1x1(
  kk: number,
  alpha: number,
  a: Float64Array,
  pa: number,
  lda: number,
  b: Float64Array,
  pb: number,
  bsp: number,
  c: Float64Array,
  pc: number,
): void {
  let s = 0;
  for (let p = 0; p < kk; p++, pa += lda, pb += bsp) s += a[pa] * b[pb];
  c[pc] += alpha * s;
}

/**
 * `C = Aᵀ · B` (overwrites C): `C[i + j·ldc] = Σ_p A[aOff + p + i·lda] · B[bOff + p + j·ldb]`
 * for i < m, j < n, p < kk — dot products down contiguous columns of A and B.
 */
export function gemmTN(
  m: number,
  n: number,
  kk: number,
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
  if (m <= 0 || n <= 0) return;
  const m4 = m - (m % 4);
  if (kk > 0 && m4 > 0 && n >= 2 && onWasmHeap(a) && onWasmHeap(b) && onWasmHeap(c)) {
    const n2 = n - (n % 2);
    wasmGemmTN(m4, n2, kk, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    for (let j = 0; j < n; j++) {
      const pb = bOff + j * ldb;
      for (let i = j < n2 ? m4 : 0; i < m; i++) c[cOff + i + j * ldc] = dot(kk, a, aOff + i * lda, b, pb);
    }
    return;
  }
  const n4 = n - (n % 4);
  for (let j = 0; j < n4; j += 4) {
    const pb = bOff + j * ldb;
    const pc = cOff + j * ldc;
    for (let i = 0; i < m4; i += 4) dotKernel4x4(kk, a, aOff + i * lda, lda, b, pb, ldb, c, pc + i, ldc);
    for (let i = m4; i < m; i++) {
      for (let jj = 0; jj < 4; jj++) c[pc + i + jj * ldc] = dot(kk, a, aOff + i * lda, b, pb + jj * ldb);
    }
  }
  for (let j = n4; j < n; j++) {
    const pb = bOff + j * ldb;
    for (let i = 0; i < m; i++) c[cOff + i + j * ldc] = dot(kk, a, aOff + i * lda, b, pb);
  }
}

function dotKernel4x4(
  kk: number,
  a: Float64Array,
  a0o: number,
  lda: number,
  b: Float64Array,
  b0o: number,
  ldb: number,
  c: Float64Array,
  pc: number,
  ldc: number,
): void {
  let c00 = 0, c10 = 0, c20 = 0, c30 = 0;
  let c01 = 0, c11 = 0, c21 = 0, c31 = 0;
  let c02 = 0, c12 = 0, c22 = 0, c32 = 0;
  let c03 = 0, c13 = 0, c23 = 0, c33 = 0;
  const a1o = a0o + lda;
  const a2o = a1o + lda;
  const a3o = a2o + lda;
  const b1o = b0o + ldb;
  const b2o = b1o + ldb;
  const b3o = b2o + ldb;
  for (let p = 0; p < kk; p++) {
    const a0 = a[a0o + p];
    const a1 = a[a1o + p];
    const a2 = a[a2o + p];
    const a3 = a[a3o + p];
    let bv = b[b0o + p];
    c00 += a0 * bv;
    c10 += a1 * bv;
    c20 += a2 * bv;
    c30 += a3 * bv;
    bv = b[b1o + p];
    c01 += a0 * bv;
    c11 += a1 * bv;
    c21 += a2 * bv;
    c31 += a3 * bv;
    bv = b[b2o + p];
    c02 += a0 * bv;
    c12 += a1 * bv;
    c22 += a2 * bv;
    c32 += a3 * bv;
    bv = b[b3o + p];
    c03 += a0 * bv;
    c13 += a1 * bv;
    c23 += a2 * bv;
    c33 += a3 * bv;
  }
  c[pc] = c00;
  c[pc + 1] = c10;
  c[pc + 2] = c20;
  c[pc + 3] = c30;
  pc += ldc;
  c[pc] = c01;
  c[pc + 1] = c11;
  c[pc + 2] = c21;
  c[pc + 3] = c31;
  pc += ldc;
  c[pc] = c02;
  c[pc + 1] = c12;
  c[pc + 2] = c22;
  c[pc + 3] = c32;
  pc += ldc;
  c[pc] = c03;
  c[pc + 1] = c13;
  c[pc + 2] = c23;
  c[pc + 3] = c33;
}

function dot(kk: number, a: Float64Array, pa: number, b: Float64Array, pb: number): number {
  let s = 0;
  for (let p = 0; p < kk; p++) s += a[pa + p] * b[pb + p];
  return s;
}

/**
 * Block profile of a column-major matrix B (kk×n, leading dimension ldb): for every group of 4
 * columns, the first and last row holding a nonzero (`lo > hi` if the group is zero). Used to skip
 * the structural zeros of the accumulated orthogonal factor of a multishift QR sweep.
 */
export function columnProfile4(kk: number, n: number, b: Float64Array, bOff: number, ldb: number, lo: Int32Array, hi: Int32Array): void {
  for (let jb = 0, j0 = 0; j0 < n; jb++, j0 += 4) {
    let l = kk;
    let h = -1;
    for (let j = j0; j < Math.min(n, j0 + 4); j++) {
      const col = bOff + j * ldb;
      let r = 0;
      while (r < kk && b[col + r] === 0) r++;
      if (r < l) l = r;
      let s = kk - 1;
      while (s > h && b[col + s] === 0) s--;
      if (s > h) h = s;
    }
    lo[jb] = l;
    hi[jb] = h;
  }
}

/**
 * `C += alpha · A · B` with B (kk×n, leading dimension ldb) restricted, for each group of 4
 * columns, to the rows `lo..hi` of its {@link columnProfile4}.
 */
export function gemmAccProfiled(
  m: number,
  n: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  lo: Int32Array,
  hi: Int32Array,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const m4 = m - (m % 4);
  const wasm = m4 > 0 && onWasmHeap(a) && onWasmHeap(b) && onWasmHeap(c);
  for (let j = 0, jb = 0; j < n; j += 4, jb++) {
    const p0 = lo[jb];
    const kk = hi[jb] - p0 + 1;
    if (kk <= 0) continue;
    const pb = bOff + j * ldb + p0;
    const pa = aOff + p0 * lda;
    const pc = cOff + j * ldc;
    if (j + 4 <= n) {
      if (wasm) wasmGemmAcc(m4, 4, kk, alpha, a, pa, lda, b, pb, ldb, 1, c, pc, ldc);
      else for (let i = 0; i < m4; i += 4) accKernel4x4(kk, alpha, a, pa + i, lda, b, pb, ldb, 1, c, pc + i, ldc);
      for (let i = m4; i < m; i++) accKernel1x4(kk, alpha, a, pa + i, lda, b, pb, ldb, 1, c, pc + i, ldc);
    } else {
      for (let jj = 0; jj < n - j; jj++)
        for (let i = 0; i < m; i++) accKernel1x1(kk, alpha, a, pa + i, lda, b, pb + jj * ldb, 1, c, pc + jj * ldc + i);
    }
  }
}

/**
 * `C = Aᵀ · B` (overwrites C) with A (kk×m, leading dimension lda) restricted, for each group of
 * 4 columns of A (= 4 rows of C), to the rows `lo..hi` of its {@link columnProfile4}.
 */
export function gemmTNProfiled(
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  lo: Int32Array,
  hi: Int32Array,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const n4 = n - (n % 4);
  const n2 = n - (n % 2);
  const wasm = n2 > 0 && onWasmHeap(a) && onWasmHeap(b) && onWasmHeap(c);
  for (let i = 0, ib = 0; i < m; i += 4, ib++) {
    const p0 = lo[ib];
    const kk = hi[ib] - p0 + 1;
    const mi = Math.min(4, m - i);
    if (kk <= 0) {
      for (let j = 0; j < n; j++) for (let ii = 0; ii < mi; ii++) c[cOff + i + ii + j * ldc] = 0;
      continue;
    }
    const pa = aOff + i * lda + p0;
    if (wasm && mi === 4) {
      wasmGemmTN(4, n2, kk, a, pa, lda, b, bOff + p0, ldb, c, cOff + i, ldc);
      for (let j = n2; j < n; j++) {
        for (let ii = 0; ii < 4; ii++) c[cOff + i + ii + j * ldc] = dot(kk, a, pa + ii * lda, b, bOff + j * ldb + p0);
      }
      continue;
    }
    for (let j = 0; j < n4; j += 4) {
      const pb = bOff + j * ldb + p0;
      const pc = cOff + i + j * ldc;
      if (mi === 4) dotKernel4x4(kk, a, pa, lda, b, pb, ldb, c, pc, ldc);
      else for (let ii = 0; ii < mi; ii++) for (let jj = 0; jj < 4; jj++) c[pc + ii + jj * ldc] = dot(kk, a, pa + ii * lda, b, pb + jj * ldb);
    }
    for (let j = n4; j < n; j++) {
      for (let ii = 0; ii < mi; ii++) c[cOff + i + ii + j * ldc] = dot(kk, a, pa + ii * lda, b, bOff + j * ldb + p0);
    }
  }
}
