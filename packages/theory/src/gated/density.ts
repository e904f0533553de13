/**
 * Eigenvalue density of the (h, r) block of the gated-RNN fixed-point Jacobian from its
 * log-potential [GATE-RMT-7]:
 * ```
 *   density(λ) = (1/2π) ∇²Φ(λ)          (per N: it integrates to 2 over the plane, [OQ-18])
 * ```
 * evaluated as (2/π) ∂_λ̄ G with G = ∂_λΦ (the divergence of the gradient of logPotential.ts), by the
 * central differences of `rmt/density.ts` with step `step` (default 1e-4; for the sampled path, whose
 * G is itself a difference quotient, use ≥ 1e-3 so that the inner rounding error ~1e-8/step stays
 * small). At a bulk edge the density jumps, so it is smeared over ~step there. The result also
 * carries the density normalised over the 2N (h, r) eigenvalues (half the above) and over all 3N
 * (a third of the above; the N z-eigenvalues at −1/τ_z [GATE-RMT-1] are a point mass, not included).
 *
 * @module
 */
import { checkFinite } from '@gatefield/numerics';
import { eigenvalueDensity } from '../rmt/density.js';
import type { GatedSpectralModel } from './logPotential.js';

/** Options of {@link gatedDensity}. */
export interface GatedDensityOptions {
  /** Central-difference step. Default 1e-4 (closed form) / 1e-3 (sampled). */
  step?: number;
}

/** Result of {@link gatedDensity}. */
export interface GatedDensityResult {
  lambda: { re: number; im: number };
  /** (1/2π)∇²Φ: eigenvalues per N per unit area (integrates to 2). */
  density: number;
  /** density/2: a probability density of the 2N (h, r) eigenvalues. */
  densityOver2N: number;
  /** density/3: the continuous part of a probability density of all 3N eigenvalues. */
  densityOver3N: number;
  normalisation: string;
  converged: true;
  residual: number;
  iterations: number;
  seed: number | null;
  settings: { step: number; method: 'closed-form' | 'sampled' };
}

/** (1/2π)∇²Φ at λ = re + i·im for a model from `gatedSpectralModel` ([GATE-RMT-7]). */
export function gatedDensity(model: GatedSpectralModel, re: number, im = 0, options: GatedDensityOptions = {}): GatedDensityResult {
  const step = checkFinite('step', options.step ?? (model.settings.method === 'sampled' ? 1e-3 : 1e-4), 1e-8, 0.1);
  checkFinite('re', re);
  checkFinite('im', im);
  // eigenvalueDensity returns (1/π)∂_λ̄G = (1/4π)∇²Φ and throws NonPhysicalError if clearly negative.
  const d = eigenvalueDensity(model.green, { re, im }, { step }).density;
  const density = 2 * d;
  return {
    lambda: { re, im },
    density,
    densityOver2N: d,
    densityOver3N: density / 3,
    normalisation: '(1/2π)∇²Φ per N (integrates to 2, the (h, r) block); densityOver2N, densityOver3N are probability densities',
    converged: true,
    residual: 0,
    iterations: 0,
    seed: model.seed,
    settings: { step, method: model.settings.method },
  };
}
