/**
 * A finite random network of N units of any compiled model ([G-6]): one N×N Gaussian matrix per
 * field with iid N(0, variance_k/N) entries, plus the field biases.
 *
 * ```
 *   y_k = W_k p_k(x, y) + bias_k,          dx/dt = F(x, y)          (per unit, see ModelSpec)
 * ```
 *
 * Reproducibility: matrix k is drawn from `new Rng(seed).derive(matrixName_k)`, so each matrix
 * depends only on the seed and its own name — not on the field order, the other matrices or the
 * parameters other than its variance (the stream of standard normals is the same for any variance;
 * only the scale changes). Initial states use the stream `derive('init')`.
 *
 * @module
 */
import type { CompiledModel, ResolvedParameters } from '@gatefield/models';
import { InvalidParameterError, Rng, checkFinite, checkInteger, ginibre } from '@gatefield/numerics';

/** Largest supported network size (a dense N×N Float64Array per field; 16384² doubles = 2 GiB). */
export const MAX_UNITS = 16384;

/** Label of the seeded stream initial states are drawn from (`new Rng(seed).derive(INIT_STREAM)`). */
export const INIT_STREAM = 'init';

/** A finite random network: a plain object of data plus the compiled model it instantiates. */
export interface Network {
  /** The compiled model (kernels, partial list, field order). */
  readonly model: CompiledModel;
  /** `model.name`, for reports. */
  readonly modelName: string;
  /** Number of units N. */
  readonly n: number;
  /** Seed of every random draw of this network. */
  readonly seed: number;
  /** Resolved parameters (defaults filled in, validated by `model.resolve`). */
  readonly params: ResolvedParameters;
  /** Matrix name of each field, e.g. ["U_z", "U_r", "U_h"] (index = field index). */
  readonly matrixNames: readonly string[];
  /** Row-major N×N matrix W_k of each field (index = field index): `weights[k][i·N + j]`. */
  readonly weights: readonly Float64Array[];
  /** Entry variance × N of each field's matrix. */
  readonly variance: Float64Array;
  /** Constant bias of each field. */
  readonly bias: Float64Array;
}

/**
 * Draw a network of `n` units of `model` with parameters `params` and seed `seed`.
 *
 * @throws {InvalidParameterError} unknown / non-finite / out-of-range parameters (via
 *   `model.resolve`), `n` not an integer in 1..{@link MAX_UNITS}, `seed` not a non-negative safe
 *   integer, or a parameter combination giving a negative or non-finite matrix variance or bias.
 */
export function createNetwork(model: CompiledModel, params: Readonly<Record<string, number>>, n: number, seed: number): Network {
  checkInteger('n', n, 1, MAX_UNITS);
  checkInteger('seed', seed, 0, Number.MAX_SAFE_INTEGER);
  const resolved = model.resolve(params);
  const variance = model.fieldVariance(resolved.vector);
  const bias = model.fieldBias(resolved.vector);
  const matrixNames = model.spec.fields.map((f) => f.matrix);
  variance.forEach((v, k) => checkFinite(`variance of ${matrixNames[k]}`, v, 0, Infinity, '[0, inf)'));
  bias.forEach((b, k) => checkFinite(`bias of field ${model.fieldNames[k]}`, b));
  const root = new Rng(seed);
  const weights = matrixNames.map((name, k) => ginibre(root.derive(name), n, variance[k]));
  return { model, modelName: model.name, n, seed, params: resolved, matrixNames, weights, variance, bias };
}

/**
 * A reproducible random initial state (block-major, length N·nState): iid N(0, scale²) entries
 * from `new Rng(network.seed).derive('init')`.
 */
export function initialState(network: Network, scale = 1): Float64Array {
  checkFinite('initScale', scale, 0, Infinity, '[0, inf)');
  const rng = new Rng(network.seed).derive(INIT_STREAM);
  return rng.normals(network.n * network.model.stateNames.length, scale);
}

/** Index of a named state variable; throws {@link InvalidParameterError} if unknown. */
export function stateIndex(network: Network, name: string): number {
  const v = network.model.stateNames.indexOf(name);
  if (v < 0) throw new InvalidParameterError('state variable', name, network.model.stateNames.join(', '));
  return v;
}

/** Index of a named field; throws {@link InvalidParameterError} if unknown. */
export function fieldIndex(network: Network, name: string): number {
  const k = network.model.fieldNames.indexOf(name);
  if (k < 0) throw new InvalidParameterError('field', name, network.model.fieldNames.join(', '));
  return k;
}
