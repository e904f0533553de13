/** Slow fuzz (GATEFIELD_SLOW=1): RMT solvers and phase-diagram specs of fuzzRmt.test.ts with ~10× the cases. */
import { describe, expect, it } from 'vitest';
import { phaseTallies, rmtTallies } from './fuzzRmt.test.js';
import { allFailures, report } from './fuzzUtil.js';

describe('slow fuzz: RMT solvers and phase diagrams', () => {
  it('psiRoot, radialCdf and scbaSolve: finite, physical numbers or a typed error (two seeds)', () => {
    for (const seed of [1, 2]) {
      const t0 = performance.now();
      const tallies = rmtTallies(seed * 4099, 10);
      const all = allFailures(tallies);
      console.log(report(`slow rmt fuzz seed ${seed}`, tallies, t0));
      expect(all).toEqual([]);
    }
  });

  it('phaseDiagram with hostile specs: a finite diagram or a typed error', async () => {
    const t0 = performance.now();
    const t = await phaseTallies(4111, 100);
    console.log(report('slow phase fuzz', { phaseDiagram: t }, t0));
    expect(t.failures).toEqual([]);
  });
});
