import { describe, expect, it } from 'vitest';
import { Rng } from '@gatefield/numerics';
import { luFactor, luSolve, matvec } from '../src/index.js';

describe('luFactor / luSolve', () => {
  it('solves random systems to a backward error of order n·ε across panel boundaries', () => {
    const rng = new Rng(11);
    for (const n of [1, 2, 5, 47, 48, 49, 63, 64, 65, 95, 96, 97, 150, 200]) {
      const a = rng.normals(n * n, 1 / Math.sqrt(n));
      for (let i = 0; i < n; i++) a[i * n + i] -= 1; // J-like: −1 + Ginibre
      const b = rng.normals(n);
      const x = luSolve(luFactor(a, n), b);
      const r = matvec(a, x, n, n);
      const err = r.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
      expect(err, `n = ${n}`).toBeLessThan(1e-13 * n);
    }
  });

  it('pivots: a matrix with a zero leading entry is solved exactly', () => {
    const a = Float64Array.of(0, 1, 2, 1, 0, 3, 4, -3, 8);
    const x = luSolve(luFactor(a, 3), Float64Array.of(1, 2, 3));
    const r = matvec(a, x, 3, 3);
    expect(Array.from(r).map((v) => +v.toFixed(12))).toEqual([1, 2, 3]);
  });

  it('leaves the input alone unless inPlace and reports an exactly singular matrix by pivotRatio 0', () => {
    const a = Float64Array.of(1, 2, 2, 4);
    const copy = Float64Array.from(a);
    const f = luFactor(a, 2);
    expect(Array.from(a)).toEqual(Array.from(copy));
    expect(f.pivotRatio).toBe(0);
    expect(luFactor(Float64Array.of(2, 0, 0, 1), 2).pivotRatio).toBe(0.5);
  });

  it('gives bit-for-bit the same factors with the WebAssembly and the TypeScript GEMM, in place or not', () => {
    const rng = new Rng(12);
    for (const n of [90, 150, 211]) {
      const a = rng.normals(n * n, 1 / Math.sqrt(n));
      const copy = Float64Array.from(a);
      const w = luFactor(a, n);
      const t = luFactor(a, n, false, { wasm: false });
      expect(Buffer.from(w.lu.buffer).equals(Buffer.from(t.lu.buffer)), `n = ${n}`).toBe(true);
      expect(Array.from(w.pivots)).toEqual(Array.from(t.pivots));
      expect(w.pivotRatio).toBe(t.pivotRatio);
      expect(Buffer.from(a.buffer).equals(Buffer.from(copy.buffer))).toBe(true);
      const inPlace = luFactor(a, n, true);
      expect(inPlace.lu).toBe(a);
      expect(Buffer.from(a.buffer).equals(Buffer.from(w.lu.buffer))).toBe(true);
    }
  });
});
