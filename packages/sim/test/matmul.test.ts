import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '@gatefield/numerics';
import { addScaledRows, isZeroVector, matmul, matvec, scaleColumns, scaleRows, withMatricesOnHeap } from '../src/index.js';

function naive(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
    c[i * n + j] = s;
  }
  return c;
}

const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);

describe('matmul', () => {
  it('equals the naive triple loop on shapes that straddle the block and unroll sizes', () => {
    const rng = new Rng(1);
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [2, 4, 1], [130, 257, 129], [257, 131, 300]]) {
      const a = rng.normals(m * k), b = rng.normals(k * n);
      // Sums of k terms of size O(1): rounding ≲ k·ε·√k.
      expect(maxDiff(matmul(a, b, m, k, n), naive(a, b, m, k, n))).toBeLessThan(1e-12 * k);
    }
  });

  it('gives bit-for-bit the same product with and without WebAssembly', () => {
    const rng = new Rng(3);
    for (const [m, k, n] of [[9, 300, 7], [130, 257, 129]]) {
      const a = rng.normals(m * k), b = rng.normals(k * n);
      const w = matmul(a, b, m, k, n);
      const t = matmul(a, b, m, k, n, undefined, { wasm: false });
      expect(Buffer.from(w.buffer).equals(Buffer.from(t.buffer)), `${m}×${k}×${n}`).toBe(true);
    }
  });

  it('agrees with the naive product on random small shapes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 1000 }), (m, k, n, seed) => {
        const rng = new Rng(seed);
        const a = rng.normals(m * k), b = rng.normals(k * n);
        return maxDiff(matmul(a, b, m, k, n), naive(a, b, m, k, n)) < 1e-12;
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('overwrites a reused output buffer and rejects aliasing and wrong shapes', () => {
    const rng = new Rng(2);
    const a = rng.normals(9), b = rng.normals(9);
    const out = new Float64Array(9).fill(7);
    expect(maxDiff(matmul(a, b, 3, 3, 3, out), naive(a, b, 3, 3, 3))).toBeLessThan(1e-14);
    expect(() => matmul(a, b, 3, 3, 3, a)).toThrow(RangeError);
    expect(() => matmul(a, b, 3, 2, 3)).toThrow(RangeError);
  });
});

describe('matvec and diagonal scalings', () => {
  it('matvec equals the naive product plus the shift', () => {
    const rng = new Rng(3);
    const a = rng.normals(7 * 11), x = rng.normals(11);
    const y = matvec(a, x, 7, 11, undefined, 0.25);
    for (let i = 0; i < 7; i++) {
      let s = 0.25;
      for (let j = 0; j < 11; j++) s += a[i * 11 + j] * x[j];
      expect(y[i]).toBeCloseTo(s, 13);
    }
  });

  it('scaleRows is diag(d)·A, scaleColumns is A·diag(d), addScaledRows adds diag(d)·A into a block', () => {
    const rng = new Rng(4);
    const a = rng.normals(12), d3 = rng.normals(3), d4 = rng.normals(4);
    const r = scaleRows(d3, a, 3, 4), c = scaleColumns(a, d4, 3, 4);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) {
      expect(r[i * 4 + j]).toBe(d3[i] * a[i * 4 + j]);
      expect(c[i * 4 + j]).toBe(a[i * 4 + j] * d4[j]);
    }
    const sq = rng.normals(9), d = rng.normals(3);
    const acc = new Float64Array(25).fill(1);
    addScaledRows(acc, 5, 1, 2, d, sq, 3);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) {
      const inBlock = i >= 1 && i < 4 && j >= 2;
      expect(acc[i * 5 + j]).toBe(inBlock ? 1 + d[i - 1] * sq[(i - 1) * 3 + (j - 2)] : 1);
    }
    expect(isZeroVector(new Float64Array(3))).toBe(true);
    expect(isZeroVector(Float64Array.of(0, 1e-300, 0))).toBe(false);
  });
});

describe('withMatricesOnHeap', () => {
  it('gives matvec on the heap copies the same bits as on the originals, and leaves the originals alone', () => {
    const rng = new Rng(21);
    const n = 131;
    const w1 = rng.normals(n * n), w2 = rng.normals(n * n), x = rng.normals(n);
    const plain = [matvec(w1, x, n, n, undefined, 0.5), matvec(w2, x, n, n)];
    const { onHeap, copied } = withMatricesOnHeap([w1, w2], 0, (copies) => ({
      onHeap: [Float64Array.from(matvec(copies[0], x, n, n, undefined, 0.5)), Float64Array.from(matvec(copies[1], x, n, n))],
      copied: copies[0] !== w1 && copies[1] !== w2,
    }));
    expect(copied).toBe(true);
    onHeap.forEach((y, k) => expect(Buffer.from(y.buffer).equals(Buffer.from(plain[k].buffer)), `matrix ${k}`).toBe(true));
    const small = withMatricesOnHeap([Float64Array.of(1, 2, 3, 4)], 0, (copies) => copies[0]);
    expect(Array.from(small)).toEqual([1, 2, 3, 4]);
  });
});

