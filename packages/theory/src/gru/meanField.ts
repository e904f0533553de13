/**
 * Mean-field theory of GRU fixed points ([GRU-MF-1]–[GRU-MF-4]) with every root of the scalar
 * self-consistency equation ([NUM-6]).
 *
 * ```
 * [GRU-MF-1]  C = ⟨h²⟩;  ξ, ζ ~ N(0, C);  η ~ N(β_h, Δ_η),  Δ_η = g_h² C R₂(C);  h = φ(η)
 * [GRU-MF-2]  C = ∫Dx φ(β_h + √(g_h² C R₂(C)) x)²
 * [GRU-MF-3]  R₂(C) = ∫Dy σ(√C y; α_r, β_r)²,   Q_r(C) = ∫Dy σ′(√C y; α_r, β_r)²
 * [GRU-RMT-4] Γ² = g_h² ⟨φ′(η)²⟩ [R₂(C) + C Q_r(C)]
 * ```
 * Fixed points do not depend on the update gate ([GRU-M-5]); its parameters are ignored here.
 */
import { checkFinite, checkInteger, gateWindow, logistic, NonPhysicalError, type NumericsWarning, sech2, WarningLog } from '@gatefield/numerics';
import { orderParameterRoots } from '../orderParameterRoots.js';
import { getModel } from '@gatefield/models';
import { type QuadratureOptions, type ResolvedQuadrature, describeRule, gateRule, gateRuleWarnings, resolveQuadrature, smoothRule } from '../quadrature.js';

/** GRU parameters (names as in the model spec, [GRU-M-3]). */
export interface GruParameters {
  g_h: number;
  beta_h: number;
  alpha_z: number;
  beta_z: number;
  alpha_r: number;
  beta_r: number;
}

/** Validate GRU parameters against the spec ranges (throws InvalidParameterError). */
export function resolveGruParameters(given: Partial<Record<string, unknown>> = {}): GruParameters {
  return getModel('gru').resolve(given).values as unknown as GruParameters;
}

/** Reset-gate moments at C [GRU-MF-3]. */
export interface ResetMoments {
  /** R₂(C) = ⟨ρ²⟩ */
  R2: number;
  /** Q_r(C) = ⟨σ′_r²⟩ */
  Qr: number;
}

/** R₂(C) and Q_r(C) [GRU-MF-3]; σ′ = α σ(t)σ(−t) without cancellation ([NUM-4]). */
export function resetMoments(C: number, alpha_r: number, beta_r: number, quadrature: QuadratureOptions | ResolvedQuadrature = {}): ResetMoments {
  const q = resolveQuadrature(quadrature);
  const sd = Math.sqrt(C);
  const rule = gateRule(alpha_r * sd, q);
  const { nodes, weights } = rule;
  // Only the window |α_r√C x − β_r| ≤ 40 contributes beyond ~2e-35·α_r² (above it ρ = 1 exactly);
  // on the 4·10⁵-point sharp-gate grid this is ~10³ points ([NUM-2], numerics gateWindow).
  const win = gateWindow(rule, alpha_r * sd, beta_r);
  let R2 = 0;
  let Qr = 0;
  for (let k = win.lo; k < win.hi; k++) {
    const t = alpha_r * sd * nodes[k] - beta_r;
    const rho = logistic(t);
    const dr = alpha_r * rho * logistic(-t);
    R2 += weights[k] * rho * rho;
    Qr += weights[k] * dr * dr;
  }
  R2 += win.weightAbove;
  return { R2, Qr };
}

/** Right-hand side of [GRU-MF-2] at C. */
export function gruMeanFieldRhs(C: number, p: GruParameters, quadrature: QuadratureOptions | ResolvedQuadrature = {}): number {
  const q = resolveQuadrature(quadrature);
  const { R2 } = resetMoments(C, p.alpha_r, p.beta_r, q);
  const sd = Math.sqrt(p.g_h * p.g_h * C * R2);
  const { nodes, weights } = smoothRule(q);
  let acc = 0;
  for (let k = 0; k < nodes.length; k++) {
    const t = Math.tanh(p.beta_h + sd * nodes[k]);
    acc += weights[k] * t * t;
  }
  // ⟨tanh²⟩ ≤ 1 exactly; at |β_h| ≳ 20 every tanh² rounds to 1 and Σw_k = 1 + O(1e-16) would put
  // the root just above C = 1 (found by fuzzing at β_h = ±50). Clamp so C = 1 is an exact root.
  return Math.min(acc, 1);
}

/** One root of [GRU-MF-2] with the quantities derived from it. */
export interface GruMeanFieldRoot {
  /** C = ⟨h²⟩ */
  C: number;
  /** 'trivial' (C = 0, β_h = 0), else nontrivial roots ordered by C: 'lower' / 'upper' when two. */
  branch: 'trivial' | 'single' | 'lower' | 'upper' | 'other';
  /** Δ_η = g_h² C R₂(C): variance of η [GRU-MF-1] */
  deltaEta: number;
  R2: number;
  Qr: number;
  /** ⟨φ′(η)²⟩ over η ~ N(β_h, Δ_η) */
  phiPrime2: number;
  /** Γ² [GRU-RMT-4] */
  gamma2: number;
  /** Γ² without the reset-derivative term (C·Q_r dropped; d ≡ 0) */
  gamma2NoResetDerivative: number;
  /** Stable as a fixed point of the ungated flow: spec(−1 + ∂η/∂h·Φ′) ⊂ |λ+1| ≤ Γ, so Γ < 1 ([KR-7]). */
  stableUngated: boolean;
  /** |RHS(C) − C| at the root */
  residual: number;
  iterations: number;
}

/** Options of {@link solveGruMeanField}. */
export interface GruMeanFieldOptions {
  quadrature?: QuadratureOptions;
  /** Scan grid [scanMin, 1] on a log scale ([NUM-6]). Defaults 1e-7 and 400 points. */
  scanMin?: number;
  scanPoints?: number;
  /** Brent tolerance on C. Default 1e-13. */
  tolerance?: number;
}

/** Result of {@link solveGruMeanField}. */
export interface GruMeanFieldResult {
  roots: GruMeanFieldRoot[];
  converged: true;
  /** Largest residual over roots. */
  residual: number;
  /** Total Brent iterations. */
  iterations: number;
  parameters: GruParameters;
  settings: { quadrature: ResolvedQuadrature; scanMin: number; scanPoints: number; tolerance: number };
  /**
   * Quadrature warnings (numerics warnings.ts): the reset-gate rule at a root resolves σ_r with fewer
   * than 1.5 nodes per gate width (a pinned rule, `adaptive: false`, or a capped `maxSharpPoints`).
   */
  warnings: NumericsWarning[];
}

/** Warnings for the reset-gate rule used at C ([GRU-MF-3], [NUM-REF-2]). */
export function resetRuleWarnings(C: number, p: Pick<GruParameters, 'alpha_r' | 'beta_r'>, q: ResolvedQuadrature): NumericsWarning[] {
  const a = p.alpha_r * Math.sqrt(C);
  const w = gateRuleWarnings(`reset gate R₂, Q_r at C = ${C.toPrecision(6)}`, a, p.beta_r, q);
  return w ? [w] : [];
}

/**
 * Every root of [GRU-MF-2] ([NUM-6]): scan C on a log grid in [scanMin, 1], bracket sign changes of
 * RHS(C) − C, refine with Brent; C = 0 is added exactly when β_h = 0. Roots that touch without a
 * sign change (exactly at a saddle-node) are not resolved by a scan: stay off critical lines or use
 * continuation. Throws NonPhysicalError if a root leaves [0, 1].
 */
export function solveGruMeanField(params: Partial<Record<string, unknown>>, options: GruMeanFieldOptions = {}): GruMeanFieldResult {
  const p = resolveGruParameters(params);
  const q = resolveQuadrature(options.quadrature);
  const scanMin = checkFinite('scanMin', options.scanMin ?? 1e-7, 1e-300, 0.1);
  const scanPoints = checkInteger('scanPoints', options.scanPoints ?? 400, 10, 1e5);
  const tolerance = checkFinite('tolerance', options.tolerance ?? 1e-13, 1e-16, 1e-3);
  const f = (C: number) => gruMeanFieldRhs(C, p, q) - C;
  const found = orderParameterRoots(f, p.beta_h === 0, { scanMin, scanPoints, tolerance });
  const Cs = found.roots;
  const iterations = found.iterations;
  const nontrivial = Cs.filter((c) => c.C > 0).length;
  let rank = 0;
  const roots = Cs.map((c) => {
    const branch: GruMeanFieldRoot['branch'] =
      c.C === 0 ? 'trivial' : nontrivial === 1 ? 'single' : nontrivial === 2 ? (rank++ === 0 ? 'lower' : 'upper') : 'other';
    return gruRootQuantities(c.C, p, q, branch, c.residual, c.iterations);
  });
  const residual = Math.max(...roots.map((r) => r.residual));
  const log = new WarningLog();
  for (const r of roots) log.addAll(resetRuleWarnings(r.C, p, q));
  return { roots, converged: true, residual, iterations, parameters: p, settings: { quadrature: q, scanMin, scanPoints, tolerance }, warnings: log.list() };
}

/**
 * Derived quantities at a given C ([GRU-MF-1], [GRU-MF-3], [GRU-RMT-4]). Throws NonPhysicalError if
 * C ∉ [0, 1] ({@link gruRootFromMoments}).
 */
export function gruRootQuantities(
  C: number,
  p: GruParameters,
  quadrature: QuadratureOptions | ResolvedQuadrature = {},
  branch: GruMeanFieldRoot['branch'] = 'single',
  residual = 0,
  iterations = 0,
): GruMeanFieldRoot {
  const q = resolveQuadrature(quadrature);
  const { R2, Qr } = resetMoments(C, p.alpha_r, p.beta_r, q);
  const deltaEta = p.g_h * p.g_h * C * R2;
  const sd = Math.sqrt(deltaEta);
  const { nodes, weights } = smoothRule(q);
  let phiPrime2 = 0;
  for (let k = 0; k < nodes.length; k++) {
    const d = sech2(p.beta_h + sd * nodes[k]);
    phiPrime2 += weights[k] * d * d;
  }
  return gruRootFromMoments({ C, deltaEta, R2, Qr, phiPrime2 }, p.g_h, branch, residual, iterations);
}

/**
 * A root record from its gate and field moments: Γ² = g_h²⟨φ′²⟩(R₂ + C·Q_r) [GRU-RMT-4], its part
 * without the reset derivative g_h²⟨φ′²⟩R₂ [GRU-MF-3], stability of the ungated linearisation (Γ² < 1).
 * Shared by {@link gruRootQuantities} and the phase-diagram roots (`branchRootQuantities`), which get
 * the moments from the branch equation instead of a second pass over the rules. Throws
 * NonPhysicalError if C ∉ [0, 1] (the one check of both paths).
 */
export function gruRootFromMoments(
  m: { C: number; deltaEta: number; R2: number; Qr: number; phiPrime2: number },
  gH: number,
  branch: GruMeanFieldRoot['branch'],
  residual: number,
  iterations: number,
): GruMeanFieldRoot {
  const { C, R2, Qr, phiPrime2 } = m;
  if (!(C >= 0 && C <= 1)) throw new NonPhysicalError('C', C, 'C = ⟨h²⟩ must lie in [0, 1]');
  const g2 = gH * gH * phiPrime2;
  const gamma2 = g2 * (R2 + C * Qr);
  return {
    C,
    branch,
    deltaEta: m.deltaEta,
    R2,
    Qr,
    phiPrime2,
    gamma2,
    gamma2NoResetDerivative: g2 * R2,
    stableUngated: gamma2 < 1,
    residual,
    iterations,
  };
}

/** Pick a root: 'largest' (default), 'smallest', or all of them. */
export function selectRoots(roots: GruMeanFieldRoot[], which: 'largest' | 'smallest' | 'all' = 'largest'): GruMeanFieldRoot[] {
  if (which === 'all') return roots;
  const sorted = [...roots].sort((a, b) => a.C - b.C);
  return [which === 'largest' ? sorted[sorted.length - 1] : sorted[0]];
}
