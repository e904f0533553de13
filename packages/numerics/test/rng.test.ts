import { describe, expect, it } from 'vitest';
import { Rng, ginibre } from '../src/rng.js';

describe('Rng (xoshiro256** seeded by splitmix64)', () => {
  it('reproduces the reference xoshiro256** stream for seed 1 bit for bit', () => {
    // Reference values from an independent 64-bit integer implementation (Python, see commit notes).
    const r = new Rng(1);
    expect([r.uniform(), r.uniform(), r.uniform()]).toEqual([0.7029218331588505, 0.5204366199388569, 0.5741057000197225]);
  });

  it('gives the same bytes for the same seed and different bytes for different seeds', () => {
    const a = new Rng(42).normals(1000);
    const b = new Rng(42).normals(1000);
    const c = new Rng(43).normals(1000);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('derives sub-streams that depend only on the seed and the label, not on prior draws', () => {
    const p = new Rng(7);
    const d1 = p.derive('U_h').uniform();
    p.normals(100);
    const d2 = p.derive('U_h').uniform();
    expect(d1).toBe(d2);
    expect(p.derive('U_r').uniform()).not.toBe(d1);
    expect(p.derive('a').derive('b').uniform()).toBe(new Rng(7).derive('a').derive('b').uniform());
  });

  it('draws standard normals with mean 0, variance 1 and kurtosis 3 within 5 standard errors', () => {
    const n = 200000;
    const x = new Rng(3).normals(n);
    let m1 = 0, m2 = 0, m4 = 0;
    for (const v of x) { m1 += v; m2 += v * v; m4 += v ** 4; }
    m1 /= n; m2 /= n; m4 /= n;
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('builds Ginibre matrices whose entries have variance g²/N', () => {
    const n = 300;
    const u = ginibre(new Rng(5), n, 4);
    let s2 = 0;
    for (const v of u) s2 += v * v;
    // sample variance of n² entries: relative standard error √(2/n²)
    expect(Math.abs((s2 / (n * n)) / (4 / n) - 1)).toBeLessThan(5 * Math.sqrt(2) / n);
  });

  it('rejects negative, fractional and non-finite seeds', () => {
    expect(() => new Rng(-1)).toThrow(/seed/);
    expect(() => new Rng(1.5)).toThrow(/seed/);
    expect(() => new Rng(Number.NaN)).toThrow(/seed/);
  });
});
