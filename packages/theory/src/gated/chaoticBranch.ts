/**
 * Continuation of the chaotic DMFT branch downward in g_h ([GATE-TR-5], [GATE-NUM-6]): scheme B
 * ([GATE-NUM-3], α_z = 0) warm-started from the previous solution, steps of `step` (default 0.1)
 * halved on failure down to `minStep` (default 0.005, so the onset is located to about ±0.005–0.01
 * as in [GATE-REF-F4]); failure = collapse C_h(0) → 0 (trivial solution) or no convergence within
 * the budget (the map becomes marginal near the saddle-node, [GATE-NUM-3]).
 *
 * The onset g_h^chaos is reported as the last g_h with a non-trivial converged solution. By
 * [GATE-TR-5] the ordering g_h^FP < g_h^chaos < 1 + e^{β_r} holds in every computed case.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, checkFinite } from '@gatefield/numerics';
import { type GatedDmftOptions, type GatedDmftResult, solveGatedDmft } from './dmft.js';
import { gatedDmftLyapunov } from './dmftLyapunov.js';
import type { GatedParameters } from './parameters.js';
import { gatedOriginGain } from './transitions.js';

/** Options of {@link gatedChaoticBranchOnset}. */
export interface GatedChaoticBranchOptions {
  /** Starting g_h; default 1 + e^{β_r} (the origin instability, where the chaotic state exists). */
  gStart?: number;
  /** Initial step; default 0.1. */
  step?: number;
  /** Smallest step; default 0.005. */
  minStep?: number;
  /** Lowest g_h to try; default 0.5. */
  gFloor?: number;
  /** Also compute λ_max at each accepted point ([GATE-LYA-3]); default false. */
  withLyapunov?: boolean;
  /** Options passed to every DMFT solve. */
  dmft?: GatedDmftOptions;
}

/** A point on the chaotic branch. */
export interface GatedChaoticBranchPoint {
  gH: number;
  C_h0: number;
  iterations: number;
  lambdaMax?: number;
}

/** Result of {@link gatedChaoticBranchOnset}. */
export interface GatedChaoticBranchResult {
  /** Lowest g_h with a chaotic solution (onset estimate). */
  onset: number;
  /** C_h(0) there. */
  onsetVariance: number;
  /** Final step: the onset lies in (onset − lastStep, onset]. */
  lastStep: number;
  /**
   * True when the branch still existed within `minStep` of `gFloor`: the continuation stopped at
   * the floor, and `onset` is only an upper bound on the true onset (lower `gFloor`).
   */
  floorReached: boolean;
  points: GatedChaoticBranchPoint[];
  converged: true;
  residual: number;
  iterations: number;
  settings: Required<Omit<GatedChaoticBranchOptions, 'dmft' | 'gStart'>> & { gStart: number; dmft: GatedDmftOptions };
}

/** Follow the chaotic branch down from gStart and locate its lower end (saddle-node or collapse). */
export function gatedChaoticBranchOnset(params: Readonly<Partial<GatedParameters>>, options: GatedChaoticBranchOptions = {}): GatedChaoticBranchResult {
  const betaR = params.beta_r ?? 0;
  const gStart = checkFinite('gStart', options.gStart ?? Math.min(gatedOriginGain(betaR), 10), 0, 10);
  const step0 = checkFinite('step', options.step ?? 0.1, 1e-6, 5);
  const minStep = checkFinite('minStep', options.minStep ?? 0.005, 1e-8, step0);
  const gFloor = checkFinite('gFloor', options.gFloor ?? 0.5, 0, gStart);
  const withLyapunov = options.withLyapunov ?? false;
  const dmftOpts = options.dmft ?? {};
  const points: GatedChaoticBranchPoint[] = [];
  const tryAt = (g: number, warm?: GatedDmftResult): GatedDmftResult | null => {
    try {
      const r = solveGatedDmft({ ...params, g_h: g }, { ...dmftOpts, ...(warm ? { initial: { C_h: warm.C_h, C_r: warm.C_r } } : {}) });
      return r.trivial ? null : r;
    } catch (e) {
      // A step that does not converge is a failed continuation step: halve and retry. A
      // NonPhysicalError (negative power spectrum: the quadrature is too coarse for this branch)
      // propagates, so that callers can retry with finer rules instead of misreading it as the end
      // of the branch.
      if (e instanceof ConvergenceError) return null;
      throw e;
    }
  };
  let current = tryAt(gStart);
  if (!current) throw new InvalidParameterError('gStart', gStart, 'a g_h with a chaotic DMFT solution', `no chaotic solution at g_h = ${gStart}`);
  let g = gStart;
  let step = step0;
  let total = current.iterations;
  const record = (gg: number, r: GatedDmftResult) => {
    points.push({ gH: gg, C_h0: r.C_h[0], iterations: r.iterations, ...(withLyapunov ? { lambdaMax: gatedDmftLyapunov(r).lambdaMax } : {}) });
  };
  record(g, current);
  let floorReached = false;
  while (step >= minStep) {
    if (g - step < gFloor) {
      // Never step below the floor; shrink the step until it fits (or report the floor).
      if (g - minStep < gFloor) { floorReached = true; break; }
      step /= 2;
      continue;
    }
    const next = tryAt(g - step, current);
    if (next) {
      total += next.iterations;
      g -= step;
      current = next;
      record(g, next);
    } else {
      step /= 2;
    }
  }
  return {
    onset: g, onsetVariance: current.C_h[0], lastStep: floorReached ? step : step * 2, floorReached, points, converged: true, residual: current.residual, iterations: total,
    settings: { gStart, step: step0, minStep, gFloor, withLyapunov, dmft: dmftOpts },
  };
}
