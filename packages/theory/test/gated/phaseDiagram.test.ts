/**
 * Gated-RNN phase diagram [GATE-PD]: boundary curves against the fixed-point columns of
 * [GATE-REF-F4] (closed forms and the explicit branch: no sampling error, tolerances are the table's
 * rounding), the regions of the worked example [GATE-REF-EX], one chaos-onset row (the DMFT
 * continuation is the slow part: ~15 s; more rows in test/src/gatedPhase.slow.test.ts), the
 * ordering g_h^FP < g_h^chaos < 1 + e^{β_r} [GATE-TR-5], the marginal-stability label at
 * [GATE-REF-F1] ([GATE-MS-1], [GATE-MS-2]) and determinism across worker counts.
 *
 * The worker-thread test uses the compiled worker in dist/ (build the package first).
 */
import { InvalidParameterError, normalCdf } from '@gatefield/numerics';
import { describe, expect, it } from 'vitest';
import { type GatedPhaseSpec, gatedPhaseDiagram } from '../../src/gated/phaseDiagram.js';
import { gatedPhaseOnset } from '../../src/gated/phaseWorker.js';

/** [GATE-REF-F4], α_r = 8: β_r, origin 1 + e^{β_r}, saddle-node g_h^FP. */
const F4_ALPHA8: [number, number, number][] = [[0, 2.0, 1.805], [0.5, 2.649, 1.999], [1, 3.718, 2.2], [1.5, 5.482, 2.411], [2, 8.389, 2.637]];

describe('gated phase diagram curves', () => {
  it('reproduces the origin and saddle-node columns of [GATE-REF-F4] (α_r = 8) to the table rounding [GATE-TR-1], [GATE-TR-4]', async () => {
    const spec: GatedPhaseSpec = { x: { name: 'beta_r', lo: 0, hi: 2, count: 5 }, y: { name: 'g_h', lo: 1, hi: 9, count: 9 }, parameters: { alpha_r: 8 }, chaos: 'off' };
    const r = await gatedPhaseDiagram(spec, { workers: 0 });
    const sn = r.curves.find((c) => c.name === 'saddle-node')!;
    expect(sn.exact).toBe(true);
    const snPts = sn.polylines.flatMap((p) => p.points);
    const origin = r.curves.find((c) => c.name === 'origin')!.polylines.flatMap((p) => p.points);
    for (const [br, g0, gfp] of F4_ALPHA8) {
      const s = snPts.find((p) => Math.abs(p.x - br) < 1e-12)!;
      expect(Math.abs(s.y - gfp)).toBeLessThanOrEqual(5e-4 + 1e-6); // table: 3 decimals
      // the origin curve crosses the vertical grid line at β_r exactly at 1 + e^{β_r}
      const o = origin.find((p) => Math.abs(p.x - br) < 1e-12)!;
      expect(Math.abs(o.y - (1 + Math.exp(br)))).toBeLessThan(1e-9);
      expect(Math.abs(o.y - g0)).toBeLessThanOrEqual(5e-4);
    }
  });

  it('puts the subcriticality line α_r²(1 − s)(2 − 3s) = 2 at α_r = 2√2 for β_r = 0 [GATE-TR-4] and labels both sides', async () => {
    const spec: GatedPhaseSpec = { x: { name: 'alpha_r', lo: 0, hi: 6, count: 7 }, y: { name: 'beta_r', lo: -1, hi: 0, count: 3 }, parameters: { g_h: 1.5 }, chaos: 'off' };
    const r = await gatedPhaseDiagram(spec, { workers: 0 });
    const line = r.curves.find((c) => c.name === 'subcritical-threshold')!.polylines.flatMap((p) => p.points);
    const at0 = line.find((p) => Math.abs(p.y) < 1e-12)!;
    expect(Math.abs(at0.x - 2 * Math.SQRT2)).toBeLessThan(1e-8);
    const row = r.points[2]; // β_r = 0
    expect(row[2].subcritical).toBe(false); // α_r = 2: κ = 1
    expect(row[3].subcritical).toBe(true); // α_r = 3: κ = 2.25
  });

  it('starts the saddle-node curve on the origin line at the subcriticality threshold (g_h^FP → 1 + e^{β_r} as κ → 2, [GATE-TR-3])', async () => {
    const spec: GatedPhaseSpec = { x: { name: 'alpha_r', lo: 0, hi: 4, count: 5 }, y: { name: 'g_h', lo: 1, hi: 3, count: 3 }, parameters: {}, chaos: 'off' };
    const r = await gatedPhaseDiagram(spec, { workers: 0 });
    const pts = r.curves.find((c) => c.name === 'saddle-node')!.polylines[0].points;
    expect(Math.abs(pts[0].x - 2 * Math.SQRT2)).toBeLessThan(1e-8);
    expect(pts[0].y).toBe(2);
    // just past the threshold (α_r = 3, κ = 2.25) the saddle-node is still close below the origin line
    expect(pts[1].x).toBe(3);
    expect(pts[1].y).toBeLessThan(2);
    expect(pts[1].y).toBeGreaterThan(1.99);
  });
});

describe('gated phase diagram regions', () => {
  it('labels the worked example [GATE-REF-EX] (α_r = 8, β_r = 1): zero FP only, complexity without chaos, bistable, chaotic; and the onset of one [GATE-REF-F4] row to ±0.01 with g_h^FP < g_h^chaos < 1 + e^{β_r} [GATE-TR-5]', async () => {
    // x = τ_z does nothing at α_z = 0; one chaos sample (column 0) keeps this to one DMFT continuation
    const spec: GatedPhaseSpec = { x: { name: 'tau_z', lo: 1, hi: 2, count: 2 }, y: { name: 'g_h', lo: 2.1, hi: 3.9, count: 10 }, parameters: { alpha_r: 8, beta_r: 1, tau_r: 1 }, chaosSamples: 1 };
    const r = await gatedPhaseDiagram(spec, { workers: 0 });
    const onset = r.onsets[0];
    expect(onset.method).toBe('continuation');
    expect(Math.abs((onset.onset as number) - 2.43)).toBeLessThanOrEqual(0.01);
    expect(onset.saddleNode as number).toBeLessThan(onset.onset as number);
    expect(onset.onset as number).toBeLessThan(onset.originGain);
    // C_h(0) at onset ≈ 0.034 (table); the continuation stops within lastStep of the saddle-node, where C_h(0) still moves
    expect(Math.abs((onset.onsetVariance as number) - 0.034)).toBeLessThan(0.005);
    const col = r.points.map((row) => row[0]);
    const at = (g: number) => col.find((p) => Math.abs(p.y - g) < 1e-9)!;
    expect(at(2.1).region).toBe('zero-stable'); // g_h < 2.200
    expect(at(2.3).region).toBe('zero-stable-complex'); // 2.200 < g_h < 2.43: unstable non-zero FPs, no chaos
    expect(at(2.3).complexity).toBe(true);
    expect(at(2.3).roots.every((q) => q.stabilityFunctional > 1)).toBe(true); // [GATE-TR-4]: branch unstable
    expect(at(2.5).region).toBe('bistable');
    expect(at(3.5).region).toBe('bistable');
    expect(at(3.9).region).toBe('chaotic'); // g_h > 3.718
    expect(r.points.every((row) => row[1].chaos !== null || row[1].chaosSource !== 'onset')).toBe(true);
  });

  it('gives the continuous onset at the origin line when supercritical (α_r = 2, β_r = 0: g_h^chaos = 2, last row of [GATE-REF-F4])', () => {
    const o = gatedPhaseOnset({ x: { name: 'alpha_r', lo: 2, hi: 3, count: 2 }, y: { name: 'g_h', lo: 1, hi: 3, count: 2 }, parameters: {} }, 0);
    expect(o.method).toBe('continuous');
    expect(o.onset).toBe(2);
  });

  it('labels the [GATE-REF-F1] fixed point stable (Γ = 0.552) and marginal only for large α_z [GATE-MS-1], [GATE-MS-2]', async () => {
    const spec: GatedPhaseSpec = { x: { name: 'alpha_z', lo: 5, hi: 105, count: 2 }, y: { name: 'g_h', lo: 1.6, hi: 1.7, count: 2 }, parameters: { beta_h: 0.4, alpha_r: 2, tau_z: 2, tau_r: 1.5 } };
    const r = await gatedPhaseDiagram(spec, { workers: 0 });
    const f1 = r.points[0][0];
    expect(f1.originStable).toBeNull();
    expect(f1.roots[0].stabilityFunctional).toBeCloseTo(0.552, 3);
    // [GATE-MS-1]: Φ_G(ln(ε/(1 − ε))/(α_z√Δ_z)) at ε = 0.02 (70.0 of N = 1500; the recorded 72 is within its Poisson noise ±8.5)
    const dz = f1.roots[0].deltaR;
    expect(dz).toBeCloseTo(0.2152, 4);
    expect(f1.slowFraction as number).toBeCloseTo(normalCdf(Math.log(0.02 / 0.98) / (5 * Math.sqrt(dz))), 12);
    expect(Math.abs((f1.slowFraction as number) * 1500 - 72)).toBeLessThan(8.5);
    expect(f1.region).toBe('fp-stable');
    // α_z = 105: the fraction approaches f₀ = 1/2 [GATE-MS-2]
    expect(r.points[0][1].slowFraction as number).toBeGreaterThan(0.3);
    expect(r.points[0][1].region).toBe('marginal');
    expect(r.curves.find((c) => c.name === 'marginal')!.polylines.length).toBeGreaterThan(0);
  });
});

describe('gated phase diagram contract', () => {
  it('is byte-identical for 0, 1 and 2 worker threads', async () => {
    const spec: GatedPhaseSpec = { x: { name: 'alpha_r', lo: 0, hi: 2, count: 4 }, y: { name: 'g_h', lo: 1, hi: 3, count: 5 }, parameters: { beta_r: 0 } };
    const outs = [];
    for (const workers of [0, 1, 2]) {
      const { settings, timing, ...rest } = await gatedPhaseDiagram(spec, { workers });
      outs.push(JSON.stringify(rest));
    }
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
  });

  it('rejects unknown or repeated axis parameters and bad ranges with InvalidParameterError', async () => {
    const base: GatedPhaseSpec = { x: { name: 'alpha_r', lo: 0, hi: 2, count: 3 }, y: { name: 'g_h', lo: 1, hi: 3, count: 3 }, parameters: {} };
    await expect(gatedPhaseDiagram({ ...base, x: { ...base.x, name: 'alpha_q' as 'alpha_r' } })).rejects.toThrow(/valid parameters are g_h, beta_h/);
    await expect(gatedPhaseDiagram({ ...base, y: { ...base.y, name: 'alpha_r' } })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(gatedPhaseDiagram({ ...base, y: { ...base.y, hi: 11 } })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(gatedPhaseDiagram({ ...base, parameters: { tau_r: Number.NaN } })).rejects.toBeInstanceOf(InvalidParameterError);
  });
});
