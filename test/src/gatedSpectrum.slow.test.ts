/**
 * Slow (GATEFIELD_SLOW=1): the gated-RNN log-potential [GATE-RMT-7] against N = 800 networks at true
 * fixed points ([GATE-REF-F1]); the default-suite version at N = 400 is gatedSpectrum.test.ts.
 *
 * Finite-N scaling measured with the scratch runs behind that file (max over seeds of
 * |Φ_N − Φ_own units| at λ = 0.1): 6.4e-3 (N = 200), 9.4e-4 (400), 1.2e-3 (800), 7.5e-5 (1500, one
 * seed); inside the bulk at λ = −0.5 + 0.3i: ≤ 2.5e-3 (200), ≤ 1.1e-3 (400). This run measured at
 * N = 800: 2.4e-4 and 1.6e-4 at λ = 0.1 (seeds 1, 2), but 2.0e-3 and 2.6e-3 at λ = −0.5 + 0.3i: inside
 * the bulk the network-to-theory difference does not shrink like 1/N between N = 400 and 800 over these
 * few seeds (J^h at a fixed point is conditioned on h = J^hψ, and the log-determinant inside the bulk
 * fluctuates more than outside) — we allow 5e-3. Each N = 800 fixed point takes 20–70 s.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '@gatefield/models';
import { createNetwork, findFixedPoint, jacobianAtState, spectrum } from '@gatefield/sim';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const load = (p: string): Promise<Any> => import(/* @vite-ignore */ new URL(p, import.meta.url).href);
const models: Any = await load('../../packages/models/src/gatedRnn.ts');
const lp: Any = await load('../../packages/theory/src/gated/logPotential.ts');
const gated = compileModel(models.gatedRnnSpec());
const F1 = { g_h: 1.6, beta_h: 0.4, alpha_r: 2, beta_r: 0, alpha_z: 5, beta_z: 0, tau_z: 2, tau_r: 1.5 };

describe('[GATE-REF-F1] log-potential of N = 800 networks [GATE-RMT-7], [GATE-RMT-8]', () => {
  it('matches Σ_k ln|λ − μ_k|/N on each network\'s own units and J^r within 5e-3 at λ = 0.1 and λ = −0.5 + 0.3i (seeds 1, 2)', () => {
    const n = 800;
    for (const seed of [1, 2]) {
      const net = createNetwork(gated, F1, n, seed);
      const fp = findFixedPoint(net, { initScale: 0.3 });
      expect(fp.residual).toBeLessThan(1e-9);
      const J = jacobianAtState(net, fp.state);
      const m = 2 * n, A = new Float64Array(m * m);
      const idx = (k: number) => (k < n ? k : k + n);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) A[i * m + j] = J[idx(i) * 3 * n + idx(j)];
      const e = spectrum(A, m);
      const st = fp.state;
      const own = lp.gatedSpectralModel(F1, { units: { h: st.subarray(0, n), z: st.subarray(n, 2 * n), r: st.subarray(2 * n), jr: net.weights[net.matrixNames.indexOf('J_r')] } });
      for (const [re, im] of [[0.1, 0], [-0.5, 0.3]]) {
        let s = 0;
        for (let k = 0; k < m; k++) s += Math.log(Math.hypot(re - e.re[k], im - e.im[k]));
        const th = own.evaluate(re, im).phi;
        if (process.env.GATEFIELD_VERBOSE) console.log(`N = ${n}, seed ${seed}, λ = ${re}+${im}i: Φ_N = ${s / n}, own units ${th}`);
        expect(Math.abs(s / n - th)).toBeLessThan(5e-3);
      }
    }
  });
});
