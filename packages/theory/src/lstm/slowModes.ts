/**
 * Slow modes of the LSTM: eigenvalues near λ = 0 against the fraction of forget gates near 1
 * ([LSTM-RMT-3], [OQ-15], [OQ-18]).
 *
 * The poles −(1 − f_i) of det(λ + 1 − F) ([LSTM-RMT-1]) belong to the support; a unit whose forget
 * gate is near 1 has 1 − f_i ≈ 0 and, typically, a cell value c = iφ(u_c)/(1 − f) so large that
 * φ′(c) ≈ 0 decouples it (Y_i = 0 in density.ts): it contributes exactly one eigenvalue at −(1 − f_i).
 * Hence
 * ```
 * #{ |λ| < δ } / N  ≈  P(1 − f < δ) = Φ_N( (logit δ − β_f) / (α_f √C) )
 * ```
 * (1 − f = σ(−u_f; α_f, −β_f) < δ ⇔ u_f > (β_f − logit δ)/α_f, u_f ~ N(0, C)). The count is divided
 * by N, not by the 2N eigenvalues ([OQ-18]). The exact N → ∞ value is the Ψ-formula mass of the
 * disk |λ| ≤ δ ([LSTM-RMT-5]) times 2; it exceeds P(1 − f < δ) by the bulk mass in the disk (the
 * bulk covers λ = 0 when Γ² > 1) and by coupled units.
 *
 * Finite-N comparison ([OQ-15]): the population value P(1 − f < δ) is compared with a count over
 * N units, whose counting noise is binomial, sd = √(P(1 − P)/N) (≈ 0.011 at P = 0.22, N = 1500:
 * the recorded 0.2133 = 320/1500 is −0.9 sd from the population 0.2230).
 */
import { checkFinite, InvalidParameterError, normalCdf } from '@gatefield/numerics';
import type { ContourMassOptions } from '../rmt/contourMass.js';
import { type LstmDensitySites, type LstmRootOptions, lstmDiskMasses } from './density.js';
import type { LstmParameters } from './model.js';

/**
 * P(1 − f < δ) under the MF law u_f ~ N(0, C) ([LSTM-MF-1]); for α_f = 0 or C = 0 the forget gate
 * is the constant f₀ and the probability is 1 or 0.
 */
export function slowForgetProbability(delta: number, C: number, p: Pick<LstmParameters, 'alpha_f' | 'beta_f'>): number {
  checkFinite('delta', delta, 0, 1);
  checkFinite('C', C, 0, 1);
  checkFinite('alpha_f', p?.alpha_f, 0, 1000);
  checkFinite('beta_f', p?.beta_f, -50, 50);
  if (delta === 0) return 0;
  if (delta === 1) return 1;
  const logit = Math.log(delta) - Math.log1p(-delta);
  if (p.alpha_f === 0 || C === 0) return 1 / (1 + Math.exp(-p.beta_f)) < delta ? 1 : 0;
  return normalCdf((logit - p.beta_f) / (p.alpha_f * Math.sqrt(C)));
}

/** Binomial counting noise √(P(1 − P)/N) of a fraction P counted over N units ([OQ-15], [NUM-14]). */
export function countingNoise(P: number, n: number): number {
  checkFinite('P', P, 0, 1);
  if (typeof n !== 'number' || !(n >= 1) || !Number.isFinite(n)) throw new InvalidParameterError('n', n, '[1, inf)');
  return Math.sqrt(Math.max(P * (1 - P), 0) / n);
}

/** Result of {@link lstmSlowModes}. */
export interface LstmSlowModes {
  delta: number;
  /** P(1 − f < δ) (population, [OQ-15]). */
  probability: number;
  /** Ψ-formula mass of |λ| ≤ δ as a fraction of all 2N eigenvalues ([LSTM-RMT-5]). */
  massOver2N: number;
  /** The same mass as a count per N (= 2 × massOver2N): the quantity compared with P(1 − f < δ). */
  countPerN: number;
  /** countPerN − probability: the bulk and coupled-unit excess. */
  excess: number;
  normalisation: 'countPerN is #{|λ| < δ}/N; massOver2N is #{|λ| < δ}/(2N)';
  converged: true;
  errorEstimate: number;
}

/** Slow-mode count per N from the density ([LSTM-RMT-5]) and P(1 − f < δ) ([OQ-15]). */
export function lstmSlowModes(
  sites: LstmDensitySites,
  C: number,
  p: Pick<LstmParameters, 'alpha_f' | 'beta_f'>,
  delta = 0.02,
  options: { contour?: ContourMassOptions; root?: LstmRootOptions } = {},
): LstmSlowModes {
  checkFinite('delta', delta, 0, 1);
  if (!(delta > 0)) throw new InvalidParameterError('delta', delta, '(0, 1]');
  const probability = slowForgetProbability(delta, C, p);
  const [m] = lstmDiskMasses(sites, [{ re: 0, im: 0, r: delta }], options);
  return {
    delta,
    probability,
    massOver2N: m.mass,
    countPerN: 2 * m.mass,
    excess: 2 * m.mass - probability,
    normalisation: 'countPerN is #{|λ| < δ}/N; massOver2N is #{|λ| < δ}/(2N)',
    converged: true,
    errorEstimate: m.errorEstimate,
  };
}
