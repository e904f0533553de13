/**
 * A small radix-2 FFT and the even-function Yukawa / Ornstein–Uhlenbeck solves of the DMFT
 * ([GATE-DMFT-5], [GATE-DMFT-8], [GATE-NUM-3], [GATE-NUM-4]).
 *
 * An even function C(u) on the lag grid u_k = k·du, k = 0..n−1 (n a power of two), is extended
 * symmetrically to a periodic sequence of length L = 2n (x_k = C(k du), x_{L−k} = x_k, x_n = C_{n−1}),
 * whose DFT is real. The equation
 * ```
 *   (a² − τ²∂_u²) C = F          ⇔          Ĉ(ω) = F̂(ω) / (a² + τ²ω²),   ω_m = 2π m/(L du)
 * ```
 * (a = 1: the OU/Yukawa solve of [GATE-DMFT-5]; a = 1 + τλ: the tangent problem [GATE-LYA-3]) is
 * then a division in Fourier space. Using the continuum ω (not the second-difference symbol) makes
 * the solve spectrally accurate for smooth, decayed F, which is why the plateau F(∞) is subtracted
 * first (the caller's job; it is solved exactly as F(∞)/a²).
 *
 * @module
 */
import { InvalidParameterError } from '@gatefield/numerics';

/** In-place iterative radix-2 complex FFT (sign −1 forward, +1 inverse, unnormalised). */
export function fftInPlace(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (n !== im.length || n < 1 || (n & (n - 1)) !== 0) throw new InvalidParameterError('fft length', n, 'a power of two, re and im of equal length');
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (sign * 2 * Math.PI) / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < half; k++) {
        const a = i + k, b = a + half;
        const xr = re[b] * cr - im[b] * ci;
        const xi = re[b] * ci + im[b] * cr;
        re[b] = re[a] - xr; im[b] = im[a] - xi;
        re[a] += xr; im[a] += xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/** Workspace for even-function transforms on a lag grid of n points (n a power of two). */
export class EvenLagTransform {
  readonly n: number;
  readonly du: number;
  /** Angular frequencies ω_m, m = 0..L−1 (symmetric: ω_{L−m} = ω_m). */
  readonly omega: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(n: number, du: number) {
    if (!Number.isInteger(n) || n < 4 || (n & (n - 1)) !== 0) throw new InvalidParameterError('lag points', n, 'a power of two ≥ 4');
    if (!(du > 0) || !Number.isFinite(du)) throw new InvalidParameterError('du', du, '(0, inf)');
    this.n = n;
    this.du = du;
    const L = 2 * n;
    this.re = new Float64Array(L);
    this.im = new Float64Array(L);
    this.omega = new Float64Array(L);
    for (let m = 0; m < L; m++) this.omega[m] = (2 * Math.PI * Math.min(m, L - m)) / (L * du);
  }

  /** Real spectrum (length 2n) of the symmetric extension of `c` (length n), written to `out`. */
  spectrum(c: Float64Array, out: Float64Array = new Float64Array(2 * this.n)): Float64Array {
    const { n, re, im } = this;
    const L = 2 * n;
    for (let k = 0; k < n; k++) re[k] = c[k];
    re[n] = c[n - 1];
    for (let k = 1; k < n; k++) re[L - k] = c[k];
    im.fill(0);
    fftInPlace(re, im);
    out.set(re);
    return out;
  }

  /** Even function (length n) from a real symmetric spectrum (length 2n). */
  inverse(spec: Float64Array, out: Float64Array = new Float64Array(this.n)): Float64Array {
    const { n, re, im } = this;
    const L = 2 * n;
    re.set(spec);
    im.fill(0);
    fftInPlace(re, im, true);
    for (let k = 0; k < n; k++) out[k] = re[k] / L;
    return out;
  }

  /**
   * Solve (a² − τ²∂²) C = F for even C (F given on the grid, plateau F(∞) ≈ F[n−1] removed and solved
   * exactly as F(∞)/a²). Returns C (length n) in `out`.
   */
  yukawa(f: Float64Array, tau: number, a = 1, out: Float64Array = new Float64Array(this.n)): Float64Array {
    const n = this.n;
    const plateau = f[n - 1];
    const tmp = new Float64Array(n);
    for (let k = 0; k < n; k++) tmp[k] = f[k] - plateau;
    const s = this.spectrum(tmp);
    const a2 = a * a, t2 = tau * tau;
    for (let m = 0; m < s.length; m++) s[m] /= a2 + t2 * this.omega[m] * this.omega[m];
    this.inverse(s, out);
    const p = plateau / a2;
    for (let k = 0; k < n; k++) out[k] += p;
    return out;
  }

  /** Yukawa solve with the plateau kept inside the periodic problem (for tangent modes, [GATE-NUM-4]). */
  yukawaPeriodic(f: Float64Array, tau: number, a: number, out: Float64Array = new Float64Array(this.n)): Float64Array {
    const s = this.spectrum(f);
    const a2 = a * a, t2 = tau * tau;
    for (let m = 0; m < s.length; m++) s[m] /= a2 + t2 * this.omega[m] * this.omega[m];
    return this.inverse(s, out);
  }
}
