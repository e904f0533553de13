/**
 * LSTM mean field [LSTM-MF-1]–[LSTM-MF-4], the cell rule and the cell-average table.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError, logistic, Rng, sech2 } from '@gatefield/numerics';
import {
  CellTable,
  cellAveragesExact,
  lstmCellRule,
  lstmMeanFieldRhs,
  lstmOrigin,
  lstmSiteAverages,
  resolveLstmCellRule,
  resolveLstmParameters,
  solveLstmMeanField,
} from '../../src/lstm/index.js';

/** The [LSTM-REF-1] parameters with the candidate β_i = β_o = β_c = 0 ([OQ-14]). */
const REF1 = { g_c: 3, beta_c: 0, alpha_f: 6, beta_f: -1, alpha_i: 3, beta_i: 0, alpha_o: 3, beta_o: 0 };

/** Brute-force Monte Carlo of ⟨h²⟩ = ⟨(o φ(i φ(u_c)/(1 − f)))²⟩ with the standard error of the mean. */
function monteCarloRhs(C: number, p: typeof REF1, n: number, seed: number): { mean: number; se: number } {
  const r = new Rng(seed);
  const s = Math.sqrt(C);
  let m = 0;
  let m2 = 0;
  for (let k = 0; k < n; k++) {
    const f1m = logistic(-(p.alpha_f * s * r.normal() - p.beta_f));
    const i = logistic(p.alpha_i * s * r.normal() - p.beta_i);
    const o = logistic(p.alpha_o * s * r.normal() - p.beta_o);
    const uc = p.beta_c + p.g_c * s * r.normal();
    const h = o * Math.tanh((i * Math.tanh(uc)) / f1m);
    m += h * h;
    m2 += h ** 4;
  }
  m /= n;
  return { mean: m, se: Math.sqrt((m2 / n - m * m) / n) };
}

describe('LSTM cell rule and cell-average table (cellQuadrature.ts, cellTable.ts)', () => {
  it('integrates tanh²(r tanh u_c) against a 4·10⁵-point uniform reference within 1e-8 for r up to 100', () => {
    const cell = resolveLstmCellRule();
    for (const r of [1e-3, 0.3, 1, 3, 10, 19.9, 25, 100]) {
      for (const [bc, sd] of [[0, 1.9], [0.5, 0.01], [-2, 0.5]] as const) {
        const rule = lstmCellRule(r, bc, sd, cell);
        let got = 0;
        for (let k = 0; k < rule.uc.length; k++) got += rule.weights[k] * Math.tanh(r * Math.tanh(rule.uc[k])) ** 2;
        // reference: trapezoid in u_c on ±12 sd with 4·10⁵ points (resolves the dip of width 1/(r sd) for r ≤ 100)
        const L = 12 * sd;
        const m = 400001;
        const h = (2 * L) / (m - 1);
        let ref = 0;
        for (let k = 0; k < m; k++) {
          const u = bc - L + k * h;
          ref += (h * Math.exp(-0.5 * ((u - bc) / sd) ** 2) * Math.tanh(r * Math.tanh(u)) ** 2) / (sd * Math.sqrt(2 * Math.PI));
        }
        expect(Math.abs(got - ref), `r = ${r}, β_c = ${bc}, sd = ${sd}`).toBeLessThan(1e-8);
      }
    }
  });

  it('interpolates the exact cell averages in log r to 3e-7 (relative to their scale), including the asymptotic ends', () => {
    // 3e-7: the Chebyshev error is ~5e-12, but the "exact" values are the cell rule's, which is
    // accurate to ~1e-9 for tanh² and ~1e-7 for the sech⁴ integrands (4th-order poles at ±iπ/2),
    // with jumps where its sub-interval count changes; beyond log r = 30 the table uses the exact
    // asymptotics, which differ from the rule by that rule error
    const cell = resolveLstmCellRule();
    const table = new CellTable(-40, 40, 0.3, 1.2, cell);
    const exact = new Float64Array(4);
    const got = new Float64Array(4);
    fc.assert(
      fc.property(fc.double({ min: -38, max: 38, noNaN: true }), (ell) => {
        table.evaluate(ell, got);
        cellAveragesExact(Math.exp(ell), 0.3, 1.2, cell, exact);
        for (let j = 0; j < 4; j++) expect(Math.abs(got[j] - exact[j]), `F${j} at log r = ${ell}`).toBeLessThan(3e-7 * Math.max(1, Math.abs(exact[j])));
      }),
      { seed: 11, numRuns: 60 },
    );
  });
});

describe('LSTM mean field [LSTM-MF-3]', () => {
  it('agrees with a brute-force Monte Carlo average of ⟨h²⟩ at the sharp forget gate of [LSTM-REF-1] (4 standard errors)', () => {
    const p = resolveLstmParameters(REF1);
    const mc = monteCarloRhs(0.4, p, 400000, 2026);
    const rhs = lstmMeanFieldRhs(0.4, p);
    expect(Math.abs(rhs - mc.mean)).toBeLessThan(4 * mc.se);
    // and the value itself (converged to 1e-8 under refinement, see the next test)
    expect(rhs).toBeCloseTo(0.1955636, 6);
  });

  it('is converged in its quadrature: refining every rule moves C, ⟨φ(c)²⟩ and Γ² by < 1e-7 (relative)', () => {
    const p = resolveLstmParameters({ ...REF1, beta_c: 0.5, beta_i: -0.5 });
    const a = lstmSiteAverages(0.4, p);
    const b = lstmSiteAverages(0.4, p, { gate: { gateNodes: 128, pointsPerWidth: 5 }, cell: { order: 12, cStep: 1.5 }, cellTableNodes: 20 });
    expect(Math.abs(a.rhs - b.rhs)).toBeLessThan(1e-7 * b.rhs);
    expect(Math.abs(a.phiC2 - b.phiC2)).toBeLessThan(1e-7);
    expect(Math.abs(a.gamma2 - b.gamma2)).toBeLessThan(1e-6 * b.gamma2);
  });

  it('returns every root with RHS(C) = C, the origin C = 0 exactly when β_c = 0 [LSTM-MF-4]', () => {
    const mf = solveLstmMeanField(REF1);
    expect(mf.roots[0]).toMatchObject({ C: 0, branch: 'trivial' });
    const p = mf.parameters;
    for (const r of mf.roots) {
      expect(r.residual).toBeLessThan(1e-10);
      expect(Math.abs(lstmMeanFieldRhs(r.C, p) - r.C)).toBeLessThan(1e-10);
      expect(r.C).toBeGreaterThanOrEqual(0);
      expect(r.C).toBeLessThan(1);
    }
    // the origin is unstable here (g_c o₀ i₀ = 0.75 > 1 − f₀ = 0.27), so a nontrivial root exists
    expect(mf.roots.filter((r) => r.C > 0)).toHaveLength(1);
    expect(mf.roots[1].C).toBeCloseTo(0.166848, 5);
    const biased = solveLstmMeanField({ ...REF1, beta_c: 0.7 });
    expect(biased.roots.every((r) => r.C > 0)).toBe(true);
  });

  it('has a nontrivial root whenever the origin is unstable, because RHS′(0) = (g_c o₀ i₀/(1 − f₀))² > 1 [LSTM-CAS-4] (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({
          g_c: fc.double({ min: 0.5, max: 4, noNaN: true }),
          beta_f: fc.double({ min: -2, max: 2, noNaN: true }),
          beta_i: fc.double({ min: -1, max: 1, noNaN: true }),
          beta_o: fc.double({ min: -1, max: 1, noNaN: true }),
          alpha_f: fc.double({ min: 0, max: 3, noNaN: true }),
        }),
        (g) => {
          const p = resolveLstmParameters({ ...g, beta_c: 0, alpha_i: 1, alpha_o: 1 });
          const o = lstmOrigin(p);
          const slope = (o.gain / o.oneMinusF0) ** 2;
          // skip a band around the critical line (slope 1), where the root is at C → 0
          fc.pre(Math.abs(slope - 1) > 0.2);
          // RHS(C)/C → slope as C → 0
          const C = 1e-6;
          expect(Math.abs(lstmMeanFieldRhs(C, p) / C - slope)).toBeLessThan(1e-3 * slope + 1e-6);
          const roots = solveLstmMeanField(p).roots;
          if (slope > 1) expect(roots.some((r) => r.C > 0)).toBe(true);
        },
      ),
      { seed: 7, numRuns: 12 },
    );
  });

  it('rejects parameters outside the spec ranges with InvalidParameterError', () => {
    expect(() => solveLstmMeanField({ g_c: -1 })).toThrow(InvalidParameterError);
    expect(() => solveLstmMeanField({ alpha_f: 2000 })).toThrow(/alpha_f/);
    expect(() => solveLstmMeanField({ gain: 1 })).toThrow(/unknown parameter gain for model lstm/);
    expect(() => solveLstmMeanField(REF1, { scanPoints: 3 })).toThrow(InvalidParameterError);
  });

  it('computes Γ² = ⟨A²⟩ + ⟨D_c²Q_B/(1−f)²⟩ as the direct site average of [LSTM-J-2] factors (Monte Carlo, 5 standard errors)', () => {
    const p = resolveLstmParameters({ g_c: 1.5, beta_c: 0.5, alpha_f: 1, beta_f: 0.5, alpha_i: 1.5, beta_i: 0, alpha_o: 1, beta_o: 0.3 });
    const C = 0.3;
    const av = lstmSiteAverages(C, p);
    const r = new Rng(5);
    const s = Math.sqrt(C);
    const n = 300000;
    let m = 0;
    let m2 = 0;
    for (let k = 0; k < n; k++) {
      const tf = p.alpha_f * s * r.normal() - p.beta_f;
      const ti = p.alpha_i * s * r.normal() - p.beta_i;
      const to = p.alpha_o * s * r.normal() - p.beta_o;
      const uc = p.beta_c + p.g_c * s * r.normal();
      const f = logistic(tf);
      const omf = logistic(-tf);
      const i = logistic(ti);
      const o = logistic(to);
      const c = (i * Math.tanh(uc)) / omf;
      const A = Math.tanh(c) * p.alpha_o * o * logistic(-to);
      const Dc = o * sech2(c);
      const QB = (c * p.alpha_f * f * omf) ** 2 + (Math.tanh(uc) * p.alpha_i * i * logistic(-ti)) ** 2 + p.g_c ** 2 * (i * sech2(uc)) ** 2;
      const v = A * A + (Dc * Dc * QB) / (omf * omf);
      m += v;
      m2 += v * v;
    }
    m /= n;
    const se = Math.sqrt((m2 / n - m * m) / n);
    expect(Math.abs(av.gamma2 - m)).toBeLessThan(5 * se);
  });
});
