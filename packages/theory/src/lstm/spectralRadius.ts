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
  /** ∂r/∂o₀ = g_c i₀ / (2√(f₀²/4 + g_c o₀ i₀)) > 0 */
  dRadiusDo0: number;
  /** ∂r/∂i₀ = g_c o₀ / (2√(f₀²/4 + g_c o₀ i₀)) > 0 */
  dRadiusDi0: number;
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
  const s = Math.sqrt((f0 * f0) / 4 + gain);
  return {
    radius: 1 - f0 / 2 + s,
    gain,
    dRadiusDo0: s > 0 ? (g_c * i0) / (2 * s) : Infinity,
    dRadiusDi0: s > 0 ? (g_c * o0) / (2 * s) : Infinity,
  };
}

/** max |λ| over a traced support boundary and its real segment ([LSTM-RMT-3]). */
export function lstmSupportSpectralRadius(support: Pick<LstmSupport, 'boundary' | 'segment' | 'leftEdge' | 'abscissa'>): number {
  let r = Math.max(Math.abs(support.leftEdge), Math.abs(support.abscissa), Math.abs(support.segment[0]), Math.abs(support.segment[1]));
  for (const [x, y] of support.boundary) r = Math.max(r, Math.hypot(x, y));
  return r;
}
