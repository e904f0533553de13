/**
 * The saddle-node gain g_sn(α_r, β_r) of [KR-15]: the smallest g_h at which [GRU-MF-2] (β_h = 0)
 * has a nontrivial root; the two nontrivial roots of the discontinuous regime ([KR-13]) merge there.
 *
 * Method (no grid search):
 * 1. {@link saddleNodeGain}: pseudo-arclength continuation ({@link continueGruBranch}) of the upper
 *    branch from g_h = g_c + `startOffset` (g_c = 1 + e^{β_r}, [KR-11]) downwards; the branch turns at
 *    the fold (dg_h/ds changes sign), and the fold is refined by Newton on the fold conditions
 *    RHS = C, RHS′ = 1 ({@link solveFold}). If several folds are met the smallest g_h is g_sn. If the
 *    branch reaches C = 0 (on the origin line) without turning, there is no saddle-node (continuous
 *    onset).
 * 2. {@link saddleNodeCurve}: natural continuation of the fold point itself in α_r — Newton on the
 *    fold conditions from the linear extrapolation of the two previous folds; a fresh continuation
 *    (step 1) is the fallback when Newton fails or lands off the physical range.
 * α_r values in the continuous regime of [KR-13] (α_r ≤ α_r*(β_r), [KR-14]) are reported as
 * `exists: false` without a search ([KR-16]: no fold was found there in any computed case).
 *
 * Reference values [KR-REF-1] (β_r = 0): 1.9987, 1.9638, 1.8739, 1.8046, 1.7540, 1.6278 at
 * α_r = 3, 4, 6, 8, 10, 20; the gated-RNN family agrees ([GATE-REF-F4], [KR-15]).
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, type NumericsWarning, checkFinite } from '@gatefield/numerics';
import { type GruParameters, resolveGruParameters } from '../gru/meanField.js';
import { type QuadratureOptions, resolveQuadrature } from '../quadrature.js';
import type { GruParameterInput } from './branchEquation.js';
import { type ContinuationOptions, continueGruBranch } from './continuation.js';
import { type FoldOptions, type FoldResult, solveFold } from './foldNewton.js';
import { type OnsetCriterion, onsetCriterion } from './onset.js';
import { originInstabilityGain } from './originLine.js';

/** Options of {@link saddleNodeGain} and {@link saddleNodeCurve}. */
export interface SaddleNodeOptions {
  quadrature?: QuadratureOptions;
  /** The continuation starts at g_h = g_c + startOffset on the largest root. Default 0.2. */
  startOffset?: number;
  /** The continuation stops at g_h = lowerLimit·g_c if it has not turned. Default 0.5. */
  lowerLimit?: number;
  /** Settings of the seeding continuation (see ContinuationOptions). */
  continuation?: Omit<ContinuationOptions, 'to' | 'parameter' | 'start' | 'quadrature'>;
  /** Settings of the fold Newton solve (see FoldOptions). */
  fold?: Omit<FoldOptions, 'parameter' | 'quadrature'>;
}

/** g_sn at one (α_r, β_r). */
export interface SaddleNodeResult {
  alpha_r: number;
  beta_r: number;
  /** A saddle-node exists (discontinuous onset). */
  exists: boolean;
  /** g_sn, or null if none. */
  g_sn: number | null;
  /** C at the fold, or null. */
  C: number | null;
  /** Γ² at the fold ([GRU-RMT-4]), or null. */
  gamma2: number | null;
  /** Origin line g_c = 1 + e^{β_r} ([KR-11]). */
  originGain: number;
  onset: OnsetCriterion;
  /** How the value was obtained. */
  method: 'continuation+newton' | 'extrapolated-newton' | 'none';
  converged: true;
  /** Fold residual max(|E₁|, |E₂|) (0 if none). */
  residual: number;
  /** Newton iterations of the fold solve (+ corrector iterations of the continuation). */
  iterations: number;
  fold?: FoldResult;
  /** The fold's quadrature warnings ('quadrature-insufficient' reset-gate rule at the fold, `quadratureWarnings.ts`); else empty. */
  warnings: NumericsWarning[];
}

function baseParams(params: GruParameterInput): GruParameters {
  const p = resolveGruParameters(params as Partial<Record<string, unknown>>);
  if (p.beta_h !== 0) throw new InvalidParameterError('beta_h', p.beta_h, '0 (g_sn of [KR-15] is defined at β_h = 0)');
  return p;
}

/**
 * g_sn(α_r, β_r) by continuation + fold Newton (module comment, step 1). `params` supplies α_r,
 * β_r (and ignored update-gate parameters); g_h in it is ignored.
 *
 * @throws {InvalidParameterError} if β_h ≠ 0.
 * @throws {ConvergenceError} if the continuation or the fold solve fails.
 */
export function saddleNodeGain(params: GruParameterInput, options: SaddleNodeOptions = {}): SaddleNodeResult {
  const p = baseParams(params);
  const q = resolveQuadrature(options.quadrature);
  const startOffset = checkFinite('startOffset', options.startOffset ?? 0.2, 1e-3, 10);
  const lowerLimit = checkFinite('lowerLimit', options.lowerLimit ?? 0.5, 0, 1);
  const onset = onsetCriterion(p.alpha_r, p.beta_r);
  const gc = originInstabilityGain(p.beta_r);
  const none: SaddleNodeResult = { alpha_r: p.alpha_r, beta_r: p.beta_r, exists: false, g_sn: null, C: null, gamma2: null, originGain: gc, onset, method: 'none', converged: true, residual: 0, iterations: 0, warnings: [] };
  if (onset.type !== 'discontinuous') return none;
  const trace = continueGruBranch({ ...p, g_h: gc + startOffset }, { ...options.continuation, parameter: 'g_h', to: lowerLimit * gc, start: 'largest', quadrature: q, refineFolds: false });
  const turns = trace.folds;
  if (turns.length === 0) return { ...none, iterations: trace.iterations };
  let best: FoldResult | null = null;
  for (const t of turns) {
    const f = solveFold({ ...p, g_h: t.value }, { C: t.C, value: t.value }, { ...options.fold, parameter: 'g_h', quadrature: q });
    if (!best || f.value < best.value) best = f;
  }
  const f = best as FoldResult;
  return { ...none, exists: true, g_sn: f.value, C: f.C, gamma2: f.gamma2, method: 'continuation+newton', residual: f.residual, iterations: trace.iterations + f.iterations, fold: f, warnings: f.warnings };
}

/**
 * g_sn along a list of α_r values at fixed β_r (module comment, step 2); results in the input
 * order. `params` supplies β_r (β_h must be 0).
 */
export function saddleNodeCurve(alphaR: readonly number[], params: GruParameterInput = {}, options: SaddleNodeOptions = {}): SaddleNodeResult[] {
  const p = baseParams(params);
  const q = resolveQuadrature(options.quadrature);
  const order = alphaR.map((a, i) => ({ a: checkFinite(`alphaR[${i}]`, a, 0, 1000), i })).sort((x, y) => x.a - y.a);
  const out: SaddleNodeResult[] = new Array(alphaR.length);
  const history: { a: number; C: number; g: number }[] = [];
  for (const { a, i } of order) {
    const pa = { ...p, alpha_r: a };
    const onset = onsetCriterion(a, p.beta_r);
    if (onset.type !== 'discontinuous') {
      out[i] = saddleNodeGain(pa, { ...options, quadrature: q });
      continue;
    }
    let r: SaddleNodeResult | null = null;
    if (history.length > 0) {
      const h1 = history[history.length - 1];
      let C = h1.C;
      let g = h1.g;
      if (history.length > 1) {
        const h0 = history[history.length - 2];
        const w = (a - h1.a) / (h1.a - h0.a);
        C = h1.C * Math.pow(h1.C / h0.C, w);
        g = h1.g + w * (h1.g - h0.g);
      }
      try {
        const gc = originInstabilityGain(p.beta_r);
        const f = solveFold({ ...pa, g_h: g }, { C: Math.min(C, 1), value: g }, { ...options.fold, parameter: 'g_h', quadrature: q });
        if (f.value < gc && f.value > 0 && f.C > 0) {
          r = { alpha_r: a, beta_r: p.beta_r, exists: true, g_sn: f.value, C: f.C, gamma2: f.gamma2, originGain: gc, onset, method: 'extrapolated-newton', converged: true, residual: f.residual, iterations: f.iterations, fold: f, warnings: f.warnings };
        }
      } catch (e) {
        if (!(e instanceof ConvergenceError)) throw e;
      }
    }
    if (!r) r = saddleNodeGain(pa, { ...options, quadrature: q });
    out[i] = r;
    if (r.exists && r.C !== null && r.g_sn !== null) history.push({ a, C: r.C, g: r.g_sn });
  }
  return out;
}
