/**
 * The ε = 0 passes of the SCBA ([GRU-SCBA-3], [GRU-SCBA-4], [GRU-SCBA-5], [NUM-9]) for
 * tensor-product site rules: the same F, J, G and density terms as `scbaDensityPass.ts` and
 * `evalMap`, with the sum over sites split into a sum over the update-rate nodes ξ (s, weight W)
 * and a sum over the other nodes j (φ′², ρ², d², weight v). Used by the density grid and by every
 * solve of `scba.ts` (`ScbaOptions.tensorPasses`, `scbaPasses`).
 *
 * Why it is exact: with l² = s² q (q = φ′²(η), [GRU-J-2]) every per-site quantity of the module
 * comment of `scbaDensityPass.ts` separates. With p = g q, T = p a₂, k = κ33 = g d² a₁, D = σb₁ k,
 * P = 1 + t1 k, u = g ρ² a₁ + σb₁ + t1 D (functions of j only) and |w|² = (Re λ + s)² + (Im λ)²,
 * s² (functions of ξ only):
 * ```
 * det = |w|² P + s² T u = P (|w|² + s² R_j),   R_j = T u / P,   e = 1/(|w|² + s² R_j)
 * n0 = s² q u,   n1 = s² T D + k |w|²,   n3 = s² T P,   1/det = e/P
 * ```
 * so every sum of the fused pass is Σ_j v_j c_j(x) · M_j with M_j one of eight summed moments
 * Σ_ξ W m(ξ) e^k — m ∈ {1, s², Re w} for k = 1 and {1, s², s⁴, s² Re w, (Re w)²} for k = 2 — and five
 * more that follow from |w|² e = 1 − s² R e (the term-by-term derivation is in the comment of
 * {@link evalTensorJacobianAndDensity}); the F-only pass needs one (Σ W s² e). These are pole sums
 * in the shifts R_j (numerics `poleSumsWorkspace`: a WebAssembly SIMD kernel, two j per lane pair):
 * per pair (ξ, j) one division and one (F-only) or eight (fused) multiply-adds, instead of ~20 and
 * ~70 flops per site for the grouped passes; the j coefficients are formed once per j, not once per
 * site. P ≥ 1 (t1, k ≥ 0), so 1/P is safe. Measured on the 40 × 256 default GRU rule: 7 µs per
 * F-only and 29 µs per fused kernel call, against 57 and 231 µs for the grouped passes.
 *
 * A site sample is used in this form when {@link tensorGaugeCtx} recognises it: after grouping by s
 * (as `gaugeCtx`) every group lists the same items (l²/s², ρ², d²) with the same relative weights,
 * up to rounding (relative tolerance {@link TENSOR_TOLERANCE}); the values of one group are used
 * for all. A group may hold several ξ-nodes with the same s (saturated gates), as consecutive blocks. `gruQuadratureSites` and `gruMapSites` are tensor rules; empirical sites are not (the
 * grouped passes of `scbaDensityPass.ts` then run). Results equal the grouped passes up to rounding.
 *
 * @module
 */
import { type PoleSumsWorkspace, poleSumsWorkspace } from '@gatefield/numerics';
import type { Ctx } from './scbaEquations.js';
import { finishFusedPass, mergeIdentical, traceF2 } from './scbaDensityPass.js';

/**
 * Relative tolerance to which two s-groups must agree to be treated as one tensor factor. Why 1e-13:
 * l²/s² of a tensor rule carries the rounding of l = s φ′, of the squares and of the quotient (a few
 * ulps, ≲ 1e-15), and the relative weights that of one product and one sum; 100 times that leaves
 * margin, while a sample that agrees only to 1e-13 changes no result by more than that.
 */
export const TENSOR_TOLERANCE = 1e-13;

/**
 * A pole-sum workspace over the ξ-nodes (numerics `poleSumsWorkspace`: a = |w|², b = s², shifts
 * R_j) with its columns W·wr^i·(s²)^k, each given as [i, k] (wr = Re λ + s): C₁ (simple poles) then
 * C₂ (double poles). Columns with i = 0 do not depend on λ and are written once; a and the others
 * are rewritten when λ changes (`lr`, `li`: the λ they hold, NaN before the first use).
 */
export interface XiSums {
  ws: PoleSumsWorkspace;
  cols1: readonly (readonly [number, number])[];
  cols2: readonly (readonly [number, number])[];
  lr: number;
  li: number;
}

/** The workspace of {@link XiSums} for the given columns, with b and the λ-independent columns set. */
function xiSums(nXi: number, nJ: number, s2: Float64Array, W: Float64Array, cols1: XiSums['cols1'], cols2: XiSums['cols2']): XiSums {
  const ws = poleSumsWorkspace(nXi, nJ, cols1.length, cols2.length);
  ws.b.set(s2);
  const sums: XiSums = { ws, cols1, cols2, lr: NaN, li: NaN };
  writeColumns(sums, s2, W, null, false);
  return sums;
}

/**
 * Write the columns W·wr^i·(s²)^k of `sums` (the λ-dependent ones, i > 0, if `moving`, else the
 * others), multiplying in the order W, wr…, s²… .
 */
function writeColumns(sums: XiSums, s2: Float64Array, W: Float64Array, wr: Float64Array | null, moving: boolean): void {
  for (const [cols, out] of [[sums.cols1, sums.ws.c1], [sums.cols2, sums.ws.c2]] as const) {
    const m = cols.length;
    for (let c = 0; c < m; c++) {
      const [i, k] = cols[c];
      if ((i > 0) !== moving) continue;
      for (let a = 0; a < W.length; a++) {
        let v = W[a];
        for (let e = 0; e < i; e++) v *= (wr as Float64Array)[a];
        for (let e = 0; e < k; e++) v *= s2[a];
        out[m * a + c] = v;
      }
    }
  }
}

/** Bring the workspace to λ: a = |w|² and the λ-dependent columns (nothing if it already holds λ). */
function atLambda(c: TensorGaugeCtx, sums: XiSums, lr: number, li: number): PoleSumsWorkspace {
  if (sums.lr === lr && sums.li === li) return sums.ws;
  const { s, wr } = c;
  const li2 = li * li;
  for (let a = 0; a < c.nXi; a++) {
    wr[a] = lr + s[a];
    sums.ws.a[a] = wr[a] * wr[a] + li2;
  }
  writeColumns(sums, c.s2, c.W, wr, true);
  sums.lr = lr;
  sums.li = li;
  return sums.ws;
}

/** A site sample factored as ξ-nodes × j-items (module comment), with scratch for one λ. */
export interface TensorGaugeCtx {
  /** ξ-nodes: distinct s (ascending), s² and total weight W per node. */
  nXi: number;
  s: Float64Array;
  s2: Float64Array;
  W: Float64Array;
  /** Σ W (the total weight). */
  wSum: number;
  /** j-items (identical items merged): weight v (Σ v = 1), q = l²/s², g q, g ρ², g d². */
  nJ: number;
  v: Float64Array;
  q: Float64Array;
  p: Float64Array;
  gr2: Float64Array;
  gd2: Float64Array;
  g: number;
  sg: number;
  /** Scratch: Re λ + s per ξ-node. */
  wr: Float64Array;
  /** Pole sums over the ξ-nodes for the F-only pass, the fused pass and G ({@link XiSums}). */
  mapSums: XiSums;
  fusedSums: XiSums;
  greenSums: XiSums;
}

/**
 * Factor the sites of a context as ξ-nodes × j-items (module comment), or return null if they are
 * not a tensor rule (different group sizes, items, or relative weights beyond {@link TENSOR_TOLERANCE};
 * s = 0).
 */
export function tensorGaugeCtx(c: Ctx): TensorGaugeCtx | null {
  const tolerance = TENSOR_TOLERANCE;
  if (c.n === 0) return null;
  const order = Array.from({ length: c.n }, (_, i) => i).sort((i, j) => c.s[i] - c.s[j] || i - j);
  const groups: number[][] = [];
  for (const i of order) {
    if (!(c.s[i] > 0)) return null;
    if (groups.length === 0 || c.s[i] !== c.s[groups[groups.length - 1][0]]) groups.push([]);
    groups[groups.length - 1].push(i);
  }
  // a group may hold several ξ-nodes with the same s (saturated gates): blocks of m consecutive sites
  const m = Math.min(...groups.map((grp) => grp.length));
  const ref = groups.find((grp) => grp.length === m) as number[];
  const near = (a: number, b: number) => Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  const W = new Float64Array(groups.length);
  const s2r = c.s[ref[0]] * c.s[ref[0]];
  let tot0 = 0;
  for (const i of ref) tot0 += c.w[i];
  if (!(tot0 > 0)) return null;
  const refQ = Float64Array.from(ref, (i) => c.l2[i] / s2r);
  const refV = Float64Array.from(ref, (i) => c.w[i] / tot0);
  for (let a = 0; a < groups.length; a++) {
    const grp = groups[a];
    if (grp.length % m !== 0) return null;
    const s2 = c.s[grp[0]] * c.s[grp[0]];
    for (let b = 0; b < grp.length; b += m) {
      let tot = 0;
      for (let k = 0; k < m; k++) tot += c.w[grp[b + k]];
      if (!(tot > 0)) return null;
      W[a] += tot;
      for (let k = 0; k < m; k++) {
        const i = grp[b + k];
        const r = ref[k];
        if (!near(c.l2[i] / s2, refQ[k]) || !near(c.w[i] / tot, refV[k]) || !near(c.r2[i], c.r2[r]) || !near(c.d2[i], c.d2[r])) return null;
      }
    }
  }
  // merge identical items of the reference group (e.g. ±η at β_h = 0)
  const k0 = Array.from({ length: m }, (_, k) => k);
  const { w: v, x: q, r2, d2 } = mergeIdentical(k0, refV, refQ, Float64Array.from(ref, (i) => c.r2[i]), Float64Array.from(ref, (i) => c.d2[i]));
  const g = c.g;
  const s = Float64Array.from(groups, (grp) => c.s[grp[0]]);
  const s2 = s.map((x) => x * x);
  const nXi = groups.length;
  return {
    nXi,
    s,
    s2,
    W,
    wSum: W.reduce((a, b) => a + b, 0),
    nJ: v.length,
    v: Float64Array.from(v),
    q: Float64Array.from(q),
    p: Float64Array.from(q, (x) => g * x),
    gr2: Float64Array.from(r2, (x) => g * x),
    gd2: Float64Array.from(d2, (x) => g * x),
    g,
    sg: c.sg,
    wr: new Float64Array(nXi),
    // F-only: W s²; fused: C₁ = [W, W s², W wr], C₂ = [W, W s², W s⁴, W wr s², W wr²]; G: [W, W wr]
    mapSums: xiSums(nXi, v.length, s2, W, [[0, 1]], []),
    fusedSums: xiSums(nXi, v.length, s2, W, [[0, 0], [0, 1], [1, 0]], [[0, 0], [0, 1], [0, 2], [1, 1], [2, 0]]),
    greenSums: xiSums(nXi, v.length, s2, W, [[0, 0], [1, 0]], []),
  };
}

/**
 * G = ⟨w̄ P/det⟩ at x, ε = 0 ([GRU-SCBA-4]) into G = [Re G, Im G]: with P/det = e,
 * Re G = Σ_j v_j Σ_ξ W wr e and Im G = −Im λ Σ_j v_j Σ_ξ W e. Equals the G of `evalMap` up to
 * rounding; at x = 0 (outside the bulk) R_j = 0 and G = Σ_ξ W w̄/|w|², the pole sum ⟨1/(λ + s)⟩.
 */
export function evalGreenTensor(c: TensorGaugeCtx, lr: number, li: number, x: Float64Array, G: Float64Array): void {
  const ws = atLambda(c, c.greenSums, lr, li);
  shifts(c, x, ws.r);
  ws.run();
  const M = ws.out;
  const ld = ws.ld;
  let e1 = 0;
  let x1 = 0;
  for (let j = 0; j < c.nJ; j++) {
    e1 += c.v[j] * M[j];
    x1 += c.v[j] * M[ld + j];
  }
  G[0] = x1;
  G[1] = -li * e1;
}

/** The shifts R_j = T u / P at x into `r` (module comment). */
function shifts(c: TensorGaugeCtx, x: Float64Array, r: Float64Array): void {
  const a1 = x[0];
  const a2 = x[2];
  const sb1 = c.sg * x[1];
  const t1 = c.sg * x[3];
  const { p, gr2, gd2 } = c;
  for (let j = 0; j < c.nJ; j++) {
    const k = gd2[j] * a1;
    const P = 1 + t1 * k;
    const u = gr2[j] * a1 + sb1 + t1 * (sb1 * k);
    r[j] = (p[j] * a2 * u) / P;
  }
}

/** F(x) at ε = 0 into F (module comment; F_a₂ by the trace identity). Equals `evalMapGauge` up to rounding. */
export function evalMapTensor(c: TensorGaugeCtx, lr: number, li: number, x: Float64Array, F: Float64Array): void {
  const ws = atLambda(c, c.mapSums, lr, li);
  shifts(c, x, ws.r);
  ws.run();
  const es = ws.out; // Σ W s² e per j
  const a1 = x[0];
  const a2 = x[2];
  const sb1 = c.sg * x[1];
  const t1 = c.sg * x[3];
  const { v, q, p, gr2, gd2, wSum } = c;
  const R = ws.r;
  let f0 = 0;
  let f1 = 0;
  let f3 = 0;
  for (let j = 0; j < c.nJ; j++) {
    const T = p[j] * a2;
    const k = gd2[j] * a1;
    const D = sb1 * k;
    const P = 1 + t1 * k;
    const u = gr2[j] * a1 + sb1 + t1 * D;
    const Es = es[j];
    const Ew = wSum - R[j] * Es; // Σ W |w|² e, since |w|² e = 1 − s² R e
    const vP = v[j] / P;
    f0 += vP * q[j] * u * Es;
    f1 += vP * (T * D * Es + k * Ew);
    f3 += v[j] * T * Es;
  }
  F[0] = f0;
  F[1] = f1;
  F[2] = traceF2(c, x, f0, f1, f3);
  F[3] = f3;
}

/**
 * Fused pass at x, ε = 0: F, J (row 2 = 0) and the 18 density terms, as
 * `evalGaugeJacobianAndDensity` (same layout), from eight ξ-moments per j-item (module comment),
 * the |w|² moments by |w|² e = 1 − s² R e (E_w = ΣW − R E_s, Q_w = E₁ − R Q_s, Q_sw = E_s − R Q_ss,
 * Q_ww = E_w − R Q_sw, X_w = X₁ − R X_s; rounding-level differences from direct sums, checked against
 * the grouped passes in the tests). With iP = 1/P, B₁ = T D, N₀ = q u and the moments named by
 * their monomial (E: e, Q: e², X: Re w ·):
 * F₀ = Σ v N₀ iP E_s, F₁ = Σ v iP (B₁ E_s + k E_w), F₃ = Σ v T E_s;
 * j₁ = Σ v (q E_s − T N₀ iP Q_ss), j₂ = −Σ v N₀ p u iP² Q_ss,
 * j₃ = Σ v (q D iP E_s − N₀ iP² (B₁ Q_ss + k Q_sw)), j₅ = j₁₅ = Σ v T iP (k E_s − B₁ Q_ss − k Q_sw),
 * j₆ = Σ v (p D iP E_s − p u iP² (B₁ Q_ss + k Q_sw)), j₇ = −Σ v iP² (B₁² Q_ss + 2B₁k Q_sw + k² Q_ww),
 * j₁₃ = −Σ v T² Q_ss, j₁₄ = Σ v (p E_s − T p u iP Q_ss);
 * Σ fw₀ = −Σ v N₀ iP Q_s, Σ fw₁ = Σ e₃ = Σ v iP (k E₁ − B₁ Q_s − k Q_w), Σ fw₃ = Σ e₁ = −Σ v T Q_s,
 * Σ e₂ = −Σ v p u iP Q_s (and the same with X for the Re w-weighted sums), gp = Σ v E₁,
 * gq = Σ v Q₁, gw = Σ v X_ww (the (Re w)² moment).
 */
export function evalTensorJacobianAndDensity(c: TensorGaugeCtx, lr: number, li: number, x: Float64Array, J: Float64Array, out: Float64Array, F: Float64Array): void {
  const ws = atLambda(c, c.fusedSums, lr, li);
  shifts(c, x, ws.r);
  ws.run();
  const M = ws.out;
  const ld = ws.ld;
  const a1 = x[0];
  const a2 = x[2];
  const sb1 = c.sg * x[1];
  const t1 = c.sg * x[3];
  const { v: V, q: Q, p: Pg, gr2, gd2, wSum } = c;
  const Rs = ws.r;
  let f0 = 0, f1 = 0, f3 = 0;
  let j1 = 0, j2 = 0, j3 = 0, j5 = 0, j6 = 0, j7 = 0, j13 = 0, j14 = 0;
  let fx0 = 0, fx1 = 0, fx3 = 0, fy0 = 0, fy1 = 0, fy3 = 0;
  let gp = 0, gq = 0, gw = 0, ga2 = 0, gb2 = 0;
  for (let j = 0; j < c.nJ; j++) {
    const q = Q[j];
    const p = Pg[j];
    const T = p * a2;
    const k = gd2[j] * a1;
    const D = sb1 * k;
    const P = 1 + t1 * k;
    const u = gr2[j] * a1 + sb1 + t1 * D;
    const R = Rs[j];
    // the eight summed moments (C₁ then C₂ columns of the workspace)
    const E1 = M[j];
    const Es = M[ld + j];
    const X1 = M[2 * ld + j];
    const Q1 = M[3 * ld + j];
    const Qs = M[4 * ld + j];
    const Qss = M[5 * ld + j];
    const Xs = M[6 * ld + j];
    const X2 = M[7 * ld + j];
    // the |w|² moments from |w|² e = 1 − s² R e
    const Ew = wSum - R * Es;
    const Qw = E1 - R * Qs;
    const Qsw = Es - R * Qss;
    const Qww = Ew - R * Qsw;
    const Xw = X1 - R * Xs;
    const v = V[j];
    const iP = 1 / P;
    const vP = v * iP;
    const vP2 = vP * iP;
    const B1 = T * D;
    const N0 = q * u;
    const pu = p * u;
    const mix = B1 * Qss + k * Qsw; // Σ W s² n1 e² (per unit v)
    f0 += vP * N0 * Es;
    f1 += vP * (B1 * Es + k * Ew);
    f3 += v * T * Es;
    j1 += v * (q * Es - T * N0 * iP * Qss);
    j2 -= vP2 * N0 * pu * Qss;
    j3 += vP * q * D * Es - vP2 * N0 * mix;
    j5 += vP * T * (k * Es - mix);
    j6 += vP * p * D * Es - vP2 * pu * mix;
    j7 -= vP2 * (B1 * B1 * Qss + 2 * B1 * k * Qsw + k * k * Qww);
    j13 -= v * T * T * Qss;
    j14 += v * p * (Es - T * u * iP * Qss);
    fy0 -= vP * N0 * Qs;
    fx0 -= vP * N0 * Xs;
    fy1 += vP * (k * E1 - B1 * Qs - k * Qw);
    fx1 += vP * (k * X1 - B1 * Xs - k * Xw);
    fy3 -= v * T * Qs;
    fx3 -= v * T * Xs;
    gp += v * E1;
    gq += v * Q1;
    gw += v * X2;
    gb2 -= vP * pu * Qs;
    ga2 -= vP * pu * Xs;
  }
  finishFusedPass(c, li, x, {
    f0, f1, f3, j1, j2, j3, j5, j6, j7, j13, j14, j15: j5,
    fx0, fx1, fx3, fy0, fy1, fy3, gp, gq, gw,
    ga1: fx3, ga2, ga3: fx1, gb1: fy3, gb2, gb3: fy1,
  }, J, out, F);
}
