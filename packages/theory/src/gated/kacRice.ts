/**
 * Annealed Kac–Rice complexity of gated-RNN fixed points at the untilted saddle [GATE-KR-1]..[GATE-KR-5].
 *
 * The fixed points solve h = J^h(φ(h)∘σ_r(r)), r = J^r φ(h) [GATE-KR-1] (z does not enter). The
 * Kac–Rice density carries |det M| = |det(1 − K)| with K = J^h([a] + [b]J^r[c]) [GATE-KR-2]; at the
 * untilted saddle q̂ = 0 of the annealed functional [GATE-KR-3] the entropic terms cancel and
 * ```
 *   Σ₀ = (1/N) E ln|det(1 − K)| = ∫_{|μ|>1} ln|μ| dν_K(μ) = ∫_1^{ρ_max} τ(ρ)/ρ dρ        [GATE-KR-4]
 *   ρ_max² = ⟨φ′²⟩[⟨σ_r²⟩ + ⟨φ²⟩⟨σ_r′²⟩]   (the stability functional Γ of [GATE-RMT-4])
 * ```
 * with τ(ρ) from the radial law of J^h·diag(s), s the singular values of [a] + [b]J^r[c] (the
 * construction of [GATE-RMT-7] at λ = 0, where D_z = 1 and β = 1). Hence Σ₀ > 0 ⇔ ρ_max > 1 ⇔ the
 * fixed point is unstable [GATE-KR-5]; Σ₀ is a lower bound of the full annealed complexity.
 *
 * Singular values as in [GATE-RMT-8]: α_r = 0 in closed form (s = φ′(h) s_r on an `hNodes`-point
 * Gauss–Hermite rule, default 96), otherwise from a seeded stratified unit sample and one J^r
 * (`sampleSize` default 256, `seed` default 1; singularValues.ts). Σ₀ is evaluated as ½Ψ_PSI(s²)
 * ([PSI-3], `psiRoot`); {@link gatedRadialPsi} evaluates the radial integral itself (composite
 * Simpson over ρ with τ(ρ) = 1 − F(ρ) from `radialCdf`, [PSI-5]) as a cross-check.
 *
 * Fixed point: by default the attracting root of [GATE-FP-1] (`gatedFixedPoint`); unstable roots of
 * a subcritical branch are given explicitly by `deltaH` (e.g. from `gatedBranchPoint`, [GATE-TR-2]).
 *
 * @module
 */
import { InvalidParameterError, checkFinite, checkInteger, gaussHermite } from '@gatefield/numerics';
import { type QuadratureOptions, resolveQuadrature } from '../quadrature.js';
import { psiRoot, type PsiRootOptions } from '../rmt/psiFormula.js';
import { radialCdf } from '../rmt/radialLaw.js';
import { type GatedFixedPointOptions, gatedFixedPoint, gatedSiteMoments, stabilityFunctionalOf } from './fixedPoint.js';
import { type GatedParameters, gatedPhiPrime, gatedRestingGate, resolveGatedParameters } from './parameters.js';
import { gatedSampleSingularValues2, gatedUnitSample } from './singularValues.js';
import { gatedBranchPoint } from './transitions.js';

/** Options of {@link gatedKacRice}. */
export interface GatedKacRiceOptions {
  /** Fixed-point variance Δ_h to use (default: the root found by gatedFixedPoint). */
  deltaH?: number;
  /** `'auto'` (closed form iff α_r = 0), `'closed-form'` or `'sampled'`. */
  method?: 'auto' | 'closed-form' | 'sampled';
  /** Gauss–Hermite nodes in h for the closed form. Default 96. */
  hNodes?: number;
  /** Units of the sampled path. Default 256. */
  sampleSize?: number;
  /** Seed of the sampled path. Default 1. */
  seed?: number;
  psi?: PsiRootOptions;
  fixedPoint?: GatedFixedPointOptions;
  quadrature?: QuadratureOptions;
}

/** Result of {@link gatedKacRice}. */
export interface GatedKacRiceResult {
  /** Σ₀ of [GATE-KR-4] (≥ 0). */
  sigma0: number;
  /** ρ_max on the sites used (√⟨s²⟩). */
  rhoMax: number;
  /** Γ of [GATE-RMT-4] by quadrature (ρ_max² in the N → ∞ limit). */
  stabilityFunctional: number;
  deltaH: number;
  deltaR: number;
  params: GatedParameters;
  seed: number | null;
  converged: true;
  residual: number;
  iterations: number;
  settings: { method: 'closed-form' | 'sampled'; hNodes: number; sampleSize: number; seed: number | null; psi: Required<PsiRootOptions> };
  /** Squared singular values and their weights (for {@link gatedRadialPsi}). */
  sites: { s2: Float64Array; weights: Float64Array };
}

/** Σ₀ [GATE-KR-4] at `params` (see the module comment). */
export function gatedKacRice(params: Readonly<Partial<GatedParameters>>, options: GatedKacRiceOptions = {}): GatedKacRiceResult {
  const p = resolveGatedParameters(params);
  const requested = options.method ?? 'auto';
  if (!['auto', 'closed-form', 'sampled'].includes(requested)) throw new InvalidParameterError('method', requested, "'auto', 'closed-form' or 'sampled'");
  const method: 'closed-form' | 'sampled' = requested === 'auto' ? (p.alpha_r === 0 ? 'closed-form' : 'sampled') : requested;
  if (method === 'closed-form' && p.alpha_r !== 0) throw new InvalidParameterError('method', method, "'sampled' when alpha_r ≠ 0");
  const hNodes = checkInteger('hNodes', options.hNodes ?? 96, 2, 1000);
  const sampleSize = checkInteger('sampleSize', options.sampleSize ?? 256, 8, 4096);
  const seed = method === 'sampled' ? checkInteger('seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER) : null;
  const psiOpts = { tolerance: options.psi?.tolerance ?? 1e-13, maxIterations: options.psi?.maxIterations ?? 200 };
  const q = resolveQuadrature(options.quadrature);
  const deltaH = options.deltaH !== undefined ? checkFinite('deltaH', options.deltaH, 0, 1e6) : gatedFixedPoint(p, options.fixedPoint).deltaH;
  const deltaR = gatedSiteMoments(p, deltaH, 0, 0, q).phi2;
  const stabilityFunctional = stabilityFunctionalOf(gatedSiteMoments(p, deltaH, deltaR, deltaR, q));
  let s2: Float64Array, weights: Float64Array;
  if (method === 'closed-form') {
    const gh = gaussHermite(hNodes);
    const sr = gatedRestingGate(p.beta_r), sd = Math.sqrt(deltaH);
    s2 = new Float64Array(hNodes);
    for (let k = 0; k < hNodes; k++) s2[k] = (gatedPhiPrime(p, sd * gh.nodes[k]) * sr) ** 2;
    weights = Float64Array.from(gh.weights);
  } else {
    const sample = gatedUnitSample(p, deltaH, deltaR, deltaR, sampleSize, seed as number);
    sample.sigmaZ.fill(1); // D_z(0) = 1 (the z-gate does not enter [GATE-KR-1])
    s2 = gatedSampleSingularValues2(sample, 0, 0);
    weights = new Float64Array(sampleSize).fill(1 / sampleSize);
  }
  const psi = psiRoot(s2, weights, psiOpts);
  return {
    sigma0: 0.5 * psi.psi,
    rhoMax: Math.sqrt(psi.meanA),
    stabilityFunctional,
    deltaH,
    deltaR,
    params: p,
    seed,
    converged: true,
    residual: psi.residual,
    iterations: psi.iterations,
    settings: { method, hNodes, sampleSize, seed, psi: psiOpts },
    sites: { s2, weights },
  };
}

/**
 * Σ₀ on the explicit non-zero fixed-point branch [GATE-TR-2] at u = g_h²Δ_h (β_h = 0): g_h = g_h(u)
 * and Δ_h = u/g_h², including the unstable roots that damped iteration cannot reach.
 */
export function gatedKacRiceOnBranch(params: Readonly<Partial<GatedParameters>>, u: number, options: Omit<GatedKacRiceOptions, 'deltaH'> = {}): GatedKacRiceResult & { u: number } {
  checkFinite('u', u, 1e-12, 1e4);
  const bp = gatedBranchPoint({ ...params, beta_h: 0 }, u, resolveQuadrature(options.quadrature));
  return { ...gatedKacRice({ ...params, beta_h: 0, g_h: bp.gH }, { ...options, deltaH: bp.deltaH }), u };
}

/**
 * The radial-law integral ∫_1^{ρ_max} τ(ρ)/ρ dρ of [GATE-RMT-7] / [GATE-KR-4] over sites s² with
 * weights, τ(ρ) = 1 − F(ρ) of [PSI-5] (`radialCdf` with a = s²), by composite Simpson in ρ with
 * `intervals` (even, default 400) intervals. τ vanishes linearly at ρ_max, so Simpson converges
 * like intervals⁻².
 */
export function gatedRadialPsi(s2: Float64Array, weights: Float64Array, intervals = 400): number {
  checkInteger('intervals', intervals, 2, 1e6);
  if (intervals % 2 !== 0) throw new InvalidParameterError('intervals', intervals, 'even integers');
  for (const [name, a] of [['s2', s2], ['weights', weights]] as const) {
    // s² of a sampled Gram matrix may be −1e-16 (round-off): only the weights must be ≥ 0.
    const lo = name === 'weights' ? 0 : -Infinity;
    if (a === null || typeof a !== 'object' || typeof (a as { length?: unknown }).length !== 'number') throw new InvalidParameterError(name, a, 'an array of finite numbers');
    for (let i = 0; i < a.length; i++) if (!(Number.isFinite(a[i]) && a[i] >= lo)) throw new InvalidParameterError(`${name}[${i}]`, a[i], name === 'weights' ? '[0, inf)' : 'finite numbers');
  }
  if (s2.length !== weights.length) throw new InvalidParameterError('weights.length', weights.length, `s2.length = ${s2.length}`);
  let m = 0;
  for (let i = 0; i < s2.length; i++) m += weights[i] * s2[i];
  const rhoMax = Math.sqrt(m);
  if (!(rhoMax > 1)) return 0;
  const h = (rhoMax - 1) / intervals;
  let acc = 0;
  for (let k = 0; k <= intervals; k++) {
    const rho = 1 + k * h;
    const tau = k === intervals ? 0 : radialCdf(s2, weights, rho).complement;
    acc += (k === 0 || k === intervals ? 1 : k % 2 === 1 ? 4 : 2) * (tau / rho);
  }
  return (acc * h) / 3;
}
