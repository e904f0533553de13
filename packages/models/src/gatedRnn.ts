/**
 * The gated RNN with dynamical gates [GATE-M-1]..[GATE-M-5] (Krishnamurthy, Can & Schwab, PRX 12,
 * 011011, 2022; model as reconstructed in `gated-rnn.md`):
 * ```
 *   τ_h dh/dt = σ_z(z) ⊙ ( −h + a ),       a   = J^h (σ_r(r) ⊙ φ(h))         [GATE-M-1]
 *   τ_z dz/dt = −z + b_z,                  b_z = J^z φ(h)
 *   τ_r dr/dt = −r + b_r,                  b_r = J^r φ(h)
 *   φ(x) = tanh(g_h x + β_h)                                                  [GATE-M-2]
 *   σ_k(x) = σ(x; α_k, β_k) = 1/(1 + exp(−α_k x + β_k)),  k ∈ {z, r}          [GATE-M-3]
 *   J^h, J^z, J^r iid N(0, 1/N)  (variance 1: the gain lives inside φ)        [GATE-M-4]
 * ```
 * State per unit (h, z, r) in this block order, so the Jacobian of the simulator is [GATE-J-1]
 * with blocks ordered (h, z, r).
 *
 * Conventions ([OQ-6], [OQ-12]): this family keeps its own convention (couplings 1/N, gain inside
 * φ, gates driven by φ(h), r-gate presynaptic). Inputs I^{h,z,r} are not part of the spec yet.
 *
 * Limits:
 * - α_z = α_r = 0 ([GATE-M-6]): constant gates s_z, s_r; in x = g_h h this is the SCS network with
 *   gain g_h s_r and time constant τ_h/s_z.
 * - τ_z, τ_r → 0 ([GATE-M-7], [OQ-6]): z, r are slaved to z = J^z φ(h), r = J^r φ(h) and the flow is
 *   τ_h ḣ = σ_z(J^z φ(h)) ⊙ (−h + J^h(σ_r(J^r φ(h)) ⊙ φ(h))). Its fixed points (and those of the full
 *   model for any τ) map one-to-one onto the GRU's [GRU-M-3] through H = φ(h), U_h = g_h J^h,
 *   U_z = J^z, U_r = J^r: H = tanh(U_h(σ_r(U_r H) ⊙ H) + β_h).
 *
 * `fixedPointRhs` is the ungated flow (−h + a, −z + b_z, −r + b_r): same fixed points, no freezing of
 * units with σ_z ≈ 0 (the reason given in [NUM-12] for the GRU).
 */
import type { ModelSpec } from './spec.js';

/** Smallest allowed time constant: below it Euler steps of 0.05 are unstable by orders of magnitude. */
export const GATED_MIN_TAU = 1e-3;

const PHI = 'tanh(g_h*h + beta_h)';
const SIGMA_Z = 'sigmoid(z, alpha_z, beta_z)';
const SIGMA_R = 'sigmoid(r, alpha_r, beta_r)';

const GATED_PARAMETERS: ModelSpec['parameters'] = {
  g_h: { default: 3, min: 0, max: 10, symbol: 'g_h', description: 'gain inside φ(h) = tanh(g_h h + β_h)' },
  beta_h: { default: 0, min: -50, max: 50, symbol: 'β_h', description: 'bias inside φ' },
  alpha_z: { default: 0, min: 0, max: 1000, symbol: 'α_z', description: 'update (z) gate gain: large values give slow modes / marginal stability' },
  beta_z: { default: 0, min: -50, max: 50, symbol: 'β_z', description: 'update-gate bias (positive closes the gate)' },
  alpha_r: { default: 0, min: 0, max: 1000, symbol: 'α_r', description: 'output (r) gate gain: controls the spectral radius' },
  beta_r: { default: 0, min: -50, max: 50, symbol: 'β_r', description: 'output-gate bias (positive closes the gate)' },
  tau_h: { default: 1, min: GATED_MIN_TAU, max: 1000, symbol: 'τ_h', description: 'time constant of h' },
  tau_z: { default: 1, min: GATED_MIN_TAU, max: 1000, symbol: 'τ_z', description: 'time constant of the update-gate variable z' },
  tau_r: { default: 1, min: GATED_MIN_TAU, max: 1000, symbol: 'τ_r', description: 'time constant of the output-gate variable r' },
};

/** Spec of the gated RNN with dynamical gates [GATE-M-1]..[GATE-M-5]. */
export function gatedRnnSpec(): ModelSpec {
  return {
    name: 'gated',
    title: 'Gated RNN with dynamical update and output gates',
    labels: ['GATE-M-1', 'GATE-M-2', 'GATE-M-3', 'GATE-M-4', 'GATE-M-5', 'GATE-J-1'],
    state: ['h', 'z', 'r'],
    parameters: GATED_PARAMETERS,
    fields: [
      { name: 'a', matrix: 'J_h', variance: '1', presynaptic: `${SIGMA_R}*${PHI}` },
      { name: 'b_z', matrix: 'J_z', variance: '1', presynaptic: PHI },
      { name: 'b_r', matrix: 'J_r', variance: '1', presynaptic: PHI },
    ],
    rhs: {
      h: `${SIGMA_Z}*(-h + a)/tau_h`,
      z: '(-z + b_z)/tau_z',
      r: '(-r + b_r)/tau_r',
    },
    fixedPointRhs: { h: '-h + a', z: '-z + b_z', r: '-r + b_r' },
    observables: {
      sigmaZ: SIGMA_Z,
      sigmaR: SIGMA_R,
      phi: PHI,
      phiPrime: 'g_h*sech2(g_h*h + beta_h)',
      psi: `${SIGMA_R}*${PHI}`,
    },
  };
}
