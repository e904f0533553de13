/** Slow fuzz (GATEFIELD_SLOW=1): the CLI contract of fuzzCli.test.ts over ~2000 argument vectors. */
import { describe, expect, it } from 'vitest';
import { cliCases } from './fuzzCli.test.js';

describe('slow fuzz: CLI subcommands', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: exits 0/2/3 with one stderr line and finite JSON`, async () => {
      const { failures, codes, slow } = await cliCases(seed * 15485863, 500, 120);
      console.log(`slow cli fuzz seed ${seed}: ${[...codes].map(([c, k]) => `exit ${c}: ${k}`).join(', ')}; slow: ${slow.length}`);
      expect(failures).toEqual([]);
    });
  }
});
