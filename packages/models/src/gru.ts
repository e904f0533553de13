/**
 * The continuous-time GRU [GRU-M-3], the model of the specification:
 * ```
 *   τ dh/dt = s ⊙ ( −h + φ(η) )
 *   s = σ(ξ; α_z, β_z),  ξ = U_z h          update rate (s → 0 freezes a unit) [G-10]
 *   ρ = σ(ζ; α_r, β_r),  ζ = U_r h          reset gate
 *   η = U_h (ρ ⊙ h) + β_h                   candidate pre-activation (reset BEFORE the matrix)
 * ```
 * U_h ~ N(0, g_h²/N), U_z, U_r ~ N(0, 1/N) [G-6]; τ = 1.
 *
 * Conventions kept configurable ([OQ-2], [OQ-5]):
 * - `resetPlacement: 'after'` gives η = ρ ⊙ (U_h h) + β_h ([GRU-VAR-1], [R, not verified]).
 * - The update-gate convention is a parameter map, see {@link toInternalGruParameters}: a Cho/PyTorch
 *   z-gate with bias b is an s-gate with bias −b ([GRU-M-4]).
 */
import type { ModelSpec } from './spec.js';

/** Where the reset gate acts ([OQ-5]). */
export type ResetPlacement = 'before' | 'after';
/** How the user's update-gate bias is read ([OQ-2]): 'rate' = s directly (default); 'cho' = z = 1 − s. */
export type UpdateGateConvention = 'rate' | 'cho';

/** GRU model options. */
export interface GruOptions {
  resetPlacement?: ResetPlacement;
}

const GRU_PARAMETERS: ModelSpec['parameters'] = {
  g_h: { default: 2, min: 0, max: 10, symbol: 'g_h', description: 'candidate gain: U_h,ij ~ N(0, g_h²/N)' },
  beta_h: { default: 0, min: -50, max: 50, symbol: 'β_h', description: 'candidate bias inside tanh' },
  alpha_z: { default: 0, min: 0, max: 1000, symbol: 'α_z', description: 'update-gate gain (large: nearly binary gates, slow modes)' },
  beta_z: { default: 0, min: -50, max: 50, symbol: 'β_z', description: 'update-gate bias (positive closes the gate: slower units)' },
  alpha_r: { default: 0, min: 0, max: 1000, symbol: 'α_r', description: 'reset-gate gain' },
  beta_r: { default: 0, min: -50, max: 50, symbol: 'β_r', description: 'reset-gate bias (positive closes the gate)' },
};

/** Spec of the continuous-time GRU [GRU-M-3] (or its reset-after variant [GRU-VAR-1]). */
export function gruSpec(options: GruOptions = {}): ModelSpec {
  const placement = options.resetPlacement ?? 'before';
  const common = {
    title: 'Continuous-time GRU',
    state: ['h'],
    parameters: GRU_PARAMETERS,
    observables: {
      s: 'sigmoid(xi, alpha_z, beta_z)',
      rho: 'sigmoid(zeta, alpha_r, beta_r)',
      phi: 'tanh(eta)',
      phiPrime: 'sech2(eta)',
    },
  };
  if (placement === 'before') {
    return {
      ...common,
      name: 'gru',
      labels: ['GRU-M-3', 'GRU-J-1', 'GRU-J-2'],
      fields: [
        { name: 'xi', matrix: 'U_z', variance: '1', presynaptic: 'h' },
        { name: 'zeta', matrix: 'U_r', variance: '1', presynaptic: 'h' },
        { name: 'eta', matrix: 'U_h', variance: 'g_h^2', presynaptic: 'sigmoid(zeta, alpha_r, beta_r)*h', bias: 'beta_h' },
      ],
      rhs: { h: 'sigmoid(xi, alpha_z, beta_z)*(-h + tanh(eta))' },
      fixedPointRhs: { h: '-h + tanh(eta)' },
    };
  }
  return {
    ...common,
    name: 'gru-reset-after',
    labels: ['GRU-VAR-1', 'GRU-VAR-2'],
    fields: [
      { name: 'xi', matrix: 'U_z', variance: '1', presynaptic: 'h' },
      { name: 'zeta', matrix: 'U_r', variance: '1', presynaptic: 'h' },
      { name: 'y', matrix: 'U_h', variance: 'g_h^2', presynaptic: 'h' },
    ],
    rhs: { h: 'sigmoid(xi, alpha_z, beta_z)*(-h + tanh(sigmoid(zeta, alpha_r, beta_r)*y + beta_h))' },
    fixedPointRhs: { h: '-h + tanh(sigmoid(zeta, alpha_r, beta_r)*y + beta_h)' },
    observables: { ...common.observables, phi: 'tanh(sigmoid(zeta, alpha_r, beta_r)*y + beta_h)', phiPrime: 'sech2(sigmoid(zeta, alpha_r, beta_r)*y + beta_h)' },
  };
}

/**
 * Map user GRU parameters to the internal rate convention [GRU-M-4], [OQ-2]:
 * with `convention: 'cho'` the given beta_z is the bias of the Cho/PyTorch z-gate and the internal
 * update-rate bias is −beta_z (1 − σ(x; α, β) = σ(−x; α, −β) and U_z is symmetric in law).
 */
export function toInternalGruParameters<T extends Record<string, unknown>>(given: T, convention: UpdateGateConvention = 'rate'): T {
  if (convention === 'rate' || given.beta_z === undefined) return given;
  const b = given.beta_z;
  return { ...given, beta_z: typeof b === 'number' ? -b : b };
}
