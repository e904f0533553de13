/**
 * Empirical single-site statistics of a network state, the finite-N counterparts of the mean-field
 * order parameters ([GRU-MF-1], [GRU-REF-1]): ⟨·⟩ is the unit average (1/N)Σ_i, and variances are
 * population variances ⟨y²⟩ − ⟨y⟩² (normalised by N, not N − 1), as in the theory.
 *
 * @module
 */
import { checkLength } from './layout.js';
import { type Network, stateIndex } from './network.js';

/** Mean and population variance over units. */
export interface Moments {
  mean: number;
  variance: number;
}

/** C = ⟨x_v²⟩ = (1/N)Σ_i x_{v,i}² of the named state variable (default the first, e.g. h). */
export function orderParameterC(network: Network, state: Float64Array, stateName = network.model.stateNames[0]): number {
  const { n, model } = network;
  checkLength('state', state, n * model.stateNames.length);
  const v = stateIndex(network, stateName);
  let s = 0;
  for (let i = 0; i < n; i++) s += state[v * n + i] ** 2;
  return s / n;
}

/** Mean and population variance of each block of N values. */
function blockMoments(a: Float64Array, n: number, block: number): Moments {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[block * n + i];
  const mean = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += (a[block * n + i] - mean) ** 2;
  return { mean, variance: q / n };
}

/** Mean and population variance over units of every field (block-major fields, N·nField). */
export function fieldMoments(network: Network, fields: Float64Array): Record<string, Moments> {
  const { n, model } = network;
  checkLength('fields', fields, n * model.fieldNames.length);
  const out: Record<string, Moments> = {};
  model.fieldNames.forEach((name, k) => (out[name] = blockMoments(fields, n, k)));
  return out;
}

/** Mean and population variance over units of every state variable (block-major state). */
export function stateMoments(network: Network, state: Float64Array): Record<string, Moments> {
  const { n, model } = network;
  checkLength('state', state, n * model.stateNames.length);
  const out: Record<string, Moments> = {};
  model.stateNames.forEach((name, v) => (out[name] = blockMoments(state, n, v)));
  return out;
}

/**
 * Per-unit values of the model's named observables (e.g. the GRU's s, ρ, φ, φ′) at a state and its
 * fields — the empirical diagonals of [NUM-11] mode 2.
 */
export function observableValues(network: Network, state: Float64Array, fields: Float64Array): Record<string, Float64Array> {
  const { n, model } = network;
  const nS = model.stateNames.length, nF = model.fieldNames.length, nO = model.observableNames.length;
  checkLength('state', state, n * nS);
  checkLength('fields', fields, n * nF);
  const values = model.observableNames.map(() => new Float64Array(n));
  const xi = new Float64Array(nS), yi = new Float64Array(nF), oi = new Float64Array(nO);
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < nS; v++) xi[v] = state[v * n + i];
    for (let k = 0; k < nF; k++) yi[k] = fields[k * n + i];
    model.observables(xi, yi, network.params.vector, oi);
    for (let o = 0; o < nO; o++) values[o][i] = oi[o];
  }
  const out: Record<string, Float64Array> = {};
  model.observableNames.forEach((name, o) => (out[name] = values[o]));
  return out;
}
