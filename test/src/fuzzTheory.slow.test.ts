/**
 * Slow fuzz (GATEFIELD_SLOW=1): the theory properties of fuzzTheory.test.ts with ~10× the cases,
 * uncapped gate gains (up to 10³), every fixed extreme, and the large-α disk masses of the issue.
 */
import { describe, expect, it } from 'vitest';
import { predictGru } from '@gatefield/theory';
import { EXTREMES, predictionProblem, theoryTallies } from './fuzzTheory.test.js';
import { allFailures, outcome } from './fuzzUtil.js';

describe('slow fuzz: theory entry points', () => {
  // seed 1: gate gains up to 10³ (a prediction at α√C ~ 10³ costs up to ~2.5 s, mostly the support's sums on the 4·10⁵-point sharp-gate
  // grid); seeds 2, 3: gains capped at 100, more cases.
  for (const [seed, scale, maxGain] of [[1, 1.5, 1000], [2, 4, 100], [3, 4, 100]] as const) {
    it(`seed ${seed}: every call returns finite numbers or throws a typed error (gains up to ${maxGain})`, () => {
      const t0 = performance.now();
      const tallies = theoryTallies(seed * 7919, scale, maxGain, seed === 1 ? EXTREMES : []);
      const failures = allFailures(tallies);
      const total = Object.values(tallies).reduce((a, t) => a + t.total, 0);
      console.log(`slow theory fuzz seed ${seed}: ${total} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s\n${Object.entries(tallies).map(([k, t]) => `  ${k}: ${t.summary()}`).join('\n')}`);
      expect(failures).toEqual([]);
    });
  }

  it('predicts disk masses at g_h = 10, α_z = α_r = 500 (the sharp-gate case of the issue) or names the disk to move', () => {
    const p = { g_h: 10, alpha_z: 500, alpha_r: 500 };
    const near0 = outcome(() => predictGru(p, { disks: [{ re: 0, im: 0, r: 0.1 }] }), predictionProblem);
    expect(near0.kind).toBe('ok');
    // iid-ensemble simulation (N = 600, seed 1) puts 0.525 of the eigenvalues in |λ| ≤ 0.1
    const m = (near0 as { value: ReturnType<typeof predictGru> }).value.masses[0].mass;
    expect(Math.abs(m - 0.525)).toBeLessThan(0.06);
    const through = outcome(() => predictGru(p, { disks: [{ re: 0, im: 0, r: 1 }] }));
    expect(through.kind === 'ok' || (through.kind === 'typed' && /move or resize the disk/.test(through.error.message))).toBe(true);
  });
});
