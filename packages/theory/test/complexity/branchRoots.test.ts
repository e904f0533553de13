/**
 * The per-point root search of the phase diagram (branchRoots.ts, [GRU-MF-2]): the extremum search of
 * step 3 — with its early exits (a point of the other sign, or the tangent bound) — still finds both
 * roots just above a saddle-node [KR-15] and none just below.
 */
import { describe, expect, it } from 'vitest';
import { resolveGruParameters } from '../../src/gru/meanField.js';
import { branchEquation, gruBranchRoots, saddleNodeGain } from '../../src/complexity/index.js';

describe('gruBranchRoots near a saddle-node', () => {
  it('finds the two roots 1e-7 above g_sn and none 1e-7 below, at α_r = 4, 6, 10, 20 [KR-15]', () => {
    for (const alpha_r of [4, 6, 10, 20]) {
      const sn = saddleNodeGain({ alpha_r });
      const g = sn.g_sn as number;
      const above = gruBranchRoots(resolveGruParameters({ alpha_r, g_h: g + 1e-7 }));
      expect(above.roots.length, `α_r = ${alpha_r}`).toBe(2);
      // the two roots straddle the fold C and solve the branch equation
      expect(above.roots[0].C).toBeLessThan(sn.C as number);
      expect(above.roots[1].C).toBeGreaterThan(sn.C as number);
      for (const r of above.roots) expect(Math.abs(branchEquation(r.C, resolveGruParameters({ alpha_r, g_h: g + 1e-7 })).E)).toBeLessThan(1e-12);
      expect(gruBranchRoots(resolveGruParameters({ alpha_r, g_h: g - 1e-7 })).roots.length, `α_r = ${alpha_r}`).toBe(0);
    }
  });

  it('spends one scan plus a few Newton steps per root: 48 without a root, ≤ 56 with one root and an extremum that cannot reach zero (66 with Brent and a full extremum search)', () => {
    // α_r = 2, g_h = 1.9: E < 0 everywhere (origin stable, continuous onset)
    const none = gruBranchRoots(resolveGruParameters({ alpha_r: 2, g_h: 1.9 }));
    expect(none.roots.length).toBe(0);
    expect(none.evaluations).toBe(48);
    // α_r = 10, g_h = 2.5: E(0⁺) > 0 rises to a maximum, then falls through its one root
    const one = gruBranchRoots(resolveGruParameters({ alpha_r: 10, g_h: 2.5 }));
    expect(one.roots.length).toBe(1);
    expect(one.evaluations).toBeLessThanOrEqual(56);
  });
});
