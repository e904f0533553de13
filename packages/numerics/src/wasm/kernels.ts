/**
 * WebAssembly SIMD (`f64x2`) kernels for the level-3 and level-2 work of {@link eigvals}, and the
 * memory they work on.
 *
 * The kernels are assembled at load time by `assembler.ts` (no toolchain, no binary blob in the
 * repository) and operate on one `WebAssembly.Memory`. The arrays that the kernels read and
 * write — the matrix being reduced and the workspaces of the reduction and of the QR sweeps —
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

import { assemble, F64, Fn, I32, V128 } from './assembler.js';

interface KernelExports {
  gemm(m4: number, n4: number, kk: number, alpha: number, pa: number, lda: number, pb: number, bsj: number, bsp: number, pc: number, ldc: number): void;
  gemmtn(m4: number, n2: number, kk: number, pa: number, lda: number, pb: number, ldb: number, pc: number, ldc: number): void;
  gemv8(nr: number, ng: number, pa: number, lda: number, px: number, py: number): void;
  refcols3(pa: number, ld: number, nr: number, v2: number, v3: number, t1: number, t2: number, t3: number): void;
  refrows3(pa: number, ld: number, count: number, v2: number, v3: number, t1: number, t2: number, t3: number): void;
  axpyn(pt: number, nr: number, pa: number, lda: number, ncol: number, pc: number, cs: number): void;
  dotst(pa: number, lda: number, ncol: number, px: number, nr: number, pout: number): void;
}

/** `C += alpha·A·B` on 4×4 blocks (see {@link wasmGemmAcc}); byte addresses and byte strides. */
function gemmFn(): Fn {
  const f = new Fn('gemm', [I32, I32, I32, F64, I32, I32, I32, I32, I32, I32, I32]);
  const [m4, n4, kk, alpha, pa, lda, pb, bsj, bsp, pc, ldc] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const j = f.local(I32), i = f.local(I32), p = f.local(I32), qa = f.local(I32), qb = f.local(I32), qc = f.local(I32);
  const pbj = f.local(I32), pcj = f.local(I32), b2 = f.local(I32), b3 = f.local(I32), b4 = f.local(I32), ldc4 = f.local(I32);
  const acc = Array.from({ length: 8 }, () => f.local(V128));
  const av0 = f.local(V128), av1 = f.local(V128), bv = f.local(V128), va = f.local(V128), zero = f.local(V128);
  f.get(alpha).f64x2Splat().set(va);
  f.f64(0).f64x2Splat().set(zero);
  f.get(bsj).get(bsj).i32Add().set(b2);
  f.get(b2).get(bsj).i32Add().set(b3);
  f.get(b2).get(b2).i32Add().set(b4);
  f.get(ldc).get(ldc).i32Add().tee(ldc4).get(ldc4).i32Add().set(ldc4);
  f.get(pb).set(pbj);
  f.get(pc).set(pcj);
  f.i32(0).set(j);
  f.loop(() => {
    f.i32(0).set(i);
    f.loop(() => {
      for (const a of acc) f.get(zero).set(a);
      f.get(pa).get(i).i32(8).i32Mul().i32Add().set(qa);
      f.get(pbj).set(qb);
      f.get(kk).set(p);
      f.loop(() => {
        f.get(qa).v128Load(0).set(av0);
        f.get(qa).v128Load(16).set(av1);
        const offs = [null, bsj, b2, b3];
        for (let c = 0; c < 4; c++) {
          f.get(qb);
          const o = offs[c];
          if (o !== null) f.get(o).i32Add();
          f.loadSplat().set(bv);
          f.get(acc[2 * c]).get(av0).get(bv).f64x2Mul().f64x2Add().set(acc[2 * c]);
          f.get(acc[2 * c + 1]).get(av1).get(bv).f64x2Mul().f64x2Add().set(acc[2 * c + 1]);
        }
        f.inc(qa, { local: lda });
        f.inc(qb, { local: bsp });
        f.get(p).i32(1).i32Sub().tee(p).brIf(0);
      });
      f.get(pcj).get(i).i32(8).i32Mul().i32Add().set(qc);
      for (let c = 0; c < 4; c++) {
        for (let h = 0; h < 2; h++) {
          f.get(qc).get(qc).v128Load(16 * h).get(va).get(acc[2 * c + h]).f64x2Mul().f64x2Add().v128Store(16 * h);
        }
        if (c < 3) f.inc(qc, { local: ldc });
      }
      f.get(i).i32(4).i32Add().tee(i).get(m4).i32LtS().brIf(0);
    });
    f.inc(pbj, { local: b4 });
    f.inc(pcj, { local: ldc4 });
    f.get(j).i32(4).i32Add().tee(j).get(n4).i32LtS().brIf(0);
  });
  return f;
}

/** `C = Aᵀ·B` on 4×2 blocks of C (see {@link wasmGemmTN}). */
function gemmTnFn(): Fn {
  const f = new Fn('gemmtn', [I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [m4, n2, kk, pa, lda, pb, ldb, pc, ldc] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const j = f.local(I32), i = f.local(I32), p = f.local(I32), qa = f.local(I32), qb = f.local(I32), qc = f.local(I32);
  const la2 = f.local(I32), la3 = f.local(I32);
  const acc = Array.from({ length: 8 }, () => f.local(V128));
  const av = Array.from({ length: 4 }, () => f.local(V128));
  const bv0 = f.local(V128), bv1 = f.local(V128), zero = f.local(V128);
  f.f64(0).f64x2Splat().set(zero);
  f.get(lda).get(lda).i32Add().set(la2);
  f.get(la2).get(lda).i32Add().set(la3);
  const macc = (): void => {
    for (let a = 0; a < 4; a++) {
      f.get(acc[a]).get(av[a]).get(bv0).f64x2Mul().f64x2Add().set(acc[a]);
      f.get(acc[4 + a]).get(av[a]).get(bv1).f64x2Mul().f64x2Add().set(acc[4 + a]);
    }
  };
  const load = (zeroHigh: boolean): void => {
    const ld = (): void => {
      if (zeroHigh) f.loadZero();
      else f.v128Load();
    };
    f.get(qa);
    ld();
    f.set(av[0]);
    f.get(qa).get(lda).i32Add();
    ld();
    f.set(av[1]);
    f.get(qa).get(la2).i32Add();
    ld();
    f.set(av[2]);
    f.get(qa).get(la3).i32Add();
    ld();
    f.set(av[3]);
    f.get(qb);
    ld();
    f.set(bv0);
    f.get(qb).get(ldb).i32Add();
    ld();
    f.set(bv1);
  };
  f.i32(0).set(j);
  f.loop(() => {
    f.i32(0).set(i);
    f.loop(() => {
      for (const a of acc) f.get(zero).set(a);
      f.get(pa).get(i).get(lda).i32Mul().i32Add().set(qa);
      f.get(pb).get(j).get(ldb).i32Mul().i32Add().set(qb);
      f.get(kk).set(p);
      // pairs of p
      f.block(() => {
        f.get(p).i32(2).i32LtS().brIf(0);
        f.loop(() => {
          load(false);
          macc();
          f.inc(qa, 16);
          f.inc(qb, 16);
          f.get(p).i32(2).i32Sub().tee(p).i32(2).i32GeS().brIf(0);
        });
      });
      // odd remainder
      f.block(() => {
        f.get(p).i32Eqz().brIf(0);
        load(true);
        macc();
      });
      f.get(pc).get(j).get(ldc).i32Mul().i32Add().get(i).i32(8).i32Mul().i32Add().set(qc);
      for (let c = 0; c < 2; c++) {
        for (let a = 0; a < 4; a++) {
          const r = acc[4 * c + a];
          f.get(qc).get(r).extractLane(0).get(r).extractLane(1).f64Add().f64Store(8 * a);
        }
        if (c === 0) f.inc(qc, { local: ldc });
      }
      f.get(i).i32(4).i32Add().tee(i).get(m4).i32LtS().brIf(0);
    });
    f.get(j).i32(2).i32Add().tee(j).get(n2).i32LtS().brIf(0);
  });
  return f;
}

/** `y[r] += Σ_{8-column groups} (Σ_q A[r, q]·x[q])` for pairs of rows (see {@link wasmGemv8}). */
function gemv8Fn(): Fn {
  const f = new Fn('gemv8', [I32, I32, I32, I32, I32, I32]);
  const [nr, ng, pa, lda, px, py] = [0, 1, 2, 3, 4, 5];
  const g = f.local(I32), r = f.local(I32), q = f.local(I32), qy = f.local(I32), col = f.local(I32), xg = f.local(I32);
  const la = Array.from({ length: 8 }, () => f.local(I32));
  const xv = Array.from({ length: 8 }, () => f.local(V128));
  const t = f.local(V128);
  f.i32(0).set(la[0]);
  for (let k = 1; k < 8; k++) f.get(la[k - 1]).get(lda).i32Add().set(la[k]);
  f.get(pa).set(col);
  f.get(px).set(xg);
  f.get(ng).set(g);
  f.loop(() => {
    for (let k = 0; k < 8; k++) f.get(xg).loadSplat(8 * k).set(xv[k]);
    f.get(col).set(q);
    f.get(py).set(qy);
    f.get(nr).set(r);
    f.loop(() => {
      f.get(q).v128Load().get(xv[0]).f64x2Mul().set(t);
      for (let k = 1; k < 8; k++) f.get(t).get(q).get(la[k]).i32Add().v128Load().get(xv[k]).f64x2Mul().f64x2Add().set(t);
      f.get(qy).get(qy).v128Load().get(t).f64x2Add().v128Store();
      f.inc(q, 16);
      f.inc(qy, 16);
      f.get(r).i32(2).i32Sub().tee(r).brIf(0);
    });
    f.get(col).get(la[7]).i32Add().get(lda).i32Add().set(col);
    f.inc(xg, 64);
    f.get(g).i32(1).i32Sub().tee(g).brIf(0);
  });
  return f;
}

/**
 * A 3×3 reflector `I − t·[1 v2 v3]ᵀ[1 v2 v3]` from the right on three columns (byte stride `ld`)
 * of `nr` consecutive rows starting at byte address `pa`: two rows per SIMD vector, then the odd
 * last row in scalar code; per row the operations of the TypeScript `reflectCols3`.
 */
function refCols3Fn(): Fn {
  const f = new Fn('refcols3', [I32, I32, I32, F64, F64, F64, F64, F64]);
  const [pa, ld, nr, v2, v3, t1, t2, t3] = [0, 1, 2, 3, 4, 5, 6, 7];
  const q = f.local(I32), ld2 = f.local(I32), pairs = f.local(I32);
  const sv = [v2, v3, t1, t2, t3].map(() => f.local(V128));
  const [V2, V3, T1, T2, T3] = sv;
  const x0 = f.local(V128), x1 = f.local(V128), x2 = f.local(V128), s = f.local(V128);
  const y0 = f.local(F64), y1 = f.local(F64), y2 = f.local(F64), ss = f.local(F64);
  [v2, v3, t1, t2, t3].forEach((p, k) => f.get(p).f64x2Splat().set(sv[k]));
  f.get(ld).get(ld).i32Add().set(ld2);
  f.get(pa).set(q);
  f.get(nr).i32(1).i32ShrU().set(pairs);
  f.block(() => {
    f.get(pairs).i32Eqz().brIf(0);
    f.loop(() => {
      f.get(q).v128Load().set(x0);
      f.get(q).get(ld).i32Add().v128Load().set(x1);
      f.get(q).get(ld2).i32Add().v128Load().set(x2);
      f.get(x0).get(V2).get(x1).f64x2Mul().f64x2Add().get(V3).get(x2).f64x2Mul().f64x2Add().set(s);
      f.get(q).get(x0).get(s).get(T1).f64x2Mul().f64x2Sub().v128Store();
      f.get(q).get(ld).i32Add().get(x1).get(s).get(T2).f64x2Mul().f64x2Sub().v128Store();
      f.get(q).get(ld2).i32Add().get(x2).get(s).get(T3).f64x2Mul().f64x2Sub().v128Store();
      f.inc(q, 16);
      f.get(pairs).i32(1).i32Sub().tee(pairs).brIf(0);
    });
  });
  f.block(() => {
    f.get(nr).i32(1).i32And().i32Eqz().brIf(0);
    f.get(q).f64Load().set(y0);
    f.get(q).get(ld).i32Add().f64Load().set(y1);
    f.get(q).get(ld2).i32Add().f64Load().set(y2);
    f.get(y0).get(v2).get(y1).f64Mul().f64Add().get(v3).get(y2).f64Mul().f64Add().set(ss);
    f.get(q).get(y0).get(ss).get(t1).f64Mul().f64Sub().f64Store();
    f.get(q).get(ld).i32Add().get(y1).get(ss).get(t2).f64Mul().f64Sub().f64Store();
    f.get(q).get(ld2).i32Add().get(y2).get(ss).get(t3).f64Mul().f64Sub().f64Store();
  });
  return f;
}

/**
 * The same reflector from the left on three consecutive rows (byte address `pa` of the first)
 * of `count` columns `ld` bytes apart, in scalar code; the operations of `reflectRows3`.
 */
function refRows3Fn(): Fn {
  const f = new Fn('refrows3', [I32, I32, I32, F64, F64, F64, F64, F64]);
  const [pa, ld, count, v2, v3, t1, t2, t3] = [0, 1, 2, 3, 4, 5, 6, 7];
  const q = f.local(I32), c = f.local(I32);
  const y0 = f.local(F64), y1 = f.local(F64), y2 = f.local(F64), ss = f.local(F64);
  f.get(pa).set(q);
  f.get(count).set(c);
  f.block(() => {
    f.get(c).i32Eqz().brIf(0);
    f.loop(() => {
      f.get(q).f64Load(0).set(y0);
      f.get(q).f64Load(8).set(y1);
      f.get(q).f64Load(16).set(y2);
      f.get(y0).get(v2).get(y1).f64Mul().f64Add().get(v3).get(y2).f64Mul().f64Add().set(ss);
      f.get(q).get(y0).get(ss).get(t1).f64Mul().f64Sub().f64Store(0);
      f.get(q).get(y1).get(ss).get(t2).f64Mul().f64Sub().f64Store(8);
      f.get(q).get(y2).get(ss).get(t3).f64Mul().f64Sub().f64Store(16);
      f.inc(q, { local: ld });
      f.get(c).i32(1).i32Sub().tee(c).brIf(0);
    });
  });
  return f;
}

/**
 * `t[r] = (…((t[r] − A[r, 0]·c[0]) − A[r, 1]·c[1]) … − A[r, ncol−1]·c[ncol−1])` for `nr` rows
 * (`ncol ≥ 1`): row pairs in SIMD, the odd last row in scalar code; coefficients `cs` bytes apart.
 */
function axpyNFn(): Fn {
  const f = new Fn('axpyn', [I32, I32, I32, I32, I32, I32, I32]);
  const [pt, nr, pa, lda, ncol, pc, cs] = [0, 1, 2, 3, 4, 5, 6];
  const q = f.local(I32), qa = f.local(I32), qc = f.local(I32), p = f.local(I32), pairs = f.local(I32);
  const t = f.local(V128), ts = f.local(F64);
  f.get(pt).set(q);
  f.get(pa).set(qa);
  f.get(nr).i32(1).i32ShrU().set(pairs);
  f.block(() => {
    f.get(pairs).i32Eqz().brIf(0);
    f.loop(() => {
      f.get(q).v128Load().set(t);
      f.get(qa).set(pa);
      f.get(pc).set(qc);
      f.get(ncol).set(p);
      f.loop(() => {
        f.get(t).get(pa).v128Load().get(qc).loadSplat().f64x2Mul().f64x2Sub().set(t);
        f.inc(pa, { local: lda });
        f.inc(qc, { local: cs });
        f.get(p).i32(1).i32Sub().tee(p).brIf(0);
      });
      f.get(q).get(t).v128Store();
      f.inc(q, 16);
      f.inc(qa, 16);
      f.get(pairs).i32(1).i32Sub().tee(pairs).brIf(0);
    });
  });
  f.block(() => {
    f.get(nr).i32(1).i32And().i32Eqz().brIf(0);
    f.get(q).f64Load().set(ts);
    f.get(pc).set(qc);
    f.get(ncol).set(p);
    f.loop(() => {
      f.get(ts).get(qa).f64Load().get(qc).f64Load().f64Mul().f64Sub().set(ts);
      f.inc(qa, { local: lda });
      f.inc(qc, { local: cs });
      f.get(p).i32(1).i32Sub().tee(p).brIf(0);
    });
    f.get(q).get(ts).f64Store();
  });
  return f;
}

/**
 * `out[p] = Σ_r A[r, p]·x[r]` for `p < ncol` over `nr ≥ 1` rows (even and odd rows summed in
 * the two lanes, then added; an odd last row added at the end).
 */
function dotsTFn(): Fn {
  const f = new Fn('dotst', [I32, I32, I32, I32, I32, I32]);
  const [pa, lda, ncol, px, nr, pout] = [0, 1, 2, 3, 4, 5];
  const col = f.local(I32), qa = f.local(I32), qx = f.local(I32), r = f.local(I32), p = f.local(I32), qo = f.local(I32);
  const acc = f.local(V128), s = f.local(F64);
  f.get(pa).set(col);
  f.get(pout).set(qo);
  f.get(ncol).set(p);
  f.loop(() => {
    f.f64(0).f64x2Splat().set(acc);
    f.get(col).set(qa);
    f.get(px).set(qx);
    f.get(nr).i32(1).i32ShrU().set(r);
    f.block(() => {
      f.get(r).i32Eqz().brIf(0);
      f.loop(() => {
        f.get(acc).get(qa).v128Load().get(qx).v128Load().f64x2Mul().f64x2Add().set(acc);
        f.inc(qa, 16);
        f.inc(qx, 16);
        f.get(r).i32(1).i32Sub().tee(r).brIf(0);
      });
    });
    f.get(acc).extractLane(0).get(acc).extractLane(1).f64Add().set(s);
    f.block(() => {
      f.get(nr).i32(1).i32And().i32Eqz().brIf(0);
      f.get(s).get(qa).f64Load().get(qx).f64Load().f64Mul().f64Add().set(s);
    });
    f.get(qo).get(s).f64Store();
    f.inc(qo, 8);
    f.inc(col, { local: lda });
    f.get(p).i32(1).i32Sub().tee(p).brIf(0);
  });
  return f;
}

/** The assembled module (exported for its validation test). */
export function kernelModuleBytes(): Uint8Array {
  return assemble([gemmFn(), gemmTnFn(), gemv8Fn(), refCols3Fn(), refRows3Fn(), axpyNFn(), dotsTFn()]);
}

/** The few WebAssembly JS-API members used here (the ES2022 lib without DOM does not type them). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: unknown };
}
const WASM = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;
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
