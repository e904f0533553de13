/**
 * Phase diagram [KR-PD]: labels per grid point ([KR-11], [KR-16], [KR-17], [OQ-17]), boundary
 * polylines (origin line, g_sn, complexity boundary, marginal contours) and determinism across
 * worker counts. The worker-thread runs use the compiled worker in dist/ (build the package first).
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@gatefield/numerics';
import { resolveGruParameters } from '../../src/gru/meanField.js';
import { defaultPhaseWorkerUrl, marginalCrossing, phaseDiagram, saddleNodeCurve, saddleNodeGain, subcriticalThreshold, type PhaseSpec } from '../../src/complexity/index.js';

const SPEC: PhaseSpec = { x: { name: 'alpha_r', lo: 0, hi: 10, count: 11 }, y: { name: 'g_h', lo: 1.62, hi: 3.02, count: 11 }, parameters: {} };
/** The in-thread diagram, computed once and shared by the tests below. */
let cached: ReturnType<typeof phaseDiagram> | undefined;
const base = () => (cached ??= phaseDiagram(SPEC, { workers: 0 }));
const curve = (r: Awaited<ReturnType<typeof phaseDiagram>>, name: string) => r.curves.find((c) => c.name === name)!;

describe('phase diagram over (α_r, g_h) at β = 0', () => {
  it('is bit-identical for 0 and 2 worker threads (rows as tasks, assembled by index)', async () => {
    expect(defaultPhaseWorkerUrl()).not.toBeNull();
    const a = await base();
    const b = await phaseDiagram(SPEC, { workers: 2 });
    expect(b.settings.workerMode).toBe('threads');
    expect(a.settings.workerMode).toBe('in-thread');
    expect(JSON.stringify(b.points)).toBe(JSON.stringify(a.points));
    expect(JSON.stringify(b.curves)).toBe(JSON.stringify(a.curves));
    expect(b.regionCounts).toEqual(a.regionCounts);
  });

  it('labels every grid point consistently with [KR-11], [KR-15], [KR-16], [KR-17]', async () => {
    const r = await base();
    const sub = r.x.filter((x) => x > subcriticalThreshold(0));
    const gsnAt = new Map(saddleNodeCurve(sub).map((s, k) => [sub[k], s.g_sn as number]));
    for (const row of r.points) {
      for (const p of row) {
        expect(p.originStable).toBe(p.y <= 2);
        // Σ_MF > 0 exactly where a nontrivial branch exists (all have Γ² > 1 at β_r = 0)
        expect(p.complexityPositive).toBe(p.roots.length > 0);
        const gsn = gsnAt.get(p.x) ?? 2;
        if (p.y < 2) expect(p.roots.length, `(${p.x}, ${p.y})`).toBe(p.y > gsn ? 2 : 0);
        else expect(p.roots.length).toBe(1);
        expect(p.region).toBe(p.y <= 2 ? (p.roots.length ? 'stable-origin-complex' : 'origin-only') : 'unstable-origin-complex');
        // [OQ-17] default: the marginal label refers to the upper branch
        if (p.roots.length) expect(p.marginal).toBe(p.roots[p.roots.length - 1].gamma2 < 2);
      }
    }
  });

  it('returns the boundary curves as exact polylines: origin line, g_sn ending at (2√2, 2), marginal contour', async () => {
    const r = await base();
    const origin = curve(r, 'origin');
    expect(origin.polylines.length).toBe(1);
    expect(origin.polylines[0].points.every((q) => Math.abs(q.y - 2) < 1e-12)).toBe(true);
    const sn = curve(r, 'saddle-node');
    expect(sn.traced).toBe(true);
    const pts = sn.polylines[0].points;
    expect(Math.abs(pts[0].x - 2 * Math.SQRT2)).toBeLessThan(1e-3);
    expect(Math.abs(pts[0].y - 2)).toBeLessThan(1e-4);
    for (const q of pts.filter((q) => [4, 8, 10].includes(q.x))) expect(Math.abs(q.y - (saddleNodeGain({ alpha_r: q.x }).g_sn as number))).toBeLessThan(1e-9);
    // complexity boundary = min(g_sn, 2): every point lies on one of the two
    for (const q of curve(r, 'complexity').polylines.flatMap((p) => p.points)) {
      const onLine = Math.abs(q.y - 2) < 1e-9;
      const onFold = q.x > 2.8 && Math.abs(q.y - (saddleNodeGain({ alpha_r: q.x }).g_sn as number)) < 1e-7;
      expect(onLine || onFold, `(${q.x}, ${q.y})`).toBe(true);
    }
    // marginal contour on the upper branch: α_r = 6 crosses between g_h = 2.5 and 3 ([KR-17]); α_r ≤ 4 never
    const mu = curve(r, 'marginal-upper').polylines.flatMap((p) => p.points);
    const at6 = mu.find((q) => q.x === 6)!;
    const direct = marginalCrossing(resolveGruParameters({ alpha_r: 6, g_h: 2.5 }), 2.5, 3);
    expect(direct.value).toBeGreaterThan(2.5);
    expect(direct.value).toBeLessThan(3);
    expect(Math.abs(at6.y - direct.value)).toBeLessThan(1e-8);
    expect(direct.gamma2).toBeCloseTo(2, 8);
    expect(mu.every((q) => q.x > 4)).toBe(true);
  });
});

describe('phase diagram over other parameters', () => {
  it('handles a (β_r, α_r) plane at fixed g_h, where the origin line is vertical at β_r = ln(g_h − 1)', async () => {
    const r = await phaseDiagram({ x: { name: 'beta_r', lo: -1, hi: 1, count: 9 }, y: { name: 'alpha_r', lo: 0, hi: 12, count: 7 }, parameters: { g_h: 2.2 } }, { workers: 0 });
    const origin = curve(r, 'origin').polylines;
    expect(origin.length).toBe(1);
    for (const q of origin[0].points) expect(Math.abs(q.x - Math.log(1.2))).toBeLessThan(1e-12);
    for (const row of r.points) for (const p of row) expect(p.originStable).toBe(p.x >= Math.log(1.2));
  });

  it('rejects invalid specs with InvalidParameterError', async () => {
    await expect(phaseDiagram({ ...SPEC, y: { ...SPEC.x } })).rejects.toThrow(InvalidParameterError);
    await expect(phaseDiagram({ ...SPEC, x: { name: 'gain' as 'g_h', lo: 0, hi: 1, count: 3 } })).rejects.toThrow(InvalidParameterError);
    await expect(phaseDiagram({ ...SPEC, x: { ...SPEC.x, count: 1 } })).rejects.toThrow(InvalidParameterError);
    await expect(phaseDiagram({ ...SPEC, y: { name: 'g_h', lo: 1, hi: 30, count: 3 } })).rejects.toThrow(InvalidParameterError);
  });
});
