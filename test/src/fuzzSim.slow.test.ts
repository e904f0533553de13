/** Slow fuzz (GATEFIELD_SLOW=1): simulation properties of fuzzSim.test.ts, ~10× the cases, N up to 200. */
import { describe, expect, it } from 'vitest';
import { simTallies } from './fuzzSim.test.js';
import { allFailures } from './fuzzUtil.js';

describe('slow fuzz: simulation entry points', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: every call returns finite numbers or throws a typed error`, () => {
      const tallies = simTallies(seed * 104729, 5, 200);
      const total = Object.values(tallies).reduce((a, t) => a + t.total, 0);
      console.log(`slow sim fuzz seed ${seed}: ${total} cases\n${Object.entries(tallies).map(([k, t]) => `  ${k}: ${t.summary()}`).join('\n')}`);
      expect(allFailures(tallies)).toEqual([]);
    });
  }
});
