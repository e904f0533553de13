import { describe, expect, it } from 'vitest';
import { type ModelSpec, compileModel, getModel } from '@gatefield/models';
import { InvalidParameterError, Rng } from '@gatefield/numerics';
import { computeFields, createNetwork, fieldLevels, requiredFields, resolveFixedPointFlow, vectorField } from '../src/index.js';

const sigmoid = (x: number, a: number, b: number) => 1 / (1 + Math.exp(-(a * x - b)));
const P = { g_h: 1.7, beta_h: 0.6, alpha_z: 2, beta_z: 0.3, alpha_r: 3, beta_r: -0.5 };

function matvec(w: Float64Array, x: ArrayLike<number>, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] += w[i * n + j] * x[j];
  return y;
}

describe('computeFields', () => {
  it('computes the GRU fields ξ = U_z h, ζ = U_r h, η = U_h(ρ ⊙ h) + β_h in dependency order ([GRU-M-3])', () => {
    const gru = getModel('gru');
    expect(fieldLevels(gru)).toEqual([[0, 1], [2]]);
    const n = 33;
    const net = createNetwork(gru, P, n, 10);
    const h = new Rng(1).normals(n);
    const y = computeFields(net, h);
    const xi = matvec(net.weights[0], h, n), zeta = matvec(net.weights[1], h, n);
    const eta = matvec(net.weights[2], Array.from(h, (v, j) => sigmoid(zeta[j], P.alpha_r, P.beta_r) * v), n);
    for (let i = 0; i < n; i++) {
      expect(y[i]).toBeCloseTo(xi[i], 12);
      expect(y[n + i]).toBeCloseTo(zeta[i], 12);
      expect(y[2 * n + i]).toBeCloseTo(eta[i] + P.beta_h, 12);
    }
  });

  it('handles chains of presynaptic dependencies declared out of order', () => {
    // c uses b, b uses a; declared as c, a, b.
    const spec: ModelSpec = {
      name: 'chain',
      title: 'chain',
      labels: [],
      state: ['h'],
      parameters: {},
      fields: [
        { name: 'c', matrix: 'W_c', variance: '1', presynaptic: 'tanh(b)' },
        { name: 'a', matrix: 'W_a', variance: '1', presynaptic: 'h' },
        { name: 'b', matrix: 'W_b', variance: '1', presynaptic: 'a*h', bias: '0.5' },
      ],
      rhs: { h: '-h + c' },
    };
    const model = compileModel(spec);
    expect(fieldLevels(model)).toEqual([[1], [2], [0]]);
    const n = 12;
    const net = createNetwork(model, {}, n, 3);
    const h = new Rng(2).normals(n);
    const y = computeFields(net, h);
    const a = matvec(net.weights[1], h, n);
    const b = matvec(net.weights[2], Array.from(h, (v, j) => a[j] * v), n).map((v) => v + 0.5);
    const c = matvec(net.weights[0], Array.from(b, Math.tanh), n);
    for (let i = 0; i < n; i++) {
      expect(y[n + i]).toBeCloseTo(a[i], 12);
      expect(y[2 * n + i]).toBeCloseTo(b[i], 12);
      expect(y[i]).toBeCloseTo(c[i], 12);
    }
    // The flow −h + c needs c, hence b and a.
    expect(requiredFields(model, model.partialList)).toEqual([true, true, true]);
  });

  it('rejects a state of the wrong length with InvalidParameterError', () => {
    const net = createNetwork(getModel('gru'), P, 8, 1);
    expect(() => computeFields(net, new Float64Array(7))).toThrow(InvalidParameterError);
  });
});

describe('vectorField', () => {
  it('is the gated GRU flow s ⊙ (−h + tanh η) by default, and the given kernel otherwise', () => {
    const gru = getModel('gru');
    const n = 20;
    const net = createNetwork(gru, P, n, 4);
    const h = new Rng(3).normals(n);
    const y = computeFields(net, h);
    const F = vectorField(net, h);
    const flow = resolveFixedPointFlow(gru, { h: '-h + tanh(eta)' });
    const Fu = vectorField(net, h, { kernel: flow.rhs, fieldMask: requiredFields(gru, flow.partialList) });
    for (let i = 0; i < n; i++) {
      const fu = -h[i] + Math.tanh(y[2 * n + i]);
      expect(F[i]).toBeCloseTo(sigmoid(y[i], P.alpha_z, P.beta_z) * fu, 13);
      expect(Fu[i]).toBeCloseTo(fu, 13);
    }
  });

  it('skips fields the kernel does not read: the ungated GRU flow needs ζ and η, not ξ', () => {
    const gru = getModel('gru');
    const flow = resolveFixedPointFlow(gru, { h: '-h + tanh(eta)' });
    const mask = requiredFields(gru, flow.partialList);
    expect(mask).toEqual([false, true, true]);
    const net = createNetwork(gru, P, 10, 5);
    const fields = new Float64Array(30);
    vectorField(net, new Rng(1).normals(10), { kernel: flow.rhs, fieldMask: mask, fields });
    expect(Array.from(fields.subarray(0, 10))).toEqual(new Array(10).fill(0));
    expect(fields.subarray(20).some((v) => v !== 0)).toBe(true);
  });
});
