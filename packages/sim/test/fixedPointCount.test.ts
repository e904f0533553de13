/**
 * Many-start Newton fixed-point counting on small networks (the finite-N side of [KR-1]).
 */
import { describe, expect, it } from 'vitest';
import { getModel } from '@gatefield/models';
import { InvalidParameterError } from '@gatefield/numerics';
import { createNetwork, vectorField, resolveFixedPointFlow } from '../src/index.js';
import { countFixedPoints } from '../src/fixedPointCount.js';

const gru = getModel('gru');
const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('countFixedPoints', () => {
  it('finds only the (stable) origin below the origin line and reports its work', () => {
    // α_r = 0: vanilla network with gain g_h ρ₀ = 0.6; every start converges to h = 0
    const r = countFixedPoints(createNetwork(gru, { g_h: 1.2, alpha_r: 0 }, 20, 1), { starts: 30 });
    expect(r.count).toBe(1);
    expect(r.convergedStarts).toBe(30);
    expect(r.fixedPoints[0].isOrigin).toBe(true);
    expect(r.fixedPoints[0].hits).toBe(30);
    expect(r.fixedPoints[0].stable).toBe(true);
    expect(r.fixedPoints[0].maxRealEigenvalue as number).toBeLessThan(0);
    expect(r.discovery).toEqual(new Array(30).fill(1));
    expect(r.settings).toMatchObject({ starts: 30, tol: 1e-10, dedupDistance: 1e-6 });
    expect(r.settings.flow).toContain('-h + tanh(eta)');
  });

  it('returns distinct true fixed points of the ungated flow, and their mirror images when F is odd', () => {
    // α_r = 0, β_h = 0: F(−h) = −F(h), so fixed points come in ± pairs (plus the origin)
    const net = createNetwork(gru, { g_h: 3.4, alpha_r: 0 }, 12, 4);
    const r = countFixedPoints(net, { starts: 150 });
    expect(r.count).toBeGreaterThan(2);
    expect(r.count % 2).toBe(1);
    const flow = resolveFixedPointFlow(gru);
    for (const f of r.fixedPoints) {
      expect(maxAbs(vectorField(net, f.state, { kernel: flow.rhs }))).toBeLessThan(1e-10);
      const mirror = r.fixedPoints.find((g) => maxAbs(g.state.map((v, j) => v + f.state[j])) < 1e-6);
      expect(mirror, `mirror of the fixed point with C = ${f.C}`).toBeDefined();
    }
    for (let a = 0; a < r.count; a++) {
      for (let b = a + 1; b < r.count; b++) {
        const d = maxAbs(r.fixedPoints[a].state.map((v, j) => v - r.fixedPoints[b].state[j]));
        expect(d).toBeGreaterThanOrEqual(1e-6);
      }
    }
    // C is ⟨h²⟩ and the list is ordered by it
    for (let k = 1; k < r.count; k++) expect(r.fixedPoints[k].C).toBeGreaterThanOrEqual(r.fixedPoints[k - 1].C);
  });

  it('is reproducible, and each start depends only on its own index (a prefix of the starts gives a prefix of the discovery curve)', () => {
    const net = createNetwork(gru, { g_h: 2.5, alpha_r: 6 }, 16, 9);
    const a = countFixedPoints(net, { starts: 40 });
    const b = countFixedPoints(net, { starts: 40 });
    const c = countFixedPoints(net, { starts: 20 });
    expect(a.count).toBe(b.count);
    a.fixedPoints.forEach((f, k) => expect(bytes(f.state).equals(bytes(b.fixedPoints[k].state))).toBe(true));
    expect(c.discovery).toEqual(a.discovery.slice(0, 20));
  });

  it('merges everything into one point when the de-duplication distance exceeds the state range', () => {
    const net = createNetwork(gru, { g_h: 3.4, alpha_r: 0 }, 12, 4);
    expect(countFixedPoints(net, { starts: 60, classify: false }).count).toBeGreaterThan(1);
    expect(countFixedPoints(net, { starts: 60, dedupDistance: 3 }).count).toBe(1);
  });

  it('rejects invalid options', () => {
    const net = createNetwork(gru, { g_h: 2 }, 5, 1);
    expect(() => countFixedPoints(net, { starts: 0 })).toThrow(InvalidParameterError);
    expect(() => countFixedPoints(net, { dedupDistance: 1e-9 })).toThrow(InvalidParameterError);
    expect(() => countFixedPoints(net, { initScales: [1, 0.5] })).toThrow(InvalidParameterError);
  });
});
