/**
 * Slow checks of the sampling DMFT for α_z ≠ 0 (GATEFIELD_SLOW=1): scheme A in the slow regime
 * [GATE-REF-F2B] (long-window handling, [GATE-NUM-1] warnings) and λ_max from the sampled tangent
 * process [GATE-LYA-5] against scheme B at α_z = 0 ([GATE-LYA-3], [GATE-REF-F3]) and against
 * finite-network QR exponents ([GATE-NUM-5]) at α_z = 2 ([GATE-REF-F2A] parameters).
 *
 * Tolerances:
 * - λ_max: 4 reported standard errors (batch spread, 10 batches: P(|t₉| > 4) ≈ 0.3 %) plus the
 *   systematic allowance stated in each test;
 * - finite networks: [GATE-REF-F3] quotes a 10–15 % finite-N bias of the QR λ_max at N = 1000 (sim
 *   below DMFT) in the SCS-equivalent cases, and QR runs of T = 500 have a time-averaging error
 *   ≈ 0.005 (half-range of the running estimate);
 * - [GATE-REF-F2B]: the fixture itself is loose (DMFT still drifting, ~10 % DMFT–sim agreement), so
 *   15 % on C_h(0) and 25 % on C_h(20) for the DMFT; for the N = 500 network see the measured values.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '@gatefield/models';
import { createNetwork, integrate } from '@gatefield/sim';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const load = (p: string): Promise<Any> => import(/* @vite-ignore */ new URL(p, import.meta.url).href);
const models: Any = await load('../../packages/models/src/gatedRnn.ts');
const dmft: Any = await load('../../packages/theory/src/gated/dmft.ts');
const dmftLyap: Any = await load('../../packages/theory/src/gated/dmftLyapunov.ts');
const sampling: Any = await load('../../packages/theory/src/gated/samplingDmft.ts');
const samplingLyap: Any = await load('../../packages/theory/src/gated/samplingLyapunov.ts');
const lyap: Any = await load('../../packages/sim/src/lyapunovQR.ts');
const gated = compileModel(models.gatedRnnSpec());
const B_GRID = { du: 0.05, points: 2048, damping: 1, chebyshevNodes: 32, hermiteNodes: 32, tol: 1e-9, initialVariance: 0.3 };
const LY = { lagPoints: 1024, paths: 40, rounds: 16, batches: 10, batchPaths: 100, transientTime: 40, windowTime: 160 };

// Measured (seed 21): row 1 sampled 0.1889 ± 0.0053 vs scheme B 0.1989; SCS-equivalent 0.0308 ± 0.0061
// vs 0.0234 (2 and 5 minutes on a loaded 2-core machine). Other seeds gave 0.2047 ± 0.0041 and
// 0.2066 ± 0.0056 for row 1: the run-to-run scatter ≈ 0.009 exceeds the batch SE (shape error of the
// adapted tangent covariance, common to all batches), hence the 0.008 allowance.
describe('sampled tangent process λ_max [GATE-LYA-5] at α_z = 0 against scheme B [GATE-LYA-3]', () => {
  it.each([
    [{ g_h: 3.5, alpha_r: 8, beta_r: 1, tau_r: 1 }, 0.1973],
    [{ g_h: 3 }, 0.0234],
  ])('at %o reproduces λ_max ≈ %d within 4 standard errors + 0.008 (Euler bias of the base process and shape error of the tangent covariance)', (P, fixture) => {
    const b = dmft.solveGatedDmft(P, B_GRID);
    const want = dmftLyap.gatedDmftLyapunov(b).lambdaMax;
    expect(Math.abs(want - fixture)).toBeLessThan(0.003);
    const r = samplingLyap.gatedSamplingLyapunov(b, { ...LY, seed: 21 });
    console.log(`[GATE-LYA-5] α_z = 0 ${JSON.stringify(P)}: sampled ${r.lambdaMax.toFixed(4)} ± ${r.standardError.toFixed(4)}, scheme B ${want.toFixed(4)}`);
    expect(r.standardError).toBeLessThan(0.01);
    expect(Math.abs(r.lambdaMax - want)).toBeLessThan(4 * r.standardError + 0.008);
  });
});

describe('α_z = 2 ([GATE-REF-F2A] parameters): sampled λ_max against finite networks', () => {
  it('agrees with the QR λ_max of an N = 1000 network within the finite-N bias (sim below DMFT by ≤ 40 %) + 4 standard errors + 0.005 (measured: sampled DMFT 0.0629 ± 0.0033 after 50 scheme-A iterations, 0.066–0.068 in shorter runs; QR 0.0567 at N = 1000 and 0.0425 at N = 300)', () => {
    const P = { g_h: 3, alpha_r: 2, alpha_z: 2, tau_z: 2, tau_r: 1.5 };
    // A lag range of 51 τ_h (1024 points) truncates the slow tail of C_ψ and gives C_h(0) ≈ 0.092
    // instead of 0.108 (the integrating units with σ_z ≈ 0 feel the low-frequency power): 2048 points.
    // 20 iterations from the scheme-B warm start still drift by 7 % (the slow tail of C_h keeps
    // growing): ≥ 50 iterations as [GATE-NUM-1] asks.
    const a = sampling.solveGatedDmftSampling(P, { paths: 60, iterations: 50, transientTime: 100, windowTime: 300, lagPoints: 2048, lagFactor: 4, seed: 1 });
    expect(Math.abs(a.C_h[0] - 0.108)).toBeLessThan(0.008); // [GATE-REF-F2A]
    const r = samplingLyap.gatedSamplingLyapunov(a, { ...LY, lagPoints: 2048, seed: 22 });
    const qr = lyap.networkLyapunovQR(createNetwork(gated, P, 1000, 1), { k: 1, steps: 10000, transientSteps: 2000, seed: 1 });
    console.log(`[GATE-LYA-5] α_z = 2: sampled ${r.lambdaMax.toFixed(4)} ± ${r.standardError.toFixed(4)}, QR N = 1000 ${qr.exponents[0].toFixed(4)}`);
    expect(qr.exponents[0]).toBeGreaterThan(0);
    expect(qr.exponents[0]).toBeLessThan(r.lambdaMax + 4 * r.standardError + 0.005);
    expect(qr.exponents[0]).toBeGreaterThan(0.6 * (r.lambdaMax - 4 * r.standardError) - 0.005);
  });
});

describe('slow regime α_z = 5 [GATE-REF-F2B] (scheme A with long windows, [GATE-NUM-1])', () => {
  // Measured (seed 5): C_h(0) = 0.1219, C_h(20) = 0.0797 — closer to the fixture's sim columns (0.120,
  // 0.085) than to its drifting DMFT (0.111, 0.072); the lag range grew 1024 → 4096 points
  // (τ_c = ∫C_h/C_h(0) ≈ 35 τ_h), drift over the last 10 rounds 1.7 % (C_h(0)) and 2.2 % (C_h(20)),
  // ⟨σ_z⟩ = 0.509; 8 minutes on a loaded 2-core machine.
  it('reaches C_h(0) ≈ 0.111 and C_h(20) ≈ 0.072 (loose: 15 % and 25 %) from a scheme-B warm start with ≥ 50 damped iterations, lag range grown with the correlation time, and reports its drift', () => {
    const P = { g_h: 3, alpha_r: 2, beta_r: 0, alpha_z: 5, beta_z: 0, tau_z: 2, tau_r: 1.5 };
    const a = sampling.solveGatedDmftSampling(P, { paths: 40, finalPaths: 120, iterations: 50, transientTime: 100, windowTime: 300, lagPoints: 1024, lagFactor: 4, maxLagPoints: 4096, seed: 5 });
    const at = (c: Float64Array, u: number) => c[Math.round(u / 0.05)];
    console.log(`[GATE-REF-F2B] scheme A: C_h(0) = ${a.C_h[0].toFixed(4)}, C_h(20) = ${at(a.C_h, 20).toFixed(4)}, lag points ${a.settings.lagPoints}, window ${a.settings.windowTime}, drift ${JSON.stringify(a.drift)}, converged ${a.converged}, ⟨σ_z⟩ = ${a.sigmaZMean.toFixed(4)}, τ_c = ${a.timescales.integral.toFixed(2)}`);
    expect(a.settings.warmStart).toBe('schemeB');
    expect(a.settings.lagPoints).toBeGreaterThan(1024); // τ_c ≈ 30 τ_h: the lag range had to grow
    expect(Math.abs(a.C_h[0] - 0.111)).toBeLessThan(0.15 * 0.111);
    expect(Math.abs(at(a.C_h, 20) - 0.072)).toBeLessThan(0.25 * 0.072);
    expect(at(a.C_h, 20) / a.C_h[0]).toBeGreaterThan(0.45); // [GATE-DMFT-10]: ≈ 0.65 at α_z = 5 vs ≈ 0.2 at α_z = 2
    expect(a.drift.Ch0).toBeLessThan(0.1);
  });

  // Measured (seed 3): C_h(0) = 0.1287, C_h(20) = 0.1105 — C_h(0) within 7 % of the fixture's
  // N = 1500 sim (0.120), C_h(20) 30 % above its 0.085 and 39 % above our DMFT 0.080: at N = 500 and
  // T ≈ 1200 ≈ 35 correlation times the slow tail is both finite-N enhanced and poorly averaged, so
  // only C_h(0) (15 %) and the slow-regime ratio C_h(20)/C_h(0) > 0.5 ([GATE-DMFT-10]: ≈ 0.65) are
  // asserted.
  it('matches a finite network (N = 500, T = 1200): C_h(0) within 15 % of the fixture sim 0.120 [GATE-REF-F2B], slow tail C_h(20)/C_h(0) > 0.5', () => {
    const P = { g_h: 3, alpha_r: 2, beta_r: 0, alpha_z: 5, beta_z: 0, tau_z: 2, tau_r: 1.5 };
    const N = 500, every = 20;
    const net = createNetwork(gated, P, N, 3);
    const run = integrate(net, { dt: 0.05, steps: 24000, initScale: 1, recordEvery: every });
    const states: Float64Array[] = run.samples!.states.slice(200); // discard 200 τ_h
    const corr = (lag: number) => {
      let s = 0, c = 0;
      for (let t = 0; t + lag < states.length; t++) {
        for (let i = 0; i < N; i++) s += states[t][i] * states[t + lag][i];
        c += N;
      }
      return s / c;
    };
    const c0 = corr(0), c20 = corr(20);
    console.log(`[GATE-REF-F2B] network N = ${N}: C_h(0) = ${c0.toFixed(4)}, C_h(20) = ${c20.toFixed(4)}`);
    expect(Math.abs(c0 - 0.12)).toBeLessThan(0.15 * 0.12);
    expect(c20 / c0).toBeGreaterThan(0.5);
  });
});
