/**
 * Slow fuzz (GATEFIELD_SLOW=1): the CLI model paths of fuzzCliModels.test.ts, ~4× the cases per seed,
 * N up to 60, gate gains up to 60 (seeds 1, 2) and, with fewer cases, up to 10³ (seed 3).
 */
import { describe, expect, it } from 'vitest';
import { modelCliCases } from './fuzzCliModels.test.js';

describe('slow fuzz: CLI --model lstm / gated, dmft, lyapunov', () => {
  for (const [seed, gainCap] of [[1, 60], [2, 20]] as const) {
    it(`seed ${seed}: exits 0/2/3 with one stderr line and finite JSON (gains up to ${gainCap})`, async () => {
      const t0 = performance.now();
      const { failures, codes, slow } = await modelCliCases(seed * 1013, 200, 60, gainCap);
      console.log(`slow cli model fuzz seed ${seed}: ${[...codes].map(([c, k]) => `exit ${c}: ${k}`).join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s; slow: ${slow.length}`);
      expect(failures).toEqual([]);
    });
  }
  // Gate gains up to 10³ through the CLI (issue 8): affordable since the gate-window sums of the LSTM
  // and gated theory (an LSTM mean field at gains 10³ ~5 s, a gated fixed point ~10 ms); fewer cases.
  it('seed 3: exits 0/2/3 with one stderr line and finite JSON (gains up to 1000)', async () => {
    const t0 = performance.now();
    const { failures, codes, slow, messages } = await modelCliCases(3 * 1013, 60, 60, 1000);
    console.log(`slow cli model fuzz seed 3: ${[...codes].map(([c, k]) => `exit ${c}: ${k}`).join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s; slow: ${slow.length}\n${[...messages].map(([m, c]) => `  ${c}× ${m.trim()}`).join('\n')}`);
    expect(failures).toEqual([]);
  });
});
