/**
 * Closed-form special cases and limits of the GRU ([GRU-LIM-1]–[GRU-LIM-9], [GRU-RMT-6]).
 */
import { checkFinite, InvalidParameterError, logistic, normalCdf, normalQuantile } from '@gatefield/numerics';
import type { GruParameters } from './meanField.js';

/** The origin fixed point (β_h = 0) and its spectrum [GRU-MF-4], [GRU-LIM-1]. */
export interface GruOrigin {
  /** s₀ = 1/(1 + e^{β_z}) */
  s0: number;
  /** ρ₀ = 1/(1 + e^{β_r}) */
  rho0: number;
  /** spec(J₀) = disk centred at −s₀ with radius s₀ρ₀g_h */
  center: number;
  radius: number;
  /** g_h ρ₀ < 1 ⇔ g_h < 1 + e^{β_r} */
  stable: boolean;
}

/** [GRU-LIM-1] — J₀ = s₀(−1 + ρ₀U_h), a disk centred at −s₀ with radius s₀ρ₀g_h. */
export function gruOrigin(p: GruParameters): GruOrigin {
  if (p.beta_h !== 0) {
    throw new InvalidParameterError('beta_h', p.beta_h, '0 (the origin is a fixed point only without candidate bias)');
  }
  const s0 = logistic(-p.beta_z);
  const rho0 = logistic(-p.beta_r);
  return { s0, rho0, center: -s0, radius: s0 * rho0 * p.g_h, stable: p.g_h * rho0 < 1 };
}

/**
 * [GRU-LIM-2] — gates off (α_z = α_r = 0) is the vanilla network [VAN-1] with time constant 1/s₀
 * and gain g_h ρ₀; [GRU-RMT-6]: with the reset gate off, Γ² → g_h² ρ₀² ⟨φ′²⟩.
 */
export function gruVanillaLimit(p: GruParameters): { gain: number; timeConstant: number; s0: number; rho0: number } {
  const s0 = logistic(-p.beta_z);
  const rho0 = logistic(-p.beta_r);
  return { gain: p.g_h * rho0, timeConstant: 1 / s0, s0, rho0 };
}

/** How the saturated update-gate limit α_z → ∞ is taken ([OQ-3]). */
export type SaturationLimit = 'fixed-bias' | 'fixed-threshold';

/**
 * [GRU-LIM-3] — fraction p₁ of open update gates as α_z → ∞: 1/2 at fixed β_z, and
 * 1 − Φ_N(θ/√C) at fixed threshold θ = β_z/α_z.
 */
export function openGateFraction(C: number, p: Pick<GruParameters, 'alpha_z' | 'beta_z'>, limit: SaturationLimit = 'fixed-bias'): number {
  if (limit === 'fixed-bias') return 0.5;
  checkFinite('C', C, 0, 1);
  checkFinite('alpha_z', p.alpha_z, 0);
  checkFinite('beta_z', p.beta_z);
  if (p.alpha_z === 0) throw new InvalidParameterError('alpha_z', 0, '(0, 1000] (the threshold β_z/α_z needs α_z > 0)');
  if (C === 0) return p.beta_z / p.alpha_z < 0 ? 1 : p.beta_z > 0 ? 0 : 0.5;
  return 1 - normalCdf(p.beta_z / p.alpha_z / Math.sqrt(C));
}

/** [GRU-LIM-4] — spec(J*) → (1 − p₁) δ(λ) + p₁ · disk{|λ + 1| ≤ √p₁ Γ}. */
export function saturatedSpectrum(gamma2: number, p1: number): { zeroMass: number; diskWeight: number; diskCenter: number; diskRadius: number } {
  checkFinite('gamma2', gamma2, 0);
  checkFinite('p1', p1, 0, 1);
  return { zeroMass: 1 - p1, diskWeight: p1, diskCenter: -1, diskRadius: Math.sqrt(p1 * gamma2) };
}

/**
 * [GRU-LIM-6] — leading-order pinching asymptotics of the abscissa at large α_z,
 * log x* ≈ α_z √C Φ_N⁻¹(1 − Γ⁻²) − β_z. Meaningful for Γ² > 1.
 */
export function pinchingLogAbscissa(C: number, gamma2: number, alpha_z: number, beta_z: number): number {
  checkFinite('gamma2', gamma2, 1, Infinity, '(1, inf) (pinching needs Γ > 1)');
  return alpha_z * Math.sqrt(C) * normalQuantile(1 - 1 / gamma2) - beta_z;
}

/** [GRU-LIM-7] — when p₁Γ² > 1 the abscissa tends to √p₁Γ − 1 > 0 as α_z → ∞. */
export function saturatedAbscissa(gamma2: number, p1: number): number {
  return Math.sqrt(p1 * gamma2) - 1;
}

/** Stability class of a fixed point under a saturating update gate ([GRU-LIM-8], [KR-17]). */
export type StabilityClass = 'stable' | 'marginal' | 'unstable';

/**
 * [GRU-LIM-8] — Γ < 1 stable for every α_z; 1 < Γ² < 1/p₁ marginally stable as α_z → ∞ (the
 * unstable part is pinched into the origin); Γ² > 1/p₁ unstable.
 */
export function marginalStabilityClass(gamma2: number, p1: number): StabilityClass {
  checkFinite('gamma2', gamma2, 0);
  checkFinite('p1', p1, 0, 1);
  if (gamma2 < 1) return 'stable';
  return gamma2 * p1 < 1 ? 'marginal' : 'unstable';
}

/**
 * [GRU-LIM-9] — fraction of eigenvalues with |λ| < δ ≈ P(s < δ) =
 * Φ_N((logit δ + β_z)/(α_z √C)). Rough estimate; the SCBA mass is exact ([GRU-SCBA-6]).
 */
export function slowModeFraction(delta: number, C: number, alpha_z: number, beta_z: number): number {
  checkFinite('delta', delta, 0, 1);
  checkFinite('C', C, 0, 1);
  checkFinite('alpha_z', alpha_z, 0);
  checkFinite('beta_z', beta_z);
  if (delta === 0) return 0;
  if (delta === 1) return 1;
  const logit = Math.log(delta) - Math.log1p(-delta);
  if (alpha_z === 0 || C === 0) {
    return logistic(-beta_z) < delta ? 1 : 0;
  }
  return normalCdf((logit + beta_z) / (alpha_z * Math.sqrt(C)));
}
