/**
 * The origin fixed point of the LSTM and its Cassini oval ([LSTM-MF-4], [LSTM-CAS-1]–[LSTM-CAS-5]).
 *
 * At the origin (β_c = 0): c = h = 0, every gate sits at its resting value f₀, i₀, o₀
 * (σ(0; α, β) = 1/(1 + e^β), independent of the gains), and A = B_f = B_i = 0, D_c = o₀, B_c = i₀:
 * ```
 * J₀ = [[ −1,        o₀     ],
 *       [ i₀ U_c,  −(1 − f₀) ]]
 * [LSTM-CAS-1]  det(λ − J₀) = det((λ + 1)(λ + 1 − f₀) − o₀ i₀ U_c):  (λ + 1)(λ + 1 − f₀) = μ,  μ ∈ spec(o₀i₀U_c)
 * [LSTM-CAS-2]  boundary |λ + 1| · |λ + 1 − f₀| = R,        R := g_c o₀ i₀  (μ fills the disk |μ| ≤ R)
 * [LSTM-CAS-3]  rightmost point x* = [−(2 − f₀) + √(f₀² + 4R)]/2
 * [LSTM-CAS-4]  origin unstable ⇔ R > 1 − f₀
 * [LSTM-CAS-5]  R < (f₀/2)² ⇒ two ovals, around −1 and around −(1 − f₀)
 * ```
 * [LSTM-CAS-1] is an identity at every finite N (the Schur complement of the c-block), so the 2N
 * eigenvalues are exactly λ = −1 + f₀/2 ± √(μ + f₀²/4) over the N eigenvalues μ of o₀i₀U_c
 * ({@link cassiniEigenvalues}). With w = λ + 1 − f₀/2 the boundary is the Cassini oval
 * |w² − a²| = R, a = f₀/2, whose polar form ρ² = a² cos 2θ ± √(R² − a⁴ sin² 2θ) is used for tracing.
 *
 * Density (the Ψ-formula with one site, [LSTM-RMT-4]): inside the oval u = 1 − 1/a and
 * Φ = ½[log R² − 1 + |q(λ)|²/R²], q = (λ + 1)(λ + 1 − f₀), so
 * ```
 * ρ(λ) = |2λ + 2 − f₀|² / (2π R²)          (normalised over the 2N eigenvalues)
 * ```
 * the push-forward of the uniform disk |μ| ≤ R under the two branches of q⁻¹ (each carries ½).
 */
import { type Complex, checkFinite, checkInteger, InvalidParameterError, logistic } from '@gatefield/numerics';
import type { LstmParameters } from './model.js';

/** The origin fixed point and its spectrum. */
export interface LstmOrigin {
  /** f₀ = 1/(1 + e^{β_f}) */
  f0: number;
  /** 1 − f₀ = 1/(1 + e^{−β_f}) (without cancellation) */
  oneMinusF0: number;
  /** i₀ = 1/(1 + e^{β_i}) */
  i0: number;
  /** o₀ = 1/(1 + e^{β_o}) */
  o0: number;
  /** R = g_c o₀ i₀: the radius of the disk of μ ([LSTM-CAS-1]) */
  gain: number;
  /** Foci of the oval: −1 and −(1 − f₀) */
  foci: [number, number];
  /** [LSTM-CAS-3] */
  rightmost: number;
  /** Leftmost point −1 + f₀/2 − √(f₀²/4 + R) */
  leftmost: number;
  /** Spectral radius max|λ| over the support = |leftmost| (the support lies in Re λ ≤ rightmost, and the leftmost point is the farthest from 0) */
  spectralRadius: number;
  /** [LSTM-CAS-4] — R > 1 − f₀ */
  unstable: boolean;
  /** [LSTM-CAS-5] — R < (f₀/2)² */
  split: boolean;
}

/** The origin of an LSTM with β_c = 0 ([LSTM-MF-4], [LSTM-CAS-2]–[LSTM-CAS-5]). */
export function lstmOrigin(p: Pick<LstmParameters, 'g_c' | 'beta_c' | 'beta_f' | 'beta_i' | 'beta_o'>): LstmOrigin {
  if (p.beta_c !== 0) {
    throw new InvalidParameterError('beta_c', p.beta_c, '0 (the origin is a fixed point only without cell-input bias, [LSTM-MF-4])');
  }
  const f0 = logistic(-p.beta_f);
  const omf0 = logistic(p.beta_f);
  const i0 = logistic(-p.beta_i);
  const o0 = logistic(-p.beta_o);
  const R = p.g_c * o0 * i0;
  const a = f0 / 2;
  const root = Math.sqrt(a * a + R);
  const rightmost = -omf0 - a + root; // = [−(2 − f₀) + √(f₀² + 4R)]/2 without cancellation in 1 − f₀
  const leftmost = -1 + a - root;
  return {
    f0,
    oneMinusF0: omf0,
    i0,
    o0,
    gain: R,
    foci: [-1, -omf0],
    rightmost,
    leftmost,
    spectralRadius: Math.max(Math.abs(leftmost), Math.abs(rightmost)),
    unstable: R > omf0,
    split: R < a * a,
  };
}

/** |Re λ|, |Im λ| (and |μ|) beyond which the products of [LSTM-CAS-2] could overflow. */
const LAMBDA_MAX = 1e150;

/**
 * f₀ ∈ [0, 1] and R ∈ [0, 10³] ([LSTM-CAS-2]: R = g_c o₀ i₀ ≤ g_c ≤ 10); found by fuzzing: NaN or
 * out-of-range f₀, R returned NaN / Infinity from the closed forms.
 */
function checkCassini(f0: number, R: number): void {
  checkFinite('f0', f0, 0, 1);
  checkFinite('R', R, 0, 1e3);
}

/** A finite λ with components within ±1e150. */
function checkLambda(lambda: Complex): void {
  if (lambda === null || typeof lambda !== 'object') throw new InvalidParameterError('lambda', lambda, 'a complex number {re, im}');
  checkFinite('lambda.re', lambda.re, -LAMBDA_MAX, LAMBDA_MAX);
  checkFinite('lambda.im', lambda.im, -LAMBDA_MAX, LAMBDA_MAX);
}

/** [LSTM-CAS-3] from f₀ and R. */
export function cassiniRightmost(f0: number, R: number): number {
  checkCassini(f0, R);
  return (-(2 - f0) + Math.sqrt(f0 * f0 + 4 * R)) / 2;
}

/** |λ + 1|·|λ + 1 − f₀| ([LSTM-CAS-2]): ≤ R inside the oval. */
export function cassiniModulus(lambda: Complex, f0: number): number {
  checkCassini(f0, 0);
  checkLambda(lambda);
  return Math.hypot(lambda.re + 1, lambda.im) * Math.hypot(lambda.re + 1 - f0, lambda.im);
}

/** Density ρ(λ) = |2λ + 2 − f₀|²/(2πR²) inside the oval, 0 outside (normalised over 2N). */
export function cassiniDensity(lambda: Complex, f0: number, R: number): number {
  checkCassini(f0, R);
  if (R === 0) return 0;
  if (cassiniModulus(lambda, f0) > R) return 0;
  const x = 2 * lambda.re + 2 - f0;
  const y = 2 * lambda.im;
  return (x * x + y * y) / (2 * Math.PI * R * R);
}

/**
 * The boundary [LSTM-CAS-2] as closed polygons: one oval when R ≥ (f₀/2)², two (around −1 and
 * −(1 − f₀)) when R < (f₀/2)² ([LSTM-CAS-5]). Polar form of the module comment, `points` angles per
 * polygon.
 */
export function cassiniBoundary(f0: number, R: number, points = 512): [number, number][][] {
  checkInteger('points', points, 8, 1e6);
  // R ≤ 1e3 as for every Cassini function (found by the slow fuzz: R = 1e300 or ∞ passed the old
  // check R > 0 and R² overflowed into ∞/NaN vertices); R = 0 (the oval shrunk to the two foci) has
  // no boundary to trace
  checkCassini(f0, R);
  if (!(R > 0)) throw new InvalidParameterError('R', R, 'R > 0');
  const a = f0 / 2;
  const a2 = a * a;
  const centre = -1 + a;
  if (R >= a2) {
    const poly: [number, number][] = [];
    for (let k = 0; k < points; k++) {
      const th = (2 * Math.PI * k) / points;
      const s2 = Math.sin(2 * th);
      const rho2 = a2 * Math.cos(2 * th) + Math.sqrt(Math.max(0, R * R - a2 * a2 * s2 * s2));
      const rho = Math.sqrt(Math.max(0, rho2));
      poly.push([centre + rho * Math.cos(th), rho * Math.sin(th)]);
    }
    return [poly];
  }
  // two ovals: |θ| ≤ θ_max around the +a focus, and around −a; ρ² = a²cos2θ ± √(R² − a⁴sin²2θ)
  const thMax = 0.5 * Math.asin(R / a2);
  const oval = (sign: 1 | -1): [number, number][] => {
    const outer: [number, number][] = [];
    const inner: [number, number][] = [];
    for (let k = 0; k <= points / 2; k++) {
      const th = -thMax + (2 * thMax * k) / (points / 2);
      const s2 = Math.sin(2 * th);
      const d = Math.sqrt(Math.max(0, R * R - a2 * a2 * s2 * s2));
      const c2 = a2 * Math.cos(2 * th);
      const ro = Math.sqrt(Math.max(0, c2 + d));
      const ri = Math.sqrt(Math.max(0, c2 - d));
      outer.push([centre + sign * ro * Math.cos(th), ro * Math.sin(th)]);
      inner.push([centre + sign * ri * Math.cos(th), ri * Math.sin(th)]);
    }
    return [...outer, ...inner.reverse()];
  };
  return [oval(1), oval(-1)];
}

/**
 * The 2N eigenvalues of J₀ from the N eigenvalues μ of o₀i₀U_c ([LSTM-CAS-1], exact at finite N):
 * λ = −1 + f₀/2 ± √(μ + f₀²/4) (principal complex square root).
 */
export function cassiniEigenvalues(mu: { re: ArrayLike<number>; im: ArrayLike<number> }, f0: number): { re: Float64Array; im: Float64Array } {
  checkCassini(f0, 0);
  if (!mu || typeof mu.re?.length !== 'number' || typeof mu.im?.length !== 'number' || mu.re.length !== mu.im.length) throw new InvalidParameterError('mu', mu, 're and im arrays of equal length');
  const n = mu.re.length;
  for (let k = 0; k < n; k++) {
    checkFinite(`mu.re[${k}]`, mu.re[k], -LAMBDA_MAX, LAMBDA_MAX);
    checkFinite(`mu.im[${k}]`, mu.im[k], -LAMBDA_MAX, LAMBDA_MAX);
  }
  const re = new Float64Array(2 * n);
  const im = new Float64Array(2 * n);
  const a = f0 / 2;
  for (let k = 0; k < n; k++) {
    const zr = mu.re[k] + a * a;
    const zi = mu.im[k];
    const m = Math.hypot(zr, zi);
    let sr = Math.sqrt(Math.max(0, (m + zr) / 2));
    let si = Math.sqrt(Math.max(0, (m - zr) / 2));
    if (zi < 0) si = -si;
    if (sr === 0 && si === 0) sr = 0;
    re[2 * k] = -1 + a + sr;
    im[2 * k] = si;
    re[2 * k + 1] = -1 + a - sr;
    im[2 * k + 1] = -si;
  }
  return { re, im };
}
