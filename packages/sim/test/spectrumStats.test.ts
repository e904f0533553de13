import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@gatefield/numerics';
import { abscissa, leftEdge, massInDisk, massInDisks, radialCdf, sortedRadii } from '../src/index.js';

// Eigenvalues −1, −1 ± 0.5i, 0.2, −2.5 (M = 5).
const eigs = { re: Float64Array.of(-1, -1, -1, 0.2, -2.5), im: Float64Array.of(0, 0.5, -0.5, 0, 0) };

describe('spectrum statistics', () => {
  it('gives the mass of closed disks as count / total number of eigenvalues', () => {
    expect(massInDisk(eigs, { re: -1, im: 0, r: 0 })).toBe(1 / 5);
    expect(massInDisk(eigs, { re: -1, im: 0, r: 0.5 })).toBe(3 / 5); // boundary counts
    expect(massInDisks(eigs, [{ re: -1, im: 0, r: 1.2 }, { re: -1, im: 0, r: 1.5 }, { re: 0, im: 0, r: 10 }])).toEqual([4 / 5, 1, 1]);
    expect(massInDisk(eigs, { re: 5, im: 5, r: 1 })).toBe(0);
  });

  it('gives the spectral abscissa max Re λ and the left edge min Re λ', () => {
    expect(abscissa(eigs)).toBe(0.2);
    expect(leftEdge(eigs)).toBe(-2.5);
  });

  it('gives the radial CDF about a centre, closed at each radius and non-decreasing', () => {
    expect(Array.from(sortedRadii(eigs, { re: -1, im: 0 }))).toEqual([0, 0.5, 0.5, 1.2, 1.5]);
    expect(Array.from(radialCdf(eigs, { re: -1, im: 0 }, [-1, 0, 0.25, 0.5, 1.2, 1.4, 1.5, 99]))).toEqual([0, 0.2, 0.2, 0.6, 0.8, 0.8, 1, 1]);
  });

  it('rejects empty spectra, mismatched arrays and negative radii with InvalidParameterError', () => {
    const empty = { re: new Float64Array(0), im: new Float64Array(0) };
    expect(() => abscissa(empty)).toThrow(InvalidParameterError);
    expect(() => leftEdge({ re: new Float64Array(2), im: new Float64Array(1) })).toThrow(InvalidParameterError);
    expect(() => massInDisk(eigs, { re: 0, im: 0, r: -1 })).toThrow(InvalidParameterError);
  });
});
