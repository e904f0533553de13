/**
 * Site samples ([OQ-9]): the weighted per-site input of every spectral function.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@gatefield/numerics';
import { equalWeightSample, gruSites, siteAverage, siteSample, weightedMean } from '../../src/rmt/index.js';

describe('site samples', () => {
  it('normalises the weights to sum 1 and copies the columns into Float64Arrays', () => {
    const x = [1, 2, 3];
    const s = siteSample({ x }, [1, 1, 2]);
    expect(Array.from(s.weights)).toEqual([0.25, 0.25, 0.5]);
    expect(s.x).toBeInstanceOf(Float64Array);
    x[0] = 99;
    expect(s.x[0]).toBe(1);
    expect(weightedMean(s.weights, s.x)).toBeCloseTo(2.25, 15);
    expect(siteAverage(s.weights, (i) => s.x[i] ** 2)).toBeCloseTo(0.25 + 1 + 4.5, 15);
  });

  it('builds equal-weight samples (empirical diagonals, iid draws) and GRU sites with d defaulting to 0', () => {
    const e = equalWeightSample({ a: [3, 4, 5, 6] });
    expect(Array.from(e.weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
    const g = gruSites({ s: [0.5, 0.2], l: [0.3, 0.1], rho: [0.6, 0.9] });
    expect(Array.from(g.d)).toEqual([0, 0]);
    expect(Array.from(g.weights)).toEqual([0.5, 0.5]);
  });

  it('rejects ragged columns, negative or non-finite values, a zero total weight and unnormalised weights when normalise is false', () => {
    expect(() => siteSample({ x: [1, 2] }, [1, 1, 1])).toThrow(InvalidParameterError);
    expect(() => siteSample({ x: [1, NaN] }, [1, 1])).toThrow(InvalidParameterError);
    expect(() => siteSample({ x: [1, 2] }, [1, -1])).toThrow(InvalidParameterError);
    expect(() => siteSample({ x: [1, 2] }, [0, 0])).toThrow(InvalidParameterError);
    expect(() => siteSample({ x: [1, 2] }, [0.5, 0.6], { normalise: false })).toThrow(InvalidParameterError);
    expect(siteSample({ x: [1, 2] }, [0.5, 0.5], { normalise: false }).weights[1]).toBe(0.5);
  });
});
