/**
 * Pseudo-arclength continuation of the mean-field branches (branch tracking through [KR-REF-3]
 * and [KR-REF-2], folds [KR-15], ungated stability Γ < 1 [KR-7]).
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@gatefield/numerics';
import { resolveGruParameters } from '../../src/gru/meanField.js';
import { continueGruBranch, gruBranchRoots, saddleNodeGain } from '../../src/complexity/index.js';

const q151 = { smooth: { kind: 'gauss-hermite' as const, nodes: 151 }, gate: { kind: 'gauss-hermite' as const, nodes: 151 }, adaptive: false };
const last = <T>(a: T[]) => a[a.length - 1];

describe('continuation of GRU mean-field branches', () => {
  it('tracks the α_r = 10 upper branch through the C values of [KR-REF-3] (151-node rule) down to g_h = 1.8', () => {
    // start on the single root at g_h = 3 and stop exactly at each table column
    const stops: [number, number][] = [[2.5, 0.4216], [2.05, 0.2664], [2.0, 0.2434], [1.9, 0.1912], [1.8, 0.1239]];
    let start = 3.0;
    let C = 0.5318;
    for (const [to, expected] of stops) {
      const r = continueGruBranch({ g_h: start, alpha_r: 10 }, { to, start: { C }, quadrature: q151 });
      expect(r.end).toBe('reached-target');
      const end = last(r.points);
      expect(end.value).toBe(to);
      expect(Math.abs(end.C - expected), `g_h = ${to}`).toBeLessThanOrEqual(5.01e-5);
      expect(r.residual).toBeLessThan(1e-11);
      expect(r.folds.length).toBe(0);
      start = to;
      C = end.C;
    }
  });

  it('goes through the fold at g_sn (α_r = 10) onto the lower branch, which passes C = 0.0063 at g_h = 1.9 ([KR-REF-2]) and ends on the origin line', () => {
    const r = continueGruBranch({ g_h: 2.05, alpha_r: 10 }, { to: 1.5 });
    expect(r.end).toBe('reached-trivial');
    expect(r.trivialEnd as number).toBeCloseTo(2, 10);
    expect(r.folds.length).toBe(1);
    expect(Math.abs(r.folds[0].value - saddleNodeGain({ alpha_r: 10 }).g_sn!)).toBeLessThan(1e-9);
    // every nontrivial point is unstable under the ungated flow (Γ² > 1, [KR-16]); no stability change
    expect(r.points.every((p) => p.gamma2 > 1 && !p.stableUngated)).toBe(true);
    expect(r.stabilityChanges.length).toBe(0);
    // lower branch from g_h = 1.8 (smallest root) up to 1.9: C = 0.0063
    const lower = continueGruBranch({ g_h: 1.8, alpha_r: 10 }, { to: 1.9, start: 'smallest', quadrature: q151 });
    expect(lower.end).toBe('reached-target');
    expect(Math.abs(last(lower.points).C - 0.0063)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(lower.points[0].C - 0.0222)).toBeLessThanOrEqual(5e-5);
  });

  it('agrees with the independent root scan at the end points (any parameter: continuation in α_r at g_h = 1.9)', () => {
    const r = continueGruBranch({ g_h: 1.9, alpha_r: 10 }, { parameter: 'alpha_r', to: 2 });
    // the upper branch turns where g_sn(α_r) = 1.9 and runs back along the lower branch (C → 0 only on
    // the origin line g_h ρ₀ = 1, which α_r does not move) past α_r = 10, leaving the interval [2, 10]
    expect(r.end).toBe('left-domain');
    expect(r.folds.length).toBe(1);
    const fold = r.folds[0];
    // consistency of folds in two parameters: g_sn at that α_r is 1.9
    expect(Math.abs(saddleNodeGain({ alpha_r: fold.value }).g_sn! - 1.9)).toBeLessThan(1e-8);
    const roots = gruBranchRoots(resolveGruParameters({ g_h: 1.9, alpha_r: 10 })).roots;
    expect(Math.abs(r.points[0].C - roots[1].C)).toBeLessThan(1e-12);
  });

  it('reports stability changes of the ungated flow (Γ² = 1) along a biased branch ([GRU-REF-1] point, Γ² = 0.483)', () => {
    const r = continueGruBranch({ g_h: 2, beta_h: 1.5, alpha_r: 4 }, { to: 6 });
    expect(r.end).toBe('reached-target');
    expect(r.points[0].stableUngated).toBe(true);
    expect(r.points[0].gamma2).toBeCloseTo(0.483, 3);
    expect(last(r.points).stableUngated).toBe(false);
    expect(r.stabilityChanges.length).toBe(1);
    const g = r.stabilityChanges[0].value;
    const at = gruBranchRoots(resolveGruParameters({ g_h: g, beta_h: 1.5, alpha_r: 4 })).roots;
    // linear interpolation between accepted points: Γ² within the step's variation of 1
    expect(Math.abs(at[at.length - 1].gamma2 - 1)).toBeLessThan(0.02);
  });

  it('rejects a start without a nontrivial root, and a start C that is not a root', () => {
    expect(() => continueGruBranch({ g_h: 1.5, alpha_r: 1 }, { to: 3 })).toThrow(InvalidParameterError);
    expect(() => continueGruBranch({ g_h: 2.5, alpha_r: 1 }, { to: 3, start: { C: 0.9 } })).toThrow(InvalidParameterError);
  });
});
