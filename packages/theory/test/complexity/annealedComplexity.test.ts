/**
 * Annealed complexity at the untilted saddle, Σ_MF ([KR-6]–[KR-10], `complexityUntilted` of [OQ-10]).
 *
 * [KR-REF-4] findings (see also test/src/complexity.test.ts at the repository root):
 * - d ≡ 0 columns: the recorded 0.00038 and 0.00114 are flagged ⚠ by [OQ-16](b) and are not pinned.
 *   [OQ-16](b) is confirmed: [KR-9] gives 0.00155 and 0.00017 and [KR-8] 0.0014 and 0.00016 on
 *   those branches (151-node rule as stated).
 * - full-SCBA column (0.01625, 0.00081, 0.03106): NOT reproduced. The converged values of [KR-10]
 *   are 0.01973, 0.00177, 0.02689 — stable in the site rule to < 1e-6, the same along a second
 *   integration path (imaginary axis) to 3e-5, and the SCBA route reproduces [KR-9] to 1e-15 when
 *   d ≡ 0. Finite-N log-determinants fed with the same sites agree with these values within the
 *   O(log N/N) bias (root test suite), so the table column is treated like the ⚠ entries: reported,
 *   not pinned. The values below are regression values of this implementation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError, Rng } from '@gatefield/numerics';
import { resolveGruParameters, solveGruMeanField } from '../../src/gru/meanField.js';
import { gruSites } from '../../src/rmt/siteSample.js';
import { complexityAtRoot, complexityFromSites, complexitySites, complexityUntilted, gruBranchRoots } from '../../src/complexity/index.js';

const q151 = { smooth: { kind: 'gauss-hermite' as const, nodes: 151 }, gate: { kind: 'gauss-hermite' as const, nodes: 151 }, adaptive: false };
const rootAt = (g_h: number, alpha_r: number, which: 'lower' | 'upper' | 'single', quadrature?: typeof q151) => {
  const p = resolveGruParameters({ g_h, alpha_r });
  const r = solveGruMeanField({ g_h, alpha_r }, { quadrature }).roots.find((x) => x.branch === which);
  if (!r) throw new Error('no root');
  return { p, r };
};

describe('Σ_MF with d ≡ 0: closed form [KR-9] and near onset [KR-8]', () => {
  it('confirms [OQ-16](b): [KR-9] gives 0.00155 and 0.00017, [KR-8] 0.0014 and 0.00016 on the ⚠ rows of [KR-REF-4]', () => {
    const a = rootAt(2.5, 4, 'single', q151);
    const b = rootAt(1.9, 10, 'upper', q151);
    const cf = (x: typeof a) => complexityAtRoot(x.p, x.r, 'closed-form', { quadrature: q151 }).sigma;
    const on = (x: typeof a) => complexityAtRoot(x.p, x.r, 'near-onset', { quadrature: q151 }).sigma;
    expect(cf(a)).toBeCloseTo(0.00155, 5);
    expect(cf(b)).toBeCloseTo(0.00017, 5);
    expect(on(a)).toBeCloseTo(0.0014, 4);
    expect(on(b)).toBeCloseTo(0.00016, 5);
    // and not the recorded ⚠ values 0.00038 / 0.00114
    expect(Math.abs(cf(a) - 0.00038)).toBeGreaterThan(1e-3);
    expect(Math.abs(cf(b) - 0.00114)).toBeGreaterThan(9e-4);
    // the lower root C = 0.0063 has Γ²(d ≡ 0) = 1.000: Σ = 0 to the digits of the table
    expect(cf(rootAt(1.9, 10, 'lower', q151))).toBeLessThan(5e-6);
  });

  it('approaches [KR-8] near onset: relative gap → 0 linearly in ⟨a⟩ − 1', () => {
    const gaps: [number, number][] = [];
    for (const g of [2.2, 2.08, 2.02]) {
      const { p, r } = rootAt(g, 1, 'single');
      const cf = complexityAtRoot(p, r, 'closed-form');
      const on = complexityAtRoot(p, r, 'near-onset');
      gaps.push([cf.gamma2 - 1, Math.abs(cf.sigma - on.sigma) / cf.sigma]);
    }
    for (const [excess, rel] of gaps) expect(rel).toBeLessThan(2 * excess);
    expect(gaps[2][1]).toBeLessThan(gaps[0][1]);
  });
});

describe('Σ_MF of the full Jacobian by the SCBA along the real axis [KR-10]', () => {
  it('equals the closed form when d ≡ 0 to ~5 digits (property over random site samples)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 1.2, max: 4, noNaN: true }), (seed, g) => {
        const rng = new Rng(seed);
        const n = 40;
        const l = rng.normals(n).map((x) => 1 / Math.cosh(x) ** 2);
        const rho = Float64Array.from({ length: n }, () => rng.uniform());
        const sites = gruSites({ s: new Float64Array(n).fill(1), l, rho });
        const cf = complexityFromSites(sites, g * g, 'closed-form');
        const sc = complexityFromSites(sites, g * g, 'scba');
        expect(Math.abs(sc.sigma - cf.sigma)).toBeLessThanOrEqual(1e-5 * cf.sigma + 1e-12);
        expect(sc.gamma2).toBeCloseTo(cf.gamma2, 12);
      }),
      { seed: 17, numRuns: 25 },
    );
  });

  it('equals the closed form on the MF sites of a branch when d is switched off (scba-d0 route)', () => {
    const { p, r } = rootAt(2.5, 4, 'single');
    const cf = complexityAtRoot(p, r, 'closed-form').sigma;
    const sc = complexityAtRoot(p, r, 'scba-d0').sigma;
    expect(Math.abs(sc - cf)).toBeLessThan(1e-5 * cf);
  });

  it('is ≥ 0, and exactly 0 where Γ ≤ 1 ([KR-7]), for random sites with the reset-derivative term (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), (seed, g, dScale) => {
        const rng = new Rng(seed);
        const n = 30;
        const l = rng.normals(n).map((x) => 1 / Math.cosh(x) ** 2);
        const rho = Float64Array.from({ length: n }, () => rng.uniform());
        const d = rng.normals(n, dScale);
        const sites = gruSites({ s: new Float64Array(n).fill(1), l, rho, d });
        for (const method of ['scba', 'closed-form', 'near-onset'] as const) {
          const r = complexityFromSites(sites, g * g, method);
          if (r.gamma2 <= 1) expect(r.sigma).toBe(0);
          else expect(r.sigma).toBeGreaterThan(0);
          expect(r.positive).toBe(r.gamma2 > 1);
        }
      }),
      { seed: 23, numRuns: 30 },
    );
  });

  it('gives converged values 0.01973, 0.00177, 0.02689 on the [KR-REF-4] branches (regression; the table column is not reproduced, see the file comment)', () => {
    const cases: [number, number, 'single' | 'lower' | 'upper', number, number][] = [
      [2.5, 4, 'single', 0.01973, 1.595],
      [1.9, 10, 'lower', 0.00177, 1.111],
      [1.9, 10, 'upper', 0.02689, 1.746],
    ];
    for (const [g, a, which, sigma, gamma2] of cases) {
      const { p, r } = rootAt(g, a, which);
      const full = complexityAtRoot(p, r, 'scba');
      expect(Math.abs(full.sigma - sigma), `${g}, ${a}, ${which}: ${full.sigma}`).toBeLessThan(5e-6);
      expect(Math.abs(full.gamma2 - gamma2)).toBeLessThan(1e-3);
      expect(full.errorEstimate).toBeLessThan(1e-9);
      expect(full.converged).toBe(true);
      // converged in the site rule and the Legendre order
      const coarse = complexityAtRoot(p, r, 'scba', { etaNodes: 64, legendreNodes: 16 });
      expect(Math.abs(coarse.sigma - full.sigma)).toBeLessThan(1e-6);
    }
  });

  it('reduces to the closed form exactly when α_r = 0 (vanilla limit: d ≡ 0 on the MF sites)', () => {
    const p = resolveGruParameters({ g_h: 2.6, alpha_r: 0 });
    const r = gruBranchRoots(p).roots[0];
    const sites = complexitySites(r, p);
    expect(sites.d.every((v) => v === 0)).toBe(true);
    const full = complexityAtRoot(p, r, 'scba').sigma;
    const cf = complexityAtRoot(p, r, 'closed-form').sigma;
    expect(Math.abs(full - cf)).toBeLessThan(1e-6 * cf);
  });
});

describe('complexityUntilted [OQ-10]', () => {
  it('reports every nontrivial branch and the maximum, with Σ_MF > 0 on all of them at β_r = 0 ([KR-16])', () => {
    const u = complexityUntilted({ g_h: 1.9, alpha_r: 10 }, 'closed-form');
    expect(u.branches.map((b) => b.root.branch)).toEqual(['lower', 'upper']);
    expect(u.sigma).toBe(Math.max(...u.branches.map((b) => b.complexity.sigma)));
    const none = complexityUntilted({ g_h: 1.5, alpha_r: 1 });
    expect(none.branches.length).toBe(0);
    expect(none.sigma).toBe(0);
    expect(() => complexityFromSites(gruSites({ s: [0.5], l: [1], rho: [1] }), 4, 'scba')).toThrow(InvalidParameterError);
  });
});
