/**
 * Fuzz: every exported LSTM entry point — theory (packages/theory/src/lstm: parameters, mean field,
 * sites, support, Ψ density, Cassini oval [LSTM-CAS-*], slow modes [OQ-15], spectral radius,
 * predictLstm) and the importable simulation drivers (simulateLstm / compareLstm) — returns finite,
 * physical numbers with converged: true or throws a typed error, for valid parameter sets
 * (gate gains up to 10³, biases ±50, g_c from 0 to 10), moderate sets, and broken ones (NaN,
 * ±Infinity, strings, unknown names). Seeded; fuzzLstm.slow.test.ts runs ~10× the cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError, Rng } from '@gatefield/numerics';
import {
  cassiniBoundary,
  cassiniDensity,
  cassiniEigenvalues,
  cassiniModulus,
  cassiniRightmost,
  countingNoise,
  lstmGateSpectralRadius,
  lstmMeanFieldRhs,
  lstmOrigin,
  lstmQuadratureSites,
  lstmSiteAverages,
  lstmSlowModes,
  lstmSupport,
  lstmSupportFunctional,
  lstmSupportSpectralRadius,
  oneMinusF0,
  predictLstm,
  resolveLstmParameters,
  sampleLstmSites,
  slowForgetProbability,
  solveLstmMeanField,
} from '@gatefield/theory';
import { compareLstm, simulateLstm } from 'gatefield';
import { allFailures, diskArb, edgy, junk, report, Tally, uniform } from './fuzzUtil.js';

const SCALE = Number(process.env.GATEFIELD_FUZZ_SCALE ?? 1);

/** LSTM parameter ranges (the model spec, [LSTM-M-2]). */
export const LSTM_RANGES = {
  g_c: [0, 10],
  beta_c: [-50, 50],
  alpha_f: [0, 1000],
  beta_f: [-50, 50],
  alpha_i: [0, 1000],
  beta_i: [-50, 50],
  alpha_o: [0, 1000],
  beta_o: [-50, 50],
} as const;

/** Valid LSTM sets (any subset; gate gains capped at maxGain, scaled so the cap keeps the shape). */
export function validLstm(maxGain = 1000): fc.Arbitrary<Record<string, number>> {
  return fc.record(
    Object.fromEntries(Object.entries(LSTM_RANGES).map(([k, [lo, hi]]) => [k, edgy(lo, k.startsWith('alpha') ? Math.min(hi, maxGain) : hi)])) as Record<string, fc.Arbitrary<number>>,
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, number>>;
}

/**
 * The physically interesting box (forget gain up to `maxForgetGain`: the LSTM mean field costs
 * ∝ (α_f√C)(α_i√C) on its resolving gate grids, ~4 s per solve at α_f = 20, so the default suite
 * caps it at 8 and the slow suite uses 20).
 */
export function moderateLstmBox(maxForgetGain = 20): fc.Arbitrary<Record<string, number>> {
  return fc.record({
    g_c: uniform(0, 5),
    beta_c: fc.oneof(fc.constant(0), uniform(-1, 1)),
    alpha_f: uniform(0, maxForgetGain),
    beta_f: uniform(-4, 4),
    alpha_i: uniform(0, Math.min(10, maxForgetGain)),
    beta_i: uniform(-3, 3),
    alpha_o: uniform(0, 10),
    beta_o: uniform(-3, 3),
  });
}

/** At least one broken entry. */
export const invalidLstm: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(validLstm(8), fc.constantFrom(...Object.keys(LSTM_RANGES), 'g_h', 'alpha_z', 'kappa', 'G_C'), fc.oneof(junk, fc.constantFrom(-1, -1e-9, 10.0001, 1001, 1e300, -51, 51)))
  .map(([p, k, v]) => ({ ...p, [k]: v }))
  .filter((p) => Object.entries(p).some(([k, v]) => {
    const r = (LSTM_RANGES as Record<string, readonly [number, number]>)[k];
    return !r || typeof v !== 'number' || !(v >= r[0] && v <= r[1]);
  }));

/** Physical checks of a prediction. */
export function lstmPredictionProblem(v: unknown): string | null {
  const p = v as ReturnType<typeof predictLstm>;
  if (!(p.meanField.C >= 0 && p.meanField.C <= 1)) return `C = ${p.meanField.C}`;
  if (!(p.meanField.gamma2 >= 0)) return `gamma2 = ${p.meanField.gamma2}`;
  if (!(p.meanField.o2 >= 0 && p.meanField.o2 <= 1)) return `o2 = ${p.meanField.o2}`;
  if (!(p.meanField.meanF >= 0 && p.meanField.meanF <= 1)) return `meanF = ${p.meanField.meanF}`;
  for (const m of p.masses) if (!(m.mass >= 0 && m.mass <= 1)) return `mass ${m.mass} outside [0, 1]`;
  if (!(p.slowModes.probability >= 0 && p.slowModes.probability <= 1)) return `slow-mode probability ${p.slowModes.probability}`;
  if (!(p.spectralRadius >= 0)) return `spectral radius ${p.spectralRadius}`;
  if (p.support.leftEdge > p.support.abscissa) return `left edge ${p.support.leftEdge} > abscissa ${p.support.abscissa}`;
  return null;
}

/** Small settings that keep a prediction ~0.1 s. */
const FAST = { sites: { points: 512 }, boundaryPoints: 16 } as const;

export function lstmTallies(seed: number, scale: number, maxGain = 8, extremes: Record<string, number>[] = []) {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const moderateLstm = moderateLstmBox(maxGain);
  const out: Record<string, Tally> = {};
  const T = (name: string) => (out[name] ??= new Tally());
  const params = fc.oneof({ weight: 3, arbitrary: validLstm(maxGain) }, { weight: 2, arbitrary: moderateLstm }, { weight: 1, arbitrary: invalidLstm });

  for (const p of fc.sample(params, { seed, numRuns: n(6) })) {
    T('resolveLstmParameters').run('resolveLstmParameters', () => resolveLstmParameters(p), p);
    const mf = T('solveLstmMeanField').run('solveLstmMeanField', () => solveLstmMeanField(p), p, (v) => {
      const r = v as ReturnType<typeof solveLstmMeanField>;
      if (r.roots.length === 0) return 'no roots';
      return r.roots.every((x) => x.C >= 0 && x.C <= 1 && x.gamma2 >= 0) ? null : 'root outside [0,1] or Γ² < 0';
    });
    T('lstmOrigin').run('lstmOrigin', () => lstmOrigin(resolveLstmParameters(p)), p);
    if (mf.kind !== 'ok') continue;
    const r = mf.value as ReturnType<typeof solveLstmMeanField>;
    const rp = r.parameters;
    const root = r.roots[r.roots.length - 1];
    const avg = T('lstmSiteAverages').run('lstmSiteAverages', () => lstmSiteAverages(root.C, rp), { p, C: root.C });
    if (avg.kind === 'ok') {
      const law = avg.value as ReturnType<typeof lstmSiteAverages>;
      T('lstmSupport').run('lstmSupport', () => lstmSupport(law, rp.alpha_f === 0, { boundaryPoints: 16 } as never), { p, C: root.C }, (v) => {
        const s = v as ReturnType<typeof lstmSupport>;
        const rad = lstmSupportSpectralRadius(s);
        return rad >= 0 && Number.isFinite(rad) ? null : `support spectral radius ${rad}`;
      });
      T('lstmSupportFunctional').run('lstmSupportFunctional', () => [lstmSupportFunctional(0, 0, law), lstmSupportFunctional(-1.5, 0, law), lstmSupportFunctional(-0.5, 0.3, law), lstmSupportFunctional(5, -5, law)], { p, C: root.C }, (v) => ((v as number[]).every((x) => x >= 0) ? null : `negative functional ${v}`));
    }
    T('slowForgetProbability').run('slowForgetProbability', () => slowForgetProbability(0.02, root.C, rp), { p, C: root.C }, (v) => ((v as number) >= 0 && (v as number) <= 1 ? null : `probability ${v}`));
    T('lstmGateSpectralRadius').run('lstmGateSpectralRadius', () => lstmGateSpectralRadius(rp.g_c, 1 / (1 + Math.exp(rp.beta_f)), 1 / (1 + Math.exp(rp.beta_i)), 1 / (1 + Math.exp(rp.beta_o))), rp);
  }

  // predictLstm with disks, root choices, imposed C and junk options.
  const options = fc.record({
    disks: fc.array(diskArb, { maxLength: 2 }),
    root: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>(undefined, 'largest', 'smallest', 0) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(1, 5, -1, 'x', 1.5) }),
    C: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 0.4, 1, 1e-12, -0.1, 1.5, Number.NaN, '0.4') }),
    hForm: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>(undefined, 'relaxation') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('algebraic', 'x') }),
    slowModeDelta: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>(undefined, 0.02, 0.5) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1, 1e-9, -1, Number.NaN) }),
  }, { requiredKeys: ['disks'] });
  for (const [p, o] of fc.sample(fc.tuple(fc.oneof({ weight: 3, arbitrary: validLstm(maxGain) }, { weight: 3, arbitrary: moderateLstm }, { weight: 1, arbitrary: invalidLstm }), options), { seed: seed + 1, numRuns: n(7) })) {
    T('predictLstm').run('predictLstm', () => predictLstm(p, { ...FAST, ...(o as object) }), { p, o }, lstmPredictionProblem);
  }
  for (const p of extremes) {
    T('predictLstm(extreme)').run('predictLstm', () => predictLstm(p, { ...FAST, disks: [{ re: 0, im: 0, r: 0.1 }] }), p, lstmPredictionProblem);
  }

  // Cassini oval and closed forms on raw (and junk) scalars.
  const scalar = fc.oneof({ weight: 4, arbitrary: edgy(-10, 10) }, { weight: 4, arbitrary: edgy(0, 1) }, { weight: 1, arbitrary: fc.constantFrom(0, 1, 1e-300, 1e300, -1e300) }, { weight: 1, arbitrary: junk as fc.Arbitrary<never> });
  for (const [f0, R, re, im, pts] of fc.sample(fc.tuple(scalar, scalar, scalar, scalar, fc.constantFrom<unknown>(undefined, 8, 3, 0, -1, 2.5, 1e7, Number.NaN)), { seed: seed + 2, numRuns: n(60) })) {
    const input = { f0, R, re, im, pts };
    T('cassiniRightmost').run('cassiniRightmost', () => cassiniRightmost(f0, R), input);
    T('cassiniModulus').run('cassiniModulus', () => cassiniModulus({ re, im }, f0), input, (v) => ((v as number) >= 0 ? null : `modulus ${v} < 0`));
    T('cassiniDensity').run('cassiniDensity', () => cassiniDensity({ re, im }, f0, R), input, (v) => ((v as number) >= 0 ? null : `density ${v} < 0`));
    T('cassiniBoundary').run('cassiniBoundary', () => cassiniBoundary(f0, R, pts as never), input);
    T('cassiniEigenvalues').run('cassiniEigenvalues', () => cassiniEigenvalues({ re: [re as number, 0], im: [im as number, 1] }, f0), input);
    T('oneMinusF0').run('oneMinusF0', () => oneMinusF0(re), input, (v) => ((v as number) >= 0 && (v as number) <= 1 ? null : `1 − f0 = ${v}`));
    T('countingNoise').run('countingNoise', () => countingNoise(f0, R as number), input, (v) => ((v as number) >= 0 ? null : `noise ${v}`));
    T('lstmGateSpectralRadius(junk)').run('lstmGateSpectralRadius', () => lstmGateSpectralRadius(R, f0, re, im), input);
    T('slowForgetProbability(junk)').run('slowForgetProbability', () => slowForgetProbability(re, f0, { alpha_f: R, beta_f: im }), input, (v) => ((v as number) >= 0 && (v as number) <= 1 ? null : `probability ${v}`));
  }

  // Sites and slow modes at moderate parameters.
  for (const [p, k, s] of fc.sample(fc.tuple(moderateLstm, fc.oneof(fc.constantFrom(1, 2, 3, 64, 256), fc.constantFrom<unknown>(0, -1, 2.5, Number.NaN)), fc.integer({ min: 0, max: 1000 })), { seed: seed + 3, numRuns: n(8) })) {
    const rp = resolveLstmParameters(p);
    T('lstmQuadratureSites').run('lstmQuadratureSites', () => lstmQuadratureSites({ C: 0.4 }, rp, { points: k as number, shiftSeed: s }), { p, k, s });
    T('sampleLstmSites').run('sampleLstmSites', () => sampleLstmSites({ C: 0.4 }, rp, k as number, new Rng(s)), { p, k, s });
    const sites = (() => {
      try {
        return lstmQuadratureSites({ C: 0.4 }, rp, { points: 256, shiftSeed: s });
      } catch {
        return null;
      }
    })();
    if (sites) {
      T('lstmSlowModes').run('lstmSlowModes', () => lstmSlowModes(sites, 0.4, rp, [0.02, 0.5, 1e-6][s % 3]), { p, s }, (v) => {
        const m = v as ReturnType<typeof lstmSlowModes>;
        return m.probability >= 0 && m.probability <= 1 && m.massOver2N >= 0 && m.massOver2N <= 1 ? null : `slow modes ${JSON.stringify(m)}`;
      });
    }
  }

  // Simulation drivers: N = 1, 2, small; iid and fixed-point ensembles; junk N / seeds.
  const simParams = fc.oneof({ weight: 3, arbitrary: validLstm(maxGain) }, { weight: 3, arbitrary: moderateLstm }, { weight: 1, arbitrary: invalidLstm });
  const ensembles = fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>('fixed-point', 'iid', undefined) }, { weight: 1, arbitrary: fc.constant('bogus') });
  const imposedC = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0.4, 2, Number.NaN) });
  const simSizes = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, 2, 3, 8, maxGain > 8 ? 40 : 8) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 1.5, Number.NaN, '4', 1e9) });
  const simSeeds = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 0.5, Number.NaN, '1') });
  for (const [p, N, s, ensemble, disks, C] of fc.sample(fc.tuple(simParams, simSizes, simSeeds, ensembles, fc.array(diskArb, { maxLength: 2 }), imposedC), { seed: seed + 4, numRuns: n(12) })) {
    const input = { p, n: N, seed: s, ensemble, disks, C };
    T('simulateLstm').run('simulateLstm', () => simulateLstm(p, { n: N, seed: s, ensemble, disks, C } as never), input, (v) => {
      const r = v as ReturnType<typeof simulateLstm>;
      if (r.masses.some((m) => !(m.mass >= 0 && m.mass <= 1))) return 'mass outside [0, 1]';
      return null;
    });
  }
  for (const [p, N, k, disks] of fc.sample(fc.tuple(moderateLstm, fc.constantFrom(2, 5), fc.constantFrom(1, 2), fc.array(diskArb, { maxLength: 1 })), { seed: seed + 5, numRuns: Math.round(scale) })) {
    T('compareLstm').run('compareLstm', () => compareLstm(p, { n: N, seeds: k, disks, sites: { points: 512 } } as never), { p, n: N, seeds: k, disks });
  }
  return out;
}

/** Corner cases: full gains, saturating biases, g_c at 0 and 10. */
export const LSTM_EXTREMES: Record<string, number>[] = [
  { g_c: 10, beta_c: 0, alpha_f: 1000, beta_f: -50, alpha_i: 1000, beta_i: 50, alpha_o: 1000, beta_o: -50 },
  { g_c: 0, beta_c: 50, alpha_f: 1000, beta_f: 50, alpha_i: 0, alpha_o: 1000 },
  { g_c: 10, beta_c: -50, alpha_f: 0, beta_f: -50, alpha_i: 1000, beta_i: -50, alpha_o: 0, beta_o: 50 },
  { g_c: 1e-9, alpha_f: 1000, alpha_i: 1000, alpha_o: 1000 },
  { g_c: 10, alpha_f: 500, beta_f: 3, alpha_i: 500, alpha_o: 500 },
];

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz: LSTM entry points keep the promise (seeded)', () => {
  it('every call returns finite, physical numbers or throws a typed error', () => {
    const t0 = performance.now();
    const tallies = lstmTallies(8128, SCALE);
    console.log(report('lstm fuzz', tallies, t0));
    expect(allFailures(tallies)).toEqual([]);
  });
});

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz regressions: LSTM at gate gains up to 10³ (issue 8)', () => {
  it('evaluates [LSTM-MF-3] at α√C = 10³ on all three gates (6·10⁴-point gate grids: 3.6·10⁹ node pairs before gatePairs.ts)', () => {
    const p = resolveLstmParameters({ g_c: 10, beta_c: 0, alpha_f: 1000, beta_f: -50, alpha_i: 1000, beta_i: 50, alpha_o: 1000, beta_o: -50 });
    const rhs = lstmMeanFieldRhs(1, p);
    expect(rhs).toBeGreaterThan(0);
    expect(rhs).toBeLessThanOrEqual(1);
  });

  it('keeps Γ² finite at g_c = 0 when 1/(1 − f) overflows (NonPhysicalError from ∞·0 = NaN before)', () => {
    const av = lstmSiteAverages(1, resolveLstmParameters({ g_c: 0, beta_c: 0.5, alpha_f: 40, alpha_i: 40, alpha_o: 4 }));
    expect(Number.isFinite(av.gamma2)).toBe(true);
    expect(av.gamma2).toBeGreaterThanOrEqual(av.meanA2);
  });

  it('traces the support of a law whose Λ overflows next to −1 (brent refused the left-edge bracket with InvalidParameterError before), and carries the law\'s warnings', () => {
    const law = lstmSiteAverages(0.3, resolveLstmParameters({ g_c: 2, alpha_f: 50, beta_f: 1, alpha_i: 3, alpha_o: 3 }), { gate: { sharpThreshold: 1e6 } });
    const s = lstmSupport(law, false, { boundaryPoints: 16 });
    expect(s.leftEdge).toBeLessThan(-1);
    expect(s.warnings.map((w) => w.code)).toEqual(['quadrature-insufficient']);
  });

  it('keeps the origin closed forms finite at the edges of double precision (slow fuzz seeds 1–2: ∂r/∂o₀ = ∞ when f₀²/4 underflowed, ∞/NaN Cassini vertices at R = 1e300)', () => {
    const r = lstmGateSpectralRadius(1.862645149230957e-9, 5.717851080588562e-217, 3.542281790577927e-301, 0);
    expect(Number.isFinite(r.dRadiusDo0!) && Number.isFinite(r.dRadiusDi0!)).toBe(true);
    expect(lstmGateSpectralRadius(0.2376, 0, 0, 0.5).dRadiusDi0).toBeNull(); // the √ cusp
    for (const R of [1e300, Infinity]) expect(() => cassiniBoundary(1e-6, R, 8)).toThrow(InvalidParameterError);
  });

  it('predictLstm warns (and still predicts) when the site lattice or a pinned gate rule cannot resolve a gate, and not on the default rules', () => {
    const coarse = predictLstm({ g_c: 2, alpha_f: 3, alpha_i: 400, beta_i: 1, alpha_o: 3 }, { C: 0.5, sites: { points: 512 }, boundaryPoints: 16 });
    expect(coarse.warnings.map((w) => w.where)).toEqual(['density sites: input gate at C = 0.500000']);
    const pinned = predictLstm({ g_c: 2, alpha_f: 6, beta_f: -1, alpha_i: 3, alpha_o: 3 }, { C: 0.4, quadrature: { gate: { sharpThreshold: 1e6, gateNodes: 8 } }, ...FAST });
    expect(pinned.warnings.some((w) => w.code === 'quadrature-insufficient' && /forget gate/.test(w.where))).toBe(true);
    // α√C = 1.58 on the default 64-node rule: all three gates warned before (1.6 < 2 nodes per width) though ⟨σ²⟩, ⟨σ′²⟩ are accurate to ~1e-11 there
    expect(predictLstm({ g_c: 2, alpha_f: 2.5, alpha_i: 2.5, alpha_o: 2.5 }, { C: 0.4, ...FAST }).warnings).toEqual([]);
  });
});
