/**
 * LSTM slow suite (GATEFIELD_SLOW=1): the table sizes of lstm.md — [LSTM-REF-2] at N = 2000
 * (4000×4000 Jacobian) and [LSTM-REF-1] at N = 1500 (3000×3000) — and the 1500-site spread of the
 * theory that explains the recorded [LSTM-REF-1] theory column ([OQ-14]). Tolerances as in
 * lstm.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@gatefield/numerics';
import { lstmDiskMasses, lstmMeanA, lstmModel, lstmOrigin, lstmSiteAverages, lstmSupportFunctional, predictLstm, resolveLstmParameters, sampleLstmSites, slowForgetProbability } from '@gatefield/theory';
import { createNetwork, jacobianAtState, spectrum } from '@gatefield/sim';
import { lstmIidSites, simulateLstm } from 'gatefield';

const binomialSd = (m: number, count: number) => Math.sqrt(Math.max(m * (1 - m), 1 / count) / count);

describe('[LSTM-REF-2] Cassini oval at the origin, N = 2000 as in the table', () => {
  const p = resolveLstmParameters({ g_c: 1, beta_c: 0, beta_f: -Math.log(9), beta_i: 0, beta_o: 0 });
  const o = lstmOrigin(p);
  const n = 2000;
  const net = createNetwork(lstmModel(), p as unknown as Record<string, number>, n, 2020);
  const eig = spectrum(jacobianAtState(net, new Float64Array(2 * n)), 2 * n);
  const q = Array.from(eig.re, (x, k) => Math.hypot(x + 1, eig.im[k]) * Math.hypot(x + 1 - o.f0, eig.im[k]));

  it('has max |λ+1||λ+1−f₀| in [0.985R, 1.04R] (table: 0.255 observed for R = 0.25) and rightmost point within x*(0.96R)…x*(1.04R) of 0.1227 (table: 0.1259)', () => {
    const max = Math.max(...q);
    expect(max).toBeGreaterThan(0.985 * o.gain);
    expect(max).toBeLessThan(1.04 * o.gain);
    const xs = (R: number) => (-(2 - o.f0) + Math.sqrt(o.f0 * o.f0 + 4 * R)) / 2;
    const right = Math.max(...eig.re);
    expect(right).toBeGreaterThan(xs(0.96 * o.gain));
    expect(right).toBeLessThan(xs(1.04 * o.gain));
  });

  it('fills the oval with |λ+1||λ+1−f₀| ≤ tR for a fraction t² (binomial 4 sd over N)', () => {
    for (const t of [0.2, 0.5, 0.8, 0.95]) {
      const frac = q.filter((v) => v <= t * o.gain).length / q.length;
      expect(Math.abs(frac - t * t), `t = ${t}`).toBeLessThan(4 * binomialSd(t * t, n));
    }
  });
});

describe('[LSTM-REF-1] at N = 1500 as in the table (β_i = β_o = β_c = 0, C = 0.4 imposed)', () => {
  const p = resolveLstmParameters({ g_c: 3, beta_c: 0, alpha_f: 6, beta_f: -1, alpha_i: 3, beta_i: 0, alpha_o: 3, beta_o: 0 });
  const disks = [
    { re: 0, im: 0, r: 0.05 },
    { re: 0, im: 0, r: 0.2 },
    { re: -1, im: 0, r: 0.3 },
    { re: -1.3, im: 0, r: 0.3 },
    { re: -0.5, im: 0, r: 0.3 },
    { re: -1, im: 0.3, r: 0.2 },
    { re: -1.2, im: 0.5, r: 0.3 },
  ];
  const twice = [1, 1, 1, 1, 1, 2, 2];
  const recordedTheory = [0.1514, 0.2374, 0.2808, 0.1962, 0.1618, 0.1615, 0.1466];
  const recordedObserved = [0.15, 0.2353, 0.281, 0.1973, 0.1647, 0.1593, 0.1473];
  const n = 1500;
  const pred = predictLstm(p, { C: 0.4, disks, boundaryPoints: 32, sites: { points: 16384 } });

  it('simulated masses, slow-mode count and the outside-support fraction agree with the population theory', () => {
    const sim = simulateLstm(p, { n, seed: 1500, ensemble: 'iid', C: 0.4, disks });
    pred.masses.forEach((m, k) => expect(Math.abs(sim.masses[k].mass - m.mass), JSON.stringify(disks[k])).toBeLessThan(3 * binomialSd(m.mass, 2 * n) + 1e-3));
    const theorySame = lstmDiskMasses(lstmIidSites(p, n, 1500, 0.4), disks);
    theorySame.forEach((m, k) => expect(Math.abs(sim.masses[k].mass - m.mass)).toBeLessThan(binomialSd(m.mass, 2 * n)));
    const P = slowForgetProbability(0.02, 0.4, p);
    expect(Math.abs(sim.slowModes.countPerN - P)).toBeLessThan(3 * Math.sqrt((P * (1 - P)) / n));
    const av = lstmSiteAverages(0.4, p);
    let out = 0;
    for (const [x, y] of sim.eigenvalues) if (!(Math.abs(y) < 0.02 && x > -1.02 && x < 0.02) && lstmSupportFunctional(x, y, av) < 1 - 2 / Math.sqrt(n)) out++;
    expect(out / (2 * n)).toBeLessThan(0.02);
  });

  it('the recorded observed column agrees with the population theory within 3 binomial sd over its 3000 eigenvalues', () => {
    pred.masses.forEach((m, k) => expect(Math.abs(recordedObserved[k] - twice[k] * m.mass), `disk ${k}`).toBeLessThan(3 * twice[k] * binomialSd(m.mass, 2 * n)));
    expect(Math.abs(0.2147 - pred.slowModes.countPerN)).toBeLessThan(3 * Math.sqrt((0.223 * 0.777) / n));
  });

  it('the recorded theory column lies within 3 sd of the theory evaluated on 1500 iid sites (16 seeds), as if computed on the realisation’s own sites', () => {
    const rows: number[][] = [];
    const edges: number[] = [];
    for (let seed = 1; seed <= 16; seed++) {
      const S = sampleLstmSites({ C: 0.4 }, p, n, new Rng(seed));
      rows.push(lstmDiskMasses(S, disks).map((m, k) => twice[k] * m.mass));
      // left edge: the root of ⟨a(x)⟩ = 1 left of −1 (bisection; ⟨a⟩ decreases away from −1)
      let lo = -3;
      let hi = -1 - 1e-9;
      for (let it = 0; it < 60; it++) {
        const mid = 0.5 * (lo + hi);
        if (lstmMeanA(S, { re: mid, im: 0 }) > 1) hi = mid;
        else lo = mid;
      }
      edges.push(0.5 * (lo + hi));
    }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const sd = (a: number[]) => Math.sqrt(a.reduce((x, y) => x + (y - mean(a)) ** 2, 0) / (a.length - 1));
    disks.forEach((_, k) => {
      const col = rows.map((r) => r[k]);
      expect(Math.abs(recordedTheory[k] - mean(col)), `disk ${k}`).toBeLessThan(3 * sd(col));
    });
    expect(Math.abs(-1.617 - mean(edges))).toBeLessThan(3 * sd(edges));
  });
});

describe('true fixed point at N = 1000', () => {
  it('has C within 3 standard errors of the mean field and masses matching its own diagonals (1 binomial sd)', () => {
    const p = resolveLstmParameters({ g_c: 2, beta_c: 1, alpha_f: 2, beta_f: 0, alpha_i: 2, beta_i: 0, alpha_o: 2, beta_o: 0 });
    const n = 1000;
    const disks = [
      { re: -1, im: 0, r: 0.3 },
      { re: -0.5, im: 0, r: 0.2 },
      { re: -0.8, im: 0.4, r: 0.25 },
    ];
    const sim = simulateLstm(p, { n, seed: 11, ensemble: 'fixed-point', disks, keepSites: true });
    const pred = predictLstm(p, { disks, boundaryPoints: 16 });
    expect(Math.abs(sim.C - pred.meanField.C)).toBeLessThan((3 * pred.meanField.C) / Math.sqrt(n) + 1e-3);
    pred.masses.forEach((m, k) => expect(Math.abs(sim.masses[k].mass - m.mass)).toBeLessThan(3 * binomialSd(m.mass, 2 * n) + 1e-3));
    lstmDiskMasses(sim.sites!, disks).forEach((m, k) => expect(Math.abs(sim.masses[k].mass - m.mass)).toBeLessThan(binomialSd(m.mass, 2 * n)));
  });
});
