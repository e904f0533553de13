/**
 * Scalar root finding: Brent's method on a bracket, and a scan that brackets every sign change
 * of a function on a grid ([NUM-6]: all roots of a scalar self-consistency equation).
 */
import { checkFinite, ConvergenceError, InvalidParameterError } from './errors.js';

/**
 * Sign comparison that cannot underflow: the product of two subnormal values is ±0, which would
 * hide a sign change (found by a property test with a bias of 5e-162).
 */
function sameSign(a: number, b: number): boolean {
  return (a > 0 && b > 0) || (a < 0 && b < 0);
}

/** Options of {@link brent}. */
export interface BrentOptions {
  /** Absolute tolerance on the root. Default 1e-14. */
  xtol?: number;
  /** Relative tolerance on the root. Default 4·2^{-52}. */
  rtol?: number;
  /** Maximum iterations. Default 200. */
  maxIterations?: number;
}

/** Result of {@link brent}. */
export interface RootResult {
  root: number;
  /** |f(root)| */
  residual: number;
  iterations: number;
  converged: true;
  /** Number of evaluations of f (including the two bracket ends). */
  evaluations: number;
}

/**
 * Brent's method (inverse quadratic interpolation, secant, bisection) for f(x) = 0 on [a, b] with
 * f(a)·f(b) ≤ 0. Throws {@link InvalidParameterError} for a non-bracket, {@link ConvergenceError} if
 * the budget is exhausted. [NUM-6], [NUM-REF-3].
 */
export function brent(f: (x: number) => number, a: number, b: number, options: BrentOptions = {}): RootResult {
  const xtol = options.xtol ?? 1e-14;
  const rtol = options.rtol ?? 4 * Number.EPSILON;
  const maxIt = options.maxIterations ?? 200;
  // found by fuzzing: NaN ends or a NaN iteration budget slipped through to a result outside the
  // bracket or a ConvergenceError reporting "NaN iterations"
  checkFinite('a', a);
  checkFinite('b', b);
  checkFinite('xtol', xtol, 0, Infinity, '[0, inf)');
  checkFinite('rtol', rtol, 0, 1, '[0, 1]');
  if (typeof maxIt !== 'number' || !Number.isInteger(maxIt) || maxIt < 1 || maxIt > 1e7) throw new InvalidParameterError('maxIterations', maxIt, 'integers 1..10000000');
  let fa = f(a);
  let fb = f(b);
  let evaluations = 2;
  if (!Number.isFinite(fa) || !Number.isFinite(fb)) {
    throw new InvalidParameterError('bracket', [a, b], 'finite function values at both ends');
  }
  if (fa === 0) return { root: a, residual: 0, iterations: 0, converged: true, evaluations };
  if (fb === 0) return { root: b, residual: 0, iterations: 0, converged: true, evaluations };
  if (sameSign(fa, fb)) {
    throw new InvalidParameterError('bracket', [a, b], 'an interval where f changes sign');
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 1; it <= maxIt; it++) {
    if (sameSign(fb, fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * rtol * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) {
      return { root: b, residual: Math.abs(fb), iterations: it, converged: true, evaluations };
    }
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    evaluations++;
    if (!Number.isFinite(fb)) {
      // residual Infinity (not NaN): the function is not finite at an interior point of the bracket
      throw new ConvergenceError('brent (function not finite inside the bracket)', Infinity, it, { xtol, rtol, maxIterations: maxIt, at: b });
    }
  }
  throw new ConvergenceError('brent', Math.abs(fb), maxIt, { xtol, rtol, maxIterations: maxIt });
}

/** A sign change of f between two adjacent grid points. */
export interface Bracket {
  lo: number;
  hi: number;
  flo: number;
  fhi: number;
}

/**
 * Evaluate f on the grid `xs` (ascending) and return every bracket [x_k, x_{k+1}] with a sign
 * change, plus exact zeros at grid points as degenerate brackets. [NUM-6] step 2.
 */
export function scanSignChanges(f: (x: number) => number, xs: ArrayLike<number>): Bracket[] {
  const out: Bracket[] = [];
  if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number') throw new InvalidParameterError('xs', xs, 'an ascending array of finite numbers');
  for (let k = 0; k < xs.length; k++) {
    // found by fuzzing: a NaN grid point gave a bracket [NaN, x]
    if (typeof xs[k] !== 'number' || !Number.isFinite(xs[k]) || (k > 0 && !(xs[k] >= xs[k - 1]))) throw new InvalidParameterError(`xs[${k}]`, xs[k], 'an ascending array of finite numbers');
  }
  if (xs.length === 0) return out;
  let xPrev = xs[0];
  let fPrev = f(xPrev);
  if (fPrev === 0) out.push({ lo: xPrev, hi: xPrev, flo: 0, fhi: 0 });
  for (let k = 1; k < xs.length; k++) {
    const x = xs[k];
    const fx = f(x);
    if (fx === 0) out.push({ lo: x, hi: x, flo: 0, fhi: 0 });
    else if (fPrev !== 0 && !sameSign(fPrev, fx)) out.push({ lo: xPrev, hi: x, flo: fPrev, fhi: fx });
    xPrev = x;
    fPrev = fx;
  }
  return out;
}

/**
 * Logarithmic grid of `count` points from lo to hi (0 < lo ≤ hi < ∞), ascending; `count` an integer
 * in 2..10⁷ (1 when lo = hi). Throws {@link InvalidParameterError} otherwise (found by fuzzing: a
 * negative lo gave NaN points, a fractional count a NaN interior point).
 */
export function logGrid(lo: number, hi: number, count: number): Float64Array {
  checkFinite('lo', lo, Number.MIN_VALUE, Infinity, '(0, inf)');
  checkFinite('hi', hi, lo, Infinity, `[lo = ${lo}, inf)`);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < (lo === hi ? 1 : 2) || count > 1e7) throw new InvalidParameterError('count', count, lo === hi ? 'integers 1..10000000' : 'integers 2..10000000');
  if (count === 1) return Float64Array.of(lo);
  const g = new Float64Array(count);
  const a = Math.log(lo);
  const b = Math.log(hi);
  // clamped to [lo, hi]: exp(log x) can round below x (found by fuzzing: lo = hi = 1e300 gave a
  // descending grid)
  for (let k = 0; k < count; k++) g[k] = Math.min(hi, Math.max(lo, Math.exp(a + ((b - a) * k) / (count - 1))));
  g[0] = lo;
  g[count - 1] = hi;
  return g;
}
