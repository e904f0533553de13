/**
 * Saddle-node (fold) points of the GRU mean-field branch by Newton's method on the fold
 * conditions ([KR-13], [KR-15]):
 * ```
 * RHS(C; v) = C   and   ∂RHS/∂C (C; v) = 1          ([GRU-MF-2]; v = the free parameter, e.g. g_h)
 * ⇔  E₁ := RHS/C − 1 = 0   and   E₂ := ∂E₁/∂C = (RHS′ − 1 − E₁)/C = 0
 * ```
 * Unknowns (ℓ, v) with ℓ = ln C: C stays positive and folds at small C (just above the
 * subcriticality threshold [KR-14], where the two roots merge near C = 0) are as well conditioned as
 * folds at C = O(1). E₂ = ∂E₁/∂C (not C·∂E₁/∂C, which would vanish spuriously at C → 0, g_h → g_c).
 * Jacobian: ∂E₁/∂ℓ = C·E₂ exactly; ∂E₂/∂ℓ, ∂E₁/∂v, ∂E₂/∂v by central differences
 * (steps below). The Jacobian is regular at a non-degenerate fold (∂E₂/∂ℓ = C²E_CC ≠ 0 and
 * ∂E₁/∂v ≠ 0), so Newton converges quadratically up to the finite-difference noise of the
 * Jacobian, which only slows the last digits. Steps are damped by halving until ‖(E₁, E₂)‖₂ decreases
 * (Armijo factor 1e-4).
 *
 * The gate quadrature rule is pinned at the current C ({@link pinnedQuadrature}); if the adaptive
 * rule would pick another rule at the converged C, the solve is repeated once with the new rule.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, type NumericsWarning, checkFinite, checkInteger } from '@gatefield/numerics';
import { type GruParameters, gruRootQuantities } from '../gru/meanField.js';
import type { QuadratureOptions, ResolvedQuadrature } from '../quadrature.js';
import {
  DEFAULT_PARAMETER_STEP,
  type GruParameterName,
  branchEquation,
  checkParameterName,
  parameterDerivatives,
  pinnedQuadrature,
  pinnedRuleStale,
  withParameter,
  resolvedOnce,
} from './branchEquation.js';
import { resetGateWarnings } from './quadratureWarnings.js';

/** Options of {@link solveFold}. */
export interface FoldOptions {
  /** Free parameter. Default 'g_h' (g_sn of [KR-15]). */
  parameter?: GruParameterName;
  quadrature?: QuadratureOptions | ResolvedQuadrature;
  /** Convergence: max(|E₁|, |E₂|) ≤ this. Default 1e-11 (E's are O(1); rounding floor ≈ 1e-14). */
  tolerance?: number;
  /** Newton iterations per pass. Default 60. */
  maxIterations?: number;
  /** Central-difference step in ℓ = ln C for ∂E₂/∂ℓ. Default 1e-5 (truncation ≈ 1e-10, rounding ≈ 1e-11). */
  logCStep?: number;
  /** Relative central-difference step of the parameter. Default 1e-6. */
  parameterStep?: number;
}

/** A fold point of the branch. */
export interface FoldResult {
  parameter: GruParameterName;
  /** Parameter value at the fold (e.g. g_sn). */
  value: number;
  /** C at the fold (the two roots merge there). */
  C: number;
  /** Γ² [GRU-RMT-4] at the fold (with the caller's, un-pinned quadrature). */
  gamma2: number;
  converged: true;
  /** max(|E₁|, |E₂|) at the returned point. */
  residual: number;
  iterations: number;
  settings: { quadrature: ResolvedQuadrature; tolerance: number; maxIterations: number; logCStep: number; parameterStep: number };
  /** 'quadrature-insufficient' when the reset-gate rule is too coarse for the gate at the result's C (`quadratureWarnings.ts`); else empty. */
  warnings: NumericsWarning[];
}

/**
 * Solve the fold conditions from a guess (C, v) (see the module comment).
 *
 * @param params all other parameters (the free one is overwritten by the iteration).
 * @param guess starting point; C in (0, 1].
 * @throws {InvalidParameterError} for a bad guess or options.
 * @throws {ConvergenceError} if Newton stalls or leaves C ∈ (0, 1].
 */
export function solveFold(params: GruParameters, guess: { C: number; value: number }, options: FoldOptions = {}): FoldResult {
  const parameter = checkParameterName(options.parameter ?? 'g_h');
  const q0 = resolvedOnce(options.quadrature ?? {});
  const tolerance = checkFinite('tolerance', options.tolerance ?? 1e-11, 1e-15, 1e-3);
  const maxIterations = checkInteger('maxIterations', options.maxIterations ?? 60, 1, 10000);
  const logCStep = checkFinite('logCStep', options.logCStep ?? 1e-5, 1e-9, 0.1);
  const parameterStep = checkFinite('parameterStep', options.parameterStep ?? DEFAULT_PARAMETER_STEP, 1e-10, 1e-2);
  checkFinite('guess.C', guess.C, 0, 1);
  if (!(guess.C > 0)) throw new InvalidParameterError('guess.C', guess.C, '(0, 1]');
  checkFinite('guess.value', guess.value);
  const settings = { quadrature: q0, tolerance, maxIterations, logCStep, parameterStep };
  let C = guess.C;
  let v = guess.value;
  let iterations = 0;
  let residual = Infinity;
  for (let pass = 0; pass < 2; pass++) {
    const q = resolvedOnce(pinnedQuadrature(C, params.alpha_r, q0));
    const F = (lc: number, val: number): [number, number] => {
      const e = branchEquation(Math.exp(lc), withParameter(params, parameter, val), q);
      return [e.E, e.dEdC];
    };
    let l = Math.log(C);
    let f = F(l, v);
    residual = Math.max(Math.abs(f[0]), Math.abs(f[1]));
    let ok = residual <= tolerance;
    for (let it = 0; it < maxIterations && !ok; it++) {
      iterations++;
      const p = withParameter(params, parameter, v);
      const cNow = Math.exp(l);
      const up = F(l + logCStep, v);
      const dn = F(l - logCStep, v);
      const a11 = cNow * f[1];
      const a21 = (up[1] - dn[1]) / (2 * logCStep);
      const dp = parameterDerivatives(cNow, p, parameter, q, parameterStep);
      const a12 = dp.dE;
      const a22 = (dp.dSlope - dp.dE) / cNow;
      const det = a11 * a22 - a12 * a21;
      if (!(Math.abs(det) > 0) || !Number.isFinite(det)) break;
      const dl = (-f[0] * a22 + f[1] * a12) / det;
      const dv = (-a11 * f[1] + a21 * f[0]) / det;
      let t = 1;
      // keep C in (0, 1]: at most a factor e² per step in C
      const maxDl = 2;
      if (Math.abs(dl) > maxDl) t = maxDl / Math.abs(dl);
      let accepted = false;
      for (let ls = 0; ls < 30; ls++) {
        const lt = l + t * dl;
        const vt = v + t * dv;
        if (lt > -2 * logCStep || Number.isNaN(lt)) {
          t *= 0.5;
          continue;
        }
        const ft = F(lt, vt);
        const rt = Math.max(Math.abs(ft[0]), Math.abs(ft[1]));
        // merit ‖f‖₂² (the Newton direction is a descent direction for it)
        if (ft[0] * ft[0] + ft[1] * ft[1] < (1 - 1e-4 * t) * (f[0] * f[0] + f[1] * f[1]) || rt <= tolerance) {
          l = lt;
          v = vt;
          f = ft;
          residual = rt;
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) break;
      ok = residual <= tolerance;
    }
    C = Math.exp(l);
    if (!ok) {
      throw new ConvergenceError(`fold of the GRU mean-field branch in ${parameter} [KR-15]`, residual, iterations, { ...settings, guess, at: { C, value: v } });
    }
    if (!pinnedRuleStale(C, params.alpha_r, q, q0)) break;
  }
  const at = withParameter(params, parameter, v);
  const gamma2 = gruRootQuantities(C, at, q0).gamma2;
  return { parameter, value: v, C, gamma2, converged: true, residual, iterations, settings, warnings: resetGateWarnings('solveFold', [{ C, alpha_r: at.alpha_r, beta_r: at.beta_r }], q0) };
}
