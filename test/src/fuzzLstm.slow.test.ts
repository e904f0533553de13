/**
 * Slow fuzz (GATEFIELD_SLOW=1): the LSTM properties of fuzzLstm.test.ts with uncapped gate gains
 * (up to 10³) and every fixed extreme (seed 1, scale 1), and ~5× the cases in the moderate box with
 * forget gains up to 20 (seed 2).
 *
 * Measured 2026-11-26 on a 2-core machine shared with other jobs (load average ~2): seed 1, 622
 * cases in 34 s (the five LSTM_EXTREMES about half of it: mean-field solves at α√C ≈ 400–500 on all
 * gates, up to 8.5 s each), seed 2, 3145 cases in 24 s; the file 61 s CPU. Before the mean field's
 * (u_f, u_i) double sum was reduced (packages/theory/src/lstm/gatePairs.ts) one evaluation at
 * α√C = 60 on all gates summed 3601² node pairs (2.3 s CPU) and seed 1 did not finish in 25 min at
 * half this scale. Found by this suite and fixed with regressions (fuzzLstm.test.ts, issue 8 block):
 * ∂r/∂o₀ = ∞ in lstmGateSpectralRadius when f₀²/4 underflowed, ∞/NaN Cassini vertices at R = 1e300.
 */
import { describe, expect, it } from 'vitest';
import { LSTM_EXTREMES, lstmTallies } from './fuzzLstm.test.js';
import { allFailures, report } from './fuzzUtil.js';

describe('slow fuzz: LSTM entry points', () => {
  for (const [seed, scale, maxGain] of [[1, 1, 1000], [2, 5, 20]] as const) {
    it(`seed ${seed}: every call returns finite, physical numbers or throws a typed error (gains up to ${maxGain})`, () => {
      const t0 = performance.now();
      const tallies = lstmTallies(seed * 7717, scale, maxGain, seed === 1 ? LSTM_EXTREMES : []);
      console.log(report(`slow lstm fuzz seed ${seed}`, tallies, t0));
      expect(allFailures(tallies)).toEqual([]);
    });
  }
});
