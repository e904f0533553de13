/**
 * The *fixed-point flow* of a model: a flow with the same fixed points as the full gated dynamics
 * but without update-gate freezing ([NUM-12], [NUM-13]). For the GRU it is the ungated flow
 * ḣ = −h + φ(η), i.e. F_h divided by the update rate s ([GRU-M-5]); for the vanilla network it is
 * the rhs itself.
 *
 * A flow is described by a {@link FlowDefinition}: a per-unit rhs kernel plus its per-unit partials
 * (in the format of `CompiledModel.partialList` / `partials`) so that the Jacobian assembly and the
 * Newton polish can treat it exactly like a model's own rhs. Sources, in order of precedence:
 * 1. the `fixedPointFlow` option of the solver:
 *    - expressions per state variable, e.g. `{ h: '-h + tanh(eta)' }`, compiled with
 *      `compileModel` on a companion spec (same fields and parameters, `rhs` replaced) — exact
 *      symbolic partials;
 *    - a companion `CompiledModel` with the same state, fields and parameters;
 *    - a bare per-unit kernel `(x, y, p, out) => void`; its partials are central finite
 *      differences per unit (relative accuracy ~1e-10, ample for a Newton polish whose residual is
 *      always evaluated exactly);
 * 2. `spec.fixedPointRhs` if the model spec has one (compiled by `@gatefield/models` as
 *    `model.fixedPointFlow`; for the built-in GRU −h + tanh(η));
 * 3. the model's rhs (correct for models without gating of the time scale; for gated models the
 *    Euler phase may then stall on frozen units, [NUM-13]).
 *
 * @module
 */
import { type CompiledModel, type ModelSpec, type Partial as PartialDerivative, type SiteKernel, compileModel } from '@gatefield/models';
import { InvalidParameterError } from '@gatefield/numerics';

/** A flow with per-unit partials, in the format of a compiled model. */
export interface FlowDefinition {
  /** Where the flow came from. */
  readonly source: 'model rhs' | 'spec.fixedPointRhs' | 'expressions' | 'companion model' | 'kernel';
  /** Readable description, e.g. "h' = -h + tanh(eta)". */
  readonly description: string;
  /** out[0..nState) = flow at one unit. */
  readonly rhs: SiteKernel;
  /** Structurally non-zero partials (kind 'rhs' of this flow, kind 'pre' of the model). */
  readonly partialList: readonly PartialDerivative[];
  /** out[j] = value of partialList[j] at one unit. */
  readonly partials: SiteKernel;
}

/** What the `fixedPointFlow` option accepts. */
export type FixedPointFlowOption = Readonly<Record<string, string>> | CompiledModel | SiteKernel;

/** The spec with its optional `fixedPointRhs` (typed locally so older models builds also compile). */
type SpecWithFixedPointRhs = ModelSpec & { fixedPointRhs?: Readonly<Record<string, string>> };

const compiledCache = new WeakMap<CompiledModel, Map<string, FlowDefinition>>();

/** The model's own rhs (the full gated flow) as a {@link FlowDefinition}. */
export function modelFlow(model: CompiledModel): FlowDefinition {
  return {
    source: 'model rhs',
    description: describeRhs(model.stateNames, model.spec.rhs),
    rhs: model.rhs,
    partialList: model.partialList,
    partials: model.partials,
  };
}

/**
 * The companion spec whose rhs is `rhs` (everything else copied): the fixed-point flow as a model.
 * For the GRU: `fixedPointSpec(gruSpec(), { h: '-h + tanh(eta)' })`.
 */
export function fixedPointSpec(spec: ModelSpec, rhs: Readonly<Record<string, string>>): ModelSpec {
  const { fixedPointRhs: _drop, ...rest } = spec as SpecWithFixedPointRhs;
  return { ...rest, name: `${spec.name}:fixed-point-flow`, rhs: { ...rhs } };
}

/** Resolve the fixed-point flow of `model` (see the module comment for the precedence). */
export function resolveFixedPointFlow(model: CompiledModel, option?: FixedPointFlowOption): FlowDefinition {
  if (option === undefined) {
    // Newer @gatefield/models compile spec.fixedPointRhs into `model.fixedPointFlow` (or return the
    // model itself when there is none); older ones only carry the spec field.
    const compiled = (model as { fixedPointFlow?: CompiledModel }).fixedPointFlow;
    if (compiled && compiled !== model) return { ...companionFlow(model, compiled), source: 'spec.fixedPointRhs' };
    const fp = (model.spec as SpecWithFixedPointRhs).fixedPointRhs;
    return fp ? compiledFlow(model, fp, 'spec.fixedPointRhs') : modelFlow(model);
  }
  if (typeof option === 'function') return finiteDifferenceFlow(model, option);
  if (isCompiledModel(option)) return companionFlow(model, option);
  if (typeof option === 'object' && option !== null) return compiledFlow(model, option, 'expressions');
  throw new InvalidParameterError('fixedPointFlow', option, 'expressions per state variable, a compiled model or a per-unit kernel');
}

function isCompiledModel(x: unknown): x is CompiledModel {
  const m = x as Partial<Record<keyof CompiledModel, unknown>> | null;
  return typeof m === 'object' && m !== null && typeof m.rhs === 'function' && typeof m.partials === 'function' && Array.isArray(m.partialList);
}

function describeRhs(stateNames: readonly string[], rhs: Readonly<Record<string, string>>): string {
  return stateNames.map((v) => `${v}' = ${rhs[v]}`).join('; ');
}

function compiledFlow(model: CompiledModel, rhs: Readonly<Record<string, string>>, source: 'spec.fixedPointRhs' | 'expressions'): FlowDefinition {
  const key = JSON.stringify(model.stateNames.map((v) => rhs[v] ?? null)) + JSON.stringify(Object.keys(rhs).sort());
  let byModel = compiledCache.get(model);
  if (!byModel) compiledCache.set(model, (byModel = new Map()));
  const hit = byModel.get(key);
  if (hit) return source === hit.source ? hit : { ...hit, source };
  for (const v of Object.keys(rhs)) {
    if (typeof rhs[v] !== 'string') throw new InvalidParameterError(`fixedPointFlow.${v}`, rhs[v], 'an expression string');
  }
  const companion = compileModel(fixedPointSpec(model.spec, rhs));
  smokeTest(companion, model);
  const flow: FlowDefinition = {
    source,
    description: describeRhs(model.stateNames, rhs),
    rhs: companion.rhs,
    partialList: companion.partialList,
    partials: companion.partials,
  };
  byModel.set(key, flow);
  return flow;
}

/**
 * Evaluate the compiled kernels once at zero inputs: `compileModel` does not yet reject unknown
 * symbols inside primitive calls (e.g. `tanh(bogus)`), which would otherwise surface as a
 * ReferenceError deep inside the solver.
 */
function smokeTest(companion: CompiledModel, model: CompiledModel): void {
  const x = new Float64Array(model.stateNames.length);
  const y = new Float64Array(model.fieldNames.length);
  const p = model.resolve({}).vector;
  try {
    companion.rhs(x, y, p, new Float64Array(x.length));
    companion.partials(x, y, p, new Float64Array(companion.partialList.length));
  } catch (e) {
    if (e instanceof ReferenceError) {
      throw new InvalidParameterError('fixedPointFlow', describeRhs(companion.stateNames, companion.spec.rhs), 'expressions over the state, field and parameter names', `fixed-point flow of ${model.name}: ${e.message}`);
    }
    throw e;
  }
}

function companionFlow(model: CompiledModel, companion: CompiledModel): FlowDefinition {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);
  if (!same(model.stateNames, companion.stateNames) || !same(model.fieldNames, companion.fieldNames) || !same(model.paramNames, companion.paramNames)) {
    throw new InvalidParameterError('fixedPointFlow', companion.name, `a compiled model with the state, fields and parameters of ${model.name}`);
  }
  if (JSON.stringify(model.spec.fields) !== JSON.stringify(companion.spec.fields)) {
    throw new InvalidParameterError('fixedPointFlow', companion.name, `a compiled model with the same field definitions as ${model.name}`);
  }
  return {
    source: 'companion model',
    description: describeRhs(companion.stateNames, companion.spec.rhs),
    rhs: companion.rhs,
    partialList: companion.partialList,
    partials: companion.partials,
  };
}

/**
 * A bare kernel: its partials ∂F/∂x, ∂F/∂y (all of them, dense) by central differences with step
 * h = ε^{1/3}·max(1, |v|); the presynaptic partials are the model's exact ones.
 */
function finiteDifferenceFlow(model: CompiledModel, kernel: SiteKernel): FlowDefinition {
  const nS = model.stateNames.length;
  const nF = model.fieldNames.length;
  const pre = model.partialList.map((q, j) => ({ q, j })).filter(({ q }) => q.kind === 'pre');
  const rhsPartials: PartialDerivative[] = [];
  for (let v = 0; v < nS; v++) {
    for (let w = 0; w < nS; w++) rhsPartials.push({ kind: 'rhs', of: v, wrt: 'x', index: w, formula: `d flow[${model.stateNames[v]}] / d ${model.stateNames[w]} (central difference)` });
    for (let k = 0; k < nF; k++) rhsPartials.push({ kind: 'rhs', of: v, wrt: 'y', index: k, formula: `d flow[${model.stateNames[v]}] / d ${model.fieldNames[k]} (central difference)` });
  }
  const partialList = [...rhsPartials, ...pre.map(({ q }) => q)];
  const nR = rhsPartials.length;
  const all = new Float64Array(model.partialList.length);
  const xs = new Float64Array(nS), ys = new Float64Array(nF);
  const fp = new Float64Array(nS), fm = new Float64Array(nS);
  const H = Math.cbrt(Number.EPSILON);
  const partials: SiteKernel = (x, y, p, out) => {
    xs.set(x.subarray(0, nS));
    ys.set(y.subarray(0, nF));
    for (let w = 0; w < nS + nF; w++) {
      const arr = w < nS ? xs : ys;
      const idx = w < nS ? w : w - nS;
      const v0 = arr[idx];
      const h = H * Math.max(1, Math.abs(v0));
      arr[idx] = v0 + h;
      kernel(xs, ys, p, fp);
      arr[idx] = v0 - h;
      kernel(xs, ys, p, fm);
      arr[idx] = v0;
      for (let v = 0; v < nS; v++) out[v * (nS + nF) + w] = (fp[v] - fm[v]) / (2 * h);
    }
    if (pre.length > 0) {
      model.partials(x, y, p, all);
      pre.forEach(({ j }, t) => (out[nR + t] = all[j]));
    }
  };
  return { source: 'kernel', description: 'user kernel (partials by central differences)', rhs: kernel, partialList, partials };
}
