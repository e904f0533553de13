/**
 * Pole sums (`poleSums.ts`): the WebAssembly SIMD kernel is bit-for-bit equal to the TypeScript
 * loop, both equal the defining sums, and the shapes are validated.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Rng, poleSumsWorkspace } from '../src/index.js';

function fill(w: ReturnType<typeof poleSumsWorkspace>, seed: number) {
  const rng = new Rng(seed);
  const u = Float64Array.from({ length: w.nK * (2 + w.m1 + w.m2) + w.nR }, () => rng.uniform());
  let i = 0;
  for (let k = 0; k < w.nK; k++) {
    w.a[k] = 0.1 + u[i++];
    w.b[k] = u[i++] * 2;
  }
  for (let k = 0; k < w.c1.length; k++) w.c1[k] = u[i++] - 0.3;
  for (let k = 0; k < w.c2.length; k++) w.c2[k] = u[i++] - 0.3;
  for (let j = 0; j < w.nR; j++) w.r[j] = 3 * u[i++];
}

describe('pole sums', () => {
  for (const [nK, nR, m1, m2] of [[40, 256, 3, 5], [7, 9, 1, 0], [1, 1, 0, 2], [13, 2, 2, 2]] as const) {
    it(`are bit-identical with and without WebAssembly and equal the defining sums (nK = ${nK}, nR = ${nR}, m = ${m1} + ${m2})`, () => {
      const a = poleSumsWorkspace(nK, nR, m1, m2);
      const b = poleSumsWorkspace(nK, nR, m1, m2, { wasm: false });
      expect(b.wasm).toBe(false);
      fill(a, 7);
      fill(b, 7);
      a.run();
      b.run();
      const m = m1 + m2;
      for (let c = 0; c < m; c++) for (let j = 0; j < nR; j++) expect(a.out[c * a.ld + j]).toBe(b.out[c * b.ld + j]);
      for (let j = 0; j < nR; j++) {
        for (let c = 0; c < m; c++) {
          let s = 0;
          for (let k = 0; k < nK; k++) {
            const e = 1 / (b.a[k] + b.b[k] * b.r[j]);
            s += c < m1 ? b.c1[k * m1 + c] * e : b.c2[k * m2 + c - m1] * e * e;
          }
          expect(Math.abs(b.out[c * b.ld + j] - s)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(s)));
        }
      }
    });
  }

  it('evaluates only the first nr shifts when asked', () => {
    const a = poleSumsWorkspace(5, 6, 1, 1);
    fill(a, 3);
    a.out.fill(-1);
    a.run(3);
    expect(a.out[0]).not.toBe(-1);
    expect(a.out[2]).not.toBe(-1);
    expect(a.out[4]).toBe(-1);
    expect(a.out[a.ld + 4]).toBe(-1);
  });

  it('uses WebAssembly on this engine', () => {
    expect(poleSumsWorkspace(4, 4, 1, 1).wasm).toBe(true);
  });

  it('rejects shapes that are not positive integers with one line naming the parameter', () => {
    expect(() => poleSumsWorkspace(0, 4, 1, 1)).toThrow(InvalidParameterError);
    expect(() => poleSumsWorkspace(4, 2.5, 1, 1)).toThrow(/nR/);
    expect(() => poleSumsWorkspace(4, 4, 0, 0)).toThrow(/m1 \+ m2/);
    for (const wasm of [true, false]) {
      const w = poleSumsWorkspace(4, 4, 1, 1, { wasm });
      expect(() => w.run(5)).toThrow(/nr/);
      expect(() => w.run(-1)).toThrow(/nr/);
      expect(() => w.run(1.5)).toThrow(InvalidParameterError);
    }
  });
});
