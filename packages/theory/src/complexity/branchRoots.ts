/**
 * Every nontrivial root of the GRU mean-field equation [GRU-MF-2] at one parameter point, in the
 * branch form E(C) = RHS(C)/C − 1 = 0 of `branchEquation.ts` — the per-point kernel of the phase
 * diagram [KR-PD].
 *
 * Method ([NUM-6], adapted):
 * 1. scan E and its analytic derivative E_C on a log grid of `scanPoints` points in [scanMin, 1];
 * 2. refine every sign change of E by safeguarded Newton with the analytic E_C ({@link bracketedNewton});
 * 3. in every grid interval where E keeps its sign but E_C changes sign (an extremum of E) towards
 *    zero (a minimum of a positive E or a maximum of a negative one; the other kind cannot reach
 *    zero), locate the extremum with Brent on E_C, stopping early at any evaluated point where E has
 *    changed sign, or as soon as the tangents at the points closest to the extremum on either side
 *    meet on the far side of zero ({@link tangentBound}); if E changes sign there, the interval holds
 *    two roots (the two branches close to a saddle-node, [KR-13]) and both are refined.
 * Step 3 is why a coarse scan suffices: a plain sign scan misses root pairs closer than a grid
 * step, which is exactly the two-branch region just above g_sn; with it, only pairs whose
 * separation is below the Brent tolerance of the extremum (i.e. exactly at the fold) are missed.
 * The trivial root C = 0 (β_h = 0) is not returned; see {@link BranchRootsResult.trivialRoot}.
 * Every evaluation of a call is kept by C, so bracket ends and roots are never evaluated twice.
 *
 * Cost (the 100×100 (α_r, g_h) phase diagram at β = 0, 10⁴ points): 51.4 evaluations per point, of
 * which 48 are the scan (Brent refinement and a search of every extremum: 60.5); roots take 3–5
 * Newton steps instead of 7–8 Brent steps.
 *
 * Roots are labelled as in `solveGruMeanField`: 'single', or 'lower'/'upper' when there are two;
 * their quantities come from the branch value at the root ({@link branchRootQuantities}).
 *
 * @module
 */
import { ConvergenceError, type NumericsWarning, brent, checkFinite, checkInteger, logGrid } from '@gatefield/numerics';
import { type GruMeanFieldRoot, type GruParameters, gruRootFromMoments } from '../gru/meanField.js';
import type { QuadratureOptions, ResolvedQuadrature } from '../quadrature.js';
import { type BranchEquationValue, branchEquation, resolvedOnce } from './branchEquation.js';
import { resetGateWarnings } from './quadratureWarnings.js';

/** Options of {@link gruBranchRoots}. */
export interface BranchRootOptions {
  quadrature?: QuadratureOptions | ResolvedQuadrature;
  /** Lower end of the log scan. Default 1e-7 (as [NUM-6]). */
  scanMin?: number;
  /**
   * Scan points. Default 48 (≈ 7 per decade): enough because extrema of E are refined (step 3);
   * the 400 points of `solveGruMeanField` cost 8× more per phase-diagram point.
   */
  scanPoints?: number;
  /** Absolute Brent tolerance on C and on the extremum. Default 1e-13. */
  tolerance?: number;
}

/** Result of {@link gruBranchRoots}. */
export interface BranchRootsResult {
  /** Nontrivial roots, ascending in C, with [GRU-MF-1]–[GRU-RMT-4] quantities. */
  roots: GruMeanFieldRoot[];
  /** β_h = 0: C = 0 is also a root (the origin, [GRU-MF-4]). */
  trivialRoot: boolean;
  converged: true;
  /** max |RHS − C| over roots */
  residual: number;
  /** Evaluations of the branch equation. */
  evaluations: number;
  settings: { quadrature: ResolvedQuadrature; scanMin: number; scanPoints: number; tolerance: number };
  /** 'quadrature-insufficient' when the reset-gate rule at a root is too coarse (`quadratureWarnings.ts`); else empty. */
  warnings: NumericsWarning[];
}

/**
 * Maximum safeguarded-Newton steps of a root refinement ({@link gruBranchRoots}, step 2;
 * {@link bracketedNewton}). The bracket shrinks with every evaluation: a step that is not an
 * accepted Newton step bisects it, and a Newton step is accepted only if it at least halves the step
 * before last. 53 bisections alone bring a scan bracket (width < 1, C ∈ (0, 1]) below 2⁻⁵³ ≈ 1.1e-16,
 * under any allowed tolerance (≥ 1e-16); a root takes 3–5 steps in practice. 200 (≈ 4× those 53
 * halvings) is a safety cap: it turns an unforeseen non-terminating iteration into a
 * ConvergenceError instead of a hang.
 */
const ROOT_MAX_ITERATIONS = 200;

/** Thrown inside the extremum search when a point with E of the other sign is found (step 3). */
class SignFound {
  constructor(readonly value: BranchEquationValue) {}
}

/** Thrown inside the extremum search when the tangent bound proves that E keeps its sign (step 3). */
const NO_CROSSING = Symbol('no crossing');

/**
 * Lower bound of s·E between `l` and `r` (s·E_C(l) < 0 < s·E_C(r), a minimum of s·E between them)
 * when s·E is convex there: the value where the tangents at l and r meet. Convexity holds between
 * the two points closest to a simple minimum; it fails only if E_C changes sign three times in the
 * interval, the case step 3 does not resolve anyway. Positive ⇒ E cannot reach zero there.
 */
function tangentBound(l: BranchEquationValue, r: BranchEquationValue, s: number): number {
  const el = s * l.E;
  const er = s * r.E;
  const sl = s * l.dEdC;
  const sr = s * r.dEdC;
  if (!(sl < 0 && sr > 0)) return -Infinity;
  // L(x) = el + sl(x − l.C) = er + sr(x − r.C) at x*; the bound is L(x*)
  const x = (er - el + sl * l.C - sr * r.C) / (sl - sr);
  const v = el + sl * (x - l.C);
  return Number.isFinite(v) ? v : -Infinity;
}

/** All nontrivial roots of [GRU-MF-2] at `p` (see the module comment). */
export function gruBranchRoots(p: GruParameters, options: BranchRootOptions = {}): BranchRootsResult {
  const q = resolvedOnce(options.quadrature ?? {});
  const scanMin = checkFinite('scanMin', options.scanMin ?? 1e-7, 1e-300, 0.1);
  const scanPoints = checkInteger('scanPoints', options.scanPoints ?? 48, 4, 1e5);
  const tolerance = checkFinite('tolerance', options.tolerance ?? 1e-13, 1e-16, 1e-3);
  let evaluations = 0;
  // every evaluation of this call, by C: bracket ends and the final root are never recomputed
  const seen = new Map<number, BranchEquationValue>();
  const ev = (C: number): BranchEquationValue => {
    let v = seen.get(C);
    if (!v) {
      evaluations++;
      v = branchEquation(C, p, q);
      seen.set(C, v);
    }
    return v;
  };
  const grid = logGrid(scanMin, 1, scanPoints);
  const vals = Array.from(grid, (C) => ev(C));
  const found: number[] = [];
  const refine = (lo: BranchEquationValue, hi: BranchEquationValue) => found.push(bracketedNewton(ev, lo, hi, tolerance).C);
  for (let k = 0; k + 1 < grid.length; k++) {
    const a = vals[k];
    const b = vals[k + 1];
    if (a.E === 0) {
      found.push(a.C);
      continue;
    }
    if ((a.E < 0) !== (b.E < 0) && b.E !== 0) {
      refine(a, b);
      continue;
    }
    if (b.E === 0) continue;
    if (Number.isFinite(a.dEdC) && Number.isFinite(b.dEdC) && (a.dEdC < 0) !== (b.dEdC < 0) && a.dEdC !== 0 && b.dEdC !== 0) {
      // a maximum of a positive E (or a minimum of a negative one) cannot reach zero
      if ((a.E > 0) === (a.dEdC > 0)) continue;
      // s·E has a minimum in (a, b); l, r: the evaluated points closest to it on either side
      const s = a.E > 0 ? 1 : -1;
      let l = a;
      let r = b;
      if (tangentBound(l, r, s) > 0) continue;
      let split: BranchEquationValue | null = null;
      try {
        const ext = brent(
          (C) => {
            const v = ev(C);
            if (v.E !== 0 && (v.E < 0) !== (a.E < 0)) throw new SignFound(v);
            if (s * v.dEdC < 0 && v.C > l.C) l = v;
            else if (s * v.dEdC > 0 && v.C < r.C) r = v;
            if (tangentBound(l, r, s) > 0) throw NO_CROSSING;
            return v.dEdC;
          },
          a.C,
          b.C,
          { xtol: tolerance },
        ).root;
        split = ev(ext);
      } catch (e) {
        if (e === NO_CROSSING) continue;
        if (!(e instanceof SignFound)) throw e;
        split = e.value;
      }
      if ((split.E < 0) !== (a.E < 0) && split.E !== 0) {
        refine(a, split);
        refine(split, b);
      }
    }
  }
  if (vals[vals.length - 1].E === 0) found.push(1);
  found.sort((x, y) => x - y);
  const unique = found.filter((C, i) => i === 0 || C - found[i - 1] > 4 * tolerance);
  const n = unique.length;
  const roots = unique.map((C, i) => {
    const branch: GruMeanFieldRoot['branch'] = n === 1 ? 'single' : n === 2 ? (i === 0 ? 'lower' : 'upper') : 'other';
    return branchRootQuantities(ev(C), p, branch);
  });
  const residual = roots.reduce((m, r) => Math.max(m, r.residual), 0);
  const warnings = resetGateWarnings('gruBranchRoots', roots.map((r) => ({ C: r.C, alpha_r: p.alpha_r, beta_r: p.beta_r })), q);
  return { roots, trivialRoot: p.beta_h === 0, converged: true, residual, evaluations, settings: { quadrature: q, scanMin, scanPoints, tolerance }, warnings };
}

/**
 * The quantities of `gruRootQuantities` ([GRU-MF-1], [GRU-MF-3], [GRU-RMT-4]) at a root from its
 * branch-equation value: Δ_η = g_h²CR₂, Γ² = g_h²⟨φ′²⟩(R₂ + C·Q_r), Γ² without the reset derivative
 * g_h²⟨φ′²⟩R₂, residual |RHS − C|. The same formulas on the same rules as `gruRootQuantities` (whose
 * values they match to ~1e-15 relative: windowed, memoized gate sums and the folded smooth rule of
 * `branchEquation.ts`), without its second pass over the gate rule (15 % of a phase-diagram grid).
 * Throws NonPhysicalError if C ∉ [0, 1] (in `gruRootFromMoments`).
 */
export function branchRootQuantities(v: BranchEquationValue, p: GruParameters, branch: GruMeanFieldRoot['branch']): GruMeanFieldRoot {
  return gruRootFromMoments(v, p.g_h, branch, Math.abs(v.rhs - v.C), 0);
}

/**
 * The root of E in a bracket (E(lo), E(hi) of opposite signs, both nonzero) by safeguarded Newton
 * with the analytic E_C (rtsafe, Numerical Recipes §9.4): a Newton step from the latest point when it
 * stays inside the current bracket and at least halves the step before last, a bisection otherwise;
 * the bracket shrinks with every evaluation. Converged when a step is ≤ `tolerance`, or the bracket
 * is; returns the last evaluated point (its error is O(step²)). Why not Brent: with E_C available for
 * free, 3–5 evaluations instead of Brent's 7–8 per root on the 48-point scan.
 */
export function bracketedNewton(
  ev: (C: number) => BranchEquationValue,
  lo: BranchEquationValue,
  hi: BranchEquationValue,
  tolerance: number,
): BranchEquationValue {
  let a = lo;
  let b = hi;
  let cur = Math.abs(a.E) < Math.abs(b.E) ? a : b;
  let stepOld = Math.abs(b.C - a.C);
  let step = stepOld;
  for (let it = 0; it < ROOT_MAX_ITERATIONS; it++) {
    const left = Math.min(a.C, b.C);
    const right = Math.max(a.C, b.C);
    let x = cur.C - cur.E / cur.dEdC;
    if (!(x > left && x < right) || Math.abs(2 * (x - cur.C)) > Math.abs(stepOld)) x = 0.5 * (left + right);
    stepOld = step;
    step = x - cur.C;
    const v = ev(x);
    if (v.E === 0) return v;
    if ((v.E < 0) === (a.E < 0)) a = v;
    else b = v;
    cur = v;
    if (Math.abs(step) <= tolerance || Math.abs(b.C - a.C) <= tolerance) return Math.abs(a.E) < Math.abs(b.E) ? a : b;
  }
  throw new ConvergenceError('root of the GRU branch equation (bracketed Newton, [GRU-MF-2])', Math.abs(cur.E), ROOT_MAX_ITERATIONS, { lo: lo.C, hi: hi.C, tolerance });
}

/**
 * Newton's method on E(C) = RHS/C − 1 in C alone (analytic E_C), from a nearby root: the branch
 * tracker used by marginal-contour and boundary refinement. Steps are limited to a factor 10 in C
 * and C stays in (0, 1]. Returns C, or throws ConvergenceError after `maxIterations`.
 */
export function refineBranchRoot(Cguess: number, p: GruParameters, q: ResolvedQuadrature, tolerance = 1e-13, maxIterations = 60): number {
  return refineBranchRootValue(Cguess, p, q, tolerance, maxIterations).C;
}

/**
 * {@link refineBranchRoot} returning the branch-equation value at the returned C (the one its last
 * step evaluated), so that a caller needs no second `branchEquation` at the root (e.g. for
 * {@link branchRootQuantities}).
 */
export function refineBranchRootValue(Cguess: number, p: GruParameters, q: ResolvedQuadrature, tolerance = 1e-13, maxIterations = 60): BranchEquationValue {
  let C = Cguess;
  let e = branchEquation(C, p, q);
  for (let it = 0; it < maxIterations; it++) {
    const step = -e.E / e.dEdC;
    if (!Number.isFinite(step)) break;
    let next = Math.min(1, Math.max(C / 10, Math.min(10 * C, C + step)));
    let en = branchEquation(next, p, q);
    for (let ls = 0; ls < 30 && Math.abs(en.E) > Math.abs(e.E); ls++) {
      next = 0.5 * (C + next);
      en = branchEquation(next, p, q);
    }
    const moved = Math.abs(next - C);
    C = next;
    e = en;
    if (moved <= tolerance + 1e-12 * C && Math.abs(e.E) < 1e-9) return e;
  }
  throw new ConvergenceError('branch root tracking (Newton on [GRU-MF-2])', Math.abs(e.E), maxIterations, { Cguess, tolerance, maxIterations });
}
