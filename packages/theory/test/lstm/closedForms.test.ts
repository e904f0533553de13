/**
 * Closed forms at the origin ([LSTM-CAS-2], the gate-controlled spectral radius) at the edges of
 * double precision: regressions found by the slow LSTM fuzz (test/src/fuzzLstm.slow.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@gatefield/numerics';
import { cassiniBoundary, lstmGateSpectralRadius } from '../../src/lstm/index.js';

describe('LSTM origin closed forms at the edges of double precision', () => {
  it('gives finite radius slopes when f₀²/4 underflows (∂r/∂o₀ was ∞ at f₀ = 6e-217)', () => {
    const r = lstmGateSpectralRadius(1.862645149230957e-9, 5.717851080588562e-217, 3.542281790577927e-301, 0);
    expect(r.radius).toBe(1);
    const exact = (1.862645149230957e-9 * 3.542281790577927e-301) / 5.717851080588562e-217; // g_c i₀/(2·f₀/2)
    expect(Math.abs(r.dRadiusDo0! - exact)).toBeLessThan(1e-14 * exact);
    expect(r.dRadiusDo0! > 0 && Number.isFinite(r.dRadiusDo0!)).toBe(true);
    expect(r.dRadiusDi0).toBe(0); // g_c o₀ = 0: the radius does not depend on i₀
  });

  it('reports the infinite slope at the cusp f₀ = 0, g_c o₀ i₀ = 0 as null, and 0 where the radius is flat', () => {
    const r = lstmGateSpectralRadius(0.2376, 0, 0, 0.5); // r = 1 + √(g_c o₀ i₀): infinite slope in i₀ at i₀ = 0
    expect(r.radius).toBe(1);
    expect(r.dRadiusDi0).toBeNull();
    expect(r.dRadiusDo0).toBe(0);
    expect(lstmGateSpectralRadius(0, 0, 0.5, 0.5)).toMatchObject({ radius: 1, dRadiusDo0: 0, dRadiusDi0: 0 });
  });

  it('refuses a Cassini gain R beyond 1e3 or infinite with InvalidParameterError (R² overflowed into ∞/NaN vertices)', () => {
    for (const R of [1e300, Infinity, 1000.5]) expect(() => cassiniBoundary(1e-6, R, 8)).toThrow(InvalidParameterError);
    for (const poly of cassiniBoundary(1e-6, 1e3, 8)) for (const [x, y] of poly) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
  });
});
