/**
 * Quadrature settings shared by all theory functions, and the choice of rule for sharp gates.
 *
 * [NUM-1] — Gauss–Hermite with 121–201 nodes is ample for smooth integrands (tanh², σ²).
 * [NUM-REF-2] — σ′² at large gate gain is a bump of width ≈ 1/(α√C) in the standard-normal variable;
 * Gauss–Hermite converges slowly once α√C ≳ 3 (Γ² at α_r = 10 moves in the third digit between
 * 151 and 301 nodes). [NUM-2]: a dense uniform grid fixes it. We therefore switch automatically to
 * a uniform grid whose spacing resolves the gate width whenever gain·sd exceeds `sharpThreshold`,
 * unless the caller pins a rule (`adaptive: false`), e.g. to reproduce a table computed with a
 * stated quadrature ([KR-REF-3] at 151 nodes, [OQ-16]).
 */
import { type GaussianRule, type NumericsWarning, type QuadratureSpec, gaussHermite, gaussianRule, uniformGaussianRule, checkFinite, checkInteger, gateResolution, gateRuleWarning } from '@gatefield/numerics';

/** Quadrature options (all recorded in results). */
export interface QuadratureOptions {
  /** Rule for smooth integrands (tanh², φ′²). Default 201-node Gauss–Hermite ([NUM-1]). */
  smooth?: QuadratureSpec;
  /** Rule for gate integrands when not sharp. Default 201-node Gauss–Hermite. */
  gate?: QuadratureSpec;
  /** Switch gate integrands to a resolving uniform grid when gain·sd > this. Default 3 ([NUM-REF-2]). */
  sharpThreshold?: number;
  /** Uniform-grid points per gate width 1/(gain·sd). Default 16. */
  pointsPerWidth?: number;
  /** Minimum / maximum points of the sharp-gate grid. Defaults 4001 / 400001 ([NUM-2]). */
  minSharpPoints?: number;
  maxSharpPoints?: number;
  /** Set false to always use `gate` (to reproduce tables computed with a stated rule). Default true. */
  adaptive?: boolean;
}

/** Fully resolved quadrature settings. */
export type ResolvedQuadrature = Required<QuadratureOptions>;

/** Defaults of {@link QuadratureOptions}. */
export const DEFAULT_QUADRATURE_OPTIONS: ResolvedQuadrature = {
  smooth: { kind: 'gauss-hermite', nodes: 201 },
  gate: { kind: 'gauss-hermite', nodes: 201 },
  sharpThreshold: 3,
  pointsPerWidth: 16,
  minSharpPoints: 4001,
  maxSharpPoints: 400001,
  adaptive: true,
};

/** Merge and validate quadrature options. */
export function resolveQuadrature(q: QuadratureOptions = {}): ResolvedQuadrature {
  const r = { ...DEFAULT_QUADRATURE_OPTIONS, ...q };
  for (const [name, spec] of [['smooth', r.smooth], ['gate', r.gate]] as const) {
    if (spec.kind === 'gauss-hermite') checkInteger(`quadrature.${name}.nodes`, spec.nodes, 1, 1000);
    else {
      checkInteger(`quadrature.${name}.points`, spec.points, 3, 1e7);
      checkFinite(`quadrature.${name}.halfWidth`, spec.halfWidth, 1, 40);
    }
  }
  checkFinite('quadrature.sharpThreshold', r.sharpThreshold, 0, 1e6);
  checkFinite('quadrature.pointsPerWidth', r.pointsPerWidth, 1, 1e4);
  checkInteger('quadrature.minSharpPoints', r.minSharpPoints, 3, 1e7);
  checkInteger('quadrature.maxSharpPoints', r.maxSharpPoints, r.minSharpPoints, 1e7);
  return r;
}

/** Rule for smooth integrands. */
export function smoothRule(q: ResolvedQuadrature): GaussianRule {
  return gaussianRule(q.smooth);
}

/**
 * Rule for an integrand σ(gain·sd·x − β) (or its derivatives) over x ~ N(0, 1): the `gate` rule when
 * gain·sd ≤ sharpThreshold, else a uniform grid on [−12, 12] with ≥ pointsPerWidth points per gate
 * width 1/(gain·sd) ([NUM-2], [NUM-REF-2]).
 */
export function gateRule(gainTimesSd: number, q: ResolvedQuadrature): GaussianRule {
  if (!q.adaptive || !(gainTimesSd > q.sharpThreshold)) return gaussianRule(q.gate);
  let points = sharpGatePoints(gainTimesSd, q);
  points = Math.min(q.maxSharpPoints, Math.max(q.minSharpPoints, points));
  if (points % 2 === 0) points += 1;
  // Round up to a few fixed sizes so the rule cache is shared across nearby parameters.
  const sizes = [4001, 8001, 16001, 32001, 64001, 128001, 256001, 400001];
  const size = sizes.find((s) => s >= points && s <= q.maxSharpPoints) ?? points;
  return uniformGaussianRule(size, SHARP_HALF_WIDTH);
}

/** Half-width of the sharp-gate grid [−12, 12] (standard-normal mass beyond < 1e-32, [NUM-2]). */
export const SHARP_HALF_WIDTH = 12;

/**
 * Points the sharp-gate grid needs for gain·sd, ⌈2·12·pointsPerWidth·gain·sd⌉ ([NUM-2]), before
 * `gateRule` clamps it to the range from minSharpPoints to maxSharpPoints.
 */
export function sharpGatePoints(gainTimesSd: number, q: ResolvedQuadrature): number {
  return Math.ceil(2 * SHARP_HALF_WIDTH * q.pointsPerWidth * gainTimesSd);
}

/**
 * Warning for the rule `gateRule(gainTimesSd, q)` applied to σ(gain·sd·x − bias) ([NUM-2],
 * [NUM-REF-2]), or null:
 * - 'quadrature-insufficient' when the adaptive sharp-gate grid was capped at `maxSharpPoints`
 *   (fewer than `pointsPerWidth` nodes per gate width) while the transition carries more than
 *   `massTolerance` of the probability — the result is computed on a coarser grid than requested;
 * - otherwise numerics `gateRuleWarning` (fewer than 1.5 nodes per width, e.g. a pinned rule).
 *
 * @param massTolerance default 1e-10 (as numerics `gateRuleWarning`).
 */
export function gateRuleWarnings(where: string, gainTimesSd: number, bias: number, q: ResolvedQuadrature, massTolerance = 1e-10): NumericsWarning | null {
  const rule = gateRule(gainTimesSd, q);
  const wanted = sharpGatePoints(gainTimesSd, q);
  if (q.adaptive && gainTimesSd > q.sharpThreshold && wanted > q.maxSharpPoints) {
    const r = gateResolution(rule, gainTimesSd, bias);
    if (r.massAtTransition > massTolerance) {
      return {
        code: 'quadrature-insufficient',
        where,
        message: `the sharp-gate grid is capped at maxSharpPoints = ${q.maxSharpPoints} (${r.pointsPerWidth.toPrecision(3)} nodes per gate width at gain·sd = ${gainTimesSd.toPrecision(4)}, ${q.pointsPerWidth} wanted): raise quadrature.maxSharpPoints to ${wanted}`,
        details: { gainTimesSd, bias, nodes: rule.size, wantedNodes: wanted, pointsPerWidth: r.pointsPerWidth, massAtTransition: r.massAtTransition },
      };
    }
  }
  return gateRuleWarning(where, rule, gainTimesSd, bias, undefined, massTolerance);
}

/** Describe a rule for result records. */
export function describeRule(r: GaussianRule): QuadratureSpec {
  return r.kind === 'gauss-hermite' ? { kind: 'gauss-hermite', nodes: r.size } : { kind: 'uniform', points: r.size, halfWidth: r.halfWidth ?? SHARP_HALF_WIDTH };
}

export { gaussHermite };
