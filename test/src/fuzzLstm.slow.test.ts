/**
 * Slow fuzz (GATEFIELD_SLOW=1): the LSTM properties of fuzzLstm.test.ts with uncapped gate gains
 * (up to 10³) and every fixed extreme (seed 1), and ~5× the cases in the moderate box with forget
 * gains up to 20 (seed 2). An LSTM mean-field solve costs seconds at α_f√C ≳ 10 and 30–60 s at
 * α√C ~ 60 on all three gates (3600² gate pairs per evaluation; the cell table is rebuilt at every
 * C), so seed 1 alone runs for well over 20 minutes on a shared 2-core machine (measured: not
 * finished after 25 min at scale 1); it is kept at half scale.
 */
import { describe, expect, it } from 'vitest';
import { LSTM_EXTREMES, lstmTallies } from './fuzzLstm.test.js';
import { report } from './fuzzUtil.js';

describe('slow fuzz: LSTM entry points', () => {
  for (const [seed, scale, maxGain] of [[1, 1, 1000], [2, 5, 20]] as const) {
    it(`seed ${seed}: every call returns finite, physical numbers or throws a typed error (gains up to ${maxGain})`, () => {
      const t0 = performance.now();
      const tallies = lstmTallies(seed * 7717, scale, maxGain, seed === 1 ? LSTM_EXTREMES : []);
      console.log(report(`slow lstm fuzz seed ${seed}`, tallies, t0));
      expect(Object.values(tallies).flatMap((t) => t.failures)).toEqual([]);
    });
  }
});
