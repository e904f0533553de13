import { describe, expect, it } from 'vitest';
import { getModel } from '@gatefield/models';
import { InvalidParameterError, Rng } from '@gatefield/numerics';
import { MAX_UNITS, createNetwork, fieldIndex, initialState, stateIndex } from '../src/index.js';

const gru = getModel('gru');
const GRU_PARAMS = { g_h: 2, beta_h: 1.5, alpha_r: 4 };

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('createNetwork', () => {
  it('resolves parameters with defaults and records the model name, size and seed', () => {
    const net = createNetwork(gru, GRU_PARAMS, 20, 5);
    expect(net.modelName).toBe('gru');
    expect(net.n).toBe(20);
    expect(net.seed).toBe(5);
    expect(net.params.values).toEqual({ g_h: 2, beta_h: 1.5, alpha_z: 0, beta_z: 0, alpha_r: 4, beta_r: 0 });
    expect(net.matrixNames).toEqual(['U_z', 'U_r', 'U_h']);
    expect(Array.from(net.variance)).toEqual([1, 1, 4]);
    expect(Array.from(net.bias)).toEqual([0, 0, 1.5]);
    expect(net.weights.map((w) => w.length)).toEqual([400, 400, 400]);
  });

  it('gives byte-identical weights for the same seed and different weights for another seed', () => {
    const a = createNetwork(gru, GRU_PARAMS, 50, 123);
    const b = createNetwork(gru, GRU_PARAMS, 50, 123);
    const c = createNetwork(gru, GRU_PARAMS, 50, 124);
    for (let k = 0; k < 3; k++) {
      expect(bytes(a.weights[k]).equals(bytes(b.weights[k]))).toBe(true);
      expect(bytes(a.weights[k]).equals(bytes(c.weights[k]))).toBe(false);
    }
  });

  it('draws each matrix from the stream derive(matrixName), independent of the model and field order', () => {
    // gru and gru-reset-after share the matrix names and variances but not the fields.
    const a = createNetwork(gru, GRU_PARAMS, 40, 9);
    const b = createNetwork(getModel('gru-reset-after'), GRU_PARAMS, 40, 9);
    for (let k = 0; k < 3; k++) expect(bytes(a.weights[k]).equals(bytes(b.weights[k]))).toBe(true);
    const z = new Rng(9).derive('U_z').normals(40 * 40, Math.sqrt(1 / 40));
    expect(bytes(a.weights[0]).equals(bytes(z))).toBe(true);
  });

  it('rescales the same normals when only the variance changes', () => {
    const a = createNetwork(gru, { ...GRU_PARAMS, g_h: 1 }, 30, 2);
    const b = createNetwork(gru, { ...GRU_PARAMS, g_h: 3 }, 30, 2);
    for (let j = 0; j < 900; j++) expect(b.weights[2][j]).toBeCloseTo(3 * a.weights[2][j], 13);
    expect(bytes(a.weights[0]).equals(bytes(b.weights[0]))).toBe(true);
  });

  it('draws the three GRU matrices as mutually uncorrelated streams with entry variance variance/N', () => {
    const n = 200;
    const net = createNetwork(gru, GRU_PARAMS, n, 77);
    const m = n * n;
    // Sample variance × N: relative sd √(2/m) = 0.7 %, so 4 % is > 5 sd.
    net.weights.forEach((w, k) => {
      let s = 0;
      for (let j = 0; j < m; j++) s += w[j] * w[j];
      expect((s / m) * n).toBeGreaterThan(net.variance[k] * 0.96);
      expect((s / m) * n).toBeLessThan(net.variance[k] * 1.04);
    });
    // Entry-wise correlation of independent streams: sd 1/√m = 0.005; 0.025 is 5 sd.
    for (const [k, l] of [[0, 1], [0, 2], [1, 2]]) {
      let sxy = 0, sxx = 0, syy = 0;
      for (let j = 0; j < m; j++) {
        sxy += net.weights[k][j] * net.weights[l][j];
        sxx += net.weights[k][j] ** 2;
        syy += net.weights[l][j] ** 2;
      }
      expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(0.025);
    }
  });

  it('draws the initial state from derive("init"), independently of the weights', () => {
    const net = createNetwork(gru, GRU_PARAMS, 30, 4);
    const x = initialState(net, 0.5);
    expect(bytes(x).equals(bytes(new Rng(4).derive('init').normals(30, 0.5)))).toBe(true);
    expect(bytes(initialState(net, 0.5)).equals(bytes(x))).toBe(true);
  });

  it('rejects sizes that are not integers in 1..MAX_UNITS with InvalidParameterError', () => {
    for (const n of [0, -3, 1.5, NaN, Infinity, MAX_UNITS + 1]) {
      expect(() => createNetwork(gru, GRU_PARAMS, n, 1), String(n)).toThrow(InvalidParameterError);
    }
    expect(createNetwork(gru, GRU_PARAMS, 1, 1).weights[0].length).toBe(1);
  });

  it('rejects unknown, non-finite and out-of-range parameters and bad seeds with InvalidParameterError', () => {
    expect(() => createNetwork(gru, { g: 2 }, 10, 1)).toThrow(InvalidParameterError);
    expect(() => createNetwork(gru, { g_h: NaN }, 10, 1)).toThrow(InvalidParameterError);
    expect(() => createNetwork(gru, { g_h: -1 }, 10, 1)).toThrow(InvalidParameterError);
    expect(() => createNetwork(gru, { alpha_r: Infinity }, 10, 1)).toThrow(InvalidParameterError);
    expect(() => createNetwork(gru, GRU_PARAMS, 10, -1)).toThrow(InvalidParameterError);
    expect(() => createNetwork(gru, GRU_PARAMS, 10, 0.5)).toThrow(InvalidParameterError);
  });

  it('looks up state variables and fields by name and rejects unknown names', () => {
    const net = createNetwork(gru, GRU_PARAMS, 5, 1);
    expect(stateIndex(net, 'h')).toBe(0);
    expect(fieldIndex(net, 'eta')).toBe(2);
    expect(() => stateIndex(net, 'c')).toThrow(InvalidParameterError);
    expect(() => fieldIndex(net, 'nope')).toThrow(InvalidParameterError);
  });
});
