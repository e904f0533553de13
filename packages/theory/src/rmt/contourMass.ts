/**
 * Eigenvalue mass inside a circle from a Green's function, [GRU-SCBA-6] / [LSTM-RMT-5] / [NUM-10]:
 * ```
 * mass = (1/2πi) ∮ G dλ,          λ(θ) = c + R e^{iθ},   dλ = iR e^{iθ} dθ
 * ```
 * Generic in G: the Ψ-formula path ([PSI-4], {@link psiGreenFunction}), the SCBA path
 * ([GRU-SCBA-4], {@link scbaGreenFunction}) and later the LSTM all go through {@link contourMass}.
 *
 * ## Why not only the trapezoid rule
 * G is holomorphic outside the bulk but NOT inside it (ρ = (1/π)∂G/∂λ̄ ≠ 0), and it is only
 * continuous across the bulk edge (its derivative jumps). A periodic trapezoid rule is spectrally
 * accurate only when the whole circle lies on one side of the edge; a circle that crosses the edge
 * converges like O(K⁻²). Outside the bulk G is exactly the pole sum of the diagonal part,
 * G = Σ_p c_p/(λ − p) (for the GRU the poles are −s_i with weights w_i), and with a finite site
 * sample those poles sit on the real segment −supp(s): a trapezoid node near a pole ruins the sum.
 *
 * ## Method `'arcs'` (default when the Green function supplies `bulkMargin`)
 * 1. Evaluate the cheap bulk margin (> 0 inside the bulk, e.g. Λ(λ) − 1 [GRU-RMT-3] or ⟨a⟩ − 1
 *    [PSI-3]) at K nodes θ_k = 2π(k + ½)/K (the half-step offset keeps nodes off the real axis), and
 *    locate every edge crossing between neighbouring nodes with Brent's method. Add the (at most
 *    two) points where the circle crosses the real axis as further breakpoints.
 * 2. Pieces inside the bulk: tanh–sinh (double-exponential) quadrature with ~K·(span/2π) nodes,
 *    walked from the middle outwards with warm starts; nested half rule for the error estimate.
 *    G is smooth up to a bulk edge (the nontrivial branch continues analytically through it), and
 *    at a real-axis crossing it has a multi-scale cusp: each site contributes
 *    w_i(λ̄ + s_i)/(|λ + s_i|² + r_i²) with island radii r_i spanning many decades (nearly decoupled
 *    units: tiny l_i or ρ_i), all centred at the crossing. This is a genuine feature of the N → ∞
 *    density (a high density of eigenvalues hugging the real segment), not a sampling artefact; the
 *    end-point clustering of tanh–sinh resolves it exponentially, where a trapezoid or Clenshaw–Curtis
 *    rule stalls at O(1/K).
 * 3. Pieces outside the bulk: G = Σ_p c_p/(λ − p) exactly, so the arc integral is done in closed form,
 *    Σ_p c_p [log|λ_b − p| − log|λ_a − p| + iΔarg_p], with the exact argument increment along the
 *    circle (monotone in (0, 2π) for a pole inside the circle, principal value for one outside).
 *    No quadrature error, whatever the distance of a pole to the contour.
 *
 * ## Unresolved islands inside the bulk
 * Inside the bulk each pole term is regularised, c_p(λ̄ − p̄)/(|λ − p|² + r_p²), over an "island" of
 * radius r_p (for the GRU with d ≡ 0, r_i² = g_h²ρ_i²l_i² u). Islands far below the local node
 * spacing are, for a finite sample, point-like masses w_i at −s_i; a rule whose nodes pass near one
 * is off by O(w_i). When the Green function supplies `islandRadius2`, a pole within `islandReach`
 * local node spacings h of the circle whose island is below `islandResolution`·h is integrated
 * exactly as a point (its pole term is subtracted at the nodes and its exact arc integral added),
 * which is also its N → ∞ limit.
 *
 * ## Circles crossing the real segment, and the N → ∞ answer
 * For a continuous law of s, Λ diverges on the whole segment −supp(s), so the bulk always contains
 * a strip around the segment (the "thin region" of [GRU-RMT-7], [NUM-8]); where the main bulk is
 * absent the strip carries the mass of the law of −s. A finite site sample replaces a thin strip by
 * small islands around each pole −s_i (exactly the finite-N picture: one eigenvalue near each −s_i).
 * Our choice: islands that a node of the K-grid detects are integrated (the exact finite-sample
 * mass, including the fraction of a cut island); islands that fall between nodes, or are below the
 * node resolution, are treated as the points they become as N → ∞ (the whole weight w_i counts iff
 * −s_i lies inside the circle). The two differ by at most the weight of the one or two sites whose
 * island is cut by the circle, i.e. O(1/n) for n sites — the resolution of the sample itself. When
 * the circle crosses the pole segment K is raised to at least `minCrossingPoints` (default 160, as
 * [NUM-10] asks) so that the edge and island search is fine.
 *
 * ## Method `'trapezoid'`
 * Plain periodic trapezoid on K nodes walked with warm starts, error estimate from the nested rule
 * with K/2 nodes. Exact-to-rounding for circles entirely inside or entirely outside the bulk that
 * keep away from poles; use `'arcs'` otherwise.
 *
 * Both methods double K until the error estimate meets `tolerance` (or throw ConvergenceError at
 * `maxPoints`), and throw NonPhysicalError when the mass leaves [−tol, 1 + tol].
 *
 * @module
 */
import { brent, ConvergenceError, InvalidParameterError, NonPhysicalError, type Complex } from '@gatefield/numerics';
import {
  crossesRealPoles,
  integrateRule,
  poleArc,
  poleMassInside,
  tanhSinhNodes,
  trapezoidNodes,
  type RuleResult,
} from './contourQuadrature.js';

/** Poles and residues of the holomorphic (outside-bulk) Green's function G = Σ_p c_p/(λ − p). */
export interface PoleSet {
  re: Float64Array;
  im: Float64Array;
  /** residues c_p (they sum to 1 for a normalised density). */
  weights: Float64Array;
}

/** One evaluation of a Green's function. */
export interface GreenValue {
  /** G(λ). */
  g: Complex;
  /** λ is inside the bulk (the non-holomorphic branch was used). */
  inBulk: boolean;
  /** Opaque warm-start state to pass to the next evaluation at a nearby λ. */
  state?: unknown;
}

/** A Green's function usable by {@link contourMass}. */
export interface GreenFunction {
  /** G(λ); `warm` is the `state` of a previous evaluation at a nearby λ (may be ignored). */
  evaluate(lambda: Complex, warm?: unknown): GreenValue;
  /** Continuous bulk margin: > 0 inside the bulk, ≤ 0 outside (cheap, no solve). */
  bulkMargin?: (lambda: Complex) => number;
  /** Poles of G outside the bulk, G = Σ_p c_p/(λ − p) there (exactly). */
  poles?: PoleSet;
  /**
   * Squared island radius r_p² of pole p at λ, given the `state` of the evaluation at λ: inside the
   * bulk the pole term is regularised as c_p(λ̄ − p̄)/(|λ − p|² + r_p²) (0 outside the bulk). Lets the
   * contour code treat islands smaller than its node spacing as points (see the module comment).
   */
  islandRadius2?: (pole: number, lambda: Complex, state: unknown) => number;
}

/** A circle |λ − centre| = radius, traversed counter-clockwise. */
export interface Circle {
  centre: Complex;
  radius: number;
}

/** Options of {@link contourMass}. */
export interface ContourMassOptions {
  /** `'arcs'` (default if `bulkMargin` is available) or `'trapezoid'`. */
  method?: 'arcs' | 'trapezoid';
  /** K: trapezoid nodes, or the node budget of the arcs method (spread by arc length). Default 96. */
  points?: number;
  /** Minimum K when the circle crosses the real segment spanned by the poles. Default 160 ([NUM-10]). */
  minCrossingPoints?: number;
  /** Minimum nodes per bulk piece (even). Default 16. */
  minArcPoints?: number;
  /** Target for the quadrature error estimate (+ |Im mass|). Default 1e-8. */
  tolerance?: number;
  /** K is doubled until the tolerance is met, up to this value. Default 2048. */
  maxPoints?: number;
  /** The mass must lie in [−tol, 1 + tol]. Default 1e-6. */
  physicalTolerance?: number;
  /** Poles within this many node spacings of the circle are examined for islands. Default 3. */
  islandReach?: number;
  /** Islands with r_p < islandResolution × node spacing are treated as points. Default 2. */
  islandResolution?: number;
}

/** One arc of the arcs method. */
export interface ContourArc {
  from: number;
  to: number;
  inBulk: boolean;
  mass: number;
}

/** Result of {@link contourMass}. */
export interface ContourMassResult {
  mass: number;
  /** Im of (1/2πi)∮G dλ: zero in exact arithmetic, a quadrature diagnostic. */
  imaginaryPart: number;
  /** |I_K − I_{K/2}| summed over arcs, plus |imaginaryPart|. */
  errorEstimate: number;
  converged: true;
  method: 'arcs' | 'trapezoid';
  /** The K finally used. */
  points: number;
  /** Evaluations of G (the expensive calls). */
  evaluations: number;
  /** The circle crosses the real segment [min p, max p] of the real poles. */
  crossesPoleSegment: boolean;
  /** Σ of pole weights inside the circle (the mass of the diagonal part alone). */
  poleMass: number;
  /** Poles inside the bulk treated as points (islands below the node resolution). */
  pointPoles: number;
  arcs: ContourArc[];
  settings: Required<ContourMassOptions>;
}

const TWO_PI = 2 * Math.PI;

/**
 * Eigenvalue mass inside `circle`, (1/2πi)∮G dλ ([GRU-SCBA-6], [NUM-10]); see the module comment
 * for the method and the treatment of circles crossing the real segment.
 *
 * @throws {InvalidParameterError} on a bad circle or option.
 * @throws {ConvergenceError} if the error estimate stays above `tolerance` at `maxPoints`, or an
 *   evaluation of G fails.
 * @throws {NonPhysicalError} if the mass is outside [−physicalTolerance, 1 + physicalTolerance].
 */
export function contourMass(green: GreenFunction, circle: Circle, options: ContourMassOptions = {}): ContourMassResult {
  const settings: Required<ContourMassOptions> = {
    method: options.method ?? (green.bulkMargin ? 'arcs' : 'trapezoid'),
    points: options.points ?? 96,
    minCrossingPoints: options.minCrossingPoints ?? 160,
    minArcPoints: options.minArcPoints ?? 16,
    tolerance: options.tolerance ?? 1e-8,
    maxPoints: options.maxPoints ?? 2048,
    physicalTolerance: options.physicalTolerance ?? 1e-6,
    islandReach: options.islandReach ?? 3,
    islandResolution: options.islandResolution ?? 2,
  };
  const { centre, radius } = circle;
  if (!Number.isFinite(centre.re) || !Number.isFinite(centre.im)) {
    throw new InvalidParameterError('circle.centre', `${centre.re}+${centre.im}i`, 'finite complex numbers');
  }
  if (!(radius > 0) || !Number.isFinite(radius)) throw new InvalidParameterError('circle.radius', radius, '(0, inf)');
  if (settings.method === 'arcs' && !green.bulkMargin) {
    throw new InvalidParameterError('method', 'arcs', "'trapezoid' (the Green function has no bulkMargin)");
  }
  if (!(settings.points >= 8) || settings.points % 2 !== 0) {
    throw new InvalidParameterError('points', settings.points, 'even integers >= 8');
  }
  if (!(settings.minArcPoints >= 2) || settings.minArcPoints % 2 !== 0) {
    throw new InvalidParameterError('minArcPoints', settings.minArcPoints, 'even integers >= 2');
  }
  const crosses = green.poles ? crossesRealPoles(green.poles, circle) : false;
  const poleMass = green.poles ? poleMassInside(green.poles, circle) : 0;
  let k = settings.points;
  if (crosses) k = Math.max(k, 2 * Math.ceil(settings.minCrossingPoints / 2));
  let evaluations = 0;
  for (;;) {
    const r = settings.method === 'arcs' ? arcsRule(green, circle, k, settings) : integrateRule(green, circle, trapezoidNodes(k), settings);
    evaluations += r.evaluations;
    const errorEstimate = r.error + Math.abs(r.value.im);
    if (errorEstimate <= settings.tolerance) {
      const mass = r.value.re;
      const tol = settings.physicalTolerance;
      if (!(mass >= -tol && mass <= 1 + tol)) {
        throw new NonPhysicalError('contour mass', mass, `outside [${-tol}, ${1 + tol}] (circle c = ${centre.re}${centre.im >= 0 ? '+' : ''}${centre.im}i, R = ${radius})`);
      }
      return {
        mass: Math.min(1, Math.max(0, mass)), // within physicalTolerance: clamp the round-off
        imaginaryPart: r.value.im,
        errorEstimate,
        converged: true,
        method: settings.method,
        points: k,
        evaluations,
        crossesPoleSegment: crosses,
        poleMass,
        pointPoles: r.pointPoles,
        arcs: r.arcs,
        settings,
      };
    }
    if (2 * k > settings.maxPoints) {
      throw new ConvergenceError('contour mass [NUM-10]', errorEstimate, k, { ...settings, circle });
    }
    k *= 2;
  }
}

/**
 * Angles θ ∈ [0, 2π) where the circle crosses the real axis (none if |Im c| ≥ R). The features of
 * all real poles near a crossing are centred there, so bulk arcs are split at these points.
 */
function realAxisCrossings(circle: Circle): number[] {
  const q = -circle.centre.im / circle.radius;
  if (!(Math.abs(q) < 1)) return [];
  const t1 = Math.asin(q);
  const norm = (t: number) => ((t % TWO_PI) + TWO_PI) % TWO_PI;
  return [norm(t1), norm(Math.PI - t1)].sort((a, b) => a - b);
}

function hasRealPoles(poles: PoleSet | undefined): boolean {
  if (!poles) return false;
  for (let p = 0; p < poles.im.length; p++) if (poles.im[p] === 0 && poles.weights[p] !== 0) return true;
  return false;
}

/** The arcs method of the module comment, with node budget K. */
function arcsRule(green: GreenFunction, circle: Circle, K: number, settings: Required<ContourMassOptions>): RuleResult {
  const { centre, radius } = circle;
  const margin = green.bulkMargin as (l: Complex) => number;
  const at = (th: number): Complex => ({ re: centre.re + radius * Math.cos(th), im: centre.im + radius * Math.sin(th) });
  const grid = trapezoidNodes(K);
  const thetas = grid.thetas;
  const m = new Float64Array(K);
  let nIn = 0;
  for (let k = 0; k < K; k++) {
    m[k] = margin(at(thetas[k]));
    if (m[k] > 0) nIn++;
  }
  const axis = hasRealPoles(green.poles) ? realAxisCrossings(circle) : [];
  if ((nIn === K && axis.length === 0) || (nIn === 0 && !green.poles)) return integrateRule(green, circle, grid, settings);
  if (nIn === 0) {
    const v = poleArc(green.poles as PoleSet, circle, 0, TWO_PI, true);
    return { value: v, error: 0, evaluations: 0, pointPoles: 0, arcs: [{ from: 0, to: TWO_PI, inBulk: false, mass: v.re }] };
  }
  // Breakpoints: bulk-edge crossings (refined by Brent on the margin) and real-axis crossings.
  const breaks: { theta: number; inAfter: boolean | null }[] = [];
  for (let k = 0; k < K; k++) {
    const k1 = (k + 1) % K;
    if (m[k] > 0 !== m[k1] > 0) {
      const lo = thetas[k];
      const hi = k1 === 0 ? thetas[0] + TWO_PI : thetas[k1];
      const r = brent((th) => margin(at(th)), lo, hi, { xtol: 1e-14 * TWO_PI });
      breaks.push({ theta: r.root % TWO_PI, inAfter: m[k1] > 0 });
    }
  }
  for (const t of axis) breaks.push({ theta: t, inAfter: null });
  breaks.sort((a, b) => a.theta - b.theta);
  // inside/outside state: edges set it, axis crossings inherit it; before the first break it is
  // the state after the last edge (cyclically), or "inside" if there is no edge at all
  let state = nIn === K;
  for (const b of breaks) if (b.inAfter !== null) state = b.inAfter;
  const arcs: ContourArc[] = [];
  let re = 0;
  let im = 0;
  let error = 0;
  let evaluations = 0;
  let pointPoles = 0;
  for (let e = 0; e < breaks.length; e++) {
    if (breaks[e].inAfter !== null) state = breaks[e].inAfter as boolean;
    const from = breaks[e].theta;
    const to = breaks.length === 1 ? from + TWO_PI : breaks[(e + 1) % breaks.length].theta + (e + 1 === breaks.length ? TWO_PI : 0);
    if (!(to - from > 1e-15)) continue; // coincident breakpoints (an edge exactly on the real axis)
    const inBulk = state;
    let v: Complex;
    if (!inBulk && green.poles) {
      v = poleArc(green.poles, circle, from, to);
    } else {
      const nodes = Math.max(settings.minArcPoints, Math.ceil((K * (to - from)) / TWO_PI));
      const r = integrateRule(green, circle, tanhSinhNodes(from, to, nodes), settings);
      v = r.value;
      error += r.error;
      evaluations += r.evaluations;
      pointPoles += r.pointPoles;
    }
    re += v.re;
    im += v.im;
    arcs.push({ from, to, inBulk, mass: v.re });
  }
  return { value: { re, im }, error, evaluations, pointPoles, arcs };
}
