/**
 * The reset-gate moments of the GRU mean field at C ([GRU-MF-2], [GRU-MF-3], [KR-12]):
 * ```
 * R₂ = ⟨σ_r²⟩,   R₂′ = dR₂/dC = ⟨σ′_r² + σ_rσ″_r⟩,   Q_r = ⟨σ′_r²⟩,   σ_r = σ(α_r√C·x − β_r), x ~ N(0, 1)
 * ```
 * summed on the gate rule of `quadrature.ts` over the gate window only, with an exponential
 * recurrence on the uniform sharp-gate grid, and memoized per (rule, α_r, β_r, √C) — the part of the
 * branch equation (`branchEquation.ts`) that does not depend on g_h, β_h or the update gate.
 *
 * @module
 */
import { type GaussianRule, GATE_WINDOW_T_MAX, gateWindow } from '@gatefield/numerics';
import { SHARP_HALF_WIDTH } from '../quadrature.js';

/**
 * Memo of the reset-gate moments R₂, R₂′, Q_r ({@link resetGateMoments}) per rule, keyed by (α_r, β_r, √C)
 * (nested maps with number keys: a string key cost ~1 µs per lookup, a third of a scan evaluation).
 * They do not depend on g_h, β_h or the update gate, so a phase diagram over g_h (or β_h) and a
 * reset parameter re-uses the whole log scan of {@link gruBranchRoots} from row to row. Entries are
 * the exact values a fresh evaluation returns (bit-identical); the memo is cleared when it exceeds
 * {@link RESET_MEMO_LIMIT} entries.
 */
const resetMemo = new Map<GaussianRule, Map<number, Map<number, Map<number, Float64Array>>>>();
let resetMemoSize = 0;
/** Entries kept by the reset-moment memo before it is cleared. */
export const RESET_MEMO_LIMIT = 200000;

function memoGet(gr: GaussianRule, a: number, beta: number, sd: number): Float64Array | undefined {
  return resetMemo.get(gr)?.get(a)?.get(beta)?.get(sd);
}

function memoSet(gr: GaussianRule, a: number, beta: number, sd: number, v: Float64Array): void {
  if (resetMemoSize >= RESET_MEMO_LIMIT) {
    resetMemo.clear();
    resetMemoSize = 0;
  }
  let byA = resetMemo.get(gr);
  if (!byA) resetMemo.set(gr, (byA = new Map()));
  let byBeta = byA.get(a);
  if (!byBeta) byA.set(a, (byBeta = new Map()));
  let bySd = byBeta.get(beta);
  if (!bySd) byBeta.set(beta, (bySd = new Map()));
  bySd.set(sd, v);
  resetMemoSize++;
}

/**
 * R₂ = ⟨σ_r²⟩, R₂′ = ⟨σ′_r² + σ_rσ″_r⟩ and Q_r = ⟨σ′_r²⟩ ([GRU-MF-2], [GRU-MF-3], [KR-12]) on the rule
 * `gr` at standard deviation `sd` = √C, memoized ({@link resetGateSums} does the sums).
 */
export function resetGateMoments(a: number, beta: number, sd: number, gr: GaussianRule): [R2: number, dR2: number, Qr: number] {
  const m = memoizedGateMoments(a, beta, sd, gr);
  return [m[0], m[1], m[2]];
}

/** The memo entry (R₂, R₂′, Q_r) itself, computed if absent; callers must only read it (no tuple per call). */
export function memoizedGateMoments(a: number, beta: number, sd: number, gr: GaussianRule): Float64Array {
  const hit = memoGet(gr, a, beta, sd);
  if (hit) return hit;
  const v = Float64Array.from(resetGateSums(a, beta, sd, gr, true));
  memoSet(gr, a, beta, sd, v);
  return v;
}

/** Nodes per anchor of the exponential recurrence on uniform rules ({@link resetGateSums}). */
export const RECURRENCE_BLOCK = 8;

/**
 * The sums of {@link resetGateMoments}, over the gate window (`windowed`, the default) or over every
 * node of the rule (the reference of the window identity test).
 *
 * Gate window ([NUM-2], `gateWindow` of `@gatefield/numerics`): only nodes with
 * |α_r·sd·x − β_r| ≤ `GATE_WINDOW_T_MAX` = 40 of `@gatefield/numerics` are summed (the smallest round
 * value with σ(t) = 1 exactly in double precision above it, e^{−40} < 2^{−54}); above the window
 * σ = 1, σ′ = σ″ = 0 in double precision, so R₂ receives the window's `weightAbove` and R₂′, Q_r
 * nothing; below it every term is ≤ e^{−80}·max(1, α_r²) ≈ 2e-35·max(1, α_r²) in absolute value. On the 4·10⁵-point sharp-gate grid at gain·sd = 10³ the window is
 * ≈ 10³ nodes, so the cost is O(window) instead of O(rule); the windowed sums equal the full ones to
 * rounding, ~1e-15 relative (`test/complexity/gateWindow.test.ts`).
 *
 * Per node: σ′ = α σ(t)σ(−t), σ″ = α² σ(t)σ(−t)(σ(−t) − σ(t)), t = α·sd·x − β, with σ(t), σ(−t) from
 * one exponential ([NUM-4], no 1 − σ):
 * - general rules (and the full sums): for t ≥ 0, e = e^{−t} gives σ(t) = 1/(1 + e), σ(−t) = e/(1 + e);
 *   for t < 0, e = e^{t} gives σ(t) = e/(1 + e), σ(−t) = 1/(1 + e) — the values `logistic` returns;
 * - windowed uniform rules ([NUM-2] grid, spacing h): inside the window |t| ≤ 40 + α·sd·h, so
 *   e = e^{−t} ∈ [e^{−41}, e^{41}] and σ(t) = 1/(1 + e), σ(−t) = e·σ(t) are both accurate to a few ulp
 *   for either sign of t. e is an exponential recurrence: e^{−t} at an anchor node every
 *   {@link RECURRENCE_BLOCK} nodes, times e^{−α·sd·h·j} (j = 0..7, tabulated per call) for the
 *   following ones, times 1 − α·sd·δ for the rounding δ ≈ 1e-15 of the stored node off the ideal
 *   grid (first order is exact to (α·sd·δ)² < 1e-24). Error: 3–4 ulp per e instead of 1, about
 *   1e-15 relative on the sums; cost one division and no exponential per node (the sharp-gate sums
 *   were 85 % of the phase-diagram grid). Used when α·sd·h ≤ 1 (always, unless the grid is capped).
 */
export function resetGateSums(a: number, beta: number, sd: number, gr: GaussianRule, windowed = true): [R2: number, dR2: number, Qr: number] {
  const nodes = gr.nodes;
  const weights = gr.weights;
  const n = nodes.length;
  const asd = a * sd;
  const win = windowed ? gateWindow(gr, asd, beta, GATE_WINDOW_T_MAX) : { lo: 0, hi: n, weightAbove: 0 };
  const a2 = a * a;
  let R2 = 0;
  let dR2 = 0;
  let Qr = 0;
  const h = gr.kind === 'uniform' && n > 1 ? (2 * (gr.halfWidth ?? SHARP_HALF_WIDTH)) / (n - 1) : 0;
  if (windowed && h > 0 && asd > 0 && asd * h <= 1) {
    const P = new Float64Array(RECURRENCE_BLOCK);
    for (let j = 0; j < RECURRENCE_BLOCK; j++) P[j] = Math.exp(-asd * h * j);
    for (let k0 = win.lo; k0 < win.hi; k0 += RECURRENCE_BLOCK) {
      const xa = nodes[k0];
      const A = Math.exp(beta - asd * xa);
      const end = Math.min(k0 + RECURRENCE_BLOCK, win.hi);
      for (let k = k0, j = 0; k < end; k++, j++) {
        const e = A * P[j] * (1 - asd * (nodes[k] - xa - j * h));
        const r = 1 / (1 + e);
        const rc = e * r;
        const rrc = r * rc;
        const d1 = a * rrc;
        const w = weights[k];
        R2 += w * r * r;
        Qr += w * d1 * d1;
        dR2 += w * (d1 * d1 + a2 * r * rrc * (rc - r));
      }
    }
    return [R2 + win.weightAbove, dR2, Qr];
  }
  for (let k = win.lo; k < win.hi; k++) {
    const t = asd * nodes[k] - beta;
    let r: number;
    let rc: number;
    if (t >= 0) {
      const e = Math.exp(-t);
      r = 1 / (1 + e);
      rc = e / (1 + e); // also at t = 0: logistic(−0) = 1/(1 + 1) = 1/2
    } else {
      const e = Math.exp(t);
      r = e / (1 + e);
      rc = 1 / (1 + e);
    }
    const d1 = a * r * rc;
    const d2 = a2 * r * rc * (rc - r);
    const w = weights[k];
    R2 += w * r * r;
    Qr += w * d1 * d1;
    dR2 += w * (d1 * d1 + r * d2);
  }
  return [R2 + win.weightAbove, dR2, Qr];
}
