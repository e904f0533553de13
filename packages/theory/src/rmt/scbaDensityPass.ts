/**
 * The two hot loops of the SCBA density grid at ε = 0 ([GRU-SCBA-3], [GRU-SCBA-5], [NUM-9]): an
 * F-only pass and one fused pass for the Jacobian and the analytic density ρ = (1/π) Re ∂G/∂λ̄.
 *
 * At ε = 0 the equations of `scbaEquations.ts` simplify (g = g_h², σ = σ_{U_r}², t1 = σ b₂ and
 * σb₁ are site independent; gl² = g l², gρ² = g ρ², gd² = g d² are precomputed per site):
 * ```
 * τ0 = gl² a₂,  κ33 = gd² a₁,  κ22 = gρ² a₁ + σb₁,  D = σb₁ κ33,  P = 1 + t1 κ33,  u = κ22 + t1 D
 * det = |w|² P + τ0 u,   n0 = l² u,   n1 = τ0 D + κ33 |w|²,   n2 = ρ² τ0 + t1 d² (τ0 σb₁ + |w|²),   n3 = τ0 P
 * ∂det/∂a₁ = t1 (|w|² gd² + τ0 σb₁ gd²) + τ0 gρ²,  ∂det/∂b₁ = σ τ0 P,  ∂det/∂a₂ = gl² u,  ∂det/∂b₂ = σ n1
 * ```
 * F_k = ⟨n_k/det⟩ and J_km = ⟨(∂n_k/∂x_m − n_k ∂det/∂x_m/det)/det⟩. Why a separate, specialised pass:
 * the grid solver (`scbaGridSolver.ts`) converges x with cheap F-only passes and needs J only at the
 * solution, together with the density terms, so fusing them (shared per-site quantities, constant
 * factors σ, 2, 2·li, −li applied after the loop, sites grouped by s, see `GaugeCtx`) makes
 * that pass cheaper than the Jacobian pass of `evalMap` alone. Row 2 of J (the a₂ equation) and the a₂ components of ∂F/∂λ are
 * not computed (left 0): at ε = 0 the solver and the density replace that row by the gauge row
 * d(a₁ − a₂) = 0 (the a₂ equation is implied by the trace identity, see `scba.ts`); F_a₂ itself is
 * obtained from that identity (exact at ε = 0), not summed. Results equal `evalMap` /
 * `evalDensityTerms` at ε = 0 up to rounding, not bit for bit.
 *
 * The a₁-column of J and the a₁-components of ∇G are not summed either: at ε = 0 the scale symmetry
 * F(c a₁, c b₁, a₂/c, b₂/c) = (c F₀, c F₁, F₂/c, F₃/c) and the invariance of G give, for every x,
 * J (a₁, b₁, −a₂, −b₂)ᵀ = (F₀, F₁, −F₂, −F₃)ᵀ and ∇G · (a₁, b₁, −a₂, −b₂) = 0, which are solved for
 * those entries (a₁ > 0 in the bulk; these were the costliest sums, ~20% of the pass).
 *
 * Three more sums coincide identically and are not summed twice: ∂G/∂x's e₁ = −(P/det)² t0 equals
 * fw₃ = −(P/det) n3/det, e₃ = (k33 − P n1/det)/det equals fw₁, and J's j₁₅ = Σ(t0 k33 − n3 n1/det)/det
 * equals j₅ = Σ t0 fw₁ (n3 = t0 P); so ∇G's b₁ and b₂ components reuse the sums of ∂F_b₂/∂λ and
 * ∂F_b₁/∂λ.
 *
 * @module
 */
import type { Ctx } from './scbaEquations.js';

/**
 * Site arrays with the constant g folded in (see the module comment), sorted by s (stable) and
 * grouped: sites start[a] … start[a + 1] − 1 share s = gs[a], hence w = λ + s, so |w|² is computed
 * once per group and the wr-weighted sums of the density are formed per group (Σ wr f = wr Σ f).
 * Tensor rules have few distinct s (40 ξ-nodes by default).
 */
export interface GaugeCtx {
  n: number;
  w: Float64Array;
  l2: Float64Array;
  gl2: Float64Array;
  gr2: Float64Array;
  gd2: Float64Array;
  sg: number;
  /** g = g_h² (for the trace identity). */
  g: number;
  /** Distinct s values (ascending) and group offsets (length groups + 1). */
  gs: Float64Array;
  start: Int32Array;
}

/**
 * Precompute g l², g ρ², g d², sorted and grouped by s, from a context of `scbaEquations.ts`. Sites
 * with identical (s, l², ρ², d²) — the only site data the equations see — are merged (weights
 * summed): e.g. the ±η node pairs of a symmetric η-rule at β_h = 0, which halves the default
 * 20 480-site GRU rule to 10 240. Only the summation order changes (rounding).
 */
export function gaugeCtx(c: Ctx): GaugeCtx {
  const order = Array.from({ length: c.n }, (_, i) => i).sort((i, j) => c.s[i] - c.s[j] || i - j);
  const gs: number[] = [];
  const start: number[] = [];
  const w: number[] = [];
  const l2: number[] = [];
  const r2: number[] = [];
  const d2: number[] = [];
  for (let k = 0; k < order.length; ) {
    const v = c.s[order[k]];
    let e = k;
    while (e < order.length && c.s[order[e]] === v) e++;
    gs.push(v);
    start.push(w.length);
    const m = mergeIdentical(order.slice(k, e), c.w, c.l2, c.r2, c.d2);
    for (let j = 0; j < m.w.length; j++) {
      w.push(m.w[j]);
      l2.push(m.x[j]);
      r2.push(m.r2[j]);
      d2.push(m.d2[j]);
    }
    k = e;
  }
  start.push(w.length);
  const g = c.g;
  return {
    n: w.length,
    w: Float64Array.from(w),
    l2: Float64Array.from(l2),
    gl2: Float64Array.from(l2, (v) => g * v),
    gr2: Float64Array.from(r2, (v) => g * v),
    gd2: Float64Array.from(d2, (v) => g * v),
    sg: c.sg,
    g,
    gs: Float64Array.from(gs),
    start: Int32Array.from(start),
  };
}

/**
 * Merge the entries `idx` of a site sample with identical (x, ρ², d²) (weights summed), in
 * first-seen order: x = l² within one s-group here, x = l²/s² for the items of a tensor rule.
 */
export function mergeIdentical(idx: readonly number[], w: ArrayLike<number>, x: ArrayLike<number>, r2: ArrayLike<number>, d2: ArrayLike<number>): { w: number[]; x: number[]; r2: number[]; d2: number[] } {
  const seen = new Map<string, number>();
  const out = { w: [] as number[], x: [] as number[], r2: [] as number[], d2: [] as number[] };
  for (const i of idx) {
    const key = `${x[i]},${r2[i]},${d2[i]}`;
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, out.w.length);
      out.w.push(w[i]);
      out.x.push(x[i]);
      out.r2.push(r2[i]);
      out.d2.push(d2[i]);
    } else out.w[at] += w[i];
  }
  return out;
}

/**
 * F_a₂ from the trace identity g a₂ R_a₁ + σ b₂ R_b₁ = g a₁ R_a₂ + σ b₁ R_b₂ (R = F − x, exact for all x
 * at ε = 0, see `scba.ts`), so that no pass sums F_a₂ (a₁ > 0).
 */
export function traceF2(c: { g: number; sg: number }, x: Float64Array, f0: number, f1: number, f3: number): number {
  return x[2] + (c.g * x[2] * (f0 - x[0]) + c.sg * x[3] * (f1 - x[1]) - c.sg * x[1] * (f3 - x[3])) / (c.g * x[0]);
}

/** F(x) at ε = 0 into F (one pass, module comment; F_a₂ by the trace identity). */
export function evalMapGauge(c: GaugeCtx, lr: number, li: number, x: Float64Array, F: Float64Array): void {
  const a1 = x[0];
  const a2 = x[2];
  const sb1 = c.sg * x[1];
  const t1 = c.sg * x[3];
  const { w, l2, gl2, gr2, gd2, gs, start } = c;
  const li2 = li * li;
  let f0 = 0;
  let f1 = 0;
  let f3 = 0;
  for (let a = 0; a < gs.length; a++) {
   const wr = lr + gs[a];
   const w2 = wr * wr + li2;
   const end = start[a + 1];
   for (let i = start[a]; i < end; i++) {
    const t0 = gl2[i] * a2;
    const k33 = gd2[i] * a1;
    const D = sb1 * k33;
    const P = 1 + t1 * k33;
    const u = gr2[i] * a1 + sb1 + t1 * D;
    const inv = w[i] / (w2 * P + t0 * u);
    f0 += l2[i] * u * inv;
    f1 += (t0 * D + k33 * w2) * inv;
    f3 += t0 * P * inv;
   }
  }
  F[0] = f0;
  F[1] = f1;
  F[2] = traceF2(c, x, f0, f1, f3);
  F[3] = f3;
}

/**
 * Fused pass at x, ε = 0 (module comment): F into `F`, J into `J` (row-major 4×4, row 2 = 0) and
 * into `out` (length 18, the layout of `evalDensityTerms`: ∂F/∂x_λ, ∂F/∂y_λ (a₂ entries 0),
 * ∂ReG/∂x_λ, ∂ImG/∂y_λ, ∇_x ReG, ∇_x ImG).
 */
export function evalGaugeJacobianAndDensity(c: GaugeCtx, lr: number, li: number, x: Float64Array, J: Float64Array, out: Float64Array, F: Float64Array): void {
  const a1 = x[0];
  const a2 = x[2];
  const sg = c.sg;
  const sb1 = sg * x[1];
  const t1 = sg * x[3];
  const { w, l2: L2, gl2: GL2, gr2: GR2, gd2: GD2, gs, start } = c;
  const li2 = li * li;
  let f0 = 0, f1 = 0, f3 = 0;
  let j1 = 0, j2 = 0, j3 = 0, j5 = 0, j6 = 0, j7 = 0;
  let j13 = 0, j14 = 0;
  let fx0 = 0, fx1 = 0, fx3 = 0; // Σ wr fw_k (× 2 after the loop)
  let fy0 = 0, fy1 = 0, fy3 = 0; // Σ fw_k (× 2 li after the loop)
  let gp = 0; // Σ inv P
  let gq = 0; // Σ inv P Pd
  let gw = 0; // Σ inv P Pd wr²   (∂ReG/∂x = gp − 2 gw, ∂ImG/∂y = −gp + 2 li² gq)
  let ga2 = 0; // Σ wr e₂ (e₁ = fw₃ and e₃ = fw₁ identically: their sums are fx, fy)
  let gb2 = 0; // Σ e₂ (× −li after the loop)
  for (let a = 0; a < gs.length; a++) {
   const wr = lr + gs[a];
   const w2 = wr * wr + li2;
   let h0 = 0, h1 = 0, h3 = 0; // group sums of fw_k
   let e2s = 0; // group sum of e₂
   let hq = 0; // group sum of inv P Pd
   const end = start[a + 1];
   for (let i = start[a]; i < end; i++) {
    const l2 = L2[i];
    const gl2 = GL2[i];
    const gd2 = GD2[i];
    const gr2 = GR2[i];
    const t0 = gl2 * a2;
    const k33 = gd2 * a1;
    const D = sb1 * k33;
    const P = 1 + t1 * k33;
    const u = gr2 * a1 + sb1 + t1 * D;
    const det = w2 * P + t0 * u;
    const rd = 1 / det;
    const inv = w[i] * rd;
    const n0 = l2 * u;
    const n1 = t0 * D + k33 * w2;
    const n3 = t0 * P;
    f0 += n0 * inv;
    f1 += n1 * inv;
    f3 += n3 * inv;
    const q0 = n0 * rd;
    const q1 = n1 * rd;
    const q3 = n3 * rd;
    const Pd = P * rd;
    const iP = inv * P;
    const dd2 = gl2 * u;
    const fw0 = -iP * q0;
    const fw1 = inv * (k33 - q1 * P);
    const fw3 = -iP * q3;
    j1 += iP * l2 + t0 * fw0; // × σ
    j2 -= inv * q0 * dd2;
    j3 += inv * (l2 * D - q0 * n1); // × σ
    j5 += t0 * fw1; // × σ
    j6 += inv * (gl2 * D - q1 * dd2);
    j7 -= inv * q1 * n1; // × σ
    j13 += t0 * fw3; // × σ
    j14 += inv * (gl2 * P - q3 * dd2);
    h0 += fw0;
    h1 += fw1;
    h3 += fw3;
    const iPP = iP * Pd;
    gp += iP;
    hq += iPP;
    e2s -= inv * Pd * dd2;
   }
   fx0 += wr * h0;
   fx1 += wr * h1;
   fx3 += wr * h3;
   fy0 += h0;
   fy1 += h1;
   fy3 += h3;
   gq += hq;
   gw += hq * wr * wr;
   ga2 += wr * e2s;
   gb2 += e2s;
  }
  finishFusedPass(c, li, x, { f0, f1, f3, j1, j2, j3, j5, j6, j7, j13, j14, j15: j5, fx0, fx1, fx3, fy0, fy1, fy3, gp, gq, gw, ga1: fx3, ga2, ga3: fx1, gb1: fy3, gb2, gb3: fy1 }, J, out, F);
}

/**
 * Raw sums of a fused pass over the sites (weights included), before the constant factors σ, 2, 2·li,
 * −li: F_k = Σ n_k/det (f0, f1, f3); the J entries j_m (× σ for m = 1, 3, 5, 7, 13, 15); Σ wr fw_k
 * (fx) and Σ fw_k (fy) with fw_k = ∂(n_k/det)/∂|w|² · det-weighted as in `evalGaugeJacobianAndDensity`;
 * gp = Σ P/det, gq = Σ P²/det², gw = Σ wr² P²/det²; the ∇G sums Σ wr e_m (ga) and Σ e_m (gb).
 */
export interface FusedSums {
  f0: number; f1: number; f3: number;
  j1: number; j2: number; j3: number; j5: number; j6: number; j7: number; j13: number; j14: number; j15: number;
  fx0: number; fx1: number; fx3: number; fy0: number; fy1: number; fy3: number;
  gp: number; gq: number; gw: number;
  ga1: number; ga2: number; ga3: number; gb1: number; gb2: number; gb3: number;
}

/**
 * The common end of every fused pass: F (F_a₂ by the trace identity), J (row 2 = 0; the a₁ column
 * from the scale symmetry) and the 18 density terms (∇G's a₁ components from the invariance of G),
 * from the raw sums (module comment).
 */
export function finishFusedPass(c: { g: number; sg: number }, li: number, x: Float64Array, s: FusedSums, J: Float64Array, out: Float64Array, F: Float64Array): void {
  const { f0, f1, f3 } = s;
  const sg = c.sg;
  const a1 = x[0];
  const a2 = x[2];
  F[0] = f0;
  F[1] = f1;
  F[2] = traceF2(c, x, f0, f1, f3);
  F[3] = f3;
  // column a₁ from the scale symmetry (module comment): J (a₁, b₁, −a₂, −b₂)ᵀ = (F₀, F₁, −F₂, −F₃)ᵀ
  const b1 = x[1];
  const b2 = x[3];
  J[1] = sg * s.j1; J[2] = s.j2; J[3] = sg * s.j3;
  J[5] = sg * s.j5; J[6] = s.j6; J[7] = sg * s.j7;
  J[8] = 0; J[9] = 0; J[10] = 0; J[11] = 0;
  J[13] = sg * s.j13; J[14] = s.j14; J[15] = sg * s.j15;
  J[0] = (f0 - J[1] * b1 + J[2] * a2 + J[3] * b2) / a1;
  J[4] = (f1 - J[5] * b1 + J[6] * a2 + J[7] * b2) / a1;
  J[12] = (-f3 - J[13] * b1 + J[14] * a2 + J[15] * b2) / a1;
  const l2i = 2 * li;
  out[0] = 2 * s.fx0; out[1] = 2 * s.fx1; out[2] = 0; out[3] = 2 * s.fx3;
  out[4] = l2i * s.fy0; out[5] = l2i * s.fy1; out[6] = 0; out[7] = l2i * s.fy3;
  out[8] = s.gp - 2 * s.gw;
  out[9] = -s.gp + 2 * li * li * s.gq;
  // ∇G from the invariance of G under the same symmetry: ∇G · (a₁, b₁, −a₂, −b₂) = 0
  out[11] = sg * s.ga1; out[12] = s.ga2; out[13] = sg * s.ga3;
  out[10] = (-out[11] * b1 + out[12] * a2 + out[13] * b2) / a1;
  out[15] = -li * sg * s.gb1; out[16] = -li * s.gb2; out[17] = -li * sg * s.gb3;
  out[14] = (-out[15] * b1 + out[16] * a2 + out[17] * b2) / a1;
}
