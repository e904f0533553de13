import { describe, expect, it } from 'vitest';
import { predictGru } from '../../src/index.js';

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
});
