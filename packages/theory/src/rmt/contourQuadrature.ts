/**
 * Quadrature rules on circle arcs for contour masses ([NUM-10]): the nested node rules (periodic
 * trapezoid, tanh–sinh), the exact integral of a pole sum along an arc, and the subtraction of
 * unresolved "islands" around poles.
 *
 * Every rule approximates (1/2πi)∫ G dλ = (1/2π)∫ G(λ(θ)) R e^{iθ} dθ on λ(θ) = c + R e^{iθ}.
 *
 * @module
 */
import type { Complex } from '@gatefield/numerics';
import type { Circle, ContourArc, GreenFunction, PoleSet } from './contourMass.js';

const TWO_PI = 2 * Math.PI;

/** Result of one node rule. */
export interface RuleResult {
  value: Complex;
  /** |I − I_half| of the nested rule. */
  error: number;
  evaluations: number;
  /** Poles treated as points inside the bulk (islands below the resolution). */
  pointPoles: number;
  arcs: ContourArc[];
}

/**
 * Exact (1/2πi)∫ Σ_p c_p/(λ − p) dλ ([GRU-SCBA-6] for the holomorphic branch, [NUM-10]) along the arc θ ∈ [from, to] (to − from ≤ 2π), optionally over a
 * subset of poles: Σ_p c_p [iΔarg_p + log|λ_b − p| − log|λ_a − p|]/(2πi). Δarg_p is the argument
 * increment along the circle, not the chord: for p inside the circle arg(λ(θ) − p) increases
 * monotonically, so the principal value is lifted into (0, 2π); for p outside, the circle subtends
 * less than π from p, so the principal value is exact. With `fullCircle` the result is the residue
 * count Σ_{p inside} c_p (half weight for a pole exactly on the circle).
 */
export function poleArc(poles: PoleSet, circle: Circle, from: number, to: number, fullCircle = false, subset?: readonly number[]): Complex {
  const { centre, radius } = circle;
  const ar = centre.re + radius * Math.cos(from);
  const ai = centre.im + radius * Math.sin(from);
  const br = centre.re + radius * Math.cos(to);
  const bi = centre.im + radius * Math.sin(to);
  let re = 0;
  let im = 0;
  const count = subset ? subset.length : poles.weights.length;
  for (let q = 0; q < count; q++) {
    const p = subset ? subset[q] : q;
    const c = poles.weights[p];
    if (c === 0) continue;
    const pr = poles.re[p];
    const pi = poles.im[p];
    const dist = Math.hypot(pr - centre.re, pi - centre.im);
    const inside = dist < radius;
    if (fullCircle) {
      re += dist === radius ? 0.5 * c : inside ? c : 0;
      continue;
    }
    const xr = ar - pr;
    const xi = ai - pi;
    const yr = br - pr;
    const yi = bi - pi;
    let darg = Math.atan2(yi * xr - yr * xi, yr * xr + yi * xi);
    if (inside && darg <= 0) darg += TWO_PI;
    re += (c * darg) / TWO_PI;
    im -= (c * 0.5 * Math.log((yr * yr + yi * yi) / (xr * xr + xi * xi))) / TWO_PI;
  }
  return { re, im };
}

/** Residue count Σ_{p inside} c_p of a pole sum (half weight exactly on the circle), [GRU-SCBA-6]. */
export function poleMassInside(poles: PoleSet, circle: Circle): number {
  return poleArc(poles, circle, 0, TWO_PI, true).re;
}

/**
 * True when the circle's boundary crosses the real segment [min p, max p] spanned by the real poles
 * (those with zero imaginary part): the case in which [NUM-10] asks for K ≥ 160.
 */
export function crossesRealPoles(poles: PoleSet, circle: Circle): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = 0; p < poles.re.length; p++) {
    if (poles.im[p] !== 0 || poles.weights[p] === 0) continue;
    lo = Math.min(lo, poles.re[p]);
    hi = Math.max(hi, poles.re[p]);
  }
  if (!(lo <= hi)) return false;
  const { centre, radius } = circle;
  if (Math.abs(centre.im) > radius) return false;
  const h = Math.sqrt(radius * radius - centre.im * centre.im);
  const x1 = centre.re - h;
  const x2 = centre.re + h;
  return (x1 >= lo && x1 <= hi) || (x2 >= lo && x2 <= hi);
}

/** Geometry and weights of a node rule on an arc (or the full circle). */
export interface NodeRule {
  thetas: Float64Array;
  /** Weights in θ (Σ = arc length in radians). */
  weights: Float64Array;
  /** Weights of the nested coarse rule (0 at nodes it does not use). */
  halfWeights: Float64Array;
  /** Evaluation order (warm starts chain through θ-neighbours already evaluated). */
  order: readonly number[];
  from: number;
  to: number;
  fullCircle: boolean;
  /** Local node spacing in θ at each node (largest gap to a neighbour). */
  gaps: Float64Array;
}

/** Largest gap to a neighbour of each node (nodes in any monotone order). */
function localGaps(thetas: Float64Array, periodic: boolean): Float64Array {
  const n = thetas.length;
  const g = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let left = k > 0 ? Math.abs(thetas[k] - thetas[k - 1]) : 0;
    let right = k + 1 < n ? Math.abs(thetas[k + 1] - thetas[k]) : 0;
    if (periodic && n > 1) {
      if (k === 0) left = TWO_PI - Math.abs(thetas[n - 1] - thetas[0]);
      if (k === n - 1) right = TWO_PI - Math.abs(thetas[n - 1] - thetas[0]);
    }
    g[k] = Math.max(left, right);
  }
  return g;
}

/** [NUM-10] Periodic trapezoid on K nodes θ_k = 2π(k + ½)/K (off the real axis), nested rule on even k. */
export function trapezoidNodes(K: number): NodeRule {
  const thetas = new Float64Array(K);
  const weights = new Float64Array(K).fill(TWO_PI / K);
  const halfWeights = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    thetas[k] = (TWO_PI * (k + 0.5)) / K;
    if (k % 2 === 0) halfWeights[k] = (2 * TWO_PI) / K;
  }
  return { thetas, weights, halfWeights, order: Array.from({ length: K }, (_, k) => k), from: 0, to: TWO_PI, fullCircle: true, gaps: localGaps(thetas, true) };
}

/**
 * Tanh–sinh (double-exponential) rule on [from, to]: t_j = j h, |j| ≤ M, node
 * x_j = tanh((π/2) sinh t_j), weight h (π/2) cosh t_j / cosh²((π/2) sinh t_j); nested rule with step
 * 2h on even j. Nodes cluster double-exponentially at both ends, so integrands with multi-scale
 * structure at an end point (the real-axis crossing of a contour, where the features of all the
 * poles −s_i near the crossing are centred) converge exponentially in the number of nodes.
 * End distances are computed as 1 − tanh(u) = 2/(1 + e^{2u}) to keep their relative accuracy.
 * M is rounded up to an even number; walked from the middle outwards.
 */
export function tanhSinhNodes(from: number, to: number, nodes: number, tMax = 3.2): NodeRule {
  let M = Math.max(2, Math.ceil((nodes - 1) / 2));
  if (M % 2 === 1) M++;
  const h = tMax / M;
  const n = 2 * M + 1;
  const half = 0.5 * (to - from);
  const thetas = new Float64Array(n);
  const weights = new Float64Array(n);
  const halfWeights = new Float64Array(n);
  for (let j = -M; j <= M; j++) {
    const t = j * h;
    const u = (Math.PI / 2) * Math.sinh(t);
    const e = Math.exp(-2 * Math.abs(u));
    const oneMinus = (2 * e) / (1 + e); // 1 − |x|
    const ch = Math.cosh(u);
    const k = j + M;
    thetas[k] = j >= 0 ? to - half * oneMinus : from + half * oneMinus;
    weights[k] = (half * h * (Math.PI / 2) * Math.cosh(t)) / (ch * ch);
    if (j % 2 === 0) halfWeights[k] = 2 * weights[k];
  }
  const order: number[] = [];
  for (let k = M; k < n; k++) order.push(k);
  for (let k = M - 1; k >= 0; k--) order.push(k);
  return { thetas, weights, halfWeights, order, from, to, fullCircle: false, gaps: localGaps(thetas, false) };
}

/** Settings of the island treatment. */
export interface IslandSettings {
  /** Poles closer to the circle than `islandReach` node spacings are examined. */
  islandReach: number;
  /** An island is unresolved (treated as a point) when r_p < `islandResolution` × node spacing. */
  islandResolution: number;
}

/**
 * [NUM-10], [GRU-SCBA-6]: evaluate G on the nodes of `rule` (warm-started), subtract the poles whose islands are below the
 * node resolution (adding their exact arc integrals instead), and return the rule value with its
 * nested error estimate.
 *
 * Island subtraction: inside the bulk a pole term is regularised, c_p(λ̄ − p̄)/(|λ − p|² + r_p²),
 * with the island radius r_p from `green.islandRadius2` (0 outside the bulk). When r_p is below the
 * node resolution and p lies near the circle, the term is a near-pole for the rule. Replacing it by
 * the exact arc integral of c_p/(λ − p) leaves c_p(f_p − 1)/(λ − p), which is O(c_p r_p²/δ²) at
 * distance δ: this is the point (N → ∞) limit of an unresolved island.
 */
export function integrateRule(green: GreenFunction, circle: Circle, rule: NodeRule, islands: IslandSettings): RuleResult {
  const { centre, radius } = circle;
  const n = rule.thetas.length;
  const tr = new Float64Array(n);
  const ti = new Float64Array(n);
  const lr = new Float64Array(n);
  const li = new Float64Array(n);
  const states: unknown[] = new Array(n);
  const done = new Uint8Array(n);
  for (const k of rule.order) {
    const th = rule.thetas[k];
    const c = Math.cos(th);
    const s = Math.sin(th);
    lr[k] = centre.re + radius * c;
    li[k] = centre.im + radius * s;
    const warm = k > 0 && done[k - 1] ? states[k - 1] : k + 1 < n && done[k + 1] ? states[k + 1] : rule.fullCircle && k === n - 1 && done[0] ? states[0] : undefined;
    const v = green.evaluate({ re: lr[k], im: li[k] }, warm);
    states[k] = v.state;
    done[k] = 1;
    tr[k] = radius * (v.g.re * c - v.g.im * s);
    ti[k] = radius * (v.g.re * s + v.g.im * c);
  }
  let exact: Complex = { re: 0, im: 0 };
  const subtracted: number[] = [];
  const poles = green.poles;
  if (poles && green.islandRadius2) {
    let maxGap = 0;
    for (let k = 0; k < n; k++) maxGap = Math.max(maxGap, rule.gaps[k]);
    for (let p = 0; p < poles.weights.length; p++) {
      const cp = poles.weights[p];
      if (cp === 0) continue;
      const dx = poles.re[p] - centre.re;
      const dy = poles.im[p] - centre.im;
      const dist = Math.hypot(dx, dy);
      const delta = Math.abs(dist - radius);
      if (!(delta < islands.islandReach * maxGap * radius) || dist === 0) continue;
      let thp = Math.atan2(dy, dx);
      if (!rule.fullCircle) {
        while (thp < rule.from) thp += TWO_PI;
        while (thp > rule.to + 1e-15) thp -= TWO_PI;
        if (thp < rule.from) continue;
      }
      let kBest = 0;
      let best = Infinity;
      for (let k = 0; k < n; k++) {
        const d = Math.abs(Math.atan2(Math.sin(rule.thetas[k] - thp), Math.cos(rule.thetas[k] - thp)));
        if (d < best) {
          best = d;
          kBest = k;
        }
      }
      const h = rule.gaps[kBest] * radius;
      if (!(delta < islands.islandReach * h)) continue;
      const r2 = green.islandRadius2(p, { re: lr[kBest], im: li[kBest] }, states[kBest]);
      const lim = islands.islandResolution * h;
      if (!(r2 < lim * lim)) continue;
      subtracted.push(p);
      for (let k = 0; k < n; k++) {
        // c_p R e^{iθ}/(λ − p)
        const c = Math.cos(rule.thetas[k]);
        const s = Math.sin(rule.thetas[k]);
        const xr = lr[k] - poles.re[p];
        const xi = li[k] - poles.im[p];
        const m2 = xr * xr + xi * xi;
        const gr = (cp * xr) / m2;
        const gi = (-cp * xi) / m2;
        tr[k] -= radius * (gr * c - gi * s);
        ti[k] -= radius * (gr * s + gi * c);
      }
    }
    if (subtracted.length > 0) exact = poleArc(poles, circle, rule.from, rule.to, rule.fullCircle, subtracted);
  }
  let re = 0;
  let im = 0;
  let reh = 0;
  let imh = 0;
  for (let k = 0; k < n; k++) {
    re += rule.weights[k] * tr[k];
    im += rule.weights[k] * ti[k];
    reh += rule.halfWeights[k] * tr[k];
    imh += rule.halfWeights[k] * ti[k];
  }
  const value = { re: re / TWO_PI + exact.re, im: im / TWO_PI + exact.im };
  return {
    value,
    error: Math.hypot(re - reh, im - imh) / TWO_PI,
    evaluations: n,
    pointPoles: subtracted.length,
    arcs: [{ from: rule.from, to: rule.to, inBulk: true, mass: value.re }],
  };
}
