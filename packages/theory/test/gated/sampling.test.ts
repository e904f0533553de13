/**
 * Scheme A ([GATE-NUM-1]) and the circulant-embedding sampler ([GATE-NUM-2]).
 *
 * Tolerances are sampling errors: a lag-k autocovariance estimated from P independent stationary
 * paths of length n with correlation time τ_c has standard error ≈ C(0)√(2τ_c/(nP dt)); the bounds
 * below are ≥ 4 such errors (values in the comments).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@gatefield/numerics';
import { solveGatedDmft } from '../../src/gated/dmft.js';
import { circulantRoot, samplePathPair, solveGatedDmftSampling } from '../../src/gated/samplingDmft.js';

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
    const a = solveGatedDmftSampling(P, { lagPoints: 1024, paths: 40, iterations: 1, transientTime: 50, windowTime: 200, seed: 3, initial: { C_phi: b.C_phi, C_psi: b.C_psi } });
    expect(Math.abs(a.C_h[0] - b.C_h[0])).toBeLessThan(0.012);
    expect(Math.abs(a.C_r[0] - b.C_r[0])).toBeLessThan(0.03);
    expect(Math.abs(a.sigmaZMean - 0.5)).toBeLessThan(1e-9); // α_z = 0: σ_z ≡ s_z = 1/2
    expect(a.settings).toMatchObject({ paths: 40, seed: 3, warmStart: 'given' });
  });
});
