/**
 * The worker pool of the phase diagram [KR-PD]: rows computed by the calling thread while the workers
 * load, rows computed by the workers, and curves on workers holding the grid posted once, assemble
 * into the same result as the in-thread computation. Uses the compiled worker in dist/ (build first).
 */
import { describe, expect, it } from 'vitest';
import { defaultPhaseWorkerUrl, phaseDiagram, type PhaseSpec } from '../../src/complexity/index.js';

const strip = (r: Awaited<ReturnType<typeof phaseDiagram>>) => JSON.stringify({ ...r, settings: undefined, timing: undefined });

describe('phase-diagram worker pool', () => {
  it('gives the in-thread result for a grid finished before the workers load and for one shared with them, reporting each row once [KR-PD]', async () => {
    expect(defaultPhaseWorkerUrl()).not.toBeNull();
    for (const count of [3, 9]) {
      const spec: PhaseSpec = { x: { name: 'alpha_r', lo: 2, hi: 8, count }, y: { name: 'g_h', lo: 1.7, hi: 2.6, count }, parameters: {} };
      const a = await phaseDiagram(spec, { workers: 0 });
      const seen: number[] = [];
      const b = await phaseDiagram(spec, { workers: 2, onProgress: (d, t) => seen.push(d / t) });
      expect(b.settings.workerMode).toBe('threads');
      expect(strip(b)).toBe(strip(a));
      expect(seen).toEqual(Array.from({ length: count }, (_, k) => (k + 1) / count));
    }
  });
});
