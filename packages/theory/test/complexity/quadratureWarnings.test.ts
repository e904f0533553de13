/**
 * 'quadrature-insufficient' warnings of the complexity/ results ([NUM-2], [NUM-REF-2]): a reset-gate
 * rule too coarse for α_r√C at a branch point (pinned Gauss–Hermite, or a capped sharp-gate grid)
 * is reported in `warnings`; the default adaptive rule reports nothing.
 */
import { describe, expect, it } from 'vitest';
import { resolveGruParameters } from '../../src/gru/meanField.js';
import { resolveQuadrature } from '../../src/quadrature.js';
import {
  complexityAtRoot,
  continueGruBranch,
  gruBranchRoots,
  marginalCrossing,
  phaseDiagram,
  resetGateWarnings,
  saddleNodeGain,
  solveFold,
} from '../../src/complexity/index.js';

/** 201-node Gauss–Hermite pinned for the gate: ~0.9 nodes per gate width at α_r√C ≈ 7. */
const pinned = { adaptive: false } as const;
/** The adaptive grid capped at 4001 points: 0.24 nodes per width at α_r√C ≈ 700. */
const capped = { maxSharpPoints: 4001 } as const;

describe('quadrature warnings of the fixed-point landscape', () => {
  it('gruBranchRoots warns for a pinned 201-node gate rule at α_r = 10 and for a capped grid at α_r = 1000, not with the default rule [NUM-REF-2]', () => {
    const p = resolveGruParameters({ alpha_r: 10, g_h: 2.5 });
    const w = gruBranchRoots(p, { quadrature: pinned }).warnings;
    expect(w.length).toBe(1);
    expect(w[0].code).toBe('quadrature-insufficient');
    expect(w[0].details?.pointsPerWidth as number).toBeLessThan(2);
    expect(w[0].details?.C as number).toBeGreaterThan(0.3);
    expect(gruBranchRoots(p).warnings).toEqual([]);
    const sharp = resolveGruParameters({ alpha_r: 1000, g_h: 2.5 });
    const c = gruBranchRoots(sharp, { quadrature: capped });
    expect(c.roots.length).toBe(1);
    expect(c.warnings.map((x) => x.code)).toEqual(['quadrature-insufficient']);
    expect(c.warnings[0].details?.nodes).toBe(4001);
    expect(gruBranchRoots(sharp).warnings).toEqual([]);
  });

  it('the fold, the saddle-node gain, the continuation, the marginal crossing and Σ_MF carry the warning of their branch point [KR-15], [KR-17]', () => {
    // the fold at α_r = 20 (C = 0.044, α_r√C = 4.2: the adaptive rule is a uniform grid) with the
    // 201-node Gauss–Hermite rule pinned: ~1.1 nodes per gate width
    const sn = saddleNodeGain({ alpha_r: 20 });
    expect(sn.warnings).toEqual([]);
    expect(sn.warnings).toBe(sn.fold?.warnings);
    const p = resolveGruParameters({ alpha_r: 20, g_h: sn.g_sn as number });
    const f = solveFold(p, { C: sn.C as number, value: sn.g_sn as number }, { quadrature: pinned });
    expect(f.warnings.map((w) => w.code)).toEqual(['quadrature-insufficient']);
    expect(solveFold(p, { C: sn.C as number, value: sn.g_sn as number }).warnings).toEqual([]);
    const cont = continueGruBranch({ alpha_r: 10, g_h: 2.5 }, { to: 2.2, quadrature: pinned });
    // one summary warning however many points were traced
    expect(cont.warnings.length).toBe(1);
    expect(cont.warnings[0].details?.of).toBe(cont.points.length);
    expect(continueGruBranch({ alpha_r: 10, g_h: 2.5 }, { to: 2.2 }).warnings).toEqual([]);
    const m = marginalCrossing(resolveGruParameters({ alpha_r: 10, g_h: 2.1 }), 2.1, 3, { quadrature: pinned });
    expect(m.warnings.length).toBe(1);
    const root = gruBranchRoots(resolveGruParameters({ alpha_r: 10, g_h: 2.5 })).roots[0];
    const s = complexityAtRoot(resolveGruParameters({ alpha_r: 10, g_h: 2.5 }), root, 'closed-form', { quadrature: pinned });
    expect(s.warnings.length).toBe(1);
    expect(complexityAtRoot(resolveGruParameters({ alpha_r: 10, g_h: 2.5 }), root, 'closed-form').warnings).toEqual([]);
  });

  it('the phase diagram summarises its grid points in one warning and reports each point; none with the default rule [KR-PD]', async () => {
    const spec = { x: { name: 'alpha_r', lo: 1, hi: 10, count: 3 }, y: { name: 'g_h', lo: 2.2, hi: 3, count: 3 }, parameters: {} } as const;
    const d = await phaseDiagram({ ...spec, quadrature: pinned }, { workers: 0, skipCurves: true });
    const flagged = d.points.flat().filter((p) => p.warnings.length > 0);
    // α_r√C exceeds ~3.5 (two GH nodes per width) only in the α_r = 5.5 and 10 columns
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((p) => p.x > 1)).toBe(true);
    expect(d.warnings.length).toBe(1);
    expect(d.warnings[0].details?.['grid points']).toBe(flagged.length);
    expect(d.warnings[0].details?.of).toBe(9);
    const ok = await phaseDiagram(spec, { workers: 0, skipCurves: true });
    expect(ok.warnings).toEqual([]);
    expect(ok.points.flat().every((p) => p.warnings.length === 0)).toBe(true);
  });

  it('resetGateWarnings keeps the worst-resolved point and counts the others', () => {
    const q = resolveQuadrature(pinned);
    const pts = [0.01, 0.25, 0.81].map((C) => ({ C, alpha_r: 10, beta_r: 0 }));
    const w = resetGateWarnings('test', pts, q);
    expect(w.length).toBe(1);
    // α√C = 1 at C = 0.01 is resolved; 5 and 9 are not, the worst is the sharpest gate (C = 0.81)
    expect(w[0].details?.points).toBe(2);
    expect(w[0].details?.C).toBe(0.81);
    expect(resetGateWarnings('test', [{ C: 0.01, alpha_r: 10, beta_r: 0 }], q)).toEqual([]);
  });
});
