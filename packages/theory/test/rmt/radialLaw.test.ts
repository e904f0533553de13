/**
 * Radial law of the eigenvalues of K U, [PSI-5].
 */
import { describe, expect, it } from 'vitest';
import { eigvals, ginibre, InvalidParameterError, Rng } from '@gatefield/numerics';
import { radialCdf, radialLawCurve, radialLawParametric } from '../../src/rmt/index.js';

describe('radial law [PSI-5]', () => {
  it('reduces to the circular law F(r) = r^2/a for a constant site variable a', () => {
    const a = Float64Array.of(2.5, 2.5, 2.5);
    const w = Float64Array.of(0.2, 0.3, 0.5);
    for (const r of [0.1, 0.7, 1.2, 1.5]) {
      const res = radialCdf(a, w, r);
      expect(res.F).toBeCloseTo((r * r) / 2.5, 13);
      expect(res.F + res.complement).toBeCloseTo(1, 14);
    }
    expect(radialCdf(a, w, 2).F).toBe(1);
  });

  it('inverts the parametric form: F at the radius r(w) equals F(w), for a law with an atom at a = 0', () => {
    const a = Float64Array.of(0, 0.3, 1.7, 4.2);
    const w = Float64Array.of(0.1, 0.4, 0.3, 0.2);
    const ws = [1e-4, 0.05, 0.6, 3, 40];
    const par = radialLawParametric(a, w, ws);
    for (let k = 0; k < ws.length; k++) {
      const res = radialCdf(a, w, par.r[k]);
      expect(res.F).toBeCloseTo(par.F[k], 11);
      expect(res.w).not.toBeNull(); // inside the support
      expect((res.w as number) / ws[k]).toBeCloseTo(1, 9);
    }
    // atom: F(0) = P(a = 0), and F is continuous there
    expect(radialCdf(a, w, 0).F).toBe(0.1);
    expect(radialCdf(a, w, 1e-6).F).toBeCloseTo(0.1, 9);
  });

  it('gives a non-decreasing curve from P(a = 0) to 1 at the outer radius sqrt<a>', () => {
    const rng = new Rng(2);
    const a = new Float64Array(200).map(() => Math.exp(rng.normal()));
    const w = new Float64Array(200).fill(1 / 200);
    const c = radialLawCurve(a, w, 60);
    expect(c.outerRadius).toBeCloseTo(Math.sqrt(a.reduce((x, y) => x + y, 0) / 200), 14);
    expect(c.F[0]).toBe(0);
    expect(c.F[59]).toBe(1);
    for (let k = 1; k < 60; k++) expect(c.F[k]).toBeGreaterThanOrEqual(c.F[k - 1]);
    expect(() => radialCdf(a, w, -1)).toThrow(InvalidParameterError);
  });

  it('matches the radial CDF of the eigenvalues of U diag(x), U Ginibre (unit variance), N = 600, two seeds, within binomial counting noise', () => {
    const N = 600;
    for (const seed of [21, 22]) {
      const rng = new Rng(seed);
      const x = new Float64Array(N);
      const xr = rng.derive('law');
      for (let i = 0; i < N; i++) x[i] = 0.2 + Math.abs(xr.normal());
      const u = ginibre(rng.derive('U'), N, 1);
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) u[i * N + j] *= x[j];
      const ev = eigvals(u, N);
      const mod = Array.from({ length: N }, (_, k) => Math.hypot(ev.re[k], ev.im[k]));
      const a = x.map((v) => v * v); // a_i = x_i² × (variance 1)
      const w = new Float64Array(N).fill(1 / N);
      const outer = Math.sqrt(a.reduce((p, q) => p + q, 0) / N);
      for (const frac of [0.3, 0.5, 0.7, 0.9]) {
        const r = frac * outer;
        const F = radialCdf(a, w, r).F;
        const observed = mod.filter((m) => m <= r).length / N;
        // tolerance: 4 binomial standard errors sqrt(F(1-F)/N) (conservative: eigenvalue counts
        // fluctuate less than independent points) + an O(1/sqrt N) finite-size edge term
        const tol = 4 * Math.sqrt((F * (1 - F)) / N) + 0.1 / Math.sqrt(N);
        expect(Math.abs(observed - F)).toBeLessThan(tol);
      }
    }
  });
});
