/**
 * Random-matrix theory of the fixed-point Jacobian of the gated RNN ([GATE-RMT-1]..[GATE-RMT-6]) and
 * its slow modes ([GATE-MS-1]..[GATE-MS-3]).
 *
 * Support of the (h, r)-block bulk [GATE-RMT-2]:
 * ```
 *   F(λ) = ⟨σ_z²/|λτ_h + σ_z|²⟩_z · ⟨φ′²⟩_h · [ ⟨σ_r²⟩_r + ⟨φ²⟩_h ⟨σ_r′²⟩_r / |1 + λτ_r|² ] ≥ 1
 * ```
 * with h ~ N(0, Δ_h), z, r ~ N(0, ⟨φ²⟩) at the fixed point [GATE-FP-1]. The z-block contributes N
 * eigenvalues at −1/τ_z [GATE-RMT-1].
 *
 * The z-average is done in log-space, σ_z²/|λτ_h + σ_z|² = 1/|1 + λτ_h/σ_z|² with
 * 1/σ_z = 1 + exp(−α_z z + β_z) ([NUM-3]), so large α_z neither underflows nor gives 0/0.
 *
 * @module
 */
import { GATE_WINDOW_T_MAX, InvalidParameterError, type NumericsWarning, WarningLog, brent, checkFinite, gateWindow, normalCdf } from '@gatefield/numerics';
import { type QuadratureOptions, type ResolvedQuadrature, gateRule, gateRuleWarnings, resolveQuadrature } from '../quadrature.js';
import type { GatedFixedPointResult, GatedSiteMoments } from './fixedPoint.js';
import { rulePrefixWeights } from './gateSums.js';
import { type GatedParameters, resolveGatedParameters, gatedRestingGate } from './parameters.js';

/** The fixed point data F(λ) needs. */
export interface GatedSupportInput {
  params: GatedParameters;
  deltaH: number;
  /** Δ_z = Δ_r = ⟨φ²⟩ at a fixed point. */
  deltaZ: number;
  deltaR: number;
  moments: GatedSiteMoments;
  /** Warnings of the fixed point the input was built from (passed on by {@link gatedSpectralEdge}). */
  warnings?: NumericsWarning[];
}

/**
 * Build the support input from a fixed-point result and the parameters it was computed at (its
 * `warnings`, when present, are carried along).
 */
export function gatedSupportInputOf(params: Readonly<Partial<GatedParameters>>, fp: Pick<GatedFixedPointResult, 'deltaH' | 'deltaZ' | 'deltaR' | 'moments'> & { warnings?: readonly NumericsWarning[] }): GatedSupportInput {
  const out: GatedSupportInput = { params: resolveGatedParameters(params), deltaH: fp.deltaH, deltaZ: fp.deltaZ, deltaR: fp.deltaR, moments: fp.moments };
  if (Array.isArray(fp.warnings)) out.warnings = [...fp.warnings];
  return out;
}

/**
 * Warnings of a support computation: those of its input plus a 'quadrature-insufficient' one
 * (`gateRuleWarnings` of quadrature.ts, [NUM-2], [NUM-REF-2]) when the update-gate rule at
 * (α_z√Δ_z, β_z) was capped at `maxSharpPoints` below the requested `pointsPerWidth`, or resolves σ_z
 * with fewer than 1.5 nodes per gate width (the default of numerics `gateRuleWarning`), while the
 * transition carries probability.
 */
export function gatedSupportWarnings(s: GatedSupportInput, q: ResolvedQuadrature = resolveQuadrature()): NumericsWarning[] {
  const log = new WarningLog();
  log.addAll(s.warnings);
  const a = s.params.alpha_z * Math.sqrt(s.deltaZ);
  log.add(gateRuleWarnings(`gatedSpectralEdge: update gate in F(λ) [GATE-RMT-2] at Δ_z = ${s.deltaZ.toPrecision(6)}`, a, s.params.beta_z, q));
  return log.list();
}

/**
 * ⟨σ_z²/|λτ_h + σ_z|²⟩ over z ~ N(0, Δ_z), λ = re + i·im (the update-gate factor of [GATE-RMT-2]),
 * evaluated as ⟨1/|1 + λτ_h v|²⟩ with v = 1/σ_z = 1 + e^{−α_z z + β_z} ([NUM-3]).
 *
 * Window ([NUM-2], gateSums.ts): where α_z z − β_z > 40 the gate is open, v = 1 exactly in double
 * precision, and those nodes contribute W₊/|1 + λτ_h|² (W₊ their weight). Where α_z z − β_z < −40
 * the gate is shut, v > e^{40}, and with c = λτ_h each term is at most w/(|c|e^{40} − 1)²; those
 * nodes are skipped when that bound on their total is below ε = 2^{−52} times the rest, and summed
 * otherwise (λ → 0, or almost every gate shut). So the factor equals the full sum to round-off and
 * costs O(window) ≈ 10³ nodes at α_z√Δ_z = 10³ instead of the 4·10⁵ of the sharp-gate grid.
 */
export function gatedUpdateGateFactor(p: GatedParameters, deltaZ: number, re: number, im: number, q: ResolvedQuadrature = resolveQuadrature()): number {
  const t = inverseGateTable(p.alpha_z, Math.sqrt(deltaZ), p.beta_z, q);
  const rt = re * p.tau_h, it = im * p.tau_h;
  const term = (lo: number, hi: number) => {
    let acc = 0;
    for (let k = lo; k < hi; k++) {
      const v = t.inv[k];
      if (v === Infinity) continue; // weight → 0 (frozen unit far from λ ≠ 0)
      const ar = 1 + rt * v, ai = it * v;
      acc += t.weights[k] / (ar * ar + ai * ai);
    }
    return acc;
  };
  let acc = term(t.lo, t.hi);
  if (t.weightAbove > 0) {
    const ar = 1 + rt, ai = it;
    acc += t.weightAbove / (ar * ar + ai * ai);
  }
  if (t.lo === 0) return acc;
  const c = Math.hypot(rt, it) * Math.exp(GATE_WINDOW_T_MAX);
  // c > 2: on the shut nodes |1 + c·v| ≥ c·v − 1 ≥ c − 1 > c/2 (v ≥ e^{40}), so each term is at most
  // w/(c − 1)² < 4w/c²; any c > 1 would give a valid bound, 2 keeps it within a factor 4 of w/c².
  const bound = c > 2 ? t.weightBelow / ((c - 1) * (c - 1)) : Infinity;
  if (bound <= Number.EPSILON * acc) return acc;
  return acc + term(0, t.lo);
}

/**
 * 1/σ_z at the nodes of the update-gate rule up to the open side of its window, kept for the last
 * (α_z, √Δ_z, β_z, rule): tracing a support boundary evaluates F(λ) thousands of times at one fixed
 * point, so the exponentials are computed once, not per λ. lo..hi is the window of `gateWindow`
 * (nodes ascending in z, so below lo the gate is shut, above hi open).
 */
interface InverseGateTable { alphaZ: number; sd: number; betaZ: number; rule: object; inv: Float64Array; weights: Float64Array; lo: number; hi: number; weightAbove: number; weightBelow: number }
let lastGateTable: InverseGateTable | null = null;
function inverseGateTable(alphaZ: number, sd: number, betaZ: number, q: ResolvedQuadrature): InverseGateTable {
  const rule = gateRule(alphaZ * sd, q);
  const c = lastGateTable;
  if (c && c.alphaZ === alphaZ && c.sd === sd && c.betaZ === betaZ && c.rule === rule) return c;
  const win = gateWindow(rule, alphaZ * sd, betaZ);
  const inv = new Float64Array(win.hi);
  for (let k = 0; k < win.hi; k++) {
    const t = -alphaZ * sd * rule.nodes[k] + betaZ;
    inv[k] = t > 700 ? Infinity : 1 + Math.exp(t); // 1/σ_z
  }
  const weights = rule.weights.slice(0, win.hi);
  lastGateTable = { alphaZ, sd, betaZ, rule, inv, weights, lo: win.lo, hi: win.hi, weightAbove: win.weightAbove, weightBelow: rulePrefixWeights(rule)[win.lo] };
  return lastGateTable;
}

/** F(λ) of [GATE-RMT-2] at complex λ = re + i·im. λ is in the bulk support iff F ≥ 1. */
export function gatedSupportFunctional(s: GatedSupportInput, re: number, im = 0, q: ResolvedQuadrature = resolveQuadrature()): number {
  const p = s.params;
  const m = s.moments;
  const dr = 1 + re * p.tau_r, di = im * p.tau_r;
  const rFactor = m.sigmaR2 + (m.phi2 * m.sigmaRPrime2) / (dr * dr + di * di);
  return gatedUpdateGateFactor(p, s.deltaZ, re, im, q) * m.phiPrime2 * rFactor;
}

/**
 * Zero fixed point (β_h = 0) [GATE-RMT-5]: h-block disk centred at −s_z/τ_h with radius
 * g_h s_r s_z/τ_h; N r-eigenvalues at −1/τ_r; N z-eigenvalues at −1/τ_z; stable ⇔ g_h s_r < 1 ⇔
 * g_h < 1 + e^{β_r} ([GATE-TR-1]).
 */
export function gatedZeroFixedPoint(params: Readonly<Partial<GatedParameters>>): {
  center: number; radius: number; rEigenvalue: number; zEigenvalue: number; stable: boolean; threshold: number;
} {
  const p = resolveGatedParameters(params);
  if (p.beta_h !== 0) throw new InvalidParameterError('beta_h', p.beta_h, '0', 'the zero fixed point exists only for β_h = 0 [GATE-FP-1]');
  const sz = gatedRestingGate(p.beta_z), sr = gatedRestingGate(p.beta_r);
  return {
    center: -sz / p.tau_h,
    radius: (p.g_h * sr * sz) / p.tau_h,
    rEigenvalue: -1 / p.tau_r,
    zEigenvalue: -1 / p.tau_z,
    stable: p.g_h * sr < 1,
    threshold: 1 + Math.exp(p.beta_r),
  };
}

/** Result of {@link gatedSpectralEdge}. */
export interface GatedSpectralEdgeResult {
  edge: number;
  pinched: boolean;
  residual: number;
  iterations: number;
  converged: true;
  settings: { xtol: number };
  /** Quadrature warnings ({@link gatedSupportWarnings}); empty when every gate rule resolves its gate. */
  warnings: NumericsWarning[];
}

/**
 * Rightmost real point λ* of the bulk [GATE-RMT-6]: F(λ*) = 1.
 * - F(0) ≥ 1 (unstable): the root of F = 1 on (0, ∞) (F decreases there, [GATE-RMT-4]).
 * - α_z = 0: the root on (−s_z/τ_h, 0] (disk edge; for α_r = 0 equal to −s_z/τ_h + (s_z/τ_h) s_r √⟨φ′²⟩).
 * - F ≡ 0 (g_h = 0): the bulk is the single point −s_z/τ_h, returned as the edge.
 * - α_z > 0 and F(0) < 1: the poles −σ_z,i/τ_h fill (−1/τ_h, 0), F → ∞ as λ → 0⁻, and the support
 *   is pinched at the origin ([GATE-RMT-2], [GATE-MS-1]): λ* = 0 with `pinched: true`.
 */
export function gatedSpectralEdge(s: GatedSupportInput, options: { xtol?: number; quadrature?: QuadratureOptions } = {}): GatedSpectralEdgeResult {
  const xtol = checkFinite('xtol', options.xtol ?? 1e-12, 0, 1);
  const q = resolveQuadrature(options.quadrature);
  const g = (x: number) => gatedSupportFunctional(s, x, 0, q) - 1;
  const done = (edge: number, pinched: boolean, residual: number, iterations: number): GatedSpectralEdgeResult =>
    ({ edge, pinched, residual, iterations, converged: true, settings: { xtol }, warnings: gatedSupportWarnings(s, q) });
  const f0 = g(0);
  if (f0 >= 0) {
    let hi = 1;
    while (g(hi) > 0) hi *= 2;
    const r = brent(g, 0, hi, { xtol });
    return done(r.root, false, r.residual, r.iterations);
  }
  if (s.params.alpha_z > 0) return done(0, true, 0, 0);
  const sz = gatedRestingGate(s.params.beta_z);
  const lo = -sz / s.params.tau_h * (1 - 1e-12);
  // F ≡ 0 (g_h = 0: φ′ = φ = 0): the (h, r) block is diagonal and its bulk collapses onto the pole
  // −s_z/τ_h; there is no crossing F = 1 to bracket.
  if (!(g(lo) > 0)) return done(-sz / s.params.tau_h, false, 0, 0);
  const r = brent(g, lo, 0, { xtol });
  return done(r.root, false, r.residual, r.iterations);
}

/**
 * Expected number of slow modes [GATE-MS-1]: eigenvalues with |λ| < ε contributed by units with
 * σ_z(z_i) < ετ_h:
 * ```
 *   N_slow(ε) ≈ N · Φ_G( (β_z + ln(ετ_h/(1 − ετ_h))) / (α_z √Δ_z) )
 * ```
 * Requires α_z > 0 and 0 < ετ_h < 1.
 */
export function gatedSlowModeCount(params: Readonly<Partial<GatedParameters>>, deltaZ: number, n: number, epsilon: number): number {
  const p = resolveGatedParameters(params);
  if (!(p.alpha_z > 0)) throw new InvalidParameterError('alpha_z', p.alpha_z, '(0, 1000]', 'slow modes need a dynamical update gate [GATE-MS-1]');
  const e = epsilon * p.tau_h;
  checkFinite('epsilon·τ_h', e, 0, 1);
  return n * normalCdf((p.beta_z + Math.log(e / (1 - e))) / (p.alpha_z * Math.sqrt(deltaZ)));
}

/**
 * α_z → ∞ [GATE-MS-2]: fraction of closed gates f₀ = Φ_G(b/√Δ_z) with β_z = b·α_z (f₀ = 1/2 at fixed
 * β_z, pass b = 0), N f₀ eigenvalues at 0, and (α_r = 0) the open-unit disk centred at −1/τ_h with
 * radius √((1 − f₀)⟨φ′²⟩) s_r/τ_h.
 */
export function gatedSaturatedUpdateGate(m: Pick<GatedSiteMoments, 'phiPrime2'>, params: Readonly<Partial<GatedParameters>>, deltaZ: number, b = 0): { closedFraction: number; openDiskCenter: number; openDiskRadius: number | null } {
  const p = resolveGatedParameters(params);
  checkFinite('deltaZ', deltaZ, 0, Infinity);
  checkFinite('b', b);
  checkFinite('phiPrime2', m?.phiPrime2, 0, Infinity);
  // Δ_z = 0 (e.g. g_h = 0): z is deterministic, f₀ = Φ_G(±∞) for b ≠ 0 and Φ_G(0) = 1/2 by symmetry at b = 0.
  const f0 = deltaZ === 0 ? (b > 0 ? 1 : b < 0 ? 0 : 0.5) : normalCdf(b / Math.sqrt(deltaZ));
  const sr = gatedRestingGate(p.beta_r);
  return { closedFraction: f0, openDiskCenter: -1 / p.tau_h, openDiskRadius: p.alpha_r === 0 ? (Math.sqrt((1 - f0) * m.phiPrime2) * sr) / p.tau_h : null };
}

/** −β_r/(α_r√Δ_r) of [GATE-MS-3]; as −(β_r/α_r)/√Δ_r (0 at β_r = 0) where α_r√Δ_r underflows to 0. */
function sharpGateArgument(alphaR: number, betaR: number, deltaR: number): number {
  const x = -betaR / (alphaR * Math.sqrt(deltaR));
  if (!Number.isNaN(x)) return x;
  return betaR === 0 ? 0 : -(betaR / alphaR) / Math.sqrt(deltaR);
}

/**
 * −β_r²/(2α_r²Δ_r) of [GATE-MS-3]. When β_r² and α_r² both underflow (tiny gains and biases) the
 * direct form is 0/0; then it is evaluated as −(β_r/α_r)²/(2Δ_r) (0 at β_r = 0).
 */
function sharpGateExponent(alphaR: number, betaR: number, deltaR: number): number {
  const e = -(betaR * betaR) / (2 * alphaR * alphaR * deltaR);
  if (!Number.isNaN(e)) return e;
  if (betaR === 0) return 0;
  const q = betaR / alphaR;
  return -(q * q) / (2 * deltaR);
}

/**
 * Large-α_r asymptotics [GATE-MS-3]: ⟨σ_r²⟩ → Φ_G(−β_r/(α_r√Δ_r)),
 * ⟨σ_r′²⟩ ≈ (α_r/6) e^{−β_r²/(2α_r²Δ_r)}/√(2πΔ_r)   (∫σ²(1 − σ)² dy = 1/6).
 */
export function gatedSharpOutputGate(alphaR: number, betaR: number, deltaR: number): { sigmaR2: number; sigmaRPrime2: number } {
  checkFinite('alpha_r', alphaR, 0, 1000, '(0, 1000]');
  if (alphaR === 0) throw new InvalidParameterError('alpha_r', alphaR, '(0, 1000]', `invalid alpha_r = ${alphaR}: valid range is (0, 1000] (the sharp-gate asymptotics [GATE-MS-3] need α_r > 0)`);
  checkFinite('beta_r', betaR, -50, 50);
  checkFinite('deltaR', deltaR, 0, Infinity, '(0, inf)');
  if (deltaR === 0) throw new InvalidParameterError('deltaR', deltaR, '(0, inf)', `invalid deltaR = ${deltaR}: valid range is (0, inf) (the sharp-gate asymptotics [GATE-MS-3] need Δ_r > 0)`);
  return {
    sigmaR2: normalCdf(sharpGateArgument(alphaR, betaR, deltaR)),
    sigmaRPrime2: ((alphaR / 6) * Math.exp(sharpGateExponent(alphaR, betaR, deltaR))) / Math.sqrt(2 * Math.PI * deltaR),
  };
}
