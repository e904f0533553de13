/**
 * Regression tests for the failures found by the fuzz suites (fuzzTheory / fuzzSim / fuzzCli),
 * one per cause.
 */
import { describe, expect, it } from 'vitest';
import { ConvergenceError, InvalidParameterError } from '@gatefield/numerics';
import {
  gruQuadratureSites,
  gruSupport,
  marginalStabilityClass,
  onsetCriterion,
  originLine,
  predictGru,
  resolveGruParameters,
  saturatedSpectrum,
  slowModeFraction,
  solveGruMeanField,
} from '@gatefield/theory';
import { assertAllFinite, runCli } from './fuzzUtil.js';

describe('fuzz regressions: closed forms validate their inputs instead of returning NaN / Infinity', () => {
  it('originLine rejects β_r whose 1 + e^{β_r} overflows, and a missing g_h', () => {
    expect(() => originLine({ g_h: 2, beta_h: 0, beta_r: 1e300 })).toThrow(InvalidParameterError);
    expect(() => originLine({ beta_h: 0, beta_r: 0 } as never)).toThrow(/g_h/);
    assertAllFinite(originLine({ g_h: 2, beta_h: 0, beta_r: 50 }));
  });

  it('onsetCriterion reports alphaThreshold null (not Infinity) where the onset is always continuous', () => {
    const r = onsetCriterion(1e-300, -3);
    expect(r.alphaThreshold).toBeNull();
    assertAllFinite(r);
    expect(onsetCriterion(1, 0).alphaThreshold).toBeCloseTo(2 * Math.SQRT2, 14);
  });

  it('slowModeFraction, saturatedSpectrum, marginalStabilityClass and gruSupport reject non-finite or non-numeric input', () => {
    expect(() => slowModeFraction(0.03, Number.NaN, 1, 0)).toThrow(InvalidParameterError);
    expect(() => slowModeFraction(0.03, 0.5, {} as never, 0)).toThrow(/alpha_z/);
    expect(() => saturatedSpectrum('2' as never, 0.5)).toThrow(/gamma2/);
    expect(() => saturatedSpectrum(2, Number.NaN)).toThrow(/p1/);
    expect(() => marginalStabilityClass(Infinity, 0.5)).toThrow(InvalidParameterError);
    expect(() => gruSupport(Number.NaN, { C: 0.5, alpha_z: 1, beta_z: 0 })).toThrow(/gamma2/);
    expect(() => gruSupport(2, { C: -1, alpha_z: 1, beta_z: 0 })).toThrow(/law\.C/);
  });
});

describe('fuzz regressions: disk masses', () => {
  it('never returns a negative round-off mass for a tiny disk (contourMass clamps within its physical tolerance)', () => {
    const p = { g_h: 3.573509351250649, beta_h: 1e-323, alpha_z: 4.116130896673987e-287, beta_z: -2.999999999999997, alpha_r: 1.392232416106552e-242, beta_r: -2.999999999999992 };
    const r = predictGru(p, { disks: [{ re: 0, im: -5.051777109592442e-220, r: 2.704829359371493e-277 }], root: 0, boundaryPoints: 33 });
    expect(r.masses[0].mass).toBeGreaterThanOrEqual(0);
    expect(r.masses[0].mass).toBeLessThanOrEqual(1);
  });

  it('gives mass 0 for a disk of radius 0 (allowed by checkDisks) instead of refusing it inside contourMass', () => {
    const r = predictGru({ g_h: 2, beta_h: 1.5, alpha_r: 4 }, { disks: [{ re: -0.5, im: 0, r: 0 }], boundaryPoints: 16 });
    expect(r.masses[0].mass).toBe(0);
    assertAllFinite(r);
  });

  it('names the disk and what to change when the contour cannot converge (circle through the pole at −s₀)', () => {
    // α_z = 0: every update rate is s₀ = 1/2, a pole of mass 1 at λ = −1/2 on the circle |λ + 1| = 1/2.
    let err: unknown;
    try {
      predictGru({ g_h: 2, beta_h: 1.5, alpha_r: 4 }, { disks: [{ re: -1, im: 0, r: 0.5 }], boundaryPoints: 16 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    expect((err as Error).message).toMatch(/disk mass \|λ − \(-1\+0i\)\| ≤ 0\.5 .*move or resize the disk/);
    expect(Number.isFinite((err as ConvergenceError).residual)).toBe(true);
  });
});

describe('fuzz regressions: sharp reset gate in the site quadrature', () => {
  it('keeps the reset-derivative term: site ⟨d²⟩ matches C·Q_r at α_r√C > 3 (16 Gauss–Hermite ζ nodes gave ~0 at α_r = 500)', () => {
    for (const [q, tol] of [[{ g_h: 3, beta_h: 0.5, alpha_r: 50, beta_r: -2 }, 0.01], [{ g_h: 10, alpha_z: 500, alpha_r: 500 }, 0.15]] as const) {
      const p = resolveGruParameters(q);
      const root = solveGruMeanField(q).roots.at(-1)!;
      const sites = gruQuadratureSites(root, p);
      let d2 = 0;
      let w = 0;
      let r2 = 0;
      for (let i = 0; i < sites.weights.length; i++) {
        d2 += sites.weights[i] * sites.d[i] ** 2;
        r2 += sites.weights[i] * sites.rho[i] ** 2;
        w += sites.weights[i];
      }
      expect(w).toBeCloseTo(1, 12);
      expect(Math.abs(d2 / (root.C * root.Qr) - 1)).toBeLessThan(tol);
      expect(Math.abs(r2 / root.R2 - 1)).toBeLessThan(1e-4);
    }
  });
});

describe('fuzz regressions: CLI', () => {
  it('`gatefield` without a command exits 2 with one line on stderr (help on stdout)', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Usage: gatefield/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gatefield: missing command/);
  });
});
