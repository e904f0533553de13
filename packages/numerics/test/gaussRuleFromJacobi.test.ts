import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../src/errors.js';
import { gaussHermite, gaussRuleFromJacobi } from '../src/gaussianRule.js';

// Golub–Welsch from a Jacobi matrix ([NUM-1]): the QL eigenvalue routine of the Gauss–Hermite rules,
// with the first eigenvector row carried along (shared with the map site rule of the theory package).
describe('gaussRuleFromJacobi', () => {
  it('reproduces the probabilists’ Gauss–Hermite rule from the Hermite recurrence (α = 0, β_k = √(k+1))', () => {
    for (const n of [1, 2, 5, 20, 64]) {
      const r = gaussRuleFromJacobi(new Float64Array(n), Float64Array.from({ length: n - 1 }, (_, k) => Math.sqrt(k + 1)), 1);
      const gh = gaussHermite(n);
      for (let k = 0; k < n; k++) {
        expect(Math.abs(r.nodes[k] - gh.nodes[k])).toBeLessThan(1e-12 * Math.max(1, Math.abs(gh.nodes[k])));
        expect(Math.abs(r.weights[k] - gh.weights[k])).toBeLessThan(1e-12 * Math.max(gh.weights[k], 1e-300) + 1e-300);
      }
    }
  });

  it('integrates polynomials of degree 2n − 1 of a discrete measure exactly (mass 3, Legendre-like Jacobi matrix)', () => {
    // Legendre on [−1, 1]: α = 0, β_k = (k+1)/√((2k+1)(2k+3)), μ₀ = 2
    const n = 6;
    const beta = Float64Array.from({ length: n - 1 }, (_, k) => (k + 1) / Math.sqrt((2 * k + 1) * (2 * k + 3)));
    const r = gaussRuleFromJacobi(new Float64Array(n), beta, 2);
    for (let p = 0; p <= 2 * n - 1; p++) {
      const exact = p % 2 === 1 ? 0 : 2 / (p + 1);
      let q = 0;
      for (let k = 0; k < n; k++) q += r.weights[k] * r.nodes[k] ** p;
      expect(Math.abs(q - exact)).toBeLessThan(1e-14);
    }
  });

  it('rejects empty, mismatched or non-finite Jacobi matrices and a non-positive mass with InvalidParameterError', () => {
    expect(() => gaussRuleFromJacobi([], [], 1)).toThrow(InvalidParameterError);
    expect(() => gaussRuleFromJacobi([0, 0, 0], [1], 1)).toThrow(InvalidParameterError);
    expect(() => gaussRuleFromJacobi([0, Number.NaN], [1], 1)).toThrow(InvalidParameterError);
    expect(() => gaussRuleFromJacobi([0, 0], [1], 0)).toThrow(InvalidParameterError);
  });
});
