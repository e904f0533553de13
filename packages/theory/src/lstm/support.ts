/**
 * Support of the LSTM fixed-point Jacobian spectrum ([LSTM-RMT-3], [NUM-8]).
 *
 * ```
 * [LSTM-RMT-3]  |λ + 1|² = ⟨A²⟩ + ⟨D_c² Q_B / |λ + 1 − f|²⟩,     support = { λ : Λ(λ) ≥ 1 }
 * Λ(λ) := ⟨a(λ)⟩ = [ ⟨A²⟩ + ⟨o²⟩ Σ_a w_a zbar_a / |1 + λ/(1 − f_a)|² ] / |λ + 1|²
 * ```
 * with the reduced forget-gate law (w_a, 1 − f_a, zbar_a) of {@link lstmSiteAverages} (u_o enters
 * D_c² only through o², and A² = φ(c)²σ′_o² factorises). Plus the real segment −(1 − f) ⊂ [−1, 0]
 * where Λ diverges ([NUM-8]): the poles of det(λ + 1 − F) ([LSTM-RMT-1]); for α_f > 0 and C > 0
 * it is the whole [−1, 0], for α_f = 0 or C = 0 the point −(1 − f₀).
 *
 * Facts used (each site term decreases in |Im λ|, and away from the poles in |Re λ| outward):
 * - Λ(x + iy) decreases in |y| for fixed x, so the rightmost point is real and the boundary can be
 *   traced by a root in y for each x ([NUM-8]);
 * - on x > −min(1 − f) Λ decreases in x; Λ(0) = Γ² (meanField.ts). For α_f > 0 the segment ends at
 *   0 (1 − f has support (0, 1)): if Γ² ≤ 1 the abscissa is 0 (a cusp at the origin: slow modes,
 *   [LSTM-RMT-3]), else the root x* > 0 of Λ(x) = 1;
 * - on x < −1 Λ increases towards −1 (Λ(−1⁻) = ∞), so the left edge is the root there.
 *
 * Numerics: the site factor (1 − f)²/|λ + 1 − f|² is evaluated as 1/|1 + λ/(1 − f)|² with λ/(1 − f)
 * = λ·e^{−log(1 − f)} (log-space, [NUM-3]) when 1 − f < 1/2, and as (1 − f)²/|(λ + 1) − f|² with
 * λ + 1 passed exactly otherwise (no cancellation near λ = −1) — the forms of the GRU support with s
 * replaced by 1 − f. Roots are found by Brent in log-distance variables so that edges exponentially
 * close to −1 or 0 keep full relative accuracy.
 */
import { brent, checkFinite, checkInteger, InvalidParameterError, logistic, type NumericsWarning } from '@gatefield/numerics';
import type { LstmForgetLaw, LstmSiteAverages } from './meanField.js';

/**
 * The inputs of Λ: ⟨A²⟩, ⟨o²⟩ and the reduced forget-gate law; optionally the warnings of the rules
 * the law was computed on ({@link LstmSiteAverages} carries them), which the support passes on.
 */
export type LstmSupportLaw = Pick<LstmSiteAverages, 'meanA2' | 'o2' | 'forgetLaw'> & { warnings?: readonly NumericsWarning[] };

/**
 * Σ_a w_a zbar_a (1 − f_a)²/|λ + 1 − f_a|² in the cancellation-free forms of the module comment.
 * `invOmf` (1/(1 − f_a) = e^{−log(1 − f_a)}, `invOneMinusF`) may be passed precomputed: the
 * support evaluates Λ ~10⁴ times on one law of up to ~10⁴ nodes at large forget gains.
 */
function forgetSum(re: number, im: number, law: LstmForgetLaw, rePlusOne: number, invOmf?: Float64Array): number {
  const { weights, f, omf, logOmf, zbar } = law;
  let acc = 0;
  for (let a = 0; a < weights.length; a++) {
    const w = weights[a] * zbar[a];
    if (w === 0) continue;
    let term: number;
    if (omf[a] < 0.5) {
      const inv = invOmf ? invOmf[a] : Math.exp(-logOmf[a]);
      if (!Number.isFinite(inv)) {
        term = re === 0 && im === 0 ? 1 : 0;
      } else {
        const x = 1 + re * inv;
        const y = im * inv;
        term = 1 / (x * x + y * y);
      }
    } else {
      const x = rePlusOne - f[a];
      term = (omf[a] * omf[a]) / (x * x + im * im);
    }
    acc += w * term;
  }
  return acc;
}

/**
 * Λ(λ) = ⟨a(λ)⟩ of [LSTM-RMT-3] (module comment). `rePlusOne` (= Re λ + 1) may be passed exactly
 * when λ is within rounding of −1.
 */
export function lstmSupportFunctional(re: number, im: number, law: LstmSupportLaw, rePlusOne: number = re + 1): number {
  return supportFunctional(re, im, law, rePlusOne);
}

/** e^{−log(1 − f_a)} per node of a forget law (the factor of the log-space form of {@link lstmSupportFunctional}). */
function invOneMinusF(law: LstmForgetLaw): Float64Array {
  return Float64Array.from(law.logOmf, (l) => Math.exp(-l));
}

/** {@link lstmSupportFunctional} with the optional precomputed 1/(1 − f_a). */
function supportFunctional(re: number, im: number, law: LstmSupportLaw, rePlusOne: number, invOmf?: Float64Array): number {
  const p = rePlusOne * rePlusOne + im * im;
  // A closed output gate (⟨o²⟩ = 0) drops the forget sum exactly (0·∞ at a pole would be NaN).
  const num = law.meanA2 + (law.o2 === 0 ? 0 : law.o2 * forgetSum(re, im, law.forgetLaw, rePlusOne, invOmf));
  // At the focus λ = −1 (p = 0) or exactly on a forget pole λ = f − 1, Λ = +∞ (inside the support);
  // 0/0 at λ = −1 with a zero numerator is Λ = 0 (found by fuzzing: NaN at λ = −1).
  if (p === 0) return num > 0 ? Infinity : 0;
  return num / p;
}

/** Options of {@link lstmSupport}. */
export interface LstmSupportOptions {
  /** Number of x-points of the traced boundary (upper half; the lower half mirrors it). Default 512. */
  boundaryPoints?: number;
  /** Brent tolerance (absolute, in the log variables). Default 1e-13. */
  tolerance?: number;
}

/** The support of the LSTM fixed-point Jacobian spectrum. */
export interface LstmSupport {
  /** Γ² = Λ(0). */
  gamma2: number;
  /**
   * Rightmost point of the support as N → ∞: the root x* > 0 of Λ = 1 when Γ² > 1; otherwise the
   * right end of the segment −(1 − f), which is 0 for α_f > 0 (cusp at the origin), or the real
   * root right of −(1 − f₀) for a constant forget gate. Finite networks fall short of it.
   */
  abscissa: number;
  /** Leftmost point of the support (the root of Λ = 1 left of −1). */
  leftEdge: number;
  /** The real segment −(1 − f) that belongs to the support ([NUM-8]). */
  segment: [number, number];
  /** λ = 0 lies inside the 2-D bulk (Γ² > 1). */
  originInBulk: boolean;
  /** Closed boundary polygon [re, im][]: upper half left → right, then the lower half back. */
  boundary: [number, number][];
  converged: true;
  residual: number;
  iterations: number;
  settings: { boundaryPoints: number; tolerance: number; forgetNodes: number };
  /**
   * Warnings of the law's gate rules ('quadrature-insufficient' when a rule had fewer than 1.25 nodes
   * per gate width at the C of the law, numerics warnings.ts): the support is only as resolved as
   * the forget law it is traced from.
   */
  warnings: NumericsWarning[];
}

/**
 * Support boundary, abscissa and left edge ([LSTM-RMT-3], [NUM-8]) for the reduced law of a
 * mean-field root (see the module comment). `constantForgetGate` must be true when α_f = 0 or
 * C = 0 (then the segment is the single point −(1 − f₀)).
 */
export function lstmSupport(law: LstmSupportLaw, constantForgetGate: boolean, options: LstmSupportOptions = {}): LstmSupport {
  const boundaryPoints = checkInteger('boundaryPoints', options.boundaryPoints ?? 512, 8, 1e6);
  const tolerance = options.tolerance ?? 1e-13;
  if (!(tolerance > 0)) throw new InvalidParameterError('tolerance', tolerance, '(0, inf)');
  const fl = law.forgetLaw;
  if (fl.weights.length === 0) throw new InvalidParameterError('forgetLaw', 0, 'at least one node');
  const inv = invOneMinusF(fl);
  const L = (re: number, im: number, rp1 = re + 1) => supportFunctional(re, im, law, rp1, inv);
  let iterations = 0;
  let residual = 0;
  const gamma2 = L(0, 0);
  // an upper bound for the radius of the support around −1: for |λ + 1| = d,
  // Λ ≤ (⟨A²⟩ + Z′/δ²)/d² with δ = distance to the segment; used for brackets
  let zPrime = 0;
  for (let a = 0; a < fl.weights.length; a++) zPrime += fl.weights[a] * fl.zbar[a] * fl.omf[a] * fl.omf[a];
  zPrime *= law.o2;
  const dBound = Math.max(2, Math.sqrt(2 * law.meanA2), Math.pow(2 * zPrime, 0.25)) * 4;
  // Λ − 1 is +∞ on a pole and overflows next to one (found with a pinned 64-node forget rule: Λ(−1 − e^{−300}) = ∞ with a
  // forget node at f ≈ 4e-18 made brent refuse the left-edge bracket with InvalidParameterError);
  // only its sign and its values near the root matter, so the root functions see it capped at 1e300.
  const root = (g: (v: number) => number, lo: number, hi: number) => {
    const f = (v: number) => Math.min(g(v), 1e300);
    const r = brent(f, lo, hi, { xtol: tolerance });
    iterations += r.iterations;
    residual = Math.max(residual, Math.abs(f(r.root)));
    return r.root;
  };
  // Segment and abscissa
  let omf0 = fl.omf[0];
  for (let a = 1; a < fl.omf.length; a++) omf0 = Math.min(omf0, fl.omf[a]);
  let segment: [number, number];
  let abscissa: number;
  if (!constantForgetGate) {
    segment = [-1, 0];
    abscissa = 0;
    if (gamma2 > 1) {
      const f = (v: number) => L(Math.exp(v), 0) - 1; // decreasing in v = log x
      let lo = Math.log(1e-300);
      if (f(lo) <= 0) lo = Math.log(Number.MIN_VALUE);
      abscissa = Math.exp(root(f, lo, Math.log(dBound)));
    }
  } else {
    const p = -omf0;
    segment = [p, p];
    // Λ on x = p + δ, δ > 0, with δ carried exactly (1 + x/(1 − f₀) = δ/(1 − f₀) would cancel):
    // Λ = [⟨A²⟩ + ⟨o²⟩ Σ w zbar (1 − f₀)²/δ²] / (f₀ + δ)², decreasing in δ, ∞ at δ → 0 iff zbar > 0
    let zsum = 0;
    for (let a = 0; a < fl.weights.length; a++) zsum += fl.weights[a] * fl.zbar[a];
    const f0 = fl.f[0];
    const f = (v: number) => {
      const d = Math.exp(v);
      const q = omf0 / d;
      return (law.meanA2 + law.o2 * zsum * q * q) / ((f0 + d) * (f0 + d)) - 1;
    };
    const lo = Math.log(1e-150);
    if (!(f(lo) > 0)) abscissa = p;
    else abscissa = p + Math.exp(root(f, lo, Math.log(dBound)));
  }
  // Left edge: x = −1 − δ, δ = e^v carried exactly
  const fLeft = (v: number) => L(-1 - Math.exp(v), 0, -Math.exp(v)) - 1;
  let leftEdge = -1;
  if (fLeft(-300) > 0) leftEdge = -1 - Math.exp(root(fLeft, -300, Math.log(dBound)));
  else if (constantForgetGate && segment[0] < leftEdge) leftEdge = segment[0];
  // Upper boundary on cosine-spaced x (dense near the edges)
  const upper: [number, number][] = [];
  const yMin = 1e-14;
  for (let k = 0; k <= boundaryPoints; k++) {
    const x = leftEdge + ((abscissa - leftEdge) * (1 - Math.cos((Math.PI * k) / boundaryPoints))) / 2;
    let y = 0;
    if (k > 0 && k < boundaryPoints && L(x, yMin) > 1) {
      const g = (v: number) => L(x, Math.exp(v)) - 1; // decreasing in v = log y
      y = Math.exp(root(g, Math.log(yMin), Math.log(dBound)));
    }
    upper.push([x, y]);
  }
  const boundary: [number, number][] = [...upper];
  for (let k = upper.length - 2; k > 0; k--) boundary.push([upper[k][0], -upper[k][1]]);
  return {
    gamma2,
    abscissa,
    leftEdge,
    segment,
    originInBulk: gamma2 > 1,
    boundary,
    converged: true,
    residual,
    iterations,
    settings: { boundaryPoints, tolerance, forgetNodes: fl.weights.length },
    warnings: (law.warnings ?? []).map((w) => ({ ...w })),
  };
}

/** 1 − f₀ = σ(0; α_f, −β_f) = 1/(1 + e^{−β_f}) at the origin ([LSTM-MF-4]). */
export function oneMinusF0(beta_f: number): number {
  checkFinite('beta_f', beta_f);
  return logistic(beta_f);
}
