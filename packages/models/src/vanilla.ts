/**
 * The vanilla random rate network [VAN-1]: τ ḣ = −h + φ(U h + β_h), U_ij ~ N(0, g²/N), φ = tanh.
 * Its fixed-point Jacobian J = −1 + Φ′U has the disk |λ + 1| ≤ g⟨φ′²⟩^{1/2} [VAN-2]. The GRU
 * reduces to it when both gates are off ([GRU-LIM-2]).
 */
import type { ModelSpec } from './spec.js';

/** Spec of the vanilla network [VAN-1]. */
export const vanillaSpec: ModelSpec = {
  name: 'vanilla',
  title: 'Vanilla random rate network (Sompolinsky–Crisanti–Sommers)',
  labels: ['VAN-1', 'VAN-2'],
  state: ['h'],
  parameters: {
    g: { default: 2, min: 0, max: 10, symbol: 'g', description: 'recurrent gain: U_ij ~ N(0, g²/N)' },
    beta_h: { default: 0, min: -50, max: 50, symbol: 'β_h', description: 'bias inside tanh' },
  },
  fields: [{ name: 'eta', matrix: 'U', variance: 'g^2', presynaptic: 'h', bias: 'beta_h' }],
  rhs: { h: '-h + tanh(eta)' },
  observables: { phi: 'tanh(eta)', phiPrime: 'sech2(eta)' },
};
