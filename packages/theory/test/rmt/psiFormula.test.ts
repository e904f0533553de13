/**
 * Ψ-formula [PSI-3] with its root [NUM-7], and the log-potential / Green's function built on it
 * ([PSI-1], [PSI-4]).
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, logistic, Rng, sech2, type Complex } from '@gatefield/numerics';
import {
  contourMass,
  gruPsiModel,
  gruSites,
  psiDerivative,
  psiGreenFunction,
  psiLogPotential,
  psiRoot,
  type PsiModel,
} from '../../src/rmt/index.js';

/** The circular law as a generic Ψ model: J = U Ginibre (variance 1), λ − U = λ(1 − U/λ), a = 1/|λ|². */
const circularLaw: PsiModel = {
  weights: Float64Array.of(1),
  poles: { re: Float64Array.of(0), im: Float64Array.of(0), weights: Float64Array.of(1) },
  siteVariable(lambda, a, daRe, daIm) {
    const m2 = lambda.re * lambda.re + lambda.im * lambda.im;
    a[0] = 1 / m2;
    daRe[0] = -lambda.re / (m2 * m2); // ∂_λ a = −a/λ = −a λ̄/|λ|²
    daIm[0] = lambda.im / (m2 * m2);
  },
  islandRadius2: (_p, _l, u) => u,
};

/** Area of the intersection of two disks (radii r1, r2, centre distance d). */
function lensArea(r1: number, r2: number, d: number): number {
  if (d >= r1 + r2) return 0;
  if (d <= Math.abs(r1 - r2)) return Math.PI * Math.min(r1, r2) ** 2;
  const a1 = Math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1));
  const a2 = Math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2));
  return r1 * r1 * a1 + r2 * r2 * a2 - 0.5 * Math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2));
}

/** iid GRU sites without the reset-derivative term (d ≡ 0), [PSI-2]. */
function gruSitesD0(n: number, seed: number) {
  const rng = new Rng(seed);
  const s = new Float64Array(n);
  const l = new Float64Array(n);
  const rho = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s[i] = logistic(3 * Math.sqrt(0.5) * rng.normal());
    rho[i] = logistic(4 * Math.sqrt(0.5) * rng.normal());
    l[i] = s[i] * sech2(rng.normal());
  }
  return gruSites({ s, l, rho });
}

describe('Psi-formula root [NUM-7] and Psi [PSI-3]', () => {
  it('reproduces the circular law: Phi = |lambda|^2 - 1 inside the unit disk, log|lambda|^2 outside, G = conj(lambda) inside and 1/lambda outside', () => {
    for (const lam of [{ re: 0.3, im: -0.2 }, { re: -0.6, im: 0.5 }, { re: 0.05, im: 0.01 }, { re: 1.3, im: 0.4 }, { re: -0.2, im: -1.5 }]) {
      const r = psiLogPotential(circularLaw, lam);
      const m2 = lam.re ** 2 + lam.im ** 2;
      if (m2 < 1) {
        expect(r.inBulk).toBe(true);
        expect(r.phi).toBeCloseTo(m2 - 1, 12);
        expect(r.green.re).toBeCloseTo(lam.re, 12);
        expect(r.green.im).toBeCloseTo(-lam.im, 12);
      } else {
        expect(r.inBulk).toBe(false);
        expect(r.phi).toBeCloseTo(Math.log(m2), 12);
        expect(r.green.re).toBeCloseTo(lam.re / m2, 12);
        expect(r.green.im).toBeCloseTo(-lam.im / m2, 12);
      }
    }
  });

  it('gives circular-law contour masses equal to the area fraction |disk ∩ unit disk|/pi for circles crossing the unit circle', () => {
    const green = psiGreenFunction(circularLaw);
    for (const [c, R] of [[{ re: 0.8, im: 0.3 }, 0.5], [{ re: 0, im: 0 }, 0.5], [{ re: -0.3, im: 0 }, 1.1], [{ re: 0.2, im: -0.9 }, 0.35]] as [Complex, number][]) {
      const m = contourMass(green, { centre: c, radius: R }, { tolerance: 1e-10 });
      const exact = lensArea(1, R, Math.hypot(c.re, c.im)) / Math.PI;
      // density 1/pi on the unit disk; the arcs method has no kink error at |lambda| = 1
      expect(Math.abs(m.mass - exact)).toBeLessThan(1e-9);
    }
  });

  it('brackets the root: the left side decreases strictly in u, the root lies in (0, 1 - 1/<a>], and Newton converges from u = 0', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const n = 50;
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = Math.exp(1.5 * rng.normal() + 0.3);
      const w = new Float64Array(n).fill(1 / n);
      const r = psiRoot(a, w);
      const lhs = (u: number) => a.reduce((acc, ai) => acc + ai / (1 + ai * u), 0) / n;
      if (r.meanA <= 1) {
        expect(r.u).toBe(0);
        continue;
      }
      expect(r.u).toBeGreaterThan(0);
      expect(r.u).toBeLessThanOrEqual(1 - 1 / r.meanA + 1e-15);
      expect(Math.abs(lhs(r.u) - 1)).toBeLessThan(1e-13);
      expect(r.residual).toBeLessThanOrEqual(r.tolerance);
      expect(r.iterations).toBeLessThan(40);
      // strictly decreasing on a grid through the root, sign change at the root
      let prev = Infinity;
      for (let k = 0; k <= 40; k++) {
        const v = lhs((2 * r.u * k) / 40);
        expect(v).toBeLessThan(prev);
        prev = v;
      }
      expect(lhs(r.u * (1 - 1e-6))).toBeGreaterThan(1);
      expect(lhs(r.u * (1 + 1e-6))).toBeLessThan(1);
    }
  });

  it('converges for a heavy-tailed a (one large value with tiny weight) where the Newton iterates creep up from u = 0', () => {
    const a = Float64Array.of(1e8, 0.5);
    const w = Float64Array.of(1e-3, 1 - 1e-3);
    const r = psiRoot(a, w);
    const lhs = (u: number) => w[0] * a[0] / (1 + a[0] * u) + w[1] * a[1] / (1 + a[1] * u);
    expect(Math.abs(lhs(r.u) - 1)).toBeLessThan(1e-13);
    expect(r.psi).toBeGreaterThan(0);
  });

  it('returns Psi = 0 and u = 0 when <a> <= 1, and Psi ~ (<a> - 1)^2 / (2 <a^2>) just above the threshold', () => {
    const w = Float64Array.of(0.5, 0.5);
    for (const a of [Float64Array.of(0.5, 1.5), Float64Array.of(0.2, 1.2), Float64Array.of(0, 0)]) {
      const r = psiRoot(a, w);
      expect(r.psi).toBe(0);
      expect(r.u).toBe(0);
      expect(r.inBulk).toBe(false);
    }
    const eps = 1e-4;
    const a = Float64Array.of(0.5, 1.5 + 2 * eps); // <a> = 1 + eps
    const r = psiRoot(a, w);
    const meanA2 = 0.5 * (0.25 + a[1] * a[1]);
    expect(r.inBulk).toBe(true);
    expect(r.psi / (eps * eps / (2 * meanA2))).toBeCloseTo(1, 3);
  });

  it('rejects a negative or non-finite site variable and ragged input with InvalidParameterError', () => {
    const w = Float64Array.of(0.5, 0.5);
    expect(() => psiRoot(Float64Array.of(-1, 2), w)).toThrow(InvalidParameterError);
    expect(() => psiRoot(Float64Array.of(NaN, 2), w)).toThrow(InvalidParameterError);
    expect(() => psiRoot(Float64Array.of(1, 2, 3), w)).toThrow(InvalidParameterError);
  });
});

describe('log-potential [PSI-1] and Green function [PSI-4] of the GRU with d = 0', () => {
  const sites = gruSitesD0(300, 5);
  const model = gruPsiModel(sites, 4);

  it('has G = d Phi / d lambda: central finite differences of Phi (Wirtinger (d_x - i d_y)/2) match G inside and outside the bulk', () => {
    const h = 1e-5;
    let inside = 0;
    for (const lam of [{ re: -0.3, im: 0.2 }, { re: -0.7, im: 0.45 }, { re: -1.2, im: 0.3 }, { re: 0.4, im: 0.1 }, { re: -0.5, im: 1.5 }, { re: -0.05, im: 0.02 }]) {
      const phi = (x: number, y: number) => psiLogPotential(model, { re: x, im: y }).phi;
      const dx = (phi(lam.re + h, lam.im) - phi(lam.re - h, lam.im)) / (2 * h);
      const dy = (phi(lam.re, lam.im + h) - phi(lam.re, lam.im - h)) / (2 * h);
      const r = psiLogPotential(model, lam);
      if (r.inBulk) inside++;
      // O(h^2) truncation plus O(eps/h) rounding of Phi: both far below 1e-6 here
      expect(Math.abs(r.green.re - dx / 2)).toBeLessThan(1e-6 * (1 + Math.abs(r.green.re)));
      expect(Math.abs(r.green.im + dy / 2)).toBeLessThan(1e-6 * (1 + Math.abs(r.green.im)));
    }
    expect(inside).toBeGreaterThanOrEqual(3);
  });

  it('computes dPsi/dlambda by the envelope theorem: u <da/(1 + a u)> equals the finite difference of Psi alone', () => {
    const lam = { re: -0.3, im: 0.2 };
    const n = sites.weights.length;
    const a = new Float64Array(n);
    const dr = new Float64Array(n);
    const di = new Float64Array(n);
    const psiAt = (x: number, y: number) => {
      model.siteVariable({ re: x, im: y }, a, dr, di);
      return psiRoot(a, sites.weights).psi;
    };
    const h = 1e-5;
    const fx = (psiAt(lam.re + h, lam.im) - psiAt(lam.re - h, lam.im)) / (2 * h);
    const fy = (psiAt(lam.re, lam.im + h) - psiAt(lam.re, lam.im - h)) / (2 * h);
    model.siteVariable(lam, a, dr, di);
    const r = psiRoot(a, sites.weights);
    expect(r.u).toBeGreaterThan(0);
    const d = psiDerivative(a, dr, di, sites.weights, r.u);
    expect(d.re).toBeCloseTo(fx / 2, 7);
    expect(d.im).toBeCloseTo(-fy / 2, 7);
  });

  it('is the holomorphic <1/(lambda + s)> outside the bulk', () => {
    const lam = { re: 0.5, im: 0.3 };
    const r = psiLogPotential(model, lam);
    expect(r.inBulk).toBe(false);
    let gr = 0;
    let gi = 0;
    for (let i = 0; i < sites.weights.length; i++) {
      const xr = lam.re + sites.s[i];
      const m2 = xr * xr + lam.im * lam.im;
      gr += (sites.weights[i] * xr) / m2;
      gi -= (sites.weights[i] * lam.im) / m2;
    }
    expect(r.green.re).toBeCloseTo(gr, 14);
    expect(r.green.im).toBeCloseTo(gi, 14);
  });
});
