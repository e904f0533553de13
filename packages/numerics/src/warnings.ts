/**
 * A warning channel for results that are valid but were computed with a numerical setting that had
 * to be changed, or that is known to be marginal — above all a quadrature rule too coarse for a
 * sharp gate integrand ([NUM-2], [NUM-REF-2]): "quadrature order raised, or a warning emitted when
 * the integrand is too sharp for it".
 *
 * Warnings never replace errors: a result that is wrong beyond its stated tolerance still throws a
 * typed error (errors.ts). A warning says "this number is returned, here is what was adjusted or
 * what limits it". Results carry them as `warnings: NumericsWarning[]` (plain, serialisable
 * objects, so the CLI's JSON output carries them; a successful CLI run writes nothing to stderr).
 *
 * Gate resolution ([NUM-2]): a gate σ(a·x − b) over x ~ N(0, 1) changes over a width 1/a around
 * x₀ = b/a. A rule resolves it when its node spacing near x₀ is at most (1/a)/p for p points per
 * width; {@link gateResolution} measures p on the actual nodes (Gauss–Hermite spacing grows away
 * from 0, the uniform grid's does not), weighted by whether the transition carries any probability
 * mass at all (a transition at |x₀| > 12 contributes < 1e-32 and needs no resolution).
 */
import type { GaussianRule } from './gaussianRule.js';
import { normalCdf } from './special.js';

/** What kind of adjustment or limitation a warning reports. */
export type NumericsWarningCode =
  /** A quadrature rule was replaced by a finer one because the integrand was too sharp. */
  | 'quadrature-raised'
  /** The rule is too coarse for the integrand and could not be raised (pinned rule or size cap). */
  | 'quadrature-insufficient'
  /** A value was clamped to its physical range within the stated round-off tolerance. */
  | 'clamped'
  /** Any other documented numerical limitation. */
  | 'other';

/** One warning attached to a result. */
export interface NumericsWarning {
  code: NumericsWarningCode;
  /** The function or quantity it concerns, e.g. 'solveGruMeanField: reset gate R₂(C)'. */
  where: string;
  /** One line, human readable, saying what was done or what to change. */
  message: string;
  /** Numbers behind the message (finite). */
  details?: Readonly<Record<string, number | string>>;
}

/** Collects warnings without duplicates (same code, where and message). */
export class WarningLog {
  private readonly items: NumericsWarning[] = [];
  private readonly keys = new Set<string>();
  /** Add one warning (ignored if already present). */
  add(w: NumericsWarning | null | undefined): void {
    if (!w) return;
    const key = `${w.code}|${w.where}|${w.message}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.items.push(w);
  }
  /** Add every warning of a list. */
  addAll(ws: readonly NumericsWarning[] | undefined): void {
    for (const w of ws ?? []) this.add(w);
  }
  /** The warnings, in the order they were added (a copy). */
  list(): NumericsWarning[] {
    return [...this.items];
  }
  get size(): number {
    return this.items.length;
  }
}

/** `gatefield: warning: …` lines for a warning list (CLI and logs). */
export function formatWarnings(ws: readonly NumericsWarning[]): string[] {
  return ws.map((w) => `warning: ${w.where}: ${w.message}`);
}

/** Resolution of a gate integrand on a rule. */
export interface GateResolution {
  /** Nodes per gate width 1/a at the transition x₀ = b/a (Infinity when a = 0). */
  pointsPerWidth: number;
  /** Standard-normal probability within one width of the transition (what an unresolved gate would get wrong). */
  massAtTransition: number;
  /** The transition x₀ = b/a. */
  center: number;
}

/**
 * Points per gate width of `rule` at the transition of σ(a·x − b) ([NUM-2], [NUM-REF-2]): the local
 * node spacing is the gap between the two nodes around x₀ (the outermost gap beyond the last node).
 */
export function gateResolution(rule: GaussianRule, a: number, b: number): GateResolution {
  if (!(a > 0) || !Number.isFinite(a)) return { pointsPerWidth: Infinity, massAtTransition: 0, center: 0 };
  const x0 = b / a;
  const width = 1 / a;
  const { nodes } = rule;
  const n = nodes.length;
  const mass = Math.max(0, normalCdf(x0 + width) - normalCdf(x0 - width));
  if (n < 2) return { pointsPerWidth: 0, massAtTransition: mass, center: x0 };
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (nodes[m] < x0) lo = m + 1;
    else hi = m;
  }
  const k = Math.min(Math.max(lo, 1), n - 1);
  const gap = nodes[k] - nodes[k - 1];
  return { pointsPerWidth: gap > 0 ? width / gap : Infinity, massAtTransition: mass, center: x0 };
}

/**
 * A 'quadrature-insufficient' warning when `rule` resolves the gate σ(a·x − b) with fewer than
 * `minPointsPerWidth` nodes per width and the transition carries more than `massTolerance` of the
 * probability; otherwise null.
 *
 * @param minPointsPerWidth default 1.5: the resolution of the default 201-node Gauss–Hermite rule at
 *   the [NUM-REF-2] switch to the sharp-gate grid (gain·sd = 3; centre spacing ≈ π/√201 = 0.22), where it
 *   is still accurate (against a 4·10⁵-point grid: ⟨σ²⟩ to 1e-11, ⟨σ′²⟩ to 2e-9; 1e-6 at 1.1 nodes per
 *   width, 5e-4 at 0.75). The earlier default 2 flagged every default solve at gain·sd ∈ (2.3, 3].
 * @param massTolerance default 1e-10.
 */
export function gateRuleWarning(where: string, rule: GaussianRule, a: number, b: number, minPointsPerWidth = 1.5, massTolerance = 1e-10): NumericsWarning | null {
  const r = gateResolution(rule, a, b);
  if (r.pointsPerWidth >= minPointsPerWidth || r.massAtTransition <= massTolerance) return null;
  return {
    code: 'quadrature-insufficient',
    where,
    message: `the ${rule.kind} rule with ${rule.size} nodes has ${r.pointsPerWidth.toPrecision(2)} nodes per gate width at gain·sd = ${a.toPrecision(4)} (fewer than ${minPointsPerWidth}): raise the gate quadrature (or leave it adaptive)`,
    details: { gainTimesSd: a, bias: b, pointsPerWidth: r.pointsPerWidth, nodes: rule.size, massAtTransition: r.massAtTransition },
  };
}

/** A 'quadrature-raised' warning: the rule `from` was replaced by `to` for a sharp integrand. */
export function quadratureRaised(where: string, from: string, to: string, details?: Record<string, number | string>): NumericsWarning {
  return { code: 'quadrature-raised', where, message: `quadrature raised from ${from} to ${to} for a sharp integrand`, details };
}
