/**
 * The WebAssembly module of the SIMD kernels used by `kernels.ts`, written with the emitter of
 * `assembler.ts`: each function below generates the code of one exported kernel. Addresses are
 * byte addresses in the imported memory, strides are in bytes. The floating-point operations of
 * each kernel, and their order, are documented with it (see `kernels.ts` for which are
 * bit-for-bit equal to their TypeScript counterparts).
 *
 * @internal
 */

import { assemble, F64, Fn, I32, V128 } from './assembler.js';

/** Signatures of the exported kernels. */
export interface KernelExports {
  gemm(m4: number, n4: number, kk: number, alpha: number, pa: number, lda: number, pb: number, bsj: number, bsp: number, pc: number, ldc: number): void;
  gemmtn(m4: number, n2: number, kk: number, pa: number, lda: number, pb: number, ldb: number, pc: number, ldc: number): void;
  gemv8(nr: number, ng: number, pa: number, lda: number, px: number, py: number): void;
  refcols3(pa: number, ld: number, nr: number, v2: number, v3: number, t1: number, t2: number, t3: number): void;
  refrows3(pa: number, ld: number, count: number, v2: number, v3: number, t1: number, t2: number, t3: number): void;
  axpyn(pt: number, nr: number, pa: number, lda: number, ncol: number, pc: number, cs: number): void;
  dotst(pa: number, lda: number, ncol: number, px: number, nr: number, pout: number): void;
}

/** `C += alpha·A·B` on 4×4 blocks (see `wasmGemmAcc` in `kernels.ts`); byte addresses and byte strides. */
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

/** `C = Aᵀ·B` on 4×2 blocks of C (see `wasmGemmTN` in `kernels.ts`). */
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

/** `y[r] += Σ_{8-column groups} (Σ_q A[r, q]·x[q])` for pairs of rows (see `wasmGemv8` in `kernels.ts`). */
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
