/**
 * Discrete-time (Cho / PyTorch) Jacobians: GRU [GRU-J-5] and LSTM [LSTM-J-3], and toDiscreteTime.
 */
import { describe, expect, it } from 'vitest';
import { eigvals, ginibre, InvalidParameterError, Rng } from '@gatefield/numerics';
import { type CompiledModel, compileModel, getModel, lstmSpec } from '@gatefield/models';
import {
  continuousJacobian,
  type DenseNetworkLike,
  gruDiscreteJacobian,
  gruDiscreteStep,
  lstmDiscreteJacobian,
  lstmDiscreteStep,
  networkFields,
  toDiscreteTime,
} from '../../src/discreteTime.js';
import { predictGru } from '../../src/gru/predict.js';
import { predictLstm } from '../../src/lstm/index.js';

/** A network of `model` with seeded Ginibre matrices (the shape of @gatefield/sim's Network). */
function network(model: CompiledModel, given: Record<string, number>, n: number, seed: number): DenseNetworkLike {
  const params = model.resolve(given);
  const variance = model.fieldVariance(params.vector);
  const root = new Rng(seed);
  const weights = model.spec.fields.map((f, k) => ginibre(root.derive(f.matrix), n, variance[k]));
  return { model, n, params, weights, bias: model.fieldBias(params.vector) };
}

/** Central finite-difference Jacobian of a map (step h per coordinate). */
function fdJacobian(step: (x: Float64Array) => Float64Array, x: Float64Array, h = 1e-6): Float64Array {
  const m = x.length;
  const J = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] += h;
    xm[j] -= h;
    const fp = step(xp);
    const fm = step(xm);
    for (let i = 0; i < m; i++) J[i * m + j] = (fp[i] - fm[i]) / (2 * h);
  }
  return J;
}

const maxAbsDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);

describe('GRU discrete-time Jacobian [GRU-J-5]', () => {
  const gru = getModel('gru');
  const net = network(gru, { g_h: 2.2, beta_h: 0.3, alpha_z: 4, beta_z: 0.5, alpha_r: 3, beta_r: -0.4 }, 60, 9);
  const state = new Rng(3).normals(60, 0.6);

  it('equals finite differences of the discrete map h_t = h_{t−1} + s ⊙ (−h_{t−1} + φ(η)) at a random (non-fixed-point) state', () => {
    const J = gruDiscreteJacobian(net, state);
    // central differences, h = 1e-6: truncation O(h²·|F‴|) ~ 1e-11, rounding ~ ε/h ~ 1e-10
    expect(maxAbsDiff(J, fdJacobian((x) => gruDiscreteStep(net, x), state))).toBeLessThan(1e-7);
  });

  it('has eigenvalues μ = 1 + λ of the continuous-time Jacobian (to 1e-10)', () => {
    const n = net.n;
    const Jc = continuousJacobian(net, state);
    const Jd = gruDiscreteJacobian(net, state);
    const lam = eigvals(Jc, n);
    const mu = eigvals(Jd, n);
    for (let k = 0; k < n; k++) {
      let best = Infinity;
      for (let j = 0; j < n; j++) best = Math.min(best, Math.hypot(mu.re[j] - 1 - lam.re[k], mu.im[j] - lam.im[k]));
      expect(best).toBeLessThan(1e-10);
    }
  });
});

describe('LSTM discrete-time Jacobian [LSTM-J-3]', () => {
  const model = compileModel(lstmSpec());
  const net = network(model, { g_c: 2.5, beta_c: 0.4, alpha_f: 3, beta_f: -0.7, alpha_i: 2, beta_i: 0.2, alpha_o: 2.5, beta_o: -0.3 }, 40, 5);
  const state = new Rng(8).normals(80, 0.8);

  it('equals finite differences of the discrete LSTM map [LSTM-M-1] at a random state', () => {
    const J = lstmDiscreteJacobian(net, state);
    expect(maxAbsDiff(J, fdJacobian((x) => lstmDiscreteStep(net, x), state))).toBeLessThan(1e-7);
  });

  it('implements [LSTM-M-1] itself: c_t = f c_{t−1} + i φ(u_c), h_t = o φ(c_t) with the spec gates', () => {
    const n = net.n;
    const y = networkFields(net, state);
    const out = lstmDiscreteStep(net, state);
    const p = net.params.vector;
    const sig = (u: number, a: number, b: number) => 1 / (1 + Math.exp(-a * u + b));
    const [gc, bc, af, bf, ai, bi, ao, bo] = p;
    void gc;
    void bc;
    for (let i = 0; i < n; i++) {
      const c = sig(y[i], af, bf) * state[n + i] + sig(y[n + i], ai, bi) * Math.tanh(y[3 * n + i]);
      expect(out[n + i]).toBeCloseTo(c, 13);
      expect(out[i]).toBeCloseTo(sig(y[2 * n + i], ao, bo) * Math.tanh(c), 13);
    }
  });

  it('is not a shift of the continuous-time spectrum (unlike the GRU): 1 + λ(J) are not its eigenvalues', () => {
    const n2 = 2 * net.n;
    const lam = eigvals(continuousJacobian(net, state), n2);
    const mu = eigvals(lstmDiscreteJacobian(net, state), n2);
    let worst = 0;
    for (let k = 0; k < n2; k++) {
      let best = Infinity;
      for (let j = 0; j < n2; j++) best = Math.min(best, Math.hypot(mu.re[j] - 1 - lam.re[k], mu.im[j] - lam.im[k]));
      worst = Math.max(worst, best);
    }
    expect(worst).toBeGreaterThan(0.05);
  });

  it('rejects networks of other models', () => {
    expect(() => lstmDiscreteJacobian(network(getModel('gru'), {}, 5, 1), new Float64Array(5))).toThrow(InvalidParameterError);
    expect(() => gruDiscreteJacobian(net, state)).toThrow(/GRU network/);
  });
});

describe('toDiscreteTime [G-8], [OQ-8]', () => {
  it('maps a continuous-time GRU prediction by μ = 1 + λ: boundary, edges and disk centres shift by +1, masses unchanged', () => {
    const pred = predictGru({ g_h: 2, beta_h: 1.5, alpha_z: 5, alpha_r: 4 }, { disks: [{ re: -0.5, im: 0.6, r: 0.3 }], density: 'psi', boundaryPoints: 32 });
    const d = toDiscreteTime(pred);
    expect(d.time).toBe('discrete');
    expect(d.rightmost).toBeCloseTo(1 + pred.support.abscissa, 15);
    expect(d.leftmost).toBeCloseTo(1 + pred.support.leftEdge, 15);
    expect(d.boundary[3][0]).toBeCloseTo(pred.support.boundary[3][0] + 1, 15);
    expect(d.boundary[3][1]).toBe(pred.support.boundary[3][1]);
    expect(d.masses[0]).toMatchObject({ re: 0.5, im: 0.6, r: 0.3, mass: pred.masses[0].mass });
    // stable fixed point with α_z > 0: abscissa 0 (cusp), so the map is marginal with |μ| ≤ 1
    expect(d.marginal).toBe(pred.support.abscissa === 0);
    expect(d.spectralRadius).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('refuses an LSTM prediction with a typed error explaining that no continuous-to-discrete map exists', () => {
    const pred = predictLstm({ g_c: 1, beta_f: -Math.log(9) }, { root: 'smallest', boundaryPoints: 16 });
    expect(() => toDiscreteTime(pred)).toThrow(InvalidParameterError);
    expect(() => toDiscreteTime(pred)).toThrow(/no continuous-to-discrete map exists for the LSTM.*lstmDiscreteJacobian/);
  });
});
