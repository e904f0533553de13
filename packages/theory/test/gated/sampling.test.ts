/**
 * Scheme A ([GATE-NUM-1]) and the circulant-embedding sampler ([GATE-NUM-2]).
 *
 * Tolerances are sampling errors: a lag-k autocovariance estimated from P independent stationary
 * paths of length n with correlation time τ_c has standard error ≈ C(0)√(2τ_c/(nP dt)); the bounds
 * below are ≥ 4 such errors (values in the comments).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConvergenceError, InvalidParameterError, NonPhysicalError, Rng } from '@gatefield/numerics';
import { solveGatedDmft } from '../../src/gated/dmft.js';
import { EvenLagTransform } from '../../src/gated/fft.js';
import { checkSampledCorrelation, circulantRoot, samplePathPair, solveGatedDmftSampling } from '../../src/gated/samplingDmft.js';

describe('circulant-embedding sampler [GATE-NUM-2]', () => {
  it('draws stationary paths with the requested covariance e^{−|u|} (200 paths of length 2048, dt = 0.05: standard error ≈ 0.011 at lag 0)', () => {
    const m = 1024, L = 4096, dt = 0.05;
    const c = Float64Array.from({ length: m }, (_, k) => Math.exp(-k * dt));
    const root = circulantRoot(c, L);
    const a = new Float64Array(L), b = new Float64Array(L);
    const lagsK = [0, 20, 40];
    const acc = [0, 0, 0];
    let count = 0;
    for (let j = 0; j < 100; j++) {
      samplePathPair(root, new Rng(5).derive(j), a, b);
      for (const x of [a, b]) {
        lagsK.forEach((k, i) => { let s = 0; for (let t = 0; t + k < 2048; t++) s += x[t] * x[t + k]; acc[i] += s / (2048 - k); });
        count++;
      }
    }
    lagsK.forEach((k, i) => expect(Math.abs(acc[i] / count - Math.exp(-k * dt)), `lag ${k}`).toBeLessThan(0.05));
    // Same seed, same paths.
    const a2 = new Float64Array(L), b2 = new Float64Array(L);
    samplePathPair(root, new Rng(5).derive(0), a2, b2);
    samplePathPair(root, new Rng(5).derive(0), a, b);
    expect(Array.from(a2.subarray(0, 10))).toEqual(Array.from(a.subarray(0, 10)));
  });
});

describe('sampling DMFT, scheme A [GATE-NUM-1]', () => {
  it('stays at the scheme-B solution for α_z = 0 within sampling error ([GATE-REF-F2G]: A 0.1092 vs B 0.1080; here 40 paths × T = 200, error ≈ 0.006)', () => {
    const P = { g_h: 3, alpha_r: 2, tau_r: 1.5 };
    const b = solveGatedDmft(P, { du: 0.05, points: 1024, damping: 1, chebyshevNodes: 32, hermiteNodes: 32, tol: 1e-9, initialVariance: 0.2 });
    const a = solveGatedDmftSampling(P, { lagPoints: 1024, paths: 40, iterations: 1, transientTime: 50, windowTime: 200, seed: 3, strict: false, initial: { C_phi: b.C_phi, C_psi: b.C_psi } });
    expect(Math.abs(a.C_h[0] - b.C_h[0])).toBeLessThan(0.012);
    expect(Math.abs(a.C_r[0] - b.C_r[0])).toBeLessThan(0.03);
    expect(Math.abs(a.sigmaZMean - 0.5)).toBeLessThan(1e-9); // α_z = 0: σ_z ≡ s_z = 1/2
    expect(a.settings).toMatchObject({ paths: 40, seed: 3, warmStart: 'given' });
  });
});

/** An exponential initial guess on m lag points (cheap warm start for the property tests). */
function guess(m: number, dt = 0.05) {
  return { C_phi: Float64Array.from({ length: m }, (_, k) => 0.4 * Math.exp(-k * dt / 3)), C_psi: Float64Array.from({ length: m }, (_, k) => 0.15 * Math.exp(-k * dt / 3)) };
}
const TINY = { lagPoints: 256, paths: 12, iterations: 1, transientTime: 10, windowTime: 60, adaptRanges: false, strict: false };

describe('scheme A invariants (fast-check, few runs) [GATE-NUM-1]', () => {
  it('returns C_h with C_h(0) ≥ |C_h(u)| and a non-negative (tapered) power spectrum up to the sampling tolerance, or throws NonPhysicalError', () => {
    fc.assert(fc.property(fc.double({ min: 2.2, max: 4, noNaN: true }), fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), fc.nat(1000), (g_h, alpha_z, alpha_r, seed) => {
      try {
        const r = solveGatedDmftSampling({ g_h, alpha_z, alpha_r, tau_z: 2, tau_r: 1.5 }, { ...TINY, seed, initial: guess(256) });
        const c0 = r.C_h[0];
        for (let k = 1; k < r.C_h.length; k++) expect(Math.abs(r.C_h[k])).toBeLessThanOrEqual(c0 * (1 + r.settings.physicalTol));
        expect(() => checkSampledCorrelation('C_h', r.C_h, 0.05, r.settings.physicalTol)).not.toThrow();
      } catch (e) {
        expect(e).toBeInstanceOf(NonPhysicalError);
      }
    }), { numRuns: 3, seed: 11 });
  });

  it('has C_z = k_{τ_z} * C_φ [GATE-DMFT-5], i.e. Δ_z = C_z(0) [GATE-DMFT-6] for the field covariance C_φ [GATE-DMFT-2] (one iteration from a known input C_φ; 24 paths × T = 80, sampling error ≈ 0.03, bound 0.1)', () => {
    fc.assert(fc.property(fc.double({ min: 0.5, max: 3, noNaN: true }), fc.nat(1000), (tau_z, seed) => {
      const init = guess(512);
      const r = solveGatedDmftSampling({ g_h: 3, alpha_z: 2, alpha_r: 2, tau_z, tau_r: 1.5 }, { ...TINY, lagPoints: 512, paths: 24, windowTime: 80, transientTime: 20, seed, initial: init });
      const want = new EvenLagTransform(512, 0.05).yukawa(init.C_phi, tau_z)[0]; // Δ_z of [GATE-DMFT-6]
      expect(Math.abs(r.C_z[0] - want)).toBeLessThan(0.1);
    }), { numRuns: 3, seed: 5 });
  });

  it('rejects non-physical correlation functions: |C(u)| > C(0) and a box (sinc spectrum) throw NonPhysicalError', () => {
    const box = Float64Array.from({ length: 256 }, (_, k) => (k < 100 ? 1 : 0));
    expect(() => checkSampledCorrelation('C', box, 0.05, 0.05)).toThrow(NonPhysicalError);
    const bump = Float64Array.from({ length: 256 }, (_, k) => (k === 5 ? 2 : Math.exp(-k / 20)));
    expect(() => checkSampledCorrelation('C', bump, 0.05, 0.05)).toThrow(NonPhysicalError);
    expect(() => checkSampledCorrelation('C', Float64Array.from({ length: 256 }, (_, k) => Math.exp(-k / 20)), 0.05, 0.05)).not.toThrow();
  });
});

describe('scheme A robustness [GATE-NUM-1] warnings', () => {
  it('warm-starts from scheme B, grows the lag range with the correlation time ([GATE-DMFT-10]), monitors C_h(0) and C_h(20) and throws ConvergenceError for a drifting run (converged: false with strict: false)', () => {
    const P = { g_h: 3, alpha_z: 2, alpha_r: 2, tau_z: 2, tau_r: 1.5 };
    const o = { lagPoints: 64, paths: 6, iterations: 3, transientTime: 5, windowTime: 10, seed: 1, lagFactor: 4, maxLagPoints: 512, strict: false };
    const r = solveGatedDmftSampling(P, o);
    expect(r.settings.warmStart).toBe('schemeB');
    expect(r.settings.lagPoints).toBeGreaterThan(64); // τ_c ≈ 5–10 at α_z = 2, so 4τ_c > 3.2
    expect(r.settings.windowTime).toBeGreaterThanOrEqual(2 * r.settings.lagPoints * 0.05 - 1e-9);
    expect(r.lags.length).toBe(r.settings.lagPoints);
    expect(r.historyCh0).toHaveLength(3);
    expect(r.historyChLag).toHaveLength(3);
    expect(r.timescales.gateTime).toBeCloseTo(1 / r.sigmaZMean, 12);
    // Monitoring only the last 2 rounds leaves one difference, so no noise allowance (σ cannot be
    // estimated): with driftTol = 0 any change of C_h(0) between the rounds is a drift.
    const slow = { ...o, adaptRanges: false, lagPoints: 128, windowTime: 20, iterations: 3, monitorRounds: 2, initial: guess(128), driftTol: 0 };
    const drifting = solveGatedDmftSampling(P, slow);
    expect(drifting.drift.Ch0).toBeGreaterThan(0);
    expect(drifting.converged).toBe(false);
    expect(solveGatedDmftSampling(P, { ...slow, driftTol: 10 }).converged).toBe(true);
    expect(() => solveGatedDmftSampling(P, { ...slow, strict: true })).toThrow(ConvergenceError);
    expect(() => solveGatedDmftSampling(P, { ...o, iterations: 1, strict: true })).toThrow(InvalidParameterError); // no drift measurable
    expect(solveGatedDmftSampling(P, { ...o, adaptRanges: false, lagPoints: 128, windowTime: 20, iterations: 1, initial: guess(128) }).drift.Ch0).toBeNull();
  });
});

describe('scheme A input validation', () => {
  it('rejects an Euler step larger than the smallest time constant (dt = 0.1 > τ_r = 0.05) with InvalidParameterError instead of returning NaN correlations', () => {
    expect(() => solveGatedDmftSampling({ g_h: 3, alpha_z: 2, tau_r: 0.05 }, { dt: 0.1, lagPoints: 64, windowTime: 10, transientTime: 1, paths: 2, iterations: 2, warmStart: 'none' })).toThrow(InvalidParameterError);
  });
});
