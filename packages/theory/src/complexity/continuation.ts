/**
 * Mean-field branches of the GRU traced by pseudo-arclength continuation in any model parameter,
 * with their stability as fixed points of the ungated flow ḣ = F(h) ([GRU-M-5]).
 *
 * ```
 * branch      E(C; v) = RHS(C; v)/C − 1 = 0           ([GRU-MF-2] in the form of branchEquation.ts)
 * tangent     t ∝ (−∂E/∂v, ∂E/∂C)   in the (C, v) plane, oriented continuously
 * predictor   z̃ = z + Δs·t;   corrector: Newton on { E(z) = 0,  t·(z − z̃) = 0 }
 * stability   spec(∂F(h*)) is the disk |λ + 1| ≤ Γ ([KR-7]), so the branch point is a stable fixed
 *             point of the ungated flow iff Γ < 1 (Γ² of [GRU-RMT-4]); Γ > 1 ⇔ Σ_MF > 0 ([KR-16])
 * ```
 * Why pseudo-arclength: natural continuation in v fails at folds, where the branch turns back
 * (the saddle-node g_sn of [KR-15], between the two branches of [KR-13]); arclength goes through
 * the fold, whose location is then refined by Newton on the fold conditions ({@link solveFold}).
 * The equation E (not RHS − C) has no trivial root, so a branch that dies at C → 0 (transcritical
 * point on the origin line [KR-11]) ends cleanly; that end point is computed exactly from
 * E(0⁺; v) = 0.
 *
 * Step control: Δs grows by `growth` after a corrector that converges in ≤ 3 iterations and is
 * halved after a failure, within [minStep, maxStep]. The arclength metric is Euclidean in (C, v)
 * (both O(1)).
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, type NumericsWarning, checkFinite, checkInteger } from '@gatefield/numerics';
import { type GruParameters, resolveGruParameters } from '../gru/meanField.js';
import type { QuadratureOptions, ResolvedQuadrature } from '../quadrature.js';
import { type BranchEquationValue, DEFAULT_PARAMETER_STEP, type GruParameterInput, type GruParameterName, branchEquation, checkParameterName, parameterDerivatives, withParameter, resolvedOnce } from './branchEquation.js';
import { branchRootQuantities, gruBranchRoots, refineBranchRoot, refineBranchRootValue } from './branchRoots.js';
import { type FoldResult, solveFold } from './foldNewton.js';
import { resetGateWarnings } from './quadratureWarnings.js';

/** Options of {@link continueGruBranch}. */
export interface ContinuationOptions {
  /** Continuation parameter. Default 'g_h'. */
  parameter?: GruParameterName;
  /** Target value of the parameter (the trace stops when the branch reaches it). Required. */
  to: number;
  /**
   * The trace stops ('left-domain') when the parameter leaves [lo, hi]. Default the interval
   * between the start value and `to` (a branch that turns at a fold and runs back past its start
   * is followed no further).
   */
  bounds?: [number, number];
  /**
   * Start: an approximate C on the branch at the initial parameter value (refined by Newton; must
   * lie within 2 % of the root), or which root to take. Default 'largest'.
   */
  start?: { C: number } | 'largest' | 'smallest';
  /** Initial / minimum / maximum arclength step. Defaults 0.01 / 1e-7 / 0.05. */
  initialStep?: number;
  minStep?: number;
  maxStep?: number;
  /** Step growth after an easy corrector. Default 1.5. */
  growth?: number;
  /** Maximum accepted steps. Default 5000. */
  maxSteps?: number;
  /** Corrector tolerance on |E|. Default 1e-12. */
  tolerance?: number;
  /** Corrector convergence also needs |ΔC| + |Δv| below this. Default 1e-9 (the Jacobian's ∂E/∂v is a central difference, so steps stall near 1e-12 rather than at rounding). */
  stepTolerance?: number;
  /** Corrector iterations before the step is halved. Default 8. */
  maxCorrectorIterations?: number;
  /**
   * The branch is taken to end on the trivial root when C < cMin, or when it heads for C = 0 and
   * half the distance is below 10·minStep (folds at C below that are not resolved). Default 1e-9.
   */
  cMin?: number;
  /** Refine folds with Newton on the fold conditions. Default true. */
  refineFolds?: boolean;
  /** Relative step of parameter finite differences. Default 1e-6. */
  parameterStep?: number;
  quadrature?: QuadratureOptions;
}

/** One accepted point of the branch. */
export interface BranchPoint {
  value: number;
  C: number;
  gamma2: number;
  gamma2NoResetDerivative: number;
  /** Γ < 1: stable fixed point of the ungated flow [KR-7]. */
  stableUngated: boolean;
  /** |E| at the point */
  residual: number;
  /** dv/ds: sign changes at folds */
  tangentValue: number;
}

/** How the trace ended. */
export type ContinuationEnd = 'reached-target' | 'reached-trivial' | 'left-domain' | 'max-steps';

/** Result of {@link continueGruBranch}. */
export interface ContinuationResult {
  parameter: GruParameterName;
  points: BranchPoint[];
  /** Folds (turning points in the parameter), refined by Newton when `refineFolds`. */
  folds: (FoldResult | { value: number; C: number; refined: false })[];
  /** Where Γ² crosses 1 (stability change of the ungated flow), linearly interpolated between points. */
  stabilityChanges: { value: number; C: number }[];
  /** 'reached-trivial': parameter value where the branch meets C = 0 (on the origin line [KR-11]). */
  trivialEnd?: number;
  end: ContinuationEnd;
  converged: true;
  /** max |E| over points */
  residual: number;
  /** Total corrector iterations. */
  iterations: number;
  settings: Required<Omit<ContinuationOptions, 'start' | 'quadrature' | 'bounds'>> & { quadrature: ResolvedQuadrature; start: string; bounds: [number, number] };
  /** At most one 'quadrature-insufficient' warning over the traced points (the worst-resolved, `quadratureWarnings.ts`); else empty. */
  warnings: NumericsWarning[];
}

/**
 * Trace the branch through `params` from `params[parameter]` to `options.to` (see module comment).
 *
 * @throws {InvalidParameterError} bad options, or no nontrivial root at the start.
 * @throws {ConvergenceError} if the step falls below `minStep`.
 */
export function continueGruBranch(params: GruParameterInput, options: ContinuationOptions): ContinuationResult {
  const p0 = resolveGruParameters(params as Partial<Record<string, unknown>>);
  const parameter = checkParameterName(options.parameter ?? 'g_h');
  const q = resolvedOnce(options.quadrature ?? {});
  const to = checkFinite('to', options.to);
  const s = {
    parameter,
    to,
    initialStep: checkFinite('initialStep', options.initialStep ?? 0.01, 1e-12, 1),
    minStep: checkFinite('minStep', options.minStep ?? 1e-7, 1e-14, 1),
    maxStep: checkFinite('maxStep', options.maxStep ?? 0.05, 1e-10, 10),
    growth: checkFinite('growth', options.growth ?? 1.5, 1, 10),
    maxSteps: checkInteger('maxSteps', options.maxSteps ?? 5000, 1, 1e7),
    tolerance: checkFinite('tolerance', options.tolerance ?? 1e-12, 1e-16, 1e-3),
    stepTolerance: checkFinite('stepTolerance', options.stepTolerance ?? 1e-9, 1e-16, 1e-2),
    maxCorrectorIterations: checkInteger('maxCorrectorIterations', options.maxCorrectorIterations ?? 8, 1, 100),
    cMin: checkFinite('cMin', options.cMin ?? 1e-9, 0, 0.1),
    refineFolds: options.refineFolds ?? true,
    parameterStep: checkFinite('parameterStep', options.parameterStep ?? DEFAULT_PARAMETER_STEP, 1e-10, 1e-2),
  };
  const from = p0[parameter];
  const direction = Math.sign(to - from) || 1;
  const bounds: [number, number] = options.bounds ?? [Math.min(from, to), Math.max(from, to)];
  if (!(bounds[0] <= Math.min(from, to) && bounds[1] >= Math.max(from, to))) throw new InvalidParameterError('bounds', bounds, `an interval containing ${from} and ${to}`);
  // Starting root
  let C0: number;
  const start = options.start ?? 'largest';
  if (typeof start === 'object') {
    const guess = checkFinite('start.C', start.C, 0, 1);
    let refined = NaN;
    try {
      refined = refineBranchRoot(guess, p0, q);
    } catch (e) {
      if (!(e instanceof ConvergenceError)) throw e;
    }
    if (!(Math.abs(refined - guess) <= 0.02 * guess)) throw new InvalidParameterError('start.C', guess, 'an approximate root of [GRU-MF-2] at the start parameters (within 2 %)');
    C0 = refined;
  } else {
    const roots = gruBranchRoots(p0, { quadrature: q }).roots;
    if (roots.length === 0) throw new InvalidParameterError(parameter, from, 'a start value with a nontrivial mean-field root');
    C0 = start === 'largest' ? roots[roots.length - 1].C : roots[0].C;
  }
  const at = (C: number, v: number) => withParameter(p0, parameter, v);
  const grad = (C: number, v: number) => {
    const e = branchEquation(C, at(C, v), q);
    const d = parameterDerivatives(C, at(C, v), parameter, q, s.parameterStep);
    return { E: e.E, EC: e.dEdC, Ev: d.dE };
  };
  const tangent = (C: number, v: number, prev: [number, number] | null): [number, number] => {
    const g = grad(C, v);
    let t: [number, number] = [-g.Ev, g.EC];
    const n = Math.hypot(t[0], t[1]);
    t = [t[0] / n, t[1] / n];
    const flip = prev ? t[0] * prev[0] + t[1] * prev[1] < 0 : Math.sign(t[1]) !== direction;
    return flip ? [-t[0], -t[1]] : t;
  };
  // A branch point from the branch-equation value e at its C and parameter value v: residual |E|,
  // Γ² [GRU-RMT-4] from e's moments (branchRootQuantities, no second pass over the rules).
  const record = (e: BranchEquationValue, v: number, tv: number): BranchPoint => {
    const r = branchRootQuantities(e, at(e.C, v), 'single');
    return { value: v, C: e.C, gamma2: r.gamma2, gamma2NoResetDerivative: r.gamma2NoResetDerivative, stableUngated: r.stableUngated, residual: Math.abs(e.E), tangentValue: tv };
  };
  let C = C0;
  let v = from;
  let t = tangent(C, v, null);
  const points: BranchPoint[] = [record(branchEquation(C, p0, q), v, t[1])];
  let ds = s.initialStep;
  let iterations = 0;
  let end: ContinuationEnd = 'max-steps';
  let trivialEnd: number | undefined;
  // Newton in C alone at fixed v (end points): the branch tracker of branchRoots.ts
  const solveAtValue = (Cg: number, val: number): BranchEquationValue => refineBranchRootValue(Cg, at(Cg, val), q, 1e-14);
  // Parameter value where the branch meets C = 0: E(0⁺; v) = 0 (β_h = 0), by the secant method.
  const trivialCrossing = (va: number, vb: number): number => {
    const f = (val: number) => branchEquation(0, at(0, val), q).E;
    let a = va;
    let b = vb === va ? va + 1e-3 : vb;
    let fa = f(a);
    let fb = f(b);
    for (let k = 0; k < 60 && Number.isFinite(fb) && fb !== fa; k++) {
      const c = b - (fb * (b - a)) / (fb - fa);
      a = b;
      fa = fb;
      b = c;
      fb = f(b);
      if (Math.abs(b - a) <= 1e-14 * Math.max(1, Math.abs(b))) return b;
    }
    throw new ConvergenceError(`end of the GRU branch at C = 0 in ${parameter}`, Math.abs(fb), 60, { ...s });
  };
  for (let step = 0; step < s.maxSteps; step++) {
    let accepted = false;
    let Cn = C;
    let vn = v;
    let its = 0;
    while (!accepted) {
      if (ds < s.minStep) {
        throw new ConvergenceError(`continuation of the GRU branch in ${parameter} at ${parameter} = ${v}, C = ${C}`, Math.abs(grad(C, v).E), iterations, { ...s });
      }
      const Cp = C + ds * t[0];
      const vp = v + ds * t[1];
      Cn = Cp;
      vn = vp;
      let ok = false;
      if (Cp <= 0) {
        // heading for C = 0: go at most halfway there, so the trace ends by the cMin test below
        // (a fold at small C is not mistaken for the transcritical end)
        const half = (0.5 * C) / Math.abs(t[0]);
        if (half < 10 * s.minStep || C < s.cMin) {
          trivialEnd = trivialCrossing(v, vp);
          end = 'reached-trivial';
          break;
        }
        ds = Math.min(ds * 0.5, half);
        continue;
      }
      for (its = 1; its <= s.maxCorrectorIterations; its++) {
        if (!(Cn > 0 && Cn <= 1)) break;
        const g = grad(Cn, vn);
        iterations++;
        const r2 = t[0] * (Cn - Cp) + t[1] * (vn - vp);
        const det = g.EC * t[1] - g.Ev * t[0];
        if (!(Math.abs(det) > 0)) break;
        const dC = (-g.E * t[1] + r2 * g.Ev) / det;
        const dv = (-g.EC * r2 + t[0] * g.E) / det;
        Cn += dC;
        vn += dv;
        if (Math.abs(g.E) <= s.tolerance && Math.abs(dC) + Math.abs(dv) < s.stepTolerance) {
          ok = Cn > 0 && Cn <= 1;
          break;
        }
      }
      if (ok) accepted = true;
      else ds *= 0.5;
    }
    if (end === 'reached-trivial') break;
    const tn = tangent(Cn, vn, t);
    const crossed = (vn - to) * (v - to) <= 0 && vn !== v;
    if (crossed) {
      const frac = (to - v) / (vn - v);
      points.push(record(solveAtValue(C + frac * (Cn - C), to), to, tn[1]));
      end = 'reached-target';
      break;
    }
    if (Cn > 1 || vn < bounds[0] || vn > bounds[1]) {
      end = 'left-domain';
      break;
    }
    points.push(record(branchEquation(Cn, at(Cn, vn), q), vn, tn[1]));
    if (Cn < s.cMin) {
      trivialEnd = trivialCrossing(vn, vn + ds * tn[1]);
      end = 'reached-trivial';
      break;
    }
    C = Cn;
    v = vn;
    t = tn;
    if (its <= 3) ds = Math.min(s.maxStep, ds * s.growth);
  }
  const folds: ContinuationResult['folds'] = [];
  const stabilityChanges: { value: number; C: number }[] = [];
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1];
    const b = points[k];
    if ((a.tangentValue < 0) !== (b.tangentValue < 0)) {
      const w = Math.abs(a.tangentValue) / (Math.abs(a.tangentValue) + Math.abs(b.tangentValue));
      const guess = { C: a.C + w * (b.C - a.C), value: a.value + w * (b.value - a.value) };
      folds.push(s.refineFolds ? solveFold(p0, guess, { parameter, quadrature: q, parameterStep: s.parameterStep }) : { ...guess, refined: false });
    }
    if ((a.gamma2 < 1) !== (b.gamma2 < 1)) {
      const w = (1 - a.gamma2) / (b.gamma2 - a.gamma2);
      stabilityChanges.push({ value: a.value + w * (b.value - a.value), C: a.C + w * (b.C - a.C) });
    }
  }
  const residual = points.reduce((m, x) => Math.max(m, x.residual), 0);
  return {
    parameter,
    points,
    folds,
    stabilityChanges,
    trivialEnd,
    end,
    converged: true,
    residual,
    iterations,
    settings: { ...s, quadrature: q, start: typeof start === 'object' ? `C = ${start.C}` : start, bounds },
    warnings: resetGateWarnings('continueGruBranch', points.map((x) => { const pv = at(x.C, x.value); return { C: x.C, alpha_r: pv.alpha_r, beta_r: pv.beta_r }; }), q),
  };
}

/** Convenience: the parameter values and C of a trace as two arrays (for plots). */
export function branchPolyline(r: ContinuationResult): { value: number[]; C: number[] } {
  return { value: r.points.map((x) => x.value), C: r.points.map((x) => x.C) };
}

