/**
 * Quadrature warnings of the fixed-point landscape results ([NUM-2], [NUM-REF-2]): the reset-gate
 * integrands σ_r(α_r√C·x − β_r), σ′_r² of [GRU-MF-2], [GRU-MF-3] at a branch point C are summed on
 * the gate rule of `quadrature.ts`; when that rule resolves the gate with too few nodes per gate
 * width 1/(α_r√C) (`gateRuleWarning` of `@gatefield/numerics`, default minimum 1.5) — a pinned rule (`adaptive: false`) or a
 * sharp-gate grid capped by `maxSharpPoints` — the value is returned with a 'quadrature-insufficient'
 * `NumericsWarning` in the result's `warnings` array (empty otherwise).
 *
 * Results with many branch points (a continuation trace, a phase-diagram grid) carry one summary
 * warning: the worst-resolved point (fewest nodes per width), with the number of affected points in
 * its details, so a warning list stays short and independent of the resolution of the trace.
 *
 * @module
 */
import type { NumericsWarning } from '@gatefield/numerics';
import type { GruParameters } from '../gru/meanField.js';
import { type ResolvedQuadrature, gateRule, gateRuleWarnings, sharpGatePoints } from '../quadrature.js';

/**
 * True when the rule used for gain·sd = `a` is the adaptive choice of `quadrature.ts` and that choice
 * was not capped: the `gate` rule up to `sharpThreshold` ([NUM-REF-2]: Gauss–Hermite is adequate there,
 * where `gateResolution` counts ≥ 1.5 nodes per width on the 201-node rule), or
 * a uniform grid with the requested `pointsPerWidth` (≤ `maxSharpPoints`).
 */
function adaptiveUncapped(a: number, q: ResolvedQuadrature): boolean {
  if (!q.adaptive) return false;
  if (!(a > q.sharpThreshold)) return true;
  return sharpGatePoints(a, q) <= q.maxSharpPoints;
}

/**
 * The 'quadrature-insufficient' warning of the reset-gate rule at one branch point C: null when the
 * rule is the one the uncapped adaptive choice would use (whether pinned or not), else
 * `gateRuleWarnings` of quadrature.ts (a capped sharp-gate grid, or too few nodes per gate width, with probability mass at the transition) — i.e. a
 * warning exactly when a pinned rule (`adaptive: false`) or a grid capped by `maxSharpPoints` is too
 * coarse for α_r√C.
 */
export function resetGateWarning(where: string, C: number, p: Pick<GruParameters, 'alpha_r' | 'beta_r'>, q: ResolvedQuadrature): NumericsWarning | null {
  if (!(C > 0)) return null;
  const a = p.alpha_r * Math.sqrt(C);
  const rule = gateRule(a, q);
  const adaptive = q.adaptive ? q : { ...q, adaptive: true };
  // the same (cached) rule as the uncapped adaptive choice: adequate by [NUM-REF-2], pinned or not
  if (adaptiveUncapped(a, adaptive) && gateRule(a, adaptive) === rule) return null;
  return gateRuleWarnings(`${where}: reset gate R₂, Q_r at C = ${C.toPrecision(6)}`, a, p.beta_r, q);
}

/**
 * At most one warning for a set of branch points: the worst-resolved point's warning, its `where`
 * replaced by `where` and its details extended by `points` (how many points are under-resolved) and
 * `of` (how many were checked). Points are (C, α_r, β_r) triples; non-positive C are skipped.
 */
export function resetGateWarnings(where: string, points: readonly { C: number; alpha_r: number; beta_r: number }[], q: ResolvedQuadrature): NumericsWarning[] {
  let worst: NumericsWarning | null = null;
  let worstC = 0;
  let count = 0;
  for (const pt of points) {
    const w = resetGateWarning(where, pt.C, pt, q);
    if (!w) continue;
    count++;
    if (!worst || (w.details?.pointsPerWidth as number) < (worst.details?.pointsPerWidth as number)) {
      worst = w;
      worstC = pt.C;
    }
  }
  if (!worst) return [];
  if (points.length === 1) return [{ ...worst, details: { ...worst.details, C: worstC } }];
  return [
    {
      ...worst,
      where,
      message: `${count} of ${points.length} branch points under-resolved; worst at C = ${worstC.toPrecision(6)}: ${worst.message}`,
      details: { ...worst.details, C: worstC, points: count, of: points.length },
    },
  ];
}

/**
 * Merge the warning lists of sub-results (e.g. the points of a phase-diagram grid, called `unit`) into
 * at most one summary ({@link resetGateWarnings} semantics: the worst-resolved one, with the count).
 */
export function mergeGateWarnings(where: string, lists: readonly (readonly NumericsWarning[])[], unit = 'results'): NumericsWarning[] {
  let worst: NumericsWarning | null = null;
  let count = 0;
  let of = 0;
  for (const list of lists) {
    of++;
    for (const w of list) {
      if (w.code !== 'quadrature-insufficient') continue;
      count++;
      if (!worst || (w.details?.pointsPerWidth as number) < (worst.details?.pointsPerWidth as number)) worst = w;
      break;
    }
  }
  if (!worst) return [];
  return [{ ...worst, where, message: `${count} of ${of} ${unit} under-resolved; worst: ${worst.message}`, details: { ...worst.details, [unit]: count, of } }];
}
