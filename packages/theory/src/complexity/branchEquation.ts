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
 * adaptive rule switching inside a stencil. Cost per evaluation (the kernel of the phase diagram):
 * the reset-gate sums are memoized and summed over the gate window only, with an exponential
 * recurrence on the sharp-gate grid (`resetGateSums`, `resetGateMoments.ts`); the smooth sums use the folded rule at
 * β_h = 0 ({@link SMOOTH_WEIGHT_CUT}). Together ≈ 3× fewer operations than one pass over each rule,
 * equal to it to ~1e-15 relative.
 *
 * @module
 */
import { type GaussianRule, InvalidParameterError } from '@gatefield/numerics';
import type { GruParameters } from '../gru/meanField.js';
import { type QuadratureOptions, type ResolvedQuadrature, describeRule, gateRule, resolveQuadrature, smoothRule } from '../quadrature.js';
import { memoizedGateMoments } from './resetGateMoments.js';

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
  /** Q_r = ⟨σ′_r²⟩ ([GRU-MF-3]) */
  Qr: number;
  deltaEta: number;
  /** ⟨φ′(η)²⟩ = ⟨sech⁴η⟩ over η ~ N(β_h, Δ_η) (for Γ² [GRU-RMT-4] at a root) */
  phiPrime2: number;
}

/**
 * Smallest Gauss–Hermite weight kept by the smooth sums of {@link branchEquation} at β_h = 0, 1e-21:
 * there the integrands tanh²(√Δ x) ≤ min(1, Δx²) and |sech²(1 − 3tanh²)|, sech⁴ ≤ 2 are even and
 * largest where the weight is, and the dropped nodes (|x| > 9.5 on the 201-node rule, 116 of 201)
 * carry Σw = 7e-22 and Σw·x² = 7e-20, i.e. < 1e-19 relative to RHS ≈ Δ·⟨x²⟩ at small Δ and to K, ⟨φ′²⟩
 * — far below rounding, so the folded sums equal the full ones to ~1e-16. Not used at β_h ≠ 0, where a
 * large |β_h| moves the mass of sech² to the tail of the rule.
 */
export const SMOOTH_WEIGHT_CUT = 1e-21;

const smoothHalf = new WeakMap<GaussianRule, { x: Float64Array; w: Float64Array; center: number }>();

/**
 * The symmetric rule folded onto x ≥ 0 for even integrands: nodes x_k > 0 with weight 2w_k (w_k ≥
 * {@link SMOOTH_WEIGHT_CUT}), plus the weight of a node at 0 (odd sizes). Exact for the Gauss–Hermite
 * rules of numerics (mirrored nodes and weights are made exactly equal there); null for an
 * asymmetric rule.
 */
function foldedRule(rule: GaussianRule): { x: Float64Array; w: Float64Array; center: number } | null {
  const hit = smoothHalf.get(rule);
  if (hit) return hit;
  const { nodes, weights } = rule;
  const n = nodes.length;
  for (let i = 0; i < n >> 1; i++) if (nodes[i] !== -nodes[n - 1 - i] || weights[i] !== weights[n - 1 - i]) return null;
  const xs: number[] = [];
  const ws: number[] = [];
  for (let j = n - 1; j >= (n + 1) >> 1; j--) {
    if (weights[j] < SMOOTH_WEIGHT_CUT) continue;
    xs.push(nodes[j]);
    ws.push(2 * weights[j]);
  }
  const out = { x: Float64Array.from(xs), w: Float64Array.from(ws), center: n % 2 === 1 ? weights[n >> 1] : 0 };
  smoothHalf.set(rule, out);
  return out;
}

/** 2|y| above which e^{−2|y|} comes from exp rather than 1 + expm1 (`smoothMoments`): ln 2, where m = −1/2. */
export const SMOOTH_EXP_SWITCH = Math.LN2;

/** Output of `smoothMoments` (rhs, K, ⟨φ′²⟩), reused across calls: no allocation per evaluation. */
const smoothOut = new Float64Array(3);

/**
 * ⟨tanh²y⟩, K = ⟨sech²y (1 − 3tanh²y)⟩ and ⟨φ′²⟩ = ⟨sech⁴y⟩ for y = β_h + √Δ x, x ~ N(0, 1)
 * ([GRU-MF-2], [GRU-MF-3], and the heat identity of the module comment). One transcendental per
 * node: with e = e^{−2|y|} and m = e − 1, |tanh y| = −m/(2 + m) and sech² y = 1/cosh² y = 4e/(2 + m)²
 * ([NUM-4]: no 1 − tanh²). e and m both without cancellation: m = expm1(−2|y|), e = 1 + m for
 * 2|y| ≤ {@link SMOOTH_EXP_SWITCH} (m ≥ −0.5), else e = exp(−2|y|), m = e − 1 (then |m| ≥ 0.5) —
 * forming 1 + expm1 for large |y| would leave sech⁴ at |β_h| ≳ 18 with no correct digit.
 * At β_h = 0 both integrands are even: the folded rule ({@link SMOOTH_WEIGHT_CUT}) halves the nodes
 * and drops the negligible tail (43 instead of 201 nodes on the default rule).
 */
function smoothMoments(betaH: number, sdEta: number, sr: GaussianRule): Float64Array {
  let rhs = 0;
  let K = 0;
  let pp = 0;
  const half = betaH === 0 ? foldedRule(sr) : null;
  const xs = half ? half.x : sr.nodes;
  const ws = half ? half.w : sr.weights;
  const shift = half ? 0 : betaH;
  for (let k = 0; k < xs.length; k++) {
    const z = -2 * Math.abs(shift + sdEta * xs[k]);
    // e = e^{−2|y|} and m = e − 1, each without cancellation (module comment of smoothMoments)
    let e: number;
    let m: number;
    if (z < -SMOOTH_EXP_SWITCH) {
      e = Math.exp(z);
      m = e - 1;
    } else {
      m = Math.expm1(z);
      e = 1 + m;
    }
    const iq = 1 / (2 + m); // one division for tanh and sech²
    const th = -m * iq;
    const s2 = 4 * e * iq * iq;
    rhs += ws[k] * th * th;
    K += ws[k] * s2 * (1 - 3 * th * th);
    pp += ws[k] * s2 * s2;
  }
  if (half) {
    // the node at x = 0 (odd rules): tanh 0 = 0, sech² 0 = 1
    K += half.center;
    pp += half.center;
  }
  smoothOut[0] = rhs;
  smoothOut[1] = K;
  smoothOut[2] = pp;
  return smoothOut;
}

const resolvedObjects = new WeakSet<object>();

const ruleCache = new WeakMap<ResolvedQuadrature, { smooth: GaussianRule; gate: GaussianRule }>();

/**
 * The smooth rule and the (non-sharp) gate rule of resolved settings, kept per settings object: the
 * rule caches of numerics are keyed by strings built per call (~0.1 µs each, 10 % of a scan
 * evaluation). Same rule objects as `smoothRule(q)` and `gateRule(a, q)` for a ≤ sharpThreshold.
 */
function rulesOf(q: ResolvedQuadrature): { smooth: GaussianRule; gate: GaussianRule } {
  let r = ruleCache.get(q);
  if (!r) {
    r = { smooth: smoothRule(q), gate: gateRule(0, q) };
    ruleCache.set(q, r);
  }
  return r;
}

/**
 * `resolveQuadrature`, skipped for an object this function returned before (validating and merging
 * the options cost ~0.3 µs, 3 % of an evaluation; resolved settings are never mutated).
 */
export function resolvedOnce(quadrature: QuadratureOptions | ResolvedQuadrature): ResolvedQuadrature {
  if (resolvedObjects.has(quadrature)) return quadrature as ResolvedQuadrature;
  const q = resolveQuadrature(quadrature);
  resolvedObjects.add(q);
  return q;
}

/**
 * RHS, slope and E at C ([GRU-MF-2], [GRU-MF-3]); one pass over each quadrature rule (the gate rule
 * over its window only, {@link resetGateMoments}).
 * σ′ = α σ(t)σ(−t), σ″ = α² σ(t)σ(−t)(σ(−t) − σ(t)) without cancellation ([NUM-4]).
 */
export function branchEquation(C: number, p: GruParameters, quadrature: QuadratureOptions | ResolvedQuadrature = {}): BranchEquationValue {
  if (!(C >= 0 && C <= 1)) throw new InvalidParameterError('C', C, '[0, 1]');
  const q = resolvedOnce(quadrature);
  const a = p.alpha_r;
  const sd = Math.sqrt(C);
  const rules = rulesOf(q);
  const gr = q.adaptive && a * sd > q.sharpThreshold ? gateRule(a * sd, q) : rules.gate;
  const gm = memoizedGateMoments(a, p.beta_r, sd, gr);
  const R2 = gm[0];
  const dR2 = gm[1];
  const Qr = gm[2];
  const g2 = p.g_h * p.g_h;
  const deltaEta = g2 * C * R2;
  const dDelta = g2 * (R2 + C * dR2);
  const sm = smoothMoments(p.beta_h, Math.sqrt(deltaEta), rules.smooth);
  const rhs = sm[0];
  const K = sm[1];
  const phiPrime2 = sm[2];
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
  return { C, rhs, slope, E, dEdC, R2, dR2dC: dR2, Qr, deltaEta, phiPrime2 };
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
