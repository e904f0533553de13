import { describe, expect, it } from 'vitest';
import { UNIFORM_CACHE_MAX_POINTS, uniformGaussianRule } from '../src/gaussianRule.js';

// Found in issue 8: the LSTM cell quadrature sizes its uniform grid from C, and the never-evicting
// cache grew by ~10 MB per large-gain solve. The cache is now least-recently-used, bounded in nodes.
describe('uniform Gaussian rule cache', () => {
  it('returns the same rule object for a repeated size while it is cached', () => {
    expect(uniformGaussianRule(4001, 12)).toBe(uniformGaussianRule(4001, 12));
  });

  it('evicts the least recently used rules once the total exceeds the bound, and keeps the recent ones', () => {
    const first = uniformGaussianRule(300_001, 12);
    const sizes = Array.from({ length: Math.ceil(UNIFORM_CACHE_MAX_POINTS / 300_000) + 2 }, (_, k) => 300_003 + 2 * k);
    const rules = sizes.map((n) => uniformGaussianRule(n, 12));
    expect(uniformGaussianRule(300_001, 12)).not.toBe(first); // evicted, rebuilt
    expect(uniformGaussianRule(sizes.at(-1)!, 12)).toBe(rules.at(-1)); // most recent kept
    const rebuilt = uniformGaussianRule(300_001, 12);
    expect(Array.from(rebuilt.weights.subarray(0, 5))).toEqual(Array.from(first.weights.subarray(0, 5))); // same numbers
  });

  it('keeps a single rule larger than the bound (the most recent rule is never evicted)', () => {
    const big = uniformGaussianRule(UNIFORM_CACHE_MAX_POINTS + 1, 12);
    expect(uniformGaussianRule(UNIFORM_CACHE_MAX_POINTS + 1, 12)).toBe(big);
  });
});
