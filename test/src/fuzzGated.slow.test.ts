/**
 * Slow fuzz (GATEFIELD_SLOW=1): the gated-RNN and LSTM/gated-network properties of fuzzGated.test.ts
 * with gate gains up to 10³ (seed 1) and ~8× the cases at gains ≤ 60 (seed 2).
 */
import { describe, expect, it } from 'vitest';
import { gatedTallies } from './fuzzGated.test.js';
import { allFailures, report } from './fuzzUtil.js';

describe('slow fuzz: gated RNN entry points', () => {
  for (const [seed, scale, maxGain] of [[1, 3, 1000], [2, 8, 60]] as const) {
    it(`seed ${seed}: every call returns finite, physical numbers or throws a typed error (gains up to ${maxGain})`, () => {
      const t0 = performance.now();
      const tallies = gatedTallies(seed * 3571, scale, maxGain);
      console.log(report(`slow gated fuzz seed ${seed}`, tallies, t0));
      expect(allFailures(tallies)).toEqual([]);
    });
  }
});
