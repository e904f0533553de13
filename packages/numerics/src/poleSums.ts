/**
 * Pole sums: weighted sums of simple and double poles at many shifts,
 * ```
 * e_kj = 1 / (a_k + b_k r_j)
 * out[c·ld + j]        = Σ_k C₁[k, c] e_kj          (c < m₁)
 * out[(m₁ + c)·ld + j] = Σ_k C₂[k, c] e_kj²         (c < m₂)
 * ```
 * for nodes k < nK and shifts j < nR (C₁, C₂ row-major nK × m₁, nK × m₂; ld = nR rounded up to
 * an even number, the two lanes of the SIMD kernel). This is the inner loop
 * of the tensor-product SCBA passes of the theory package ([GRU-SCBA-3], [GRU-SCBA-5]): after the
 * per-site quantities of a tensor rule are factored, every site sum is a few such moments per
 * shift (one division and m₁ + m₂ multiply-adds per node and shift).
 *
 * Two implementations with bit-for-bit equal results: a WebAssembly SIMD (`f64x2`) kernel that
 * evaluates two shifts per lane pair (assembled at first use with `wasm/assembler.ts`; each
 * workspace has its own memory, so the views stay valid), and a TypeScript loop used when
 * WebAssembly SIMD is unavailable or `wasm: false`. Both compute, per (k, j), b·r, then a + b·r,
 * then 1/(…), e·e, and add C·e (C·e²) to the sum over k in increasing k (no fused multiply–add),
 * so the lanes of the SIMD kernel perform exactly the scalar operations. Why a workspace rather
 * than a function of arrays: the caller fills the input views in place and reads `out` in place
 * (no copies per call; the theory package calls it ~10⁵ times per density grid).
 *
 * @module
 */
import { InvalidParameterError } from './errors.js';
import { assemble, F64, Fn, I32, V128 } from './wasm/assembler.js';
import { PAGE, WASM, type WasmMemory } from './wasm/kernels.js';

/** A pole-sum problem of fixed shape with its input and output arrays (module comment). */
export interface PoleSumsWorkspace {
  readonly nK: number;
  readonly nR: number;
  readonly m1: number;
  readonly m2: number;
  /** Inputs: a, b (length nK), C₁ (nK·m₁), C₂ (nK·m₂), r (length nR). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c1: Float64Array;
  readonly c2: Float64Array;
  readonly r: Float64Array;
  /** Output, moment-major: out[c·ld + j], length (m₁ + m₂)·ld. */
  readonly out: Float64Array;
  /** Leading dimension of `out`: nR rounded up to an even number. */
  readonly ld: number;
  /** Whether `run` uses the WebAssembly kernel. */
  readonly wasm: boolean;
  /**
   * Evaluate the sums of the module comment for the first `nr` ≤ nR shifts (default all) into
   * `out`. With odd `nr` the SIMD kernel also evaluates the lane of shift nr (whatever `r[nr]` or
   * the padding holds) and writes it to column nr of `out`: those values are not results.
   */
  run(nr?: number): void;
}

/** Options of {@link poleSumsWorkspace}. */
export interface PoleSumsOptions {
  /** Use the WebAssembly SIMD kernel when available. Default true (results are bit-identical). */
  wasm?: boolean;
}

type Kernel = (nK: number, nPairs: number, pa: number, pb: number, pc1: number, pc2: number, pr: number, pout: number, outStride: number) => void;

/**
 * The kernel for (m₁, m₂): for each pair of shifts (two lanes) the sums over k of the module
 * comment, in the scalar order; byte addresses, `outStride` = bytes between moments in `out`.
 */
function poleSumsFn(m1: number, m2: number): Fn {
  const f = new Fn('ps', [I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [nK, nPairs, pa, pb, pc1, pc2, pr, pout, outStride] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const jp = f.local(I32), k = f.local(I32), qa = f.local(I32), qb = f.local(I32), q1 = f.local(I32), q2 = f.local(I32), qo = f.local(I32);
  const acc = Array.from({ length: m1 + m2 }, () => f.local(V128));
  const rv = f.local(V128), e = f.local(V128), ee = f.local(V128), one = f.local(V128), zero = f.local(V128);
  f.f64(1).f64x2Splat().set(one);
  f.f64(0).f64x2Splat().set(zero);
  f.i32(0).set(jp);
  f.block(() => {
    f.get(nPairs).i32Eqz().brIf(0);
    f.loop(() => {
      f.get(pr).get(jp).i32(16).i32Mul().i32Add().v128Load().set(rv);
      for (const v of acc) f.get(zero).set(v);
      f.get(pa).set(qa);
      f.get(pb).set(qb);
      f.get(pc1).set(q1);
      f.get(pc2).set(q2);
      f.get(nK).set(k);
      f.block(() => {
        f.get(k).i32Eqz().brIf(0);
        f.loop(() => {
          // e = 1 / (a + b·r), ee = e·e
          f.get(one).get(qa).loadSplat().get(qb).loadSplat().get(rv).f64x2Mul().f64x2Add().f64x2Div().tee(e);
          f.get(e).f64x2Mul().set(ee);
          for (let c = 0; c < m1; c++) f.get(acc[c]).get(q1).loadSplat(8 * c).get(e).f64x2Mul().f64x2Add().set(acc[c]);
          for (let c = 0; c < m2; c++) f.get(acc[m1 + c]).get(q2).loadSplat(8 * c).get(ee).f64x2Mul().f64x2Add().set(acc[m1 + c]);
          f.inc(qa, 8);
          f.inc(qb, 8);
          if (m1 > 0) f.inc(q1, 8 * m1);
          if (m2 > 0) f.inc(q2, 8 * m2);
          f.get(k).i32(1).i32Sub().tee(k).brIf(0);
        });
      });
      f.get(pout).get(jp).i32(16).i32Mul().i32Add().set(qo);
      for (let c = 0; c < m1 + m2; c++) {
        f.get(qo).get(acc[c]).v128Store();
        if (c < m1 + m2 - 1) f.inc(qo, { local: outStride });
      }
      f.get(jp).i32(1).i32Add().tee(jp).get(nPairs).i32LtS().brIf(0);
    });
  });
  return f;
}

const moduleCache = new Map<string, object | null>();

/** The compiled module for (m₁, m₂), or null without WebAssembly SIMD. */
function kernelModule(m1: number, m2: number): object | null {
  const key = `${m1},${m2}`;
  if (!moduleCache.has(key)) {
    let mod: object | null = null;
    try {
      const bytes = assemble([poleSumsFn(m1, m2)]);
      if (WASM !== undefined && WASM.validate(bytes)) mod = new WASM.Module(bytes);
    } catch {
      mod = null;
    }
    moduleCache.set(key, mod);
  }
  return moduleCache.get(key) ?? null;
}

/** The TypeScript twin of the kernel (module comment), on plain arrays. */
function runTs(w: { nK: number; m1: number; m2: number; ld: number; a: Float64Array; b: Float64Array; c1: Float64Array; c2: Float64Array; r: Float64Array; out: Float64Array }, nr: number, acc: Float64Array): void {
  const { nK, m1, m2, ld, a, b, c1, c2, r, out } = w;
  const m = m1 + m2;
  for (let j = 0; j < nr; j++) {
    const rj = r[j];
    acc.fill(0);
    for (let k = 0; k < nK; k++) {
      const e = 1 / (a[k] + b[k] * rj);
      const ee = e * e;
      const o1 = k * m1;
      for (let c = 0; c < m1; c++) acc[c] += c1[o1 + c] * e;
      const o2 = k * m2;
      for (let c = 0; c < m2; c++) acc[m1 + c] += c2[o2 + c] * ee;
    }
    for (let c = 0; c < m; c++) out[c * ld + j] = acc[c];
  }
}

/**
 * A workspace for pole sums of shape (nK nodes, nR shifts, m₁ simple-pole and m₂ double-pole
 * columns), module comment. Fill `a`, `b`, `c1`, `c2`, `r`, call `run()`, read `out`.
 *
 * @throws {InvalidParameterError} for shapes that are not positive integers (m₁ + m₂ ≥ 1, ≤ 32);
 *   `run(nr)` for nr outside the integers 0..nR.
 */
export function poleSumsWorkspace(nK: number, nR: number, m1: number, m2: number, options: PoleSumsOptions = {}): PoleSumsWorkspace {
  for (const [name, v, lo, hi] of [['nK', nK, 1, 1e7], ['nR', nR, 1, 1e7], ['m1', m1, 0, 32], ['m2', m2, 0, 32]] as const) {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new InvalidParameterError(name, v, `an integer in [${lo}, ${hi}]`);
  }
  if (m1 + m2 < 1 || m1 + m2 > 32) throw new InvalidParameterError('m1 + m2', m1 + m2, 'an integer in [1, 32]');
  const m = m1 + m2;
  const nRp = nR + (nR & 1); // shifts padded to an even count (two lanes)
  const checkRun = (nr: number) => {
    if (!(Number.isInteger(nr) && nr >= 0 && nr <= nR)) throw new InvalidParameterError('nr', nr, `an integer in [0, ${nR}]`);
  };
  // layout (bytes, 16-aligned): a, b, c1, c2, r, out; above 1 GiB the TypeScript loop is used
  const sizes = [nK, nK, nK * m1, nK * m2, nRp, m * nRp];
  const offs: number[] = [];
  let top = 0;
  for (const s of sizes) {
    offs.push(top);
    top += (8 * s + 15) & ~15;
  }
  const mod = (options.wasm ?? true) && top <= 2 ** 30 ? kernelModule(m1, m2) : null;
  let memory: WasmMemory | null = null;
  if (mod !== null && WASM !== undefined) {
    try {
      memory = new WASM.Memory({ initial: Math.max(1, Math.ceil(top / PAGE)) });
    } catch {
      memory = null; // the engine refused the memory: TypeScript loop
    }
  }
  if (mod !== null && WASM !== undefined && memory !== null) {
    const mem = memory;
    const inst = new WASM.Instance(mod, { env: { memory: mem } });
    const kernel = (inst.exports as { ps: Kernel }).ps;
    const view = (i: number, len: number) => new Float64Array(mem.buffer, offs[i], len);
    const w = { nK, nR, m1, m2, ld: nRp, a: view(0, nK), b: view(1, nK), c1: view(2, nK * m1), c2: view(3, nK * m2), r: view(4, nR), out: view(5, m * nRp), wasm: true };
    const outStride = 8 * nRp;
    return {
      ...w,
      run(nr = nR) {
        checkRun(nr);
        kernel(nK, (nr + 1) >> 1, offs[0], offs[1], offs[2], offs[3], offs[4], offs[5], outStride);
      },
    };
  }
  const acc = new Float64Array(m);
  const w = { nK, nR, m1, m2, ld: nRp, a: new Float64Array(nK), b: new Float64Array(nK), c1: new Float64Array(nK * m1), c2: new Float64Array(nK * m2), r: new Float64Array(nR), out: new Float64Array(m * nRp), wasm: false };
  return {
    ...w,
    run: (nr = nR) => {
      checkRun(nr);
      runTs(w, nr, acc);
    },
  };
}
