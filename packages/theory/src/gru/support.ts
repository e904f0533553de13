/**
 * Support of the GRU fixed-point Jacobian spectrum ([GRU-RMT-1]–[GRU-RMT-8], [NUM-8]).
 *
 * ```
 * [GRU-RMT-5]  support = { λ : Λ(λ) ≥ 1 },   Λ(λ) = Γ² ⟨ s² / |λ + s|² ⟩_ξ,   ξ ~ N(0, C),  s = σ(ξ; α_z, β_z)
 * [GRU-RMT-8]  Λ(0) = Γ²: the origin is inside the support iff Γ ≥ 1
 * ```
 * plus the thin real segment −supp(s) where the average diverges ([NUM-8]); for α_z > 0 that is
 * [−1, 0], for α_z = 0 the single point −s₀ (then the support is the disk |λ + s₀| ≤ s₀Γ,
 * [GRU-RMT-7] rescaled).
 *
 * Numerics: the update-gate average ⟨s²/|λ+s|²⟩ lives in supportSums.ts (cancellation-free terms,
 * [NUM-3]; summed over the gate window with closed-form tails, [NUM-2], so that a sharp-gate grid
 * costs O(window) per evaluation). Real edges are found by Brent in log |x| so that exponentially
 * small abscissas (pinching, [GRU-LIM-6]) keep full relative accuracy.
 *
 * Cost (issue 7; bench/support.mjs, 512 points, CPU time on the shared 2-core machine): the slow-mode
 * point (α_z√C ≈ 8.8, 4001-node grid) went from 77 ms to ≈ 3 ms, smooth gates from 5 ms to ≈ 1 ms,
 * α_z√C ≈ 880 (4·10⁵ nodes) from 8 s to ≈ 17–40 ms (setup of the sites dominates), with the same
 * boundary to the Newton tolerance (test/gruSupportWindow.test.ts).
 */
import { ConvergenceError, type NumericsWarning, WarningLog, brent, checkFinite, checkInteger, logistic } from '@gatefield/numerics';
import { type QuadratureOptions, describeRule, gateRuleWarnings, resolveQuadrature } from '../quadrature.js';
import { type UpdateGateLaw, type UpdateGateSites, supportFunctional, supportFunctionalSlope, updateGateAverage, updateGateSites } from './supportSums.js';

export { type UpdateGateLaw, type UpdateGateSites, type UpdateGateSiteOptions, updateGateSites, updateGateAverage, supportFunctional, supportFunctionalSlope } from './supportSums.js';

/**
 * Warm start for v = log y at x from the last traced points (newest first). The parabola through
 * three points in (x, y²) — y² is linear in x at a square-root edge (y ∝ √(x − x_edge)) and smooth
 * elsewhere — gives v = ½ log y²; on 512 cosine-spaced points its median error is 6e-7 at the
 * slow-mode point (α_z = 10) and ≲ 4e-8 for smooth gates, against 9e-6 / 3e-6 for the line in v
 * used before, so Newton's second step is usually already below the default tolerance: ~2 passes
 * over the sites per point instead of ~4. When the parabola is not positive (near a cusp) the
 * parabola in v is used; with fewer points the line in v, or the last v. A poor guess costs only
 * extra safeguarded steps.
 */
function predictLogY(x: number, p1: { x: number; v: number }, p2: { x: number; v: number } | null, p3: { x: number; v: number } | null): number {
  if (!p2 || p1.x === p2.x) return p1.v;
  const d12 = (p1.v - p2.v) / (p1.x - p2.x);
  const linear = p1.v + d12 * (x - p1.x);
  if (!p3 || p2.x === p3.x || p1.x === p3.x) return linear;
  const q1 = Math.exp(2 * p1.v);
  const q2 = Math.exp(2 * p2.v);
  const q3 = Math.exp(2 * p3.v);
  const e12 = (q1 - q2) / (p1.x - p2.x);
  const e23 = (q2 - q3) / (p2.x - p3.x);
  const y2 = q1 + e12 * (x - p1.x) + ((e12 - e23) / (p1.x - p3.x)) * (x - p1.x) * (x - p2.x);
  if (y2 > 0 && Number.isFinite(y2)) return 0.5 * Math.log(y2);
  const d23 = (p2.v - p3.v) / (p2.x - p3.x);
  return linear + ((d12 - d23) / (p1.x - p3.x)) * (x - p1.x) * (x - p2.x);
}

/**
 * Root v = log y of Λ(x + i e^v) = 1 on the bracket [lo, hi] (Λ decreasing in v, g(lo) > 0 > g(hi))
 * by Newton's method in v safeguarded by bisection: a step that leaves the current bracket, or a
 * non-negative slope, is replaced by the bracket midpoint, and after two such steps Brent finishes
 * on the bracket. `first` is g and g′ at v (already
 * evaluated). Stops once a step is below `vtol`, applying it (Newton's error after it is O(vtol²)).
 */
function boundaryRoot(
  x: number,
  gamma2: number,
  sites: UpdateGateSites,
  lo: number,
  hi: number,
  v0: number,
  first: Float64Array,
  vtol: number,
  maxIterations: number,
): { v: number; iterations: number } {
  const out = first;
  let v = v0;
  let a = lo;
  let b = hi;
  let rejected = 0;
  for (let it = 1; it <= maxIterations; it++) {
    if (it > 1) supportFunctionalSlope(x, Math.exp(v), gamma2, sites, out);
    const g = out[0];
    if (g === 0) return { v, iterations: it };
    if (g > 0) a = v;
    else b = v;
    let next = v - g / out[1];
    if (!(out[1] < 0) || !(next > a && next < b)) {
      // Newton left the bracket: Λ is far from linear in v here (sharp gates); after two such
      // steps hand the bracket to Brent, which converges superlinearly without derivatives.
      if (++rejected >= 2) {
        // g from the same pass as Newton's, so the bracket's signs hold exactly
        const g = (u: number) => {
          supportFunctionalSlope(x, Math.exp(u), gamma2, sites, out);
          return out[0];
        };
        const r = brent(g, a, b, { xtol: vtol });
        return { v: r.root, iterations: it + r.iterations };
      }
      next = 0.5 * (a + b);
    }
    const step = next - v;
    v = next;
    if (Math.abs(step) <= vtol || b - a <= vtol) return { v, iterations: it };
  }
  throw new ConvergenceError(`support boundary [GRU-RMT-5] at x = ${x}`, Math.abs(out[0]), maxIterations, { lo, hi, vtol });
}

/** Options of {@link gruSupport}. */
export interface GruSupportOptions {
  quadrature?: QuadratureOptions;
  /** Number of x-points of the traced boundary (upper half; the lower half mirrors it). Default 512. */
  boundaryPoints?: number;
  /**
   * Tolerance on v = log y of the traced boundary points (safeguarded Newton, warm-started from the
   * previous point). Default 1e-10: Newton's last step is below it, so the error is far smaller.
   */
  boundaryTolerance?: number;
  /**
   * Sum the update-gate average over the gate window with closed-form tails (`updateGateSites`,
   * numerics `gateWindow`, [NUM-2]). Default true; false sums every node of the rule (same values to
   * rounding, slower on sharp-gate grids).
   */
  gateWindow?: boolean;
}

/** The support of the fixed-point Jacobian spectrum. */
export interface GruSupport {
  gamma2: number;
  /**
   * Rightmost point of the support as N → ∞ ([GRU-RMT-8], [GRU-LIM-5]): the real root x* of Λ = 1
   * when Γ > 1; otherwise the right end of the segment −supp(s), which is 0 for α_z > 0 (a cusp at
   * the origin, [GRU-LIM-8]) and −s₀(1 − Γ) for α_z = 0. Finite networks fall short of it.
   */
  abscissa: number;
  /** Leftmost point of the support. */
  leftEdge: number;
  /** The real segment −supp(s) ⊂ [−1, 0] that belongs to the support ([NUM-8]). */
  segment: [number, number];
  /** True when the origin lies inside the 2-D bulk (Γ > 1). */
  originInBulk: boolean;
  /** Closed boundary polygon [re, im][]: upper half left → right, then the lower half back. */
  boundary: [number, number][];
  converged: true;
  residual: number;
  iterations: number;
  settings: { quadrature: ReturnType<typeof describeRule>; boundaryPoints: number; boundaryTolerance: number };
  /**
   * Quadrature warnings ([NUM-2], [NUM-REF-2]; `gateRuleWarnings`): 'quadrature-insufficient' when the
   * update gate's sharp-gate grid was capped at `maxSharpPoints` or a pinned rule resolves the gate
   * with fewer than 1.5 nodes per width. Empty otherwise.
   */
  warnings: NumericsWarning[];
}

/**
 * Support boundary, abscissa and left edge ([GRU-RMT-5], [NUM-8]) for given Γ² and update-gate law.
 * Λ(x + iy) decreases in |y|, so for each x the boundary is the root of Λ = 1 in y (safeguarded Newton
 * in log y, warm-started along x); where the quadrature Λ is below 1 on the axis the support is the
 * thin segment (y = 0). Quadrature limits are reported in `warnings` (`gateRuleWarnings`).
 */
export function gruSupport(gamma2: number, law: UpdateGateLaw, options: GruSupportOptions = {}): GruSupport {
  const q = resolveQuadrature(options.quadrature);
  const boundaryPoints = checkInteger('boundaryPoints', options.boundaryPoints ?? 512, 8, 1e6);
  const boundaryTolerance = checkFinite('boundaryTolerance', options.boundaryTolerance ?? 1e-10, 1e-15, 1e-2);
  checkFinite('gamma2', gamma2, 0);
  checkFinite('law.C', law.C, 0);
  checkFinite('law.alpha_z', law.alpha_z, 0);
  checkFinite('law.beta_z', law.beta_z);
  const gamma = Math.sqrt(gamma2);
  let iterations = 0;
  let residual = 0;
  if (law.alpha_z === 0) {
    // s ≡ s₀: disk |λ + s₀| ≤ s₀Γ ([GRU-RMT-7] with the uniform rate s₀).
    const s0 = logistic(-law.beta_z);
    const r = s0 * gamma;
    const boundary: [number, number][] = [];
    for (let k = 0; k <= boundaryPoints; k++) {
      const th = Math.PI - (Math.PI * k) / boundaryPoints;
      boundary.push([-s0 + r * Math.cos(th), r * Math.sin(th)]);
    }
    for (let k = boundaryPoints - 1; k > 0; k--) boundary.push([boundary[k][0], -boundary[k][1]]);
    return {
      gamma2,
      abscissa: -s0 + r,
      leftEdge: -s0 - r,
      segment: [-s0, -s0],
      originInBulk: gamma2 > 1,
      boundary,
      converged: true,
      residual: 0,
      iterations: 0,
      settings: { quadrature: { kind: 'gauss-hermite', nodes: 1 }, boundaryPoints, boundaryTolerance },
      warnings: [],
    };
  }
  const sites = updateGateSites(law, q, { window: options.gateWindow ?? true });
  const log = new WarningLog();
  const gain = law.alpha_z * Math.sqrt(law.C);
  log.add(gateRuleWarnings(`gruSupport: update gate in Λ(λ) [GRU-RMT-5] at C = ${law.C.toPrecision(6)}`, gain, law.beta_z, q));
  const L = (re: number, im: number) => supportFunctional(re, im, gamma2, sites);
  // Right edge: x* > 0 with Λ(x*) = 1 when Γ² > 1, found in u = log x ([GRU-LIM-5]).
  let abscissa = 0;
  if (gamma2 > 1) {
    const f = (u: number) => L(Math.exp(u), 0) - 1;
    let lo = Math.log(1e-300);
    if (f(lo) <= 0) lo = Math.log(Number.MIN_VALUE); // pinched below 1e-300: search down to the smallest double
    if (f(lo) <= 0) {
      // Λ < 1 already at x = 5e-324: x* is not representable (pinching, [GRU-LIM-6]); report the
      // smallest positive double as an upper bound, with a warning (was an InvalidParameterError
      // 'bracket' for valid input, e.g. α_z√C ≈ 500 with Γ² ≈ 1.05).
      abscissa = Number.MIN_VALUE;
      log.add({
        code: 'other',
        where: 'gruSupport: abscissa [GRU-LIM-5]',
        message: 'the abscissa x* lies below the smallest positive double (pinching, [GRU-LIM-6]); reported as 5e-324, an upper bound — pinchingLogAbscissa gives log x*',
        details: { gamma2, lambdaAtSmallestDouble: f(lo) + 1 },
      });
    } else {
      const r = brent(f, lo, Math.log(gamma) + 1e-12, { xtol: 1e-13 });
      abscissa = Math.exp(r.root);
      iterations += r.iterations;
      residual = Math.max(residual, Math.abs(f(r.root)));
    }
  }
  // Left edge: root of Λ(x) = 1 on x < −1 if Λ(−1⁻) > 1, else the segment end −1.
  let leftEdge = -1;
  // x = −1 − δ with δ = e^v carried exactly (x + 1 = −δ), so 1 − s underflowing at large α_z
  // cannot turn (x + 1) − (1 − s) into 0/0.
  const Lleft = (v: number) => gamma2 * updateGateAverage(-1 - Math.exp(v), 0, sites, -Math.exp(v));
  if (Lleft(-300) > 1) {
    const f = (v: number) => Lleft(v) - 1; // v = log(−1 − x)
    const hi = Math.log(gamma) + 1e-12;
    const lo = -300; // δ = e^{−300}: δ² still representable
    const r = brent(f, lo, hi, { xtol: 1e-13 });
    leftEdge = -1 - Math.exp(r.root);
    iterations += r.iterations;
    residual = Math.max(residual, Math.abs(f(r.root)));
  }
  // Trace the upper boundary on cosine-spaced x (dense near the edges), each y by safeguarded
  // Newton in v = log y warm-started from the previous points (y² extrapolated quadratically in x).
  const upper: [number, number][] = [];
  const yMin = 1e-14;
  const vLo = Math.log(yMin);
  const vHi = Math.log(gamma) + 1e-9;
  let prev: { x: number; v: number } | null = null;
  let prev2: { x: number; v: number } | null = null;
  let prev3: { x: number; v: number } | null = null;
  const first = new Float64Array(2);
  for (let k = 0; k <= boundaryPoints; k++) {
    const x = leftEdge + ((abscissa - leftEdge) * (1 - Math.cos((Math.PI * k) / boundaryPoints))) / 2;
    let y = 0;
    if (k > 0 && k < boundaryPoints) {
      // Is x in the 2-D bulk, Λ(x + i·yMin) > 1? Λ is monotone in y (also in floating point: every
      // term's denominator grows with y), so Λ > 1 at the warm start v0 > log yMin already implies it.
      let inside = false;
      let lo = vLo;
      let hi = vHi;
      let v0 = Number.NaN;
      if (prev) {
        v0 = predictLogY(x, prev, prev2, prev3);
        if (v0 > vLo && v0 < vHi) {
          supportFunctionalSlope(x, Math.exp(v0), gamma2, sites, first);
          iterations++;
          if (first[0] > 0) inside = true;
          else hi = v0;
        } else v0 = Number.NaN;
      }
      if (!inside && L(x, yMin) > 1) {
        inside = true;
        if (Number.isNaN(v0)) {
          // no usable warm start: begin at the bracket midpoint (else at v0, where g < 0 is known)
          v0 = 0.5 * (lo + hi);
          supportFunctionalSlope(x, Math.exp(v0), gamma2, sites, first);
        }
      }
      if (inside) {
        const r = boundaryRoot(x, gamma2, sites, lo, hi, v0, first, boundaryTolerance, 200);
        y = Math.exp(r.v);
        iterations += r.iterations;
        prev3 = prev2;
        prev2 = prev;
        prev = { x, v: r.v };
      }
    }
    if (y === 0) {
      prev = null;
      prev2 = null;
      prev3 = null;
    }
    upper.push([x, y]);
  }
  const boundary: [number, number][] = [...upper];
  for (let k = upper.length - 2; k > 0; k--) boundary.push([upper[k][0], -upper[k][1]]);
  return {
    gamma2,
    abscissa,
    leftEdge,
    segment: [-1, 0],
    originInBulk: gamma2 > 1,
    boundary,
    converged: true,
    residual,
    iterations,
    settings: { quadrature: describeRule(sites.rule), boundaryPoints, boundaryTolerance },
    warnings: log.list(),
  };
}
