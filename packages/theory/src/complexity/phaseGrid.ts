/**
 * Classification of one point / one row of a GRU phase diagram [KR-PD]: the per-task kernel that
 * the worker threads of `phaseDiagram.ts` run. Everything here is a pure function of a plain,
 * serialisable {@link PhaseSpec} and a row index, so results do not depend on which thread (or how
 * many) computed them.
 *
 * Labels at a point (parameters = fixed ones, with the two axis parameters set):
 * - origin ([KR-11]): unstable iff g_h ρ₀ > 1 (only when β_h = 0, otherwise null); a grid point
 *   exactly on the line (marginal origin) is labelled stable, i.e. "not unstable";
 * - nontrivial MF branches ([GRU-MF-2], all roots by `gruBranchRoots`) and their Γ² ([GRU-RMT-4]);
 * - Σ_MF > 0 iff some nontrivial branch has Γ > 1 ([KR-7], [KR-16]); by default only this sign is
 *   computed (exact and cheap); `complexity: 'closed-form' | 'scba'` also evaluates Σ_MF
 *   ([KR-9] d ≡ 0 approximation, or the full [KR-10]; the SCBA costs ~0.05–2 s per point);
 * - marginal stability under a saturated update gate ([KR-17]) on the branch chosen by `branch`
 *   ([OQ-17]: 'upper' = largest C, default; 'lower'; 'all' = any branch);
 * - a region code for the heat map ({@link PhaseRegion}).
 *
 * @module
 */
import { InvalidParameterError, type NumericsWarning, checkInteger } from '@gatefield/numerics';
import type { SaturationLimit, StabilityClass } from '../gru/limits.js';
import { type GruParameters, resolveGruParameters } from '../gru/meanField.js';
import type { QuadratureOptions } from '../quadrature.js';
import { type ComplexityOptions, complexityAtRoot } from './annealedComplexity.js';
import { type GruParameterName, checkParameterName } from './branchEquation.js';
import { gruBranchRoots } from './branchRoots.js';
import { type BranchChoice, marginalStability } from './marginal.js';
import { originLine } from './originLine.js';

/** One axis: parameter NAME sampled at COUNT points from LO to HI (inclusive). */
export interface PhaseAxis {
  name: GruParameterName;
  lo: number;
  hi: number;
  count: number;
}

/** Everything a phase-diagram task needs (plain data: it is posted to worker threads). */
export interface PhaseSpec {
  x: PhaseAxis;
  y: PhaseAxis;
  /** Fixed parameters (the axis parameters are overwritten). */
  parameters: Partial<Record<string, number>>;
  /** Branch for the marginal label ([OQ-17]). Default 'upper'. */
  branch?: BranchChoice;
  /** p₁ convention of [KR-17] ([OQ-3]). Default 'fixed-bias'. */
  saturationLimit?: SaturationLimit;
  /** 'sign' (default): Σ_MF > 0 from Γ; else also Σ_MF by [KR-9] or [KR-10]. */
  complexity?: 'sign' | 'closed-form' | 'scba';
  quadrature?: QuadratureOptions;
  /** Root-scan points per grid point (see BranchRootOptions). Default 48. */
  scanPoints?: number;
  complexityOptions?: ComplexityOptions;
  /** Brent tolerance (in the axis parameter) of the boundary crossings on grid edges. Default 1e-11. */
  curveTolerance?: number;
}

/** Heat-map region of a grid point. */
export type PhaseRegion =
  | 'origin-only' // origin stable, no nontrivial MF fixed point
  | 'stable-origin-complex' // origin stable and Σ_MF > 0 (the reset-gate region g_sn < g_h < g_c, [KR-16])
  | 'unstable-origin-complex' // origin unstable and Σ_MF > 0
  | 'unstable-origin-simple' // origin unstable, Σ_MF = 0
  | 'no-origin-complex' // β_h ≠ 0: Σ_MF > 0
  | 'no-origin-simple'; // β_h ≠ 0: Σ_MF = 0

/** A nontrivial root at a grid point. */
export interface PhaseRoot {
  C: number;
  gamma2: number;
  gamma2NoResetDerivative: number;
  /** [KR-17] class under a saturated update gate */
  stabilityClass: StabilityClass;
  /** p₁Γ² − 1 */
  marginalMargin: number;
  /** Σ_MF when computed, else null */
  sigma: number | null;
}

/** One grid point. */
export interface PhasePoint {
  /** x index, y index */
  i: number;
  j: number;
  x: number;
  y: number;
  /** [KR-11] — g_h ρ₀ ≤ 1 (marginal counts as stable); null when β_h ≠ 0 */
  originStable: boolean | null;
  /** g_h ρ₀ − 1; null when β_h ≠ 0 */
  originMargin: number | null;
  /** Nontrivial roots, ascending in C. */
  roots: PhaseRoot[];
  /** Σ_MF > 0 ([KR-16]) */
  complexityPositive: boolean;
  /** max Σ_MF over branches when computed (0 if none), else null */
  sigma: number | null;
  /** Index into roots of the selected branch (upper/lower), or null ('all' or no root). */
  selected: number | null;
  /** Marginally stable under a saturated update gate on the selected branch (any branch for 'all'). */
  marginal: boolean;
  region: PhaseRegion;
  /** Evaluations of the branch equation (cost). */
  evaluations: number;
  /** Quadrature warnings of the root search ('quadrature-insufficient' reset-gate rule at a root, `quadratureWarnings.ts`); usually empty. */
  warnings: NumericsWarning[];
}

/** Axis value k (k = 0..count−1), lo + k(hi − lo)/(count − 1), computed identically everywhere. */
export function axisValue(a: PhaseAxis, k: number): number {
  return k === a.count - 1 ? a.hi : a.lo + ((a.hi - a.lo) * k) / (a.count - 1);
}

/** Validate a spec (throws InvalidParameterError). */
export function checkPhaseSpec(spec: PhaseSpec): void {
  for (const [k, a] of [['x', spec.x], ['y', spec.y]] as const) {
    checkParameterName(a.name);
    checkInteger(`${k}.count`, a.count, 2, 2000);
    if (!(Number.isFinite(a.lo) && Number.isFinite(a.hi) && a.hi > a.lo)) throw new InvalidParameterError(`${k} range`, [a.lo, a.hi], 'finite lo < hi');
  }
  if (spec.x.name === spec.y.name) throw new InvalidParameterError('axes', spec.x.name, 'two different parameters');
  resolveGruParameters({ ...spec.parameters, [spec.x.name]: spec.x.lo, [spec.y.name]: spec.y.lo });
  resolveGruParameters({ ...spec.parameters, [spec.x.name]: spec.x.hi, [spec.y.name]: spec.y.hi });
}

/** Parameters at grid point (i, j). */
export function pointParameters(spec: PhaseSpec, i: number, j: number): GruParameters {
  return resolveGruParameters({ ...spec.parameters, [spec.x.name]: axisValue(spec.x, i), [spec.y.name]: axisValue(spec.y, j) });
}

/** Classify one grid point (module comment). */
export function phasePoint(spec: PhaseSpec, i: number, j: number): PhasePoint {
  const p = pointParameters(spec, i, j);
  const limit = spec.saturationLimit ?? 'fixed-bias';
  const branch = spec.branch ?? 'upper';
  const found = gruBranchRoots(p, { quadrature: spec.quadrature, scanPoints: spec.scanPoints });
  const roots: PhaseRoot[] = found.roots.map((r) => {
    const ms = marginalStability(r.C, r.gamma2, p, limit);
    let sigma: number | null = null;
    if (spec.complexity === 'closed-form' || spec.complexity === 'scba') {
      sigma = complexityAtRoot(p, r, spec.complexity, { quadrature: spec.quadrature, ...spec.complexityOptions }).sigma;
    }
    return { C: r.C, gamma2: r.gamma2, gamma2NoResetDerivative: r.gamma2NoResetDerivative, stabilityClass: ms.stabilityClass, marginalMargin: ms.margin, sigma };
  });
  const origin = p.beta_h === 0 ? originLine(p) : null;
  const complexityPositive = roots.some((r) => r.gamma2 > 1);
  const selected = roots.length === 0 || branch === 'all' ? null : branch === 'upper' ? roots.length - 1 : 0;
  const marginal = branch === 'all' ? roots.some((r) => r.stabilityClass === 'marginal') : selected !== null && roots[selected].stabilityClass === 'marginal';
  const sigma = spec.complexity === 'closed-form' || spec.complexity === 'scba' ? roots.reduce((m, r) => Math.max(m, r.sigma ?? 0), 0) : null;
  let region: PhaseRegion;
  if (!origin) region = complexityPositive ? 'no-origin-complex' : 'no-origin-simple';
  else if (origin.margin <= 0) region = complexityPositive ? 'stable-origin-complex' : 'origin-only';
  else region = complexityPositive ? 'unstable-origin-complex' : 'unstable-origin-simple';
  return {
    i,
    j,
    x: axisValue(spec.x, i),
    y: axisValue(spec.y, j),
    originStable: origin ? origin.margin <= 0 : null,
    originMargin: origin ? origin.margin : null,
    roots,
    complexityPositive,
    sigma,
    selected,
    marginal,
    region,
    evaluations: found.evaluations,
    warnings: found.warnings,
  };
}

/** Row j (fixed y, all x): the unit of work of the worker threads. */
export function phaseRow(spec: PhaseSpec, j: number): PhasePoint[] {
  const out: PhasePoint[] = [];
  for (let i = 0; i < spec.x.count; i++) out.push(phasePoint(spec, i, j));
  return out;
}
