/** Slow fuzz (GATEFIELD_SLOW=1): the numerics properties of fuzzNumerics.test.ts with ~10× the cases, two seeds. */
import { describe, expect, it } from 'vitest';
import { numericsTallies } from './fuzzNumerics.test.js';
import { allFailures, report } from './fuzzUtil.js';

describe('slow fuzz: numerics entry points', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: every call returns finite, in-range numbers or throws a typed error`, () => {
      const t0 = performance.now();
      const tallies = numericsTallies(seed * 65537, 10);
      console.log(report(`slow numerics fuzz seed ${seed}`, tallies, t0));
      expect(allFailures(tallies)).toEqual([]);
    });
  }
});
