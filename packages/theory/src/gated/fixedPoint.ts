/**
 * Fixed points of the gated RNN in the large-N limit [GATE-FP-1] and the single-site averages the
 * Jacobian theory needs ([GATE-RMT-2], [GATE-RMT-4]).
 *
 * ```
 *   Δ_z = Δ_r = ⟨φ²⟩_{Δ_h},          Δ_h = ⟨φ²⟩_{Δ_h} · ⟨σ_r²⟩_{Δ_r}                  [GATE-FP-1]
 *   stability functional  Γ = ⟨φ′²⟩_{Δ_h} [ ⟨σ_r²⟩_{Δ_r} + ⟨φ²⟩_{Δ_h} ⟨σ_r′²⟩_{Δ_r} ] < 1   [GATE-RMT-4]
 * ```
 * The z-gate drops out of the fixed point (σ_z > 0 only multiplies the condition).
 *
 * Numerics: damped iteration Δ_h ← (1 − d) Δ_h + d·M(Δ_h) as in the text (default damping 0.5 — the
 * map is a contraction on the stable branch, the damping only guards against overshoot at large
 * α_r). Gaussian averages by the shared quadrature of `quadrature.ts` ([NUM-1]: 201 Gauss–Hermite
 * nodes for tanh²; gate integrands switch to a resolving uniform grid when α_r √Δ_r > 3,
 * [NUM-REF-2]). The reference numbers of [GATE-REF-F1] were made with 81 nodes; the difference is
 * below 1e-6 there.
 *
 * @module
 */
import { ConvergenceError, NonPhysicalError, checkFinite, checkInteger } from '@gatefield/numerics';
import { type QuadratureOptions, type ResolvedQuadrature, describeRule, gateRule, resolveQuadrature, smoothRule } from '../quadrature.js';
import { type GatedParameters, gatedGate, gatedGatePrime, gatedPhi, gatedPhiPrime, resolveGatedParameters } from './parameters.js';

/** Options of {@link gatedFixedPoint}. */
export interface GatedFixedPointOptions {
  /** Initial Δ_h; default 1 (lands on the non-zero branch when it exists and is attracting). */
  initialDeltaH?: number;
  /** Weight of the new iterate; default 0.5. */
  damping?: number;
  /** Stop when |ΔΔ_h| < tol·max(1, Δ_h); default 1e-13. */
  tol?: number;
  /** Iteration budget; default 10000 (the map is slow near the origin instability). */
  maxIterations?: number;
  quadrature?: QuadratureOptions;
}

/** Single-site Gaussian averages at given variances (h ~ N(0, Δ_h), z, r ~ N(0, Δ_z), N(0, Δ_r)). */
export interface GatedSiteMoments {
  phi2: number;
  phiMean: number;
  phiPrime2: number;
  sigmaR2: number;
  sigmaRPrime2: number;
  sigmaZMean: number;
}

/** Result of {@link gatedFixedPoint}. */
export interface GatedFixedPointResult {
  deltaH: number;
  deltaZ: number;
  deltaR: number;
  moments: GatedSiteMoments;
  /** Γ of [GATE-RMT-4]; stable ⇔ < 1. */
  stabilityFunctional: number;
  stable: boolean;
  converged: true;
  residual: number;
  iterations: number;
  settings: { initialDeltaH: number; damping: number; tol: number; maxIterations: number; quadrature: ResolvedQuadrature; rules: Record<string, unknown> };
}

/**
 * Gaussian single-site averages ⟨φ²⟩, ⟨φ⟩, ⟨φ′²⟩ over h ~ N(0, Δ_h) and ⟨σ_r²⟩, ⟨σ_r′²⟩ over
 * r ~ N(0, Δ_r), ⟨σ_z⟩ over z ~ N(0, Δ_z) (the factors of [GATE-FP-1], [GATE-RMT-2]).
 */
export function gatedSiteMoments(p: GatedParameters, deltaH: number, deltaR: number, deltaZ: number, q: ResolvedQuadrature = resolveQuadrature()): GatedSiteMoments {
  const sh = Math.sqrt(Math.max(deltaH, 0)), sr = Math.sqrt(Math.max(deltaR, 0)), sz = Math.sqrt(Math.max(deltaZ, 0));
  const hr = smoothRule(q);
  let phi2 = 0, phiMean = 0, phiPrime2 = 0;
  for (let k = 0; k < hr.size; k++) {
    const x = sh * hr.nodes[k], w = hr.weights[k];
    const f = gatedPhi(p, x), d = gatedPhiPrime(p, x);
    phi2 += w * f * f;
    phiMean += w * f;
    phiPrime2 += w * d * d;
  }
  const rr = gateRule(p.alpha_r * sr, q);
  let sigmaR2 = 0, sigmaRPrime2 = 0;
  for (let k = 0; k < rr.size; k++) {
    const x = sr * rr.nodes[k], w = rr.weights[k];
    const s = gatedGate(x, p.alpha_r, p.beta_r), d = gatedGatePrime(x, p.alpha_r, p.beta_r);
    sigmaR2 += w * s * s;
    sigmaRPrime2 += w * d * d;
  }
  const zr = gateRule(p.alpha_z * sz, q);
  let sigmaZMean = 0;
  for (let k = 0; k < zr.size; k++) sigmaZMean += zr.weights[k] * gatedGate(sz * zr.nodes[k], p.alpha_z, p.beta_z);
  return { phi2, phiMean, phiPrime2, sigmaR2, sigmaRPrime2, sigmaZMean };
}

/** Γ of [GATE-RMT-4] from site moments: ⟨φ′²⟩[⟨σ_r²⟩ + ⟨φ²⟩⟨σ_r′²⟩]. */
export function stabilityFunctionalOf(m: GatedSiteMoments): number {
  return m.phiPrime2 * (m.sigmaR2 + m.phi2 * m.sigmaRPrime2);
}

/**
 * Solve [GATE-FP-1] by damped iteration in Δ_h.
 *
 * For β_h = 0, Δ_h = 0 is always a solution; from the default start the iteration finds the
 * non-zero attracting root if there is one and otherwise collapses to 0 (returned with
 * deltaH ≈ 0). Use {@link gatedBranchPoint} in transitions.ts for the unstable (subcritical) roots,
 * which damped iteration cannot reach.
 *
 * @throws ConvergenceError when the budget is exhausted; NonPhysicalError for a negative variance.
 */
export function gatedFixedPoint(params: Readonly<Partial<GatedParameters>>, options: GatedFixedPointOptions = {}): GatedFixedPointResult {
  const p = resolveGatedParameters(params);
  const initialDeltaH = checkFinite('initialDeltaH', options.initialDeltaH ?? 1, 0, 1e6);
  const damping = checkFinite('damping', options.damping ?? 0.5, 1e-6, 1);
  const tol = checkFinite('tol', options.tol ?? 1e-13, 0, 1);
  const maxIterations = checkInteger('maxIterations', options.maxIterations ?? 10000, 1, 1e8);
  const q = resolveQuadrature(options.quadrature);
  let dH = initialDeltaH;
  let m: GatedSiteMoments;
  let residual = Infinity;
  let it = 0;
  while (it < maxIterations) {
    it++;
    // Δ_r = ⟨φ²⟩ at the current Δ_h, then the gate average at that Δ_r.
    const phi2 = gatedSiteMoments(p, dH, 0, 0, q).phi2;
    m = gatedSiteMoments(p, dH, phi2, 0, q);
    const target = m.phi2 * m.sigmaR2;
    residual = Math.abs(target - dH);
    dH = (1 - damping) * dH + damping * target;
    if (residual < tol * Math.max(1, dH)) break;
  }
  if (!(residual < tol * Math.max(1, dH))) throw new ConvergenceError('gated fixed point [GATE-FP-1]', residual, it, { damping, tol, maxIterations });
  if (dH < 0) throw new NonPhysicalError('Δ_h', dH, 'variances are non-negative');
  const deltaR = gatedSiteMoments(p, dH, 0, 0, q).phi2;
  const moments = gatedSiteMoments(p, dH, deltaR, deltaR, q);
  const stabilityFunctional = stabilityFunctionalOf(moments);
  return {
    deltaH: dH,
    deltaZ: deltaR,
    deltaR,
    moments,
    stabilityFunctional,
    stable: stabilityFunctional < 1,
    converged: true,
    residual,
    iterations: it,
    settings: {
      initialDeltaH, damping, tol, maxIterations, quadrature: q,
      rules: { smooth: describeRule(smoothRule(q)), r: describeRule(gateRule(p.alpha_r * Math.sqrt(deltaR), q)) },
    },
  };
}
