/**
 * Saddle-node values g_sn [KR-15] by continuation + Newton on the fold conditions, the onset
 * criterion [KR-12]–[KR-14] and the origin line [KR-11].
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError } from '@gatefield/numerics';
import { resolveGruParameters } from '../../src/gru/meanField.js';
import {
  branchEquation,
  gruBranchRoots,
  onsetCriterion,
  onsetExpansion,
  originInstabilityGain,
  originLine,
  resetMomentSlope,
  saddleNodeCurve,
  saddleNodeGain,
  solveFold,
  subcriticalThreshold,
} from '../../src/complexity/index.js';

const KR_REF_1: [number, number][] = [[3, 1.9987], [4, 1.9638], [6, 1.8739], [8, 1.8046], [10, 1.754], [20, 1.6278]];

describe('saddle-node gain g_sn [KR-15]', () => {
  it('reproduces [KR-REF-1] (β_r = 0) to the 4 decimals shown, with converged fold residuals', () => {
    const curve = saddleNodeCurve(KR_REF_1.map(([a]) => a));
    curve.forEach((r, k) => {
      const [alpha, g] = KR_REF_1[k];
      expect(r.exists, `α_r = ${alpha}`).toBe(true);
      expect(Math.abs((r.g_sn as number) - g), `α_r = ${alpha}: ${r.g_sn}`).toBeLessThanOrEqual(5e-5);
      expect(r.residual).toBeLessThan(1e-11);
      expect(r.C as number).toBeGreaterThan(0);
    });
    // the values agree with the gated-RNN family, g_h^FP = 1.964 and 1.805 ([GATE-REF-F4], [KR-15])
    expect((curve[1].g_sn as number).toFixed(3)).toBe('1.964');
    expect((curve[3].g_sn as number).toFixed(3)).toBe('1.805');
  });

  it('is a fold: two nontrivial roots just above g_sn, none just below, and they merge at the fold C', () => {
    const r = saddleNodeGain({ alpha_r: 6 });
    const g = r.g_sn as number;
    const above = gruBranchRoots(resolveGruParameters({ alpha_r: 6, g_h: g + 1e-4 })).roots;
    const below = gruBranchRoots(resolveGruParameters({ alpha_r: 6, g_h: g - 1e-4 })).roots;
    expect(above.length).toBe(2);
    expect(below.length).toBe(0);
    expect(above[0].C).toBeLessThan(r.C as number);
    expect(above[1].C).toBeGreaterThan(r.C as number);
    // fold conditions RHS = C and RHS′ = 1 hold at the returned point
    const e = branchEquation(r.C as number, resolveGruParameters({ alpha_r: 6, g_h: g }));
    expect(Math.abs(e.rhs - (r.C as number))).toBeLessThan(1e-11);
    expect(Math.abs(e.slope - 1)).toBeLessThan(1e-9);
  });

  it('gives the same value by continuation + Newton and by Newton warm-started along α_r', () => {
    const direct = saddleNodeGain({ alpha_r: 8 });
    const [, viaCurve] = saddleNodeCurve([6, 8]);
    expect(direct.method).toBe('continuation+newton');
    expect(viaCurve.method).toBe('extrapolated-newton');
    expect(Math.abs((direct.g_sn as number) - (viaCurve.g_sn as number))).toBeLessThan(1e-9);
  });

  it('decreases in α_r on the computed range (property, α_r ∈ [3, 20])', () => {
    fc.assert(
      fc.property(fc.double({ min: 3, max: 20, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true }), (a, d) => {
        const b = Math.min(20, a + d);
        fc.pre(b - a > 0.02);
        const [ra, rb] = saddleNodeCurve([a, b]);
        expect(ra.g_sn as number).toBeGreaterThan(rb.g_sn as number);
        expect(ra.g_sn as number).toBeLessThan(2);
      }),
      { seed: 7, numRuns: 12 },
    );
  });

  it('is absent in the continuous regime (α_r ≤ 2√2 at β_r = 0) and for β_r where the threshold moves', () => {
    for (const a of [1, 2, 2.8]) expect(saddleNodeGain({ alpha_r: a }).exists).toBe(false);
    expect(saddleNodeGain({ alpha_r: 2.9 }).exists).toBe(true);
    // β_r = −1: ρ₀ = 0.731 > 2/3, (2 − 3ρ₀) < 0: always continuous
    expect(subcriticalThreshold(-1)).toBe(Infinity);
    expect(saddleNodeGain({ alpha_r: 20, beta_r: -1 }).exists).toBe(false);
    // β_r = 1: the fold lies below the origin line g_c = 1 + e
    const r = saddleNodeGain({ alpha_r: 8, beta_r: 1 });
    expect(r.exists).toBe(true);
    expect(r.g_sn as number).toBeLessThan(1 + Math.E);
  });

  it('rejects β_h ≠ 0 and a bad fold guess with typed errors', () => {
    expect(() => saddleNodeGain({ alpha_r: 6, beta_h: 0.5 })).toThrow(InvalidParameterError);
    expect(() => solveFold(resolveGruParameters({ alpha_r: 6 }), { C: 0, value: 1.9 })).toThrow(InvalidParameterError);
  });
});

describe('onset of nontrivial fixed points [KR-12]–[KR-14]', () => {
  it('has the threshold α_r = 2√2 at β_r = 0 [KR-14] and classifies both sides [KR-13]', () => {
    expect(subcriticalThreshold(0)).toBeCloseTo(2 * Math.SQRT2, 14);
    expect(onsetCriterion(2 * Math.SQRT2, 0).type).toBe('critical');
    expect(onsetCriterion(2.8, 0).type).toBe('continuous');
    expect(onsetCriterion(2.9, 0).type).toBe('discontinuous');
    expect(onsetCriterion(4, 0).kappa).toBeCloseTo(4, 14);
  });

  it('matches the quadrature slope R₂′(0) = α_r²ρ₀²(1 − ρ₀)(2 − 3ρ₀) of [KR-12] for any gate (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (alpha_r, beta_r) => {
        const p = resolveGruParameters({ alpha_r, beta_r });
        const exact = resetMomentSlope(0, p).dR2dC;
        expect(Math.abs(onsetCriterion(alpha_r, beta_r).resetSlope - exact)).toBeLessThan(1e-12 * Math.max(1, Math.abs(exact)));
      }),
      { seed: 3, numRuns: 60 },
    );
  });

  it('expands RHS(C) − C to second order at small C, with an O(C³) remainder', () => {
    const p = resolveGruParameters({ g_h: 2.1, alpha_r: 3.5, beta_r: 0.3 });
    const x = onsetExpansion(p);
    const rem = (C: number) => Math.abs(branchEquation(C, p).rhs - C - (x.linear * C + x.quadratic * C * C));
    // remainder ratio at C and C/2 ≈ 8 for a cubic remainder
    const ratio = rem(2e-3) / rem(1e-3);
    expect(ratio).toBeGreaterThan(7);
    expect(ratio).toBeLessThan(9);
  });

  it('shows the two onsets numerically: one small root above g_c (α_r = 2.5), two roots below g_c (α_r = 3.5)', () => {
    const cont = gruBranchRoots(resolveGruParameters({ alpha_r: 2.5, g_h: 2.001 })).roots;
    expect(cont.length).toBe(1);
    const predicted = onsetExpansion({ g_h: 2.001, alpha_r: 2.5, beta_r: 0 }).smallRoot as number;
    expect(Math.abs(cont[0].C - predicted) / predicted).toBeLessThan(0.05);
    expect(gruBranchRoots(resolveGruParameters({ alpha_r: 2.5, g_h: 1.999 })).roots.length).toBe(0);
    expect(gruBranchRoots(resolveGruParameters({ alpha_r: 3.5, g_h: 1.995 })).roots.length).toBe(2);
  });
});

describe('origin line [KR-11]', () => {
  it('is g_h = 1 + e^{β_r} (2 at β_r = 0), where the branch equation E(0⁺) = g_h²ρ₀² − 1 vanishes', () => {
    expect(originInstabilityGain(0)).toBe(2);
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (beta_r, alpha_r) => {
        const g = originInstabilityGain(beta_r);
        const o = originLine({ g_h: g, beta_r, beta_h: 0 });
        expect(Math.abs(o.margin)).toBeLessThan(1e-14);
        expect(Math.abs(branchEquation(0, resolveGruParameters({ g_h: g, beta_r, alpha_r })).E)).toBeLessThan(1e-12);
        expect(originLine({ g_h: 0.99 * g, beta_r, beta_h: 0 }).stable).toBe(true);
        expect(originLine({ g_h: 1.01 * g, beta_r, beta_h: 0 }).stable).toBe(false);
      }),
      { seed: 5, numRuns: 40 },
    );
    expect(() => originLine({ g_h: 2, beta_r: 0, beta_h: 1 })).toThrow(InvalidParameterError);
  });
});
