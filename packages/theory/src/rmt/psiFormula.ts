/**
 * The Ψ-formula [PSI-3]: log-determinant of 1 − K U for a Ginibre U and a diagonal K, in terms of
 * the site variables a_i = |K_i|² × (variance of U), with its root [NUM-7] and its λ-derivative.
 *
 * ```
 * Ψ = 0                              if ⟨a⟩ ≤ 1
 * Ψ = ⟨log(1 + a u)⟩ − u             if ⟨a⟩ > 1,   u > 0 the root of  f(u) := ⟨a/(1 + a u)⟩ − 1 = 0
 * ```
 * Model-independent: the GRU ([PSI-2]), the LSTM ([LSTM-RMT-2]) and the complexity ([KR-9]) supply
 * their own a_i.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, checkFinite, checkInteger, type Complex } from '@gatefield/numerics';

/** Options of {@link psiRoot}. */
export interface PsiRootOptions {
  /**
   * Convergence tolerance on the residual |⟨a/(1 + a u)⟩ − 1| of [NUM-7]. Default 1e-13: the
   * residual is an average of O(1) terms, so its rounding floor is a few 1e-16.
   */
  tolerance?: number;
  /** Maximum Newton/bisection iterations. Default 200. */
  maxIterations?: number;
}

/** Result of {@link psiRoot}. */
export interface PsiResult {
  /** Ψ of [PSI-3]. */
  psi: number;
  /** The root u of [NUM-7] (0 when ⟨a⟩ ≤ 1). */
  u: number;
  /** ⟨a⟩; Ψ ≠ 0 iff ⟨a⟩ > 1 (the bulk criterion [GRU-RMT-3] for the GRU with d ≡ 0). */
  meanA: number;
  /** ⟨a⟩ > 1. */
  inBulk: boolean;
  converged: true;
  /** |⟨a/(1 + a u)⟩ − 1| at the returned u (0 when ⟨a⟩ ≤ 1). */
  residual: number;
  iterations: number;
  tolerance: number;
}

/**
 * Solve [NUM-7] and evaluate Ψ [PSI-3].
 *
 * Numerical choices. f(u) = ⟨a/(1 + a u)⟩ − 1 is strictly decreasing (f′ = −⟨a²/(1+au)²⟩ < 0)
 * and strictly convex (f″ = 2⟨a³/(1+au)³⟩ > 0) on u ≥ 0, with f(0) = ⟨a⟩ − 1 > 0. The root lies in
 * the bracket (0, 1 − 1/⟨a⟩]: Jensen (x ↦ x/(1+xu) is concave) gives f(u) ≤ ⟨a⟩/(1+⟨a⟩u) − 1.
 * Newton started at the left end of a convex decreasing function increases monotonically to the
 * root without overshoot, and converges quadratically near it; the bracket is kept anyway and a
 * bisection step replaces any Newton step that would leave it (rounding safeguard). Ψ uses
 * `log1p`, so it is accurate when a u ≪ 1.
 *
 * @param a per-site a_i ≥ 0 (finite).
 * @param weights site weights (sum 1), same length.
 * @throws {InvalidParameterError} on ragged input or a negative/non-finite a_i.
 * @throws {ConvergenceError} if the budget is exhausted.
 */
export function psiRoot(a: Float64Array, weights: Float64Array, options: PsiRootOptions = {}): PsiResult {
  const tolerance = checkFinite('tolerance', options.tolerance ?? 1e-13, Number.MIN_VALUE, 1, '(0, 1]');
  const maxIterations = checkInteger('maxIterations', options.maxIterations ?? 200, 1, 1e6);
  const n = weights.length;
  if (a.length !== n) throw new InvalidParameterError('a.length', a.length, `${n} (the number of weights)`);
  let meanA = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i];
    if (!(ai >= 0) || ai === Infinity) throw new InvalidParameterError(`a[${i}]`, ai, 'finite numbers >= 0');
    meanA += weights[i] * ai;
  }
  if (!(meanA > 1)) {
    return { psi: 0, u: 0, meanA, inBulk: false, converged: true, residual: 0, iterations: 0, tolerance };
  }
  let lo = 0;
  let hi = 1 - 1 / meanA;
  let u = 0;
  let f = meanA - 1;
  let fp = 0;
  for (let i = 0; i < n; i++) fp -= weights[i] * a[i] * a[i];
  let iterations = 0;
  for (let it = 1; it <= maxIterations; it++) {
    iterations = it;
    let next = u - f / fp;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    u = next;
    f = -1;
    fp = 0;
    for (let i = 0; i < n; i++) {
      const q = a[i] / (1 + a[i] * u);
      f += weights[i] * q;
      fp -= weights[i] * q * q;
    }
    if (f > 0) lo = u;
    else hi = u;
    if (Math.abs(f) <= tolerance) {
      let psi = -u;
      for (let i = 0; i < n; i++) psi += weights[i] * Math.log1p(a[i] * u);
      return { psi, u, meanA, inBulk: true, converged: true, residual: Math.abs(f), iterations: it, tolerance };
    }
    if (hi - lo <= 4 * Number.EPSILON * hi) break;
  }
  throw new ConvergenceError('Psi-formula root [NUM-7]', Math.abs(f), iterations, { tolerance, maxIterations });
}

/**
 * λ-derivative of Ψ (Wirtinger ∂_λ = (∂_x − i∂_y)/2), [PSI-4]:
 * ```
 * ∂_λΨ = u ⟨ ∂_λa / (1 + a u) ⟩
 * ```
 * Envelope theorem: Ψ(u) = ⟨log(1+au)⟩ − u is stationary in u at the root (∂Ψ/∂u = f(u) = 0), so
 * the implicit dependence u(λ) does not contribute. Valid on both branches (u = 0 gives 0).
 *
 * @param a site variables a_i(λ).
 * @param daRe real parts of ∂_λ a_i.
 * @param daIm imaginary parts of ∂_λ a_i.
 * @param weights site weights (sum 1).
 * @param u the root from {@link psiRoot} at the same λ.
 */
export function psiDerivative(
  a: Float64Array,
  daRe: Float64Array,
  daIm: Float64Array,
  weights: Float64Array,
  u: number,
): Complex {
  if (u === 0) return { re: 0, im: 0 };
  let re = 0;
  let im = 0;
  for (let i = 0; i < weights.length; i++) {
    const f = weights[i] / (1 + a[i] * u);
    re += f * daRe[i];
    im += f * daIm[i];
  }
  return { re: u * re, im: u * im };
}
