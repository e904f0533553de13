/**
 * The update-gate average of the GRU support functional, summed over the gate's window
 * ([GRU-RMT-5], [NUM-2], [NUM-3]):
 *
 * ```
 * [GRU-RMT-5]  Λ(λ) = Γ² ⟨ s² / |λ + s|² ⟩_ξ,   s = σ(t),  t = a·x − b,  a = α_z√C,  b = β_z,  x ~ N(0, 1)
 * ```
 *
 * Terms are evaluated without cancellation: as 1/|1 + λ/s|² with λ/s = λ·e^{−log s} when s < 1/2
 * ([NUM-3]: the direct form is 0/0 at large α_z), and as s²/|(λ + 1) − σ(−t)|² when s ≥ 1/2 (no
 * cancellation near λ = −1).
 *
 * Window (numerics `gateWindow`, [NUM-2]): on a sharp-gate grid most nodes sit where the gate is
 * saturated, and each evaluation at a new λ used to sum all of them (4001 nodes at α_z√C ≈ 9,
 * 4·10⁵ at α_z√C ≈ 10³). Per evaluation the sum is split into
 * - the upper tail t > T₊ = 20 ln 2 + ln⁺(1/|λ + 1|), where u = 1 − s ≤ e^{−t} ≤ ρ₊·min(1, |λ+1|),
 *   ρ₊ = 2⁻²⁰. With P = |λ+1|², r = Re(λ+1), D = (r − u)² + (Im λ)²:
 *   ```
 *   s²/|λ+s|² = (1−u)²/D = (1/P)[1 + (α₁−2)u + (α₂−2α₁+1)u² + O(u³)],  α₁ = 2r/P,  α₂ = α₁² − 1/P
 *   ```
 *   summed in closed form from the suffix sums Σ w, Σ w u, Σ w u² (and likewise for the y-derivative,
 *   1/D² = (1/P²)[1 + 2α₁u + (α₁² + 2α₂)u² + …]). |α₁u| ≤ 2ρ₊ and |α₂|u² ≤ 5ρ₊², so the remainder
 *   is ≲ 20ρ₊³ ≈ 2e-17 relative to the tail; T₊ = ∞ when λ = −1 (every node summed).
 * - the lower tail t < T₋ = ln|λ| − 16 ln 2, where s ≤ e^{t} ≤ ρ₋|λ|, ρ₋ = 2⁻¹⁶:
 *   s²/|λ+s|² = (s²/M)(1 − 2 Re λ·s/M + O(ρ₋²)), M = |λ|², from the prefix sums Σ w s², Σ w s³;
 *   each term is ≤ ρ₋² and its remainder ≤ ~4ρ₋⁴ ≈ 2e-19 absolute. (When M ≤ 1e-280, i.e.
 *   |λ| ≤ 1e-140, 1/M would come within a factor 1e28 of overflow in the series: the tail below
 *   ln|λ| − 32 ln 2 is dropped instead: terms ≤ 2⁻⁶⁴.) T₋ = −∞ at λ = 0,
 *   where the average is Σ w exactly.
 * - the window T₋ ≤ t ≤ T₊, summed node by node.
 * Away from λ ∈ {0, −1} the window is ≈ −11 ≲ t ≲ 14, ≈ 25/(a·h) nodes for grid spacing h: ≈ 470 of
 * 4001 at α_z√C ≈ 9, ≈ 400 of 4·10⁵ at a ≈ 10³. Both cuts move with λ (one binary search each),
 * so the series stay within their bounds also where λ approaches −1 or 0. The windowed sums equal the
 * full ones to ~1e-15 relative (test/gruSupportWindow.test.ts); `window: false` sums every node.
 */
import { gateWindow } from '@gatefield/numerics';
import type { GaussianRule } from '@gatefield/numerics';
import { type QuadratureOptions, type ResolvedQuadrature, gateRule, resolveQuadrature } from '../quadrature.js';

/** The update-gate law entering the support: s = σ(ξ; α_z, β_z), ξ ~ N(0, C). */
export interface UpdateGateLaw {
  C: number;
  alpha_z: number;
  beta_z: number;
}

/** Precomputed site values of the update gate on a quadrature rule. */
export interface UpdateGateSites {
  weights: Float64Array;
  /** s_k */
  s: Float64Array;
  /** 1 − s_k = σ(−t_k), computed without cancellation */
  sc: Float64Array;
  /** 1/s_k (may be +Infinity), precomputed so that no exponential is taken per evaluation. */
  invS: Float64Array;
  rule: GaussianRule;
  /**
   * The gate's t_k = gain·x_k − bias on the rule's (ascending) nodes, gain ≥ 0, so that s_k is
   * nondecreasing in k. When both are present the sums run over the gate window (module comment);
   * sites built by hand without them are summed over every node. The arrays must not be modified
   * afterwards (the window's prefix sums are cached per sites object).
   */
  gain?: number;
  bias?: number;
}

/** Options of {@link updateGateSites}. */
export interface UpdateGateSiteOptions {
  /**
   * Sum over the gate window with closed-form tails (module comment). Default true; false sums every
   * node (the reference the window is tested against).
   */
  window?: boolean;
}

/** Update-gate sites on the rule chosen for its sharpness ([NUM-2], [NUM-REF-2]). */
export function updateGateSites(law: UpdateGateLaw, quadrature: QuadratureOptions | ResolvedQuadrature = {}, options: UpdateGateSiteOptions = {}): UpdateGateSites {
  const q = resolveQuadrature(quadrature);
  const sd = Math.sqrt(law.C);
  const gain = law.alpha_z * sd;
  const rule = gateRule(gain, q);
  const n = rule.size;
  const s = new Float64Array(n);
  const sc = new Float64Array(n);
  const invS = new Float64Array(n);
  // One exponential e = e^{−|t|} per node (the 4·10⁵-node grid's setup dominated the support at
  // α_z√C ≈ 10³): s, 1 − s as numerics `logistic` forms them, and 1/s = 1 + e (t ≥ 0) or (1 + e)/e
  // (t < 0; +Infinity once e underflows), without the rounding of exp(−log s).
  for (let k = 0; k < n; k++) {
    const t = gain * rule.nodes[k] - law.beta_z;
    const e = Math.exp(-Math.abs(t));
    if (t >= 0) {
      s[k] = 1 / (1 + e);
      sc[k] = e / (1 + e);
      invS[k] = 1 + e;
    } else {
      s[k] = e / (1 + e);
      sc[k] = 1 / (1 + e);
      invS[k] = (1 + e) / e;
    }
  }
  const sites: UpdateGateSites = { weights: rule.weights, s, sc, invS, rule };
  if (options.window ?? true) {
    sites.gain = gain;
    sites.bias = law.beta_z;
  }
  return sites;
}

/** Per-sites data of the windowed sums (derived once, cached). */
interface WindowData {
  gain: number;
  bias: number;
  /** w_k s_k² (the s ≥ 1/2 numerators) */
  ws2: Float64Array;
  invS: Float64Array;
  /** first node with s ≥ 1/2 */
  half: number;
  /** first node with a finite 1/s (nodes below carry exact zeros unless λ = 0) */
  finite: number;
  /** Σ w_k (the average at λ = 0, where every term is 1) */
  total: number;
  /** suffix sums Σ_{j ≥ k} w_j u_j^m, u = 1 − s, m = 0, 1, 2 (summed from the small end) */
  up0: Float64Array;
  up1: Float64Array;
  up2: Float64Array;
  /** prefix sums Σ_{j < k} w_j s_j^m, m = 2, 3 */
  lo2: Float64Array;
  lo3: Float64Array;
}

const windowCache = new WeakMap<UpdateGateSites, WindowData | null>();

function windowData(sites: UpdateGateSites): WindowData | null {
  let d = windowCache.get(sites);
  if (d !== undefined) return d;
  d = null;
  const { gain, bias, weights, s, sc, invS } = sites;
  if (gain !== undefined && bias !== undefined && gain >= 0 && Number.isFinite(gain) && Number.isFinite(bias)) {
    const n = weights.length;
    const ws2 = new Float64Array(n);
    const up0 = new Float64Array(n + 1);
    const up1 = new Float64Array(n + 1);
    const up2 = new Float64Array(n + 1);
    const lo2 = new Float64Array(n + 1);
    const lo3 = new Float64Array(n + 1);
    let half = n;
    let finite = n;
    for (let k = n - 1; k >= 0; k--) {
      const w = weights[k];
      ws2[k] = w * s[k] * s[k];
      if (s[k] >= 0.5) half = k;
      if (Number.isFinite(invS[k])) finite = k;
      const u = sc[k];
      up0[k] = up0[k + 1] + w;
      up1[k] = up1[k + 1] + w * u;
      up2[k] = up2[k + 1] + w * u * u;
    }
    for (let k = 0; k < n; k++) {
      const sk = s[k];
      lo2[k + 1] = lo2[k] + weights[k] * sk * sk;
      lo3[k + 1] = lo3[k] + weights[k] * sk * sk * sk;
    }
    d = { gain, bias, ws2, invS, half, finite: Math.min(finite, half), total: up0[0], up0, up1, up2, lo2, lo3 };
  }
  windowCache.set(sites, d);
  return d;
}

/** ρ₊ = 2⁻²⁰: upper-tail nodes have 1 − s ≤ ρ₊·min(1, |λ + 1|) (module comment). */
const LOG_RHO_UP = -20 * Math.LN2;
/** ρ₋ = 2⁻¹⁶: lower-tail nodes have s ≤ ρ₋|λ| (first-order series). */
const LOG_RHO_LO = -16 * Math.LN2;
/** ρ₋ = 2⁻³² when |λ|² ≤ 1e-280 (1/|λ|² near overflow in the series): the lower tail is dropped instead. */
const LOG_RHO_DROP = -32 * Math.LN2;

/**
 * Window [lo, hi) of the evaluation at λ = re + i·im and its tail sums (module comment). Writes
 * [lo, hi, tail of ⟨…⟩, tail of Σ w s² im²/|λ+s|⁴] into `out`.
 */
function windowAt(d: WindowData, rule: GaussianRule, re: number, im: number, rePlusOne: number, out: Float64Array): void {
  const im2 = im * im;
  const m2 = re * re + im2;
  const p2 = rePlusOne * rePlusOne + im2;
  let acc = 0;
  let dacc = 0;
  // lower tail t < T₋ = ln|λ| + ln ρ₋
  let lo = 0;
  if (m2 > 1e-280) {
    lo = Math.min(gateWindow(rule, d.gain, d.bias, -(0.5 * Math.log(m2) + LOG_RHO_LO)).lo, d.half);
    if (lo > 0) {
      // s²/|λ+s|² = (s²/M)(1 − 2 re s/M + O(ρ₋²)),  s²/|λ+s|⁴ = (s²/M²)(1 − 4 re s/M + O(ρ₋²)),  M = |λ|²
      const inv = 1 / m2;
      const p2s = d.lo2[lo];
      const p3s = d.lo3[lo];
      acc += inv * (p2s - 2 * re * inv * p3s);
      dacc += im2 * inv * inv * (p2s - 4 * re * inv * p3s);
    }
  } else if (m2 > 0 || re !== 0 || im !== 0) {
    const logAbs = Math.log(Math.hypot(re, im));
    if (Number.isFinite(logAbs)) lo = Math.min(gateWindow(rule, d.gain, d.bias, -(logAbs + LOG_RHO_DROP)).lo, d.half);
  }
  lo = Math.max(lo, d.finite);
  // upper tail t > T₊ = −ln ρ₊ + ln⁺(1/|λ + 1|)
  let hi = rule.size;
  if (p2 > 1e-280) {
    hi = Math.max(gateWindow(rule, d.gain, d.bias, -LOG_RHO_UP + Math.max(0, -0.5 * Math.log(p2))).hi, d.half, lo);
    if (hi < rule.size) {
      // u = 1 − s, P = |λ+1|², r = Re(λ+1): 1/D = (1/P)(1 + α₁u + α₂u² + O(u³)), D = (r − u)² + im²
      const inv = 1 / p2;
      const a1 = 2 * rePlusOne * inv;
      const a2 = a1 * a1 - inv;
      const w0 = d.up0[hi];
      const w1 = d.up1[hi];
      const w2 = d.up2[hi];
      acc += inv * (w0 + (a1 - 2) * w1 + (a2 - 2 * a1 + 1) * w2);
      dacc += im2 * inv * inv * (w0 + (2 * a1 - 2) * w1 + (a1 * a1 + 2 * a2 - 4 * a1 + 1) * w2);
    }
  }
  out[0] = lo;
  out[1] = hi;
  out[2] = acc;
  out[3] = dacc;
}

const scratch = new Float64Array(4);

/**
 * ⟨ s² / |λ + s|² ⟩_ξ ([GRU-RMT-5]) in the cancellation-free forms described above. `rePlusOne`
 * (= Re λ + 1) may be passed exactly when λ is within rounding of −1 (left-edge search).
 */
export function updateGateAverage(re: number, im: number, sites: UpdateGateSites, rePlusOne: number = re + 1): number {
  const d = windowData(sites);
  if (!d) return fullAverage(re, im, sites, rePlusOne);
  if (re === 0 && im === 0) return d.total;
  windowAt(d, sites.rule, re, im, rePlusOne, scratch);
  const lo = scratch[0] | 0; // small integers: keep the loop index an int
  const hi = scratch[1] | 0;
  const im2 = im * im;
  const { weights, sc } = sites;
  const { invS, ws2 } = d;
  const mid = Math.min(Math.max(d.half, lo), hi) | 0;
  // same operations, in the same order, as supportFunctionalSlope's value (bracketing consistency)
  let acc = scratch[2];
  for (let k = lo; k < mid; k++) {
    const inv = invS[k];
    const a = 1 + re * inv;
    const b = im * inv;
    const r = 1 / (a * a + b * b);
    acc += weights[k] * r;
  }
  for (let k = mid; k < hi; k++) {
    const a = rePlusOne - sc[k];
    const r = 1 / (a * a + im2);
    acc += ws2[k] * r;
  }
  return acc;
}

/** The same average over every node (sites without a gate window, and the windowed sums' reference). */
function fullAverage(re: number, im: number, sites: UpdateGateSites, rePlusOne: number): number {
  const { weights, s, sc, invS } = sites;
  let acc = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (w === 0) continue;
    let term: number;
    if (s[k] < 0.5) {
      const inv = invS[k]; // 1/s, may be +Infinity
      if (!Number.isFinite(inv)) {
        term = re === 0 && im === 0 ? 1 : 0;
      } else {
        const a = 1 + re * inv;
        const b = im * inv;
        term = 1 / (a * a + b * b);
      }
    } else {
      const a = rePlusOne - sc[k];
      term = (s[k] * s[k]) / (a * a + im * im);
    }
    acc += w * term;
  }
  return acc;
}

/** Λ(λ) = Γ² ⟨s²/|λ+s|²⟩ [GRU-RMT-5]. */
export function supportFunctional(re: number, im: number, gamma2: number, sites: UpdateGateSites): number {
  return gamma2 * updateGateAverage(re, im, sites);
}

/**
 * Λ(x + iy) − 1 and its derivative in v = log y, y ∂Λ/∂y ([GRU-RMT-5]), in one pass over the sites
 * (same cancellation-free terms and window as {@link updateGateAverage}). For a term T = 1/m (times
 * a y-independent factor) with m = a² + b², b ∝ y: y ∂T/∂y = −2T b²/m, so one division 1/m per node
 * gives both sums. Writes [Λ − 1, y ∂Λ/∂y] into `out`.
 */
export function supportFunctionalSlope(re: number, im: number, gamma2: number, sites: UpdateGateSites, out: Float64Array): void {
  const d = windowData(sites);
  if (!d) {
    fullSlope(re, im, gamma2, sites, out);
    return;
  }
  if (re === 0 && im === 0) {
    out[0] = gamma2 * d.total - 1;
    out[1] = 0;
    return;
  }
  const rePlusOne = re + 1;
  const im2 = im * im;
  windowAt(d, sites.rule, re, im, rePlusOne, scratch);
  const lo = scratch[0] | 0; // small integers: keep the loop index an int
  const hi = scratch[1] | 0;
  const { weights, sc } = sites;
  const { invS, ws2 } = d;
  const mid = Math.min(Math.max(d.half, lo), hi) | 0;
  let acc = scratch[2];
  let dacc = scratch[3];
  for (let k = lo; k < mid; k++) {
    const inv = invS[k];
    const a = 1 + re * inv;
    const b = im * inv;
    const b2 = b * b;
    const r = 1 / (a * a + b2);
    const wr = weights[k] * r;
    acc += wr;
    dacc += wr * r * b2;
  }
  for (let k = mid; k < hi; k++) {
    const a = rePlusOne - sc[k];
    const r = 1 / (a * a + im2);
    const wr = ws2[k] * r;
    acc += wr;
    dacc += wr * r * im2;
  }
  out[0] = gamma2 * acc - 1;
  out[1] = -2 * gamma2 * dacc;
}

/** {@link supportFunctionalSlope} over every node (sites without a gate window). */
function fullSlope(re: number, im: number, gamma2: number, sites: UpdateGateSites, out: Float64Array): void {
  const { weights, s, sc, invS } = sites;
  const rePlusOne = re + 1;
  const im2 = im * im;
  let acc = 0;
  let dacc = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (w === 0) continue;
    if (s[k] < 0.5) {
      const inv = invS[k];
      if (!Number.isFinite(inv)) {
        if (re === 0 && im === 0) acc += w;
        continue;
      }
      const a = 1 + re * inv;
      const b = im * inv;
      const b2 = b * b;
      const m = a * a + b2;
      const term = 1 / m;
      acc += w * term;
      dacc += w * term * (b2 / m);
    } else {
      const a = rePlusOne - sc[k];
      const m = a * a + im2;
      const term = (s[k] * s[k]) / m;
      acc += w * term;
      dacc += w * term * (im2 / m);
    }
  }
  out[0] = gamma2 * acc - 1;
  out[1] = -2 * gamma2 * dacc;
}
