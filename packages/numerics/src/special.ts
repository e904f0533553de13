/**
 * Special functions evaluated without cancellation ([NUM-3], [NUM-4]).
 *
 * - Gate sigmoid [G-1]: σ(x; α, β) = 1/(1 + exp(−αx + β)); complement 1 − σ(x; α, β) = σ(−x; α, −β)
 *   [G-3], never computed as 1 − σ.
 * - sech² as 1/cosh² ([G-9], [NUM-4]): 1 − tanh² is exactly 0 for |x| > 19.
 * - log σ in log-space ([NUM-3]) for the update-gate weight at large α_z.
 * - Standard normal CDF Φ_N and its inverse (for the saturated-gate limits [GRU-LIM-3], [GRU-LIM-6]).
 */

/** Logistic 1/(1 + e^{−t}), stable for all t (never NaN, underflows gracefully to 0). */
export function logistic(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** Gate sigmoid σ(x; α, β) = 1/(1 + exp(−αx + β)) [G-1]. */
export function sigmoid(x: number, alpha: number, beta: number): number {
  return logistic(alpha * x - beta);
}

/** log σ(x; α, β) without underflow [NUM-3]: −log(1 + exp(−αx + β)). */
export function logSigmoid(x: number, alpha: number, beta: number): number {
  const t = alpha * x - beta;
  return t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t));
}

/** σ′(x; α, β) = α σ(x) σ(−x) [G-2], [NUM-4]. */
export function sigmoidPrime(x: number, alpha: number, beta: number): number {
  const t = alpha * x - beta;
  return alpha * logistic(t) * logistic(-t);
}

/** sech²(x) = 1/cosh²(x) [NUM-4]; 0 (not NaN) for |x| > 710. */
export function sech2(x: number): number {
  const c = Math.cosh(x);
  return 1 / (c * c);
}

const SQRT_PI = Math.sqrt(Math.PI);

/**
 * Complementary error function, double precision: for |x| < 2.5 the positive-term series
 * erf x = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1}/(2n+1)!! (no cancellation) for |x| < 1 (where erfc ≥ 0.157, so
 * 1 − erf keeps full relative accuracy); for larger |x| the Laplace
 * continued fraction evaluated by Lentz's method. Relative error ≲ 1e-15 in the tails.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1) return 1 - erfSeries(x);
  // erfc underflows below the smallest subnormal (4.9e-324) only beyond x ≈ 27.3 (was cut at 27,
  // found by fuzzing: Φ(Φ⁻¹(1e-320)) returned 0)
  if (x > 27.35) return 0;
  // erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    D = x + a * D;
    D = Math.abs(D) < tiny ? tiny : D;
    C = x + a / C;
    C = Math.abs(C) < tiny ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  // e^{−x²}/(√π f) in one exponential, so a subnormal result is not divided after rounding
  return x > 26 ? Math.exp(-x * x - Math.log(SQRT_PI * f)) : Math.exp(-x * x) / (SQRT_PI * f);
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/** erf(x) */
export function erf(x: number): number {
  if (Math.abs(x) < 2.5) return x < 0 ? -erfSeries(-x) : erfSeries(x);
  return 1 - erfc(x);
}

/** Standard normal CDF Φ_N(x), accurate in both tails. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Inverse standard normal CDF Φ_N⁻¹(p) (= Φ_G in the theory files) for p in (0, 1): Acklam's
 * rational start (relative error 1e-9) refined by two Halley steps on {@link normalCdf}.
 * Returns ±Infinity at p = 0 or 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p < 1e-290) {
    // Deep tail: Φ(x) and φ(x) are subnormal or zero there, so the Halley step below would compute
    // 0·∞. Newton on log Φ(x) = log p with the asymptotic series
    // log Φ(x) = −x²/2 − log(−x) − ½log 2π + log S(x), S = 1 − x⁻² + 3x⁻⁴ − 15x⁻⁶ + 105x⁻⁸
    // (relative error < 1e-16 for x < −30), and d log Φ/dx = −x/S.
    const logP = Math.log(p);
    for (let k = 0; k < 4; k++) {
      const z = 1 / (x * x);
      const S = 1 + z * (-1 + z * (3 + z * (-15 + 105 * z)));
      const g = -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log(S) - logP;
      x -= g / (-x / S);
    }
    return x;
  }
  for (let k = 0; k < 2; k++) {
    // Halley step; use the upper tail for p > 1/2 to keep relative accuracy.
    const e = p > 0.5 ? -(normalCdf(-x) - (1 - p)) : normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
    x = x - u / (1 + 0.5 * x * u);
  }
  return x;
}
