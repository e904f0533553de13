import { describe, expect, it } from 'vitest';
import { getModel } from '@gatefield/models';
import { InvalidParameterError, NonPhysicalError } from '@gatefield/numerics';
import { createNetwork, initialState, integrate, vectorField } from '../src/index.js';

const gru = getModel('gru');
const P = { g_h: 1.5, beta_h: 0.3, alpha_z: 2, beta_z: 0.2, alpha_r: 2 };

describe('integrate', () => {
  it('takes forward Euler steps X ← X + dt F(X) from the seeded initial state', () => {
    const net = createNetwork(gru, P, 25, 1);
    const res = integrate(net, { dt: 0.05, steps: 7 });
    const x = initialState(net);
    for (let s = 0; s < 7; s++) {
      const f = vectorField(net, x);
      for (let j = 0; j < x.length; j++) x[j] += 0.05 * f[j];
    }
    expect(Array.from(res.state)).toEqual(Array.from(x));
    expect(res.t).toBeCloseTo(0.35, 14);
    expect(res.iterations).toBe(7);
    expect(res.converged).toBe(true);
    expect(res.seed).toBe(1);
    expect(res.settings).toMatchObject({ method: 'euler', dt: 0.05, steps: 7, initialState: 'seeded', kernel: 'model rhs' });
  });

  it('RK4 is fourth order: halving dt divides the error at t = 2 by about 16', () => {
    const net = createNetwork(gru, P, 20, 2);
    const run = (dt: number) => integrate(net, { method: 'rk4', dt, steps: Math.round(2 / dt) }).state;
    const ref = run(0.0125);
    const err = (a: Float64Array) => a.reduce((m, v, j) => Math.max(m, Math.abs(v - ref[j])), 0);
    const ratio = err(run(0.2)) / err(run(0.1));
    // Asymptotic ratio 2⁴ = 16 (the reference's own error is ~1/4096 of the dt = 0.2 one).
    expect(ratio).toBeGreaterThan(12);
    expect(ratio).toBeLessThan(20);
  });

  it('records samples every recordEvery steps, starting at t = 0, and accepts a given initial state', () => {
    const net = createNetwork(gru, P, 10, 3);
    const x0 = new Float64Array(10).fill(0.1);
    const res = integrate(net, { steps: 10, recordEvery: 5, initialState: x0 });
    expect(res.samples!.t.map((t) => +t.toFixed(12))).toEqual([0, 0.5, 1]);
    expect(Array.from(res.samples!.states[0])).toEqual(Array.from(x0));
    expect(Array.from(res.samples!.states[2])).toEqual(Array.from(res.state));
    expect(x0[0]).toBe(0.1); // not modified
  });

  it('rejects invalid options with InvalidParameterError and a diverging trajectory with NonPhysicalError', () => {
    const net = createNetwork(gru, P, 10, 4);
    expect(() => integrate(net, { dt: 0 })).toThrow(InvalidParameterError);
    expect(() => integrate(net, { steps: -1 })).toThrow(InvalidParameterError);
    expect(() => integrate(net, { method: 'midpoint' as 'euler' })).toThrow(InvalidParameterError);
    // Forward Euler with dt = 3 on ḣ = −h·(huge) blows up.
    expect(() => integrate(net, { dt: 3, steps: 2000, kernel: (x, _y, _p, out) => (out[0] = -x[0] * 1e3) })).toThrow(NonPhysicalError);
  });
});
