import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError } from '@gatefield/numerics';
import { checkLength, gatherUnit, maxAbs, scatterUnit, toBlockMajor, toUnitMajor } from '../src/index.js';

describe('layout', () => {
  it('converts unit-major ↔ block-major losslessly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 30 }), (nVar, n) => {
        const u = Float64Array.from({ length: nVar * n }, (_, j) => j * 0.5 - 3);
        const b = toBlockMajor(u, nVar, n);
        for (let i = 0; i < n; i++) for (let v = 0; v < nVar; v++) if (b[v * n + i] !== u[i * nVar + v]) return false;
        return toUnitMajor(b, nVar, n).every((x, j) => x === u[j]);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('gathers and scatters one unit of a block-major array', () => {
    const block = Float64Array.of(1, 2, 3, 10, 20, 30); // 2 variables × 3 units
    expect(Array.from(gatherUnit(block, 2, 3, 1, new Float64Array(2)))).toEqual([2, 20]);
    scatterUnit(Float64Array.of(-1, -2), 2, 3, 2, block);
    expect(Array.from(block)).toEqual([1, 2, -1, 10, 20, -2]);
  });

  it('checks lengths and finiteness, and maxAbs propagates NaN', () => {
    expect(() => checkLength('a', new Float64Array(2), 3)).toThrow(InvalidParameterError);
    expect(() => checkLength('a', Float64Array.of(1, Infinity), 2)).toThrow(InvalidParameterError);
    expect(() => checkLength('a', [1, 2], 2)).toThrow(InvalidParameterError);
    expect(maxAbs(Float64Array.of(1, -3, 2))).toBe(3);
    expect(maxAbs(Float64Array.of(1, NaN, 2))).toBeNaN();
  });
});
