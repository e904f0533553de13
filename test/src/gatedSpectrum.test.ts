/**
 * The gated-RNN log-potential, density and disk masses ([GATE-RMT-7], [GATE-RMT-8]) against finite
 * networks at true fixed points ([GATE-REF-F1]).
 *
 * Finite-N accounting for Φ(λ) = (1/N) ln|det(λ − A_hr)| at λ = 0.1 (outside the bulk, so Ψ = 0):
 * - the network's own units: Φ_N − [ln|λ + 1/τ_r| + (1/N)Σ_i ln|λ + σ_z(z_i)|] = (1/N) ln|det(1 − J^h Y D_z)|,
 *   an O(1/N) remainder. Measured |remainder| over 6 seeds each: ≤ 6.4e-3 (N = 200), ≤ 9.4e-4
 *   (N = 400), ≤ 1.2e-3 (N = 800), 7.5e-5 (N = 1500, seed 1: Φ_N = −1.01904 against −1.01911 on its own
 *   units; fixed point 6 min, so not in any suite) — we allow 3e-3 at N = 400.
 * - the N → ∞ value −0.99467: (1/N)Σ ln|λ + σ_z(z_i)| fluctuates from network to network like N^{-1/2}
 *   (sd ≈ 0.03 at N = 400, ≈ 0.03 at N = 800 over 6 seeds); the seed mean must lie within 3 standard
 *   errors (+ 3e-3 for the O(1/N) remainder).
 * - The table's −0.9816 (theory) / −0.9817 (sim) at N = 1500 differ from the N → ∞ value by 0.013 ≈
 *   one network-to-network sd at N = 1500 (≈ 0.016; our seed-1 N = 1500 network gives −1.019, 0.024 on
 *   the other side): the table's "theory" was evaluated on that network's empirical units (as the
 *   first check does here), not in the N → ∞ limit.
 * Disk masses: counts of the 2N (h, r) eigenvalues; for a mass p the count fraction has a binomial
 * sd √(p(1 − p)/2N) per network (conservative: eigenvalues repel); pooled over k networks we allow
 * 3 sd/√k + 0.01 (edge eigenvalues spill O(N^{-1/2}) across the bulk boundary, and the sampled theory
 * carries its own ≈ 3e-3 sample spread).
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '@gatefield/models';
import { createNetwork, findFixedPoint, jacobianAtState, luFactor, spectrum } from '@gatefield/sim';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const load = (p: string): Promise<Any> => import(/* @vite-ignore */ new URL(p, import.meta.url).href);
const models: Any = await load('../../packages/models/src/gatedRnn.ts');
const lp: Any = await load('../../packages/theory/src/gated/logPotential.ts');
const dm: Any = await load('../../packages/theory/src/gated/diskMass.ts');
const gated = compileModel(models.gatedRnnSpec());
const F1 = { g_h: 1.6, beta_h: 0.4, alpha_r: 2, beta_r: 0, alpha_z: 5, beta_z: 0, tau_z: 2, tau_r: 1.5 };

/** A network at a true fixed point and its (h, r) block A_hr (2N×2N, row-major). */
function hrBlock(params: Record<string, number>, n: number, seed: number) {
  const net = createNetwork(gated, params, n, seed);
  const fp = findFixedPoint(net, { initScale: 0.3 });
  const J = jacobianAtState(net, fp.state);
  const m = 2 * n, A = new Float64Array(m * m);
  const idx = (k: number) => (k < n ? k : k + n); // (h, z, r) layout: skip the z-block
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) A[i * m + j] = J[idx(i) * 3 * n + idx(j)];
  return { net, fp, A, n };
}
function logDetShifted(A: Float64Array, m: number, lambda: number): number {
  const B = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) B[i * m + j] = (i === j ? lambda : 0) - A[i * m + j];
  const f = luFactor(B, m);
  let s = 0;
  for (let k = 0; k < m; k++) s += Math.log(Math.abs(f.lu[k * m + k]));
  return s;
}
const meanSd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { m, sd: Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) };
};

describe('[GATE-REF-F1]: Φ(0.1) and disk masses of N = 400 networks against [GATE-RMT-7]', () => {
  const n = 400;
  const nets = [1, 2, 3].map((seed) => hrBlock(F1, n, seed));
  let eigsCache: { re: Float64Array; im: Float64Array }[] | null = null;
  const eigs = () => (eigsCache ??= nets.map(({ A }) => spectrum(A, 2 * n)));

  it('matches (1/N) ln|det(0.1 − A_hr)| of each network within 3e-3 when evaluated on that network\'s own units', () => {
    for (const { fp, A, net } of nets) {
      expect(fp.residual).toBeLessThan(1e-9);
      const st = fp.state;
      const units = { h: st.subarray(0, n), z: st.subarray(n, 2 * n), r: st.subarray(2 * n), jr: net.weights[net.matrixNames.indexOf('J_r')] };
      const th = lp.gatedSpectralModel(F1, { units, seed: net.seed }).evaluate(0.1, 0);
      expect(th.inBulk).toBe(false);
      expect(Math.abs(logDetShifted(A, 2 * n, 0.1) / n - th.phi)).toBeLessThan(3e-3);
    }
  });

  it('has a seed mean within 3 standard errors (+ 3e-3) of the N → ∞ value −0.99467, and the table value −0.9816 is one finite-network draw away from it', () => {
    const phis = nets.map(({ A }) => logDetShifted(A, 2 * n, 0.1) / n);
    const { m, sd } = meanSd(phis);
    if (process.env.GATEFIELD_VERBOSE) console.log('Φ_N(0.1), N = 400:', phis, 'mean', m, 'sd', sd);
    const inf = lp.gatedLogPotential(F1, 0.1, 0).phi;
    expect(Math.abs(inf - -0.99467)).toBeLessThan(1e-4);
    expect(Math.abs(m - inf)).toBeLessThan((3 * sd) / Math.sqrt(phis.length) + 3e-3);
    // network-to-network sd scaled to N = 1500 covers the table's offset of 0.013
    expect(Math.abs(-0.9816 - inf)).toBeLessThan(2 * sd * Math.sqrt(n / 1500) + 3e-3);
  });

  it('matches Σ_k ln|λ − μ_k|/N at λ = −0.5 + 0.3i inside the bulk (Ψ ≠ 0) on a network\'s own units and J^r within 5e-3, and the N → ∞ value (sampled singular values [GATE-RMT-8]) within the seed spread', () => {
    // measured |Φ_N − Φ_own| at this λ: 1.1e-3, 1.6e-4, 8.9e-4 (seeds 1–3, N = 400); 1.0e-3–2.5e-3 at N = 200;
    // 2.0e-3, 2.6e-3 at N = 800 (gatedSpectrum.slow.test.ts): not decaying like 1/N inside the bulk
    const lam = { re: -0.5, im: 0.3 };
    const phis = eigs().map((e) => { let s = 0; for (let k = 0; k < 2 * n; k++) s += Math.log(Math.hypot(lam.re - e.re[k], lam.im - e.im[k])); return s / n; });
    const { net, fp } = nets[0];
    const st = fp.state;
    const own = lp.gatedSpectralModel(F1, { units: { h: st.subarray(0, n), z: st.subarray(n, 2 * n), r: st.subarray(2 * n), jr: net.weights[net.matrixNames.indexOf('J_r')] } }).evaluate(lam.re, lam.im);
    expect(own.inBulk).toBe(true);
    expect(Math.abs(phis[0] - own.phi)).toBeLessThan(5e-3);
    const { m, sd } = meanSd(phis);
    const inf = lp.gatedSpectralModel(F1).evaluate(lam.re, lam.im).phi; // −1.90426 (seed 1, 256 units)
    if (process.env.GATEFIELD_VERBOSE) console.log('Φ_N(−0.5+0.3i):', phis, 'own', own.phi, 'N→∞', inf);
    expect(Math.abs(m - inf)).toBeLessThan((3 * sd) / Math.sqrt(phis.length) + 5e-3);
  });

  it('predicts the fraction of the 2N (h, r) eigenvalues in off-axis disks of the bulk (sampled singular values, 128 units)', () => {
    const model = lp.gatedSpectralModel(F1, { sampleSize: 128 });
    const disks = [{ re: -0.6, im: 0.3, r: 0.2 }, { re: -1.0, im: 0.5, r: 0.3 }, { re: -0.3, im: 0.15, r: 0.12 }];
    for (const d of disks) {
      const th = dm.gatedDiskMass(model, d);
      let count = 0;
      for (const e of eigs()) for (let k = 0; k < 2 * n; k++) if (Math.hypot(e.re[k] - d.re, e.im[k] - d.im) <= d.r) count++;
      const p = count / (2 * n * nets.length);
      const sd = Math.sqrt((th.massHr * (1 - th.massHr)) / (2 * n * nets.length));
      if (process.env.GATEFIELD_VERBOSE) console.log('F1 disk', d, 'theory', th.massHr, 'count', p, 'sd', sd);
      expect(th.massHr).toBeGreaterThan(0.01);
      expect(Math.abs(p - th.massHr), `disk ${JSON.stringify(d)}: theory ${th.massHr}, count ${p}`).toBeLessThan(3 * sd + 0.01);
    }
  });
});

describe('α_r = 0 (closed-form singular values [GATE-RMT-8]): slow modes near λ = 0 and a real-axis disk, N = 300', () => {
  it('predicts the fraction of (h, r) eigenvalues in disks on the slow-mode segment, including |λ| < 0.1', () => {
    const P = { ...F1, alpha_r: 0 };
    const n = 300;
    const eigs = [1, 2].map((seed) => { const b = hrBlock(P, n, seed); expect(b.fp.residual).toBeLessThan(1e-9); return spectrum(b.A, 2 * n); });
    const model = lp.gatedSpectralModel(P);
    for (const d of [{ re: 0, im: 0, r: 0.1 }, { re: -0.3, im: 0, r: 0.15 }]) {
      const th = dm.gatedDiskMass(model, d);
      let count = 0;
      for (const e of eigs) for (let k = 0; k < 2 * n; k++) if (Math.hypot(e.re[k] - d.re, e.im[k] - d.im) <= d.r) count++;
      const p = count / (2 * n * eigs.length);
      const sd = Math.sqrt((th.massHr * (1 - th.massHr)) / (2 * n * eigs.length));
      if (process.env.GATEFIELD_VERBOSE) console.log('alpha_r = 0 disk', d, 'theory', th.massHr, 'count', p, 'sd', sd);
      expect(th.massHr).toBeGreaterThan(0.02);
      expect(Math.abs(p - th.massHr), `disk ${JSON.stringify(d)}: theory ${th.massHr}, count ${p}`).toBeLessThan(3 * sd + 0.01);
    }
  });
});
