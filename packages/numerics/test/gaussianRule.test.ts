import { describe, expect, it } from 'vitest';
import { gaussHermite, gaussianAverage, uniformGaussianRule } from '../src/gaussianRule.js';
import { brent } from '../src/brent.js';

/** Adaptive-free reference: a very fine uniform rule (trapezoid is spectrally accurate here). */
const fine = uniformGaussianRule(200001, 14);

describe('Gauss–Hermite quadrature [NUM-1]', () => {
  it('integrates the normal moments E x^{2k} = (2k−1)!! exactly up to degree 2n−1', () => {
    const rule = gaussHermite(20);
    let dfact = 1;
    for (let k = 0; k <= 19; k++) {
      if (k > 0) dfact *= 2 * k - 1;
      const m = gaussianAverage((x) => x ** (2 * k), 1, 0, rule);
      expect(Math.abs(m - dfact) / dfact).toBeLessThan(1e-12);
      expect(Math.abs(gaussianAverage((x) => x ** (2 * k + 1), 1, 0, rule))).toBeLessThan(1e-9 * dfact);
    }
  });

  it('builds stable rules up to 500 nodes with weights that are positive and sum to one', () => {
    for (const n of [1, 2, 3, 64, 151, 201, 300, 500]) {
      const r = gaussHermite(n);
      let s = 0;
      for (let k = 0; k < n; k++) {
        expect(r.weights[k]).toBeGreaterThanOrEqual(0);
        s += r.weights[k];
        if (k > 0) expect(r.nodes[k]).toBeGreaterThan(r.nodes[k - 1]);
      }
      expect(s).toBeCloseTo(1, 14);
      expect(gaussianAverage((x) => x * x, 1, 0, r)).toBeCloseTo(n === 1 ? 0 : 1, 11);
    }
  });

  it('reproduces the measured error table of E tanh²(√q z) at q = 2.12 [NUM-REF-1]', () => {
    const q = 2.12;
    const f = (x: number) => Math.tanh(x) ** 2;
    const ref = gaussianAverage(f, q, 0, fine);
    // Recorded errors: n = 20: 1.9e-3, 64: 1.9e-6, 100: 3.2e-8, 200: 6e-12, 300: 8e-15.
    const table: [number, number][] = [[20, 1.9e-3], [64, 1.9e-6], [100, 3.2e-8], [200, 6e-12]];
    for (const [n, recorded] of table) {
      const err = Math.abs(gaussianAverage(f, q, 0, gaussHermite(n)) - ref);
      expect(err).toBeGreaterThan(recorded / 4);
      expect(err).toBeLessThan(recorded * 4);
    }
    expect(Math.abs(gaussianAverage(f, q, 0, gaussHermite(300)) - ref)).toBeLessThan(1e-13);
  });

  it('solves the vanilla fixed point q = g² E tanh²(√q z) at g = 2 to q* = 2.1214738 in about 18 evaluations [NUM-REF-3]', () => {
    const rule = gaussHermite(100);
    const r = brent((q) => 4 * gaussianAverage((x) => Math.tanh(x) ** 2, q, 0, rule) - q, 1, 4, { xtol: 1e-12 });
    expect(r.root).toBeCloseTo(2.1214738, 6);
    expect(r.evaluations).toBeLessThanOrEqual(20);
    const rAdaptive = brent((q) => 4 * gaussianAverage((x) => Math.tanh(x) ** 2, q, 0, fine) - q, 1, 4, { xtol: 1e-12 });
    expect(rAdaptive.root).toBeCloseTo(2.1214736, 6);
  });

  it('rejects node counts outside 1..1000', () => {
    expect(() => gaussHermite(0)).toThrow(/quadratureNodes/);
    expect(() => gaussHermite(2.5)).toThrow(/quadratureNodes/);
  });
});
