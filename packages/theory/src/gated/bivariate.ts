/**
 * Bivariate Gaussian averages G(c) = E[f(x) f(y)], var x = var y = c₀, cov(x, y) = c, tabulated as a
 * Chebyshev interpolant in c ∈ [−c₀, c₀] ([GATE-DMFT-7], [GATE-DMFT-8], [NUM-5]).
 *
 * Each value uses the [NUM-5] decomposition x = √|c| ξ + √(c₀ − |c|) ζ₁, y = ±√|c| ξ + √(c₀ − |c|) ζ₂
 * with an n×n Gauss–Hermite tensor rule, factorised as Σ_i w_i A(ξ_i) A(±ξ_i),
 * A(ξ) = Σ_j w_j f(√|c| ξ + √(c₀−|c|) ζ_j) (cost n² per c instead of n³).
 *
 * Why a table: the DMFT needs G at every lag (thousands of points) in every iteration, while G is
 * an analytic function of c alone (Mehler series G(c) = Σ_k c^k ⟨f^{(k)}⟩²/k!). A Chebyshev
 * interpolant with m nodes is spectrally accurate, so m ≈ 64 evaluations replace thousands.
 *
 * @module
 */
import { type GaussianRule, InvalidParameterError, checkFinite, gaussHermite } from '@gatefield/numerics';

/** E[f(x) f(y)] at variance c0 and covariance c by the [NUM-5] tensor rule. */
export function bivariateGaussAverage(f: (x: number) => number, c0: number, c: number, rule: GaussianRule): number {
  checkFinite('c0', c0, 0, Infinity);
  checkFinite('c', c);
  if (typeof f !== 'function') throw new InvalidParameterError('f', f, 'a function of one number');
  const n = rule.size;
  const cc = Math.min(Math.abs(c), c0);
  const a = Math.sqrt(cc), b = Math.sqrt(Math.max(c0 - cc, 0));
  const A = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += rule.weights[j] * f(a * rule.nodes[i] + b * rule.nodes[j]);
    A[i] = s;
  }
  let acc = 0;
  // Gauss–Hermite nodes are symmetric: node n−1−i = −node i.
  for (let i = 0; i < n; i++) acc += rule.weights[i] * A[i] * (c >= 0 ? A[i] : A[n - 1 - i]);
  return acc;
}

/** A Chebyshev interpolant of G(c) on [−c0, c0]. */
export interface BivariateGaussTable {
  c0: number;
  /** Chebyshev coefficients. */
  coeffs: Float64Array;
  /** |last two coefficients| / max |coefficient|: a tail estimate of the interpolation error. */
  tail: number;
  evaluate(c: number): number;
  /** Evaluate at every entry of `cs` into `out`. */
  map(cs: Float64Array, out?: Float64Array): Float64Array;
}

/**
 * Tabulate G on m Chebyshev points of [−c0, c0] (nodes n of the Gauss–Hermite rule per axis).
 * The inner averages A(ξ) depend on |c| only, so each symmetric pair of nodes ±c shares one pass
 * (m even): cost (m/2)·n² evaluations of f.
 */
export function bivariateGaussTable(f: (x: number) => number, c0: number, m = 64, nodes = 48): BivariateGaussTable {
  checkFinite('c0', c0, 0, Infinity);
  if (typeof f !== 'function') throw new InvalidParameterError('f', f, 'a function of one number');
  if (m % 2 !== 0) m += 1;
  const rule = gaussHermite(nodes);
  const n = rule.size;
  const w = rule.weights, x = rule.nodes;
  const vals = new Float64Array(m);
  const A = new Float64Array(n);
  for (let k = 0; k < m / 2; k++) {
    const t = Math.cos((Math.PI * (k + 0.5)) / m); // > 0; node m−1−k is −t
    const cc = c0 * t;
    const a = Math.sqrt(cc), b = Math.sqrt(Math.max(c0 - cc, 0));
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const ax = a * x[i];
      for (let j = 0; j < n; j++) acc += w[j] * f(ax + b * x[j]);
      A[i] = acc;
    }
    let plus = 0, minus = 0;
    for (let i = 0; i < n; i++) {
      plus += w[i] * A[i] * A[i];
      minus += w[i] * A[i] * A[n - 1 - i];
    }
    vals[k] = plus;
    vals[m - 1 - k] = minus;
  }
  const coeffs = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += vals[k] * Math.cos((Math.PI * j * (k + 0.5)) / m);
    coeffs[j] = ((j === 0 ? 1 : 2) * s) / m;
  }
  let scale = 1e-300;
  for (const v of coeffs) scale = Math.max(scale, Math.abs(v));
  const tail = (Math.abs(coeffs[m - 1]) + Math.abs(coeffs[m - 2])) / scale;
  const evaluate = (c: number): number => {
    const t = c0 > 0 ? Math.max(-1, Math.min(1, c / c0)) : 0;
    let b1 = 0, b2 = 0;
    for (let j = m - 1; j >= 1; j--) {
      const b0 = 2 * t * b1 - b2 + coeffs[j];
      b2 = b1;
      b1 = b0;
    }
    return t * b1 - b2 + coeffs[0];
  };
  return {
    c0, coeffs, tail, evaluate,
    map(cs: Float64Array, out = new Float64Array(cs.length)) {
      for (let k = 0; k < cs.length; k++) out[k] = evaluate(cs[k]);
      return out;
    },
  };
}
