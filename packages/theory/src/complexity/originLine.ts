/**
 * The origin instability line of the GRU phase diagram, [KR-11] (from [GRU-LIM-1]), β_h = 0:
 * ```
 * spec(J₀) = disk centred at −s₀ with radius s₀ρ₀g_h,     ρ₀ = σ(0; α_r, β_r) = 1/(1 + e^{β_r})
 * origin stable  ⇔  g_h ρ₀ < 1  ⇔  g_h < 1 + e^{β_r}          (g_h = 2 at β_r = 0)
 * ```
 * On this line the trivial root C = 0 of [GRU-MF-2] exchanges stability with a nontrivial branch
 * (E(0⁺) = g_h²ρ₀² − 1 in the branch form of `branchEquation.ts`): in the continuous regime of
 * [KR-13] the nontrivial branch is born here; in the discontinuous regime the lower branch ends here.
 *
 * Closed form: no numerical choices. The update gate only rescales the disk (s₀) and does not enter.
 *
 * @module
 */
import { InvalidParameterError, checkFinite, logistic } from '@gatefield/numerics';
import type { GruParameters } from '../gru/meanField.js';

/** ρ₀ = σ(0; α_r, β_r) = 1/(1 + e^{β_r}) ([KR-12]); independent of α_r. */
export function resetAtOrigin(beta_r: number): number {
  return logistic(-checkFinite('beta_r', beta_r));
}

/** g_h on the origin line [KR-11]: g_c(β_r) = 1 + e^{β_r}. */
export function originInstabilityGain(beta_r: number): number {
  return 1 + Math.exp(checkFinite('beta_r', beta_r, -Infinity, 700, '(-inf, 700] (1 + e^β_r must be finite)'));
}

/** The origin line [KR-11] at one parameter point. */
export interface OriginLineResult {
  /** ρ₀ = 1/(1 + e^{β_r}) */
  rho0: number;
  /** g_h ρ₀ − 1: negative ⇔ origin stable */
  margin: number;
  /** g_h < 1 + e^{β_r} */
  stable: boolean;
  /** 1 + e^{β_r} */
  criticalGain: number;
}

/**
 * Stability of the origin [KR-11], [GRU-LIM-1].
 *
 * @throws {InvalidParameterError} if β_h ≠ 0 (then h = 0 is not a fixed point, [GRU-MF-4]).
 */
export function originLine(p: Pick<GruParameters, 'g_h' | 'beta_r' | 'beta_h'>): OriginLineResult {
  if (p.beta_h !== 0) throw new InvalidParameterError('beta_h', p.beta_h, '0 (the origin is a fixed point only without candidate bias)');
  const rho0 = resetAtOrigin(p.beta_r);
  const margin = checkFinite('g_h', p.g_h, 0) * rho0 - 1;
  return { rho0, margin, stable: margin < 0, criticalGain: originInstabilityGain(p.beta_r) };
}

/** The origin line g_h = 1 + e^{β_r} sampled at the given β_r values (a polyline in the (β_r, g_h) plane). */
export function originLineCurve(betaR: readonly number[]): { beta_r: number; g_h: number }[] {
  return betaR.map((b) => ({ beta_r: b, g_h: originInstabilityGain(b) }));
}
