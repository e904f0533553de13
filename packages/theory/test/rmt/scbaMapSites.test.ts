/**
 * The map site rule `gruMapSites` (Gauss rules of the discrete ρ- and u = h²-laws of the default
 * tensor rule) and its building block `discreteGaussRule`.
 */
import { describe, expect, it } from 'vitest';
import { discreteGaussRule, gruMapSites, gruQuadratureSites, resolveGruParameters, scbaDensityGrid, scbaGreenFunction, solveGruMeanField } from '../../src/index.js';

const raw = { g_h: 3, alpha_z: 2, alpha_r: 2 };
const p = resolveGruParameters(raw);
const root = solveGruMeanField(raw).roots.slice(-1)[0];
const params = { gH2: p.g_h ** 2 };
const avg = (s: { weights: Float64Array }, f: (i: number) => number) => {
  let a = 0;
  for (let i = 0; i < s.weights.length; i++) a += s.weights[i] * f(i);
  return a;
};

describe('discreteGaussRule', () => {
  const t = Float64Array.from([0.05, 0.2, 0.31, 0.5, 0.62, 0.9, 0.97]);
  const w = Float64Array.from([0.1, 0.2, 0.05, 0.25, 0.1, 0.2, 0.1]);
  it('reproduces the moments of degree ≤ 2n − 1 of a discrete measure with nodes inside its hull and positive weights', () => {
    for (const n of [1, 2, 3]) {
      const r = discreteGaussRule(t, w, n);
      for (let d = 0; d <= 2 * n - 1; d++) {
        let exact = 0;
        let gauss = 0;
        for (let k = 0; k < t.length; k++) exact += w[k] * t[k] ** d;
        for (let j = 0; j < n; j++) gauss += r.weights[j] * r.nodes[j] ** d;
        expect(Math.abs(gauss - exact)).toBeLessThan(1e-13);
      }
      for (let j = 0; j < n; j++) {
        expect(r.nodes[j]).toBeGreaterThan(0.05);
        expect(r.nodes[j]).toBeLessThan(0.97);
        expect(r.weights[j]).toBeGreaterThan(0);
      }
    }
  });
  it('returns the measure itself when n is the number of points', () => {
    const r = discreteGaussRule(t, w, t.length);
    for (let k = 0; k < t.length; k++) {
      expect(Math.abs(r.nodes[k] - t[k])).toBeLessThan(1e-12);
      expect(Math.abs(r.weights[k] - w[k])).toBeLessThan(1e-12);
    }
  });
});

describe('gruMapSites', () => {
  const def = gruQuadratureSites(root, p);
  it('keeps the ξ-rule and the low moments of the default rule exactly (40 × 6 × 8 = 1920 sites by default)', () => {
    const m = gruMapSites(root, p);
    expect(m.rule).toEqual({ xi: 40, reset: 6, candidate: 8 });
    expect(m.weights.length).toBe(1920);
    expect(new Set(m.s).size).toBe(new Set(def.s).size);
    // l² is quadratic in u, d² linear in u and quartic in ρ: integrated exactly by the Gauss rules
    for (const f of [(s: typeof m, i: number) => s.l[i] ** 2, (s: typeof m, i: number) => s.d[i] ** 2, (s: typeof m, i: number) => s.l[i] ** 2 * s.rho[i] ** 2, (s: typeof m, i: number) => s.s[i]]) {
      const a = avg(m, (i) => f(m, i));
      const b = avg(def, (i) => f(def as never, i));
      expect(Math.abs(a - b)).toBeLessThan(1e-13 * Math.abs(b));
    }
  });

  it('equals the default rule (to round-off in G) when the Gauss rules have as many nodes as distinct values', () => {
    const m = gruMapSites(root, p, { resetNodes: 16, candidateNodes: 16 });
    const a = scbaGreenFunction(m, params);
    const b = scbaGreenFunction(def, params);
    for (const l of [{ re: -0.8, im: 0.2 }, { re: -0.3, im: 0.05 }, { re: -1.6, im: 0.3 }]) {
      const ga = a.solve(l).G;
      const gb = b.solve(l).G;
      expect(Math.hypot(ga.re - gb.re, ga.im - gb.im)).toBeLessThan(1e-12 * Math.hypot(gb.re, gb.im));
    }
  });

  it('reproduces the default-rule density on a grid to 1e-3 of max ρ (inside the bulk, incl. the real axis)', async () => {
    const grid = { xMin: -1.49, xMax: 0.13, nx: 14, yMin: 0, yMax: 0.69, ny: 10 };
    const a = await scbaDensityGrid(gruMapSites(root, p), params, grid, { workers: 0 });
    const b = await scbaDensityGrid(def, params, grid, { workers: 0 });
    expect(a.inBulk).toBe(b.inBulk);
    let max = 0;
    let err = 0;
    for (let k = 0; k < a.density.length; k++) {
      max = Math.max(max, b.density[k]);
      err = Math.max(err, Math.abs(a.density[k] - b.density[k]));
    }
    expect(err).toBeLessThan(1e-3 * max);
  });

  it('rejects invalid node counts', () => {
    expect(() => gruMapSites(root, p, { resetNodes: 0 })).toThrow(/resetNodes/);
    expect(() => gruMapSites(root, p, { candidateNodes: 1.5 })).toThrow(/candidateNodes/);
  });
});
