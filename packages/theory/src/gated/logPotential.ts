/**
 * Log-potential of the (h, r)-block of the gated-RNN fixed-point Jacobian [GATE-RMT-7]:
 * ```
 *   Φ(λ) = (1/N) ln|det(λ − A_hr)| = ln|λ + 1/τ_r| + ⟨ln|λ + σ_z/τ_h|⟩ + Ψ(λ)
 *   Ψ(λ) = ∫_1^{ρ_max} τ(ρ;λ)/ρ dρ,      ⟨s²/(τ s² + ρ²)⟩ = 1,      ρ_max² = ⟨s²⟩ = F(λ)
 * ```
 * over the singular values s of Y(λ)D_z(λ) [GATE-RMT-3], [GATE-RMT-8]. The derivation: eliminate r
 * ((1 + λτ_r) r = J^r[c]h), factor out det(λ + [σ_z]/τ_h), and use that J^h Y D_z has the spectrum of
 * J^h·diag(s) (J^h is bi-unitarily invariant), whose log|det(1 − ·)| is the radial-law integral.
 *
 * Implementation. The radial-law integral equals half the Ψ-formula of [PSI-3] with site variables
 * a_j = s_j² (substitute ρ² = w⟨s²/(w + s²)⟩; `psiRoot`), so
 * ```
 *   Φ = ½ log|λ + 1/τ_r|² + ½⟨log|λ + σ_z/τ_h|²⟩ + ½ Ψ_PSI(s²)
 * ```
 * is a Ψ-model of `rmt/logPotential.ts` with poles −1/τ_r (weight ½) and −σ_z,j/τ_h (weights w_j/2)
 * and scale κ = ½; its Green function G = ∂_λΦ (Wirtinger) gives the gradient ∇Φ = (2 Re G, −2 Im G)
 * and, through `contourMass`, disk masses as fractions of the 2N (h, r) eigenvalues ([OQ-18]).
 * The radial-integral form itself is {@link gatedRadialPsi} (kacRice.ts), used as a cross-check.
 * Φ = −∞ exactly at a point mass of the diagonal part (λ = −1/τ_r, or a pole −σ_z,j/τ_h of the sites
 * outside the bulk): the log-potential of a point charge, not a failure.
 *
 * Two ways to get s ([GATE-RMT-8]):
 * - `closed-form` (α_r = 0, default then): s = |a σ_z/(λτ_h + σ_z)| with a = φ′(h) s_r; sites are the
 *   product of a `hNodes`-point Gauss–Hermite rule in h ~ N(0, Δ_h) and a `zNodes`-point rule in
 *   z ~ N(0, Δ_z) (defaults 48 × 160); G is analytic ([PSI-4]).
 * - `sampled` (any α_r; default when α_r ≠ 0): a seeded stratified sample of `sampleSize` units and
 *   one J^r (singularValues.ts, default 256 units, seed 1). The gradient of the diagonal part is
 *   analytic; that of Ψ uses the envelope theorem (∂Ψ_PSI = (1/n)∂ ln det(1 + uH) at the root u held
 *   fixed) with central differences of Cholesky log-determinants, step `gradientStep`·max(1, |λ|)
 *   (default 1e-5: the log-determinants are accurate to ~1e-13, so the rounding error ~1e-8 and the
 *   truncation error ~1e-10 are both negligible).
 *
 * @module
 */
import { InvalidParameterError, NonPhysicalError, checkFinite, checkInteger, gaussHermite, type Complex } from '@gatefield/numerics';
import type { GreenFunction, PoleSet } from '../rmt/contourMass.js';
import { diagonalPart, psiGreenFunction, psiLogPotential, type PsiModel } from '../rmt/logPotential.js';
import { psiRoot, type PsiResult, type PsiRootOptions } from '../rmt/psiFormula.js';
import { type GatedFixedPointOptions, gatedFixedPoint } from './fixedPoint.js';
import { type GatedParameters, gatedGate, gatedPhiPrime, gatedRestingGate, resolveGatedParameters } from './parameters.js';
import { type GatedUnitSample, gatedSampleGram, gatedUnitSample, gatedUnitSampleFromStates, hermitianEigenvalues, logDetOnePlus } from './singularValues.js';

/** Options of {@link gatedSpectralModel}. */
export interface GatedLogPotentialOptions {
  /** `'auto'` (default: closed form iff α_r = 0 and no `units`), `'closed-form'` (needs α_r = 0) or `'sampled'`. */
  method?: 'auto' | 'closed-form' | 'sampled';
  /** Gauss–Hermite nodes in h for the closed form. Default 48. */
  hNodes?: number;
  /** Gauss–Hermite nodes in z for the closed form. Default 160. */
  zNodes?: number;
  /** Units in the sampled path. Default 256. */
  sampleSize?: number;
  /** Seed of the sampled path. Default 1. */
  seed?: number;
  /** Relative central-difference step of the sampled gradient. Default 1e-5. */
  gradientStep?: number;
  /** Options of the Ψ-formula root ([NUM-7]). */
  psi?: PsiRootOptions;
  /** Options of the fixed point [GATE-FP-1]. */
  fixedPoint?: GatedFixedPointOptions;
  /**
   * Sampled path only: use these per-unit states (h, z, r) instead of the stratified sample from the
   * mean-field law, e.g. the empirical state of a finite network (and optionally its J^r, row-major).
   */
  units?: { h: ArrayLike<number>; z: ArrayLike<number>; r: ArrayLike<number>; jr?: Float64Array };
}

/** Settings recorded in every result. */
export interface GatedLogPotentialSettings {
  method: 'closed-form' | 'sampled';
  hNodes: number;
  zNodes: number;
  sampleSize: number;
  seed: number | null;
  gradientStep: number;
  psi: Required<PsiRootOptions>;
}

/** Φ and its gradient at one λ. */
export interface GatedLogPotentialValue {
  lambda: Complex;
  /** Φ(λ) = (1/N) ln|det(λ − A_hr)| ([GATE-RMT-7]). */
  phi: number;
  /** Ψ(λ) (the radial-law part). */
  psi: number;
  /** ∇Φ = (∂_xΦ, ∂_yΦ), λ = x + iy. */
  gradient: [number, number];
  /** G = ∂_λΦ = (∂_xΦ − i∂_yΦ)/2. */
  green: Complex;
  /** ⟨s²⟩ > 1 (λ in the bulk, [GATE-RMT-2]). */
  inBulk: boolean;
  /** ρ_max² = ⟨s²⟩ on the sites used. */
  rhoMax2: number;
  converged: true;
  /** Residual of the Ψ root. */
  residual: number;
  iterations: number;
}

/** The spectral model at one parameter set (fixed point, sites, Green function). */
export interface GatedSpectralModel {
  params: GatedParameters;
  fixedPoint: { deltaH: number; deltaZ: number; deltaR: number; stabilityFunctional: number; stable: boolean };
  settings: GatedLogPotentialSettings;
  /** Seed of the sampled path (null for the closed form). */
  seed: number | null;
  /** Φ, Ψ, ∇Φ at λ = re + i·im. */
  evaluate(re: number, im: number): GatedLogPotentialValue;
  /** G = ∂_λΦ for `contourMass` / `eigenvalueDensity` (mass normalised over the 2N (h, r) eigenvalues). */
  green: GreenFunction;
  /** Bulk margin ⟨s²⟩ − 1 (cheap; > 0 inside the bulk). */
  bulkMargin(re: number, im: number): number;
  /** The unit sample of the sampled path. */
  sample: GatedUnitSample | null;
}

/** Result of {@link gatedLogPotential}. */
export interface GatedLogPotentialResult extends GatedLogPotentialValue {
  params: GatedParameters;
  seed: number | null;
  settings: GatedLogPotentialSettings;
}

/** The closed-form (α_r = 0) Ψ-model: poles −σ_z/τ_h, a = (φ′ s_r σ_z/τ_h)²/|λ + σ_z/τ_h|². */
function closedFormModel(p: GatedParameters, deltaH: number, deltaZ: number, hNodes: number, zNodes: number): PsiModel {
  const gh = gaussHermite(hNodes), gz = gaussHermite(zNodes);
  const sr = gatedRestingGate(p.beta_r);
  const n = hNodes * zNodes;
  const weights = new Float64Array(n), pole = new Float64Array(n), c2 = new Float64Array(n);
  const sh = Math.sqrt(deltaH), sz = Math.sqrt(deltaZ);
  let k = 0;
  for (let i = 0; i < hNodes; i++) {
    const ai = gatedPhiPrime(p, sh * gh.nodes[i]) * sr;
    for (let j = 0; j < zNodes; j++, k++) {
      const s = gatedGate(sz * gz.nodes[j], p.alpha_z, p.beta_z) / p.tau_h;
      weights[k] = gh.weights[i] * gz.weights[j];
      pole[k] = s;
      c2[k] = ai * ai * s * s;
    }
  }
  const poles: PoleSet = { re: new Float64Array(n + 1), im: new Float64Array(n + 1), weights: new Float64Array(n + 1) };
  for (let q = 0; q < n; q++) { poles.re[q] = -pole[q]; poles.weights[q] = weights[q] / 2; }
  poles.re[n] = -1 / p.tau_r;
  poles.weights[n] = 0.5;
  return {
    weights,
    poles,
    psiScale: 0.5,
    islandRadius2: (q: number, _l: Complex, u: number) => (q < n ? c2[q] * u : 0),
    siteVariable(lambda, a, daRe, daIm) {
      for (let q = 0; q < n; q++) {
        const xr = lambda.re + pole[q], xi = lambda.im;
        const m2 = xr * xr + xi * xi;
        const v = m2 === 0 ? 0 : c2[q] / m2;
        a[q] = v;
        daRe[q] = m2 === 0 ? 0 : (-v * xr) / m2;
        daIm[q] = m2 === 0 ? 0 : (v * xi) / m2;
      }
    },
  };
}

/**
 * Build the spectral model of the (h, r) block at `params` (fixed point by [GATE-FP-1], sites by
 * the chosen method; see the module comment).
 *
 * @throws InvalidParameterError for `closed-form` with α_r ≠ 0 or bad options; the errors of
 *   {@link gatedFixedPoint}.
 */
export function gatedSpectralModel(params: Readonly<Partial<GatedParameters>>, options: GatedLogPotentialOptions = {}): GatedSpectralModel {
  const p = resolveGatedParameters(params);
  const requested = options.method ?? 'auto';
  if (!['auto', 'closed-form', 'sampled'].includes(requested)) throw new InvalidParameterError('method', requested, "'auto', 'closed-form' or 'sampled'");
  const method: 'closed-form' | 'sampled' = requested === 'auto' ? (p.alpha_r === 0 && !options.units ? 'closed-form' : 'sampled') : requested;
  if (method === 'closed-form' && options.units) throw new InvalidParameterError('units', 'given', "method 'sampled'", 'per-unit states need method "sampled"');
  if (method === 'closed-form' && p.alpha_r !== 0) throw new InvalidParameterError('method', method, "'sampled' when alpha_r ≠ 0", 'the closed-form singular values [GATE-RMT-8] need alpha_r = 0; use method "sampled"');
  const settings: GatedLogPotentialSettings = {
    method,
    hNodes: checkInteger('hNodes', options.hNodes ?? 48, 2, 1000),
    zNodes: checkInteger('zNodes', options.zNodes ?? 160, 2, 1000),
    sampleSize: checkInteger('sampleSize', options.sampleSize ?? 256, 8, 4096),
    seed: method === 'sampled' ? checkInteger('seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER) : null,
    gradientStep: checkFinite('gradientStep', options.gradientStep ?? 1e-5, 1e-10, 1e-2),
    psi: { tolerance: options.psi?.tolerance ?? 1e-13, maxIterations: options.psi?.maxIterations ?? 200 },
  };
  const fp = gatedFixedPoint(p, options.fixedPoint);
  const fixedPoint = { deltaH: fp.deltaH, deltaZ: fp.deltaZ, deltaR: fp.deltaR, stabilityFunctional: fp.stabilityFunctional, stable: fp.stable };
  if (method === 'closed-form') {
    const model = closedFormModel(p, fp.deltaH, fp.deltaZ, settings.hNodes, settings.zNodes);
    const green = psiGreenFunction(model, settings.psi);
    const evaluate = (re: number, im: number): GatedLogPotentialValue => {
      const r = psiLogPotential(model, { re, im }, settings.psi);
      return finiteValue({
        lambda: { re, im }, phi: r.phi, psi: 0.5 * r.psi.psi, gradient: [2 * r.green.re, -2 * r.green.im], green: r.green,
        inBulk: r.inBulk, rhoMax2: r.psi.meanA, converged: true, residual: r.psi.residual, iterations: r.psi.iterations,
      });
    };
    const bulkMargin = (re: number, im: number) => (green.bulkMargin as (l: Complex) => number)({ re, im });
    return { params: p, fixedPoint, settings, seed: null, evaluate, green, bulkMargin, sample: null };
  }
  const sample = options.units
    ? gatedUnitSampleFromStates(p, options.units.h, options.units.z, options.units.r, settings.seed as number, options.units.jr)
    : gatedUnitSample(p, fp.deltaH, fp.deltaZ, fp.deltaR, settings.sampleSize, settings.seed as number);
  settings.sampleSize = sample.n;
  const n = sample.n;
  const w = new Float64Array(n).fill(1 / n);
  const poles: PoleSet = { re: new Float64Array(n + 1), im: new Float64Array(n + 1), weights: new Float64Array(n + 1) };
  for (let j = 0; j < n; j++) { poles.re[j] = -sample.sigmaZ[j] / p.tau_h; poles.weights[j] = 0.5 / n; }
  poles.re[n] = -1 / p.tau_r;
  poles.weights[n] = 0.5;
  const phiAt = (re: number, im: number): { phi: number; psi: PsiResult; diag: { value: number; green: Complex } } => {
    // ⟨s²⟩ = tr H/n ≤ 1: outside the bulk Ψ = 0 exactly ([PSI-3]) and no eigenvalues are needed.
    const gram = gatedSampleGram(sample, re, im);
    let meanA = 0;
    for (let j = 0; j < n; j++) meanA += gram.re[j * n + j] / n;
    const psi: PsiResult = meanA <= 1
      ? { psi: 0, u: 0, meanA, inBulk: false, converged: true, residual: 0, iterations: 0, tolerance: settings.psi.tolerance }
      : psiRoot(hermitianEigenvalues(gram), w, settings.psi);
    const diag = diagonalPart(poles, { re, im });
    return { phi: diag.value + 0.5 * psi.psi, psi, diag };
  };
  const evaluate = (re: number, im: number): GatedLogPotentialValue => {
    const c = phiAt(re, im);
    // ∇Φ = ∇(diagonal part) exactly + ½∇Ψ_PSI; by the envelope theorem ∇Ψ_PSI = (1/n)∇ ln det(1 + u H(λ))
    // at the root u of λ held fixed, differenced with Cholesky log-determinants (no eigenvalues).
    let gx = 2 * c.diag.green.re, gy = -2 * c.diag.green.im;
    const u = c.psi.u;
    if (u > 0) {
      const h = settings.gradientStep * Math.max(1, Math.hypot(re, im));
      const ld = (x: number, y: number) => logDetOnePlus(gatedSampleGram(sample, x, y), u) / n;
      gx += (0.5 * (ld(re + h, im) - ld(re - h, im))) / (2 * h);
      gy += (0.5 * (ld(re, im + h) - ld(re, im - h))) / (2 * h);
    }
    return finiteValue({
      lambda: { re, im }, phi: c.phi, psi: 0.5 * c.psi.psi, gradient: [gx, gy], green: { re: gx / 2, im: -gy / 2 },
      inBulk: c.psi.inBulk, rhoMax2: c.psi.meanA, converged: true, residual: c.psi.residual, iterations: c.psi.iterations,
    });
  };
  const bulkMargin = (re: number, im: number): number => {
    const g = gatedSampleGram(sample, re, im); // ⟨s²⟩ = tr H / n
    let m = -1;
    for (let j = 0; j < n; j++) m += g.re[j * n + j] / n;
    return m;
  };
  const green: GreenFunction = {
    evaluate(lambda: Complex) {
      const v = evaluate(lambda.re, lambda.im);
      return { g: v.green, inBulk: v.inBulk };
    },
  };
  return { params: p, fixedPoint, settings, seed: settings.seed, evaluate, green, bulkMargin, sample };
}

/**
 * Throw NonPhysicalError unless Φ, its gradient and G are finite: at an atom of the spectrum (a pole
 * −σ_z/τ_h or −1/τ_r of the diagonal part of [GATE-RMT-7], e.g. λ = 0 when σ_z = 0) Φ = −∞.
 */
function finiteValue(v: GatedLogPotentialValue): GatedLogPotentialValue {
  for (const x of [v.phi, v.psi, v.gradient[0], v.gradient[1], v.green.re, v.green.im, v.rhoMax2]) {
    if (!Number.isFinite(x)) {
      throw new NonPhysicalError('log potential', Number.isNaN(v.phi) ? -Infinity : v.phi, `λ = ${v.lambda.re} + ${v.lambda.im}i is at (or within round-off of) an atom of the spectrum, where Φ = −∞ ([GATE-RMT-7]): evaluate off the atom`);
    }
  }
  return v;
}

/**
 * Φ(λ) of [GATE-RMT-7] with its gradient, at λ = re + i·im (convenience wrapper of
 * {@link gatedSpectralModel}; build the model once to evaluate many λ).
 */
export function gatedLogPotential(params: Readonly<Partial<GatedParameters>>, re: number, im = 0, options: GatedLogPotentialOptions = {}): GatedLogPotentialResult {
  checkFinite('re', re);
  checkFinite('im', im);
  const m = gatedSpectralModel(params, options);
  return { ...m.evaluate(re, im), params: m.params, seed: m.seed, settings: m.settings };
}
