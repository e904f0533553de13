/**
 * WebAssembly SIMD (`f64x2`) kernels for the level-3 and level-2 work of {@link eigvals}, and the
 * memory they work on.
 *
 * The kernels (`kernelCode.ts`) are assembled at load time by `assembler.ts` (no toolchain, no
 * binary blob in the repository) and operate on one `WebAssembly.Memory`. The arrays that the
 * kernels read and write — the matrix being reduced and the workspaces of the reduction and of the QR sweeps —
 * are allocated in that memory for the duration of one {@link withWasmHeap} call (a bump
 * allocator; the memory grows once at the start of the call, never while views into it are
 * alive, because growing detaches them). Every caller checks {@link onWasmHeap} and falls back
 * to the TypeScript kernels of `gemmKernels.ts` otherwise, so the library works, with identical
 * results up to round-off, when WebAssembly or SIMD is unavailable.
 *
 * Exactness: {@link wasmGemmAcc}, {@link wasmGemv8}, {@link wasmReflectCols3},
 * {@link wasmReflectRows3} and {@link wasmAxpyN} perform the same floating-point operations in the
 * same order as the TypeScript loops they replace (two lanes = two independent rows; no fused
 * multiply–add), so their results are bit-for-bit identical. {@link wasmGemmTN} and
 * {@link wasmDotsT} (dot products down contiguous columns) sum even and odd terms in the two
 * lanes and add them at the end: a different summation order, equal up to round-off.
 *
 * The memory is kept (not shrunk) after a call: its size is that of the largest problem solved
 * so far — `eigvals` at order n reserves `8·(1.6·n² + 1300·n)` bytes (≈ 50 MB at n = 2000).
 *
 * @internal
 */

import { kernelModuleBytes, type KernelExports } from './kernelCode.js';

export { kernelModuleBytes };

/**
 * A `WebAssembly.Memory`, reduced to the members used here and in `poleSums.ts` (the ES2022 lib
 * without DOM does not type the WebAssembly JS API).
 *
 * @internal
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/**
 * The few members of the global `WebAssembly` used here and in `poleSums.ts` (see {@link WasmMemory}).
 *
 * @internal
 */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: unknown };
}
/**
 * The engine's `WebAssembly` object, `undefined` where there is none.
 *
 * @internal
 */
export const WASM = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * Bytes in one WebAssembly memory page (fixed by the WebAssembly specification).
 *
 * @internal
 */
export const PAGE = 65536;
/** Largest heap (bytes) requested from {@link withWasmHeap}; larger problems use TypeScript. */
const MAX_HEAP_BYTES = 2 ** 31;

let memory: WasmMemory | null = null;
let kernels: KernelExports | null = null;
let disabled = false;
let arenaActive = false;
let arenaTop = 0; // next free byte
let arenaEnd = 0;

function init(): boolean {
  if (kernels !== null) return true;
  if (disabled) return false;
  try {
    const bytes = kernelModuleBytes();
    if (WASM === undefined || !WASM.validate(bytes)) throw new Error('no WebAssembly SIMD');
    memory = new WASM.Memory({ initial: 1 });
    const instance = new WASM.Instance(new WASM.Module(bytes), { env: { memory } });
    kernels = instance.exports as unknown as KernelExports;
    return true;
  } catch {
    disabled = true;
    memory = null;
    return false;
  }
}

/** Whether the WebAssembly SIMD kernels are available in this engine. */
export function wasmKernelsAvailable(): boolean {
  return init();
}

/**
 * Run `fn` with a WebAssembly heap of at least `bytes` bytes: inside, {@link heapF64} allocates
 * from it (and the kernels run on those arrays). Falls back to plain `Float64Array`s when
 * `enable` is false, WebAssembly SIMD is unavailable, the request exceeds 2 GiB, or a heap is
 * already active (no nesting). Arrays allocated inside must not be used after `fn` returns.
 */
export function withWasmHeap<T>(bytes: number, enable: boolean, fn: () => T): T {
  if (!enable || arenaActive || bytes > MAX_HEAP_BYTES || !init() || memory === null) return fn();
  const need = Math.ceil((bytes + 64) / PAGE);
  const have = memory.buffer.byteLength / PAGE;
  if (need > have) {
    try {
      memory.grow(need - have);
    } catch {
      return fn();
    }
  }
  arenaActive = true;
  arenaTop = 0;
  arenaEnd = memory.buffer.byteLength;
  hit0 = hit1 = null;
  whole = new Float64Array(memory.buffer);
  try {
    return fn();
  } finally {
    arenaActive = false;
    arenaTop = 0;
    hit0 = hit1 = null;
    whole = null;
  }
}

/**
 * A zero-filled `Float64Array` of length `len`: in the active WebAssembly heap if there is one
 * with room left, else an ordinary array.
 */
export function heapF64(len: number): Float64Array {
  if (arenaActive && memory !== null) {
    const start = (arenaTop + 15) & ~15;
    const end = start + 8 * len;
    if (end <= arenaEnd) {
      arenaTop = end;
      const out = new Float64Array(memory.buffer, start, len);
      out.fill(0);
      return out;
    }
  }
  return new Float64Array(len);
}

/**
 * `reflectCols3` on the heap: rows `r0..r1` of the columns at offsets `c0 + ld`·{1,2,3} − ld, i.e.
 * `h[c0 + j]`, `h[c0 + ld + j]`, `h[c0 + 2ld + j]` for `j = r0..r1`. Bit-for-bit equal.
 */
export function wasmReflectCols3(h: Float64Array, c0: number, ld: number, r0: number, r1: number, v2: number, v3: number, t1: number, t2: number, t3: number): void {
  (kernels as KernelExports).refcols3(h.byteOffset + 8 * (c0 + r0), 8 * ld, r1 - r0 + 1, v2, v3, t1, t2, t3);
}

/** `reflectRows3` on the heap (rows `p, p+1, p+2` of `count` columns `ld` apart). Bit-for-bit equal. */
export function wasmReflectRows3(h: Float64Array, p: number, ld: number, count: number, v2: number, v3: number, t1: number, t2: number, t3: number): void {
  (kernels as KernelExports).refrows3(h.byteOffset + 8 * p, 8 * ld, count, v2, v3, t1, t2, t3);
}

/**
 * `t[tOff + r] −= Σ_p a[aOff + r + p·lda]·c[cOff + p·cs]` for `r < nr`, `p < ncol`, the terms
 * subtracted one after the other in increasing p (as an axpy loop over p would). Heap arrays.
 */
export function wasmAxpyN(
  t: Float64Array,
  tOff: number,
  nr: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  ncol: number,
  c: Float64Array,
  cOff: number,
  cs: number,
): void {
  if (nr <= 0 || ncol <= 0) return;
  (kernels as KernelExports).axpyn(t.byteOffset + 8 * tOff, nr, a.byteOffset + 8 * aOff, 8 * lda, ncol, c.byteOffset + 8 * cOff, 8 * cs);
}

/** `out[oOff + p] = Σ_{r<nr} a[aOff + r + p·lda]·x[xOff + r]` for `p < ncol`. Heap arrays. */
export function wasmDotsT(
  a: Float64Array,
  aOff: number,
  lda: number,
  ncol: number,
  x: Float64Array,
  xOff: number,
  nr: number,
  out: Float64Array,
  oOff: number,
): void {
  if (ncol <= 0) return;
  if (nr <= 0) {
    out.fill(0, oOff, oOff + ncol);
    return;
  }
  (kernels as KernelExports).dotst(a.byteOffset + 8 * aOff, 8 * lda, ncol, x.byteOffset + 8 * xOff, nr, out.byteOffset + 8 * oOff);
}

/**
 * `dst[dOff + i] = src[sOff + i]` for `i < len`: a native `copyWithin` on the whole heap when
 * both arrays are in it (no views allocated), else a loop.
 */
export function heapCopy(src: Float64Array, sOff: number, dst: Float64Array, dOff: number, len: number): void {
  if (whole !== null && len > 8 && onWasmHeap(src) && onWasmHeap(dst)) {
    const s0 = (src.byteOffset >> 3) + sOff;
    whole.copyWithin((dst.byteOffset >> 3) + dOff, s0, s0 + len);
    return;
  }
  for (let i = 0; i < len; i++) dst[dOff + i] = src[sOff + i];
}

/**
 * Position of the heap's bump allocator, to be passed to {@link heapRelease} when everything
 * allocated since is dead (e.g. the workspaces of one nested QR call). `-1` without a heap.
 */
export function heapMark(): number {
  return arenaActive ? arenaTop : -1;
}

/** Free everything allocated since {@link heapMark} returned `mark`. */
export function heapRelease(mark: number): void {
  if (arenaActive && mark >= 0 && mark <= arenaTop) arenaTop = mark;
}

/** The last two arrays found on the heap (the `buffer` getter is comparatively slow). */
let hit0: Float64Array | null = null;
/** A view of the whole heap (for `copyWithin` between heap arrays), valid while a heap is active. */
let whole: Float64Array | null = null;
let hit1: Float64Array | null = null;

/** Whether `a` lives in the active WebAssembly heap (so the kernels can address it). */
export function onWasmHeap(a: Float64Array): boolean {
  if (a === hit0 || a === hit1) return true;
  if (!arenaActive || memory === null || a.buffer !== memory.buffer) return false;
  hit1 = hit0;
  hit0 = a;
  return true;
}

/**
 * `C += alpha·A·B` for the leading `m4×n4` block (multiples of 4), `kk ≥ 1`, with the operand
 * layout of `gemmAcc`: `C[i + j·ldc] += alpha·Σ_p A[aOff + i + p·lda]·B[bOff + j·bsj + p·bsp]`.
 * All three arrays must be {@link onWasmHeap}. Bit-for-bit equal to the TypeScript 4×4 kernel.
 */
export function wasmGemmAcc(
  m4: number,
  n4: number,
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
  (kernels as KernelExports).gemm(
    m4, n4, kk, alpha,
    a.byteOffset + 8 * aOff, 8 * lda,
    b.byteOffset + 8 * bOff, 8 * bsj, 8 * bsp,
    c.byteOffset + 8 * cOff, 8 * ldc,
  );
}

/**
 * `C = Aᵀ·B` for the leading `m4×n2` block (m4 a multiple of 4, n2 of 2), `kk ≥ 1`:
 * `C[i + j·ldc] = Σ_p A[aOff + p + i·lda]·B[bOff + p + j·ldb]`, even and odd p summed in separate
 * lanes. All three arrays must be {@link onWasmHeap}.
 */
export function wasmGemmTN(
  m4: number,
  n2: number,
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
  (kernels as KernelExports).gemmtn(
    m4, n2, kk,
    a.byteOffset + 8 * aOff, 8 * lda,
    b.byteOffset + 8 * bOff, 8 * ldb,
    c.byteOffset + 8 * cOff, 8 * ldc,
  );
}

/**
 * `y[yOff + r] += Σ_g Σ_{q<8} A[aOff + r + (8g + q)·lda]·x[xOff + 8g + q]` for `r < nr` (even,
 * ≥ 2) and `ng ≥ 1` groups of 8 columns, group by group, each group's 8 products summed left to
 * right before being added to y — the order of the TypeScript `gemvColumns`. Arrays on the heap.
 */
export function wasmGemv8(
  nr: number,
  ng: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  x: Float64Array,
  xOff: number,
  y: Float64Array,
  yOff: number,
): void {
  (kernels as KernelExports).gemv8(nr, ng, a.byteOffset + 8 * aOff, 8 * lda, x.byteOffset + 8 * xOff, y.byteOffset + 8 * yOff);
}
