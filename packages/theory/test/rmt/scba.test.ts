/**
 * Hermitised SCBA for the GRU fixed-point Jacobian: site matrix [GRU-SCBA-2], order parameters
 * [GRU-SCBA-3], Green's function [GRU-SCBA-4], contour masses [GRU-SCBA-6], solver [NUM-9].
 */
import { describe, expect, it } from 'vitest';
import { ConvergenceError, logistic, Rng, sech2, type Complex } from '@gatefield/numerics';
import {
  contourMass,
  gruPsiModel,
  gruSites,
  invertComplexPivoted,
  psiGreenFunction,
  psiLogPotential,
  scbaGreenFunction,
  scbaPath,
  scbaSiteMatrix,
  scbaSiteResolvent,
  scbaSiteTerms,
  scbaSolve,
  type GruSites,
  type ScbaOrderParameters,
} from '../../src/rmt/index.js';

/** iid GRU sites from a mean-field-like law ([NUM-11] mode 1); `resetDerivative` switches d on. */
function drawSites(n: number, seed: number, resetDerivative: boolean): GruSites {
  const rng = new Rng(seed);
  const C = 0.5;
  const alphaZ = 3;
  const alphaR = 4;
  const s = new Float64Array(n);
  const l = new Float64Array(n);
  const rho = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = Math.sqrt(C) * rng.normal();
    const zeta = Math.sqrt(C) * rng.normal();
    const eta = rng.normal();
    s[i] = logistic(alphaZ * xi);
    rho[i] = logistic(alphaR * zeta);
    l[i] = s[i] * sech2(eta);
    d[i] = resetDerivative ? Math.tanh(eta) * alphaR * rho[i] * logistic(-alphaR * zeta) : 0;
  }
  return gruSites({ s, l, rho, d });
}

function lensArea(r1: number, r2: number, dist: number): number {
  if (dist >= r1 + r2) return 0;
  if (dist <= Math.abs(r1 - r2)) return Math.PI * Math.min(r1, r2) ** 2;
  const a1 = Math.acos((dist * dist + r1 * r1 - r2 * r2) / (2 * dist * r1));
  const a2 = Math.acos((dist * dist + r2 * r2 - r1 * r1) / (2 * dist * r2));
  return r1 * r1 * a1 + r2 * r2 * a2 - 0.5 * Math.sqrt((-dist + r1 + r2) * (dist + r1 - r2) * (dist - r1 + r2) * (dist + r1 + r2));
}

const rnd = (rng: Rng): Complex => ({ re: rng.normal(), im: -Math.abs(rng.normal()) - 0.1 });
const randomOp = (rng: Rng): ScbaOrderParameters => ({ A1: rnd(rng), B1: rnd(rng), A2: rnd(rng), B2: rnd(rng) });

describe('SCBA site matrix [GRU-SCBA-2]', () => {
  it('has a closed-form inverse (continuants of the tridiagonal reordering) equal to pivoted Gauss-Jordan inversion for random complex order parameters and epsilon >= 0', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 50; trial++) {
      const site = { s: rng.uniform(), l: rng.normal(), rho: rng.uniform(), d: rng.normal() };
      const lambda = { re: rng.normal(), im: rng.normal() };
      const k = { gH2: 1 + 3 * rng.uniform(), sigmaUr2: 0.5 + rng.uniform(), epsilon: trial % 2 === 0 ? 0 : rng.uniform() };
      const op = randomOp(rng);
      const closed = scbaSiteResolvent(site, lambda, op, k);
      const ref = invertComplexPivoted(scbaSiteMatrix(site, lambda, op, k));
      let scale = 0;
      for (let i = 0; i < 16; i++) scale = Math.max(scale, Math.hypot(ref.re[i], ref.im[i]));
      for (let i = 0; i < 16; i++) {
        expect(Math.abs(closed.re[i] - ref.re[i])).toBeLessThan(1e-12 * scale);
        expect(Math.abs(closed.im[i] - ref.im[i])).toBeLessThan(1e-12 * scale);
      }
    }
  });

  it('gives the order-parameter terms of [GRU-SCBA-3] and G[2,0] of [GRU-SCBA-4] in an expanded form equal to the entries of the inverse', () => {
    const rng = new Rng(4);
    for (let trial = 0; trial < 20; trial++) {
      const site = { s: rng.uniform(), l: rng.normal(), rho: rng.uniform(), d: rng.normal() };
      const lambda = { re: rng.normal(), im: rng.normal() };
      const k = { gH2: 2, sigmaUr2: 1.3, epsilon: 0.1 * rng.uniform() };
      const op = randomOp(rng);
      const t = scbaSiteTerms(site, lambda, op, k);
      const g = invertComplexPivoted(scbaSiteMatrix(site, lambda, op, k));
      const e = (i: number, j: number): Complex => ({ re: g.re[4 * i + j], im: g.im[4 * i + j] });
      const { rho, d, l } = site;
      const a2 = {
        re: rho * rho * e(2, 2).re + rho * d * (e(2, 3).re + e(3, 2).re) + d * d * e(3, 3).re,
        im: rho * rho * e(2, 2).im + rho * d * (e(2, 3).im + e(3, 2).im) + d * d * e(3, 3).im,
      };
      const pairs: [Complex, Complex][] = [
        [t.A1, { re: l * l * e(0, 0).re, im: l * l * e(0, 0).im }],
        [t.B1, e(1, 1)],
        [t.A2, a2],
        [t.B2, e(2, 2)],
        [t.G, e(2, 0)],
      ];
      for (const [x, y] of pairs) {
        expect(Math.abs(x.re - y.re)).toBeLessThan(1e-12 * (1 + Math.abs(y.re)));
        expect(Math.abs(x.im - y.im)).toBeLessThan(1e-12 * (1 + Math.abs(y.im)));
      }
    }
  });

  it('at epsilon = 0 maps (A1, B1, A2, B2) -> (cA1, cB1, A2/c, B2/c) equivariantly and leaves G invariant: the scale symmetry of [NUM-9]', () => {
    const rng = new Rng(5);
    const site = { s: 0.4, l: 0.7, rho: 0.6, d: -0.3 };
    const lambda = { re: -0.3, im: 0.2 };
    const op = randomOp(rng);
    const k = { gH2: 3, sigmaUr2: 1, epsilon: 0 };
    const c = 3.7;
    const sc = (z: Complex, f: number) => ({ re: z.re * f, im: z.im * f });
    const t0 = scbaSiteTerms(site, lambda, op, k);
    const t1 = scbaSiteTerms(site, lambda, { A1: sc(op.A1, c), B1: sc(op.B1, c), A2: sc(op.A2, 1 / c), B2: sc(op.B2, 1 / c) }, k);
    for (const [x, y, f] of [[t1.A1, t0.A1, c], [t1.B1, t0.B1, c], [t1.A2, t0.A2, 1 / c], [t1.B2, t0.B2, 1 / c], [t1.G, t0.G, 1]] as [Complex, Complex, number][]) {
      expect(x.re).toBeCloseTo(f * y.re, 12);
      expect(x.im).toBeCloseTo(f * y.im, 12);
    }
  });

  it('satisfies the trace identity g A2 R_A1 + s B2 R_B1 = g A1 R_A2 + s B1 R_B2 (R = map - input) for any input at epsilon = 0, so one equation of [GRU-SCBA-3] is redundant', () => {
    const rng = new Rng(6);
    const sites = drawSites(40, 7, true);
    const k = { gH2: 2.5, sigmaUr2: 1.4, epsilon: 0 };
    for (let trial = 0; trial < 5; trial++) {
      const op = randomOp(rng);
      const lambda = { re: -rng.uniform(), im: rng.normal() };
      const F = { A1: { re: 0, im: 0 }, B1: { re: 0, im: 0 }, A2: { re: 0, im: 0 }, B2: { re: 0, im: 0 } };
      for (let i = 0; i < 40; i++) {
        const t = scbaSiteTerms({ s: sites.s[i], l: sites.l[i], rho: sites.rho[i], d: sites.d[i] }, lambda, op, k);
        for (const key of ['A1', 'B1', 'A2', 'B2'] as const) {
          F[key].re += sites.weights[i] * t[key].re;
          F[key].im += sites.weights[i] * t[key].im;
        }
      }
      const mul = (a: Complex, b: Complex) => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
      const R = (key: 'A1' | 'B1' | 'A2' | 'B2') => ({ re: F[key].re - op[key].re, im: F[key].im - op[key].im });
      const lhs = [mul(op.A2, R('A1')), mul(op.B2, R('B1'))];
      const rhs = [mul(op.A1, R('A2')), mul(op.B1, R('B2'))];
      const L = { re: k.gH2 * lhs[0].re + k.sigmaUr2 * lhs[1].re, im: k.gH2 * lhs[0].im + k.sigmaUr2 * lhs[1].im };
      const Rr = { re: k.gH2 * rhs[0].re + k.sigmaUr2 * rhs[1].re, im: k.gH2 * rhs[0].im + k.sigmaUr2 * rhs[1].im };
      expect(Math.abs(L.re - Rr.re)).toBeLessThan(1e-12 * (1 + Math.abs(L.re)));
      expect(Math.abs(L.im - Rr.im)).toBeLessThan(1e-12 * (1 + Math.abs(L.im)));
    }
  });
});

describe('SCBA solver [GRU-SCBA-3], [NUM-9]', () => {
  const sites = drawSites(400, 1, true);
  const params = { gH2: 5 };

  it('converges genuinely: gauge-invariant residual <= 1e-12 in a few Newton steps, cold and warm, with the gauge A1 = A2 holding exactly', () => {
    const cold = scbaSolve(sites, params, { re: -0.4, im: 0.25 });
    expect(cold.inBulk).toBe(true);
    expect(cold.start).toBe('cold');
    expect(cold.residual).toBeLessThanOrEqual(1e-12);
    expect(cold.evaluations).toBeLessThan(60);
    expect(cold.orderParameters.A1.im).toBeCloseTo(cold.orderParameters.A2.im, 14);
    for (const v of Object.values(cold.orderParameters)) {
      expect(v.re).toBe(0);
      expect(v.im).toBeLessThan(0);
    }
    const path = scbaPath(sites, params, Array.from({ length: 10 }, (_, k) => ({ re: -0.4 + 0.02 * k, im: 0.25 })));
    for (const r of path.slice(1)) {
      expect(r.start).toBe('warm');
      expect(r.residual).toBeLessThanOrEqual(1e-12);
      expect(r.evaluations).toBeLessThanOrEqual(8);
    }
  });

  it('returns the trivial solution (G = <1/(lambda + s)>, order parameters 0) exactly when the support functional Lambda <= 1, and G is continuous across the edge', () => {
    const outside = scbaSolve(sites, params, { re: 0.3, im: 0.1 });
    expect(outside.supportFunctional).toBeLessThan(1);
    expect(outside.inBulk).toBe(false);
    expect(outside.orderParameters.A1.im).toBe(0);
    let gr = 0;
    let gi = 0;
    for (let i = 0; i < sites.weights.length; i++) {
      const xr = 0.3 + sites.s[i];
      const m2 = xr * xr + 0.01;
      gr += (sites.weights[i] * xr) / m2;
      gi -= (sites.weights[i] * 0.1) / m2;
    }
    expect(outside.G.re).toBeCloseTo(gr, 14);
    expect(outside.G.im).toBeCloseTo(gi, 14);
    // walk along Im lambda = 0.3 through the right edge: G is continuous (no jump of the branch)
    const xs = Array.from({ length: 201 }, (_, k) => -0.6 + 0.005 * k);
    const path = scbaPath(sites, params, xs.map((x) => ({ re: x, im: 0.3 })));
    const edge = path.findIndex((r, k) => k > 0 && r.inBulk !== path[k - 1].inBulk);
    expect(edge).toBeGreaterThan(0);
    for (let k = 1; k < path.length; k++) {
      expect(Math.hypot(path[k].G.re - path[k - 1].G.re, path[k].G.im - path[k - 1].G.im)).toBeLessThan(0.05);
    }
  });

  it('with a positive epsilon (no gauge, all four equations) agrees with the epsilon -> 0 limit to O(epsilon)', () => {
    for (const lam of [{ re: -0.4, im: 0.25 }, { re: -1.1, im: 0.2 }]) {
      const r0 = scbaSolve(sites, params, lam);
      const r1 = scbaSolve(sites, params, lam, { epsilon: 1e-7 });
      expect(r1.residual).toBeLessThanOrEqual(1e-12);
      expect(Math.hypot(r1.G.re - r0.G.re, r1.G.im - r0.G.im)).toBeLessThan(1e-5);
    }
  });

  it('throws ConvergenceError instead of returning a number when the iteration budget is too small', () => {
    expect(() => scbaSolve(sites, params, { re: -0.4, im: 0.25 }, { maxIterations: 1, preIterations: 0 })).toThrow(ConvergenceError);
  });
});

describe('SCBA against the Psi-formula and exact disks', () => {
  it('with d = 0 reproduces the Psi-formula Green function [PSI-4] inside and outside the bulk to 1e-10', () => {
    const sites = drawSites(300, 2, false);
    const model = gruPsiModel(sites, 5);
    let inside = 0;
    for (const lam of [{ re: -0.3, im: 0.2 }, { re: -0.05, im: 0.02 }, { re: -0.8, im: 0.5 }, { re: -1.2, im: 0.1 }, { re: 0.3, im: 0.2 }, { re: -0.5, im: 1.4 }]) {
      const a = scbaSolve(sites, { gH2: 5 }, lam);
      const b = psiLogPotential(model, lam);
      expect(a.inBulk).toBe(b.inBulk);
      if (a.inBulk) inside++;
      expect(Math.abs(a.G.re - b.green.re)).toBeLessThan(1e-10);
      expect(Math.abs(a.G.im - b.green.im)).toBeLessThan(1e-10);
    }
    expect(inside).toBeGreaterThanOrEqual(3);
  });

  it('with d = 0 reproduces the Psi-formula contour masses to 1e-6, including circles crossing the real segment', () => {
    const sites = drawSites(300, 2, false);
    const scba = scbaGreenFunction(sites, { gH2: 5 });
    const psi = psiGreenFunction(gruPsiModel(sites, 5));
    for (const [c, R] of [[{ re: -0.6, im: 0.4 }, 0.25], [{ re: 0, im: 0 }, 0.15], [{ re: -1, im: 0 }, 0.3]] as [Complex, number][]) {
      const a = contourMass(scba, { centre: c, radius: R }, { tolerance: 1e-8 });
      const b = contourMass(psi, { centre: c, radius: R }, { tolerance: 1e-8 });
      expect(a.mass).toBeGreaterThan(0.01);
      expect(Math.abs(a.mass - b.mass)).toBeLessThan(1e-6);
    }
  });

  it('for s = 1, d = 0 and constant l, rho gives the uniform disk |lambda + 1| <= g_h rho l: G = (conj(lambda) + 1)/r^2 inside and masses equal to area fractions', () => {
    const n = 4;
    const sites = gruSites({ s: new Float64Array(n).fill(1), l: new Float64Array(n).fill(0.8), rho: new Float64Array(n).fill(0.7) });
    const gH2 = 4;
    const r = Math.sqrt(gH2) * 0.7 * 0.8;
    const lam = { re: -0.6, im: 0.5 };
    const g = scbaSolve(sites, { gH2 }, lam);
    expect(g.G.re).toBeCloseTo((lam.re + 1) / (r * r), 12);
    expect(g.G.im).toBeCloseTo(-lam.im / (r * r), 12);
    const green = scbaGreenFunction(sites, { gH2 });
    for (const [c, R] of [[{ re: -1, im: 0 }, 0.5], [{ re: 0, im: 0 }, 0.3], [{ re: -0.4, im: 0.9 }, 0.5], [{ re: -2, im: 0.3 }, 0.6]] as [Complex, number][]) {
      const m = contourMass(green, { centre: c, radius: R }, { tolerance: 1e-10 });
      const exact = lensArea(r, R, Math.hypot(c.re + 1, c.im)) / (Math.PI * r * r);
      expect(Math.abs(m.mass - exact)).toBeLessThan(1e-8);
    }
  });
});
