/**
 * Scheme-B DMFT ([GATE-NUM-3]) and the DMFT Lyapunov exponent ([GATE-LYA-3], [GATE-NUM-4]) against
 * [GATE-REF-F2G], [GATE-REF-F3] and [GATE-REF-F4L].
 *
 * Grid: the tests use du = 0.2, 1024 lags (T = 205) and 32-node tables instead of the defaults
 * (0.05, 4096, 64 × 48): the Yukawa solve is spectral and the tables' Chebyshev tail is < 1e-8, so
 * C_h and λ_max agree with the default grid to < 1e-5 (checked at F2G and the SCS g_h = 3 case),
 * far below the 4-digit fixture rounding (±5e-5, ±5e-4 for 3-digit entries).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError, NonPhysicalError, gaussHermite } from '@gatefield/numerics';
import { bivariateGaussAverage, bivariateGaussTable } from '../../src/gated/bivariate.js';
import { type GatedDmftOptions, checkDmftPhysical, solveGatedDmft } from '../../src/gated/dmft.js';
import { gatedDmftLyapunov } from '../../src/gated/dmftLyapunov.js';
import { EvenLagTransform, fftInPlace } from '../../src/gated/fft.js';

const FAST: GatedDmftOptions = { points: 1024, du: 0.2, chebyshevNodes: 32, hermiteNodes: 32, damping: 1, tol: 1e-9, initialVariance: 0.2 };
const at = (c: Float64Array, u: number, du = 0.2) => c[Math.round(u / du)];

describe('FFT and Yukawa solves', () => {
  it('match a naive DFT to 1e-12 and solve (1 − τ²∂²)C = F for a Gaussian C to 1e-10', () => {
    const n = 64;
    const re = Float64Array.from({ length: n }, (_, k) => Math.sin(k * 0.37) + 0.1 * k), im = Float64Array.from({ length: n }, (_, k) => Math.cos(k * k * 0.01));
    const r0 = Float64Array.from(re), i0 = Float64Array.from(im);
    fftInPlace(re, im);
    for (const m of [0, 5, 31, 63]) {
      let sr = 0, si = 0;
      for (let k = 0; k < n; k++) { const a = (-2 * Math.PI * m * k) / n; sr += r0[k] * Math.cos(a) - i0[k] * Math.sin(a); si += r0[k] * Math.sin(a) + i0[k] * Math.cos(a); }
      expect(Math.abs(re[m] - sr) + Math.abs(im[m] - si)).toBeLessThan(1e-12);
    }
    const ft = new EvenLagTransform(512, 0.05), tau = 1.7;
    const u = Float64Array.from({ length: 512 }, (_, k) => k * 0.05);
    const C = u.map((x) => Math.exp(-x * x / 2)), F = u.map((x) => (1 - tau * tau * (x * x - 1)) * Math.exp(-x * x / 2));
    const got = ft.yukawa(F, tau);
    for (let k = 0; k < 512; k += 37) expect(Math.abs(got[k] - C[k])).toBeLessThan(1e-10);
  });

  it('reject non-physical correlations: |C(u)| > C(0) and a negative power spectrum (NonPhysicalError)', () => {
    const ft = new EvenLagTransform(256, 0.1);
    const bump = Float64Array.from({ length: 256 }, (_, k) => Math.exp(-((k * 0.1 - 3) ** 2)));
    expect(() => checkDmftPhysical(bump, ft)).toThrow(NonPhysicalError);
    const box = Float64Array.from({ length: 256 }, (_, k) => (k < 20 ? 1 : 0)); // sinc spectrum
    expect(() => checkDmftPhysical(box, ft)).toThrow(/power spectrum/);
    expect(() => checkDmftPhysical(Float64Array.from({ length: 256 }, (_, k) => Math.exp(-k * 0.1)), ft)).not.toThrow();
  });

  it('tabulate bivariate averages with Price\'s theorem dG_φ/dc = G_φ′ (finite differences, 1e-5)', () => {
    const g = 2.3, c0 = 0.4;
    const T = bivariateGaussTable((x) => Math.tanh(g * x + 0.3), c0, 48, 48);
    const rule = gaussHermite(48);
    for (const c of [-0.3, -0.05, 0.1, 0.35]) {
      const d = (T.evaluate(c + 1e-4) - T.evaluate(c - 1e-4)) / 2e-4;
      const want = bivariateGaussAverage((x) => g / Math.cosh(g * x + 0.3) ** 2, c0, c, rule);
      // 48-node Gauss–Hermite error for tanh at gain·sd ≈ 1.5 is ~1e-6 ([NUM-REF-1] scaling); FD error ~1e-8.
      expect(Math.abs(d - want)).toBeLessThan(1e-5);
    }
  });
});

describe('stationary chaotic DMFT, scheme B [GATE-NUM-3]', () => {
  it('reproduces [GATE-REF-F2G] (g_h = 3, α_r = 2, τ_r = 1.5): C_h(0) 0.1080, C_r(0) 0.3682, C_h(5, 10, 20) 0.0799, 0.0392, 0.0062', () => {
    const r = solveGatedDmft({ g_h: 3, alpha_r: 2, tau_r: 1.5 }, FAST);
    expect(r.trivial).toBe(false);
    expect(Math.abs(r.C_h[0] - 0.108)).toBeLessThan(6e-5);
    expect(Math.abs(r.C_r[0] - 0.3682)).toBeLessThan(6e-5);
    expect(Math.abs(at(r.C_h, 5) - 0.0799)).toBeLessThan(6e-5);
    expect(Math.abs(at(r.C_h, 10) - 0.0392)).toBeLessThan(6e-5);
    expect(Math.abs(at(r.C_h, 20) - 0.0062)).toBeLessThan(6e-5);
    expect(r.tauEff).toBe(2);
    expect(r.settings).toMatchObject({ du: 0.2, points: 1024 });
  });

  it('reproduces [GATE-REF-F3] row 1 (α_r = 8, β_r = 1, g_h = 3.5): λ_max 0.1973, C_h(0) 0.1332; and [GATE-REF-F4L] at g_h = 2.5 and 3.1', () => {
    const P = { alpha_r: 8, beta_r: 1, tau_r: 1 };
    // σ_r′ at α_r√C_r ≈ 5 is a narrow bump: 32 Gauss–Hermite nodes give λ_max 1.6e-3 too high, 48 (the
    // [GATE-NUM-3] choice) are accurate to < 1e-5.
    for (const [g, lam, c0, tl, tc] of [[3.5, 0.1973, 0.1332, 6e-5, 6e-5], [2.5, 0.125, 0.051, 6e-4, 6e-4], [3.1, 0.173, 0.111, 6e-4, 6e-4]]) {
      const r = solveGatedDmft({ ...P, g_h: g }, { ...FAST, hermiteNodes: 48 });
      const l = gatedDmftLyapunov(r);
      expect(Math.abs(r.C_h[0] - c0), `C_h(0) at ${g}`).toBeLessThan(tc);
      expect(Math.abs(l.lambdaMax - lam), `λ_max at ${g}`).toBeLessThan(tl);
    }
  });

  it('with α_z = α_r = 0 is the SCS solution: [GATE-REF-F3] g_h = 3 (λ_max 0.0234, C_h(0) 0.0831), the SCS potential condition C₀²/2 = s_r²Var Φ, and the exact rescaling to any (s_r, s_z)', () => {
    const a = solveGatedDmft({ g_h: 3 }, FAST);
    const la = gatedDmftLyapunov(a);
    expect(Math.abs(a.C_h[0] - 0.0831)).toBeLessThan(6e-5);
    expect(Math.abs(la.lambdaMax - 0.0234)).toBeLessThan(6e-5);
    // [GATE-DMFT-9] energy conservation: V(C₀) = V(0) with ∫_0^{C₀} C_φ = Var Φ(x), Φ = ln cosh(g_h x)/g_h.
    const rule = gaussHermite(200);
    let m1 = 0, m2 = 0;
    for (let k = 0; k < rule.size; k++) {
      const x = Math.sqrt(a.C_h[0]) * rule.nodes[k];
      const P = Math.log(Math.cosh(3 * x)) / 3;
      m1 += rule.weights[k] * P;
      m2 += rule.weights[k] * P * P;
    }
    expect(Math.abs(a.C_h[0] ** 2 / 2 - 0.25 * (m2 - m1 * m1))).toBeLessThan(1e-7);
    // [GATE-M-6]: (g_h = 6, s_r = 1/3, s_z = 1/4, τ_h = 1) and (g_h = 4, s_r = 1/2, s_z = 1/2, τ_h = 2) are
    // both SCS with gain 2 and τ = 4 in x = g_h h: 36 C_h^A = 16 C_h^B, equal λ_max.
    const A = solveGatedDmft({ g_h: 6, beta_r: Math.log(2), beta_z: Math.log(3) }, FAST);
    const B = solveGatedDmft({ g_h: 4, tau_h: 2 }, FAST);
    for (const u of [0, 3, 10, 30]) expect(Math.abs(36 * at(A.C_h, u) - 16 * at(B.C_h, u))).toBeLessThan(1e-7);
    expect(Math.abs(gatedDmftLyapunov(A).lambdaMax - gatedDmftLyapunov(B).lambdaMax)).toBeLessThan(1e-6);
  });

  it('collapses to the zero fixed point below the origin line in the supercritical case (α_r = 0, g_h = 1.8 < 2)', () => {
    expect(solveGatedDmft({ g_h: 1.8 }, FAST).trivial).toBe(true);
  });

  it('refuses α_z ≠ 0 (scheme A territory) with InvalidParameterError', () => {
    expect(() => solveGatedDmft({ alpha_z: 1 })).toThrow(InvalidParameterError);
  });

  it('keeps the DMFT invariants at random chaotic parameters (fast-check): C_h(0) ≥ |C_h(u)|, C_z = k_τz * C_φ, positive spectrum, λ_max > 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 3, max: 4.5, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        (g, ar, br, tr, tz, bh) => {
          const r = solveGatedDmft({ g_h: g, alpha_r: ar, beta_r: br, tau_r: tr, tau_z: tz, beta_h: bh }, FAST);
          for (let k = 1; k < r.C_h.length; k++) if (Math.abs(r.C_h[k]) > r.C_h[0]) return false;
          checkDmftPhysical(r.C_h, new EvenLagTransform(1024, 0.2));
          // (1 − τ_z²∂²)C_z = C_φ by second differences (O(du²·C⁗) ≈ 1e-3 relative at du = 0.2).
          let err = 0, scale = 0;
          for (let k = 1; k < 200; k++) {
            const d2 = (r.C_z[k + 1] - 2 * r.C_z[k] + r.C_z[k - 1]) / 0.04;
            err = Math.max(err, Math.abs(r.C_z[k] - tz * tz * d2 - r.C_phi[k]));
            scale = Math.max(scale, Math.abs(r.C_phi[k]));
          }
          return err < 5e-3 * scale && gatedDmftLyapunov(r).lambdaMax > 0;
        },
      ),
      { numRuns: 3, seed: 42 },
    );
  });
});
