/**
 * The transposed (vector–Jacobian) action of a network's flow, built from the compiled per-unit
 * partials of the model spec — the engine of the adjoint method ([GATE-ADJ-1], [GATE-ADJ-2]) for any
 * compiled model, so that one spec feeds the forward simulation, the Jacobian and the gradients.
 *
 * For the flow ẋ = F(x, y), y_k = W_k p_k(x, y) + bias_k (see ModelSpec), and an adjoint vector a
 * over the states (block-major, `a[v·N + i]`), one pass computes
 * ```
 *   b̄_k  = Σ_v ∂F_v/∂y_k ⊙ a_v + Σ_{k' uses k} ∂p_k'/∂y_k ⊙ c_k'       (fields in reverse dependency order)
 *   c_k  = W_kᵀ b̄_k                                                     (transposed couplings, [GATE-ADJ-3])
 *   (Dᵀa)_w = Σ_v ∂F_v/∂x_w ⊙ a_v + Σ_k ∂p_k/∂x_w ⊙ c_k
 *   a·∂F/∂θ = Σ_i [ Σ_v ∂F_v/∂θ a_v + Σ_k ∂p_k/∂θ c_k ]_i                  (parameter θ, weights fixed)
 *   a·∂F/∂W_k[i, j] = b̄_k,i p_k,j
 * ```
 * For the gated RNN (b̄ for the field a = J^h ψ is σ_z a_h/τ_h) this is exactly the right-hand side of
 * [GATE-ADJ-1] and the integrands of [GATE-ADJ-2]; `adjointGated.ts` checks that against the
 * hand-written formulas of the theory text.
 *
 * Parameter partials come from the same spec: the parameters θ to differentiate are turned into
 * extra *state variables* with rhs 0 in an augmented copy of the spec, so the symbolic partial
 * machinery of `compileModel` yields ∂F/∂θ and ∂p/∂θ alongside ∂F/∂x. Field variances and biases are
 * not part of the augmented model: gradients are at fixed weights W_k (a parameter entering only a
 * variance has zero gradient), and a parameter entering a field bias is rejected (not supported).
 *
 * Cost per evaluation: nField transposed N×N products plus N partial-kernel calls; no allocation.
 *
 * @module
 */
import { type CompiledModel, type ModelSpec, compileModel } from '@gatefield/models';
import { InvalidParameterError } from '@gatefield/numerics';
import type { Network } from './network.js';

/** The compiled augmented model and its partial tables, cached per (model, parameter list). */
export interface AdjointModel {
  /** The network's own model. */
  readonly model: CompiledModel;
  /** Parameters differentiated, in order. */
  readonly gradParams: readonly string[];
  /** The augmented model (θ as extra states); only its `partials` kernel is used. */
  readonly augmented: CompiledModel;
  /** Index of each θ in the original parameter vector. */
  readonly gradParamIndex: Int32Array;
  /** Index of each augmented-model parameter in the original parameter vector. */
  readonly restParamIndex: Int32Array;
  /** Partial tables: [partial index j, of, wrt] triples for rhs/x, rhs/y, pre/x, pre/y, rhs/θ, pre/θ. */
  readonly terms: Readonly<Record<'rhsX' | 'rhsY' | 'preX' | 'preY' | 'rhsP' | 'preP', Int32Array>>;
  /** Number of partials L of the augmented kernel. */
  readonly nPartials: number;
}

const cache = new WeakMap<CompiledModel, Map<string, AdjointModel>>();

const mentions = (expr: string, name: string) => new RegExp(`(^|[^A-Za-z0-9_])${name}([^A-Za-z0-9_]|$)`).test(expr);

/**
 * Parameters of a model that gradients can be taken against: every spec parameter that enters no
 * field-bias expression (all nine for the gated RNN).
 */
export function differentiableParameters(model: CompiledModel): string[] {
  const biases = model.spec.fields.map((f) => f.bias ?? '0');
  return model.paramNames.filter((p) => !biases.some((b) => mentions(b, p)));
}

/**
 * Build (or fetch from the cache) the adjoint machinery of a model for the parameters `gradParams`.
 *
 * @throws {InvalidParameterError} for an unknown parameter or one that enters a field bias.
 */
export function adjointModel(model: CompiledModel, gradParams: readonly string[] = differentiableParameters(model)): AdjointModel {
  const key = gradParams.join(',');
  let perModel = cache.get(model);
  const hit = perModel?.get(key);
  if (hit) return hit;
  const allowed = differentiableParameters(model);
  for (const p of gradParams) {
    if (!allowed.includes(p)) throw new InvalidParameterError('gradParams', p, allowed.join(', '), `cannot differentiate against ${p}: not a parameter of ${model.name} outside the field biases (valid: ${allowed.join(', ')})`);
  }
  if (new Set(gradParams).size !== gradParams.length) throw new InvalidParameterError('gradParams', key, 'distinct parameter names');
  const spec = model.spec;
  const parameters: ModelSpec['parameters'] = {};
  for (const [name, p] of Object.entries(spec.parameters)) if (!gradParams.includes(name)) parameters[name] = p;
  const rhs: Record<string, string> = { ...spec.rhs };
  for (const p of gradParams) rhs[p] = '0';
  const augSpec: ModelSpec = {
    name: `${spec.name}:adjoint`,
    title: `${spec.title} (parameters as states, for the adjoint)`,
    labels: spec.labels,
    state: [...spec.state, ...gradParams],
    parameters,
    fields: spec.fields.map((f) => ({ ...f, variance: '1', bias: '0' })),
    rhs,
  };
  const augmented = compileModel(augSpec);
  const nS = model.stateNames.length;
  const lists: Record<'rhsX' | 'rhsY' | 'preX' | 'preY' | 'rhsP' | 'preP', number[]> = { rhsX: [], rhsY: [], preX: [], preY: [], rhsP: [], preP: [] };
  augmented.partialList.forEach((q, j) => {
    if (q.kind === 'rhs' && q.of >= nS) return; // θ̇ = 0
    const isParam = q.wrt === 'x' && q.index >= nS;
    const name = q.kind === 'rhs' ? (q.wrt === 'y' ? 'rhsY' : isParam ? 'rhsP' : 'rhsX') : q.wrt === 'y' ? 'preY' : isParam ? 'preP' : 'preX';
    lists[name].push(j, q.of, isParam ? q.index - nS : q.index);
  });
  const terms = Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, Int32Array.from(v)])) as AdjointModel['terms'];
  const am: AdjointModel = {
    model,
    gradParams: [...gradParams],
    augmented,
    gradParamIndex: Int32Array.from(gradParams, (p) => model.paramNames.indexOf(p)),
    restParamIndex: Int32Array.from(augmented.paramNames, (p) => model.paramNames.indexOf(p)),
    terms,
    nPartials: augmented.partialList.length,
  };
  if (!perModel) cache.set(model, (perModel = new Map()));
  perModel.set(key, am);
  return am;
}

/** Preallocated buffers of {@link AdjointWorkspace}. */
export interface AdjointWorkspace {
  readonly am: AdjointModel;
  readonly network: Network;
  /** Unit-major partial values N × L at the current point. */
  readonly pv: Float64Array;
  /** Field adjoints b̄ (block-major N·nField). */
  readonly bbar: Float64Array;
  /** Transposed products c_k = W_kᵀ b̄_k (block-major N·nField). */
  readonly c: Float64Array;
  readonly xi: Float64Array;
  readonly yi: Float64Array;
  readonly out: Float64Array;
  readonly augParams: Float64Array;
}

/** Allocate the workspace of a network (once per adjoint run). */
export function adjointWorkspace(network: Network, am: AdjointModel): AdjointWorkspace {
  const { n } = network;
  const nS = am.model.stateNames.length, nF = am.model.fieldNames.length, nP = am.gradParams.length;
  const pv0 = network.params.vector;
  return {
    am,
    network,
    pv: new Float64Array(n * am.nPartials),
    bbar: new Float64Array(nF * n),
    c: new Float64Array(nF * n),
    xi: new Float64Array(nS + nP),
    yi: new Float64Array(nF),
    out: new Float64Array(am.nPartials),
    augParams: Float64Array.from(am.restParamIndex, (k) => pv0[k]),
  };
}

/** Evaluate every per-unit partial (including ∂/∂θ) at the state x with fields y (block-major). */
export function evaluatePartials(ws: AdjointWorkspace, x: Float64Array, xOff: number, y: Float64Array, yOff: number): void {
  const { am, network, pv, xi, yi, out, augParams } = ws;
  const n = network.n;
  const nS = am.model.stateNames.length, nF = am.model.fieldNames.length, L = am.nPartials;
  const theta = network.params.vector;
  for (let q = 0; q < am.gradParams.length; q++) xi[nS + q] = theta[am.gradParamIndex[q]];
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < nS; v++) xi[v] = x[xOff + v * n + i];
    for (let k = 0; k < nF; k++) yi[k] = y[yOff + k * n + i];
    am.augmented.partials(xi, yi, augParams, out);
    for (let j = 0; j < L; j++) pv[i * L + j] = out[j];
  }
}

/**
 * With partials evaluated at a point ({@link evaluatePartials}): out = Dᵀa (block-major, overwritten)
 * and the field adjoints b̄, c in the workspace. `a` is read at offset `aOff`.
 */
export function applyTransposedJacobian(ws: AdjointWorkspace, a: Float64Array, aOff: number, out: Float64Array): void {
  const { am, network, pv, bbar, c } = ws;
  const n = network.n, L = am.nPartials;
  const model = am.model;
  const { rhsX, rhsY, preX, preY } = am.terms;
  bbar.fill(0);
  for (let t = 0; t < rhsY.length; t += 3) {
    const j = rhsY[t], v = rhsY[t + 1], k = rhsY[t + 2];
    for (let i = 0; i < n; i++) bbar[k * n + i] += pv[i * L + j] * a[aOff + v * n + i];
  }
  c.fill(0);
  for (let o = model.fieldOrder.length - 1; o >= 0; o--) {
    const k = model.fieldOrder[o];
    // c_k = W_kᵀ b̄_k (row-major W: c_j += W[i, j] b̄_i)
    const W = network.weights[k];
    const ko = k * n;
    for (let i = 0; i < n; i++) {
      const b = bbar[ko + i];
      if (b === 0) continue;
      const r = i * n;
      for (let jj = 0; jj < n; jj++) c[ko + jj] += W[r + jj] * b;
    }
    // fields used by p_k receive ∂p_k/∂y_m ⊙ c_k
    for (let t = 0; t < preY.length; t += 3) {
      if (preY[t + 1] !== k) continue;
      const j = preY[t], m = preY[t + 2];
      for (let i = 0; i < n; i++) bbar[m * n + i] += pv[i * L + j] * c[ko + i];
    }
  }
  out.fill(0);
  for (let t = 0; t < rhsX.length; t += 3) {
    const j = rhsX[t], v = rhsX[t + 1], w = rhsX[t + 2];
    for (let i = 0; i < n; i++) out[w * n + i] += pv[i * L + j] * a[aOff + v * n + i];
  }
  for (let t = 0; t < preX.length; t += 3) {
    const j = preX[t], k = preX[t + 1], w = preX[t + 2];
    for (let i = 0; i < n; i++) out[w * n + i] += pv[i * L + j] * c[k * n + i];
  }
}

/**
 * After {@link applyTransposedJacobian} with the same a: add `weight`·a·∂F/∂θ to `gradParams` and
 * `weight`·b̄_k ⊗ p_k to each `gradWeights[k]` (row-major N×N; p read from `p` at offset `pOff`).
 */
export function accumulateGradients(
  ws: AdjointWorkspace,
  a: Float64Array,
  aOff: number,
  p: Float64Array,
  pOff: number,
  weight: number,
  gradParams: Float64Array,
  gradWeights: readonly Float64Array[] | null,
): void {
  const { am, network, pv, bbar, c } = ws;
  const n = network.n, L = am.nPartials;
  const { rhsP, preP } = am.terms;
  for (let t = 0; t < rhsP.length; t += 3) {
    const j = rhsP[t], v = rhsP[t + 1], q = rhsP[t + 2];
    let s = 0;
    for (let i = 0; i < n; i++) s += pv[i * L + j] * a[aOff + v * n + i];
    gradParams[q] += weight * s;
  }
  for (let t = 0; t < preP.length; t += 3) {
    const j = preP[t], k = preP[t + 1], q = preP[t + 2];
    let s = 0;
    for (let i = 0; i < n; i++) s += pv[i * L + j] * c[k * n + i];
    gradParams[q] += weight * s;
  }
  if (!gradWeights) return;
  for (let k = 0; k < gradWeights.length; k++) {
    const G = gradWeights[k];
    const ko = k * n, po = pOff + k * n;
    for (let i = 0; i < n; i++) {
      const b = weight * bbar[ko + i];
      if (b === 0) continue;
      const r = i * n;
      for (let jj = 0; jj < n; jj++) G[r + jj] += b * p[po + jj];
    }
  }
}
