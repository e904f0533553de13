/**
 * Quadrature rules for the LSTM site law ([LSTM-MF-1]): the gate variables u_f, u_i, u_o ~ N(0, C)
 * and the cell input u_c ~ N(β_c, g_c² C), whose fixed-point cell value is c = r φ(u_c) with
 * r = i/(1 − f) ([LSTM-MF-2]).
 *
 * ## Why a dedicated cell rule
 * At a forget gate near 1, r = i/(1 − f) is large (up to e^{α_f u_f − β_f}), and every function of c
 * (tanh²(c) in [LSTM-MF-3], φ′(c) = sech²(c) in the Jacobian factors) changes on the scale
 * |u_c| ~ 1/r around φ(u_c) = 0: a dip far narrower than any Gauss–Hermite node spacing. Measured on
 * the [LSTM-REF-1] parameters: 201-node Gauss–Hermite in u_c gives ⟨h²⟩ wrong in the 2nd digit,
 * 801-point uniform grids in the 3rd. The cell rule therefore integrates the window
 * |u_c| ≤ U₁ in the variable c itself (c = r tanh u_c, dc = r sech²u_c du_c: the weight becomes
 * p(u_c)/(r(1 − c²/r²)), smooth), where U₁ = uCut if r tanh(uCut) ≤ saturation and
 * atanh(saturation/r) otherwise, and the rest of the Gaussian (|u_c| > U₁, where c is saturated or
 * changes slowly) in u_c. Each piece is clipped to β_c ± span·sd (mass beyond 12 sd is < 1e-32) and
 * split into sub-intervals no longer than `cStep` in c (resp. `uStep` in u_c) and 0.6 r·sd
 * (resp. 1.5 sd), each integrated by `order`-point Gauss–Legendre. Measured against a 4·10⁵-point uniform
 * reference (for r ≤ 100, where that reference is itself resolved): error ≤ 5e-9 for tanh²(c),
 * r ∈ [1e-3, 100], sd ∈ [0.01, 1.9], with the defaults; ~1e-7 (relative) for the sech⁴(c)
 * integrands of the Jacobian factors, whose poles at c = ±iπ/2 are of 4th order.
 *
 * ## Gate variables
 * A gate integrand σ(g·sd·z − β) (and r, which contains 1/(1 − f) = 1 + e^{α_f u_f − β_f}) is
 * analytic in a strip |Im z| < π/(2 g sd) around the real axis (h(r) = E tanh²(r φ) is analytic for
 * Re r > 0, which fails first at |Im(α_f u_f)| = π/2). Gauss–Hermite with `gateNodes` nodes is used
 * while g·sd ≤ `sharpThreshold`; beyond, the trapezoid rule on [−12, 12] in z ([NUM-2]) with
 * `pointsPerWidth` points per gate width 1/(g sd), whose error ≈ exp(−π²·pointsPerWidth) for such
 * a strip (2.5 points per width: ≈ 2e-11) — far fewer points than the 4·10⁵ of [NUM-2], which were
 * chosen for σ′² at α_z ≥ 40.
 *
 * @module
 */
import { checkFinite, checkInteger, type GaussianRule, gaussHermite, InvalidParameterError, normalCdf, normalQuantile, uniformGaussianRule } from '@gatefield/numerics';

/** Options of the gate-variable rule {@link lstmGateRule}. */
export interface LstmGateRuleOptions {
  /** Gauss–Hermite nodes while gain·sd ≤ sharpThreshold. Default 64. */
  gateNodes?: number;
  /** Switch to the uniform rule above this gain·sd. Default 2. */
  sharpThreshold?: number;
  /** Uniform-rule points per gate width 1/(gain·sd). Default 2.5 (error ≈ e^{−π²·2.5}). */
  pointsPerWidth?: number;
}

/** Options of the cell rule {@link lstmCellRule}. */
export interface LstmCellRuleOptions {
  /** Gauss–Legendre nodes per sub-interval. Default 8. */
  order?: number;
  /** Largest sub-interval in the cell variable c (functions of c vary on scale 1). Default 2. */
  cStep?: number;
  /** Largest sub-interval in u_c outside the window. Default 1. */
  uStep?: number;
  /** |c| beyond which tanh(c)² and sech²(c) are saturated (1 − tanh² < 1e-15 for |c| > 18). Default 18. */
  saturation?: number;
  /** Half-width of the window in u_c when r is small (c varies on the scale of u_c itself). Default 1. */
  uCut?: number;
  /** The Gaussian is clipped to β_c ± span·sd. Default 12. */
  span?: number;
  /**
   * Where c is saturated (|u_c| > U₁ while r tanh(uCut) > saturation, so |c| > saturation: tanh²(c)
   * = 1 and sech²(c) = 0 to 1e-15), replace each tail by ONE node at its conditional median, with
   * the exact tail mass (Gaussian CDF) as weight. Every function of c is constant there, so this
   * is exact to 1e-15 for them; functions of u_c alone (φ(u_c), φ′(u_c)) enter the LSTM only
   * multiplied by φ′(c) ([LSTM-J-2]: B_i, B_c via D_c²Q_B), which vanishes. Default true.
   */
  lumpSaturatedTails?: boolean;
}

/** Resolved {@link LstmGateRuleOptions}. */
export type ResolvedLstmGateRule = Required<LstmGateRuleOptions>;
/** Resolved {@link LstmCellRuleOptions}. */
export type ResolvedLstmCellRule = Required<LstmCellRuleOptions>;

/** Defaults of {@link LstmGateRuleOptions}. */
export const DEFAULT_LSTM_GATE_RULE: ResolvedLstmGateRule = { gateNodes: 64, sharpThreshold: 2, pointsPerWidth: 2.5 };
/** Defaults of {@link LstmCellRuleOptions}. */
export const DEFAULT_LSTM_CELL_RULE: ResolvedLstmCellRule = { order: 8, cStep: 2, uStep: 1, saturation: 18, uCut: 1, span: 12, lumpSaturatedTails: true };

/** Validate gate-rule options. */
export function resolveLstmGateRule(o: LstmGateRuleOptions = {}): ResolvedLstmGateRule {
  const r = { ...DEFAULT_LSTM_GATE_RULE, ...o };
  checkInteger('gateNodes', r.gateNodes, 1, 1000);
  checkFinite('sharpThreshold', r.sharpThreshold, 0, 1e6);
  checkFinite('pointsPerWidth', r.pointsPerWidth, 0.1, 1e4);
  return r;
}

/** Validate cell-rule options. */
export function resolveLstmCellRule(o: LstmCellRuleOptions = {}): ResolvedLstmCellRule {
  const r = { ...DEFAULT_LSTM_CELL_RULE, ...o };
  checkInteger('cell.order', r.order, 1, 64);
  checkFinite('cell.cStep', r.cStep, 1e-3, 1e3);
  checkFinite('cell.uStep', r.uStep, 1e-3, 1e3);
  checkFinite('cell.saturation', r.saturation, 1, 1e3);
  checkFinite('cell.uCut', r.uCut, 1e-3, 10);
  checkFinite('cell.span', r.span, 3, 40);
  if (typeof r.lumpSaturatedTails !== 'boolean') throw new InvalidParameterError('cell.lumpSaturatedTails', r.lumpSaturatedTails, 'true or false');
  return r;
}

/**
 * Rule for E f(z), z ~ N(0, 1), when f contains a gate σ(gain·sd·z − β): Gauss–Hermite or the
 * resolving uniform grid (see the module comment).
 */
export function lstmGateRule(gainTimesSd: number, o: ResolvedLstmGateRule): GaussianRule {
  if (!(gainTimesSd > o.sharpThreshold)) return gaussHermite(o.gateNodes);
  let points = Math.ceil(24 * o.pointsPerWidth * gainTimesSd) + 1;
  points = Math.max(points, 2 * o.gateNodes + 1);
  if (points % 2 === 0) points += 1;
  return uniformGaussianRule(Math.min(points, 1e7), 12);
}

const legendreCache = new Map<number, { x: Float64Array; w: Float64Array }>();

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on the Legendre recurrence; cached). */
export function gaussLegendreRule(n: number): { x: Float64Array; w: Float64Array } {
  checkInteger('Gauss-Legendre order', n, 1, 1000);
  const hit = legendreCache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    let p1 = 1;
    let p2 = 0;
    for (let j = 1; j <= n; j++) {
      const p3 = p2;
      p2 = p1;
      p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
    }
    dp = (n * (z * p1 - p2)) / (z * z - 1);
    x[n - 1 - i] = z;
    w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  const r = { x, w };
  legendreCache.set(n, r);
  return r;
}

/** A weighted rule in the cell input u_c (weights sum to 1 up to the quadrature error). */
export interface CellRule {
  /** Nodes u_c. */
  uc: Float64Array;
  weights: Float64Array;
  /** Number of trailing nodes that are lumped saturated tails (0, 1 or 2). */
  lumped: number;
}

/**
 * Rule for E g(u_c), u_c ~ N(βc, sd²), adapted to functions of c = r tanh(u_c) (see the module
 * comment). r ≥ 0 (r = +∞ is treated as saturated everywhere except u_c = 0, which has measure 0).
 */
export function lstmCellRule(r: number, betaC: number, sd: number, o: ResolvedLstmCellRule): CellRule {
  const us: number[] = [];
  const ws: number[] = [];
  const lumped = visitLstmCellRule(r, betaC, sd, o, (u, w) => {
    us.push(u);
    ws.push(w);
  });
  return { uc: Float64Array.from(us), weights: Float64Array.from(ws), lumped };
}

/**
 * The nodes and weights of {@link lstmCellRule}, in the same order, passed to `visit` instead of
 * stored (the cell table makes ~10³ rules per mean-field evaluation; building arrays for each was
 * a third of its cost). Returns the number of lumped tail nodes (the last ones visited).
 *
 * `segment`, when given, takes over each u_c piece [a, b] (a Gauss–Legendre piece in u_c, outside
 * the c-window): it receives `generate`, which visits that piece's nodes, and must account for them
 * itself in the same order — the cell table caches them, since for every r with r·tanh(uCut) ≤
 * saturation these pieces are the same ([β_c − span·sd, −uCut] and [uCut, β_c + span·sd]).
 */
export function visitLstmCellRule(
  r: number,
  betaC: number,
  sd: number,
  o: ResolvedLstmCellRule,
  visit: (u: number, w: number) => void,
  segment?: (a: number, b: number, generate: (v: (u: number, w: number) => void) => void) => void,
): number {
  if (!(sd > 0)) {
    visit(betaC, 1);
    return 0;
  }
  const lo = betaC - o.span * sd;
  const hi = betaC + o.span * sd;
  const norm = 1 / (sd * Math.sqrt(2 * Math.PI));
  const pdf = (u: number) => {
    const z = (u - betaC) / sd;
    return norm * Math.exp(-0.5 * z * z);
  };
  const rr = Number.isFinite(r) ? Math.max(r, 0) : Number.MAX_VALUE;
  const saturated = rr * Math.tanh(o.uCut) > o.saturation;
  const u1 = saturated ? Math.atanh(o.saturation / rr) : o.uCut;
  const gl = gaussLegendreRule(o.order);
  const generateU = (a: number, b: number, v: (u: number, w: number) => void) => {
    const len = Math.min(o.uStep, 1.5 * sd);
    const m = Math.ceil((b - a) / len);
    const d = (b - a) / m;
    for (let j = 0; j < m; j++) {
      const mid = a + (j + 0.5) * d;
      for (let q = 0; q < gl.x.length; q++) {
        const u = mid + 0.5 * d * gl.x[q];
        v(u, 0.5 * d * gl.w[q] * pdf(u));
      }
    }
  };
  const pieceU = (a: number, b: number) => {
    if (!(b > a)) return;
    if (segment) segment(a, b, (v) => generateU(a, b, v));
    else generateU(a, b, visit);
  };
  const pieceC = (a: number, b: number) => {
    if (!(b > a)) return;
    if (!(rr > 0)) {
      pieceU(a, b);
      return;
    }
    const ya = rr * Math.tanh(a);
    const yb = rr * Math.tanh(b);
    // the Gaussian width in c is r·sd·sech²(u_c) ≥ 0.42 r sd inside the window
    const len = Math.min(o.cStep, 0.6 * rr * sd);
    const m = Math.max(1, Math.ceil((yb - ya) / len));
    const d = (yb - ya) / m;
    for (let j = 0; j < m; j++) {
      const mid = ya + (j + 0.5) * d;
      for (let q = 0; q < gl.x.length; q++) {
        const y = mid + 0.5 * d * gl.x[q];
        const t = y / rr;
        const u = Math.atanh(t);
        visit(u, (0.5 * d * gl.w[q] * pdf(u)) / (rr * (1 - t * t)));
      }
    }
  };
  const lump = saturated && o.lumpSaturatedTails;
  if (!lump) pieceU(lo, Math.min(hi, -u1));
  pieceC(Math.max(lo, -u1), Math.min(hi, u1));
  if (!lump) pieceU(Math.max(lo, u1), hi);
  let lumped = 0;
  if (lump) {
    // tails u_c < −U₁ and u_c > U₁, each as one node at its conditional median (exact mass)
    const zLo = (-u1 - betaC) / sd;
    const zHi = (u1 - betaC) / sd;
    const mLo = normalCdf(zLo);
    const mHi = normalCdf(-zHi);
    if (mLo > 0) {
      visit(betaC + sd * Math.min(zLo, normalQuantile(0.5 * mLo)), mLo);
      lumped++;
    }
    if (mHi > 0) {
      visit(betaC + sd * Math.max(zHi, -normalQuantile(0.5 * mHi)), mHi);
      lumped++;
    }
  }
  return lumped;
}

/** P(|r tanh u_c| > s) for u_c ~ N(βc, sd²): the mass of the saturated (decoupled) cell values. */
export function saturatedCellMass(r: number, betaC: number, sd: number, s: number): number {
  if (!(r > s)) return 0;
  const u = Number.isFinite(r) ? Math.atanh(s / r) : 0;
  if (!(sd > 0)) return Math.abs(betaC) > u ? 1 : 0;
  return normalCdf((-u - betaC) / sd) + normalCdf((betaC - u) / sd);
}
