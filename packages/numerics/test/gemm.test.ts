import { describe, expect, it } from 'vitest';
import { gemm, GEMM_KC, GEMM_NC, gemmHeapArray, gemv, withGemmHeap } from '../src/gemm.js';
import { InvalidParameterError } from '../src/errors.js';
import { Rng } from '../src/rng.js';
import { heapMark, onWasmHeap, wasmKernelsAvailable } from '../src/wasm/kernels.js';

// gemm is checked against a naive triple loop (round-off bound k·ε·Σ|A||B| per entry, with a
// safety factor) and, as it promises, its WebAssembly and TypeScript paths against each other bit
// for bit, on ragged sizes that straddle the 4×4 kernel and the panel sizes.

function uniform(len: number, rng: Rng): Float64Array {
  const a = new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = rng.uniform() * 2 - 1;
  return a;
}

/** Naive C += alpha·A·B (row-major, strides) and the per-entry bound Σ_p |A||B|. */
function naive(m: number, n: number, k: number, alpha: number, a: Float64Array, aOff: number, lda: number, b: Float64Array, bOff: number, ldb: number, c: Float64Array, cOff: number, ldc: number) {
  const out = Float64Array.from(c);
  const bound = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        s += a[aOff + i * lda + p] * b[bOff + p * ldb + j];
        t += Math.abs(a[aOff + i * lda + p] * b[bOff + p * ldb + j]);
      }
      out[cOff + i * ldc + j] += alpha * s;
      bound[i * n + j] = Math.abs(alpha) * t + Math.abs(c[cOff + i * ldc + j]);
    }
  }
  return { out, bound };
}

function sameBits(x: Float64Array, y: Float64Array): boolean {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 4, 4],
  [5, 9, 2],
  [17, 33, 13],
  [64, 1, 64],
  [1, 70, 300],
  [70, 300, 1],
  [37, GEMM_KC + 3, GEMM_NC + 5],
  [130, 2 * GEMM_KC + 1, 61],
];

describe('gemm (row-major C += alpha·A·B)', () => {
  it('equals the naive triple loop to round-off on ragged shapes, with and without WebAssembly', () => {
    const rng = new Rng(3);
    for (const [m, k, n] of SHAPES) {
      const a = uniform(m * k, rng), b = uniform(k * n, rng), c0 = uniform(m * n, rng);
      const ref = naive(m, n, k, 1, a, 0, k, b, 0, n, c0, 0, n);
      for (const wasm of [true, false]) {
        const c = gemm(m, n, k, a, b, Float64Array.from(c0), { wasm });
        // worst ratio of the error to its bound (≤ 1 passes)
        let worst = 0;
        for (let j = 0; j < m * n; j++) worst = Math.max(worst, Math.abs(c[j] - ref.out[j]) / (4 * (k + 1) * Number.EPSILON * ref.bound[j]));
        expect(worst, `${m}×${k}×${n} wasm ${wasm}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives bit-for-bit the same C on the WebAssembly and the TypeScript kernels', () => {
    const rng = new Rng(4);
    for (const [m, k, n] of [...SHAPES, [100, 100, 100] as [number, number, number]]) {
      const a = uniform(m * k, rng), b = uniform(k * n, rng), c0 = uniform(m * n, rng);
      const cw = gemm(m, n, k, a, b, Float64Array.from(c0), { alpha: -0.75 });
      const ct = gemm(m, n, k, a, b, Float64Array.from(c0), { alpha: -0.75, wasm: false });
      expect(sameBits(cw, ct), `${m}×${k}×${n}`).toBe(true);
    }
  });

  it('runs the SIMD kernel on operands already in its heap, with the same bits as plain arrays', () => {
    const rng = new Rng(5);
    const [m, k, n] = [48, 72, 40];
    const a = uniform(m * k, rng), b = uniform(k * n, rng), c0 = uniform(m * n, rng);
    const plain = gemm(m, n, k, a, b, Float64Array.from(c0), { wasm: false });
    const [viaHeap, forcedTs, wasOnHeap] = withGemmHeap(m * k + k * n + 2 * m * n + 64, true, () => {
      const ha = gemmHeapArray(m * k), hb = gemmHeapArray(k * n), hc = gemmHeapArray(m * n), hd = gemmHeapArray(m * n);
      ha.set(a);
      hb.set(b);
      hc.set(c0);
      hd.set(c0);
      gemm(m, n, k, ha, hb, hc);
      gemm(m, n, k, ha, hb, hd, { wasm: false });
      return [Float64Array.from(hc), Float64Array.from(hd), onWasmHeap(hc)];
    });
    expect(wasOnHeap).toBe(wasmKernelsAvailable());
    expect(sameBits(viaHeap, plain)).toBe(true);
    expect(sameBits(forcedTs, plain)).toBe(true);
  });

  it('honours offsets and row strides, and leaves everything outside the C block untouched', () => {
    const rng = new Rng(6);
    const [m, k, n] = [21, 35, 18];
    const lda = k + 3, ldb = n + 5, ldc = n + 2;
    const aOffset = 7, bOffset = 2, cOffset = 11;
    const a = uniform(aOffset + m * lda, rng), b = uniform(bOffset + k * ldb, rng), c0 = uniform(cOffset + m * ldc + 4, rng);
    const ref = naive(m, n, k, 2.5, a, aOffset, lda, b, bOffset, ldb, c0, cOffset, ldc);
    for (const wasm of [true, false]) {
      const c = gemm(m, n, k, a, b, Float64Array.from(c0), { alpha: 2.5, aOffset, lda, bOffset, ldb, cOffset, ldc, wasm });
      for (let j = 0; j < c.length; j++) {
        const row = Math.floor((j - cOffset) / ldc), col = (j - cOffset) % ldc;
        const inside = j >= cOffset && row < m && col >= 0 && col < n;
        if (!inside) expect(c[j], `outside entry ${j}`).toBe(c0[j]);
        else expect(Math.abs(c[j] - ref.out[j])).toBeLessThanOrEqual(4 * (k + 1) * Number.EPSILON * ref.bound[row * n + col]);
      }
    }
  });

  it('updates a Schur complement inside one array (the blocked-LU use: A₂₂ −= L₂₁·U₁₂)', () => {
    const rng = new Rng(7);
    const size = 90, kb = 30;
    const x = uniform(size * size, rng);
    const ref = Float64Array.from(x);
    const m = size - kb;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < kb; p++) s += x[(kb + i) * size + p] * x[p * size + kb + j];
        ref[(kb + i) * size + kb + j] -= s;
      }
    }
    const y = gemm(m, m, kb, x, x, Float64Array.from(x), { alpha: -1, aOffset: kb * size, lda: size, bOffset: kb, ldb: size, cOffset: kb * size + kb, ldc: size });
    let d = 0;
    for (let j = 0; j < y.length; j++) d = Math.max(d, Math.abs(y[j] - ref[j]));
    expect(d).toBeLessThan(1e-13);
  });

  it('does nothing for empty sizes or alpha = 0 and rejects bad sizes, strides and short arrays', () => {
    const c = Float64Array.of(1, 2, 3, 4);
    expect(Array.from(gemm(0, 2, 2, new Float64Array(0), new Float64Array(4), c))).toEqual([1, 2, 3, 4]);
    expect(Array.from(gemm(2, 2, 0, new Float64Array(0), new Float64Array(0), c))).toEqual([1, 2, 3, 4]);
    expect(Array.from(gemm(2, 2, 2, new Float64Array(4).fill(NaN), new Float64Array(4), c, { alpha: 0 }))).toEqual([1, 2, 3, 4]);
    const a = new Float64Array(4);
    expect(() => gemm(-1, 2, 2, a, a, c)).toThrow(InvalidParameterError);
    expect(() => gemm(2.5, 2, 2, a, a, c)).toThrow(InvalidParameterError);
    expect(() => gemm(2, 2, 2, a, a, c, { lda: 1 })).toThrow(InvalidParameterError);
    expect(() => gemm(2, 2, 2, a, a, c, { cOffset: 1 })).toThrow(/C length/);
    expect(() => gemm(2, 2, 3, a, a, c)).toThrow(/A length/);
    expect(() => gemm(2, 2, 2, a, a, c, { wasm: 'yes' as unknown as boolean })).toThrow(InvalidParameterError);
    expect(() => gemm(2, 2, 2, a, a, c, { alpha: NaN })).toThrow(InvalidParameterError);
  });
});

describe('gemv (row-major y = A·x + shift)', () => {
  /** The documented order: even and odd partial sums, added, then an odd last term, then shift. */
  function reference(m: number, n: number, a: Float64Array, aOff: number, lda: number, x: Float64Array, shift: number): Float64Array {
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let e = 0, o = 0;
      for (let j = 0; j + 1 < n; j += 2) {
        e += a[aOff + i * lda + j] * x[j];
        o += a[aOff + i * lda + j + 1] * x[j + 1];
      }
      let s = e + o;
      if (n % 2 === 1) s += a[aOff + i * lda + n - 1] * x[n - 1];
      y[i] = s + shift;
    }
    return y;
  }

  it('sums in the documented order, bit for bit, on plain arrays and in the WebAssembly heap', () => {
    const rng = new Rng(8);
    for (const [m, n] of [[1, 1], [1, 2], [3, 1], [5, 7], [8, 8], [33, 64], [64, 33], [101, 257]] as [number, number][]) {
      const lda = n + (m % 3), aOffset = m % 5;
      const a = uniform(aOffset + m * lda, rng), x = uniform(n, rng);
      const ref = reference(m, n, a, aOffset, lda, x, 0.25);
      expect(sameBits(gemv(m, n, a, x, new Float64Array(m), { shift: 0.25, aOffset, lda }), ref), `plain ${m}×${n}`).toBe(true);
      const [heap, forced] = withGemmHeap(a.length + 64, true, () => {
        const ha = gemmHeapArray(a.length);
        ha.set(a);
        return [
          Float64Array.from(gemv(m, n, ha, x, new Float64Array(m), { shift: 0.25, aOffset, lda })),
          Float64Array.from(gemv(m, n, ha, x, new Float64Array(m), { shift: 0.25, aOffset, lda, wasm: false })),
        ];
      });
      expect(sameBits(heap, ref), `heap ${m}×${n}`).toBe(true);
      expect(sameBits(forced, ref), `forced TypeScript ${m}×${n}`).toBe(true);
    }
  });

  it('is within round-off of the naive product, and rejects short arrays', () => {
    const rng = new Rng(9);
    const [m, n] = [40, 301];
    const a = uniform(m * n, rng), x = uniform(n, rng);
    const y = gemv(m, n, a, x, new Float64Array(m));
    for (let i = 0; i < m; i++) {
      let s = 0, t = 0;
      for (let j = 0; j < n; j++) {
        s += a[i * n + j] * x[j];
        t += Math.abs(a[i * n + j] * x[j]);
      }
      expect(Math.abs(y[i] - s)).toBeLessThanOrEqual(2 * n * Number.EPSILON * t);
    }
    expect(() => gemv(2, 3, new Float64Array(5), new Float64Array(3), new Float64Array(2))).toThrow(/A length/);
    expect(() => gemv(2, 3, new Float64Array(6), new Float64Array(2), new Float64Array(2))).toThrow(/x length/);
    expect(() => gemv(2, 3, new Float64Array(6), new Float64Array(3), new Float64Array(1))).toThrow(/y length/);
  });
});

describe('withGemmHeap', () => {
  it('frees what a nested call allocates when it returns', () => {
    withGemmHeap(4096, true, () => {
      const before = heapMark();
      withGemmHeap(1024, true, () => {
        gemmHeapArray(512);
        if (wasmKernelsAvailable()) expect(heapMark()).toBeGreaterThan(before);
      });
      expect(heapMark()).toBe(before);
    });
  });
});

