/**
 * The SCBA equations of [GRU-SCBA-3] on the physical sector, in real form, with their analytic
 * Jacobian: the hot loop of the solver in `scba.ts`.
 *
 * With A₁ = −i a₁, B₁ = −i b₁, A₂ = −i a₂, B₂ = −i b₂ (a, b ≥ 0; chiral symmetry), g = g_h²,
 * σ = σ_{U_r}², w = λ + s, per site:
 * ```
 * τ0 = ε + g l² a₂,   τ1 = ε + σ b₂,   κ22 = ε + g ρ² a₁ + σ b₁,   κ33 = ε + g d² a₁
 * D  = ε(ε + g a₁(ρ² + d²) + σ b₁) + σ g d² a₁ b₁            (= κ22 κ33 − κ23², expanded)
 * Q  = ε(ρ² + d²) + σ b₁ d²,   P = 1 + τ1 κ33,   det = |w|² P + τ0 κ22 + τ0 τ1 D
 * F_a₁ = ⟨l²(τ1 D + κ22)/det⟩,  F_b₁ = ⟨(τ0 D + κ33|w|²)/det⟩,
 * F_a₂ = ⟨(ρ² τ0 + τ0 τ1 Q + d² τ1 |w|²)/det⟩,  F_b₂ = ⟨τ0 P/det⟩,   G = ⟨w̄ P/det⟩
 * ```
 * These are the closed-form entries of `scbaSite.ts` restricted to imaginary order parameters;
 * every sum has terms of one sign (no cancellation). Only ρ², d², l² enter.
 *
 * @module
 */
import { InvalidParameterError } from '@gatefield/numerics';
import type { GruSites } from './siteSample.js';
import { assertColumns } from './siteSample.js';

/** Model constants of the SCBA. */
export interface ScbaParameters {
  /** g_h²: U_h has entries N(0, g_h²/N) ([G-6]). */
  gH2: number;
  /** σ²: U_r has entries N(0, σ²/N). Default 1 ([G-6]). */
  sigmaUr2?: number;
}

/** Precomputed site arrays (only squares enter the physical-sector equations). */
export interface Ctx {
  n: number;
  w: Float64Array;
  s: Float64Array;
  l2: Float64Array;
  r2: Float64Array;
  d2: Float64Array;
  g: number;
  sg: number;
  meanD2: number;
}

export function makeCtx(sites: GruSites, params: ScbaParameters): Ctx {
  assertColumns(sites, ['s', 'l', 'rho', 'd']);
  const g = params.gH2;
  const sg = params.sigmaUr2 ?? 1;
  if (!(g >= 0) || !Number.isFinite(g)) throw new InvalidParameterError('gH2', g, '[0, inf)');
  if (!(sg >= 0) || !Number.isFinite(sg)) throw new InvalidParameterError('sigmaUr2', sg, '[0, inf)');
  const n = sites.weights.length;
  const sq = (a: Float64Array) => a.map((v) => v * v);
  const d2 = sq(sites.d);
  let meanD2 = 0;
  for (let i = 0; i < n; i++) meanD2 += sites.weights[i] * d2[i];
  return { n, w: sites.weights, s: sites.s, l2: sq(sites.l), r2: sq(sites.rho), d2, g, sg, meanD2 };
}

/** Λ(λ) = g_h²⟨l²(ρ² + σ²⟨d²⟩)/|λ + s|²⟩, [GRU-RMT-3]; the bulk is Λ > 1. */
export function supportOf(c: Ctx, lr: number, li: number): number {
  let L = 0;
  for (let i = 0; i < c.n; i++) {
    const wr = lr + c.s[i];
    L += (c.w[i] * c.l2[i] * (c.r2[i] + c.sg * c.meanD2)) / (wr * wr + li * li);
  }
  return c.g * L;
}

/**
 * Λ(λ) of [GRU-RMT-3] with the sites grouped by s (tensor rules have few distinct s, e.g. 40 ξ-nodes):
 * Λ = g Σ_a K_a/|λ + s_a|², K_a = Σ_{s_i = s_a} w_i l_i²(ρ_i² + σ²⟨d²⟩). Equals `supportOf` up to
 * rounding (the summation order differs) at a cost of one division per distinct s.
 */
export function supportTable(c: Ctx): (lr: number, li: number) => number {
  const at = new Map<number, number>();
  const sv: number[] = [];
  const kv: number[] = [];
  for (let i = 0; i < c.n; i++) {
    let a = at.get(c.s[i]);
    if (a === undefined) {
      a = sv.length;
      at.set(c.s[i], a);
      sv.push(c.s[i]);
      kv.push(0);
    }
    kv[a] += c.w[i] * c.l2[i] * (c.r2[i] + c.sg * c.meanD2);
  }
  const S = Float64Array.from(sv);
  const K = Float64Array.from(kv);
  const g = c.g;
  return (lr: number, li: number) => {
    const li2 = li * li;
    let L = 0;
    for (let a = 0; a < S.length; a++) {
      const wr = lr + S[a];
      L += K[a] / (wr * wr + li2);
    }
    return g * L;
  };
}

/**
 * Evaluate F(x) (into F), optionally the Jacobian ∂F/∂x (row-major 4×4, into J) and G (into G).
 * Hot loop: scalars only; the sums are carried in local variables (one store per output at the end,
 * the same additions in the same order as accumulating into the arrays).
 */
export function evalMap(c: Ctx, lr: number, li: number, eps: number, x: Float64Array, F: Float64Array, J: Float64Array | null, G: Float64Array | null): void {
  const a1 = x[0];
  const b1 = x[1];
  const a2 = x[2];
  const b2 = x[3];
  const g = c.g;
  const sg = c.sg;
  const n = c.n;
  const cs = c.s;
  const cw = c.w;
  const cl2 = c.l2;
  const cr2 = c.r2;
  const cd2 = c.d2;
  const li2 = li * li;
  let f0 = 0;
  let f1 = 0;
  let f2 = 0;
  let f3 = 0;
  let gr = 0;
  let gi = 0;
  const wantG = G !== null;
  if (J === null) {
    for (let i = 0; i < n; i++) {
      const wr = lr + cs[i];
      const w2 = wr * wr + li2;
      const l2 = cl2[i];
      const r2 = cr2[i];
      const d2 = cd2[i];
      const t0 = eps + g * l2 * a2;
      const t1 = eps + sg * b2;
      const k22 = eps + g * r2 * a1 + sg * b1;
      const k33 = eps + g * d2 * a1;
      const D = eps * (eps + g * a1 * (r2 + d2) + sg * b1) + sg * g * d2 * a1 * b1;
      const Q = eps * (r2 + d2) + sg * b1 * d2;
      const P = 1 + t1 * k33;
      const det = w2 * P + t0 * k22 + t0 * t1 * D;
      const inv = cw[i] / det;
      f0 += l2 * (t1 * D + k22) * inv;
      f1 += (t0 * D + k33 * w2) * inv;
      f2 += (r2 * t0 + t0 * t1 * Q + d2 * t1 * w2) * inv;
      f3 += t0 * P * inv;
      if (wantG) {
        gr += wr * P * inv;
        gi -= li * P * inv;
      }
    }
  } else {
    let j0 = 0, j1 = 0, j2 = 0, j3 = 0, j4 = 0, j5 = 0, j6 = 0, j7 = 0;
    let j8 = 0, j9 = 0, j10 = 0, j11 = 0, j12 = 0, j13 = 0, j14 = 0, j15 = 0;
    for (let i = 0; i < n; i++) {
      const wr = lr + cs[i];
      const w2 = wr * wr + li2;
      const l2 = cl2[i];
      const r2 = cr2[i];
      const d2 = cd2[i];
      const t0 = eps + g * l2 * a2;
      const t1 = eps + sg * b2;
      const k22 = eps + g * r2 * a1 + sg * b1;
      const k33 = eps + g * d2 * a1;
      const D = eps * (eps + g * a1 * (r2 + d2) + sg * b1) + sg * g * d2 * a1 * b1;
      const Q = eps * (r2 + d2) + sg * b1 * d2;
      const P = 1 + t1 * k33;
      const det = w2 * P + t0 * k22 + t0 * t1 * D;
      const inv = cw[i] / det;
      const n0 = l2 * (t1 * D + k22);
      const n1 = t0 * D + k33 * w2;
      const n2 = r2 * t0 + t0 * t1 * Q + d2 * t1 * w2;
      const n3 = t0 * P;
      f0 += n0 * inv;
      f1 += n1 * inv;
      f2 += n2 * inv;
      f3 += n3 * inv;
      if (wantG) {
        gr += wr * P * inv;
        gi -= li * P * inv;
      }
      // one reciprocal instead of four divisions (2–3× faster pass; only J's last bits change, and
      // J only steers Newton steps, never the converged F = x)
      const rd = 1 / det;
      const q0 = n0 * rd;
      const q1 = n1 * rd;
      const q2 = n2 * rd;
      const q3 = n3 * rd;
      // column a1
      const Da1 = eps * g * (r2 + d2) + sg * g * d2 * b1;
      const dd0 = w2 * t1 * g * d2 + t0 * g * r2 + t0 * t1 * Da1;
      j0 += inv * (l2 * (t1 * Da1 + g * r2) - q0 * dd0);
      j4 += inv * (t0 * Da1 + g * d2 * w2 - q1 * dd0);
      j8 += inv * (-q2 * dd0);
      j12 += inv * (t0 * t1 * g * d2 - q3 * dd0);
      // column b1
      const Db1 = eps * sg + sg * g * d2 * a1;
      const dd1 = t0 * sg + t0 * t1 * Db1;
      j1 += inv * (l2 * (t1 * Db1 + sg) - q0 * dd1);
      j5 += inv * (t0 * Db1 - q1 * dd1);
      j9 += inv * (t0 * t1 * sg * d2 - q2 * dd1);
      j13 += inv * (-q3 * dd1);
      // column a2
      const T0 = g * l2;
      const dd2 = T0 * k22 + T0 * t1 * D;
      j2 += inv * (-q0 * dd2);
      j6 += inv * (T0 * D - q1 * dd2);
      j10 += inv * (r2 * T0 + T0 * t1 * Q - q2 * dd2);
      j14 += inv * (T0 * P - q3 * dd2);
      // column b2
      const dd3 = w2 * k33 * sg + t0 * sg * D;
      j3 += inv * (l2 * sg * D - q0 * dd3);
      j7 += inv * (-q1 * dd3);
      j11 += inv * (t0 * sg * Q + d2 * sg * w2 - q2 * dd3);
      j15 += inv * (t0 * k33 * sg - q3 * dd3);
    }
    J[0] = j0; J[1] = j1; J[2] = j2; J[3] = j3; J[4] = j4; J[5] = j5; J[6] = j6; J[7] = j7;
    J[8] = j8; J[9] = j9; J[10] = j10; J[11] = j11; J[12] = j12; J[13] = j13; J[14] = j14; J[15] = j15;
  }
  F[0] = f0;
  F[1] = f1;
  F[2] = f2;
  F[3] = f3;
  if (G) {
    G[0] = gr;
    G[1] = gi;
  }
}

/**
 * One pass for the analytic density ρ = (1/π) Re ∂G/∂λ̄ = (∂_x Re G − ∂_y Im G)/(2π) at a solution x
 * ([GRU-SCBA-5]), λ = x + iy: writes J = ∂F/∂x (into J, unless null: already known) and into `out` (length 18)
 * `[∂F/∂x_λ (4), ∂F/∂y_λ (4), ∂ReG/∂x_λ, ∂ImG/∂y_λ (explicit, at fixed x), ∇_x ReG (4), ∇_x ImG (4)]`.
 * λ enters each site only through w = λ + s: |w|² in det and in the numerators of F_b₁ and F_a₂,
 * and w̄ in G = ⟨w̄P/det⟩ (∂det/∂|w|² = P, ∂n₁/∂|w|² = κ33, ∂n₂/∂|w|² = d²τ1); ∇_x G uses
 * ∂P/∂a₁ = τ1 g d², ∂P/∂b₂ = σ κ33 and the ∂det/∂x of {@link evalMap}.
 */
export function evalDensityTerms(c: Ctx, lr: number, li: number, eps: number, x: Float64Array, J: Float64Array | null, out: Float64Array): void {
  if (J) evalMap(c, lr, li, eps, x, new Float64Array(4), J, null);
  const a1 = x[0];
  const b1 = x[1];
  const a2 = x[2];
  const b2 = x[3];
  const g = c.g;
  const sg = c.sg;
  const li2 = li * li;
  let fw0 = 0, fw1 = 0, fw2 = 0, fw3 = 0; // Σ inv (∂n_k/∂|w|² − q_k P), times ∂|w|²/∂(x, y) = 2(wr, li) per site
  let fx0 = 0, fx1 = 0, fx2 = 0, fx3 = 0;
  let fy0 = 0, fy1 = 0, fy2 = 0, fy3 = 0;
  let grx = 0;
  let giy = 0;
  let ga0 = 0, ga1 = 0, ga2 = 0, ga3 = 0; // Σ inv (∂P/∂x_m − P dd_m/det): ∇ReG = Σ wr(…), ∇ImG = −Σ li(…)
  let gb0 = 0, gb1 = 0, gb2 = 0, gb3 = 0;
  for (let i = 0; i < c.n; i++) {
    const wr = lr + c.s[i];
    const w2 = wr * wr + li2;
    const l2 = c.l2[i];
    const r2 = c.r2[i];
    const d2 = c.d2[i];
    const t0 = eps + g * l2 * a2;
    const t1 = eps + sg * b2;
    const k22 = eps + g * r2 * a1 + sg * b1;
    const k33 = eps + g * d2 * a1;
    const D = eps * (eps + g * a1 * (r2 + d2) + sg * b1) + sg * g * d2 * a1 * b1;
    const Q = eps * (r2 + d2) + sg * b1 * d2;
    const P = 1 + t1 * k33;
    const det = w2 * P + t0 * k22 + t0 * t1 * D;
    const inv = c.w[i] / det;
    const Pd = P / det;
    const n0 = l2 * (t1 * D + k22);
    const n1 = t0 * D + k33 * w2;
    const n2 = r2 * t0 + t0 * t1 * Q + d2 * t1 * w2;
    const n3 = t0 * P;
    fw0 = inv * (-n0 * Pd);
    fw1 = inv * (k33 - n1 * Pd);
    fw2 = inv * (d2 * t1 - n2 * Pd);
    fw3 = inv * (-n3 * Pd);
    fx0 += 2 * wr * fw0;
    fx1 += 2 * wr * fw1;
    fx2 += 2 * wr * fw2;
    fx3 += 2 * wr * fw3;
    fy0 += 2 * li * fw0;
    fy1 += 2 * li * fw1;
    fy2 += 2 * li * fw2;
    fy3 += 2 * li * fw3;
    // G = Σ w (wr − i li) P/det, ∂det/∂wr = 2 wr P, ∂det/∂li = 2 li P
    grx += inv * P * (1 - 2 * wr * wr * Pd);
    giy -= inv * P * (1 - 2 * li2 * Pd);
    const Da1 = eps * g * (r2 + d2) + sg * g * d2 * b1;
    const dd0 = w2 * t1 * g * d2 + t0 * g * r2 + t0 * t1 * Da1;
    const Db1 = eps * sg + sg * g * d2 * a1;
    const dd1 = t0 * sg + t0 * t1 * Db1;
    const T0 = g * l2;
    const dd2 = T0 * k22 + T0 * t1 * D;
    const dd3 = w2 * k33 * sg + t0 * sg * D;
    const e0 = inv * (t1 * g * d2 - Pd * dd0);
    const e1 = inv * (-Pd * dd1);
    const e2 = inv * (-Pd * dd2);
    const e3 = inv * (sg * k33 - Pd * dd3);
    ga0 += wr * e0;
    ga1 += wr * e1;
    ga2 += wr * e2;
    ga3 += wr * e3;
    gb0 -= li * e0;
    gb1 -= li * e1;
    gb2 -= li * e2;
    gb3 -= li * e3;
  }
  out[0] = fx0; out[1] = fx1; out[2] = fx2; out[3] = fx3;
  out[4] = fy0; out[5] = fy1; out[6] = fy2; out[7] = fy3;
  out[8] = grx;
  out[9] = giy;
  out[10] = ga0; out[11] = ga1; out[12] = ga2; out[13] = ga3;
  out[14] = gb0; out[15] = gb1; out[16] = gb2; out[17] = gb3;
}

/** Gauge-invariant relative residual: blocks (a₁, b₁) and (a₂, b₂) scaled by their sums. */
export function residualOf(x: Float64Array, F: Float64Array): { max: number; sq: number } {
  const s1 = x[0] + x[1];
  const s2 = x[2] + x[3];
  const r = [(F[0] - x[0]) / s1, (F[1] - x[1]) / s1, (F[2] - x[2]) / s2, (F[3] - x[3]) / s2];
  let max = 0;
  let sq = 0;
  for (const v of r) {
    max = Math.max(max, Math.abs(v));
    sq += v * v;
  }
  return { max: Number.isFinite(max) ? max : Infinity, sq: Number.isFinite(sq) ? sq : Infinity };
}

/** Solve the 4×4 real system A y = b in place (partial pivoting); returns false if singular. */
export function solve4(A: Float64Array, b: Float64Array): boolean {
  for (let c = 0; c < 4; c++) {
    let p = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(A[4 * r + c]) > Math.abs(A[4 * p + c])) p = r;
    if (!(Math.abs(A[4 * p + c]) > 0)) return false;
    if (p !== c) {
      for (let j = 0; j < 4; j++) [A[4 * c + j], A[4 * p + j]] = [A[4 * p + j], A[4 * c + j]];
      [b[c], b[p]] = [b[p], b[c]];
    }
    for (let r = c + 1; r < 4; r++) {
      const f = A[4 * r + c] / A[4 * c + c];
      for (let j = c; j < 4; j++) A[4 * r + j] -= f * A[4 * c + j];
      b[r] -= f * b[c];
    }
  }
  for (let r = 3; r >= 0; r--) {
    let v = b[r];
    for (let j = r + 1; j < 4; j++) v -= A[4 * r + j] * b[j];
    b[r] = v / A[4 * r + r];
  }
  return b.every(Number.isFinite);
}

/** Rescale x along the symmetry orbit so that a₁ = a₂ (exact symmetry at ε = 0). */
export function fixGauge(x: Float64Array): void {
  if (!(x[0] > 0 && x[2] > 0)) return;
  const c = Math.sqrt(x[2] / x[0]);
  x[0] *= c;
  x[1] *= c;
  x[2] /= c;
  x[3] /= c;
}

/**
 * Squared island radius of site i: G_i[2,0] = w̄P/det = (λ̄ + s_i)/(|λ + s_i|² + r_i²) with
 * r_i² = (τ0κ22 + τ0τ1D)/P (gauge invariant; 0 outside the bulk). Used by the contour code.
 */
export function islandRadius2(c: Ctx, eps: number, i: number, x: Float64Array | undefined): number {
  if (!x || !(x[0] > 0)) return 0;
  const [a1, b1, a2, b2] = x;
  const { g, sg } = c;
  const r2 = c.r2[i];
  const d2 = c.d2[i];
  const t0 = eps + g * c.l2[i] * a2;
  const t1 = eps + sg * b2;
  const k22 = eps + g * r2 * a1 + sg * b1;
  const k33 = eps + g * d2 * a1;
  const D = eps * (eps + g * a1 * (r2 + d2) + sg * b1) + sg * g * d2 * a1 * b1;
  return (t0 * k22 + t0 * t1 * D) / (1 + t1 * k33);
}

/**
 * Replace row 2 (the a₂ equation) of a 4×4 system in x = (a₁, b₁, a₂, b₂) by the gauge condition
 * d(a₁ − a₂) = 0: at ε = 0 the a₂ equation is implied by the other three through the trace identity
 * and the scale symmetry leaves the solution a line, so the gauge a₁ = a₂ fixes the point on it
 * (module comment of `scba.ts`). The caller sets the right-hand side's entry 2.
 */
export function setGaugeRow(A: Float64Array): void {
  A[8] = 1;
  A[9] = 0;
  A[10] = -1;
  A[11] = 0;
}

const DENSITY_A = new Float64Array(16);

/**
 * ρ = (1/π) Re ∂G/∂λ̄ ([GRU-SCBA-5]) by implicit differentiation of G(λ, x(λ)): the tangents
 * (I − J) ∂x/∂Re λ = ∂F/∂Re λ and (I − J) ∂x/∂Im λ = ∂F/∂Im λ into `tx`, `ty` (J = ∂F/∂x, the
 * explicit derivatives in `t`, layout of {@link evalDensityTerms}); with `gauge` (ε = 0 in the bulk)
 * the a₂ row is replaced by d(a₁ − a₂) = 0 (the a₂ equation is implied by the trace identity and G
 * is gauge invariant). Then ∂G/∂λ̄ = ½(∂G/∂Re λ + i ∂G/∂Im λ), so
 * ρ = (∂ReG/∂Re λ − ∂ImG/∂Im λ)/(2π) with the chain rule through x. Returns NaN if I − J is singular.
 */
export function densityFromTerms(J: Float64Array, t: Float64Array, gauge: boolean, tx: Float64Array, ty: Float64Array): number {
  const A = DENSITY_A;
  const tangent = (off: number, b: Float64Array): boolean => {
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < 4; j++) A[4 * k + j] = (k === j ? 1 : 0) - J[4 * k + j];
      b[k] = t[off + k];
    }
    if (gauge) {
      setGaugeRow(A);
      b[2] = 0;
    }
    return solve4(A, b);
  };
  if (!tangent(0, tx) || !tangent(4, ty)) return NaN;
  let dGr = t[8];
  let dGi = t[9];
  for (let m = 0; m < 4; m++) {
    dGr += t[10 + m] * tx[m];
    dGi += t[14 + m] * ty[m];
  }
  return (dGr - dGi) / (2 * Math.PI);
}
