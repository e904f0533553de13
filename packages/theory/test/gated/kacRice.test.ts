/**
 * Annealed Kac–Rice complexity at the untilted saddle, Σ₀ ([GATE-KR-4], [GATE-KR-5]), against the
 * stability functional [GATE-RMT-4] and the fixed-point saddle-node [GATE-TR-4].
 *
 * Tolerances. The closed form (α_r = 0) is deterministic quadrature (1e-9 against the radial
 * integral, whose Simpson error at 2000 intervals is < 1e-9). The sampled path (α_r ≠ 0, 128–256
 * units) estimates ρ_max² = ⟨s²⟩ with a relative error of a few % (measured 1.83 against Γ = 1.79 on
 * the α_r = 8 branch at n = 256: the random pairing of h and r units), so sign tests use parameter
 * sets with |Γ − 1| ≥ 0.3.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@gatefield/numerics';
import { gatedKacRice, gatedKacRiceOnBranch, gatedRadialPsi } from '../../src/gated/kacRice.js';
import { gatedFixedPoint } from '../../src/gated/fixedPoint.js';
import { gatedFixedPointSaddleNode } from '../../src/gated/transitions.js';

describe('Σ₀ as a radial-law integral [GATE-KR-4]', () => {
  it('equals ∫_1^{ρmax} τ(ρ)/ρ dρ over the singular values of [a] + [b]J^r[c], in closed form (α_r = 0) and sampled (α_r = 8)', () => {
    const cf = gatedKacRice({ g_h: 3, alpha_r: 0 });
    expect(cf.sigma0).toBeGreaterThan(0);
    expect(Math.abs(cf.sigma0 - gatedRadialPsi(cf.sites.s2, cf.sites.weights, 2000))).toBeLessThan(1e-9);
    expect(Math.abs(cf.rhoMax ** 2 - cf.stabilityFunctional)).toBeLessThan(1e-8);
    const sp = gatedKacRiceOnBranch({ alpha_r: 8, beta_r: 1 }, 0.3, { sampleSize: 128 });
    expect(sp.seed).toBe(1);
    expect(Math.abs(sp.sigma0 - gatedRadialPsi(sp.sites.s2, sp.sites.weights, 2000))).toBeLessThan(1e-8);
    expect(Math.abs(sp.rhoMax ** 2 / sp.stabilityFunctional - 1)).toBeLessThan(0.06);
  });
});

describe('Kac–Rice determinant [GATE-KR-1], [GATE-KR-2]', () => {
  it('has |det M| = |det(1 − K)| with K = J^h([a] + [b]J^r[c]) for a random 30-unit instance, and Σ₀ independent of the z-gate (z does not enter the fixed-point equations)', () => {
    const n = 30, rng = new Rng(3);
    const jh = rng.derive('h').normals(n * n, 1 / Math.sqrt(n)), jr = rng.derive('r').normals(n * n, 1 / Math.sqrt(n));
    const [a, b, c] = ['a', 'b', 'c'].map((l) => rng.derive(l).normals(n));
    // M = [[1 − J^h[a], −J^h[b]], [−J^r[c], 1]]
    const M = new Float64Array(4 * n * n), K = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      M[i * 2 * n + j] = (i === j ? 1 : 0) - jh[i * n + j] * a[j];
      M[i * 2 * n + n + j] = -jh[i * n + j] * b[j];
      M[(n + i) * 2 * n + j] = -jr[i * n + j] * c[j];
      M[(n + i) * 2 * n + n + j] = i === j ? 1 : 0;
      let s = 0; // K_ij = Σ_k J^h_ik (a_k δ_kj + b_k J^r_kj c_j)
      for (let k = 0; k < n; k++) s += jh[i * n + k] * ((k === j ? a[k] : 0) + b[k] * jr[k * n + j] * c[j]);
      K[i * n + j] = (i === j ? 1 : 0) - s;
    }
    expect(Math.abs(logAbsDet(M, 2 * n) - logAbsDet(K, n))).toBeLessThan(1e-9);
    const P = { g_h: 3.5, beta_h: 0.2, alpha_r: 2 };
    const s0 = gatedKacRice({ ...P, alpha_z: 0 }, { sampleSize: 64 }).sigma0, s5 = gatedKacRice({ ...P, alpha_z: 5, beta_z: 1, tau_z: 3 }, { sampleSize: 64 }).sigma0;
    expect(s0).toBeGreaterThan(0);
    expect(s5).toBe(s0);
  });
});

/** ln|det A| by LU with partial pivoting (test helper). */
function logAbsDet(a0: Float64Array, n: number): number {
  const a = a0.slice();
  let s = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[p * n + k])) p = i;
    if (p !== k) for (let j = 0; j < n; j++) { const t = a[k * n + j]; a[k * n + j] = a[p * n + j]; a[p * n + j] = t; }
    const piv = a[k * n + k];
    s += Math.log(Math.abs(piv));
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k] / piv;
      for (let j = k; j < n; j++) a[i * n + j] -= f * a[k * n + j];
    }
  }
  return s;
}

describe('sign of Σ₀ [GATE-KR-5]', () => {
  const cases: [string, Record<string, number>, { deltaH?: number }][] = [
    ['[GATE-REF-F1] (stable, Γ = 0.552)', { g_h: 1.6, beta_h: 0.4, alpha_r: 2, beta_r: 0, alpha_z: 5, tau_z: 2, tau_r: 1.5 }, {}],
    ['biased vanilla-like, g_h = 1.5, β_h = 1 (stable)', { g_h: 1.5, beta_h: 1, alpha_r: 0 }, {}],
    ['zero fixed point, g_h s_r = 0.75 (stable)', { g_h: 1.5, beta_h: 0, alpha_r: 4 }, { deltaH: 0 }],
    ['zero fixed point, g_h s_r = 1.5 (unstable)', { g_h: 3, beta_h: 0, alpha_r: 0 }, { deltaH: 0 }],
    ['non-zero branch, g_h = 3, α_r = 0 (unstable)', { g_h: 3, beta_h: 0, alpha_r: 0 }, {}],
    ['non-zero branch, g_h = 3.5, α_r = 2, β_h = 0.2 (unstable)', { g_h: 3.5, beta_h: 0.2, alpha_r: 2 }, {}],
  ];
  for (const [name, params, o] of cases) {
    it(`is positive exactly when the fixed point is unstable (Γ > 1): ${name}`, () => {
      const r = gatedKacRice(params, { ...o, sampleSize: 128 });
      const unstable = r.stabilityFunctional > 1;
      expect(Math.abs(r.stabilityFunctional - 1)).toBeGreaterThan(0.1); // away from the marginal line
      expect(r.sigma0 > 0).toBe(unstable);
      if (!unstable) expect(r.sigma0).toBe(0);
      expect(r.rhoMax > 1).toBe(unstable);
    });
  }
});

describe('onset of topological complexity at the saddle-node [GATE-KR-5], [GATE-TR-4]', () => {
  const P = { alpha_r: 8, beta_r: 1 };
  const sn = gatedFixedPointSaddleNode(P);
  it('gives Σ₀ = 0 just below g_h^FP = 2.200 (only the stable zero fixed point) and a finite Σ₀ on both branches at and just above it (a discontinuous onset while the zero fixed point stays stable)', () => {
    expect(sn.subcritical).toBe(true);
    expect(Math.abs(sn.gH - 2.2)).toBeLessThan(2e-3);
    const below = gatedFixedPoint({ ...P, g_h: sn.gH - 0.05 });
    expect(below.deltaH).toBeLessThan(1e-8); // damped iteration collapses: no non-zero root
    expect(gatedKacRice({ ...P, g_h: sn.gH - 0.05 }, { deltaH: below.deltaH, sampleSize: 128 }).sigma0).toBe(0);
    for (const u of [sn.u / 2, sn.u, 2 * sn.u]) {
      const r = gatedKacRiceOnBranch(P, u, { sampleSize: 128 });
      expect(r.params.g_h).toBeGreaterThanOrEqual(sn.gH - 1e-9);
      expect(r.params.g_h).toBeLessThan(1 + Math.exp(1)); // zero fixed point still stable [GATE-TR-1]
      expect(r.stabilityFunctional).toBeGreaterThan(1.3);
      expect(r.sigma0).toBeGreaterThan(0.005);
    }
  });

  it('vanishes continuously at the supercritical onset g_h = 1 + e^{β_r} (α_r = 2, β_r = 0): Σ₀ → 0 as u → 0 along the branch', () => {
    const s = [1e-3, 1e-2, 0.1].map((u) => gatedKacRiceOnBranch({ alpha_r: 2, beta_r: 0 }, u, { sampleSize: 128 }));
    expect(s[0].params.g_h).toBeCloseTo(2, 2);
    expect(s[0].sigma0).toBeLessThan(s[2].sigma0);
    expect(s[0].sigma0).toBeLessThan(1e-3);
  });
});
