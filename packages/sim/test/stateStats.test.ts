import { describe, expect, it } from 'vitest';
import { getModel } from '@gatefield/models';
import { InvalidParameterError, Rng } from '@gatefield/numerics';
import { computeFields, createNetwork, fieldMoments, observableValues, orderParameterC, stateMoments } from '../src/index.js';

describe('state statistics', () => {
  const gru = getModel('gru');
  const P = { g_h: 2, beta_h: 1.5, alpha_z: 2, beta_z: 1, alpha_r: 4, beta_r: 0.5 };
  const n = 4;
  const net = createNetwork(gru, P, n, 1);
  const h = Float64Array.of(1, -2, 0.5, 0.5);

  it('gives C = ⟨h²⟩ = (1/N)Σ h_i² of a named state variable', () => {
    expect(orderParameterC(net, h, 'h')).toBe((1 + 4 + 0.25 + 0.25) / 4);
    expect(orderParameterC(net, h)).toBe(1.375);
    expect(() => orderParameterC(net, h, 'c')).toThrow(InvalidParameterError);
  });

  it('gives the mean and population variance (1/N) of every field and state variable', () => {
    const y = new Float64Array(12);
    y.set([1, 2, 3, 4], 8); // η
    const m = fieldMoments(net, y);
    expect(m.eta).toEqual({ mean: 2.5, variance: 1.25 });
    expect(m.xi).toEqual({ mean: 0, variance: 0 });
    expect(stateMoments(net, h).h).toEqual({ mean: 0, variance: 1.375 });
    expect(() => fieldMoments(net, new Float64Array(11))).toThrow(InvalidParameterError);
  });

  it('evaluates the GRU observables s, ρ, φ, φ′ per unit (the empirical diagonals)', () => {
    const x = new Rng(2).normals(n);
    const y = computeFields(net, x);
    const o = observableValues(net, x, y);
    for (let i = 0; i < n; i++) {
      expect(o.s[i]).toBeCloseTo(1 / (1 + Math.exp(-(P.alpha_z * y[i] - P.beta_z))), 14);
      expect(o.rho[i]).toBeCloseTo(1 / (1 + Math.exp(-(P.alpha_r * y[n + i] - P.beta_r))), 14);
      expect(o.phi[i]).toBeCloseTo(Math.tanh(y[2 * n + i]), 14);
      expect(o.phiPrime[i]).toBeCloseTo(1 / Math.cosh(y[2 * n + i]) ** 2, 14);
    }
  });
});
