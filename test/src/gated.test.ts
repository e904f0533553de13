/**
 * The gated RNN with dynamical gates: theory against finite networks ([GATE-REF-F1], [GATE-REF-F3]).
 *
 * The gated modules are loaded from the package sources by path (`load`) until the package barrels
 * export them (then: `import { gatedRnnSpec } from '@gatefield/models'`, etc.).
 *
 * Tolerances. Across-unit variances at a true fixed point fluctuate between realisations like
 * N^{-1/2} relative (measured seed-to-seed spread ≈ 3 %/√(N/1000) for Δ_h at F1); at N = 300 we
 * allow 12 %. λ_max from QR over T = 200 varies between realisations by σ ≈ 0.02 (measured at N = 300:
 * 0.166 and 0.201 for two seeds; 0.187 at N = 1000); at N = 200 we allow 0.05 ≈ 2.5σ.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '@gatefield/models';
import { createNetwork, findFixedPoint, jacobianAtState, spectrum } from '@gatefield/sim';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const load = (p: string): Promise<Any> => import(/* @vite-ignore */ new URL(p, import.meta.url).href);
const models: Any = await load('../../packages/models/src/gatedRnn.ts');
const fixedPoint: Any = await load('../../packages/theory/src/gated/fixedPoint.ts');
const support: Any = await load('../../packages/theory/src/gated/support.ts');
const dmft: Any = await load('../../packages/theory/src/gated/dmft.ts');
const dmftLyap: Any = await load('../../packages/theory/src/gated/dmftLyapunov.ts');
const lyap: Any = await load('../../packages/sim/src/lyapunovQR.ts');

const gated = compileModel(models.gatedRnnSpec());
const F1 = { g_h: 1.6, beta_h: 0.4, alpha_r: 2, beta_r: 0, alpha_z: 5, beta_z: 0, tau_z: 2, tau_r: 1.5 };

describe('stable fixed point [GATE-REF-F1] at N = 300', () => {
  const n = 300;
  const net = createNetwork(gated, F1, n, 3);
  const fp = findFixedPoint(net, { initScale: 0.3 });
  const th = fixedPoint.gatedFixedPoint(F1);
  const h = fp.state.subarray(0, n), z = fp.state.subarray(n, 2 * n), r = fp.state.subarray(2 * n);
  const variance = (a: Float64Array) => { let m = 0, s = 0; for (const v of a) m += v / a.length; for (const v of a) s += (v - m) ** 2 / a.length; return s; };
  const secondMoment = (a: Float64Array) => a.reduce((s, v) => s + v * v, 0) / a.length;

  it('has Δ_h, Δ_z, Δ_r whose 4-seed means agree with [GATE-FP-1] (0.0622, 0.2152, 0.2152) within 3 standard errors', () => {
    // Per-seed spread at N = 300 is large (measured ≈ 10–15 % for Δ_z: (1/N)Σz_i² alone fluctuates by
    // √(2/N) ≈ 8 %), so the test averages 4 realisations and uses their own standard error (+1 % bias room).
    expect(fp.residual).toBeLessThan(1e-9);
    expect(variance(h)).toBeGreaterThan(0);
    const rows = [1, 2, 4, 5].map((seed) => {
      const st = findFixedPoint(createNetwork(gated, F1, n, seed), { initScale: 0.3 }).state;
      return [secondMoment(st.subarray(0, n)), secondMoment(st.subarray(n, 2 * n)), secondMoment(st.subarray(2 * n))];
    });
    [th.deltaH, th.deltaZ, th.deltaR].forEach((want: number, j: number) => {
      const xs = rows.map((r) => r[j]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      expect(Math.abs(mean - want), `quantity ${j}`).toBeLessThan((3 * sd) / Math.sqrt(xs.length) + 0.01 * want);
    });
  });

  it('has N eigenvalues at −1/τ_z (z-block decoupling [GATE-RMT-1]), all others in Re λ < 0, and ≥ 95 % of the (h, r) eigenvalues inside F ≥ 1 [GATE-RMT-2]', () => {
    const J = jacobianAtState(net, fp.state);
    const sp = spectrum(J, 3 * n);
    let atZ = 0, inside = 0, others = 0, maxRe = -Infinity;
    const s = support.gatedSupportInputOf(F1, th);
    for (let i = 0; i < 3 * n; i++) {
      const re = sp.re[i], im = sp.im[i];
      maxRe = Math.max(maxRe, re);
      if (Math.abs(re + 0.5) < 1e-3 && Math.abs(im) < 1e-3) { atZ++; continue; }
      others++;
      // real eigenvalues in (−1/τ_h, 0) belong to the pole segment that a quadrature-based F misses ([NUM-8])
      if ((Math.abs(im) < 1e-9 && re > -1 && re < 0) || support.gatedSupportFunctional(s, re, im) >= 1) inside++;
    }
    expect(atZ).toBeGreaterThanOrEqual(n);
    expect(maxRe).toBeLessThan(0);
    // Edge eigenvalues within O(N^{-1/2}) of the boundary fall outside for finite N.
    expect(inside / others).toBeGreaterThan(0.95);
  });
});

describe('chaotic state: QR Lyapunov exponent against the DMFT [GATE-REF-F3] row 1', () => {
  it('gives λ_max within 0.05 of the DMFT value 0.1973 (α_r = 8, β_r = 1, g_h = 3.5, N = 200, T = 200)', () => {
    const P = { g_h: 3.5, alpha_r: 8, beta_r: 1, tau_r: 1 };
    const d = dmft.solveGatedDmft(P, { points: 1024, du: 0.2, chebyshevNodes: 32, hermiteNodes: 48, damping: 1, tol: 1e-9, initialVariance: 0.2 });
    const lDmft = dmftLyap.gatedDmftLyapunov(d).lambdaMax;
    expect(Math.abs(lDmft - 0.1973)).toBeLessThan(1e-4);
    const net = createNetwork(gated, P, 200, 7);
    const qr = lyap.networkLyapunovQR(net, { k: 1, dt: 0.05, steps: 4000, transientSteps: 1000, reorthEvery: 20, seed: 1, initScale: 2 });
    expect(qr.exponents[0]).toBeGreaterThan(0.1); // clearly chaotic (a wrong tangent map gives ≤ 0 or ≫ 1)
    // Measured at N = 300, T = 200: seeds 7, 8 give 0.166, 0.201 (N = 1000: 0.187), i.e. a
    // realisation spread σ ≈ 0.02 around the DMFT value, not smaller at N = 200; allow 2.5σ.
    expect(Math.abs(qr.exponents[0] - lDmft)).toBeLessThan(0.05);
    // The trajectory is chaotic with ⟨h²⟩ near the DMFT C_h(0) = 0.133.
    let m2 = 0;
    for (let i = 0; i < 200; i++) m2 += qr.state[i] ** 2 / 200;
    expect(m2).toBeGreaterThan(0.05);
    expect(m2).toBeLessThan(0.3);
  });
});
