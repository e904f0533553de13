/**
 * The model spec: ONE symbolic description of a random recurrent network, read by both the theory
 * and the simulator so that they cannot disagree about what a GRU is.
 *
 * A network of N units has, per unit i, state variables x_i (e.g. h; or h, c for the LSTM) and
 * *fields* y_{k,i}: each field is a random matrix W_k (iid entries N(0, variance_k/N), [G-6])
 * applied to a per-unit *presynaptic* expression p_k, plus a constant bias:
 * ```
 *   y_k = W_k p_k(x, y) + bias_k          (p_k may use fields listed before k)
 *   dx_v/dt = F_v(x_i, y_i)               (per unit)
 * ```
 * Expressions are strings over the state names, the field names, the parameter names, numbers,
 * + − * / ^ and the primitives `sigmoid(x, α, β)` [G-1], `tanh`, `sech2`, `exp`, `log`, `sqrt`.
 *
 * Example: the continuous-time GRU [GRU-M-3] has state h, fields ξ = U_z h, ζ = U_r h,
 * η = U_h(σ(ζ; α_r, β_r) h) + β_h, and F_h = σ(ξ; α_z, β_z)(−h + tanh η).
 */
import { InvalidParameterError, describeRange } from '@gatefield/numerics';

/** A scalar parameter with its valid range and default. */
export interface ParameterSpec {
  default: number;
  min: number;
  max: number;
  /** One line for `--help` and the docs. */
  description: string;
  /** Theory symbol, e.g. "g_h" or "α_z". */
  symbol?: string;
}

/** A random-matrix field y = W · presynaptic + bias. */
export interface FieldSpec {
  /** Symbol used in expressions, e.g. "eta". */
  name: string;
  /** Name of the random matrix, e.g. "U_h" (one independent matrix per field). */
  matrix: string;
  /** Entry variance times N, an expression in the parameters, e.g. "g_h^2". */
  variance: string;
  /** Per-unit expression the matrix multiplies (state, earlier fields, parameters). */
  presynaptic: string;
  /** Constant bias added after the product, an expression in the parameters. Default "0". */
  bias?: string;
}

/** A complete model. */
export interface ModelSpec {
  /** Identifier used by the CLI (`--model NAME`). */
  name: string;
  title: string;
  /** Theory labels this spec encodes, e.g. ["GRU-M-3"]. */
  labels: string[];
  /** State variable names per unit, in block order of the Jacobian. */
  state: string[];
  parameters: Record<string, ParameterSpec>;
  fields: FieldSpec[];
  /** dx/dt per state variable. */
  rhs: Record<string, string>;
  /** Named per-unit quantities (gate values, nonlinearity), for theory and reports. */
  observables?: Record<string, string>;
  /**
   * A flow with the same fixed points as `rhs` but without update-gate freezing, used to reach
   * fixed points ([NUM-12]: integrating the gated flow at large α_z stalls, [NUM-13]). For the GRU
   * it is the ungated flow −h + φ(η) ([GRU-M-5]). Default: `rhs` itself.
   */
  fixedPointRhs?: Record<string, string>;
}

/** Resolved numeric parameters: a plain record plus the packed vector in spec order. */
export interface ResolvedParameters {
  values: Readonly<Record<string, number>>;
  vector: Float64Array;
}

/**
 * Validate user parameters against a spec and fill in defaults. Unknown names, non-numbers, NaN,
 * ±Infinity and out-of-range values throw {@link InvalidParameterError} naming the parameter and its
 * valid range.
 */
export function resolveParameters(spec: ModelSpec, given: Readonly<Record<string, unknown>> = {}): ResolvedParameters {
  const names = Object.keys(spec.parameters);
  for (const key of Object.keys(given)) {
    if (!(key in spec.parameters)) {
      throw new InvalidParameterError(key, given[key], names.join(', '), `unknown parameter ${key} for model ${spec.name}: valid parameters are ${names.join(', ')}`);
    }
  }
  const values: Record<string, number> = {};
  const vector = new Float64Array(names.length);
  names.forEach((name, i) => {
    const p = spec.parameters[name];
    const v = name in given && given[name] !== undefined ? given[name] : p.default;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < p.min || v > p.max) {
      throw new InvalidParameterError(name, v, describeRange(p.min, p.max));
    }
    values[name] = v;
    vector[i] = v;
  });
  return { values, vector };
}
