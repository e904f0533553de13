/**
 * "The output and input gates set the spectral radius" ([A], claim 4 of README §1.2;
 * [LSTM-CAS-2]): at the origin the Jacobian spectrum is the Cassini oval
 * |λ + 1|·|λ + 1 − f₀| = g_c o₀ i₀, so o₀ and i₀ enter only through the product g_c o₀ i₀ — they
 * multiply the recurrent gain — and the spectral radius (the modulus of the leftmost point, the
 * farthest from 0, cassini.ts) is
 * ```
 * r(o₀ i₀) = 1 − f₀/2 + √( f₀²/4 + g_c o₀ i₀ )
 * ```
 * strictly increasing in o₀ and in i₀, from 1 (gates closed: only the foci −1, −(1 − f₀) remain,
 * the farther being −1) to 1 − f₀/2 + √(f₀²/4 + g_c). The forget gate moves the focus −(1 − f₀)
 * and hence the abscissa, not the gain.
 *
 * Away from the origin the radius is read off the traced support ([LSTM-RMT-3]):
 * max |λ| over its boundary and the segment −(1 − f) ⊂ [−1, 0].
 */
import { checkFinite } from '@gatefield/numerics';
import type { LstmSupport } from './support.js';

/** Spectral radius at the origin as a function of the gate values (module comment). */
export interface LstmGateRadius {
  /** r = 1 − f₀/2 + √(f₀²/4 + g_c o₀ i₀) */
  radius: number;
  /** The effective gain g_c o₀ i₀ set by the output and input gates. */
  gain: number;
  /**
   * ∂r/∂o₀ = g_c i₀ / (2√(f₀²/4 + g_c o₀ i₀)) ≥ 0; null at the cusp f₀ = 0, g_c o₀ i₀ = 0 with
   * g_c i₀ > 0, where r = 1 + √(g_c i₀ o₀) has an infinite slope (0 there when g_c i₀ = 0), and
   * wherever the slope exceeds double range (f₀ and g_c o₀ i₀ subnormal).
   */
  dRadiusDo0: number | null;
  /** ∂r/∂i₀ = g_c o₀ / (2√(f₀²/4 + g_c o₀ i₀)) ≥ 0; null at the cusp (as for o₀). */
  dRadiusDi0: number | null;
}

/**
 * Spectral radius of the origin Jacobian from the gate values f₀, i₀, o₀ ∈ [0, 1] and the gain g_c
 * ([LSTM-CAS-2], module comment).
 */
export function lstmGateSpectralRadius(g_c: number, f0: number, i0: number, o0: number): LstmGateRadius {
  checkFinite('g_c', g_c, 0, Infinity, '[0, inf)');
  checkFinite('f0', f0, 0, 1);
  checkFinite('i0', i0, 0, 1);
  checkFinite('o0', o0, 0, 1);
  const gain = g_c * o0 * i0;
  // s = √(f₀²/4 + gain) as a hypot: f₀²/4 underflows for f₀ < 1e-154 (found by the slow fuzz:
  // s = 0 at f₀ = 6e-217, gain = 0 gave ∂r/∂o₀ = ∞ although s = f₀/2 > 0)
  const s = Math.hypot(f0 / 2, Math.sqrt(gain));
  // s = 0 only at f₀ = 0, gain = 0: the slope is 0 when its numerator is 0, else infinite (null)
  const slope = (num: number) => {
    if (num === 0) return 0;
    const v = num / (2 * s);
    return Number.isFinite(v) ? v : null;
  };
  return {
    radius: 1 - f0 / 2 + s,
    gain,
    dRadiusDo0: slope(g_c * i0),
    dRadiusDi0: slope(g_c * o0),
  };
}

/** max |λ| over a traced support boundary and its real segment ([LSTM-RMT-3]). */
export function lstmSupportSpectralRadius(support: Pick<LstmSupport, 'boundary' | 'segment' | 'leftEdge' | 'abscissa'>): number {
  let r = Math.max(Math.abs(support.leftEdge), Math.abs(support.abscissa), Math.abs(support.segment[0]), Math.abs(support.segment[1]));
  for (const [x, y] of support.boundary) r = Math.max(r, Math.hypot(x, y));
  return r;
}
