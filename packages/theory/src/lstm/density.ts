/**
 * Eigenvalue density of the LSTM fixed-point Jacobian through the Ψ-formula, normalised over all
 * 2N eigenvalues ([LSTM-RMT-1]–[LSTM-RMT-5], [OQ-18]).
 *
 * ```
 * [LSTM-RMT-1]  det(λ − J*) = det(λ + 1 − F) · (λ + 1)^N · det(1 − T),   T ≅ K_eff · Ginibre
 * [LSTM-RMT-2]  a_i(λ) = [A_i² + D_c,i² Q_B,i / |λ + 1 − f_i|²] / |λ + 1|² = (X_i + Y_i/Q_i)/P
 * [LSTM-RMT-4]  Φ(λ) = ½ [ ⟨log|λ + 1 − f|²⟩ + log|λ + 1|² + Ψ(λ) ],   Ψ from [PSI-3] with these a_i
 * [LSTM-RMT-5]  mass = (1/2πi) ∮ ∂_λΦ dλ          (fraction of the 2N eigenvalues)
 * ```
 * with P = |λ + 1|², Q_i = |λ + 1 − f_i|² and the site columns X = A², Y = D_c²Q_B of
 * {@link LstmSites}.
 *
 * Two evaluations of the same Φ:
 * - {@link lstmPsiModel}: the generic {@link PsiModel} instance (poles −(1 − f_i) with residues
 *   w_i/2 and −1 with residue ½, κ = ½), evaluated by `psiLogPotential` of `rmt/`.
 * - {@link lstmLogPotential} / {@link lstmGreenFunction}: the same Φ in a form without
 *   cancellation, used for masses. In the D + κΨ form, G = ½/(λ + 1) + ½u⟨∂a/(1 + au)⟩ cancels
 *   two terms of size 1/|λ + 1| near −1, which lies inside the bulk and on contours such as
 *   |λ + 1.3| = 0.3 of [LSTM-REF-1] (tanh–sinh nodes come within 1e-15 of it). Multiplying the
 *   factors out site by site,
 *   ```
 *   log|λ+1−f_i|² + log|λ+1|² + log(1 + a_i u) = log(P Q_i + u N_i),        N_i = X_i Q_i + Y_i
 *   2Φ = ⟨log(PQ + uN)⟩ − u,        root:  ⟨N/(PQ + uN)⟩ = 1
 *   2G = ⟨[(λ̄ + 1) Q + (λ̄ + 1 − f)(P + uX)] / (PQ + uN)⟩          (envelope theorem: u fixed)
 *   ```
 *   which is regular at λ = −1 (u → 1 there) and at every pole inside the bulk; outside the bulk
 *   (u = 0) it reduces to ½⟨1/(λ + 1 − f)⟩ + ½/(λ + 1) exactly.
 *
 * Islands ([NUM-10], contourMass.ts): inside the bulk the site term of G near −(1 − f_i) is
 * ½w_i(λ̄ + 1 − f_i)/(Q_i + r_i²) with r_i² = uY_i/(P + uX_i), and near −1 it is
 * ½w_i(λ̄ + 1)/(P + r_i′²) with r_i′² = u(X_i + Y_i/Q_i); so the Green function exposes 2n poles
 * (−(1 − f_i) and −1 for each site, residues w_i/2), with island radii r_i for the former (the
 * latter are never treated as points, see {@link lstmGreenFunction}). Decoupled sites
 * (Y_i = 0: φ′(c) = 0, slow units with f near 1) give point poles: exactly one eigenvalue at
 * −(1 − f_i) each, the slow modes of [LSTM-RMT-3].
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, type Complex } from '@gatefield/numerics';
import { type Circle, contourMass, type ContourMassOptions, type ContourMassResult, type GreenFunction, type PoleSet } from '../rmt/contourMass.js';
import type { PsiModel } from '../rmt/logPotential.js';
import { assertColumns, type SiteSample } from '../rmt/siteSample.js';

/** The columns the density needs: 1 − f, X = A², Y = D_c²Q_B. */
export type LstmDensitySites = SiteSample<'omf' | 'X' | 'Y'>;

/** Options of the LSTM Ψ root. */
export interface LstmRootOptions {
  /** Tolerance on |⟨N/(PQ + uN)⟩ − 1|. Default 1e-12 (an average of O(1) terms over up to ~10⁵ sites: rounding ~1e-14). */
  tolerance?: number;
  /** Newton/bisection budget. Default 200. */
  maxIterations?: number;
}

/** Result of {@link lstmLogPotential}. */
export interface LstmLogPotentialResult {
  lambda: Complex;
  /** Φ(λ) of [LSTM-RMT-4] (normalised over 2N). */
  phi: number;
  /** G = ∂_λΦ. */
  green: Complex;
  /** Root u of [PSI-3] with the a_i of [LSTM-RMT-2] (0 outside the bulk). */
  u: number;
  /** ⟨a(λ)⟩ ([LSTM-RMT-3]: λ is in the 2-D bulk iff ⟨a⟩ > 1); may be +∞ at a pole. */
  meanA: number;
  inBulk: boolean;
  converged: true;
  residual: number;
  iterations: number;
}

function check(sites: LstmDensitySites): void {
  assertColumns(sites, ['omf', 'X', 'Y']);
}

/** Scratch arrays for one λ. */
class Work {
  readonly Q: Float64Array;
  readonly N: Float64Array;
  constructor(n: number) {
    this.Q = new Float64Array(n);
    this.N = new Float64Array(n);
  }
}

/**
 * Solve the root and evaluate Φ, G at λ in the cancellation-free form (module comment). `warm` is
 * a previous root at a nearby λ (used as the Newton start when inside the bracket).
 *
 * Numerical choices: g(u) = ⟨N/(PQ + uN)⟩ − 1 is strictly decreasing and convex on u ≥ 0 with
 * g(0) = ⟨a⟩ − 1; by Jensen the root lies in (0, 1 − 1/⟨a⟩] ⊂ (0, 1). Newton iterates, with a
 * bisection step whenever Newton would leave the current bracket (same scheme as `psiRoot`).
 */
function evaluate(sites: LstmDensitySites, lambda: Complex, work: Work, o: Required<LstmRootOptions>, warm?: number): LstmLogPotentialResult {
  const { weights, omf, X, Y } = sites;
  const n = weights.length;
  const xr = lambda.re + 1;
  const xi = lambda.im;
  const P = xr * xr + xi * xi;
  const { Q, N } = work;
  let meanA = 0;
  for (let i = 0; i < n; i++) {
    const dr = lambda.re + omf[i];
    const q = dr * dr + xi * xi;
    Q[i] = q;
    const nn = X[i] * q + Y[i];
    N[i] = nn;
    if (nn > 0) meanA += (weights[i] * nn) / (P * q);
  }
  let u = 0;
  let residual = 0;
  let iterations = 0;
  if (meanA > 1) {
    let lo = 0;
    let hi = Number.isFinite(meanA) ? 1 - 1 / meanA : 1;
    u = warm !== undefined && warm > lo && warm < hi ? warm : 0;
    for (;;) {
      let g = -1;
      let gp = 0;
      for (let i = 0; i < n; i++) {
        const nn = N[i];
        if (nn === 0) continue;
        const t = nn / (P * Q[i] + u * nn);
        g += weights[i] * t;
        gp -= weights[i] * t * t;
      }
      residual = Math.abs(g);
      if (residual <= o.tolerance) break; // u = 0 here means λ is on the bulk edge (Ψ = 0 there)
      if (g > 0) lo = u;
      else hi = u;
      if (iterations >= o.maxIterations || hi - lo <= 4 * Number.EPSILON * hi) {
        throw new ConvergenceError('LSTM Psi-formula root [NUM-7]', residual, iterations, { ...o, lambda });
      }
      iterations++;
      let next = u - g / gp;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      u = next;
    }
  }
  // Φ and G
  let phi2 = -u;
  let gr = 0;
  let gi = 0;
  const uX = (i: number) => u * X[i];
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    const den = P * Q[i] + u * N[i];
    phi2 += w * Math.log(den);
    // (λ̄+1)Q + (λ̄+1−f)(P + uX), λ̄+1 = xr − i xi, λ̄+1−f = (re + omf) − i xi
    const pu = P + uX(i);
    const dr = lambda.re + omf[i];
    const nr = xr * Q[i] + dr * pu;
    const ni = -xi * (Q[i] + pu);
    gr += (w * nr) / den;
    gi += (w * ni) / den;
  }
  return {
    lambda,
    phi: 0.5 * phi2,
    green: { re: 0.5 * gr, im: 0.5 * gi },
    u,
    meanA,
    inBulk: u > 0,
    converged: true,
    residual,
    iterations,
  };
}

function resolveRoot(o: LstmRootOptions): Required<LstmRootOptions> {
  const tolerance = o.tolerance ?? 1e-12;
  const maxIterations = o.maxIterations ?? 200;
  if (!(tolerance > 0)) throw new InvalidParameterError('tolerance', tolerance, '(0, inf)');
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new InvalidParameterError('maxIterations', maxIterations, 'integers >= 1');
  return { tolerance, maxIterations };
}

/** Φ(λ), G(λ) of [LSTM-RMT-4] at one λ (cancellation-free form, module comment). */
export function lstmLogPotential(sites: LstmDensitySites, lambda: Complex, options: LstmRootOptions = {}): LstmLogPotentialResult {
  check(sites);
  return evaluate(sites, lambda, new Work(sites.weights.length), resolveRoot(options));
}

/** ⟨a(λ)⟩ of [LSTM-RMT-2]/[LSTM-RMT-3] over a site sample (+∞ on a pole). */
export function lstmMeanA(sites: LstmDensitySites, lambda: Complex): number {
  check(sites);
  const { weights, omf, X, Y } = sites;
  const xr = lambda.re + 1;
  const P = xr * xr + lambda.im * lambda.im;
  let m = 0;
  for (let i = 0; i < weights.length; i++) {
    const dr = lambda.re + omf[i];
    const q = dr * dr + lambda.im * lambda.im;
    const nn = X[i] * q + Y[i];
    if (nn > 0) m += (weights[i] * nn) / (P * q);
  }
  return m;
}

/** The 2n poles of the LSTM Green function: −(1 − f_i) then −1 per site, residues w_i/2. */
export function lstmPoles(sites: LstmDensitySites): PoleSet {
  check(sites);
  const n = sites.weights.length;
  const re = new Float64Array(2 * n);
  const weights = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    re[i] = -sites.omf[i];
    re[n + i] = -1;
    weights[i] = 0.5 * sites.weights[i];
    weights[n + i] = 0.5 * sites.weights[i];
  }
  return { re, im: new Float64Array(2 * n), weights };
}

/**
 * The cancellation-free LSTM Green function as a {@link GreenFunction} for {@link contourMass}:
 * G and its warm-startable root, the bulk margin 1 − 1/⟨a⟩ (same sign as ⟨a⟩ − 1, bounded, so
 * Brent can locate edges next to poles where ⟨a⟩ = ∞), the 2n poles and their island radii (module
 * comment).
 */
export function lstmGreenFunction(sites: LstmDensitySites, options: LstmRootOptions = {}): GreenFunction {
  check(sites);
  const o = resolveRoot(options);
  const n = sites.weights.length;
  const work = new Work(n);
  const { X, Y } = sites;
  return {
    evaluate(lambda: Complex, warm?: unknown) {
      const r = evaluate(sites, lambda, work, o, typeof warm === 'number' ? warm : undefined);
      return { g: r.green, inBulk: r.inBulk, state: r.u };
    },
    bulkMargin(lambda: Complex) {
      const m = lstmMeanA(sites, lambda);
      return m > 1e-6 ? 1 - 1 / m : m - 1e6;
    },
    poles: lstmPoles(sites),
    islandRadius2(p: number, lambda: Complex, state: unknown) {
      const u = typeof state === 'number' ? state : 0;
      if (u === 0) return 0;
      const xr = lambda.re + 1;
      const P = xr * xr + lambda.im * lambda.im;
      if (p < n) return (u * Y[p]) / (P + u * X[p]);
      // −1 poles: never treated as points. Their islands r′² = u(X + Y/Q) vanish only on a null
      // set (A = 0 needs φ(c) = 0, which makes the unit coupled, Y > 0), and the stable form of G
      // integrates them; a point subtraction would put a pole exactly on contours through −1
      // (|λ + 1.3| = 0.3 of [LSTM-REF-1]), where the exact arc integral has log 0.
      return Infinity;
    },
  };
}

/**
 * The LSTM as a {@link PsiModel} ([LSTM-RMT-4], instance documented in logPotential.ts): poles
 * −(1 − f_i) with residues w_i/2 and −1 with residue ½, κ = ½,
 * ```
 * a_i = X_i/P + Y_i/(P Q_i),     ∂_λa_i = −X_i(λ̄+1)/P² − Y_i[(λ̄+1)/(P²Q_i) + (λ̄+1−f_i)/(P Q_i²)]
 * ```
 * Island radii: r_i² = uY_i/(P + uX_i) at −(1 − f_i); the −1 pole is regular inside the bulk
 * (its island is the bulk itself, radius ∞). Prefer {@link lstmGreenFunction} for masses (see the
 * module comment); this instance is the reference form of the label.
 */
export function lstmPsiModel(sites: LstmDensitySites): PsiModel {
  check(sites);
  const n = sites.weights.length;
  const { weights, omf, X, Y } = sites;
  const re = new Float64Array(n + 1);
  const pw = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    re[i] = -omf[i];
    pw[i] = 0.5 * weights[i];
  }
  re[n] = -1;
  pw[n] = 0.5;
  return {
    weights,
    poles: { re, im: new Float64Array(n + 1), weights: pw },
    psiScale: 0.5,
    islandRadius2(p: number, lambda: Complex, u: number) {
      if (p === n) return Infinity;
      const xr = lambda.re + 1;
      const P = xr * xr + lambda.im * lambda.im;
      return (u * Y[p]) / (P + u * X[p]);
    },
    siteVariable(lambda, a, daRe, daIm) {
      const xr = lambda.re + 1;
      const xi = lambda.im;
      const P = xr * xr + xi * xi;
      for (let i = 0; i < n; i++) {
        const dr = lambda.re + omf[i];
        const Q = dr * dr + xi * xi;
        a[i] = X[i] / P + Y[i] / (P * Q);
        // ∂_λ(1/P) = −(λ̄+1)/P², ∂_λ(1/Q) = −(λ̄+1−f)/Q²;  λ̄+1 = xr − i·xi
        const c1 = X[i] / (P * P) + Y[i] / (P * P * Q);
        const c2 = Y[i] / (P * Q * Q);
        daRe[i] = -(c1 * xr + c2 * dr);
        daIm[i] = c1 * xi + c2 * xi;
      }
    },
  };
}

/** A disk |λ − (re + i im)| ≤ r. */
export interface LstmDisk {
  re: number;
  im: number;
  r: number;
}

/** A predicted disk mass. */
export interface LstmPredictedMass extends LstmDisk {
  /** Fraction of ALL 2N eigenvalues inside the disk ([LSTM-RMT-4], [OQ-18]). */
  mass: number;
  converged: true;
  errorEstimate: number;
  points: number;
  method: ContourMassResult['method'];
}

/**
 * Masses of disks ([LSTM-RMT-5], [NUM-10]) from a site sample, as fractions of all 2N eigenvalues.
 * Default contour tolerance 1e-6 (counting noise at N ~ 10³ is ~1e-2, [NUM-14]).
 */
export function lstmDiskMasses(sites: LstmDensitySites, disks: readonly LstmDisk[], options: { contour?: ContourMassOptions; root?: LstmRootOptions } = {}): LstmPredictedMass[] {
  const green = lstmGreenFunction(sites, options.root);
  return disks.map((d) => {
    // A disk of radius 0 (allowed by checkLstmDisks) carries no mass of the N → ∞ density (found by
    // fuzzing: it reached contourMass, which refuses radius 0, as "invalid circle.radius").
    if (d.r === 0) return { re: d.re, im: d.im, r: 0, mass: 0, converged: true as const, errorEstimate: 0, points: 0, method: 'trapezoid' as const };
    const circle: Circle = { centre: { re: d.re, im: d.im }, radius: d.r };
    let r: ContourMassResult;
    try {
      r = contourMass(green, circle, { tolerance: 1e-6, ...options.contour });
    } catch (e) {
      if (!(e instanceof ConvergenceError)) throw e;
      // name the disk and what to change (as predictGru does)
      throw new ConvergenceError(
        `disk mass |λ − (${d.re}${d.im >= 0 ? '+' : ''}${d.im}i)| ≤ ${d.r} (move or resize the disk so its circle avoids the forget-gate poles on [−1, 0], or raise contour.maxPoints), at ${e.message.split(' did not converge')[0]}`,
        e.residual, e.iterations, { ...e.settings },
      );
    }
    return { re: d.re, im: d.im, r: d.r, mass: r.mass, converged: true as const, errorEstimate: r.errorEstimate, points: r.points, method: r.method };
  });
}
