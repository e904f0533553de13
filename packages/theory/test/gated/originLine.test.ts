/**
 * gatedFixedPoint on and near the origin line g_h = 1 + e^{β_r} ([GATE-TR-1], β_h = 0; issue 8):
 * the damped iteration slows down critically there (Δ_n ~ 1/n exactly on the line) and threw
 * ConvergenceError; the bracketed solve of M(Δ_h)/Δ_h = 1 now returns a root with a genuine
 * residual. Independent checks: the explicit branch [GATE-TR-2] (g_h(u) at u = g_h²Δ_h must
 * reproduce g_h) and the small-u expansion [GATE-TR-3], Δ_h ≈ (1 − 1/(g_h s_r)²)/((2 − κ) g_h²).
 */
import { describe, expect, it } from 'vitest';
import { gatedFixedPoint, gatedFixedPointMap } from '../../src/gated/fixedPoint.js';
import { resolveGatedParameters } from '../../src/gated/parameters.js';
import { gatedBranchCurvature, gatedBranchGain, gatedOriginGain } from '../../src/gated/transitions.js';

/** |M(Δ_h) − Δ_h| recomputed at the result. */
function trueResidual(P: Record<string, number>, deltaH: number): number {
  return Math.abs(gatedFixedPointMap(resolveGatedParameters(P), deltaH) - deltaH);
}

// Supercritical branches (κ < 2): α_r = 0, 2 at β_r = 0; α_r = 0 at β_r = 1, −2; α_r = 10³ at β_r = −3 (κ < 0).
const supercritical: [number, number][] = [[0, 0], [2, 0], [0, 1], [0, -2], [1000, -3]];

describe('gatedFixedPoint on the origin line [GATE-TR-1] (it threw ConvergenceError from critical slowing down)', () => {
  it('returns the trivial fixed point Δ_h = 0 with converged: true and residual 0 at {g_h: 2} (other parameters default)', () => {
    const fp = gatedFixedPoint({ g_h: 2 });
    expect(fp.deltaH).toBe(0);
    expect(fp.deltaR).toBe(0);
    expect(fp.converged).toBe(true);
    expect(fp.residual).toBe(0);
    expect(fp.method).toBe('bracketed-root');
    // marginal: Γ = g_h² s_r² = 1 [GATE-RMT-5]
    expect(fp.stabilityFunctional).toBeCloseTo(1, 14);
  });

  it.each(supercritical)('returns Δ_h = 0 exactly on the line for α_r = %d, β_r = %d (supercritical, κ < 2)', (ar, br) => {
    expect(gatedBranchCurvature(ar, br)).toBeLessThan(2);
    const fp = gatedFixedPoint({ g_h: gatedOriginGain(br), alpha_r: ar, beta_r: br });
    expect(fp.deltaH).toBe(0);
    expect(fp.residual).toBe(0);
  });

  it('returns Δ_h = 0 at the codimension-2 point κ = 2 (α_r = 2√2, β_r = 0), where the branch leaves the origin as Δ_h²', () => {
    const fp = gatedFixedPoint({ g_h: 2, alpha_r: 2 * Math.SQRT2 });
    expect(fp.deltaH).toBe(0);
  });

  it('returns the upper non-zero root on the line when the branch is subcritical (α_r = 4, κ = 4): a point of the explicit branch [GATE-TR-2] with Γ > 1', () => {
    const P = { g_h: 2, alpha_r: 4 };
    const fp = gatedFixedPoint(P);
    expect(fp.deltaH).toBeGreaterThan(0.03);
    expect(gatedBranchGain(4, 0, 4 * fp.deltaH)).toBeCloseTo(2, 10);
    expect(fp.stabilityFunctional).toBeGreaterThan(1);
    expect(trueResidual(P, fp.deltaH)).toBeLessThan(1e-13);
  });
});

describe('gatedFixedPoint at ±1e-6 and ±1e-3 relative off the origin line', () => {
  for (const eps of [1e-6, -1e-6, 1e-3, -1e-3]) {
    it.each(supercritical)(`g_h = (1 + e^{β_r})(1 ${eps > 0 ? '+' : '−'} ${Math.abs(eps)}) at α_r = %d, β_r = %d: ${eps > 0 ? 'the small branch root of [GATE-TR-2], [GATE-TR-3]' : 'the trivial root Δ_h = 0'} with a genuine residual`, (ar, br) => {
      const gh = gatedOriginGain(br) * (1 + eps);
      const P = { g_h: gh, alpha_r: ar, beta_r: br };
      const fp = gatedFixedPoint(P);
      expect(fp.converged).toBe(true);
      expect(trueResidual(P, fp.deltaH)).toBeLessThanOrEqual(1e-13 * Math.max(1, fp.deltaH));
      expect(fp.residual).toBe(trueResidual(P, fp.deltaH));
      if (eps < 0) {
        expect(fp.deltaH).toBe(0);
        expect(fp.stable).toBe(true);
        return;
      }
      const s = 1 / (1 + Math.exp(br));
      const kappa = gatedBranchCurvature(ar, br);
      const predicted = (1 - 1 / (gh * s) ** 2) / ((2 - kappa) * gh * gh);
      expect(fp.deltaH).toBeGreaterThan(0);
      // [GATE-TR-3] is the leading order in u = g_h²Δ_h: relative error O(u) (u ≤ 2e-3·4/(2 − κ) here)
      const u = gh * gh * fp.deltaH;
      expect(Math.abs(fp.deltaH / predicted - 1)).toBeLessThan(Math.max(20 * u * Math.max(1, Math.abs(kappa)), 1e-6));
      // the explicit branch through u reproduces g_h
      expect(Math.abs(gatedBranchGain(ar, br, u) / gh - 1)).toBeLessThan(1e-9);
      expect(fp.stable).toBe(false);
    });
  }
});

describe('gatedFixedPoint: the bracketed solve agrees with the damped iteration where both converge', () => {
  it('gives the [GATE-REF-F1] root and the subcritical upper root with a 3-step iteration budget (the bracket finishes the solve)', () => {
    const cases: Record<string, number>[] = [{ g_h: 1.6, beta_h: 0.4, alpha_r: 2, alpha_z: 5, tau_z: 2, tau_r: 1.5 }, { g_h: 2.5, alpha_r: 8, beta_r: 1 }, { g_h: 3, alpha_r: 1000 }];
    for (const P of cases) {
      const a = gatedFixedPoint(P);
      // the residual is the one at the returned Δ_h (it was the one before the last damped step)
      expect(a.residual).toBe(trueResidual(P, a.deltaH));
      const b = gatedFixedPoint(P, { maxIterations: 3 });
      expect(b.method).toBe('bracketed-root');
      // the iteration stops at a residual < 1e-13, i.e. ~1e-13/((1 − M′)Δ_h) ≈ 1e-12 from the root
      expect(Math.abs(b.deltaH - a.deltaH) / a.deltaH, JSON.stringify(P)).toBeLessThan(1e-11);
      expect(trueResidual(P, b.deltaH)).toBeLessThan(1e-13);
    }
  });

  it('finds the root from below (initialDeltaH = 1e-4 under a root near 0.28) and keeps the iteration root above it', () => {
    const P = { g_h: 3, alpha_r: 1 };
    const a = gatedFixedPoint(P);
    const b = gatedFixedPoint(P, { initialDeltaH: 1e-4, slowRate: 0.5, minIterations: 1 });
    expect(Math.abs(b.deltaH - a.deltaH) / a.deltaH).toBeLessThan(1e-11);
    expect(b.method).toBe('bracketed-root');
  });

  it('rejects junk slowRate / minIterations with the option name', () => {
    expect(() => gatedFixedPoint({ g_h: 2 }, { slowRate: Number.NaN })).toThrow(/slowRate/);
    expect(() => gatedFixedPoint({ g_h: 2 }, { slowRate: 1.5 })).toThrow(/slowRate/);
    expect(() => gatedFixedPoint({ g_h: 2 }, { minIterations: 0 })).toThrow(/minIterations/);
  });
});
