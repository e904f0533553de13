/**
 * Compile a {@link ModelSpec} into fast per-unit JavaScript kernels and the symbolic Jacobian
 * structure shared by theory and simulation.
 *
 * For every unit the Jacobian of the network ([GRU-J-1], [LSTM-J-1], [GATE-J-1] are instances) is
 * ```
 *   ∂ẋ_v/∂x_w = diag(∂F_v/∂x_w) + Σ_k diag(∂F_v/∂y_k) · dy_k/dx_w
 *   dy_k/dx_w = W_k [ diag(∂p_k/∂x_w) + Σ_m diag(∂p_k/∂y_m) · dy_m/dx_w ]
 * ```
 * so everything model-specific is in the per-unit partials ∂F/∂x, ∂F/∂y, ∂p/∂x, ∂p/∂y, which are
 * derived here symbolically (nerdamer, via {@link SymbolicContext}) and compiled to JavaScript.
 * Structurally zero partials are dropped, which tells the consumers the sparsity.
 */
import { InvalidParameterError, logistic, sech2 } from '@gatefield/numerics';
import { type Expr, symbols, toJs } from './expression.js';
import { type ModelSpec, resolveParameters, type ResolvedParameters } from './spec.js';
import { SymbolicContext } from './symbolic.js';

/** A structurally non-zero per-unit partial derivative. */
export interface Partial {
  /** 'rhs': ∂F_of/∂(wrt); 'pre': ∂p_of/∂(wrt). */
  kind: 'rhs' | 'pre';
  /** Index of the state variable (rhs) or field (pre). */
  of: number;
  wrt: 'x' | 'y';
  /** Index of the state variable (x) or field (y) differentiated against. */
  index: number;
  /** Human-readable derivative, e.g. "d rhs[h] / d eta = …". */
  formula: string;
}

/** Signature of a compiled per-unit kernel: reads x (state), y (fields), p (parameters). */
export type SiteKernel = (x: Float64Array, y: Float64Array, p: Float64Array, out: Float64Array) => void;

/** A spec compiled to kernels. */
export interface CompiledModel {
  readonly spec: ModelSpec;
  readonly name: string;
  readonly stateNames: readonly string[];
  readonly fieldNames: readonly string[];
  readonly paramNames: readonly string[];
  readonly observableNames: readonly string[];
  /** Field indices in an order where each presynaptic expression only uses earlier fields. */
  readonly fieldOrder: readonly number[];
  /** For each field, the fields its presynaptic expression depends on. */
  readonly presynapticDeps: readonly (readonly number[])[];
  /** Non-zero partials, in the order the {@link partials} kernel writes them. */
  readonly partialList: readonly Partial[];
  /** out[0..nState) = F(x, y). */
  readonly rhs: SiteKernel;
  /** out[0..nField) = presynaptic p_k(x, y) (each evaluated with the given y). */
  readonly presynaptic: SiteKernel;
  /** out[j] = value of partialList[j]. */
  readonly partials: SiteKernel;
  /** out[j] = observable j. */
  readonly observables: SiteKernel;
  /** Entry variance × N of each field's matrix. */
  fieldVariance(p: Float64Array): Float64Array;
  /** Bias of each field. */
  fieldBias(p: Float64Array): Float64Array;
  /** Validate and pack parameters (throws InvalidParameterError). */
  resolve(given?: Readonly<Record<string, unknown>>): ResolvedParameters;
  /** Index of a partial, or −1 if structurally zero. */
  partialIndex(kind: 'rhs' | 'pre', of: string, wrt: string): number;
  /**
   * The model whose rhs is `spec.fixedPointRhs` (same state, fields and parameters), or this model
   * itself when the spec has none. Its `rhs` and `partials` drive fixed-point searches ([NUM-12]).
   */
  readonly fixedPointFlow: CompiledModel;
  /** The JavaScript source of each kernel (for inspection and the docs). */
  readonly sources: Readonly<Record<'rhs' | 'presynaptic' | 'partials' | 'observables', string>>;
}

/** Runtime implementations of the primitives, all without cancellation ([NUM-4]). */
const RUNTIME = {
  sigmoid: (x: number, a: number, b: number) => logistic(a * x - b),
  sigvar: (x: number, a: number, b: number) => {
    const t = a * x - b;
    return logistic(t) * logistic(-t);
  },
  sech2,
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
};

const JS_RESERVED = new Set(['x', 'y', 'p', 'out', 'R', 'Math']);

/** Compile a spec. Throws InvalidParameterError for malformed specs (unknown symbols, cycles). */
export function compileModel(spec: ModelSpec): CompiledModel {
  const stateNames = [...spec.state];
  const fieldNames = spec.fields.map((f) => f.name);
  const paramNames = Object.keys(spec.parameters);
  const observableNames = Object.keys(spec.observables ?? {});
  const all = [...stateNames, ...fieldNames, ...paramNames];
  const dup = all.find((n, i) => all.indexOf(n) !== i);
  if (dup) throw specError(spec, `symbol ${dup} is declared twice`);
  for (const v of stateNames) if (!(v in spec.rhs)) throw specError(spec, `no rhs for state variable ${v}`);
  for (const v of Object.keys(spec.rhs)) if (!stateNames.includes(v)) throw specError(spec, `rhs for unknown state variable ${v}`);

  const ctx = new SymbolicContext();
  const known = new Set(all);
  const paramOnly = new Set(paramNames);
  /** Symbols of a lifted expression, looking through node arguments (nested calls included). */
  const nodeArgsSymbols = (e: Expr, out = new Set<string>()): Set<string> => {
    for (const s of symbols(e)) {
      if (ctx.isNode(s)) for (const a of ctx.nodes.find((n) => n.name === s)!.args) nodeArgsSymbols(a, out);
      else out.add(s);
    }
    return out;
  };
  const liftChecked = (src: string, allowed: Set<string>, where: string): Expr => {
    const e = ctx.liftString(src);
    for (const s of nodeArgsSymbols(e)) {
      if (!allowed.has(s)) throw specError(spec, `${where} uses unknown symbol ${s}`);
    }
    return e;
  };

  const rhsExpr = stateNames.map((v) => liftChecked(spec.rhs[v], known, `rhs[${v}]`));
  const preExpr = spec.fields.map((f) => liftChecked(f.presynaptic, known, `presynaptic of ${f.name}`));
  const varExpr = spec.fields.map((f) => liftChecked(f.variance, paramOnly, `variance of ${f.name}`));
  const biasExpr = spec.fields.map((f) => liftChecked(f.bias ?? '0', paramOnly, `bias of ${f.name}`));
  const obsExpr = observableNames.map((o) => liftChecked(spec.observables![o], known, `observable ${o}`));

  // Field dependency order (presynaptic p_k may use other fields).
  const presynapticDeps = preExpr.map((e) => {
    const deps = nodeArgsSymbols(e);
    return fieldNames.map((f, m) => (deps.has(f) ? m : -1)).filter((m) => m >= 0);
  });
  const fieldOrder: number[] = [];
  const state = new Array(fieldNames.length).fill(0);
  const visit = (k: number) => {
    if (state[k] === 2) return;
    if (state[k] === 1) throw specError(spec, `presynaptic expressions of fields form a cycle through ${fieldNames[k]}`);
    state[k] = 1;
    for (const m of presynapticDeps[k]) visit(m);
    state[k] = 2;
    fieldOrder.push(k);
  };
  fieldNames.forEach((_, k) => visit(k));

  // Symbolic partials.
  const partialList: Partial[] = [];
  const partialExpr: Expr[] = [];
  const addPartials = (kind: 'rhs' | 'pre', exprs: Expr[], ofNames: string[]) => {
    exprs.forEach((e, of) => {
      const wrtList: ['x' | 'y', number, string][] = [
        ...stateNames.map((n, i) => ['x', i, n] as ['x', number, string]),
        ...fieldNames.map((n, i) => ['y', i, n] as ['y', number, string]),
      ];
      for (const [wrt, index, name] of wrtList) {
        const d = ctx.diff(e, name);
        if (d.k === 'num' && d.v === 0) continue;
        partialList.push({ kind, of, wrt, index, formula: `d ${kind === 'rhs' ? 'rhs' : 'pre'}[${ofNames[of]}] / d ${name}` });
        partialExpr.push(d);
      }
    });
  };
  addPartials('rhs', rhsExpr, stateNames);
  addPartials('pre', preExpr, fieldNames);

  const sources = {
    rhs: kernelSource(ctx, rhsExpr, stateNames, fieldNames, paramNames),
    presynaptic: kernelSource(ctx, preExpr, stateNames, fieldNames, paramNames),
    partials: kernelSource(ctx, partialExpr, stateNames, fieldNames, paramNames),
    observables: kernelSource(ctx, obsExpr, stateNames, fieldNames, paramNames),
  };
  const varianceSrc = kernelSource(ctx, varExpr, stateNames, fieldNames, paramNames);
  const biasSrc = kernelSource(ctx, biasExpr, stateNames, fieldNames, paramNames);
  const make = (src: string): SiteKernel => new Function('R', `return function(x, y, p, out) {\n${src}\n};`)(RUNTIME) as SiteKernel;
  const rhs = make(sources.rhs);
  const presynaptic = make(sources.presynaptic);
  const partials = make(sources.partials);
  const observables = make(sources.observables);
  const varianceK = make(varianceSrc);
  const biasK = make(biasSrc);
  const empty = new Float64Array(0);
  // Re-describe formulas with the derivative text now that nodes are known.
  partialList.forEach((pl, j) => {
    pl.formula = `${pl.formula} = ${describe(ctx, partialExpr[j])}`;
  });

  const model: CompiledModel = {
    spec,
    name: spec.name,
    stateNames,
    fieldNames,
    paramNames,
    observableNames,
    fieldOrder,
    presynapticDeps,
    partialList,
    rhs,
    presynaptic,
    partials,
    observables,
    fieldVariance(p) {
      const out = new Float64Array(fieldNames.length);
      varianceK(empty, empty, p, out);
      return out;
    },
    fieldBias(p) {
      const out = new Float64Array(fieldNames.length);
      biasK(empty, empty, p, out);
      return out;
    },
    resolve: (given) => resolveParameters(spec, given),
    partialIndex(kind, of, wrt) {
      const ofIdx = kind === 'rhs' ? stateNames.indexOf(of) : fieldNames.indexOf(of);
      const wx = stateNames.indexOf(wrt);
      const wy = fieldNames.indexOf(wrt);
      return partialList.findIndex((q) => q.kind === kind && q.of === ofIdx && ((q.wrt === 'x' && q.index === wx) || (q.wrt === 'y' && q.index === wy)));
    },
    sources,
    get fixedPointFlow(): CompiledModel {
      return fixedPointFlow;
    },
  };
  let fixedPointFlow: CompiledModel = model;
  if (spec.fixedPointRhs) {
    const { fixedPointRhs, ...rest } = spec;
    fixedPointFlow = compileModel({ ...rest, name: `${spec.name}:fixed-point-flow`, rhs: fixedPointRhs });
  }
  return model;
}

function specError(spec: ModelSpec, msg: string): InvalidParameterError {
  return new InvalidParameterError('spec', spec.name, 'a well-formed model spec', `model spec ${spec.name}: ${msg}`);
}

/** JS identifier for a spec symbol (prefixed so it cannot collide with kernel arguments). */
const ident = (s: string) => (JS_RESERVED.has(s) || s.startsWith('__') ? `v${s}` : `v_${s}`);

/** Emit the body of a kernel computing `exprs` into out[0..]. Only nodes actually used are computed. */
function kernelSource(ctx: SymbolicContext, exprs: Expr[], stateNames: string[], fieldNames: string[], paramNames: string[]): string {
  const used = new Set<string>();
  for (const e of exprs) for (const s of symbols(e)) used.add(s);
  // Close over node dependencies (walk nodes backwards: args reference earlier nodes only).
  for (let k = ctx.nodes.length - 1; k >= 0; k--) {
    const n = ctx.nodes[k];
    if (used.has(n.name)) for (const a of n.args) for (const s of symbols(a)) used.add(s);
  }
  const lines: string[] = [];
  stateNames.forEach((n, i) => used.has(n) && lines.push(`const ${ident(n)} = x[${i}];`));
  fieldNames.forEach((n, i) => used.has(n) && lines.push(`const ${ident(n)} = y[${i}];`));
  paramNames.forEach((n, i) => used.has(n) && lines.push(`const ${ident(n)} = p[${i}];`));
  const call = (fn: string, args: string[]) => `R.${fn}(${args.join(',')})`;
  for (const n of ctx.nodes) {
    if (!used.has(n.name)) continue;
    lines.push(`const ${ident(n.name)} = ${call(n.fn, n.args.map((a) => toJs(a, ident, call)))};`);
  }
  exprs.forEach((e, j) => lines.push(`out[${j}] = ${toJs(e, ident, call)};`));
  return lines.join('\n');
}

/** Readable form of a lifted expression (nodes expanded back into calls). */
function describe(ctx: SymbolicContext, e: Expr): string {
  const expand = (x: Expr): string => {
    switch (x.k) {
      case 'num':
        return String(x.v);
      case 'sym': {
        const n = ctx.nodes.find((m) => m.name === x.name);
        return n ? `${n.fn}(${n.args.map(expand).join(', ')})` : x.name;
      }
      case 'neg':
        return `-(${expand(x.a)})`;
      case 'bin':
        return `(${expand(x.a)} ${x.op} ${expand(x.b)})`;
      case 'call':
        return `${x.fn}(${x.args.map(expand).join(', ')})`;
    }
  };
  return expand(e);
}
