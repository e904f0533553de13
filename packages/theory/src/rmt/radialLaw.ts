/**
 * Radial law of the eigenvalues of K U (U Ginibre, K diagonal), [PSI-5], parametric in w > 0:
 * ```
 * r²(w) = ⟨ a w/(w + a) ⟩,          F(r(w)) = ⟨ w/(w + a) ⟩
 * ```
 * with a_i = |K_i|² × (variance of U). F(r) is the fraction of eigenvalues with modulus ≤ r; the
 * law is rotation invariant (K U is R-diagonal, [GRU-RMT-1]). r(w) increases from 0 (w → 0) to the
 * outer radius √⟨a⟩ (w → ∞, [GRU-RMT-2]); F increases from P(a = 0) (sites with a = 0 give exact
 * zero eigenvalues) to 1.
 *
 * @module
 */
import { brent, checkFinite, checkInteger, InvalidParameterError } from '@gatefield/numerics';

/** Options of {@link radialCdf}. */
export interface RadialLawOptions {
  /** Relative tolerance on log w in Brent's method. Default 1e-14. */
  tolerance?: number;
  /** Maximum Brent iterations. Default 200. */
  maxIterations?: number;
}

/** Result of {@link radialCdf}. */
export interface RadialCdfResult {
  r: number;
  /** F(r): fraction of eigenvalues with |μ| ≤ r. */
  F: number;
  /** 1 − F(r) = ⟨a/(w + a)⟩, computed without cancellation. */
  complement: number;
  /**
   * The parameter w solving r²(w) = r² (0 at r = 0); null at or beyond the outer radius, where no
   * finite w solves it (w → ∞, F = 1).
   */
  w: number | null;
  /** Outer radius √⟨a⟩. */
  outerRadius: number;
  converged: true;
  /** |r²(w) − r²| / r². */
  residual: number;
  iterations: number;
}

function checkSites(a: Float64Array, weights: Float64Array): { meanA: number; meanA2: number; zeroMass: number } {
  if (typeof a?.length !== 'number') throw new InvalidParameterError('a', a, 'an array of a_i ≥ 0');
  if (typeof weights?.length !== 'number') throw new InvalidParameterError('weights', weights, 'an array of weights ≥ 0 with a positive sum');
  if (a.length !== weights.length) throw new InvalidParameterError('a.length', a.length, `${weights.length}`);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const wi = weights[i];
    if (!(wi >= 0) || wi === Infinity) throw new InvalidParameterError(`weights[${i}]`, wi, 'finite numbers >= 0', `invalid weights[${i}] = ${wi}: valid range is finite numbers >= 0 (the site weights of [PSI-5] are probabilities)`);
    sum += wi;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) throw new InvalidParameterError('weights', sum, 'a positive finite sum', `invalid weights: valid range is a positive finite sum (got ${sum})`);
  let meanA = 0;
  let meanA2 = 0;
  let zeroMass = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    if (!(ai >= 0) || ai === Infinity) throw new InvalidParameterError(`a[${i}]`, ai, 'finite numbers >= 0');
    meanA += weights[i] * ai;
    meanA2 += weights[i] * ai * ai;
    if (ai === 0) zeroMass += weights[i];
  }
  return { meanA, meanA2, zeroMass };
}

/** r²(w) = ⟨a w/(w + a)⟩ of [PSI-5] (= ⟨a⟩ − ⟨a²/(w + a)⟩; the first form has no cancellation). */
export function radialSquare(a: Float64Array, weights: Float64Array, w: number): number {
  let r2 = 0;
  for (let i = 0; i < a.length; i++) r2 += (weights[i] * a[i] * w) / (w + a[i]);
  return r2;
}

/**
 * F(r) of [PSI-5] at a requested radius: solve r²(w) = r² for w, then F = ⟨w/(w + a)⟩.
 *
 * Numerical choices. r²(w) is strictly increasing (dr²/dw = ⟨a²/(w+a)²⟩ > 0), and bracketed by
 * r²(w) ≤ w (so w ≥ r²) and r²(w) ≥ ⟨a⟩ − ⟨a²⟩/w (so w ≤ ⟨a²⟩/(⟨a⟩ − r²)). w spans many decades
 * near the two ends, so Brent's method is run on t = log w over that bracket.
 *
 * @param a site variables a_i ≥ 0.
 * @param weights site weights (sum 1).
 * @param r radius ≥ 0.
 */
export function radialCdf(a: Float64Array, weights: Float64Array, r: number, options: RadialLawOptions = {}): RadialCdfResult {
  const { meanA, meanA2, zeroMass } = checkSites(a, weights);
  if (!(r >= 0) || !Number.isFinite(r)) throw new InvalidParameterError('r', r, '[0, inf)');
  const outerRadius = Math.sqrt(meanA);
  const base = { r, outerRadius, converged: true as const, residual: 0, iterations: 0 };
  if (r === 0) return { ...base, F: zeroMass, complement: 1 - zeroMass, w: 0 };
  const r2 = r * r;
  if (r2 >= meanA) return { ...base, F: 1, complement: 0, w: null };
  const lo = Math.log(r2);
  const hi = Math.log(meanA2 / (meanA - r2));
  const g = (t: number): number => radialSquare(a, weights, Math.exp(t)) / r2 - 1;
  const tolerance = checkFinite('tolerance', options.tolerance ?? 1e-14, Number.MIN_VALUE, 1, '(0, 1]');
  const maxIterations = checkInteger('maxIterations', options.maxIterations ?? 200, 1, 1e6);
  const root = lo >= hi ? { root: lo, iterations: 0 } : brent(g, lo, hi, { xtol: tolerance, rtol: 4 * Number.EPSILON, maxIterations });
  const w = Math.exp(root.root);
  let F = 0;
  let complement = 0;
  for (let i = 0; i < a.length; i++) {
    F += (weights[i] * w) / (w + a[i]);
    complement += (weights[i] * a[i]) / (w + a[i]);
  }
  return { ...base, F, complement, w, residual: Math.abs(g(root.root)), iterations: root.iterations };
}

/** The curve of {@link radialLawCurve}. */
export interface RadialLawCurve {
  r: Float64Array;
  F: Float64Array;
  /** w(r) of {@link radialCdf}; Infinity at the outer radius (the limit w → ∞). */
  w: Float64Array;
  outerRadius: number;
}

/**
 * The radial CDF curve F(r) of [PSI-5] on `points` radii evenly spaced in [0, √⟨a⟩] (endpoints
 * included), each from {@link radialCdf}.
 */
export function radialLawCurve(a: Float64Array, weights: Float64Array, points = 101, options: RadialLawOptions = {}): RadialLawCurve {
  if (!Number.isInteger(points) || points < 2) throw new InvalidParameterError('points', points, 'integers >= 2');
  const { meanA } = checkSites(a, weights);
  const outerRadius = Math.sqrt(meanA);
  const r = new Float64Array(points);
  const F = new Float64Array(points);
  const w = new Float64Array(points);
  for (let k = 0; k < points; k++) {
    r[k] = (outerRadius * k) / (points - 1);
    const res = radialCdf(a, weights, r[k], options);
    F[k] = res.F;
    w[k] = res.w ?? Infinity;
  }
  return { r, F, w, outerRadius };
}

/**
 * Parametric form of [PSI-5] at given w values (no root finding): r(w) and F(w).
 */
export function radialLawParametric(a: Float64Array, weights: Float64Array, w: ArrayLike<number>): { r: Float64Array; F: Float64Array } {
  checkSites(a, weights);
  const r = new Float64Array(w.length);
  const F = new Float64Array(w.length);
  for (let k = 0; k < w.length; k++) {
    const wk = w[k];
    if (!(wk > 0)) throw new InvalidParameterError(`w[${k}]`, wk, '(0, inf)');
    r[k] = Math.sqrt(radialSquare(a, weights, wk));
    let f = 0;
    for (let i = 0; i < a.length; i++) f += (weights[i] * wk) / (wk + a[i]);
    F[k] = f;
  }
  return { r, F };
}
