/**
 * The cell-input averages of the LSTM mean field as functions of r = i/(1 − f) alone, tabulated in
 * ℓ = log r by piecewise Chebyshev interpolation.
 *
 * At a fixed point c = r φ(u_c) ([LSTM-MF-2]) with u_c ~ N(β_c, sd²), sd = g_c√C, independent of
 * (u_f, u_i) ([LSTM-MF-1]). Every u_c-average that the mean field ([LSTM-MF-3]) and the support
 * ([LSTM-RMT-3]) need is one of
 * ```
 * K₀(r) = E tanh²(c),   K₁(r) = E sech⁴(c) c²,   K₂(r) = E sech⁴(c) tanh²(u_c),   K₃(r) = E sech⁴(c) sech⁴(u_c)
 * ```
 * (φ(c)² and φ′(c)² times the three terms of Q_B = (cσ′_f)² + (φ(u_c)σ′_i)² + g_c²(iφ′(u_c))²,
 * [LSTM-RMT-2]), so the 3-D averages over (u_f, u_i, u_c) are 2-D averages over (u_f, u_i) of
 * K_j(r(u_f, u_i)). The table stores
 * ```
 * F₀ = K₀,   F₁ = K₁,   F₂ = r² K₂,   F₃ = r K₃
 * ```
 * — the combinations that multiply O(1) factors in the support ((σ′_i/(1−f))²K₂ = α_i²(1−i)²F₂ and
 * g_c²(i/(1−f))²K₃ = g_c² r F₃), so that interpolation errors are not amplified by 1/(1 − f)².
 *
 * Numerical choices: K_j(e^ℓ) is analytic in the strip |Im ℓ| < π/2 (the first singularity is
 * r tanh(u_c) = ±iπ/2), so Chebyshev interpolation on unit intervals of ℓ with `nodes` points
 * converges like ρ^{−nodes}, ρ = π + √(1 + π²) ≈ 6.4 (14 nodes: ≈ 5e-12). Outside
 * [ℓ_lo, ℓ_hi] = [−35, 30] the exact leading asymptotics are used (relative corrections O(r²)
 * ≤ e^{−70} below, O(r⁻²) ≤ e^{−60} above):
 * ```
 * r → 0:   K₀ = K₁ = r² E tanh²(u_c),   K₂ = E tanh²(u_c),   K₃ = E sech⁴(u_c)
 * r → ∞:   K₀ = 1 − 2p₀/r,   K₁ = p₀ I₂/r,   K₂ = p₀ I₂/r³,   K₃ = p₀ I₀/r
 * ```
 * with p₀ the N(β_c, sd²) density at 0, I₀ = ∫sech⁴ = 4/3 and I₂ = ∫y²sech⁴y dy = (π² − 6)/9.
 * The node values come from {@link lstmCellRule}.
 *
 * @module
 */
import { checkInteger } from '@gatefield/numerics';
import { lstmCellRule, type ResolvedLstmCellRule, visitLstmCellRule } from './cellQuadrature.js';

/** ∫ y² sech⁴(y) dy over ℝ. */
export const I2_SECH4 = (Math.PI * Math.PI - 6) / 9;
/** ∫ sech⁴(y) dy over ℝ. */
export const I0_SECH4 = 4 / 3;
/** Table range in ℓ = log r; asymptotic forms outside. */
export const CELL_TABLE_LOG_RANGE: readonly [number, number] = [-35, 30];

/** Options of {@link CellTable}. */
export interface CellTableOptions {
  /** Chebyshev nodes per unit interval of log r. Default 14 (error ≈ 5e-12). */
  nodes?: number;
}

/** sech⁴ without overflow. */
function sech4(x: number): number {
  const a = Math.abs(x);
  if (a > 350) return 0;
  const e = Math.exp(-2 * a);
  const s = (2 * Math.exp(-a)) / (1 + e);
  return s * s * s * s;
}

/** The exact u_c-averages (F₀, F₁, F₂, F₃) at r with the cell rule (see the module comment). */
export function cellAveragesExact(r: number, betaC: number, sd: number, cell: ResolvedLstmCellRule, out: Float64Array = new Float64Array(4)): Float64Array {
  const k = new Float64Array(4);
  // the nodes of lstmCellRule, visited in order without building the rule's arrays
  visitLstmCellRule(r, betaC, sd, cell, (u, w) => addCellNode(k, r, w, Math.tanh(u), sech4(u)));
  return finishCellAverages(k, r, out);
}

/**
 * Add one node (weight w, t = tanh u_c, s4u = sech⁴ u_c) of the cell rule at r to the running sums
 * k of K₀..K₃ (module comment; c = r t, [LSTM-MF-2], [LSTM-RMT-2]). The one per-node arithmetic of
 * {@link cellAveragesExact} and the table's cached evaluator, so the two stay bitwise equal.
 */
function addCellNode(k: Float64Array, r: number, w: number, t: number, s4u: number): void {
  const c = r * t;
  const th = Math.tanh(c);
  k[0] += w * th * th;
  const s4 = sech4(c);
  if (s4 > 0) {
    k[1] += w * s4 * c * c;
    k[2] += w * s4 * t * t;
    k[3] += w * s4 * s4u;
  }
}

/** (F₀, F₁, F₂, F₃) = (K₀, K₁, r² K₂, r K₃) from the running sums of {@link addCellNode}. */
function finishCellAverages(k: Float64Array, r: number, out: Float64Array): Float64Array {
  out[0] = k[0];
  out[1] = k[1];
  out[2] = r * r * k[2];
  out[3] = r * k[3];
  return out;
}

/**
 * {@link cellAveragesExact} for many r at fixed (β_c, sd, cell rule), bitwise equal to it: the u_c
 * pieces of the cell rule outside the c-window do not depend on r while r·tanh(uCut) ≤ saturation
 * (most table nodes), so their nodes, weights, tanh(u_c) and sech⁴(u_c) are computed once and
 * reused (measured: the table build, ~85 % of a mean-field solve at moderate gains, about halves).
 */
class SegmentCachedAverages {
  private readonly segments = new Map<string, { w: Float64Array; t: Float64Array; s4u: Float64Array }>();
  constructor(
    private readonly betaC: number,
    private readonly sd: number,
    private readonly cell: ResolvedLstmCellRule,
  ) {}

  evaluate(r: number, out: Float64Array): Float64Array {
    const k = new Float64Array(4);
    const add = (w: number, t: number, s4u: number) => addCellNode(k, r, w, t, s4u);
    visitLstmCellRule(
      r,
      this.betaC,
      this.sd,
      this.cell,
      (u, w) => add(w, Math.tanh(u), sech4(u)),
      (a, b, generate) => {
        const key = `${a}|${b}`;
        let seg = this.segments.get(key);
        if (!seg) {
          const us: number[] = [];
          const ws: number[] = [];
          generate((u, w) => {
            us.push(u);
            ws.push(w);
          });
          seg = { w: Float64Array.from(ws), t: Float64Array.from(us, Math.tanh), s4u: Float64Array.from(us, sech4) };
          // r-dependent pieces (saturated r without lumping) would not repeat: keep the cache small
          if (this.segments.size < 8) this.segments.set(key, seg);
        }
        for (let i = 0; i < seg.w.length; i++) add(seg.w[i], seg.t[i], seg.s4u[i]);
      },
    );
    return finishCellAverages(k, r, out);
  }
}

/**
 * Piecewise-Chebyshev table of (F₀, F₁, F₂, F₃)(ℓ), ℓ = log r, over the unit intervals that cover
 * [ℓmin, ℓmax] ∩ [ℓ_lo, ℓ_hi], with the asymptotic forms outside (see the module comment).
 * sd must be > 0 (for sd = 0 evaluate {@link cellAveragesExact} directly).
 */
export class CellTable {
  readonly nodes: number;
  readonly start: number;
  readonly intervals: number;
  /** Values: [interval][node][j], flattened. */
  private readonly values: Float64Array;
  private readonly cheb: Float64Array;
  private readonly bary: Float64Array;
  /** r → 0 limits (E tanh²(u_c), E sech⁴(u_c)): F₀ = F₁ = F₂ = r²·small[0], F₃ = r·small[1]. */
  readonly small: Float64Array;
  /** p₀, the N(β_c, sd²) density at 0: the r → ∞ forms F₀ = 1 − 2p₀/r, F₁ = F₂ = p₀I₂/r, F₃ = p₀I₀. */
  readonly p0: number;
  /** Cell-rule evaluations used to build the table. */
  readonly evaluations: number;

  constructor(logMin: number, logMax: number, readonly betaC: number, readonly sd: number, private readonly cell: ResolvedLstmCellRule, options: CellTableOptions = {}) {
    this.nodes = checkInteger('cellTable.nodes', options.nodes ?? 14, 2, 64);
    const [lo, hi] = CELL_TABLE_LOG_RANGE;
    const a = Math.max(lo, Math.min(hi, Math.floor(Math.min(logMin, logMax))));
    const b = Math.max(lo, Math.min(hi, Math.ceil(Math.max(logMin, logMax))));
    this.start = a;
    this.intervals = Math.max(1, b - a);
    const m = this.nodes;
    // Chebyshev points of the first kind on [−1, 1] and their barycentric weights
    this.cheb = new Float64Array(m);
    this.bary = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const th = ((2 * k + 1) * Math.PI) / (2 * m);
      this.cheb[k] = Math.cos(th);
      this.bary[k] = (k % 2 === 0 ? 1 : -1) * Math.sin(th);
    }
    this.values = new Float64Array(this.intervals * m * 4);
    const tmp = new Float64Array(4);
    const averager = new SegmentCachedAverages(betaC, sd, cell);
    for (let iv = 0; iv < this.intervals; iv++) {
      for (let k = 0; k < m; k++) {
        const ell = this.start + iv + 0.5 * (1 + this.cheb[k]);
        averager.evaluate(Math.exp(ell), tmp);
        this.values.set(tmp, (iv * m + k) * 4);
      }
    }
    this.evaluations = this.intervals * m;
    // r → 0 limits: E tanh²(u_c), E sech⁴(u_c)
    const rule = lstmCellRule(0, betaC, sd, cell);
    let et2 = 0;
    let es4 = 0;
    for (let k = 0; k < rule.uc.length; k++) {
      const t = Math.tanh(rule.uc[k]);
      et2 += rule.weights[k] * t * t;
      es4 += rule.weights[k] * sech4(rule.uc[k]);
    }
    this.small = Float64Array.of(et2, es4);
    this.p0 = Math.exp(-0.5 * (betaC / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
  }

  /** F₀ alone at ℓ = log r, bitwise equal to `evaluate(logR, out)[0]` (same operations and order). */
  evaluate0(logR: number): number {
    const [lo, hi] = CELL_TABLE_LOG_RANGE;
    if (logR < lo || logR === -Infinity) {
      const r = Math.exp(logR);
      return r * r * this.small[0];
    }
    if (logR > hi) {
      const ir = Number.isFinite(logR) ? Math.exp(-logR) : 0;
      return 1 - 2 * this.p0 * ir;
    }
    const iv = Math.floor(logR - this.start);
    if (iv < 0 || iv >= this.intervals) return cellAveragesExact(Math.exp(logR), this.betaC, this.sd, this.cell)[0];
    const x = 2 * (logR - this.start - iv) - 1;
    const m = this.nodes;
    const { values, cheb, bary } = this;
    let base = iv * m * 4;
    let den = 0;
    let s0 = 0;
    for (let k = 0; k < m; k++, base += 4) {
      const d = x - cheb[k];
      if (d === 0) return values[base];
      const q = bary[k] / d;
      den += q;
      s0 += q * values[base];
    }
    return s0 / den;
  }

  /** (F₀, F₁, F₂, F₃) at ℓ = log r, written into `out`. */
  evaluate(logR: number, out: Float64Array): Float64Array {
    const [lo, hi] = CELL_TABLE_LOG_RANGE;
    if (logR < lo || logR === -Infinity) {
      const r = Math.exp(logR);
      const r2 = r * r;
      out[0] = r2 * this.small[0];
      out[1] = r2 * this.small[0];
      out[2] = r2 * this.small[0];
      out[3] = r * this.small[1];
      return out;
    }
    if (logR > hi) {
      const ir = Number.isFinite(logR) ? Math.exp(-logR) : 0;
      out[0] = 1 - 2 * this.p0 * ir;
      out[1] = this.p0 * I2_SECH4 * ir;
      out[2] = this.p0 * I2_SECH4 * ir;
      out[3] = this.p0 * I0_SECH4;
      return out;
    }
    const iv = Math.floor(logR - this.start);
    if (iv < 0 || iv >= this.intervals) {
      // outside the built range (callers build it to cover their grid): exact evaluation
      return cellAveragesExact(Math.exp(logR), this.betaC, this.sd, this.cell, out);
    }
    const x = 2 * (logR - this.start - iv) - 1;
    const m = this.nodes;
    const { values, cheb, bary } = this;
    // barycentric formula, the four components unrolled (same operations and order as a j-loop;
    // this is the innermost loop of the mean field, ~10⁵–10⁶ calls per evaluation at large gains)
    let base = iv * m * 4;
    let den = 0;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < m; k++, base += 4) {
      const d = x - cheb[k];
      if (d === 0) {
        out[0] = values[base];
        out[1] = values[base + 1];
        out[2] = values[base + 2];
        out[3] = values[base + 3];
        return out;
      }
      const q = bary[k] / d;
      den += q;
      s0 += q * values[base];
      s1 += q * values[base + 1];
      s2 += q * values[base + 2];
      s3 += q * values[base + 3];
    }
    out[0] = s0 / den;
    out[1] = s1 / den;
    out[2] = s2 / den;
    out[3] = s3 / den;
    return out;
  }
}
