/**
 * Every nontrivial root of the GRU mean-field equation [GRU-MF-2] at one parameter point, in the
 * branch form E(C) = RHS(C)/C − 1 = 0 of `branchEquation.ts` — the per-point kernel of the phase
 * diagram [KR-PD].
 *
 * Method ([NUM-6], adapted):
 * 1. scan E and its analytic derivative E_C on a log grid of `scanPoints` points in [scanMin, 1];
 * 2. refine every sign change of E with Brent;
 * 3. in every grid interval where E keeps its sign but E_C changes sign (an extremum of E), locate
 *    the extremum with Brent on E_C; if E changes sign there, the interval holds two roots (the
 *    two branches close to a saddle-node, [KR-13]) and both are refined.
 * Step 3 is why a coarse scan suffices: a plain sign scan misses root pairs closer than a grid
 * step, which is exactly the two-branch region just above g_sn; with it, only pairs whose
 * separation is below the Brent tolerance of the extremum (i.e. exactly at the fold) are missed.
 * The trivial root C = 0 (β_h = 0) is not returned; see {@link BranchRootsResult.trivialRoot}.
 *
 * Roots are labelled as in `solveGruMeanField`: 'single', or 'lower'/'upper' when there are two.
 *
 * @module
 */
import { ConvergenceError, brent, checkFinite, checkInteger, logGrid } from '@gatefield/numerics';
import { type GruMeanFieldRoot, type GruParameters, gruRootQuantities } from '../gru/meanField.js';
import { type QuadratureOptions, type ResolvedQuadrature, resolveQuadrature } from '../quadrature.js';
import { branchEquation } from './branchEquation.js';

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
}

/** All nontrivial roots of [GRU-MF-2] at `p` (see the module comment). */
export function gruBranchRoots(p: GruParameters, options: BranchRootOptions = {}): BranchRootsResult {
  const q = resolveQuadrature(options.quadrature);
  const scanMin = checkFinite('scanMin', options.scanMin ?? 1e-7, 1e-300, 0.1);
  const scanPoints = checkInteger('scanPoints', options.scanPoints ?? 48, 4, 1e5);
  const tolerance = checkFinite('tolerance', options.tolerance ?? 1e-13, 1e-16, 1e-3);
  let evaluations = 0;
  const ev = (C: number) => {
    evaluations++;
    return branchEquation(C, p, q);
  };
  const grid = logGrid(scanMin, 1, scanPoints);
  const vals = Array.from(grid, (C) => ev(C));
  const found: number[] = [];
  const E = (C: number) => ev(C).E;
  const dE = (C: number) => ev(C).dEdC;
  const refine = (lo: number, hi: number) => found.push(brent(E, lo, hi, { xtol: tolerance }).root);
  for (let k = 0; k + 1 < grid.length; k++) {
    const a = vals[k];
    const b = vals[k + 1];
    if (a.E === 0) {
      found.push(a.C);
      continue;
    }
    if ((a.E < 0) !== (b.E < 0) && b.E !== 0) {
      refine(a.C, b.C);
      continue;
    }
    if (b.E === 0) continue;
    if (Number.isFinite(a.dEdC) && Number.isFinite(b.dEdC) && (a.dEdC < 0) !== (b.dEdC < 0) && a.dEdC !== 0 && b.dEdC !== 0) {
      const ext = brent(dE, a.C, b.C, { xtol: tolerance }).root;
      const e = ev(ext).E;
      if ((e < 0) !== (a.E < 0) && e !== 0) {
        refine(a.C, ext);
        refine(ext, b.C);
      }
    }
  }
  if (vals[vals.length - 1].E === 0) found.push(1);
  found.sort((x, y) => x - y);
  const unique = found.filter((C, i) => i === 0 || C - found[i - 1] > 4 * tolerance);
  const n = unique.length;
  const roots = unique.map((C, i) => {
    const branch: GruMeanFieldRoot['branch'] = n === 1 ? 'single' : n === 2 ? (i === 0 ? 'lower' : 'upper') : 'other';
    const residual = Math.abs(ev(C).rhs - C);
    return gruRootQuantities(C, p, q, branch, residual, 0);
  });
  const residual = roots.reduce((m, r) => Math.max(m, r.residual), 0);
  return { roots, trivialRoot: p.beta_h === 0, converged: true, residual, evaluations, settings: { quadrature: q, scanMin, scanPoints, tolerance } };
}

/**
 * Newton's method on E(C) = RHS/C − 1 in C alone (analytic E_C), from a nearby root: the branch
 * tracker used by marginal-contour and boundary refinement. Steps are limited to a factor 10 in C
 * and C stays in (0, 1]. Returns C, or throws ConvergenceError after `maxIterations`.
 */
export function refineBranchRoot(Cguess: number, p: GruParameters, q: ResolvedQuadrature, tolerance = 1e-13, maxIterations = 60): number {
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
    if (moved <= tolerance + 1e-12 * C && Math.abs(e.E) < 1e-9) return C;
  }
  throw new ConvergenceError('branch root tracking (Newton on [GRU-MF-2])', Math.abs(e.E), maxIterations, { Cguess, tolerance, maxIterations });
}
