/**
 * The saddle-node curve [KR-15] in a parameter plane (x, y), traced by natural continuation in x of
 * the fold point: at each x, Newton on the fold conditions in (C, y) ({@link solveFold}), started from
 * the linear extrapolation (in x, with ln C extrapolated linearly) of the two previous fold points.
 * Used by the phase diagram so that the g_sn curve is complete even where the two-branch region is
 * thinner than a grid cell (e.g. just above the subcriticality threshold α_r = 2√2 [KR-14], where the
 * fold approaches the origin line).
 *
 * Ends: the trace stops in each direction at the first x where Newton fails, the fold leaves the
 * y-range, or C falls below `cMin` (the fold has merged with the transcritical point on the origin
 * line — the codimension-2 point of [KR-13]); the end between the last success and the first
 * failure is then located by `endBisections` bisection steps in x. The curve must be a graph over x
 * (true for (α_r, g_h)); turning points in x end the trace.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, checkFinite, checkInteger } from '@gatefield/numerics';
import type { GruParameters } from '../gru/meanField.js';
import type { QuadratureOptions, ResolvedQuadrature } from '../quadrature.js';
import { type GruParameterName, withParameter } from './branchEquation.js';
import { type FoldOptions, solveFold } from './foldNewton.js';

/** A point of the fold curve. */
export interface FoldCurvePoint {
  x: number;
  y: number;
  C: number;
}

/** Options of {@link traceFoldCurve}. */
export interface FoldCurveOptions {
  quadrature?: QuadratureOptions | ResolvedQuadrature;
  fold?: Omit<FoldOptions, 'parameter' | 'quadrature'>;
  /** Allowed y-range (the trace stops outside). Default (−∞, ∞). */
  yRange?: [number, number];
  /** Stop when the fold C is below this (merged with the origin line). Default 1e-7. */
  cMin?: number;
  /** Bisection steps in x to locate each end. Default 12. */
  endBisections?: number;
}

/**
 * Trace the fold curve through `seed` over the x values `xs` (ascending), in both directions.
 * Returns the points in ascending x (including bisected ends).
 */
export function traceFoldCurve(base: GruParameters, xName: GruParameterName, yName: GruParameterName, xs: readonly number[], seed: FoldCurvePoint, options: FoldCurveOptions = {}): FoldCurvePoint[] {
  if (xName === yName) throw new InvalidParameterError('axes', xName, 'two different parameters');
  const cMin = checkFinite('cMin', options.cMin ?? 1e-7, 0, 0.1);
  const bisections = checkInteger('endBisections', options.endBisections ?? 12, 0, 60);
  const [ylo, yhi] = options.yRange ?? [-Infinity, Infinity];
  const solveAt = (x: number, guess: { C: number; y: number }): FoldCurvePoint | null => {
    try {
      const f = solveFold(withParameter(withParameter(base, xName, x), yName, guess.y), { C: Math.min(guess.C, 0.999), value: guess.y }, { ...options.fold, parameter: yName, quadrature: options.quadrature });
      if (!(f.C >= cMin) || f.value < ylo || f.value > yhi) return null;
      return { x, y: f.value, C: f.C };
    } catch (e) {
      if (e instanceof ConvergenceError || e instanceof InvalidParameterError) return null;
      throw e;
    }
  };
  const extrapolate = (hist: FoldCurvePoint[], x: number): { C: number; y: number } => {
    const a = hist[hist.length - 1];
    if (hist.length < 2) return { C: a.C, y: a.y };
    const b = hist[hist.length - 2];
    const w = (x - a.x) / (a.x - b.x);
    return { C: a.C * Math.pow(a.C / b.C, w), y: a.y + w * (a.y - b.y) };
  };
  const direction = (targets: number[]): FoldCurvePoint[] => {
    const hist: FoldCurvePoint[] = [seed];
    for (const x of targets) {
      const p = solveAt(x, extrapolate(hist, x));
      if (p) {
        hist.push(p);
        continue;
      }
      // locate the end between the last success and x
      let good = hist[hist.length - 1];
      let bad = x;
      for (let k = 0; k < bisections; k++) {
        const mid = 0.5 * (good.x + bad);
        const q = solveAt(mid, extrapolate(hist, mid));
        if (q) {
          hist.push(q);
          good = q;
        } else bad = mid;
      }
      break;
    }
    return hist.slice(1);
  };
  const right = direction(xs.filter((x) => x > seed.x));
  const left = direction(xs.filter((x) => x < seed.x).reverse());
  return [...left.reverse(), seed, ...right].sort((a, b) => a.x - b.x);
}
