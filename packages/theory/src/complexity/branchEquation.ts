/**
 * The nontrivial mean-field branch equation of the GRU in the form used by every continuation,
 * fold and phase-diagram routine of this folder, with its analytic C-derivative.
 *
 * ```
 * [GRU-MF-2]   C = RHS(C; p) = ⟨φ(β_h + √Δ(C) x)²⟩,         Δ(C) = g_h² C R₂(C)
 * branch form  E(C; p) := RHS(C; p)/C − 1 = 0                (C > 0)
 * slope        RHS′(C) = K(Δ) · Δ′(C)
 *              K(Δ) = ½ ⟨(φ²)″⟩_Δ = ⟨sech²η (1 − 3 tanh²η)⟩    (Gaussian heat identity ∂_Δ⟨f⟩_Δ = ½⟨f″⟩_Δ)
 *              Δ′(C) = g_h² (R₂ + C R₂′),   R₂′(C) = ⟨σ′² + σσ″⟩_C   ([KR-12] at C = 0)
 * E_C = (RHS′ − RHS/C)/C = (RHS′ − 1 − E)/C
 * ```
 * Why E rather than RHS − C: dividing by C removes the trivial root C = 0 (at β_h = 0) and makes the
 * equation O(1) on the whole branch, so roots and folds at small C (near the onset [KR-13], e.g. the
 * lower root C = 0.0063 of [KR-REF-2]) are resolved in relative terms; E(0⁺) = g_h²ρ₀² − 1 is finite
 * at β_h = 0, so a branch that reaches C = 0 ends exactly on the origin line [KR-11]. The fold
 * ([KR-15]) is E = 0 and RHS′ = 1, equivalently E = 0 and E_C = 0.
 *
 * Parameter derivatives ∂E/∂p for an arbitrary model parameter p are central differences with a
 * documented relative step (a generic parameter has no closed-form derivative here); they only
 * enter Jacobians of Newton iterations and tangents, never the converged values.
 *
 * Quadrature: the rules of `quadrature.ts` ([NUM-1], [NUM-REF-2]); {@link pinnedQuadrature} freezes
 * the gate rule chosen at a reference C so that finite differences are not polluted by the
 * adaptive rule switching inside a stencil.
 *
 * @module
 */
import { type GaussianRule, InvalidParameterError } from '@gatefield/numerics';
import type { GruParameters } from '../gru/meanField.js';
import { type QuadratureOptions, type ResolvedQuadrature, describeRule, gateRule, resolveQuadrature, smoothRule } from '../quadrature.js';

/** Names of GRU parameters that may be varied (continuation, fold, phase-diagram axes). */
export type GruParameterName = keyof GruParameters;

const NAMES: readonly GruParameterName[] = ['g_h', 'beta_h', 'alpha_z', 'beta_z', 'alpha_r', 'beta_r'];

/** Check a parameter name (throws InvalidParameterError). */
export function checkParameterName(name: string): GruParameterName {
  if (!(NAMES as readonly string[]).includes(name)) throw new InvalidParameterError('parameter', name, NAMES.join(', '));
  return name as GruParameterName;
}

/** A copy of `p` with `name` set to `value`. */
export function withParameter(p: GruParameters, name: GruParameterName, value: number): GruParameters {
  return { ...p, [name]: value };
}

/** Value of the branch equation and its ingredients at one C. */
export interface BranchEquationValue {
  C: number;
  /** RHS(C) of [GRU-MF-2] */
  rhs: number;
  /** ∂RHS/∂C (analytic, see module comment) */
  slope: number;
  /** E(C) = RHS/C − 1 (NaN at C = 0 unless β_h = 0, where the limit g_h²ρ₀²K(0) − 1 is returned) */
  E: number;
  /** ∂E/∂C */
  dEdC: number;
  R2: number;
  dR2dC: number;
  deltaEta: number;
}

/**
 * Memo of the reset-gate moments R₂ and R₂′ ({@link resetGateMoments}) per rule, keyed by (α_r, β_r, √C).
 * They do not depend on g_h, β_h or the update gate, so a phase diagram over g_h (or β_h) and a
 * reset parameter re-uses the whole log scan of {@link gruBranchRoots} from row to row. Entries are
 * the exact values a fresh evaluation returns (bit-identical); the memo is cleared when it exceeds
 * {@link RESET_MEMO_LIMIT} entries.
 */
const resetMemo = new Map<GaussianRule, Map<string, Float64Array>>();
let resetMemoSize = 0;
/** Entries kept by the reset-moment memo before it is cleared. */
export const RESET_MEMO_LIMIT = 200000;

/**
 * R₂ = ⟨σ_r²⟩ and R₂′ = ⟨σ′_r² + σ_rσ″_r⟩ ([GRU-MF-2], [KR-12]) on the rule `gr` at standard deviation
 * `sd` = √C. One exponential per node: for t ≥ 0, e = e^{−t} gives σ(t) = 1/(1 + e) and
 * σ(−t) = e/(1 + e); for t < 0, e = e^{t} gives σ(t) = e/(1 + e) and σ(−t) = 1/(1 + e) — exactly
 * the values `logistic(t)` and `logistic(−t)` return ([NUM-4]), so the result is bit-identical.
 */
export function resetGateMoments(a: number, beta: number, sd: number, gr: GaussianRule): [number, number] {
  let memo = resetMemo.get(gr);
  const key = `${a}|${beta}|${sd}`;
  const hit = memo?.get(key);
  if (hit) return [hit[0], hit[1]];
  const nodes = gr.nodes;
  const weights = gr.weights;
  const n = nodes.length;
  const asd = a * sd;
  let R2 = 0;
  let dR2 = 0;
  for (let k = 0; k < n; k++) {
    const t = asd * nodes[k] - beta;
    let r: number;
    let rc: number;
    if (t >= 0) {
      const e = Math.exp(-t);
      r = 1 / (1 + e);
      rc = e / (1 + e); // also at t = 0: logistic(−0) = 1/(1 + 1) = 1/2
    } else {
      const e = Math.exp(t);
      r = e / (1 + e);
      rc = 1 / (1 + e);
    }
    const d1 = a * r * rc;
    const d2 = a * a * r * rc * (rc - r);
    const w = weights[k];
    R2 += w * r * r;
    dR2 += w * (d1 * d1 + r * d2);
  }
  if (resetMemoSize >= RESET_MEMO_LIMIT) {
    resetMemo.clear();
    resetMemoSize = 0;
  }
  if (!memo) {
    memo = new Map();
    resetMemo.set(gr, memo);
  }
  memo.set(key, Float64Array.of(R2, dR2));
  resetMemoSize++;
  return [R2, dR2];
}

/**
 * RHS, slope and E at C ([GRU-MF-2], [GRU-MF-3]); one pass over each quadrature rule.
 * σ′ = α σ(t)σ(−t), σ″ = α² σ(t)σ(−t)(σ(−t) − σ(t)) without cancellation ([NUM-4]).
 */
export function branchEquation(C: number, p: GruParameters, quadrature: QuadratureOptions | ResolvedQuadrature = {}): BranchEquationValue {
  if (!(C >= 0 && C <= 1)) throw new InvalidParameterError('C', C, '[0, 1]');
  const q = resolveQuadrature(quadrature);
  const a = p.alpha_r;
  const sd = Math.sqrt(C);
  const gr = gateRule(a * sd, q);
  const [R2, dR2] = resetGateMoments(a, p.beta_r, sd, gr);
  const g2 = p.g_h * p.g_h;
  const deltaEta = g2 * C * R2;
  const dDelta = g2 * (R2 + C * dR2);
  const sr = smoothRule(q);
  const sdEta = Math.sqrt(deltaEta);
  let rhs = 0;
  let K = 0;
  const nodes = sr.nodes;
  const weights = sr.weights;
  for (let k = 0; k < nodes.length; k++) {
    const y = p.beta_h + sdEta * nodes[k];
    // One expm1 per node: with m = e^{−2|y|} − 1, |tanh y| = −m/(2 + m) and
    // sech² y = 1/cosh² y = 4(1 + m)/(2 + m)² ([NUM-4]: no 1 − tanh², no cancellation; a few ulp
    // from Math.tanh and 1/cosh², and 1.7× faster than evaluating both)
    const m = Math.expm1(-2 * Math.abs(y));
    const q = 2 + m;
    const th = -m / q;
    const s2 = (4 * (1 + m)) / (q * q);
    rhs += weights[k] * th * th;
    K += weights[k] * s2 * (1 - 3 * th * th);
  }
  const slope = K * dDelta;
  let E: number;
  let dEdC: number;
  if (C > 0) {
    E = rhs / C - 1;
    dEdC = (slope - rhs / C) / C;
  } else if (p.beta_h === 0) {
    // RHS(C) = K(0)Δ′(0)C + O(C²): E(0⁺) = RHS′(0) − 1; dE/dC(0⁺) needs RHS″, not provided
    E = slope - 1;
    dEdC = Number.NaN;
  } else {
    E = Number.POSITIVE_INFINITY;
    dEdC = Number.NaN;
  }
  return { C, rhs, slope, E, dEdC, R2, dR2dC: dR2, deltaEta };
}

/** E(C; p) only (see {@link branchEquation}). */
export function branchResidual(C: number, p: GruParameters, q: ResolvedQuadrature): number {
  return branchEquation(C, p, q).E;
}

/** Relative central-difference step of parameter derivatives. Default used by all callers: 1e-6. */
export const DEFAULT_PARAMETER_STEP = 1e-6;

/**
 * ∂E/∂p and ∂RHS′/∂p at C by central differences with h = step·max(1, |p|) (truncation O(h²) ≈
 * 1e-12, rounding ≈ 1e-16/h ≈ 1e-10: ample for Newton Jacobians and tangents).
 */
export function parameterDerivatives(
  C: number,
  p: GruParameters,
  name: GruParameterName,
  q: ResolvedQuadrature,
  step = DEFAULT_PARAMETER_STEP,
): { dE: number; dSlope: number } {
  const v = p[name];
  const h = step * Math.max(1, Math.abs(v));
  const up = branchEquation(C, withParameter(p, name, v + h), q);
  const dn = branchEquation(C, withParameter(p, name, v - h), q);
  return { dE: (up.E - dn.E) / (2 * h), dSlope: (up.slope - dn.slope) / (2 * h) };
}

/**
 * Quadrature with the gate rule frozen to the one the adaptive rule picks at `Cref` (the rule
 * is then a fixed, smooth function of C, so finite differences in C and p are clean).
 */
export function pinnedQuadrature(Cref: number, alpha_r: number, quadrature: QuadratureOptions | ResolvedQuadrature = {}): ResolvedQuadrature {
  const q = resolveQuadrature(quadrature);
  if (!q.adaptive) return q;
  const rule = gateRule(alpha_r * Math.sqrt(Math.max(Cref, 0)), q);
  return { ...q, gate: describeRule(rule), adaptive: false };
}

/** True if the adaptive rule would choose a different gate rule at C than the pinned one. */
export function pinnedRuleStale(C: number, alpha_r: number, pinned: ResolvedQuadrature, original: ResolvedQuadrature): boolean {
  if (!original.adaptive) return false;
  const want = describeRule(gateRule(alpha_r * Math.sqrt(Math.max(C, 0)), original));
  return JSON.stringify(want) !== JSON.stringify(pinned.gate);
}

/** Parameters as accepted by the public functions of this folder (validated by the model spec). */
export type GruParameterInput = Partial<GruParameters> | Partial<Record<string, unknown>>;
