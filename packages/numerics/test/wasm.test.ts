import { describe, expect, it } from 'vitest';
import { gemmAcc, gemmAccProfiled, gemmTN, gemmTNProfiled, columnProfile4 } from '../src/gemmKernels.js';
import { hessenbergReduce } from '../src/hessenberg.js';
import { reflectCols3, reflectRows3 } from '../src/qrKernels.js';
import { Rng } from '../src/rng.js';
import { assemble, Fn, F64, I32, sleb, uleb } from '../src/wasm/assembler.js';
import {
  heapF64,
  heapMark,
  heapRelease,
  kernelModuleBytes,
  onWasmHeap,
  wasmAxpyN,
  wasmDotsT,
  wasmKernelsAvailable,
  withWasmHeap,
} from '../src/wasm/kernels.js';

// The kernels are checked against naive triple loops (to round-off, bound stated per test) and,
// where they promise it, against the TypeScript kernels bit for bit: an array outside the heap
// always takes the TypeScript path, the same data copied into the heap takes the SIMD path.

const HEAP = 1 << 24;

/** The WebAssembly JS API (not typed by the ES2022 lib without DOM). */
const WA = (
  globalThis as unknown as {
    WebAssembly: {
      validate(b: Uint8Array): boolean;
      Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
      Module: new (b: Uint8Array) => object;
      Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

function fill(a: Float64Array, rng: Rng): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = rng.uniform() * 2 - 1;
  return a;
}

/** A heap copy of `a` (inside withWasmHeap). */
function onHeap(a: Float64Array): Float64Array {
  const h = heapF64(a.length);
  h.set(a);
  return h;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('WebAssembly assembler and SIMD kernels', () => {
  it('encodes LEB128 integers as the WebAssembly specification does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([127]);
    expect(uleb(128)).toEqual([0x80, 1]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([63]);
    expect(sleb(64)).toEqual([0xc0, 0]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('assembles a module that validates and runs (a scalar dot product written with the emitter)', () => {
    const f = new Fn('dot', [I32, I32, I32], [F64]);
    const s = f.local(F64);
    f.f64(0).set(s);
    f.block(() => {
      f.get(2).i32Eqz().brIf(0);
      f.loop(() => {
        f.get(s).get(0).f64Load().get(1).f64Load().f64Mul().f64Add().set(s);
        f.inc(0, 8).inc(1, 8);
        f.get(2).i32(1).i32Sub().tee(2).brIf(0);
      });
    });
    f.get(s);
    const bytes = assemble([f]);
    expect(WA.validate(bytes)).toBe(true);
    const memory = new WA.Memory({ initial: 1 });
    const inst = new WA.Instance(new WA.Module(bytes), { env: { memory } });
    const x = new Float64Array(memory.buffer, 0, 8);
    x.set([1, 2, 3, 4, 5, 6, 7, 8]);
    const dot = inst.exports.dot as (a: number, b: number, n: number) => number;
    expect(dot(0, 32, 4)).toBe(1 * 5 + 2 * 6 + 3 * 7 + 4 * 8);
    expect(dot(0, 32, 0)).toBe(0);
  });

  it('the kernel module validates and the SIMD kernels are available on this engine (Node ≥ 16.4)', () => {
    expect(WA.validate(kernelModuleBytes())).toBe(true);
    expect(wasmKernelsAvailable()).toBe(true);
  });

  it('heap arrays live in WebAssembly memory only inside withWasmHeap, and marks release nested workspaces', () => {
    expect(onWasmHeap(heapF64(8))).toBe(false); // no heap active: ordinary array
    withWasmHeap(HEAP, true, () => {
      const a = heapF64(100);
      expect(onWasmHeap(a)).toBe(true);
      expect(a.every((x) => x === 0)).toBe(true);
      const mark = heapMark();
      const b = heapF64(50);
      heapRelease(mark);
      const c = heapF64(50);
      expect(c.byteOffset).toBe(b.byteOffset); // reused after the release
      // no nesting: an inner call keeps allocating from the outer heap (the memory never grows
      // while its views are alive)
      withWasmHeap(HEAP, true, () => expect(onWasmHeap(heapF64(4))).toBe(true));
      // a request larger than the heap falls back to an ordinary array
      expect(onWasmHeap(heapF64(HEAP))).toBe(false);
    });
    withWasmHeap(HEAP, false, () => expect(onWasmHeap(heapF64(4))).toBe(false));
  });

  it('gemmAcc in SIMD equals the TypeScript kernel bit for bit and a naive triple loop to 1e-13, for both B layouts and ragged sizes', () => {
    const rng = new Rng(11);
    for (const [m, n, kk] of [
      [4, 4, 1],
      [13, 9, 7],
      [32, 31, 32],
      [67, 41, 5],
    ]) {
      for (const layout of ['ABt', 'AB'] as const) {
        const lda = m + 3;
        const a = fill(new Float64Array(lda * kk), rng);
        // ABᵀ: B stored n×kk (ldb = n + 2); AB: B stored kk×n (ldb = kk + 1)
        const ldb = layout === 'ABt' ? n + 2 : kk + 1;
        const b = fill(new Float64Array(ldb * (layout === 'ABt' ? kk : n)), rng);
        const [bsj, bsp] = layout === 'ABt' ? [1, ldb] : [ldb, 1];
        const ldc = m + 1;
        const c0 = fill(new Float64Array(ldc * n), rng);
        const ts = Float64Array.from(c0);
        gemmAcc(m, n, kk, -0.75, a, 0, lda, b, 0, bsj, bsp, ts, 0, ldc);
        const naive = Float64Array.from(c0);
        for (let j = 0; j < n; j++)
          for (let i = 0; i < m; i++) {
            let s = 0;
            for (let p = 0; p < kk; p++) s += a[i + p * lda] * b[j * bsj + p * bsp];
            naive[i + j * ldc] += -0.75 * s;
          }
        // kk ≤ 32 products of numbers in [-1, 1]: |error| ≤ 32·2⁻⁵³·32 < 1e-13
        expect(maxAbsDiff(ts, naive)).toBeLessThan(1e-13);
        withWasmHeap(HEAP, true, () => {
          const ha = onHeap(a);
          const hb = onHeap(b);
          const hc = onHeap(c0);
          gemmAcc(m, n, kk, -0.75, ha, 0, lda, hb, 0, bsj, bsp, hc, 0, ldc);
          expect(maxAbsDiff(hc, ts)).toBe(0);
        });
      }
    }
  });

  it('gemmTN in SIMD (even/odd lanes) agrees with a naive loop to 1e-13 for odd and even depths, including depth 1', () => {
    const rng = new Rng(12);
    for (const [m, n, kk] of [
      [4, 2, 1],
      [9, 7, 2],
      [32, 33, 101],
      [5, 17, 256],
    ]) {
      const lda = kk + 2;
      const ldb = kk + 1;
      const a = fill(new Float64Array(lda * m), rng);
      const b = fill(new Float64Array(ldb * n), rng);
      const naive = new Float64Array(m * n);
      for (let j = 0; j < n; j++)
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let p = 0; p < kk; p++) s += a[p + i * lda] * b[p + j * ldb];
          naive[i + j * m] = s;
        }
      withWasmHeap(HEAP, true, () => {
        const c = heapF64(m * n);
        gemmTN(m, n, kk, onHeap(a), 0, lda, onHeap(b), 0, ldb, c, 0, m);
        // a different summation order: |difference| ≤ 2·kk·2⁻⁵³·Σ|a||b| ≤ 2·256²·1.1e-16 < 2e-11
        expect(maxAbsDiff(c, naive)).toBeLessThan(1e-12 * Math.max(1, kk / 16));
      });
    }
  });

  it('the profiled products used by the bulge chase agree between SIMD and TypeScript on a banded factor', () => {
    const rng = new Rng(13);
    const kk = 22;
    const u = fill(new Float64Array(kk * kk), rng);
    // block-banded: zero the far corners like an accumulated multishift factor
    for (let j = 0; j < kk; j++) for (let i = 0; i < kk; i++) if (Math.abs(i - j) > 9) u[i + j * kk] = 0;
    const lo = new Int32Array(8);
    const hi = new Int32Array(8);
    columnProfile4(kk, kk, u, 0, kk, lo, hi);
    const m = 19;
    const h = fill(new Float64Array(m * kk), rng);
    const tsV = new Float64Array(m * kk);
    gemmAccProfiled(m, kk, 1, h, 0, m, u, 0, kk, lo, hi, tsV, 0, m);
    const g = fill(new Float64Array(kk * 11), rng);
    const tsH = new Float64Array(kk * 11);
    gemmTNProfiled(kk, 11, u, 0, kk, lo, hi, g, 0, kk, tsH, 0, kk);
    withWasmHeap(HEAP, true, () => {
      const hu = onHeap(u);
      const wV = heapF64(m * kk);
      gemmAccProfiled(m, kk, 1, onHeap(h), 0, m, hu, 0, kk, lo, hi, wV, 0, m);
      expect(maxAbsDiff(wV, tsV)).toBe(0);
      const wH = heapF64(kk * 11);
      gemmTNProfiled(kk, 11, hu, 0, kk, lo, hi, onHeap(g), 0, kk, wH, 0, kk);
      expect(maxAbsDiff(wH, tsH)).toBeLessThan(1e-14); // ≤ 10 terms of size ≤ 1
    });
  });

  it('3×3 reflector applications in WebAssembly equal the TypeScript loops bit for bit (odd and even lengths)', () => {
    const rng = new Rng(14);
    const ld = 41;
    const base = fill(new Float64Array(ld * ld), rng);
    const [v2, v3, t1] = [0.3, -0.7, 1.2];
    const ops = (h: Float64Array): void => {
      reflectCols3(h, 5 * ld - 1, ld, 3, 37, v2, v3, t1, t1 * v2, t1 * v3); // 35 rows (odd)
      reflectCols3(h, 9 * ld - 1, ld, 1, 30, v2, v3, t1, t1 * v2, t1 * v3); // 30 rows (even)
      reflectRows3(h, 7 + 2 * ld, ld, 33, v2, v3, t1, t1 * v2, t1 * v3);
    };
    const ts = Float64Array.from(base);
    ops(ts);
    expect(maxAbsDiff(ts, base)).toBeGreaterThan(0.01); // the operations did something
    withWasmHeap(HEAP, true, () => {
      const w = onHeap(base);
      ops(w);
      expect(maxAbsDiff(w, ts)).toBe(0);
    });
  });

  it('the panel kernels (sequential multi-axpy, column dot products) match naive loops for odd and even row counts', () => {
    const rng = new Rng(16);
    for (const nr of [1, 2, 37, 64]) {
      const lda = nr + 3;
      const ncol = 7;
      const a = fill(new Float64Array(lda * ncol), rng);
      const x = fill(new Float64Array(nr + 1), rng);
      const c = fill(new Float64Array(2 * ncol), rng);
      // sequential axpys: exactly the operations of the loop below, in the same order
      const t = Float64Array.from(x);
      for (let p = 0; p < ncol; p++) for (let r = 0; r < nr; r++) t[1 + r] -= a[2 + r + p * lda] * c[2 * p];
      const d = new Float64Array(ncol);
      for (let p = 0; p < ncol; p++) for (let r = 0; r < nr; r++) d[p] += a[2 + r + p * lda] * x[1 + r];
      withWasmHeap(HEAP, true, () => {
        const hx = onHeap(x);
        const ha = onHeap(a);
        wasmAxpyN(hx, 1, nr, ha, 2, lda, ncol, onHeap(c), 0, 2);
        expect(maxAbsDiff(hx, t)).toBe(0);
        const out = heapF64(ncol);
        wasmDotsT(ha, 2, lda, ncol, onHeap(x), 1, nr, out, 0);
        expect(maxAbsDiff(out, d)).toBeLessThan(1e-14 * nr); // reordered sum of nr terms ≤ 1
      });
    }
  });

  it('the blocked Hessenberg reduction gives the same matrix to round-off in the heap (SIMD products) as outside', () => {
    const rng = new Rng(15);
    for (const n of [161, 200]) {
      const a = fill(new Float64Array(n * n), rng);
      const ts = Float64Array.from(a);
      hessenbergReduce(ts, n, n);
      withWasmHeap(HEAP, true, () => {
        const w = onHeap(a);
        hessenbergReduce(w, n, n);
        // the trailing update's Vᵀ·A (a dot-product form) sums in another order: round-off only
        expect(maxAbsDiff(w, ts)).toBeLessThan(1e-12);
      });
    }
  });
});
