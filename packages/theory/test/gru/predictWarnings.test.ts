import { describe, expect, it } from 'vitest';
import { predictGru, solveGruMeanField } from '../../src/index.js';

// predictGru forwards the support's quadrature warnings ([GRU-RMT-5], [NUM-REF-2]); before, it only
// checked the update-gate rule for fewer than 2 nodes per gate width and missed a capped sharp-gate grid.
describe('predictGru quadrature warnings', () => {
  const params = { g_h: 2.5, beta_h: 2, alpha_z: 100, alpha_r: 4 };

  it('carries the support warning when the sharp-gate grid of the update gate is capped', () => {
    const r = predictGru(params, { quadrature: { maxSharpPoints: 4001 } });
    const w = r.warnings.filter((x) => x.code === 'quadrature-insufficient' && x.where.startsWith('gruSupport'));
    expect(w).toHaveLength(1);
    expect(w[0].message).toMatch(/maxSharpPoints = 4001/);
    expect(w[0].details?.nodes).toBe(4001);
  });

  it('has no warnings at the default grid for the same parameters', () => {
    expect(predictGru(params).warnings).toEqual([]);
  });

  it('does not warn at default settings just below the switch to the sharp-gate grid (gain·sd = 2.42, 1.9 nodes per width)', () => {
    // The numerics threshold was 2 nodes per width, so every default solve with gain·sd in (2.3, 3] warned
    // although the 201-node rule is accurate there; it is now 1.5, the resolution at the switch (gain·sd = 3).
    const mf = solveGruMeanField({ g_h: 3, alpha_z: 2, alpha_r: 3.5 });
    expect(mf.roots.at(-1)!.C * 3.5 ** 2).toBeGreaterThan(2.3 ** 2);
    expect(mf.warnings).toEqual([]);
    // a pinned rule well past the switch still warns (gain·sd ≈ 6.9: 0.7 nodes per width)
    expect(solveGruMeanField({ g_h: 3, alpha_z: 2, alpha_r: 10 }, { quadrature: { adaptive: false } }).warnings.map((w) => w.code)).toContain('quadrature-insufficient');
  });
});
