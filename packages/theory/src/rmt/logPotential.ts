/**
 * Log-potential and Green's function from the Ψ-formula, [PSI-1] and [PSI-4], in a form that any
 * model whose characteristic determinant factors as
 * ```
 * det(λ − J) ∝ Π_p (λ − p)^{N c_p / κ} · det(1 − K(λ) U),        U Ginibre,  K diagonal
 * ```
 * can reuse. The general log-potential is
 * ```
 * Φ(λ) = D(λ) + κ Ψ(λ),        D(λ) = Σ_p c_p log|λ − p|²          ("diagonal part")
 * G(λ) = ∂_λΦ = Σ_p c_p/(λ − p) + κ u ⟨∂_λa/(1 + a u)⟩
 * ```
 * with Ψ, u from [PSI-3] on the model's site variables a_i(λ). Instances:
 * - GRU with d ≡ 0 ([PSI-1], [PSI-2]): poles −s_i with c_i = w_i, κ = 1,
 *   a_i = g_h² ρ_i² l_i²/|λ + s_i|², l_i = s_i φ′_i, ∂_λa_i = −a_i/(λ + s_i) ({@link gruPsiModel});
 * - LSTM ([LSTM-RMT-4], normalised over 2N): poles −(1 − f_i) with c_i = w_i/2 and −1 with c = ½,
 *   κ = ½, a_i from [LSTM-RMT-2];
 * - circular law: pole 0 with c = 1, κ = 1, a = 1/|λ|² gives Φ = |λ|² − 1 inside the unit disk.
 *
 * Derivatives are Wirtinger derivatives ∂_λ = (∂_x − i∂_y)/2 of the real function Φ; the density is
 * ρ = (1/π)∂_λ̄ G ([PSI-4]); masses come from contour integrals of G ({@link contourMass}).
 *
 * @module
 */
import { InvalidParameterError, type Complex } from '@gatefield/numerics';
import type { GreenFunction, PoleSet } from './contourMass.js';
import { psiDerivative, psiRoot, type PsiResult, type PsiRootOptions } from './psiFormula.js';
import { assertColumns, type SiteSample } from './siteSample.js';

/** A model for the Ψ-formula log-potential (see the module comment). */
export interface PsiModel {
  /** Weights of the Ψ sites (sum 1). */
  readonly weights: Float64Array;
  /**
   * Fill a_i(λ) ≥ 0 and the real/imaginary parts of ∂_λ a_i(λ) (Wirtinger), i = 0..n−1.
   * Called in hot paths: write into the given arrays, allocate nothing.
   */
  siteVariable(lambda: Complex, a: Float64Array, daRe: Float64Array, daIm: Float64Array): void;
  /** Diagonal part D(λ) = Σ_p c_p log|λ − p|²: poles p and coefficients c_p. */
  readonly poles: PoleSet;
  /** κ in Φ = D + κΨ. Default 1. */
  readonly psiScale?: number;
  /**
   * Optional squared island radius of pole p at the root u (see `islandRadius2` of
   * {@link GreenFunction}): for the GRU r_i² = g_h²ρ_i²l_i² u, since the site term of G is
   * 1/((λ + s_i)(1 + a_i u)) = (λ̄ + s_i)/(|λ + s_i|² + g_h²ρ_i²l_i² u).
   */
  islandRadius2?(pole: number, lambda: Complex, u: number): number;
}

/** Result of {@link psiLogPotential}. */
export interface LogPotentialResult {
  lambda: Complex;
  /** Φ(λ) = D + κΨ ([PSI-1]). */
  phi: number;
  /** G(λ) = ∂_λΦ ([PSI-4]). */
  green: Complex;
  /** D(λ). */
  diagonal: number;
  /** ∂_λD = Σ_p c_p/(λ − p): the holomorphic Green's function outside the bulk. */
  diagonalGreen: Complex;
  /** ∂_λΨ = u⟨∂_λa/(1 + au)⟩ (without the factor κ). */
  psiGreen: Complex;
  /** The Ψ-formula solution ([PSI-3], [NUM-7]). */
  psi: PsiResult;
  inBulk: boolean;
}

/**
 * Diagonal part of [PSI-1], D(λ) = Σ_p c_p log|λ − p|² (for the GRU ⟨log|λ + s|²⟩), and its
 * Wirtinger derivative Σ_p c_p/(λ − p) (= Σ_p c_p (λ̄ − p̄)/|λ − p|², no complex division), the
 * holomorphic Green's function outside the bulk ([PSI-4]).
 */
export function diagonalPart(poles: PoleSet, lambda: Complex): { value: number; green: Complex } {
  let value = 0;
  let gr = 0;
  let gi = 0;
  for (let p = 0; p < poles.weights.length; p++) {
    const c = poles.weights[p];
    const xr = lambda.re - poles.re[p];
    const xi = lambda.im - poles.im[p];
    const m2 = xr * xr + xi * xi;
    value += c * Math.log(m2);
    gr += (c * xr) / m2;
    gi -= (c * xi) / m2;
  }
  return { value, green: { re: gr, im: gi } };
}

/**
 * Combine arrays into Φ and G (the array form of the construction): given a_i, ∂_λa_i, weights,
 * the diagonal part and κ, return Φ = D + κΨ and G = ∂D + κ u⟨∂_λa/(1 + au)⟩ ([PSI-1], [PSI-4]).
 */
export function combineLogPotential(
  lambda: Complex,
  a: Float64Array,
  daRe: Float64Array,
  daIm: Float64Array,
  weights: Float64Array,
  diagonal: { value: number; green: Complex },
  psiScale = 1,
  options: PsiRootOptions = {},
): LogPotentialResult {
  const psi = psiRoot(a, weights, options);
  const dPsi = psiDerivative(a, daRe, daIm, weights, psi.u);
  return {
    lambda,
    phi: diagonal.value + psiScale * psi.psi,
    green: { re: diagonal.green.re + psiScale * dPsi.re, im: diagonal.green.im + psiScale * dPsi.im },
    diagonal: diagonal.value,
    diagonalGreen: diagonal.green,
    psiGreen: dPsi,
    psi,
    inBulk: psi.inBulk,
  };
}

/** Φ(λ) and G(λ) = ∂_λΦ of a {@link PsiModel} ([PSI-1], [PSI-3], [PSI-4]). */
export function psiLogPotential(model: PsiModel, lambda: Complex, options: PsiRootOptions = {}): LogPotentialResult {
  const n = model.weights.length;
  const a = new Float64Array(n);
  const daRe = new Float64Array(n);
  const daIm = new Float64Array(n);
  model.siteVariable(lambda, a, daRe, daIm);
  return combineLogPotential(lambda, a, daRe, daIm, model.weights, diagonalPart(model.poles, lambda), model.psiScale ?? 1, options);
}

/**
 * Bulk margin ⟨a(λ)⟩ − 1 of a {@link PsiModel}: Ψ ≠ 0 iff it is > 0 ([PSI-3]); for the GRU with
 * d ≡ 0 this is the support functional Λ(λ) − 1 of [GRU-RMT-3]. (Allocates scratch arrays; the
 * Green function of {@link psiGreenFunction} reuses its own.)
 */
export function psiBulkMargin(model: PsiModel, lambda: Complex): number {
  const n = model.weights.length;
  const a = new Float64Array(n);
  model.siteVariable(lambda, a, new Float64Array(n), new Float64Array(n));
  let m = -1;
  for (let i = 0; i < n; i++) m += model.weights[i] * a[i];
  return m;
}

/**
 * The Ψ-formula Green's function [PSI-4] as a {@link GreenFunction} for {@link contourMass}
 * ([LSTM-RMT-5], [NUM-10]): evaluate G,
 * bulk margin ⟨a⟩ − 1, and the poles of the diagonal part (outside the bulk G = ∂D exactly).
 * The scalar root needs no warm start.
 */
export function psiGreenFunction(model: PsiModel, options: PsiRootOptions = {}): GreenFunction {
  const n = model.weights.length;
  const a = new Float64Array(n);
  const daRe = new Float64Array(n);
  const daIm = new Float64Array(n);
  return {
    evaluate(lambda: Complex) {
      model.siteVariable(lambda, a, daRe, daIm);
      const r = combineLogPotential(lambda, a, daRe, daIm, model.weights, diagonalPart(model.poles, lambda), model.psiScale ?? 1, options);
      return { g: r.green, inBulk: r.inBulk, state: r.psi.u };
    },
    bulkMargin: (lambda: Complex) => {
      model.siteVariable(lambda, a, daRe, daIm);
      let m = -1;
      for (let i = 0; i < n; i++) m += model.weights[i] * a[i];
      return m;
    },
    poles: model.poles,
    islandRadius2: model.islandRadius2 ? (p: number, lambda: Complex, u: unknown) => (model.islandRadius2 as NonNullable<PsiModel['islandRadius2']>)(p, lambda, typeof u === 'number' ? u : 0) : undefined,
  };
}

/**
 * The GRU without the reset-derivative term (d ≡ 0) as a {@link PsiModel}, [PSI-1], [PSI-2]:
 * ```
 * a_i(λ) = g_h² ρ_i² l_i² / |λ + s_i|²,     ∂_λ a_i = −a_i/(λ + s_i) = −a_i (λ̄ + s_i)/|λ + s_i|²
 * Φ(λ) = ⟨log|λ + s|²⟩ + Ψ(λ),               G = ⟨1/(λ + s)⟩ + u⟨∂_λa/(1 + au)⟩
 * ```
 * Columns used: `s`, `l` (= s φ′), `rho`; a `d` column, if present, is ignored (use the SCBA,
 * {@link scbaSolve}, when d ≠ 0).
 *
 * @param sites site sample with columns s, l, rho.
 * @param gH2 g_h² (variance scale of U_h, [G-6]).
 */
export function gruPsiModel(sites: SiteSample<'s' | 'l' | 'rho'>, gH2: number): PsiModel {
  assertColumns(sites, ['s', 'l', 'rho']);
  if (!(gH2 >= 0) || !Number.isFinite(gH2)) throw new InvalidParameterError('gH2', gH2, '[0, inf)');
  const n = sites.weights.length;
  const { s, l, rho, weights } = sites;
  const c2 = new Float64Array(n);
  for (let i = 0; i < n; i++) c2[i] = gH2 * rho[i] * rho[i] * l[i] * l[i];
  const poles: PoleSet = { re: s.map((v) => -v), im: new Float64Array(n), weights };
  return {
    weights,
    poles,
    psiScale: 1,
    islandRadius2: (p: number, _lambda: Complex, u: number) => c2[p] * u,
    siteVariable(lambda, a, daRe, daIm) {
      for (let i = 0; i < n; i++) {
        const xr = lambda.re + s[i];
        const xi = lambda.im;
        const m2 = xr * xr + xi * xi;
        const ai = c2[i] / m2;
        a[i] = ai;
        daRe[i] = (-ai * xr) / m2;
        daIm[i] = (ai * xi) / m2;
      }
    },
  };
}
