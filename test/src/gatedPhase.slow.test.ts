/**
 * Slow checks of the gated-RNN phase diagram [GATE-PD] (GATEFIELD_SLOW=1): the chaos-onset column
 * of [GATE-REF-F4] for α_r = 8 and α_r = 4 computed by `gatedPhaseDiagram` over (β_r, g_h) on
 * worker threads, the ordering g_h^FP < g_h^chaos < 1 + e^{β_r} of [GATE-TR-5] at every computed
 * row, the saddle-node column exactly, and the region sequence of [GATE-REF-EX] along g_h.
 *
 * Tolerances: the continuation ends with a step of 0.005–0.0075, and the table's onsets are
 * themselves accurate to ±0.01 ([GATE-NUM-6]), so |Δ onset| ≤ 0.015; the saddle-node column is an
 * exact 1-D minimisation of the explicit branch [GATE-TR-2], so the table rounding 5e-4 applies.
 * α_r = 4, β_r = 0 ("not computed" in the table: the window g_h^FP..2 is 0.036 wide) must come back
 * as unavailable, not as a number.
 */
import { describe, expect, it } from 'vitest';
import { type GatedPhaseSpec, gatedPhaseDiagram } from '@gatefield/theory';

const slow = process.env.GATEFIELD_SLOW === '1';

/** [GATE-REF-F4]: α_r, β_r, g_h^FP, g_h^chaos (null: not computed). */
const F4: Record<number, [number, number, number | null][]> = {
  8: [[0, 1.805, 1.896], [0.5, 1.999, 2.157], [1, 2.2, 2.43], [1.5, 2.411, 2.709], [2, 2.637, 3.017]],
  4: [[0, 1.964, null], [0.5, 2.353, 2.47], [1, 2.794, 3.021], [2, 3.907, 4.479]],
};

describe.skipIf(!slow)('gated phase diagram: chaos onsets of [GATE-REF-F4]', () => {
  for (const alphaR of [8, 4]) {
    it(`reproduces the g_h^FP and g_h^chaos columns at α_r = ${alphaR} and the ordering g_h^FP < g_h^chaos < 1 + e^{β_r} [GATE-TR-4], [GATE-TR-5]`, async () => {
      const spec: GatedPhaseSpec = { x: { name: 'beta_r', lo: 0, hi: 2, count: 5 }, y: { name: 'g_h', lo: 1, hi: 9, count: 17 }, parameters: { alpha_r: alphaR, tau_r: 1 }, chaosSamples: 5 };
      const r = await gatedPhaseDiagram(spec, { workers: 2 });
      const sn = r.curves.find((c) => c.name === 'saddle-node')!.polylines.flatMap((p) => p.points);
      for (const [br, gfp, gch] of F4[alphaR]) {
        expect(Math.abs(sn.find((p) => Math.abs(p.x - br) < 1e-12)!.y - gfp)).toBeLessThanOrEqual(5e-4 + 1e-6);
        const o = r.onsets.find((q) => Math.abs(q.value - br) < 1e-12)!;
        if (gch === null) {
          expect(o.method).toBe('unavailable');
          continue;
        }
        expect(o.method).toBe('continuation');
        expect(Math.abs((o.onset as number) - gch)).toBeLessThanOrEqual(0.015);
      }
      for (const o of r.onsets.filter((q) => q.method === 'continuation')) {
        expect(o.saddleNode as number).toBeLessThan(o.onset as number);
        expect(o.onset as number).toBeLessThan(o.originGain);
      }
    });
  }

  it('follows the region sequence of [GATE-REF-EX] along g_h at α_r = 8, β_r = 1 (zero FP only → complexity without chaos → bistable → chaotic)', async () => {
    const spec: GatedPhaseSpec = { x: { name: 'tau_z', lo: 1, hi: 2, count: 2 }, y: { name: 'g_h', lo: 1.5, hi: 4.5, count: 61 }, parameters: { alpha_r: 8, beta_r: 1, tau_r: 1 }, chaosSamples: 1 };
    const r = await gatedPhaseDiagram(spec, { workers: 2 });
    const seq = r.points.map((row) => row[0].region).filter((v, k, a) => k === 0 || a[k - 1] !== v);
    expect(seq).toEqual(['zero-stable', 'zero-stable-complex', 'bistable', 'chaotic']);
  });
});
