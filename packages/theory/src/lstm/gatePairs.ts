/**
 * The (u_f, u_i) double average of the LSTM mean field ([LSTM-MF-3], and Γ² = Λ(0) of
 * [LSTM-RMT-3], meanField.ts) at any gate gain, in O(n_f·65/δ + n_i) cell-average evaluations
 * instead of O(n_f·n_i).
 *
 * Per forget node a (weight w_a, f_a, L_a = log(1 − f_a)) the mean field needs, over the input
 * nodes b (weight w_b, i_b, ℓ_b = log i_b) with r = i/(1 − f) = e^{ℓ_b − L_a} ([LSTM-MF-2]),
 * ```
 * S₀(a) = Σ_b w_b F₀(r),   S₁(a) = Σ_b w_b F₁(r),   S₂(a) = Σ_b w_b (1 − i_b)² F₂(r),   S₃(a) = Σ_b w_b r F₃(r)
 * ⟨φ(c)²⟩ = Σ_a w_a S₀(a),      zbar_a = α_f² f_a² S₁(a) + α_i² S₂(a) + g_c² S₃(a)
 * ```
 * with the cell averages F_j(r) of cellTable.ts (E[φ′(c)²Q_B]/(1 − f)² = α_f²f²F₁ + α_i²(1 − i)²F₂ +
 * g_c² r F₃, [LSTM-J-2], [LSTM-RMT-2]). Three reductions, each exact to rounding (measured against
 * the plain double loop on 36 cases, gains up to 100, C up to 1: ⟨o²⟩, ⟨φ(c)²⟩, ⟨f⟩ and the RHS
 * equal to 1e-14, Γ² to 5e-14 relative — the largest where Γ² ~ 1e233 is summed in another order;
 * bounded at 1e-13 in test/lstm/gatePairs.test.ts):
 *
 * 1. Closed forms outside [ℓ_lo, ℓ_hi] (CellTable: [−35, 30]): below, F₀ = F₁ = F₂ = r²E₀ and
 *    F₃ = rE₄; above, F₀ = 1 − 2p₀/r, F₁ = F₂ = p₀I₂/r, F₃ = p₀I₀. ℓ_b is non-decreasing in b, so
 *    for each a the input nodes split into three index ranges (two binary searches); on the outer
 *    two, S_j is a function of a times a partial sum over b (Σw i², Σw(1 − i)²i², Σw/i,
 *    Σw(1 − i)²/i, Σw i), kept once per C as prefix / suffix sums scaled to their end node
 *    (factors e^{2(ℓ_b − ℓ_end)} ≤ 1: no overflow however small i gets). Each a then costs one
 *    interpolation per input node with log r ∈ [ℓ_lo, ℓ_hi], ≈ 65/δ nodes for δ = α_i√C·h the
 *    grid step in α_i u_i (0.4 on the sharp-gate grid of 2.5 points per gate width), however
 *    large the gain.
 * 2. Saturated input gates (numerics `gateWindow`, t_i = α_i u_i − β_i > 40): i = 1 exactly and
 *    |log i| < 4.3e-18, so they are one node at ℓ = 0 with their total weight (`weightAbove`) and
 *    their exact Σ w_b(1 − i_b)².
 * 3. Closed forget gates (t_f < −40): 1 − f = 1 exactly and |log(1 − f)| < 4.3e-18, so S_j is the
 *    same for all of them: evaluated once, and one node of the reduced forget law with their total
 *    weight, f = Σw f/Σw and zbar from the exact Σ w_a f_a². Open forget gates (t_f > 40,
 *    1 − f = e^{−t_f}: the slow units) stay individual nodes — their 1 − f are distinct poles of
 *    the support ([LSTM-RMT-3]).
 *
 * Why: the slow LSTM fuzz (gate gains up to 10³) never finished. At α√C = 60 on all gates one
 * evaluation of [LSTM-MF-3] summed 3601² pairs (2.3 s CPU); at α√C = 10³ it would have summed
 * 6·10⁴ squared.
 *
 * @module
 */
import { gateWindow, type GaussianRule, logistic, logSigmoid } from '@gatefield/numerics';
import { CELL_TABLE_LOG_RANGE, cellAveragesExact, CellTable, I0_SECH4, I2_SECH4 } from './cellTable.js';
import type { ResolvedLstmCellRule } from './cellQuadrature.js';
import type { LstmForgetLaw } from './meanField.js';

/** The cell averages (F₀, F₁, F₂, F₃) as a function of ℓ = log r, with closed forms outside [logLo, logHi]. */
export interface CellAverageLaw {
  /** Below: F₀ = F₁ = F₂ = r²·small0, F₃ = r·small1. */
  readonly logLo: number;
  /** Above: F₀ = 1 − 2p₀/r, F₁ = F₂ = p₀I₂/r, F₃ = p₀I₀. */
  readonly logHi: number;
  readonly small0: number;
  readonly small1: number;
  readonly p0: number;
  /** (F₀, …, F₃) at ℓ ∈ [logLo, logHi], written into `out`. */
  evaluate(logR: number, out: Float64Array): Float64Array;
  /** F₀ alone, bitwise equal to `evaluate(logR, out)[0]` (the right-hand side of [LSTM-MF-3] needs only it). */
  evaluate0(logR: number): number;
  /** Exact cell averages computed so far (table nodes, or direct evaluations). */
  evaluations(): number;
}

/** The tabulated cell law (sd = g_c√C > 0): {@link CellTable} with its asymptotic forms. */
export function tableCellLaw(table: CellTable): CellAverageLaw {
  return {
    logLo: CELL_TABLE_LOG_RANGE[0],
    logHi: CELL_TABLE_LOG_RANGE[1],
    small0: table.small[0],
    small1: table.small[1],
    p0: table.p0,
    evaluate: (l, out) => table.evaluate(l, out),
    evaluate0: (l) => table.evaluate0(l),
    evaluations: () => table.evaluations,
  };
}

/**
 * The exact cell law at sd = 0 (g_c = 0: u_c = β_c, c = r·t, t = tanh β_c). For |c| < 1e-9 the
 * small-r forms hold to 1e-18 (tanh²c = c²(1 − 2c²/3)), with E₀ = t², E₄ = sech⁴β_c; for |c| > 200
 * tanh²c = 1 and sech⁴c underflows to 0 (the large-r forms with p₀ = 0). Between, direct
 * evaluation, reused while r repeats (a constant input gate gives one r per forget node).
 */
export function exactCellLaw(betaC: number, cell: ResolvedLstmCellRule): CellAverageLaw {
  const t = Math.tanh(betaC);
  const ch = Math.cosh(betaC);
  const at = Math.abs(t);
  const last = new Float64Array(4);
  const scratch = new Float64Array(4);
  let lastLogR = Number.NaN;
  let count = 0;
  return {
    logLo: at === 0 ? Infinity : Math.log(1e-9 / at),
    logHi: at === 0 ? Infinity : Math.log(200 / at),
    small0: t * t,
    small1: 1 / (ch * ch * ch * ch),
    p0: 0,
    evaluate(l, out) {
      if (l !== lastLogR) {
        cellAveragesExact(Math.exp(l), betaC, 0, cell, last);
        lastLogR = l;
        count++;
      }
      out.set(last);
      return out;
    },
    evaluate0(l) {
      return this.evaluate(l, scratch)[0];
    },
    evaluations: () => count,
  };
}

/** Input-gate nodes (after reduction 2) with the partial sums of reduction 1. */
class InputNodes {
  readonly n: number;
  readonly w: Float64Array;
  /** w_b (1 − i_b)² */
  readonly wm: Float64Array;
  /** ℓ_b = log i_b (non-decreasing) */
  readonly ell: Float64Array;
  /** P[k] = Σ_{b<k} w_b e^{2(ℓ_b − ℓ_{k−1})} (k ≥ 1); Pm with wm. */
  readonly P: Float64Array;
  readonly Pm: Float64Array;
  /** R[k] = Σ_{b≥k} w_b e^{ℓ_k − ℓ_b}; Rm with wm; W[k] = Σ_{b≥k} w_b; E[k] = Σ_{b≥k} w_b e^{ℓ_b − ℓ_top}. */
  readonly R: Float64Array;
  readonly Rm: Float64Array;
  readonly W: Float64Array;
  readonly E: Float64Array;

  constructor(s: number, alpha: number, beta: number, rule: GaussianRule) {
    const win = gateWindow(rule, alpha * s, beta);
    const keep = win.hi;
    let wAbove = 0;
    let wmAbove = 0;
    for (let b = keep; b < rule.size; b++) {
      const om = logistic(-(alpha * s * rule.nodes[b] - beta));
      wAbove += rule.weights[b];
      wmAbove += rule.weights[b] * om * om;
    }
    const n = keep + (keep < rule.size ? 1 : 0);
    this.n = n;
    this.w = new Float64Array(n);
    this.wm = new Float64Array(n);
    this.ell = new Float64Array(n);
    for (let b = 0; b < keep; b++) {
      const u = s * rule.nodes[b];
      const om = logistic(-(alpha * u - beta));
      this.w[b] = rule.weights[b];
      this.wm[b] = rule.weights[b] * om * om;
      this.ell[b] = logSigmoid(u, alpha, beta);
    }
    if (n > keep) {
      this.w[keep] = wAbove;
      this.wm[keep] = wmAbove;
      this.ell[keep] = 0;
    }
    const { w, wm, ell } = this;
    this.P = new Float64Array(n + 1);
    this.Pm = new Float64Array(n + 1);
    for (let k = 1; k <= n; k++) {
      const f = k >= 2 ? Math.exp(2 * (ell[k - 2] - ell[k - 1])) : 0;
      this.P[k] = this.P[k - 1] * f + w[k - 1];
      this.Pm[k] = this.Pm[k - 1] * f + wm[k - 1];
    }
    this.R = new Float64Array(n + 1);
    this.Rm = new Float64Array(n + 1);
    this.W = new Float64Array(n + 1);
    this.E = new Float64Array(n + 1);
    const top = ell[n - 1];
    for (let k = n - 1; k >= 0; k--) {
      const f = k + 1 < n ? Math.exp(ell[k] - ell[k + 1]) : 0;
      this.R[k] = w[k] + this.R[k + 1] * f;
      this.Rm[k] = wm[k] + this.Rm[k + 1] * f;
      this.W[k] = w[k] + this.W[k + 1];
      this.E[k] = w[k] * Math.exp(ell[k] - top) + this.E[k + 1];
    }
  }

  /** First index k with ℓ_k − L ≥ lo (resp. > hi): the ranges of reduction 1. */
  firstAtLeast(L: number, lo: number, strict: boolean): number {
    const { ell } = this;
    let a = 0;
    let b = this.n;
    while (a < b) {
      const m = (a + b) >> 1;
      const d = ell[m] - L;
      if (strict ? d <= lo : d < lo) a = m + 1;
      else b = m;
    }
    return a;
  }
}

/** S₀…S₃ of the module comment at L = log(1 − f), written into `S`; returns the interpolations done. */
function inputSums(L: number, nodes: InputNodes, law: CellAverageLaw, S: Float64Array, F: Float64Array): number {
  const { w, wm, ell, n } = nodes;
  const b1 = nodes.firstAtLeast(L, law.logLo, false);
  const b2 = Math.max(b1, nodes.firstAtLeast(L, law.logHi, true));
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  if (b1 > 0) {
    // r < e^{ℓ_lo}: Σ w r² = P[b1]·e^{2(ℓ_{b1−1} − L)}
    const e = Math.exp(2 * (ell[b1 - 1] - L));
    const A = nodes.P[b1] * e;
    const B = nodes.Pm[b1] * e;
    s0 += law.small0 * A;
    s1 += law.small0 * A;
    s2 += law.small0 * B;
    s3 += law.small1 * A;
  }
  for (let b = b1; b < b2; b++) {
    const logR = ell[b] - L;
    law.evaluate(logR, F);
    s0 += w[b] * F[0];
    s1 += w[b] * F[1];
    if (F[2] !== 0) s2 += wm[b] * F[2];
    if (F[3] !== 0) s3 += w[b] * Math.exp(logR) * F[3];
  }
  if (b2 < n) {
    // r > e^{ℓ_hi}: Σ w/r = R[b2]·e^{L − ℓ_b2} (≤ e^{−ℓ_hi}), Σ w r = E[b2]·e^{ℓ_top − L} (log space: may overflow, as r does)
    const d = Math.exp(L - ell[b2]);
    const D = nodes.R[b2] * d;
    const Dm = nodes.Rm[b2] * d;
    s0 += nodes.W[b2] - 2 * law.p0 * D;
    s1 += law.p0 * I2_SECH4 * D;
    s2 += law.p0 * I2_SECH4 * Dm;
    const e = law.p0 * I0_SECH4 * nodes.E[b2];
    if (e > 0) s3 += Math.exp(Math.log(e) + (ell[n - 1] - L));
  }
  S[0] = s0;
  S[1] = s1;
  S[2] = s2;
  S[3] = s3;
  return b2 - b1;
}

/** S₀ alone at L (the same operations, in the same order, as {@link gatePairAverages}' S₀). */
function inputSum0(L: number, nodes: InputNodes, law: CellAverageLaw): number {
  const { w, ell, n } = nodes;
  const b1 = nodes.firstAtLeast(L, law.logLo, false);
  const b2 = Math.max(b1, nodes.firstAtLeast(L, law.logHi, true));
  let s0 = 0;
  if (b1 > 0) s0 += law.small0 * (nodes.P[b1] * Math.exp(2 * (ell[b1 - 1] - L)));
  for (let b = b1; b < b2; b++) s0 += w[b] * law.evaluate0(ell[b] - L);
  if (b2 < n) s0 += nodes.W[b2] - 2 * law.p0 * (nodes.R[b2] * Math.exp(L - ell[b2]));
  return s0;
}

/**
 * The forget-rule nodes below the window (0 ≤ a < lo, gate closed) merged into one node (reduction 3
 * of the module comment): their weight W = Σw_a, Wf = Σw_a f_a, Wf2 = Σw_a f_a² and the mean gate
 * f̄ = Wf/W (0 when W = 0). Shared by {@link gatePairRhs} and {@link gatePairAverages}, so both see
 * the same sums bit for bit.
 */
function closedForgetGates(s: number, p: { alpha_f: number; beta_f: number }, rf: GaussianRule, lo: number): { W: number; Wf: number; Wf2: number; fbar: number } {
  let W = 0;
  let Wf = 0;
  let Wf2 = 0;
  for (let a = 0; a < lo; a++) {
    const f = logistic(p.alpha_f * s * rf.nodes[a] - p.beta_f);
    W += rf.weights[a];
    Wf += rf.weights[a] * f;
    Wf2 += rf.weights[a] * f * f;
  }
  return { W, Wf, Wf2, fbar: W > 0 ? Wf / W : 0 };
}

/**
 * ⟨φ(c)²⟩ and ⟨f⟩ alone, bitwise equal to those of {@link gatePairAverages}: the right-hand side of
 * [LSTM-MF-3], evaluated ~100 times per solve, needs neither zbar nor the forget law, and F₀ alone
 * costs about half of (F₀, …, F₃) (measured at α√C ~ 500: the solve's CPU −30 %).
 */
export function gatePairRhs(
  s: number,
  p: { alpha_f: number; beta_f: number; alpha_i: number; beta_i: number },
  rf: GaussianRule,
  ri: GaussianRule,
  cell: CellAverageLaw,
): { phiC2: number; meanF: number } {
  const nodes = new InputNodes(s, p.alpha_i, p.beta_i, ri);
  const lo = gateWindow(rf, p.alpha_f * s, p.beta_f).lo;
  let phiC2 = 0;
  let meanF = 0;
  if (lo > 0) {
    const { W, Wf, fbar } = closedForgetGates(s, p, rf, lo);
    phiC2 += W * inputSum0(Math.log1p(-fbar), nodes, cell);
    meanF += Wf;
  }
  for (let a = lo; a < rf.size; a++) {
    const u = s * rf.nodes[a];
    const wa = rf.weights[a];
    phiC2 += wa * inputSum0(logSigmoid(-u, p.alpha_f, -p.beta_f), nodes, cell);
    meanF += wa * logistic(p.alpha_f * u - p.beta_f);
  }
  return { phiC2, meanF };
}

/** Result of {@link gatePairAverages}. */
export interface GatePairAverages {
  /** Σ_a w_a S₀(a) = ⟨φ(c)²⟩ (not clamped). */
  phiC2: number;
  /** ⟨f⟩ (not clamped). */
  meanF: number;
  /** Σ_a w_a zbar_a = ⟨D_c²Q_B/(1 − f)²⟩/⟨o²⟩. */
  coupling: number;
  /** The reduced forget law (closed forget gates merged into one node). */
  law: LstmForgetLaw;
  /** Cell-law interpolations (pairs in the middle range). */
  interpolations: number;
}

/** log r range over all (u_f, u_i) nodes of the rules (for the extent of the cell table). */
export function logRRange(s: number, alphaF: number, betaF: number, alphaI: number, betaI: number, rf: GaussianRule, ri: GaussianRule): [number, number] {
  const li = [logSigmoid(s * ri.nodes[0], alphaI, betaI), logSigmoid(s * ri.nodes[ri.size - 1], alphaI, betaI)];
  const lf = [logSigmoid(-s * rf.nodes[0], alphaF, -betaF), logSigmoid(-s * rf.nodes[rf.size - 1], alphaF, -betaF)];
  return [Math.min(...li) - Math.max(...lf), Math.max(...li) - Math.min(...lf)];
}

/**
 * The (u_f, u_i) double average of the module comment at √C = s, on the forget rule `rf` and the
 * input rule `ri` (nodes ascending), with the coefficients α_f², α_i², g_c² of zbar.
 */
export function gatePairAverages(
  s: number,
  p: { alpha_f: number; beta_f: number; alpha_i: number; beta_i: number; g_c: number },
  rf: GaussianRule,
  ri: GaussianRule,
  cell: CellAverageLaw,
): GatePairAverages {
  const nodes = new InputNodes(s, p.alpha_i, p.beta_i, ri);
  const af2 = p.alpha_f * p.alpha_f;
  const ai2 = p.alpha_i * p.alpha_i;
  const gc2 = p.g_c * p.g_c;
  const zbarOf = (f2: number, S: Float64Array) => (af2 === 0 || f2 === 0 ? 0 : af2 * f2 * S[1]) + (ai2 === 0 ? 0 : ai2 * S[2]) + (gc2 === 0 ? 0 : gc2 * S[3]);
  const win = gateWindow(rf, p.alpha_f * s, p.beta_f);
  const lo = win.lo;
  const n = (lo > 0 ? 1 : 0) + rf.size - lo;
  const law: LstmForgetLaw = { weights: new Float64Array(n), f: new Float64Array(n), omf: new Float64Array(n), logOmf: new Float64Array(n), zbar: new Float64Array(n) };
  const S = new Float64Array(4);
  const F = new Float64Array(4);
  let phiC2 = 0;
  let meanF = 0;
  let coupling = 0;
  let interpolations = 0;
  let k = 0;
  if (lo > 0) {
    // reduction 3: closed forget gates
    const { W, Wf, Wf2, fbar } = closedForgetGates(s, p, rf, lo);
    law.weights[0] = W;
    law.f[0] = fbar;
    law.omf[0] = 1 - fbar;
    law.logOmf[0] = Math.log1p(-fbar);
    interpolations += inputSums(law.logOmf[0], nodes, cell, S, F);
    law.zbar[0] = zbarOf(W > 0 ? Wf2 / W : 0, S);
    phiC2 += W * S[0];
    meanF += Wf;
    coupling += W * law.zbar[0];
    k = 1;
  }
  for (let a = lo; a < rf.size; a++, k++) {
    const u = s * rf.nodes[a];
    const t = p.alpha_f * u - p.beta_f;
    const wa = rf.weights[a];
    const fa = logistic(t);
    law.weights[k] = wa;
    law.f[k] = fa;
    law.omf[k] = logistic(-t);
    law.logOmf[k] = logSigmoid(-u, p.alpha_f, -p.beta_f);
    interpolations += inputSums(law.logOmf[k], nodes, cell, S, F);
    law.zbar[k] = zbarOf(fa * fa, S);
    phiC2 += wa * S[0];
    meanF += wa * fa;
    coupling += wa * law.zbar[k];
  }
  return { phiC2, meanF, coupling, law, interpolations };
}
