/**
 * Cross-package checks of the Kac–Rice complexity ([KR-1]–[KR-10], [KR-REF-5]) and of the
 * fixed-point landscape ([KR-13]–[KR-16]) against finite networks.
 *
 * 1. Log-determinants ([KR-6]: Σ_MF = (1/N) E log|det ∂F(h*)|, ∂F = −1 + Φ′U_h(P + D U_r)) in
 *    iid-diagonal mode ([NUM-11] mode 1): sites drawn iid from the MF law at g_h = 2.5, α_r = 4
 *    (the [KR-REF-5] setting), weights drawn independently, N = 1000, 4 seeds.
 *    Error model (measured, N = 500–1000, 6 seeds): per sample, (1/N)log|det| minus the theory
 *    evaluated on the SAME N sites has sd ≈ 0.002 and a negative mean ≈ −0.0013 (the O(log N/N)
 *    correction of [NUM-14]); the theory on the N sampled sites differs from the MF-quadrature
 *    value by the site-sampling noise, sd ≈ 0.0025 per sample at N = 1000. Hence:
 *    - sharp test: the seed-average of (finite − same-site theory) within ±0.003 ([KR-REF-5]);
 *    - MF test: the seed-average of the finite value within 0.003 + 3·0.0025/√4 of Σ_MF.
 *    With these tolerances the table's full-SCBA value 0.01625 ([KR-REF-4]) is not distinguishable
 *    from ours (0.01973) by the MF test alone; the same-site test is what supports 0.01973 (a
 *    0.0035 lower theory would put the mean offset at ≈ +0.002, against the sign of the bias).
 * 2. Fixed-point counts of small networks (N = 30, many-start Newton) across the complexity
 *    boundary. What such a trend test CAN show: the ordering predicted by the phase diagram —
 *    at α_r = 10 more fixed points above g_sn = 1.754 than below it, already while the origin is
 *    stable (g_h = 1.9 < 2), and none but the origin at α_r = 1 (continuous onset, [KR-13]) for the
 *    same g_h: the reset gate creates complexity before the origin destabilises ([KR-16]).
 *    What it CANNOT show: the value of Σ (at N = 30, NΣ ≈ 1 and the O(1) corrections to log E𝒩
 *    dominate), the annealed-versus-quenched distinction ([OQ-10]), the exact location of g_sn
 *    (finite-N smearing), or anything about the MF value of C: Newton counts are lower bounds and
 *    are biased toward atypical low-norm fixed points ([NUM-13]).
 */
import { describe, expect, it } from 'vitest';
import { getModel } from '@gatefield/models';
import { Rng } from '@gatefield/numerics';
import { countFixedPoints, createNetwork, iidDiagonalJacobian, luFactor, resolveFixedPointFlow } from '@gatefield/sim';
import { complexityAtRoot, complexityFromSites, gruSites, resolveGruParameters, sampleGruSites, saddleNodeGain, solveGruMeanField } from '@gatefield/theory';

const gru = getModel('gru');
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** (1/N) log|det A| from the LU pivots (A overwritten). */
function logAbsDet(a: Float64Array, n: number): number {
  const lu = luFactor(a, n, true);
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.log(Math.abs(lu.lu[k * n + k]));
  return s / n;
}

describe('finite-N log-determinants against Σ_MF ([KR-6], [KR-REF-5])', () => {
  it('agree for the full ∂F and the d ≡ 0 matrix at N = 1000 (4 seeds), within the O(log N/N) tolerance', () => {
    const params = { g_h: 2.5, alpha_r: 4 };
    const p = resolveGruParameters(params);
    const root = solveGruMeanField(params).roots[1];
    const sigmaFull = complexityAtRoot(p, root, 'scba').sigma;
    const sigmaD0 = complexityAtRoot(p, root, 'closed-form').sigma;
    const flow = resolveFixedPointFlow(gru);
    const N = 1000;
    const rows: { full: number; d0: number; sameFull: number; sameD0: number }[] = [];
    for (let seed = 1; seed <= 4; seed++) {
      const net = createNetwork(gru, params, N, seed);
      const s = sampleGruSites(root, p, N, new Rng(seed).derive('sites'));
      const y = new Float64Array(3 * N);
      y.set(s.xi, 0);
      y.set(s.zeta, N);
      y.set(s.eta, 2 * N);
      const full = logAbsDet(iidDiagonalJacobian(net, { x: Float64Array.from(s.h), y }, { flow }), N);
      // d ≡ 0 matrix −1 + Φ′U_h P
      const uh = net.weights[2];
      const j0 = new Float64Array(N * N);
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) j0[i * N + j] = s.phiPrime[i] * uh[i * N + j] * s.rho[j];
        j0[i * N + i] -= 1;
      }
      const d0 = logAbsDet(j0, N);
      const ones = new Float64Array(N).fill(1);
      const sameFull = complexityFromSites(gruSites({ s: ones, l: s.phiPrime, rho: s.rho, d: s.d }), p.g_h ** 2, 'scba').sigma;
      const sameD0 = complexityFromSites(gruSites({ s: ones, l: s.phiPrime, rho: s.rho }), p.g_h ** 2, 'closed-form').sigma;
      rows.push({ full, d0, sameFull, sameD0 });
    }
    const offFull = mean(rows.map((r) => r.full - r.sameFull));
    const offD0 = mean(rows.map((r) => r.d0 - r.sameD0));
    expect(Math.abs(offFull), `full: offsets ${rows.map((r) => (r.full - r.sameFull).toFixed(4)).join(' ')}`).toBeLessThan(0.003);
    expect(Math.abs(offD0), `d ≡ 0: offsets ${rows.map((r) => (r.d0 - r.sameD0).toFixed(4)).join(' ')}`).toBeLessThan(0.003);
    const tolMF = 0.003 + (3 * 0.0025) / Math.sqrt(rows.length);
    expect(Math.abs(mean(rows.map((r) => r.full)) - sigmaFull)).toBeLessThan(tolMF);
    expect(Math.abs(mean(rows.map((r) => r.d0)) - sigmaD0)).toBeLessThan(tolMF);
    // the reset-derivative term dominates: the full value is an order of magnitude above d ≡ 0
    expect(mean(rows.map((r) => r.full))).toBeGreaterThan(5 * Math.max(mean(rows.map((r) => r.d0)), 0.001));
  });
});

describe('fixed-point counts of small networks across the complexity boundary ([KR-13]–[KR-16])', () => {
  it('grow across g_sn at α_r = 10 while the origin is still stable, but not at α_r = 1 (N = 30, 10 seeds, 60 starts)', () => {
    const N = 30;
    const seeds = Array.from({ length: 10 }, (_, k) => k + 1);
    const meanCount = (alpha_r: number, g_h: number) => mean(seeds.map((seed) => countFixedPoints(createNetwork(gru, { g_h, alpha_r }, N, seed), { starts: 60, classify: false }).count));
    const gsn = saddleNodeGain({ alpha_r: 10 }).g_sn as number;
    expect(gsn).toBeGreaterThan(1.5);
    expect(gsn).toBeLessThan(1.9);
    const below = meanCount(10, 1.5); // Σ_MF = 0: only the origin in the MF
    const between = meanCount(10, 1.9); // g_sn < g_h < 2: stable origin, Σ_MF > 0
    const above = meanCount(10, 2.5); // origin unstable
    const gatedLow = meanCount(1, 1.9); // continuous onset: Σ_MF = 0 below g_h = 2
    expect(below).toBeLessThan(2);
    expect(between).toBeGreaterThan(below + 1);
    expect(above).toBeGreaterThan(between);
    expect(gatedLow).toBeLessThan(1.5);
    expect(between).toBeGreaterThan(gatedLow + 1);
  });
});
