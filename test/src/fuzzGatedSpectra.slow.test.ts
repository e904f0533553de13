/**
 * Slow fuzz (GATEFIELD_SLOW=1): the properties of fuzzGatedSpectra.test.ts with gate gains up to 10³
 * (seed 1, 3× the cases) and 8× the cases at gains ≤ 60 (seed 2).
 */
import { describe, expect, it } from 'vitest';
import { spectraTallies } from './fuzzGatedSpectra.test.js';
import { allFailures, report } from './fuzzUtil.js';

describe.runIf(process.env.GATEFIELD_SLOW === '1')('slow fuzz: gated spectra, Kac–Rice, phase diagram and gradient functions', () => {
  for (const [seed, scale, maxGain] of [[1, 3, 1000], [2, 8, 60]] as const) {
    it(`seed ${seed}: every call returns finite, physical numbers or throws a typed error (gains up to ${maxGain})`, async () => {
      const t0 = performance.now();
      const tallies = await spectraTallies(seed * 4219, scale, maxGain);
      console.log(report(`slow gated spectra fuzz seed ${seed}`, tallies, t0));
      expect(allFailures(tallies)).toEqual([]);
    }, 600_000);
  }
});
