/**
 * Gaussian gate moments of the gated RNN summed over the window where the gate is not saturated
 * ([NUM-2], [NUM-4]; used by [GATE-FP-1], [GATE-RMT-2], [GATE-RMT-4], [GATE-TR-2]):
 * ```
 *   ⟨σ⟩, ⟨σ²⟩, ⟨σ′²⟩   over x ~ N(0, sd²),   σ = σ(αx − β),   σ′ = α σ(t) σ(−t),  t = αx − β
 * ```
 * With a sharp gate (α·sd > 3) the rule of `quadrature.ts` is a uniform grid of up to 4·10⁵ nodes,
 * but only the window |t| ≤ tMax = 40 (`gateWindow` of @gatefield/numerics) carries information:
 * above it σ = 1 exactly in double precision (e^{−40} < 2^{−54}), so its nodes contribute their
 * total weight W₊ to ⟨σ⟩ and ⟨σ²⟩; below it σ ≤ e^{−tMax}. The dropped parts are bounded by
 * ```
 *   ⟨σ⟩: W₋ e^{−tMax},   ⟨σ²⟩: W₋ e^{−2tMax},   ⟨σ′²⟩: α² e^{−2tMax} (W₋ + W₊)
 * ```
 * (W₋ the weight below the window). A moment whose bound exceeds `Number.EPSILON` times its
 * windowed value (a transition far out in the Gaussian tail, where every moment is tiny) is summed
 * over the whole rule instead, so the windowed sums agree with the full sums to round-off in
 * relative terms, never only in absolute terms. Found investigating slow gated fixed points at
 * α_r = 10³ (every iteration summed the whole 4·10⁵-point grid twice: 0.8–2.3 s CPU per solve;
 * windowed 5–8 ms).
 *
 * @module
 */
import { type GaussianRule, GATE_WINDOW_T_MAX, gateWindow, logistic } from '@gatefield/numerics';

/** The moments of one gate and what summing them cost. */
export interface GateMomentSums {
  /** ⟨σ⟩ */
  mean: number;
  /** ⟨σ²⟩ */
  square: number;
  /** ⟨σ′²⟩, σ′ = dσ/dx = α σ(t) σ(−t) */
  primeSquare: number;
  /** Nodes at which the gate was evaluated (the rule size when a tail had to be summed). */
  evaluated: number;
  /** True when the saturated tails were replaced by their weight / bound (the fast path). */
  windowed: boolean;
}

const prefixCache = new WeakMap<GaussianRule, Float64Array>();

/** prefix[k] = Σ_{j < k} weights[j], cached per rule (the weight W₋ below a window). */
export function rulePrefixWeights(rule: GaussianRule): Float64Array {
  let s = prefixCache.get(rule);
  if (!s) {
    s = new Float64Array(rule.size + 1);
    for (let k = 0; k < rule.size; k++) s[k + 1] = s[k] + rule.weights[k];
    prefixCache.set(rule, s);
  }
  return s;
}

/**
 * ⟨σ⟩, ⟨σ²⟩, ⟨σ′²⟩ of σ(αx − β) over x = sd·ξ, ξ on `rule` (see the module comment for the window and
 * its error bound). sd ≥ 0, α ≥ 0. With `windowed: false` every node is summed (the reference the
 * identity tests compare with).
 */
export function gateMomentSums(rule: GaussianRule, sd: number, alpha: number, beta: number, windowed = true): GateMomentSums {
  const { nodes, weights } = rule;
  const n = rule.size;
  const a = alpha * sd;
  const win = windowed ? gateWindow(rule, a, beta) : { lo: 0, hi: n, weightAbove: 0 };
  // Neumaier-compensated sums (s, c): a plain sum over the 4·10⁵-node grid loses up to ~2e-13
  // relative; compensated, window and full sums both agree with the exact sum of the rule to ~1e-15.
  let m0 = 0, m1 = 0, q0 = 0, q1 = 0, p0 = 0, p1 = 0;
  const add = (lo: number, hi: number) => {
    for (let k = lo; k < hi; k++) {
      const t = alpha * (sd * nodes[k]) - beta;
      const s = logistic(t);
      const d = alpha * s * logistic(-t);
      const w = weights[k];
      let x = w * s, y = m0 + x;
      m1 += Math.abs(m0) >= Math.abs(x) ? m0 - y + x : x - y + m0;
      m0 = y;
      x = w * s * s; y = q0 + x;
      q1 += Math.abs(q0) >= Math.abs(x) ? q0 - y + x : x - y + q0;
      q0 = y;
      x = w * d * d; y = p0 + x;
      p1 += Math.abs(p0) >= Math.abs(x) ? p0 - y + x : x - y + p0;
      p0 = y;
    }
  };
  add(win.lo, win.hi);
  let mean = m0 + m1, square = q0 + q1, primeSquare = p0 + p1;
  if (win.lo === 0 && win.hi === n) return { mean, square, primeSquare, evaluated: n, windowed: false };
  const below = rulePrefixWeights(rule)[win.lo];
  const e1 = Math.exp(-GATE_WINDOW_T_MAX), e2 = e1 * e1;
  const meanW = mean + win.weightAbove, squareW = square + win.weightAbove;
  const tight = below * e1 <= Number.EPSILON * meanW && below * e2 <= Number.EPSILON * squareW && alpha * alpha * e2 * (below + win.weightAbove) <= Number.EPSILON * primeSquare;
  if (tight) return { mean: meanW, square: squareW, primeSquare, evaluated: win.hi - win.lo, windowed: true };
  // A moment too small for the bound (transition deep in the Gaussian tail): sum the tails too.
  add(0, win.lo);
  add(win.hi, n);
  mean = m0 + m1; square = q0 + q1; primeSquare = p0 + p1;
  return { mean, square, primeSquare, evaluated: n, windowed: false };
}
