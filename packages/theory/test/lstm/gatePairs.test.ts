/**
 * The reduced (u_f, u_i) double average of the LSTM mean field (gatePairs.ts, [LSTM-MF-3],
 * [LSTM-RMT-3] at λ = 0) against the plain sum over every node pair, and the quadrature warnings
 * that results computed on unresolving rules carry (numerics warnings.ts).
 */
import { describe, expect, it } from 'vitest';
import { logistic, logSigmoid } from '@gatefield/numerics';
import {
  CellTable,
  cellAveragesExact,
  exactCellLaw,
  gatePairAverages,
  logRRange,
  lstmGateRule,
  lstmMeanFieldRhs,
  lstmRuleWarnings,
  lstmSiteAverages,
  lstmSiteWarnings,
  lstmSupport,
  lstmSupportFunctional,
  predictLstm,
  resolveLstmParameters,
  resolveLstmQuadrature,
  tableCellLaw,
} from '../../src/lstm/index.js';

type P = ReturnType<typeof resolveLstmParameters>;

/** The plain double loop over all (u_f, u_i) node pairs (the implementation before gatePairs.ts). */
function plainPairs(C: number, p: P) {
  const q = resolveLstmQuadrature();
  const s = Math.sqrt(C);
  const rf = lstmGateRule(p.alpha_f * s, q.gate);
  const ri = lstmGateRule(p.alpha_i * s, q.gate);
  const [lo, hi] = logRRange(s, p.alpha_f, p.beta_f, p.alpha_i, p.beta_i, rf, ri);
  const sd = p.g_c * s;
  const table = sd > 0 ? new CellTable(lo, hi, p.beta_c, sd, q.cell) : null;
  const F = new Float64Array(4);
  const [af2, ai2, gc2] = [p.alpha_f ** 2, p.alpha_i ** 2, p.g_c ** 2];
  let phiC2 = 0;
  let coupling = 0;
  let meanF = 0;
  const zbar = new Float64Array(rf.size);
  const omf = new Float64Array(rf.size);
  for (let a = 0; a < rf.size; a++) {
    const t = p.alpha_f * s * rf.nodes[a] - p.beta_f;
    const fa = logistic(t);
    omf[a] = logistic(-t);
    const L = logSigmoid(-s * rf.nodes[a], p.alpha_f, -p.beta_f);
    let k0 = 0;
    let z = 0;
    for (let b = 0; b < ri.size; b++) {
      const ti = p.alpha_i * s * ri.nodes[b] - p.beta_i;
      const logR = logSigmoid(s * ri.nodes[b], p.alpha_i, p.beta_i) - L;
      if (table) table.evaluate(logR, F);
      else cellAveragesExact(Math.exp(logR), p.beta_c, 0, q.cell, F);
      const r = Math.exp(logR);
      const omi = logistic(-ti);
      k0 += ri.weights[b] * F[0];
      z += ri.weights[b] * (af2 * fa * fa * F[1] + (F[2] === 0 ? 0 : ai2 * omi * omi * F[2]) + (F[3] === 0 || gc2 === 0 ? 0 : gc2 * r * F[3]));
    }
    zbar[a] = z;
    phiC2 += rf.weights[a] * k0;
    coupling += rf.weights[a] * z;
    meanF += rf.weights[a] * fa;
  }
  // Σ_a w_a zbar_a (1 − f_a)²/|λ + 1 − f_a|² at λ = −0.5 + 0.3i, a support-functional probe
  let probe = 0;
  for (let a = 0; a < rf.size; a++) probe += (rf.weights[a] * zbar[a] * omf[a] * omf[a]) / ((0.5 - (1 - omf[a])) ** 2 + 0.09);
  return { phiC2, coupling, meanF, probe, pairs: rf.size * ri.size };
}

const rel = (x: number, y: number) => (x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));

describe('LSTM (u_f, u_i) double average (gatePairs.ts)', () => {
  const cases: [string, Record<string, number>, number][] = [
    ['Gauss–Hermite gates ([LSTM-REF-1])', { g_c: 3, alpha_f: 6, beta_f: -1, alpha_i: 3, alpha_o: 3 }, 0.05],
    ['sharp forget and input gates, both saturating both ways', { g_c: 2, alpha_f: 30, beta_f: 1, alpha_i: 30, beta_i: 0.5, alpha_o: 30 }, 0.3],
    ['open forget gates beyond e^{700} (Γ² ~ 1e138)', { g_c: 1, beta_c: 0.3, alpha_f: 60, beta_f: -2, alpha_i: 5, beta_i: 1, alpha_o: 60 }, 0.3],
    ['input gates closed down to e^{−700}, forget gates mostly open (f = 1 − e^{−t})', { g_c: 1.5, alpha_f: 8, beta_f: -40, alpha_i: 100, beta_i: 45, alpha_o: 3 }, 0.3],
    ['g_c = 0: exact cell averages, no table', { g_c: 0, beta_c: 0.5, alpha_f: 20, alpha_i: 20, alpha_o: 4 }, 0.3],
  ];
  for (const [name, params, C] of cases) {
    it(`equals the plain sum over every node pair to 1e-13 relative: ${name}`, () => {
      const p = resolveLstmParameters(params);
      const ref = plainPairs(C, p);
      const av = lstmSiteAverages(C, p);
      expect(rel(av.phiC2, Math.min(ref.phiC2, 1))).toBeLessThan(1e-13);
      expect(rel(av.meanF, Math.min(ref.meanF, 1))).toBeLessThan(1e-13);
      expect(rel((av.gamma2 - av.meanA2) / av.o2, ref.coupling)).toBeLessThan(1e-13);
      const l = av.forgetLaw;
      let probe = 0;
      for (let a = 0; a < l.weights.length; a++) probe += (l.weights[a] * l.zbar[a] * l.omf[a] ** 2) / ((0.5 - l.f[a]) ** 2 + 0.09);
      expect(rel(probe, ref.probe)).toBeLessThan(1e-13);
      expect(rel(lstmSupportFunctional(-0.5, 0.3, av), (av.meanA2 + av.o2 * probe) / 0.34)).toBeLessThan(1e-13);
      expect(av.pairs).toBe(ref.pairs);
    });
  }

  it('keeps Γ² finite at g_c = 0 when 1/(1 − f) overflows (the plain loop gave r²·0 = ∞·0 = NaN there)', () => {
    const p = resolveLstmParameters({ g_c: 0, beta_c: 0.5, alpha_f: 40, alpha_i: 40, alpha_o: 4 });
    const av = lstmSiteAverages(1, p); // r = i/(1 − f) reaches e^{480}: r² = ∞ beyond e^{355}, times K₂ = sech⁴(c)t² = 0
    expect(Number.isFinite(av.gamma2)).toBe(true);
    expect(av.gamma2).toBeGreaterThanOrEqual(av.meanA2);
    expect(av.phiC2).toBeGreaterThan(0);
  });

  it('evaluates the cell law on at most ~170 input nodes per forget node however large the gains', () => {
    const p = resolveLstmParameters({ g_c: 2, alpha_f: 1000, beta_f: 1, alpha_i: 1000, beta_i: 0.5, alpha_o: 1000 });
    const q = resolveLstmQuadrature();
    const rf = lstmGateRule(1000, q.gate);
    const ri = lstmGateRule(1000, q.gate);
    const [lo, hi] = logRRange(1, 1000, 1, 1000, 0.5, rf, ri);
    const r = gatePairAverages(1, p, rf, ri, tableCellLaw(new CellTable(lo, hi, 0, 2, q.cell)));
    expect(rf.size).toBeGreaterThan(60000);
    expect(r.interpolations / r.law.weights.length).toBeLessThan(170);
    expect(r.law.weights.length).toBeLessThan(rf.size / 2 + 200); // closed forget gates: one node
    expect(Number.isFinite(r.phiC2) && r.phiC2 > 0 && r.phiC2 <= 1).toBe(true);
    const ex = gatePairAverages(1, { ...p, g_c: 0 }, rf, ri, exactCellLaw(0.3, q.cell));
    expect(ex.interpolations / ex.law.weights.length).toBeLessThan(170);
  });

  it('gives the mean-field right-hand side from F₀ alone bitwise equal to ⟨o²⟩⟨φ(c)²⟩ of the full averages', () => {
    for (const [params, C] of [[{ g_c: 3, alpha_f: 6, beta_f: -1, alpha_i: 3, alpha_o: 3 }, 0.4], [{ g_c: 2, alpha_f: 60, beta_f: 1, alpha_i: 60, beta_i: 0.5, alpha_o: 60 }, 0.0123], [{ g_c: 0, beta_c: 0.5, alpha_f: 40, alpha_i: 40, alpha_o: 4 }, 0.7]] as const) {
      const p = resolveLstmParameters(params);
      const rhs = lstmMeanFieldRhs(C, p); // computed first: not from the cache of the full averages
      expect(rhs).toBe(lstmSiteAverages(C, p).rhs);
    }
  });

  it('returns independent copies from its cache: mutating one result does not change the next', () => {
    const p = resolveLstmParameters({ g_c: 2, alpha_f: 5, alpha_i: 4, alpha_o: 3 });
    const a = lstmSiteAverages(0.2, p);
    const z0 = a.forgetLaw.zbar[3];
    a.forgetLaw.zbar[3] = -1;
    const b = lstmSiteAverages(0.2, p);
    expect(b.forgetLaw.zbar[3]).toBe(z0);
    expect(b.gamma2).toBe(a.gamma2);
  });
});

describe('LSTM quadrature warnings (numerics warnings.ts)', () => {
  it('never warns on the default rules: 64-node Gauss–Hermite up to the switch at gain·sd = 2 (1.28 nodes per width, error ≤ 2e-8), the resolving grid above', () => {
    const q = resolveLstmQuadrature();
    for (const a of [0.5, 1, 1.3, 1.64, 1.99, 2, 2.01, 3, 30, 1000]) {
      const p = resolveLstmParameters({ alpha_f: a, alpha_i: a, alpha_o: a, beta_f: 0.3 });
      expect(lstmRuleWarnings(1, p, q)).toEqual([]);
    }
    // a pinned 64-node rule beyond the switch does warn
    const pinned = resolveLstmQuadrature({ gate: { sharpThreshold: 1e6 } });
    expect(lstmRuleWarnings(1, resolveLstmParameters({ alpha_f: 2.1, alpha_i: 0, alpha_o: 0 }), pinned).map((w) => w.where)).toEqual(['forget gate at C = 1.00000']);
  });

  it('site averages and the support traced from them carry quadrature-insufficient when a pinned rule cannot resolve a gate, and nothing by default', () => {
    const p = resolveLstmParameters({ g_c: 2, alpha_f: 50, beta_f: 1, alpha_i: 3, alpha_o: 3 });
    const pinned = lstmSiteAverages(0.3, p, { gate: { sharpThreshold: 1e6 } });
    expect(pinned.warnings.map((w) => w.code)).toEqual(['quadrature-insufficient']); // α_i√C = α_o√C = 1.6 are resolved
    expect(pinned.warnings[0].where).toMatch(/forget gate/);
    const support = lstmSupport(pinned, false, { boundaryPoints: 8 });
    expect(support.warnings).toEqual(pinned.warnings);
    const adaptive = lstmSiteAverages(0.3, p);
    expect(adaptive.warnings).toEqual([]);
    expect(lstmSupport(adaptive, false, { boundaryPoints: 8 }).warnings).toEqual([]);
  });

  it('warns when the density site lattice has fewer than 2 sites per gate width, and predictLstm passes it on', () => {
    const p = resolveLstmParameters({ g_c: 2, alpha_f: 400, beta_f: 1, alpha_i: 3, alpha_o: 3 });
    expect(lstmSiteWarnings(0.5, p, 512).map((w) => w.where)).toEqual(['density sites: forget gate at C = 0.500000']);
    expect(lstmSiteWarnings(0.5, p, 1 << 16)).toEqual([]); // ~12 sites per width
    // a transition without probability mass (x₀ = β_f/(α_f√C) ≈ 10) needs no sites, however coarse the lattice
    expect(lstmSiteWarnings(0.5, resolveLstmParameters({ alpha_f: 7, beta_f: 50, alpha_i: 0, alpha_o: 0 }), 2)).toEqual([]);
    expect(lstmSiteWarnings(0.5, resolveLstmParameters({ alpha_f: 7, beta_f: 0, alpha_i: 0, alpha_o: 0 }), 2)).toHaveLength(1);
    const warned = predictLstm({ g_c: 2, alpha_f: 3, alpha_i: 400, beta_i: 1, alpha_o: 3 }, { C: 0.5, sites: { points: 512 }, boundaryPoints: 16 });
    expect(warned.warnings.map((w) => w.where)).toEqual(['density sites: input gate at C = 0.500000']);
    const pred = predictLstm({ g_c: 2, alpha_f: 6, beta_f: -1, alpha_i: 3, alpha_o: 3 }, { C: 0.4, sites: { points: 512 }, boundaryPoints: 16 });
    expect(pred.warnings).toEqual([]);
  });
});
