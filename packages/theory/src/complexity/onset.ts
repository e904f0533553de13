/**
 * Onset of nontrivial GRU fixed points at β_h = 0: the small-C expansion of the reset moment
 * [KR-12], the continuous-versus-discontinuous criterion [KR-13] and its threshold [KR-14].
 *
 * ```
 * [KR-12]  R₂(C) ≈ ρ₀² + C·R₂′(0),   R₂′(0) = σ′(0)² + σ(0)σ″(0) = α_r² ρ₀² (1 − ρ₀)(2 − 3ρ₀)
 * [KR-13]  κ := α_r² (1 − ρ₀)(2 − 3ρ₀);   κ < 2 continuous (supercritical), κ > 2 discontinuous
 * [KR-14]  β_r = 0 (ρ₀ = 1/2):  α_r > 2√2
 * ```
 * Derivation used for {@link onsetExpansion} (checkable): with Δ = g_h²C R₂(C) and
 * ⟨tanh²(√Δ x)⟩ = Δ − 2Δ² + O(Δ³) (tanh²y = y² − ⅔y⁴ + …, ⟨x⁴⟩ = 3),
 * ```
 * RHS(C) − C = (γ − 1) C + (γ κ − 2γ²) C² + O(C³),          γ := g_h² ρ₀²
 * ```
 * On the origin line γ = 1 the quadratic coefficient is κ − 2: if positive, RHS > C just above
 * C = 0 while the origin is still marginal, so the nontrivial roots come from a saddle-node below
 * the line ([KR-15]); if negative, the branch bifurcates continuously from C = 0 on the line with
 * C ≈ (γ − 1)/(2γ² − γκ).
 *
 * Closed forms throughout; {@link resetMomentSlope} evaluates R₂′(C) by quadrature for any C.
 *
 * @module
 */
import { checkFinite } from '@gatefield/numerics';
import type { GruParameters } from '../gru/meanField.js';
import { type QuadratureOptions, type ResolvedQuadrature } from '../quadrature.js';
import { branchEquation } from './branchEquation.js';
import { resetAtOrigin } from './originLine.js';

/** Type of the onset of nontrivial fixed points [KR-13]. */
export type OnsetType = 'continuous' | 'discontinuous' | 'critical';

/** Result of {@link onsetCriterion}. */
export interface OnsetCriterion {
  /** ρ₀ = 1/(1 + e^{β_r}) */
  rho0: number;
  /** κ = α_r²(1 − ρ₀)(2 − 3ρ₀) */
  kappa: number;
  /** R₂′(0) = α_r²ρ₀²(1 − ρ₀)(2 − 3ρ₀) = κρ₀² ([KR-12]) */
  resetSlope: number;
  /** 2 ([KR-13]) */
  threshold: 2;
  /** 'critical' when |κ − 2| ≤ tolerance */
  type: OnsetType;
  /** α_r at which κ = 2 for this β_r (null when (1 − ρ₀)(2 − 3ρ₀) ≤ 0: always continuous, no threshold) */
  alphaThreshold: number | null;
}

/**
 * [KR-12]–[KR-14] at (α_r, β_r).
 *
 * @param tolerance |κ − 2| below which the type is 'critical'. Default 1e-12 (rounding of κ).
 */
export function onsetCriterion(alpha_r: number, beta_r: number, tolerance = 1e-12): OnsetCriterion {
  checkFinite('alpha_r', alpha_r, 0, Infinity);
  const rho0 = resetAtOrigin(beta_r);
  // (1 − ρ₀) = σ(0; α, −β) without cancellation ([NUM-4])
  const c = resetAtOrigin(-beta_r);
  const shape = c * (2 - 3 * rho0);
  const kappa = alpha_r * alpha_r * shape;
  const type: OnsetType = Math.abs(kappa - 2) <= tolerance ? 'critical' : kappa > 2 ? 'discontinuous' : 'continuous';
  return { rho0, kappa, resetSlope: kappa * rho0 * rho0, threshold: 2, type, alphaThreshold: finiteOrNull(subcriticalThreshold(beta_r)) };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** α_r* with κ = 2 [KR-13]: √(2/((1 − ρ₀)(2 − 3ρ₀))); 2√2 at β_r = 0 [KR-14]; ∞ if ρ₀ ≥ 2/3. */
export function subcriticalThreshold(beta_r: number): number {
  const rho0 = resetAtOrigin(beta_r);
  const shape = resetAtOrigin(-beta_r) * (2 - 3 * rho0);
  return shape > 0 ? Math.sqrt(2 / shape) : Infinity;
}

/** The threshold line α_r*(β_r) of [KR-PD] in the (β_r, α_r) plane, sampled at the given β_r. */
export function subcriticalThresholdCurve(betaR: readonly number[]): { beta_r: number; alpha_r: number }[] {
  return betaR.map((b) => ({ beta_r: b, alpha_r: subcriticalThreshold(b) }));
}

/** Coefficients of RHS(C) − C = c₁C + c₂C² + O(C³) at β_h = 0 (module comment). */
export interface OnsetExpansion {
  /** γ = g_h²ρ₀² */
  gamma: number;
  /** c₁ = γ − 1 */
  linear: number;
  /** c₂ = γκ − 2γ² */
  quadratic: number;
  /** Small-amplitude root −c₁/c₂ when it is positive and the expansion applies, else null. */
  smallRoot: number | null;
}

/** The small-C expansion of the mean-field equation (module comment). */
export function onsetExpansion(p: Pick<GruParameters, 'g_h' | 'alpha_r' | 'beta_r'>): OnsetExpansion {
  const { rho0, kappa } = onsetCriterion(p.alpha_r, p.beta_r);
  const gamma = p.g_h * p.g_h * rho0 * rho0;
  const linear = gamma - 1;
  const quadratic = gamma * kappa - 2 * gamma * gamma;
  const r = -linear / quadratic;
  return { gamma, linear, quadratic, smallRoot: r > 0 && Number.isFinite(r) ? r : null };
}

/** R₂(C) and R₂′(C) = ⟨σ′² + σσ″⟩_C by quadrature (the exact counterpart of [KR-12]). */
export function resetMomentSlope(C: number, p: GruParameters, quadrature: QuadratureOptions | ResolvedQuadrature = {}): { R2: number; dR2dC: number } {
  const e = branchEquation(C, p, quadrature);
  return { R2: e.R2, dR2dC: e.dR2dC };
}
