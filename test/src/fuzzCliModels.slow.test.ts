/**
 * Slow fuzz (GATEFIELD_SLOW=1): the CLI model paths of fuzzCliModels.test.ts, ~4× the cases per seed,
 * N up to 60, gate gains up to 60 (an LSTM prediction at α_f√C ~ 60 costs ~10 s; the theory fuzz
 * suites cover gains to 10³).
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
});
