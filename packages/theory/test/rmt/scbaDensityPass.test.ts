/**
 * The ε = 0 hot loops of the density grid (`scbaDensityPass.ts`) against the general equations of
 * `scbaEquations.ts` ([GRU-SCBA-3], [GRU-SCBA-5]), including the entries obtained from the scale
 * symmetry, at solutions and away from them.
 */
import { describe, expect, it } from 'vitest';
import { gruSites, scbaGreenFunction } from '../../src/index.js';
import { evalGaugeJacobianAndDensity, evalMapGauge, gaugeCtx } from '../../src/rmt/scbaDensityPass.js';
import { evalDensityTerms, evalMap, makeCtx } from '../../src/rmt/scbaEquations.js';

const s = [0.3, 0.6, 1, 0.6, 0.3];
const sites = gruSites({ s, l: [0.36, 0.5, 1.2, 0.7, 0.2], rho: [1, 0.8, 1, 0.5, 0.7], d: [0.3, -0.2, 0.5, 0.1, 0.4] }, [0.2, 0.2, 0.3, 0.15, 0.15]);
const params = { gH2: 1.5, sigmaUr2: 1.3 };
const c = makeCtx(sites, params);
const gc = gaugeCtx(c);
const rel = (a: number, b: number, scale: number) => Math.abs(a - b) / scale;

describe('fused ε = 0 density pass', () => {
  it('groups the sites by s', () => {
    expect(Array.from(gc.gs)).toEqual([0.3, 0.6, 1]);
    expect(Array.from(gc.start)).toEqual([0, 2, 4, 5]);
    // identical sites are merged
    const dup = gaugeCtx(makeCtx(gruSites({ s: [0.3, 0.3, 0.6], l: [0.5, -0.5, 0.2], rho: [1, 1, 1], d: [0.1, 0.1, 0.3] }, [0.25, 0.25, 0.5]), params));
    expect(dup.n).toBe(2);
    expect(Array.from(dup.w)).toEqual([0.5, 0.5]);
  });

  for (const [name, lambda, perturb] of [
    ['at a solution inside the bulk', { re: -0.7, im: 0.3 }, [1, 1, 1, 1]],
    ['off the solution and off the gauge a₁ = a₂', { re: -0.4, im: 0.1 }, [1.3, 0.6, 0.9, 1.2]],
  ] as const) {
    it(`equals evalMap + evalDensityTerms ${name} (row 2 and the a₂ components excepted)`, () => {
      const x = Float64Array.from(scbaGreenFunction(sites, params).solve(lambda).state.x, (v, k) => v * perturb[k]);
      const F = new Float64Array(4);
      const J = new Float64Array(16);
      const t = new Float64Array(18);
      evalMap(c, lambda.re, lambda.im, 0, x, F, J, null);
      evalDensityTerms(c, lambda.re, lambda.im, 0, x, null, t);
      const F2 = new Float64Array(4);
      const J2 = new Float64Array(16);
      const t2 = new Float64Array(18);
      evalGaugeJacobianAndDensity(gc, lambda.re, lambda.im, x, J2, t2, F2);
      const F3 = new Float64Array(4);
      evalMapGauge(gc, lambda.re, lambda.im, x, F3);
      const jScale = Math.max(...J.map(Math.abs));
      const tScale = Math.max(...t.map(Math.abs));
      for (let k = 0; k < 4; k++) {
        expect(rel(F2[k], F[k], Math.abs(F[k]))).toBeLessThan(1e-13);
        expect(rel(F3[k], F[k], Math.abs(F[k]))).toBeLessThan(1e-13);
      }
      for (let k = 0; k < 16; k++) if (k < 8 || k >= 12) expect(rel(J2[k], J[k], jScale)).toBeLessThan(1e-13);
      for (let k = 8; k < 12; k++) expect(J2[k]).toBe(0);
      for (let k = 0; k < 18; k++) if (k !== 2 && k !== 6) expect(rel(t2[k], t[k], tScale)).toBeLessThan(1e-13);
    });
  }
});
