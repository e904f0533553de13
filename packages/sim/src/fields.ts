/**
 * The fields of a network at a state: y_k = W_k p_k(x, y) + bias_k for every field k
 * (e.g. the GRU's ξ = U_z h, ζ = U_r h, η = U_h(ρ ⊙ h) + β_h, [GRU-M-3]).
 *
 * A presynaptic expression p_k may use other fields (the GRU's η uses ζ through ρ), so fields are
 * computed in dependency *levels*: level 0 fields depend on no field, level ℓ fields only on fields
 * of lower levels. Per level, the compiled `presynaptic` kernel runs once per unit (it writes every
 * p_k; only the entries of the current level are used, and the fields they read are already
 * final), then each field of the level is one matrix–vector product.
 *
 * Layouts are block-major (see layout.ts): `state[v·N + i]`, `fields[k·N + i]`.
 *
 * @module
 */
import type { CompiledModel } from '@gatefield/models';
import { checkLength } from './layout.js';
import { matvec } from './matmul.js';
import type { Network } from './network.js';

const levelCache = new WeakMap<CompiledModel, number[][]>();

/** Field indices grouped by dependency level (respects `model.fieldOrder`). Cached per model. */
export function fieldLevels(model: CompiledModel): readonly (readonly number[])[] {
  const hit = levelCache.get(model);
  if (hit) return hit;
  const level = new Array<number>(model.fieldNames.length).fill(0);
  for (const k of model.fieldOrder) {
    for (const m of model.presynapticDeps[k]) level[k] = Math.max(level[k], level[m] + 1);
  }
  const levels: number[][] = [];
  for (const k of model.fieldOrder) (levels[level[k]] ??= []).push(k);
  levelCache.set(model, levels);
  return levels;
}

/**
 * All fields of `network` at `state` (block-major, length N·nState). Returns the block-major
 * fields (length N·nField), written into `out` if given.
 *
 * @param presynaptic optional workspace of length N·nField that receives the presynaptic values
 *   p_k (block-major) — the Jacobian does not need them, but reports do.
 * @param fieldMask optional: compute only fields k with `fieldMask[k]` true (the others are left
 *   0). The mask must be closed under presynaptic dependencies (see {@link requiredFields}).
 */
export function computeFields(
  network: Network,
  state: Float64Array,
  out?: Float64Array,
  presynaptic?: Float64Array,
  fieldMask?: readonly boolean[],
): Float64Array {
  const { model, n } = network;
  const nS = model.stateNames.length;
  const nF = model.fieldNames.length;
  if (state.length !== nS * n) checkLength('state', state, nS * n);
  const y = out ?? new Float64Array(nF * n);
  if (y.length !== nF * n) checkLength('fields out', y, nF * n);
  y.fill(0);
  const pre = presynaptic ?? new Float64Array(nF * n);
  const xi = new Float64Array(nS);
  const yi = new Float64Array(nF);
  const pi = new Float64Array(nF);
  const params = network.params.vector;
  for (const all of fieldLevels(model)) {
    const level = fieldMask ? all.filter((k) => fieldMask[k]) : all;
    if (level.length === 0) continue;
    for (let i = 0; i < n; i++) {
      for (let v = 0; v < nS; v++) xi[v] = state[v * n + i];
      for (let k = 0; k < nF; k++) yi[k] = y[k * n + i];
      model.presynaptic(xi, yi, params, pi);
      for (const k of level) pre[k * n + i] = pi[k];
    }
    for (const k of level) {
      matvec(network.weights[k], pre.subarray(k * n, (k + 1) * n), n, n, y.subarray(k * n, (k + 1) * n), network.bias[k]);
    }
  }
  return y;
}

/**
 * Which fields a per-unit kernel needs, from its structurally non-zero partials: the fields it has
 * a partial against, closed under presynaptic dependencies. A field the kernel does not depend on
 * need not be computed (e.g. the GRU's fixed-point flow −h + φ(η) needs η and ζ, not ξ).
 */
export function requiredFields(model: CompiledModel, partialList: readonly { kind: 'rhs' | 'pre'; wrt: 'x' | 'y'; index: number }[]): boolean[] {
  const used = model.fieldNames.map(() => false);
  for (const q of partialList) if (q.kind === 'rhs' && q.wrt === 'y') used[q.index] = true;
  for (let t = model.fieldOrder.length - 1; t >= 0; t--) {
    const k = model.fieldOrder[t];
    if (used[k]) for (const m of model.presynapticDeps[k]) used[m] = true;
  }
  return used;
}

/** Options of {@link vectorField}. */
export interface VectorFieldOptions {
  /** Per-unit right-hand side to evaluate; default `network.model.rhs` (the full gated dynamics). */
  kernel?: (x: Float64Array, y: Float64Array, p: Float64Array, out: Float64Array) => void;
  /** Output buffer (length N·nState). */
  out?: Float64Array;
  /** Workspace receiving the fields at `state` (length N·nField). */
  fields?: Float64Array;
  /** Compute only these fields (see {@link requiredFields}); the others are left 0. Default all. */
  fieldMask?: readonly boolean[];
}

/**
 * The vector field dX/dt = F(X) of the network (block-major in and out): fields first, then the
 * per-unit kernel at every unit. With the default kernel this is the full gated flow (for the GRU
 * F_h = s ⊙ (−h + φ(η)), [GRU-M-3]).
 */
export function vectorField(network: Network, state: Float64Array, options: VectorFieldOptions = {}): Float64Array {
  const { model, n } = network;
  const nS = model.stateNames.length;
  const nF = model.fieldNames.length;
  const kernel = options.kernel ?? model.rhs;
  const y = computeFields(network, state, options.fields, undefined, options.fieldMask);
  const out = options.out ?? new Float64Array(nS * n);
  const xi = new Float64Array(nS);
  const yi = new Float64Array(nF);
  const fi = new Float64Array(nS);
  const params = network.params.vector;
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < nS; v++) xi[v] = state[v * n + i];
    for (let k = 0; k < nF; k++) yi[k] = y[k * n + i];
    kernel(xi, yi, params, fi);
    for (let v = 0; v < nS; v++) out[v * n + i] = fi[v];
  }
  return out;
}
