/**
 * predictLstm, and the re-establishment of the [LSTM-REF-1] parameter set ([OQ-14], [OQ-15]).
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@gatefield/numerics';
import { predictGru } from '../../src/gru/predict.js';
import { predictLstm } from '../../src/lstm/index.js';

/** [LSTM-REF-1] with the candidate β_i = β_o = β_c = 0 and C = 0.4 imposed ([OQ-14]). */
const REF1 = { g_c: 3, beta_c: 0, alpha_f: 6, beta_f: -1, alpha_i: 3, beta_i: 0, alpha_o: 3, beta_o: 0 };
/** The seven recorded contours; the last two are recorded ×2 (with the conjugate disk). */
const DISKS = [
  { re: 0, im: 0, r: 0.05 },
  { re: 0, im: 0, r: 0.2 },
  { re: -1, im: 0, r: 0.3 },
  { re: -1.3, im: 0, r: 0.3 },
  { re: -0.5, im: 0, r: 0.3 },
  { re: -1, im: 0.3, r: 0.2 },
  { re: -1.2, im: 0.5, r: 0.3 },
];
const TWICE = [1, 1, 1, 1, 1, 2, 2];
const RECORDED = [0.1514, 0.2374, 0.2808, 0.1962, 0.1618, 0.1615, 0.1466];
/**
 * Population Ψ-theory at the candidate: 65536-point lattice sites, two shifts (agreeing to 2e-4),
 * the same with 16384 points; [0.15244, 0.23320, 0.27737–0.27759, 0.19607, 0.16224, 0.15844, 0.14896].
 */
const POPULATION = [0.15244, 0.2332, 0.27748, 0.19607, 0.16224, 0.15844, 0.14896];
/**
 * Spread (sd) of the same theory evaluated on 1500 iid sites (the realisation size of [LSTM-REF-1]),
 * over 40 seeds (measured; recomputed in test/src/lstm.slow.test.ts); left edge: 0.013.
 */
const SD_1500 = [0.0064, 0.0063, 0.0056, 0.0028, 0.0037, 0.003, 0.0018];

describe('predictLstm', () => {
  it('returns the JSON fields of predictGru, with masses as fractions of all 2N eigenvalues [OQ-18]', () => {
    const l = predictLstm({ g_c: 2, beta_c: 0.5, alpha_f: 2, beta_f: -0.5 }, { disks: [{ re: -1, im: 0, r: 0.2 }], boundaryPoints: 32 });
    const g = predictGru({ g_h: 2, beta_h: 1.5 }, { disks: [{ re: -1, im: 0, r: 0.2 }], boundaryPoints: 32 });
    for (const k of ['C', 'roots', 'converged', 'residual', 'iterations', 'branch', 'gamma2'] as const) expect(l.meanField).toHaveProperty(k);
    for (const k of ['abscissa', 'leftEdge', 'boundary', 'segment', 'originInBulk', 'converged', 'residual', 'iterations', 'settings']) {
      expect(Object.keys(g.support)).toContain(k);
      expect(Object.keys(l.support)).toContain(k);
    }
    expect(Object.keys(l.masses[0]).sort()).toEqual(Object.keys(g.masses[0]).sort());
    expect(l.massNormalisation).toBe('fraction of all 2N eigenvalues');
    expect(g.massNormalisation).toBe('fraction of the N eigenvalues');
    expect(l.meanField.imposed).toBe(false);
    expect(JSON.parse(JSON.stringify(l)).meanField.C).toBe(l.meanField.C);
  });

  it('reproduces the theory column of [LSTM-REF-2] at the origin root: rightmost point 0.1227, max |λ+1||λ+1−f₀| = 0.25', () => {
    const p = predictLstm({ g_c: 1, beta_c: 0, beta_f: -Math.log(9), beta_i: 0, beta_o: 0 }, { root: 'smallest', boundaryPoints: 64 });
    expect(p.meanField.C).toBe(0);
    expect(p.support.abscissa).toBeCloseTo(0.1227, 4);
    expect(p.origin?.gain).toBeCloseTo(0.25, 14);
    expect(p.origin?.unstable).toBe(true);
  });

  it('rejects the algebraic h-form (no spectral theory), bad roots and bad disks with InvalidParameterError', () => {
    expect(() => predictLstm({}, { hForm: 'algebraic' })).toThrow(/no spectral theory/);
    expect(() => predictLstm({}, { root: 7 })).toThrow(InvalidParameterError);
    expect(() => predictLstm({}, { disks: [{ re: 0, im: 0, r: -1 }] })).toThrow(InvalidParameterError);
    expect(() => predictLstm({}, { C: 2 })).toThrow(InvalidParameterError);
  });
});

describe('[LSTM-REF-1] parameter set ([OQ-14]): candidate β_i = β_o = β_c = 0, C = 0.4 imposed', () => {
  const pred = predictLstm(REF1, { C: 0.4, disks: DISKS, boundaryPoints: 32 });
  const masses = pred.masses.map((m, k) => TWICE[k] * m.mass);

  it('is an imposed C: at these biases the mean-field root is C = 0.1668, not 0.4', () => {
    expect(pred.meanField.imposed).toBe(true);
    expect(pred.meanField.roots.map((r) => r.C)).toEqual([0, expect.closeTo(0.166848, 5)]);
  });

  it('gives the population Ψ-theory masses within 1e-3 (the lattice error at 8192 sites) and P(1 − f < 0.02) = 0.2230', () => {
    masses.forEach((m, k) => expect(Math.abs(m - POPULATION[k]), `disk ${k}`).toBeLessThan(1e-3 * TWICE[k]));
    expect(pred.slowModes.probability).toBeCloseTo(0.223, 4);
    expect(Math.abs(pred.slowModes.countPerN - 0.223)).toBeLessThan(0.005);
  });

  it('reproduces the recorded left edge −1.617 only to 7e-4 (population −1.6163) and the recorded masses only to 0.0043: NOT to the digits shown, so the masses are not pinned', () => {
    expect(pred.support.leftEdge).toBeCloseTo(-1.6163, 4);
    const diffs = masses.map((m, k) => m - RECORDED[k]);
    expect(Math.max(...diffs.map(Math.abs))).toBeGreaterThan(3e-3);
  });

  it('is consistent with recorded theory values computed on the 1500 sites of one realisation: every recorded value lies within 3 sd of the 1500-site spread', () => {
    // like the recorded slow fraction 0.2133 = 320/1500 ([OQ-15]), which is an empirical fraction
    masses.forEach((m, k) => expect(Math.abs(m - RECORDED[k]), `disk ${k}`).toBeLessThan(3 * SD_1500[k]));
    expect(Math.abs(pred.support.leftEdge + 1.617)).toBeLessThan(3 * 0.013);
  });
});
