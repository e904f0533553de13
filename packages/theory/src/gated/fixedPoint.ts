/**
 * Fixed points of the gated RNN in the large-N limit [GATE-FP-1] and the single-site averages the
 * Jacobian theory needs ([GATE-RMT-2], [GATE-RMT-4]).
 *
 * ```
 *   Δ_z = Δ_r = ⟨φ²⟩_{Δ_h},          Δ_h = ⟨φ²⟩_{Δ_h} · ⟨σ_r²⟩_{Δ_r}                  [GATE-FP-1]
 *   stability functional  Γ = ⟨φ′²⟩_{Δ_h} [ ⟨σ_r²⟩_{Δ_r} + ⟨φ²⟩_{Δ_h} ⟨σ_r′²⟩_{Δ_r} ] < 1   [GATE-RMT-4]
 * ```
 * The z-gate drops out of the fixed point (σ_z > 0 only multiplies the condition).
 *
 * Numerics: damped iteration Δ_h ← (1 − d) Δ_h + d·M(Δ_h) as in the text (default damping 0.5 — the
 * map is a contraction on the stable branch, the damping only guards against overshoot at large
 * α_r), finished by a bracketed root solve (Brent) where the iteration slows down critically (the
 * origin line [GATE-TR-1], folds). Gaussian averages by the shared quadrature of `quadrature.ts`
 * ([NUM-1]: 201 Gauss–Hermite nodes for tanh²; gate integrands switch to a resolving uniform grid
 * when α_r √Δ_r > 3, [NUM-REF-2]), gate sums restricted to the unsaturated window (gateSums.ts).
 * The reference numbers of [GATE-REF-F1] were made with 81 nodes; the difference is below 1e-6
 * there.
 *
 * @module
 */
import { ConvergenceError, NonPhysicalError, type NumericsWarning, WarningLog, brent, checkFinite, checkInteger } from '@gatefield/numerics';
import { type QuadratureOptions, type ResolvedQuadrature, describeRule, gateRule, gateRuleWarnings, resolveQuadrature, smoothRule } from '../quadrature.js';
import { gateMomentSums } from './gateSums.js';
import { type GatedParameters, gatedPhi, gatedPhiPrime, gatedRestingGate, resolveGatedParameters } from './parameters.js';

/** Options of {@link gatedFixedPoint}. */
export interface GatedFixedPointOptions {
  /** Initial Δ_h; default 1 (lands on the non-zero branch when it exists and is attracting). */
  initialDeltaH?: number;
  /** Weight of the new iterate; default 0.5. */
  damping?: number;
  /** Stop when |ΔΔ_h| < tol·max(1, Δ_h); default 1e-13. */
  tol?: number;
  /** Iteration budget; default 10000 (the map is slow near the origin instability). */
  maxIterations?: number;
  /**
   * Hand over to the bracketed root solve when a step is more than this fraction of the previous
   * one (critical slowing down near [GATE-TR-1] or a fold); default 0.9 (the damped map contracts
   * by 0.5 + 0.5·M′, so 0.9 means M′ > 0.8).
   */
  slowRate?: number;
  /**
   * Iterations before the slow-down test applies; default 20 (1 hands over to the bracketed solve after
   * the first step). The step ratio estimates the contraction 0.5 + 0.5·M′ only once the iterate is
   * near the root, so the transient from `initialDeltaH` is let through first.
   */
  minIterations?: number;
  quadrature?: QuadratureOptions;
}

/** Single-site Gaussian averages at given variances (h ~ N(0, Δ_h), z, r ~ N(0, Δ_z), N(0, Δ_r)). */
export interface GatedSiteMoments {
  phi2: number;
  phiMean: number;
  phiPrime2: number;
  sigmaR2: number;
  sigmaRPrime2: number;
  sigmaZMean: number;
}

/** Result of {@link gatedFixedPoint}. */
export interface GatedFixedPointResult {
  deltaH: number;
  deltaZ: number;
  deltaR: number;
  moments: GatedSiteMoments;
  /** Γ of [GATE-RMT-4]; stable ⇔ < 1. */
  stabilityFunctional: number;
  stable: boolean;
  converged: true;
  /** |M(Δ_h) − Δ_h| at the returned Δ_h. */
  residual: number;
  /** Damped-iteration steps plus evaluations of the bracketed solve. */
  iterations: number;
  /** 'damped-iteration', or 'bracketed-root' when the iteration slowed down (see {@link gatedFixedPoint}). */
  method: 'damped-iteration' | 'bracketed-root';
  settings: { initialDeltaH: number; damping: number; tol: number; maxIterations: number; slowRate: number; minIterations: number; quadrature: ResolvedQuadrature; rules: Record<string, unknown> };
  /** Quadrature warnings (numerics warnings.ts); empty when every gate rule resolves its gate. */
  warnings: NumericsWarning[];
}

/**
 * Gaussian single-site averages ⟨φ²⟩, ⟨φ⟩, ⟨φ′²⟩ over h ~ N(0, Δ_h) and ⟨σ_r²⟩, ⟨σ_r′²⟩ over
 * r ~ N(0, Δ_r), ⟨σ_z⟩ over z ~ N(0, Δ_z) (the factors of [GATE-FP-1], [GATE-RMT-2]). The gate
 * averages are summed over the unsaturated window of the gate rule only (`gateMomentSums` of
 * gateSums.ts: equal to the full sum to round-off, O(10³) instead of 4·10⁵ nodes at gain 10³).
 */
export function gatedSiteMoments(p: GatedParameters, deltaH: number, deltaR: number, deltaZ: number, q: ResolvedQuadrature = resolveQuadrature()): GatedSiteMoments {
  const sr = Math.sqrt(Math.max(deltaR, 0)), sz = Math.sqrt(Math.max(deltaZ, 0));
  const { phi2, phiMean, phiPrime2 } = smoothMoments(p, deltaH, q);
  const r = gateMomentSums(gateRule(p.alpha_r * sr, q), sr, p.alpha_r, p.beta_r);
  const z = gateMomentSums(gateRule(p.alpha_z * sz, q), sz, p.alpha_z, p.beta_z);
  return { phi2, phiMean, phiPrime2, sigmaR2: r.square, sigmaRPrime2: r.primeSquare, sigmaZMean: z.mean };
}

/** ⟨φ²⟩, ⟨φ⟩, ⟨φ′²⟩ over h ~ N(0, Δ_h) (the smooth part of {@link gatedSiteMoments}). */
function smoothMoments(p: GatedParameters, deltaH: number, q: ResolvedQuadrature): { phi2: number; phiMean: number; phiPrime2: number } {
  const sh = Math.sqrt(Math.max(deltaH, 0));
  const hr = smoothRule(q);
  let phi2 = 0, phiMean = 0, phiPrime2 = 0;
  for (let k = 0; k < hr.size; k++) {
    const x = sh * hr.nodes[k], w = hr.weights[k];
    const f = gatedPhi(p, x), d = gatedPhiPrime(p, x);
    phi2 += w * f * f;
    phiMean += w * f;
    phiPrime2 += w * d * d;
  }
  return { phi2, phiMean, phiPrime2 };
}

/** ⟨φ²⟩ over h ~ N(0, Δ_h) (the same sum, bit for bit, as `smoothMoments`). */
function phiSquare(p: GatedParameters, deltaH: number, q: ResolvedQuadrature): number {
  const sh = Math.sqrt(Math.max(deltaH, 0));
  const hr = smoothRule(q);
  let phi2 = 0;
  for (let k = 0; k < hr.size; k++) {
    const f = gatedPhi(p, sh * hr.nodes[k]);
    phi2 += hr.weights[k] * f * f;
  }
  return phi2;
}

/**
 * The fixed-point map of [GATE-FP-1], M(Δ_h) = ⟨φ²⟩_{Δ_h} · ⟨σ_r²⟩_{Δ_r}, Δ_r = ⟨φ²⟩_{Δ_h}; its
 * roots M(Δ_h) = Δ_h are the fixed points.
 */
export function gatedFixedPointMap(p: GatedParameters, deltaH: number, q: ResolvedQuadrature = resolveQuadrature()): number {
  const phi2 = phiSquare(p, deltaH, q);
  const sr = Math.sqrt(phi2);
  return phi2 * gateMomentSums(gateRule(p.alpha_r * sr, q), sr, p.alpha_r, p.beta_r).square;
}

/** Γ of [GATE-RMT-4] from site moments: ⟨φ′²⟩[⟨σ_r²⟩ + ⟨φ²⟩⟨σ_r′²⟩]. */
export function stabilityFunctionalOf(m: GatedSiteMoments): number {
  return m.phiPrime2 * (m.sigmaR2 + m.phi2 * m.sigmaRPrime2);
}

/**
 * |g_h² s_r² − 1| below which a parameter set counts as on the origin line [GATE-TR-1] to round-off:
 * computed g_h² s_r² − 1 carries the rounding of s_r = σ(−β_r) and of three products, a few
 * 1e-16, so 1e-14 (~45 ulps of 1) is above that with margin and far below any intended offset.
 */
const ORIGIN_LINE_ROUNDOFF = 1e-14;

/**
 * g(Δ_h) whose roots are the fixed points, for the bracketed solve of {@link gatedFixedPoint}:
 * M(Δ_h)/Δ_h − 1 when β_h = 0 (the trivial root Δ_h = 0 divided out; g(0) = g_h² s_r² − 1 exactly,
 * the origin line [GATE-TR-1], [GATE-TR-3]), else M(Δ_h) − Δ_h.
 */
function rootFunction(p: GatedParameters, q: ResolvedQuadrature): (d: number) => number {
  const sr = gatedRestingGate(p.beta_r);
  const origin = p.g_h * p.g_h * sr * sr - 1;
  if (p.beta_h === 0) return (d) => (d === 0 ? origin : gatedFixedPointMap(p, d, q) / d - 1);
  return (d) => gatedFixedPointMap(p, d, q) - d;
}

/**
 * Bracket the root of g that the damped iteration was moving to from x (g(x) < 0: the first sign
 * change below x, by halving down to x·2^{−40} and then by factors 2^{−8} to 1e-280 and finally 0;
 * g(x) > 0: the first one above, by doubling up to 2, where g < 0 because M ≤ 1), then refine it
 * with Brent (relative tolerance 4ε). Returns the root and the evaluations spent. A root pair closer
 * than the scan step is not resolved (the scan keeps the iteration's root in every other case).
 * β_h = 0 with g < 0 all the way down to g(0): the root is the trivial one, Δ_h = 0.
 */
function bracketedRoot(g: (d: number) => number, x: number): { root: number; evaluations: number } {
  const gx = g(x);
  let evaluations = 1;
  if (gx === 0) return { root: x, evaluations };
  let a = x, ga = gx;
  let b = x, gb = gx;
  if (gx < 0) {
    for (let k = 1; ; k++) {
      b = a; gb = ga;
      a = k > 40 ? b * 2 ** -8 : b / 2;
      if (a < 1e-280) a = 0;
      ga = g(a);
      evaluations++;
      if (!(ga < 0) || a === 0) break;
    }
    if (ga < 0) return { root: 0, evaluations };
  } else {
    for (;;) {
      a = b; ga = gb;
      b = a >= 1 ? 2 : Math.min(2 * a, 1) || 1e-280;
      gb = g(b);
      evaluations++;
      if (!(gb > 0) || b === 2) break;
    }
  }
  if (ga === 0) return { root: a, evaluations };
  if (gb === 0) return { root: b, evaluations };
  const r = brent(g, a, b, { xtol: 1e-300, rtol: 4 * Number.EPSILON, maxIterations: 400 });
  return { root: r.root, evaluations: evaluations + r.evaluations };
}

/**
 * Site moments at the fixed point Δ_h (Δ_z = Δ_r = ⟨φ²⟩_{Δ_h}) and the residual |M(Δ_h) − Δ_h|
 * from them: the same operations in the same order as {@link gatedFixedPointMap} followed by
 * {@link gatedSiteMoments}, so both are bit for bit what those give, with ⟨φ²⟩ and ⟨σ_r²⟩ summed once.
 */
function fixedPointMoments(p: GatedParameters, deltaH: number, q: ResolvedQuadrature): { deltaR: number; moments: GatedSiteMoments; residual: number } {
  const { phi2, phiMean, phiPrime2 } = smoothMoments(p, deltaH, q);
  const sr = Math.sqrt(Math.max(phi2, 0));
  const r = gateMomentSums(gateRule(p.alpha_r * sr, q), sr, p.alpha_r, p.beta_r);
  const z = gateMomentSums(gateRule(p.alpha_z * sr, q), sr, p.alpha_z, p.beta_z);
  const moments = { phi2, phiMean, phiPrime2, sigmaR2: r.square, sigmaRPrime2: r.primeSquare, sigmaZMean: z.mean };
  return { deltaR: phi2, moments, residual: Math.abs(phi2 * r.square - deltaH) };
}

/**
 * Solve [GATE-FP-1] for Δ_h: damped iteration Δ_h ← (1 − d)Δ_h + d·M(Δ_h) from `initialDeltaH`, and,
 * where the iteration slows down, a bracketed root solve of the same equation.
 *
 * For β_h = 0, Δ_h = 0 is always a solution; from the default start the iteration finds the
 * non-zero attracting root if there is one and otherwise collapses to 0 (returned with
 * deltaH ≈ 0). Use `gatedBranchPoint` in transitions.ts for the unstable (subcritical) roots,
 * which damped iteration cannot reach.
 *
 * Critical slowing down: near the origin line g_h = 1 + e^{β_r} ([GATE-TR-1]) M′(Δ_h) → 1 and the
 * iteration converges algebraically (exactly on the line, Δ_n ~ 1/n: ~10⁷ steps to a 1e-13
 * residual). Once the step ratio |s_n/s_{n−1}| exceeds `slowRate` (after `minIterations` steps), or
 * the budget is spent, the root the iteration is moving to is bracketed from the current iterate
 * and refined by Brent on g(Δ_h) = M(Δ_h)/Δ_h − 1 (β_h = 0: the trivial root divided out, g(0) =
 * g_h² s_r² − 1 exactly) or M(Δ_h) − Δ_h (β_h ≠ 0). On the origin line with a supercritical branch
 * ([GATE-TR-4], κ < 2) the result is the trivial fixed point Δ_h = 0 with residual 0; just above it
 * the small root Δ_h ≈ (1 − 1/(g_h s_r)²)/((2 − κ)g_h²) of [GATE-TR-3]. The residual returned is
 * always |M(Δ_h) − Δ_h| recomputed at the returned Δ_h, and must be below tol·max(1, Δ_h).
 *
 * `warnings`: 'quadrature-insufficient' (`gateRuleWarnings` of quadrature.ts, [NUM-2], [NUM-REF-2])
 * when the output-gate rule at (α_r√Δ_r, β_r) or the update-gate rule at (α_z√Δ_z, β_z) was capped
 * at `maxSharpPoints` below the requested `pointsPerWidth`, or has fewer than 1.5 nodes per gate
 * width (the default of numerics `gateRuleWarning`: a pinned rule, `adaptive: false`), where the
 * transition carries probability; empty otherwise.
 *
 * @throws ConvergenceError when neither the iteration nor the bracketed solve reaches the tolerance;
 *   NonPhysicalError for a negative variance.
 */
export function gatedFixedPoint(params: Readonly<Partial<GatedParameters>>, options: GatedFixedPointOptions = {}): GatedFixedPointResult {
  const p = resolveGatedParameters(params);
  const initialDeltaH = checkFinite('initialDeltaH', options.initialDeltaH ?? 1, 0, 1e6);
  const damping = checkFinite('damping', options.damping ?? 0.5, 1e-6, 1);
  const tol = checkFinite('tol', options.tol ?? 1e-13, 0, 1);
  const maxIterations = checkInteger('maxIterations', options.maxIterations ?? 10000, 1, 1e8);
  const slowRate = checkFinite('slowRate', options.slowRate ?? 0.9, 0, 1);
  const minIterations = checkInteger('minIterations', options.minIterations ?? 20, 1, 1e8);
  const q = resolveQuadrature(options.quadrature);
  let dH = initialDeltaH;
  let residual = Infinity;
  let it = 0;
  let lastStep = 0;
  let slow = false;
  while (it < maxIterations) {
    it++;
    const target = gatedFixedPointMap(p, dH, q);
    const step = target - dH;
    residual = Math.abs(step);
    dH = (1 - damping) * dH + damping * target;
    if (residual < tol * Math.max(1, dH)) break;
    if (it >= minIterations && Math.abs(step) > slowRate * Math.abs(lastStep)) { slow = true; break; }
    lastStep = step;
  }
  let method: GatedFixedPointResult['method'] = 'damped-iteration';
  // The loop's residual belongs to the iterate before the last damped step; report the one at the
  // returned Δ_h (computed with the site moments there), and fall through to the bracket if it misses
  // the tolerance.
  let at: ReturnType<typeof fixedPointMoments> | null = null;
  if (residual < tol * Math.max(1, dH)) {
    at = fixedPointMoments(p, dH, q);
    residual = at.residual;
  }
  if (!(residual < tol * Math.max(1, dH))) {
    // Critical slowing down or an exhausted budget: bracket the root the iteration moves to.
    const start = Math.max(dH, 0);
    const g = rootFunction(p, q);
    const b = bracketedRoot(g, start);
    dH = b.root;
    // On the origin line to round-off (|g(0)| = |g_h² s_r² − 1| ≤ 1e-14) a root Δ_h below
    // √1e-14 = 1e-7 is the quadrature's rounding, not a branch: Σw ≠ 1 by ~1e-16 moves g(0⁺) off g(0),
    // which shifts the root by ~1e-16/|g′(0)|, and by ~1e-8 at κ = 2 [GATE-TR-3], where g ∝ Δ_h².
    // Report the exact trivial root, whose residual M(0) − 0 is exactly 0.
    if (p.beta_h === 0 && Math.abs(g(0)) <= ORIGIN_LINE_ROUNDOFF && dH < Math.sqrt(ORIGIN_LINE_ROUNDOFF)) dH = 0;
    it += b.evaluations;
    at = fixedPointMoments(p, dH, q);
    residual = at.residual;
    method = 'bracketed-root';
    if (!(residual < tol * Math.max(1, dH))) throw new ConvergenceError('gated fixed point [GATE-FP-1]', residual, it, { damping, tol, maxIterations, slowRate, slow: String(slow) });
  }
  if (dH < 0) throw new NonPhysicalError('Δ_h', dH, 'variances are non-negative');
  if (at === null) throw new Error('gatedFixedPoint: internal error, no moments at the returned Δ_h'); // unreachable: set on both paths above
  const { deltaR, moments } = at;
  const stabilityFunctional = stabilityFunctionalOf(moments);
  const sd = Math.sqrt(deltaR);
  const rRule = gateRule(p.alpha_r * sd, q), zRule = gateRule(p.alpha_z * sd, q);
  const log = new WarningLog();
  log.add(gateRuleWarnings(`gatedFixedPoint: output gate ⟨σ_r²⟩, ⟨σ_r′²⟩ at Δ_r = ${deltaR.toPrecision(6)}`, p.alpha_r * sd, p.beta_r, q));
  log.add(gateRuleWarnings(`gatedFixedPoint: update gate ⟨σ_z⟩ at Δ_z = ${deltaR.toPrecision(6)}`, p.alpha_z * sd, p.beta_z, q));
  return {
    deltaH: dH,
    deltaZ: deltaR,
    deltaR,
    moments,
    stabilityFunctional,
    stable: stabilityFunctional < 1,
    converged: true,
    residual,
    iterations: it,
    method,
    settings: {
      initialDeltaH, damping, tol, maxIterations, slowRate, minIterations, quadrature: q,
      rules: { smooth: describeRule(smoothRule(q)), r: describeRule(rRule), z: describeRule(zRule) },
    },
    warnings: log.list(),
  };
}
