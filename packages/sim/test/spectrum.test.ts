import { describe, expect, it } from 'vitest';
import { getModel } from '@gatefield/models';
import { InvalidParameterError } from '@gatefield/numerics';
import { abscissa, createNetwork, jacobianAtState, leftEdge, massInDisk, spectrum } from '../src/index.js';

const sortPairs = (re: Float64Array, im: Float64Array) =>
  Array.from(re, (r, a) => [r, im[a]] as [number, number]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);

describe('spectrum', () => {
  it('finds the eigenvalues of a block-diagonal matrix with a rotation block exactly', () => {
    // diag(2, −3) ⊕ [[1, −2], [2, 1]] (eigenvalues 1 ± 2i), conjugated by a permutation.
    const a = Float64Array.of(2, 0, 0, 0, 0, 1, 0, -2, 0, 0, -3, 0, 0, 2, 0, 1);
    const sp = spectrum(a, 4);
    const got = sortPairs(sp.re, sp.im);
    const want = [[-3, 0], [1, -2], [1, 2], [2, 0]];
    got.forEach((p, a) => {
      expect(p[0]).toBeCloseTo(want[a][0], 12);
      expect(p[1]).toBeCloseTo(want[a][1], 12);
    });
    expect(sp.trace).toBe(1);
    expect(sp.traceError).toBeLessThan(1e-14);
  });

  it('puts the vanilla Jacobian at the origin in the circular-law disk |λ + 1| ≤ g ([VAN-2])', () => {
    const n = 150;
    const g = 0.6;
    const net = createNetwork(getModel('vanilla'), { g }, n, 3);
    const sp = spectrum(jacobianAtState(net, new Float64Array(n)), n);
    // Σλ = trace to rounding ([NUM-11] solver cross-check).
    expect(sp.traceError).toBeLessThan(1e-12);
    // Finite-N edge spread is O(g N^{-1/2}) ≈ 0.05, so all mass lies within 1.25 g. The uniform
    // disk puts 1/4 of the mass within g/2; ±0.07 is 2 binomial sd (Ginibre counts are more rigid).
    expect(massInDisk(sp, { re: -1, im: 0, r: 1.25 * g })).toBe(1);
    expect(Math.abs(massInDisk(sp, { re: -1, im: 0, r: 0.5 * g }) - 0.25)).toBeLessThan(0.07);
    expect(abscissa(sp)).toBeLessThan(-1 + 1.25 * g);
    expect(leftEdge(sp)).toBeGreaterThan(-1 - 1.25 * g);
  });

  it('rejects a matrix whose length is not n² with InvalidParameterError', () => {
    expect(() => spectrum(new Float64Array(5), 2)).toThrow(InvalidParameterError);
    expect(() => spectrum(new Float64Array(4), 1.5)).toThrow(InvalidParameterError);
  });
});
