/**
 * Continuation solver for the SCBA density on a grid ([GRU-SCBA-3], [GRU-SCBA-5], [NUM-9]) at ε = 0:
 * the per-point work of {@link scbaDensityGrid} with as few passes over the sites as possible.
 *
 * Per point λ of a row (passes = loops over all sites):
 * 1. Λ(λ) ([GRU-RMT-3]) from the sites grouped by s (`supportTable` of `scbaEquations.ts`: one division per
 *    distinct s); Λ − 1 ≤ edgeTolerance → ρ = 0 (outside the bulk, exact).
 * 2. Predictor for x(λ) (gauge a₁ = a₂): quintic (cubic) Hermite extrapolation from the three (two)
 *    left neighbours, whose values and row tangents ∂x/∂Re λ are known (the tangent is a by-product
 *    of the density: (I − J) ∂x/∂λ = ∂F/∂λ, see below), plus the error the same extrapolation made
 *    at the point below (it varies smoothly with Im λ); else the left neighbour plus its tangent;
 *    else the point below plus its column tangent ∂x/∂Im λ. Error O(h⁶), O(h⁴), O(h²) in the grid
 *    step h. (The order matters: x(λ) ripples on the scale of the spacing of the poles −s_i, and a
 *    predictor good to ~1e-9 lets most points converge with one F-only pass.)
 * 3. Chord Newton: x ← x + (J₀ − I)⁻¹(x − F(x)) with the gauge row of `scba.ts` and J₀ the Jacobian
 *    extrapolated from the left neighbours (3J₁ − 3J₂ + J₃, or 2J₁ − J₂, or J₁, corrected like
 *    the predictor; J of the point below for a row start), so the chord contracts at rate O(h³)
 *    (O(h)); each step costs one F-only pass (no Jacobian) and the iteration stops as soon as the
 *    gauge-invariant relative residual of all four equations is ≤ the tolerance (the converged
 *    test of `scbaSolve`; stricter within {@link ScbaContinuationOptions.chordEdgeBand}).
 *    Slow or failing chord steps switch to Newton with the exact J (one fused pass) and
 *    backtracking; only if that fails, or without any predictor (the first bulk point of a
 *    block), the full solver runs (`scbaSolveCore`: Newton with line search, cold start if needed, on the
 *    same passes).
 * 4. One fused pass (`scbaTensorPass.ts` for tensor rules, else `scbaDensityPass.ts`) at the converged x for the exact J and the explicit
 *    derivatives; ρ = (1/π) Re ∂G/∂λ̄ by implicit differentiation as in `densityAt`, and the two
 *    tangents for the next predictors. When the chord predicts convergence for its next step, that
 *    step is evaluated by the fused pass directly (it doubles as the converged test).
 * Measured on the 200×200 bench grid of the smooth-gates GRU (27 600 bulk points): 1.33 F-only +
 * 1.08 fused passes per bulk point and 16 fallback points (13 of them block starts), against
 * ~2.9 Newton iterations (≈ 3.9 F + J evaluations) + 1 density pass per point for `densityAt`.
 * ρ agrees with cold per-point `densityAt` to ≤ 5e-11 relative (40×40 grid; see the tests).
 *
 * @module
 */
import { ConvergenceError, type Complex } from '@gatefield/numerics';
import { type GaugeMap, type ScbaPasses, type ScbaResult, scbaPasses, scbaSolveCore } from './scba.js';
import { type Ctx, densityFromTerms, residualOf, setGaugeRow, solve4 } from './scbaEquations.js';

/** Options of the continuation solver (documented defaults; recorded in the grid settings). */
export interface ScbaContinuationOptions {
  /** Maximum chord / Newton steps per point before the fallback to the full solver. Default 12. */
  chordSteps?: number;
  /**
   * Each chord step must multiply the residual by at most this factor; otherwise the step is redone
   * with the exact J (Newton) and, failing that, backtracked, before the fallback. Default 0.5.
   */
  chordContraction?: number;
  /**
   * Assumed contraction of the first chord step at the first point of a block (later points use the
   * contraction observed at the previous point), used only to decide whether the next evaluation
   * is the fused pass (predicted residual ≤ tolerance) or an F-only pass. Default 1e-3 (measured
   * 1e-4..1e-3 in the bulk of a 200×200 grid with the extrapolated J0). Never affects accuracy.
   */
  chordRate?: number;
  /**
   * Within `chordEdgeBand` of the bulk edge (Λ − 1 < band) the chord iteration stops at a residual
   * ≤ `chordTolerance` × `scba.tolerance`; elsewhere at `scba.tolerance` (the test of `scbaSolve`).
   * Default 0.01: near the edge ρ is 10³–10⁴ times more sensitive to x than the residual, so a
   * point stopped just below the tolerance can differ from `densityAt` (whose Newton step
   * overshoots the tolerance quadratically) by ~2e-9 relative (measured at Λ − 1 = 5e-4 with 1).
   * Measured on a 40×40 map-rule grid against cold `densityAt`: ≤ 5e-11 relative for Λ − 1 ≥ 1e-4,
   * 4e-10 at Λ − 1 = 4e-5 (there the rounding of the site sums is amplified, not the tolerance).
   */
  chordTolerance?: number;
  /** Width in Λ − 1 of the edge band where `chordTolerance` applies. Default 0.1 (see there). */
  chordEdgeBand?: number;
}

/** Defaults of {@link ScbaContinuationOptions}. */
export const DEFAULT_SCBA_CONTINUATION: Required<ScbaContinuationOptions> = { chordSteps: 12, chordContraction: 0.5, chordRate: 1e-3, chordTolerance: 0.01, chordEdgeBand: 0.1 };

/** Result of one point: x, J and tangents are written into the caller's arrays. */
export interface ContinuationPoint {
  inBulk: boolean;
  density: number;
  /** Newton/chord iterations. */
  iterations: number;
}

/**
 * Pass counters over a grid: light Λ passes, F-only passes, fused J + density passes, map
 * evaluations of fallback solves (pre-iterations F-only, Newton F + J), and points that fell back.
 */
export interface ContinuationPasses {
  support: number;
  map: number;
  fused: number;
  fallback: number;
  fallbackPoints: number;
}

/**
 * A point solver bound to a context and settings (ε = 0). `solve(lr, li, pred, J0, x, J, tx, ty)`:
 * `pred` (predicted x, or null) and `J0` (Jacobian for the chord, or null) are inputs; x, J (at
 * the solution), tx = ∂x/∂Re λ and ty = ∂x/∂Im λ are outputs (left untouched outside the bulk).
 * `warm` is the fallback's warm start (a previous x, or undefined: cold).
 *
 * @throws {ConvergenceError} if the fallback solver fails or the linearisation is singular.
 */
export function continuationPointSolver(c: Ctx, o: ScbaResult['settings'], options: ScbaContinuationOptions = {}) {
  const maxSteps = options.chordSteps ?? DEFAULT_SCBA_CONTINUATION.chordSteps;
  const contraction = options.chordContraction ?? DEFAULT_SCBA_CONTINUATION.chordContraction;
  const rateGuess = options.chordRate ?? DEFAULT_SCBA_CONTINUATION.chordRate;
  const passes: ContinuationPasses = { support: 0, map: 0, fused: 0, fallback: 0, fallbackPoints: 0 };
  const sitePasses = scbaPasses(c, o, true);
  const { support } = sitePasses;
  const gaugeMap = sitePasses.map as GaugeMap;
  const fusedEval = sitePasses.fused as NonNullable<ScbaPasses['fused']>;
  /** F-only pass. */
  const mapPass = (lr: number, li: number, x: Float64Array, F: Float64Array) => gaugeMap(lr, li, x, F, null);
  /** Fused J + density pass (F into F, the density terms into t). */
  const fusedPass = (lr: number, li: number, x: Float64Array, J: Float64Array) => fusedEval(lr, li, x, J, t, F);
  const F = new Float64Array(4);
  const A = new Float64Array(16);
  const Jc = new Float64Array(16);
  const rhs = new Float64Array(4);
  const xt = new Float64Array(4);
  const t = new Float64Array(18);
  let lastRate = rateGuess;
  const tolEdge = o.tolerance * (options.chordTolerance ?? DEFAULT_SCBA_CONTINUATION.chordTolerance);
  const band = options.chordEdgeBand ?? DEFAULT_SCBA_CONTINUATION.chordEdgeBand;
  let tol = o.tolerance;
  const fused = (lr: number, li: number, x: Float64Array, J: Float64Array): number => {
    fusedPass(lr, li, x, J);
    passes.fused++;
    return residualOf(x, F).max;
  };
  /**
   * Chord iteration from pred with J0 (module comment, step 3). Returns the steps taken, or −1 (fall
   * back). On success x is converged and J, t hold the fused pass at x. A step whose predicted
   * residual (last observed contraction × residual, `chordRate` for the first step) is ≤ tolerance
   * is evaluated by the fused pass directly (it doubles as the converged test); if that pass shows
   * no convergence after all, the iteration continues with its exact J (Newton). A step that does
   * not contract is retried from the same x with the exact J there (one fused pass; Newton), and a
   * Newton step that does not contract either is backtracked (halving, F-only passes) until the
   * residual decreases; J is also refreshed when the observed contraction predicts more than three
   * further chord steps. Only if all that fails (or after `chordSteps` steps) the full solver runs.
   */
  const chord = (lr: number, li: number, pred: Float64Array, J0: Float64Array, x: Float64Array, J: Float64Array): number => {
    x.set(pred);
    Jc.set(J0);
    mapPass(lr, li, x, F);
    passes.map++;
    let res = residualOf(x, F).max;
    let theta = lastRate;
    let first = true;
    let haveFused = false;
    let exact = false; // Jc is the exact J at x
    for (let k = 0; k <= maxSteps; k++) {
      if (res <= tol) {
        if (!(x[0] > 0 && x[2] > 0)) return -1;
        if (!haveFused) fused(lr, li, x, J);
        return k;
      }
      if (k === maxSteps) return -1;
      for (let r = 0; r < 4; r++) {
        for (let m = 0; m < 4; m++) A[4 * r + m] = Jc[4 * r + m] - (r === m ? 1 : 0);
        rhs[r] = x[r] - F[r];
      }
      setGaugeRow(A);
      rhs[2] = x[2] - x[0];
      if (!solve4(A, rhs)) return -1;
      let s = 1;
      // fraction to the boundary 0.9 keeps a₁, a₂ > 0, as in `newton` of scba.ts
      if (rhs[0] < 0) s = Math.min(s, (0.9 * x[0]) / -rhs[0]);
      if (rhs[2] < 0) s = Math.min(s, (0.9 * x[2]) / -rhs[2]);
      for (let m = 0; m < 4; m++) xt[m] = Math.max(0, x[m] + s * rhs[m]);
      let rt: number;
      haveFused = theta * res <= tol;
      if (haveFused) rt = fused(lr, li, xt, J);
      else {
        mapPass(lr, li, xt, F);
        passes.map++;
        rt = residualOf(xt, F).max;
      }
      if (!(rt <= contraction * res) && !(rt <= tol)) {
        if (exact) {
          // Newton with the exact J overshoots (near the bulk edge x ∝ √(Λ − 1) bends fast):
          // backtrack along the Newton direction with F-only passes
          let accepted = false;
          // Armijo test with 1e-4, as in `newton`; after 30 halvings (step 1e-9 of Newton's) the
          // direction is useless and the full solver takes over
          for (let ls = 0; ls < 30 && !accepted; ls++) {
            s *= 0.5;
            for (let m = 0; m < 4; m++) xt[m] = Math.max(0, x[m] + s * rhs[m]);
            mapPass(lr, li, xt, F);
            passes.map++;
            rt = residualOf(xt, F).max;
            accepted = rt < (1 - 1e-4 * s) * res;
          }
          if (!accepted) return -1;
          x.set(xt);
          res = rt;
          exact = false;
          haveFused = false;
          continue;
        }
        // the chord with the extrapolated J does not contract: refresh J at x (Newton from here on)
        res = fused(lr, li, x, J);
        Jc.set(J);
        exact = true;
        haveFused = true;
        continue;
      }
      exact = haveFused;
      theta = rt / res;
      // floor: a step that converged exactly (θ = 0) must not predict convergence for every later
      // point; 1e-8 is below every first-step contraction measured (1e-4..1e-3, `chordRate`)
      if (first) lastRate = Math.max(theta, 1e-8);
      first = false;
      x.set(xt);
      res = rt;
      if (haveFused) Jc.set(J);
      else if (rt > tol && Math.log(tol / rt) / Math.log(theta) > 3) {
        // slow chord (J0 far from J here, e.g. after a poor predictor): refresh J at x (Newton)
        res = fused(lr, li, x, J);
        Jc.set(J);
        exact = true;
        haveFused = true;
      }
    }
    return -1;
  };
  const solve = (lr: number, li: number, pred: Float64Array | null, J0: Float64Array | null, warm: Float64Array | undefined, x: Float64Array, J: Float64Array, tx: Float64Array, ty: Float64Array): ContinuationPoint => {
    const Lambda = support(lr, li);
    passes.support++;
    if (!(Lambda - 1 > o.edgeTolerance)) return { inBulk: false, density: 0, iterations: 0 };
    tol = Lambda - 1 < band ? tolEdge : o.tolerance;
    let iterations = pred && J0 ? chord(lr, li, pred, J0, x, J) : -1;
    if (iterations < 0) {
      const lambda: Complex = { re: lr, im: li };
      const start = pred && pred[0] > 0 && pred[2] > 0 ? pred : warm;
      const sol = scbaSolveCore(c, o, lambda, start ? { x: start } : undefined, sitePasses);
      passes.fallback += sol.evaluations;
      passes.fallbackPoints++;
      x.set(sol.x);
      iterations = sol.iterations;
      fused(lr, li, x, J);
    }
    const density = densityFromTerms(J, t, true, tx, ty);
    if (!Number.isFinite(density)) throw new ConvergenceError(`SCBA density [GRU-SCBA-5] at lambda = ${lr}${li >= 0 ? '+' : ''}${li}i (singular linearisation or non-finite density)`, NaN, iterations, { ...o });
    return { inBulk: true, density, iterations };
  };
  /** Forget the contraction observed so far (at a block start, so that blocks are independent). */
  const reset = () => {
    lastRate = rateGuess;
  };
  return { solve, passes, reset, sitePasses: sitePasses.kind as 'tensor' | 'grouped' };
}

/**
 * Predictor of the module comment into `out`, from the values x and tangents t (× step h) of the
 * `k` previous points of the row (xs[0], ts[0] the nearest): k = 1: x₁ + m₁; k = 2: cubic Hermite
 * 5x₂ + 2m₂ − 4x₁ + 4m₁; k = 3: quintic Hermite 10x₃ + 3m₃ + 9x₂ + 18m₂ − 18x₁ + 9m₁ (x_j at
 * j steps back; exact for polynomials of degree 1, 3, 5). Returns false (out unusable) unless
 * a₁, a₂ > 0 and b₁, b₂ ≥ 0.
 */
export function hermitePredict(k: number, xs: readonly Float64Array[], ts: readonly Float64Array[], h: number, out: Float64Array): boolean {
  for (let m = 0; m < 4; m++) {
    if (k >= 3) out[m] = 10 * xs[2][m] + 3 * h * ts[2][m] + 9 * xs[1][m] + 18 * h * ts[1][m] - 18 * xs[0][m] + 9 * h * ts[0][m];
    else if (k === 2) out[m] = 5 * xs[1][m] + 2 * h * ts[1][m] - 4 * xs[0][m] + 4 * h * ts[0][m];
    else out[m] = xs[0][m] + h * ts[0][m];
  }
  return out[0] > 0 && out[2] > 0 && out[1] >= 0 && out[3] >= 0;
}
