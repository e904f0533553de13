/**
 * Fixed-point transitions of the gated RNN at β_h = 0 ([GATE-TR-1]..[GATE-TR-4]).
 *
 * ```
 *   origin line            g_h = 1 + e^{β_r}                                         [GATE-TR-1]
 *   non-zero branch        g_h(u)² = u / (T(u) S(T(u))),  u = g_h² Δ_h,               [GATE-TR-2]
 *                          T(u) = ⟨tanh²(√u x)⟩,  S(c) = ⟨σ_r²⟩_c
 *   small u                1/g_h² ≈ s²[1 + (κ − 2)u],  κ = α_r²(1 − s)(2 − 3s),  s = σ_r(0)  [GATE-TR-3]
 *   subcritical  ⇔  κ > 2;  saddle-node g_h^FP = min_u g_h(u)                          [GATE-TR-4]
 * ```
 * The branch is explicit in u, so no root finding is needed: the saddle-node is a 1-D minimisation
 * (log-grid scan to bracket the minimum, then golden-section refinement — g_h(u) is smooth and
 * unimodal near its minimum; golden section needs no derivative, whose finite-difference noise
 * would limit a Newton refinement).
 *
 * @module
 */
import { InvalidParameterError, checkFinite, checkInteger, logGrid } from '@gatefield/numerics';
import { type QuadratureOptions, type ResolvedQuadrature, gateRule, resolveQuadrature, smoothRule } from '../quadrature.js';
import { gatedSiteMoments, stabilityFunctionalOf } from './fixedPoint.js';
import { gateMomentSums } from './gateSums.js';
import { type GatedParameters, resolveGatedParameters, gatedRestingGate } from './parameters.js';

/** g_h at which the zero fixed point loses stability: 1 + e^{β_r} [GATE-TR-1], [GATE-RMT-5]. */
export function gatedOriginGain(betaR: number): number {
  return 1 + Math.exp(checkFinite('beta_r', betaR, -50, 50));
}

/**
 * Validate the output-gate gain and bias of the branch formulas with the ranges of
 * resolveGatedParameters: α_r ∈ [0, 1000] (the gate gain of [GATE-M-3] is non-negative), β_r ∈ [−50, 50].
 */
function checkBranchGate(alphaR: unknown, betaR: unknown): void {
  checkFinite('alpha_r', alphaR, 0, 1000);
  checkFinite('beta_r', betaR, -50, 50);
}

/** κ = α_r²(1 − s)(2 − 3s), s = 1/(1 + e^{β_r}) [GATE-TR-3]. */
export function gatedBranchCurvature(alphaR: number, betaR: number): number {
  checkBranchGate(alphaR, betaR);
  const s = gatedRestingGate(betaR);
  return alphaR * alphaR * (1 - s) * (2 - 3 * s);
}

/** Subcritical (discontinuous) fixed-point branch ⇔ κ > 2 [GATE-TR-4]. */
export function gatedIsSubcritical(alphaR: number, betaR: number): boolean {
  return gatedBranchCurvature(alphaR, betaR) > 2;
}

/** A point of the non-zero fixed-point branch [GATE-TR-2]. */
export interface GatedBranchPoint {
  u: number;
  gH: number;
  deltaH: number;
  /** Δ_z = Δ_r = T(u). */
  deltaR: number;
  /** Γ of [GATE-RMT-4] on the branch. */
  stabilityFunctional: number;
}

/** g_h(u) of [GATE-TR-2] (β_h = 0). */
export function gatedBranchGain(alphaR: number, betaR: number, u: number, q: ResolvedQuadrature = resolveQuadrature()): number {
  checkBranchGate(alphaR, betaR);
  checkFinite('u', u, 0, Infinity, '(0, inf)');
  if (u <= 0) throw new InvalidParameterError('u', u, '(0, inf)', `invalid u = ${u}: valid range is (0, inf) (u = g_h²Δ_h of [GATE-TR-2] must be positive; u → 0 is the origin, g_h = 1 + e^{β_r})`);
  const hr = smoothRule(q);
  let T = 0;
  const su = Math.sqrt(u);
  for (let k = 0; k < hr.size; k++) {
    const t = Math.tanh(su * hr.nodes[k]);
    T += hr.weights[k] * t * t;
  }
  if (!(T > 0)) throw new InvalidParameterError('u', u, '(0, inf)', `invalid u = ${u}: valid range is (0, inf) with T(u) = ⟨tanh²(√u ξ)⟩ > 0, which underflows to ${T} here: use a larger u`);
  const sd = Math.sqrt(T);
  // S = ⟨σ_r²⟩ over the unsaturated window of the gate rule (gateSums.ts: the full sum to round-off;
  // a saddle-node scan at α_r = 10³ summed 4·10⁵ nodes at each of its 400 points).
  const S = gateMomentSums(gateRule(alphaR * sd, q), sd, alphaR, betaR).square;
  const gH = Math.sqrt(u / (T * S));
  if (!Number.isFinite(gH)) throw new InvalidParameterError('u', u, '(0, inf)', `invalid u = ${u}: valid range is (0, inf) with a finite g_h(u) of [GATE-TR-2], which is ${gH} here (⟨σ_r²⟩ = ${S} at α_r = ${alphaR}, β_r = ${betaR})`);
  return gH;
}

/** The branch point at u, with its stability functional (other parameters: α_z etc. irrelevant). */
export function gatedBranchPoint(params: Readonly<Partial<GatedParameters>>, u: number, q: ResolvedQuadrature = resolveQuadrature()): GatedBranchPoint {
  const p = resolveGatedParameters(params);
  if (p.beta_h !== 0) throw new InvalidParameterError('beta_h', p.beta_h, '0', 'the explicit branch [GATE-TR-2] assumes β_h = 0');
  const gH = gatedBranchGain(p.alpha_r, p.beta_r, u, q);
  const deltaH = u / (gH * gH);
  const pp = { ...p, g_h: gH };
  const deltaR = gatedSiteMoments(pp, deltaH, 0, 0, q).phi2;
  const m = gatedSiteMoments(pp, deltaH, deltaR, deltaR, q);
  return { u, gH, deltaH, deltaR, stabilityFunctional: stabilityFunctionalOf(m) };
}

/** Options of {@link gatedFixedPointSaddleNode}. */
export interface GatedSaddleNodeOptions {
  /** Scan range of u = g_h²Δ_h and number of log-spaced points; defaults 1e-5, 20, 400. */
  uMin?: number;
  uMax?: number;
  scanPoints?: number;
  /** Golden-section tolerance on ln u; default 1e-9. */
  tol?: number;
  quadrature?: QuadratureOptions;
}

/** Result of {@link gatedFixedPointSaddleNode}. */
export interface GatedSaddleNodeResult extends GatedBranchPoint {
  subcritical: boolean;
  /** κ of [GATE-TR-3]. */
  curvature: number;
  originGain: number;
  converged: true;
  iterations: number;
  /** Width of the final ln u bracket. */
  residual: number;
  settings: { uMin: number; uMax: number; scanPoints: number; tol: number; quadrature: ResolvedQuadrature };
}

/**
 * Saddle-node of the fixed-point branch g_h^FP = min_u g_h(u) [GATE-TR-4]. In the supercritical case
 * the minimum is at u → 0 (g_h → 1 + e^{β_r}); then the result has `subcritical: false` and the point
 * at uMin.
 */
export function gatedFixedPointSaddleNode(params: Readonly<Partial<GatedParameters>>, options: GatedSaddleNodeOptions = {}): GatedSaddleNodeResult {
  const p = resolveGatedParameters({ ...params, beta_h: 0 });
  const uMin = checkFinite('uMin', options.uMin ?? 1e-5, 1e-12, 1);
  const uMax = checkFinite('uMax', options.uMax ?? 20, uMin, 1e4);
  const scanPoints = checkInteger('scanPoints', options.scanPoints ?? 400, 5, 1e6);
  const tol = checkFinite('tol', options.tol ?? 1e-9, 1e-15, 1);
  const q = resolveQuadrature(options.quadrature);
  const grid = logGrid(uMin, uMax, scanPoints);
  const g = (lu: number) => gatedBranchGain(p.alpha_r, p.beta_r, Math.exp(lu), q);
  let best = 0;
  let bestG = Infinity;
  for (let k = 0; k < grid.length; k++) {
    const v = g(Math.log(grid[k]));
    if (v < bestG) { bestG = v; best = k; }
  }
  const common = { curvature: gatedBranchCurvature(p.alpha_r, p.beta_r), originGain: gatedOriginGain(p.beta_r), converged: true as const, settings: { uMin, uMax, scanPoints, tol, quadrature: q } };
  if (best === 0) return { ...gatedBranchPoint(p, uMin, q), subcritical: false, iterations: 0, residual: 0, ...common };
  let a = Math.log(grid[Math.max(best - 1, 0)]), b = Math.log(grid[Math.min(best + 1, grid.length - 1)]);
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a), d = a + r * (b - a);
  let fc = g(c), fd = g(d);
  let it = 0;
  while (b - a > tol && it < 200) {
    it++;
    if (fc < fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = g(c); }
    else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = g(d); }
  }
  return { ...gatedBranchPoint(p, Math.exp((a + b) / 2), q), subcritical: true, iterations: it, residual: b - a, ...common };
}
