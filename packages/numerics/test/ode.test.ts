import { describe, expect, it } from 'vitest';
import { dopri5, eulerInPlace, rk4InPlace } from '../src/ode.js';
import { brent } from '../src/brent.js';

const oscillator = (_t: number, y: Float64Array, out: Float64Array) => {
  out[0] = y[1];
  out[1] = -y[0];
};

describe('ODE integrators', () => {
  it('RK4 converges at fourth order on the harmonic oscillator', () => {
    const err = (steps: number) => {
      const y = Float64Array.from([1, 0]);
      rk4InPlace(oscillator, y, 0, { dt: 10 / steps, steps });
      return Math.hypot(y[0] - Math.cos(10), y[1] + Math.sin(10));
    };
    const order = Math.log2(err(200) / err(400));
    expect(order).toBeGreaterThan(3.8);
    expect(order).toBeLessThan(4.2);
  });

  it('forward Euler converges at first order on exponential decay', () => {
    const err = (steps: number) => {
      const y = Float64Array.from([1]);
      eulerInPlace((_t, v, o) => { o[0] = -v[0]; }, y, 0, { dt: 1 / steps, steps });
      return Math.abs(y[0] - Math.exp(-1));
    };
    expect(Math.log2(err(1000) / err(2000))).toBeCloseTo(1, 1);
  });

  it('Dormand–Prince meets its tolerance over 10 periods of the oscillator', () => {
    const r = dopri5(oscillator, Float64Array.from([1, 0]), 0, 20 * Math.PI, { rtol: 1e-10, atol: 1e-12 });
    expect(Math.abs(r.y[0] - 1)).toBeLessThan(1e-7);
    expect(Math.abs(r.y[1])).toBeLessThan(1e-7);
    expect(r.acceptedSteps).toBeGreaterThan(50);
  });

  it('Brent rejects an interval without a sign change', () => {
    expect(() => brent((x) => x * x + 1, -1, 1)).toThrow(/bracket/);
  });
});

describe('sign changes of subnormal values', () => {
  it('are bracketed even when the product of the two values underflows to zero', async () => {
    const { scanSignChanges } = await import('../src/brent.js');
    const f = (x: number) => (x === 0 ? 3e-323 : -x);
    expect(scanSignChanges(f, [0, 1e-300, 1])).toHaveLength(1);
    expect(brent(f, 0, 1e-300).root).toBeLessThan(1e-299);
  });
});
