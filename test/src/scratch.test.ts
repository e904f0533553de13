import { it } from 'vitest';
import { getModel } from '@gatefield/models';
import { Rng, logistic, sech2 } from '@gatefield/numerics';
import { createNetwork, iidDiagonalJacobian, luFactor, resolveFixedPointFlow } from '@gatefield/sim';
import { sampleGruSites, solveGruMeanField, resolveGruParameters, gruSites } from '@gatefield/theory';
import { complexityFromSites, complexityAtRoot } from '../../packages/theory/dist/complexity/annealedComplexity.js';
const gru = getModel('gru');
it('scratch', () => {
  for (const [g, a, which] of [[2.5, 4, 1], [1.9, 10, 2]] as const) {
  const params = { g_h: g, alpha_r: a };
  const p = resolveGruParameters(params);
  const root = solveGruMeanField(p).roots[which];
  const mf = complexityAtRoot(p, root, 'scba').sigma, mf0 = complexityAtRoot(p, root, 'closed-form').sigma;
  const flow = resolveFixedPointFlow(gru);
  for (const N of [500, 1000]) {
    const diffs: number[] = [], diffs0: number[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const net = createNetwork(gru, params, N, seed);
      const s = sampleGruSites(root, p, N, new Rng(seed).derive('sites'));
      const y = new Float64Array(3 * N); y.set(s.xi, 0); y.set(s.zeta, N); y.set(s.eta, 2 * N);
      const ld = (J: Float64Array) => { const lu = luFactor(J, N, true); let v = 0; for (let k = 0; k < N; k++) v += Math.log(Math.abs(lu.lu[k * N + k])); return v / N; };
      const full = ld(iidDiagonalJacobian(net, { x: Float64Array.from(s.h), y }, { flow }));
      // d ≡ 0 matrix: J0 = -1 + L Uh P
      const uh = net.weights[2]; const J0 = new Float64Array(N * N);
      for (let i = 0; i < N; i++) { for (let j = 0; j < N; j++) J0[i * N + j] = s.phiPrime[i] * uh[i * N + j] * s.rho[j]; J0[i * N + i] -= 1; }
      const d0 = ld(J0);
      const ones = new Float64Array(N).fill(1);
      const sites = gruSites({ s: ones, l: s.phiPrime, rho: s.rho, d: s.d });
      const sites0 = gruSites({ s: ones, l: s.phiPrime, rho: s.rho });
      const th = complexityFromSites(sites, g * g, 'scba').sigma, th0 = complexityFromSites(sites0, g * g, 'closed-form').sigma;
      diffs.push(full - th); diffs0.push(d0 - th0);
      console.log(g, a, N, seed, 'full', full.toFixed(5), 'theory(sample)', th.toFixed(5), 'MF', mf.toFixed(5), '| d0', d0.toFixed(5), th0.toFixed(5), mf0.toFixed(5));
    }
    const st = (v: number[]) => { const m = v.reduce((x, y) => x + y) / v.length; const sd = Math.sqrt(v.reduce((x, y) => x + (y - m) ** 2, 0) / (v.length - 1)); return `${m.toFixed(5)}±${(sd / Math.sqrt(v.length)).toFixed(5)} (sd ${sd.toFixed(5)})`; };
    console.log('N', N, 'full-theory', st(diffs), 'd0-theory', st(diffs0));
  }
  }
});
