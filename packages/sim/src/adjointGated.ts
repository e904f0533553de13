/**
 * The adjoint equations of the gated RNN exactly as the theory text writes them — [GATE-ADJ-1]
 * (right-hand side of −ȧ), [GATE-ADJ-2] (gradient integrands) and the backward fields of
 * [GATE-ADJ-3] — hand-coded from gated-rnn.md §7, independently of the spec-driven adjoint
 * (`adjointModel.ts`, `adjoint.ts`). It exists to *check the theory text*: the tests compare it
 * term by term with the compiled-spec transposed Jacobian, whose gradients are themselves checked
 * against finite differences. The solvers never call it.
 * ```
 *   ξ_h = J^hᵀ(σ_z ⊙ a_h),  ξ_z = J^zᵀ a_z,  ξ_r = J^rᵀ a_r                          [GATE-ADJ-3]
 *   −ȧ_h = −σ_z a_h/τ_h + φ′ ⊙ [ σ_r ⊙ ξ_h/τ_h + ξ_z/τ_z + ξ_r/τ_r ] + ∂ℓ/∂h          [GATE-ADJ-1]
 *   −ȧ_z = σ_z′(z) ⊙ (−h + J^hψ) ⊙ a_h/τ_h − a_z/τ_z + ∂ℓ/∂z
 *   −ȧ_r = φ ⊙ σ_r′(r) ⊙ ξ_h/τ_h − a_r/τ_r + ∂ℓ/∂r
 *   ∂L/∂J^h_ij = ∫ a_h,i σ_z,i ψ_j dt/τ_h,  ∂L/∂J^z_ij = ∫ a_z,i φ_j dt/τ_z,  ∂L/∂J^r_ij = ∫ a_r,i φ_j dt/τ_r   [GATE-ADJ-2]
 *   ∂L/∂α_z = ∫ Σ_i a_h,i z_i σ_z(1−σ_z)(−h_i + (J^hψ)_i) dt/τ_h,   ∂L/∂β_z: z_i → −1
 * ```
 * The "same pattern" parameters of [GATE-ADJ-2], written out here (derived, then checked against
 * finite differences through the spec-driven adjoint):
 * ```
 *   ∂L/∂α_r = ∫ Σ_j ξ_h,j r_j σ_r(1−σ_r) φ_j dt/τ_h,                 ∂L/∂β_r: r_j → −1
 *   ∂L/∂g_h = ∫ Σ_j h_j sech²(g_h h_j + β_h) [σ_r,j ξ_h,j/τ_h + ξ_z,j/τ_z + ξ_r,j/τ_r] dt,   ∂L/∂β_h: h_j → 1
 *   ∂L/∂τ_h = −∫ a_h·ḣ dt/τ_h,   ∂L/∂τ_z = −∫ a_z·ż dt/τ_z,   ∂L/∂τ_r = −∫ a_r·ṙ dt/τ_r
 * ```
 * (with σ(1−σ) evaluated as σ(x)σ(−x) and sech² as 1/cosh²). Inputs I^h are absent (the spec has
 * none), so the bracket of −ȧ_z is (−h + J^hψ).
 *
 * Verdict (tests in packages/sim/test/adjoint.test.ts): [GATE-ADJ-1] and [GATE-ADJ-2] as printed
 * agree with the exact transposed Jacobian to round-off and with finite differences; no sign or
 * transposition error was found.
 *
 * @module
 */
import { InvalidParameterError, logistic, sech2 } from '@gatefield/numerics';
import { checkLength } from './layout.js';
import type { Network } from './network.js';

/** Terms of [GATE-ADJ-1]..[GATE-ADJ-3] at one state and adjoint. */
export interface GatedAdjointTerms {
  /** −ȧ without the loss term, block-major (h, z, r). */
  minusAdjointRate: Float64Array;
  /** Backward fields ξ_h, ξ_z, ξ_r (block-major) [GATE-ADJ-3]. */
  backwardFields: Float64Array;
  /** Row factors of the coupling-gradient integrands: σ_z a_h/τ_h, a_z/τ_z, a_r/τ_r (block-major). */
  rowFactor: Float64Array;
  /** Column factors: ψ, φ, φ (block-major), so integrand_k[i, j] = rowFactor_k,i · columnFactor_k,j. */
  columnFactor: Float64Array;
  /** Integrands of the scalar-parameter gradients [GATE-ADJ-2]. */
  params: Record<'g_h' | 'beta_h' | 'alpha_z' | 'beta_z' | 'alpha_r' | 'beta_r' | 'tau_h' | 'tau_z' | 'tau_r', number>;
}

/**
 * Evaluate the theory-text adjoint terms of a gated network at a state x and adjoint a (both
 * block-major, length 3N).
 *
 * @throws {InvalidParameterError} if the network is not a gated RNN (states h, z, r; fields a,
 *   b_z, b_r) or a vector has the wrong length.
 */
export function gatedAdjointTerms(network: Network, state: Float64Array, adjoint: Float64Array): GatedAdjointTerms {
  const { model, n } = network;
  if (model.stateNames.join() !== 'h,z,r' || model.fieldNames.join() !== 'a,b_z,b_r') {
    throw new InvalidParameterError('network', model.name, 'a gated RNN (gatedRnnSpec)');
  }
  checkLength('state', state, 3 * n);
  checkLength('adjoint', adjoint, 3 * n);
  const P = network.params.values;
  const { g_h, beta_h, alpha_z, beta_z, alpha_r, beta_r, tau_h, tau_z, tau_r } = P;
  const [Jh, Jz, Jr] = network.weights;
  const h = state.subarray(0, n), z = state.subarray(n, 2 * n), r = state.subarray(2 * n);
  const ah = adjoint.subarray(0, n), az = adjoint.subarray(n, 2 * n), ar = adjoint.subarray(2 * n);
  const phi = new Float64Array(n), psi = new Float64Array(n), sz = new Float64Array(n), sr = new Float64Array(n);
  const szVar = new Float64Array(n), srVar = new Float64Array(n), dphiArg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    phi[i] = Math.tanh(g_h * h[i] + beta_h);
    dphiArg[i] = sech2(g_h * h[i] + beta_h);
    const tz = alpha_z * z[i] - beta_z, tr = alpha_r * r[i] - beta_r;
    sz[i] = logistic(tz);
    szVar[i] = logistic(tz) * logistic(-tz);
    sr[i] = logistic(tr);
    srVar[i] = logistic(tr) * logistic(-tr);
    psi[i] = sr[i] * phi[i];
  }
  const mv = (W: Float64Array, v: Float64Array, transpose: boolean) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (transpose) out[j] += W[i * n + j] * v[i];
      else out[i] += W[i * n + j] * v[j];
    }
    return out;
  };
  const Jpsi = mv(Jh, psi, false), Jzphi = mv(Jz, phi, false), Jrphi = mv(Jr, phi, false);
  const szah = Float64Array.from(ah, (v, i) => sz[i] * v);
  const xiH = mv(Jh, szah, true), xiZ = mv(Jz, az, true), xiR = mv(Jr, ar, true);
  const rate = new Float64Array(3 * n);
  const params = { g_h: 0, beta_h: 0, alpha_z: 0, beta_z: 0, alpha_r: 0, beta_r: 0, tau_h: 0, tau_z: 0, tau_r: 0 };
  for (let i = 0; i < n; i++) {
    const phiPrime = g_h * dphiArg[i];
    const drive = -h[i] + Jpsi[i];
    rate[i] = -sz[i] * ah[i] / tau_h + phiPrime * (sr[i] * xiH[i] / tau_h + xiZ[i] / tau_z + xiR[i] / tau_r);
    rate[n + i] = alpha_z * szVar[i] * drive * ah[i] / tau_h - az[i] / tau_z;
    rate[2 * n + i] = phi[i] * alpha_r * srVar[i] * xiH[i] / tau_h - ar[i] / tau_r;
    params.alpha_z += ah[i] * z[i] * szVar[i] * drive / tau_h;
    params.beta_z -= ah[i] * szVar[i] * drive / tau_h;
    params.alpha_r += xiH[i] * r[i] * srVar[i] * phi[i] / tau_h;
    params.beta_r -= xiH[i] * srVar[i] * phi[i] / tau_h;
    const back = sr[i] * xiH[i] / tau_h + xiZ[i] / tau_z + xiR[i] / tau_r;
    params.g_h += h[i] * dphiArg[i] * back;
    params.beta_h += dphiArg[i] * back;
    params.tau_h -= ah[i] * (sz[i] * drive / tau_h) / tau_h;
    params.tau_z -= az[i] * ((-z[i] + Jzphi[i]) / tau_z) / tau_z;
    params.tau_r -= ar[i] * ((-r[i] + Jrphi[i]) / tau_r) / tau_r;
  }
  const backwardFields = new Float64Array(3 * n);
  backwardFields.set(xiH, 0);
  backwardFields.set(xiZ, n);
  backwardFields.set(xiR, 2 * n);
  const rowFactor = new Float64Array(3 * n), columnFactor = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    rowFactor[i] = szah[i] / tau_h;
    rowFactor[n + i] = az[i] / tau_z;
    rowFactor[2 * n + i] = ar[i] / tau_r;
    columnFactor[i] = psi[i];
    columnFactor[n + i] = phi[i];
    columnFactor[2 * n + i] = phi[i];
  }
  return { minusAdjointRate: rate, backwardFields, rowFactor, columnFactor, params };
}
