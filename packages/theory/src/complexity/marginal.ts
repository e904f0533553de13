/**
 * Marginal stability of nontrivial GRU fixed points under a saturated update gate, [KR-17]
 * (from [GRU-LIM-8]):
 * ```
 * α_z → ∞:   Γ < 1 stable;   1 < Γ² < 1/p₁ marginally stable (the unstable part of the spectrum is
 *            pinched into λ = 0, [GRU-LIM-6]);   Γ² > 1/p₁ unstable ([GRU-LIM-7])
 * p₁ = 1/2 at fixed β_z, 1 − Φ_N(θ/√C) at fixed threshold θ = β_z/α_z  ([GRU-LIM-3], [OQ-3])
 * ```
 * The contour Γ² = 1/p₁ on a chosen branch ([OQ-17]: default the upper one) is located along one
 * parameter by Brent's method on m(v) = p₁Γ²(C(v), v) − 1, where C(v) is the branch root tracked
 * by Newton from the nearest previously evaluated point ({@link refineBranchRootValue}); Γ² uses the
 * caller's quadrature (adaptive by default, since σ′_r² is sharp at large α_r, [NUM-REF-2]).
 *
 * @module
 */
import { InvalidParameterError, type NumericsWarning, brent, checkFinite } from '@gatefield/numerics';
import type { GruParameters } from '../gru/meanField.js';
import { type SaturationLimit, type StabilityClass, marginalStabilityClass, openGateFraction } from '../gru/limits.js';
import type { QuadratureOptions, ResolvedQuadrature } from '../quadrature.js';
import { type GruParameterName, checkParameterName, resolvedOnce, withParameter } from './branchEquation.js';
import { branchRootQuantities, gruBranchRoots, refineBranchRootValue } from './branchRoots.js';
import { resetGateWarnings } from './quadratureWarnings.js';

/** Which nontrivial branch a phase-diagram quantity refers to ([OQ-17]). */
export type BranchChoice = 'upper' | 'lower' | 'all';

/** [KR-17] on one branch point. */
export interface MarginalStability {
  /** p₁ of [GRU-LIM-3] */
  p1: number;
  /** 1/p₁ */
  threshold: number;
  /** p₁Γ² − 1: negative (with Γ > 1) ⇔ marginal */
  margin: number;
  /** 'stable' (Γ < 1), 'marginal' (1 < Γ² < 1/p₁), 'unstable' */
  stabilityClass: StabilityClass;
}

/** Classify a branch point (C, Γ²) under a saturating update gate ([KR-17], [GRU-LIM-8]). */
export function marginalStability(C: number, gamma2: number, p: Pick<GruParameters, 'alpha_z' | 'beta_z'>, limit: SaturationLimit = 'fixed-bias'): MarginalStability {
  const p1 = openGateFraction(C, p, limit);
  return { p1, threshold: 1 / p1, margin: p1 * gamma2 - 1, stabilityClass: marginalStabilityClass(gamma2, p1) };
}

/** Options of {@link marginalCrossing}. */
export interface MarginalCrossingOptions {
  /** Parameter varied. Default 'g_h'. */
  parameter?: GruParameterName;
  /** Branch at `from` whose contour is sought. Default 'upper' (largest nontrivial C, [OQ-17]). */
  branch?: 'upper' | 'lower';
  /** Saturation limit for p₁ ([OQ-3]). Default 'fixed-bias'. */
  limit?: SaturationLimit;
  quadrature?: QuadratureOptions;
  /** Brent tolerance on the parameter. Default 1e-10. */
  tolerance?: number;
  /**
   * C of the selected branch at `from` when already known (e.g. a phase-diagram grid point): refined
   * by Newton instead of a fresh root scan. Default: scan ({@link gruBranchRoots}).
   */
  startC?: number;
}

/** Result of {@link marginalCrossing}. */
export interface MarginalCrossing {
  parameter: GruParameterName;
  /** Parameter value where p₁Γ² = 1 on the tracked branch. */
  value: number;
  C: number;
  gamma2: number;
  p1: number;
  converged: true;
  residual: number;
  iterations: number;
  settings: { quadrature: ResolvedQuadrature; tolerance: number; limit: SaturationLimit; branch: 'upper' | 'lower' };
  /** 'quadrature-insufficient' when the reset-gate rule is too coarse for the gate at the result's C (`quadratureWarnings.ts`); else empty. */
  warnings: NumericsWarning[];
}

/**
 * The contour p₁Γ² = 1 ([KR-17]) between `from` and `to` of one parameter, on the branch selected
 * at `from` and tracked to `to`.
 *
 * @throws {InvalidParameterError} if the branch does not exist at `from`, or p₁Γ² − 1 does not
 *   change sign between the ends (no crossing in the interval).
 */
export function marginalCrossing(params: GruParameters, from: number, to: number, options: MarginalCrossingOptions = {}): MarginalCrossing {
  const parameter = checkParameterName(options.parameter ?? 'g_h');
  const q = resolvedOnce(options.quadrature ?? {});
  const limit = options.limit ?? 'fixed-bias';
  const branch = options.branch ?? 'upper';
  const tolerance = checkFinite('tolerance', options.tolerance ?? 1e-10, 1e-15, 1e-2);
  const p0 = withParameter(params, parameter, from);
  let start: number;
  if (options.startC !== undefined) start = checkFinite('startC', options.startC, 0, 1);
  else {
    const roots = gruBranchRoots(p0, { quadrature: q }).roots;
    if (roots.length === 0) throw new InvalidParameterError(parameter, from, 'a value where a nontrivial branch exists');
    start = branch === 'upper' ? roots[roots.length - 1].C : roots[0].C;
  }
  const memory: { v: number; C: number }[] = [{ v: from, C: start }];
  let last = { C: start, gamma2: NaN, p1: NaN };
  const m = (v: number): number => {
    const near = memory.reduce((b, x) => (Math.abs(x.v - v) < Math.abs(b.v - v) ? x : b));
    const pv = withParameter(params, parameter, v);
    const e = refineBranchRootValue(near.C, pv, q);
    const C = e.C;
    memory.push({ v, C });
    // Γ² from the branch value at C ([GRU-RMT-4]; the one the refinement ended on, no second gate pass)
    const r = branchRootQuantities(e, pv, 'single');
    const ms = marginalStability(C, r.gamma2, pv, limit);
    last = { C, gamma2: r.gamma2, p1: ms.p1 };
    return ms.margin;
  };
  const fa = m(from);
  const fb = m(to);
  if ((fa < 0) === (fb < 0)) throw new InvalidParameterError(`${parameter} interval`, [from, to], `an interval where p₁Γ² − 1 changes sign on the ${branch} branch (got ${fa}, ${fb})`);
  const r = brent(m, from, to, { xtol: tolerance });
  m(r.root);
  const at = withParameter(params, parameter, r.root);
  const warnings = resetGateWarnings('marginalCrossing', [{ C: last.C, alpha_r: at.alpha_r, beta_r: at.beta_r }], q);
  return { parameter, value: r.root, C: last.C, gamma2: last.gamma2, p1: last.p1, converged: true, residual: r.residual, iterations: r.iterations, settings: { quadrature: q, tolerance, limit, branch }, warnings };
}
