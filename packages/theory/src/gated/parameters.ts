/**
 * Parameters of the gated RNN with dynamical gates [GATE-M-1]..[GATE-M-5], validated with the same
 * names and ranges as the model spec `gatedRnnSpec()` of @gatefield/models (g_h ∈ [0, 10], gate gains
 * ∈ [0, 1000], biases ∈ [−50, 50], time constants ∈ [1e-3, 1000]), plus the per-unit functions
 * φ(x) = tanh(g_h x + β_h), φ′ = g_h sech²(g_h x + β_h) [GATE-M-2] and σ_k(x) = σ(x; α_k, β_k)
 * [GATE-M-3], σ_k′ = α_k σ_k(x) σ_k(−x) (complement without cancellation, [NUM-4]).
 *
 * @module
 */
import { InvalidParameterError, describeRange, logistic, sech2 } from '@gatefield/numerics';

/** Gated-RNN parameters (names as in the model spec). */
export interface GatedParameters {
  g_h: number;
  beta_h: number;
  alpha_z: number;
  beta_z: number;
  alpha_r: number;
  beta_r: number;
  tau_h: number;
  tau_z: number;
  tau_r: number;
}

/** Defaults (those of the model spec): g_h = 3, all gate gains and biases 0, all τ = 1. */
export const GATED_DEFAULTS: Readonly<GatedParameters> = {
  g_h: 3, beta_h: 0, alpha_z: 0, beta_z: 0, alpha_r: 0, beta_r: 0, tau_h: 1, tau_z: 1, tau_r: 1,
};

const RANGES: Record<keyof GatedParameters, [number, number]> = {
  g_h: [0, 10], beta_h: [-50, 50], alpha_z: [0, 1000], beta_z: [-50, 50], alpha_r: [0, 1000], beta_r: [-50, 50],
  tau_h: [1e-3, 1000], tau_z: [1e-3, 1000], tau_r: [1e-3, 1000],
};

/**
 * Fill defaults and validate. Unknown names, non-finite or out-of-range values throw
 * {@link InvalidParameterError}.
 */
export function resolveGatedParameters(given: Readonly<Partial<Record<string, unknown>>> = {}): GatedParameters {
  const names = Object.keys(RANGES);
  for (const k of Object.keys(given)) {
    if (!(k in RANGES)) throw new InvalidParameterError(k, given[k], names.join(', '), `unknown parameter ${k} for the gated RNN: valid parameters are ${names.join(', ')}`);
  }
  const out = { ...GATED_DEFAULTS };
  for (const k of names as (keyof GatedParameters)[]) {
    const v = given[k] ?? GATED_DEFAULTS[k];
    const [lo, hi] = RANGES[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new InvalidParameterError(k, v, describeRange(lo, hi));
    out[k] = v;
  }
  return out;
}

/** φ(x) = tanh(g_h x + β_h) [GATE-M-2]. */
export function gatedPhi(p: GatedParameters, x: number): number {
  return Math.tanh(p.g_h * x + p.beta_h);
}
/** φ′(x) = g_h sech²(g_h x + β_h), as 1/cosh² ([NUM-4]). */
export function gatedPhiPrime(p: GatedParameters, x: number): number {
  return p.g_h * sech2(p.g_h * x + p.beta_h);
}
/** σ(x; α, β) [GATE-M-3]. */
export function gatedGate(x: number, alpha: number, beta: number): number {
  return logistic(alpha * x - beta);
}
/** σ′(x; α, β) = α σ(t) σ(−t), t = αx − β ([G-2], [NUM-4]). */
export function gatedGatePrime(x: number, alpha: number, beta: number): number {
  const t = alpha * x - beta;
  return alpha * logistic(t) * logistic(-t);
}
/** Resting gate value s_k = σ_k(0) = 1/(1 + e^{β_k}) [GATE-M-5]. */
export function gatedRestingGate(beta: number): number {
  return logistic(-beta);
}
