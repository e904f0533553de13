/**
 * Gated-RNN parameter arbitraries shared by the fuzz suites (fuzzGated, fuzzGatedSpectra and their
 * slow twins). They live outside the *.test.ts files: importing a test file would register and
 * run its suite a second time inside the importer.
 */
import fc from 'fast-check';
import { edgy, GRU_RANGES, junk, uniform } from './fuzzUtil.js';

/** Gated-RNN parameter ranges (the model spec): the GRU's gains and biases plus the time constants. */
export const GATED_RANGES = {
  ...GRU_RANGES,
  tau_h: [1e-3, 1000],
  tau_z: [1e-3, 1000],
  tau_r: [1e-3, 1000],
} as const;

export function validGated(maxGain = 1000): fc.Arbitrary<Record<string, number>> {
  return fc.record(
    Object.fromEntries(Object.entries(GATED_RANGES).map(([k, [lo, hi]]) => [k, edgy(lo, k.startsWith('alpha') ? Math.min(hi, maxGain) : hi)])) as Record<string, fc.Arbitrary<number>>,
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, number>>;
}

export const moderateGated: fc.Arbitrary<Record<string, number>> = fc.record({
  g_h: uniform(0, 4),
  beta_h: fc.oneof(fc.constant(0), uniform(-1, 1)),
  alpha_z: fc.oneof(fc.constant(0), uniform(0, 10)),
  beta_z: uniform(-2, 2),
  alpha_r: uniform(0, 10),
  beta_r: uniform(-2, 2),
  tau_z: uniform(0.5, 3),
  tau_r: uniform(0.5, 3),
});

export const invalidGated: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(validGated(50), fc.constantFrom(...Object.keys(GATED_RANGES), 'g_c', 'alpha_f', 'tau', 'G_H'), fc.oneof(junk, fc.constantFrom(-1, 0, -1e-9, 10.0001, 1001, 1e300, -51, 51)))
  .map(([p, k, v]) => ({ ...p, [k]: v }))
  .filter((p) => Object.entries(p).some(([k, v]) => {
    const r = (GATED_RANGES as Record<string, readonly [number, number]>)[k];
    return !r || typeof v !== 'number' || !(v >= r[0] && v <= r[1]);
  }));

/**
 * Parameter sets on and near the origin line g_h = 1 + e^{β_r} ([GATE-TR-1], β_h = 0), where the
 * damped fixed-point iteration slows down critically: relative offsets 0, ±1e-12, ±1e-6, ±1e-3
 * (`eps`, kept in the record for the checks), output-gate gains from 0 to 10³ (sub- and
 * supercritical branches, [GATE-TR-4]), β_r ≤ 2.1 so that g_h ≤ 10.
 */
export const originLineGated: fc.Arbitrary<{ params: Record<string, number>; eps: number }> = fc
  .record({
    eps: fc.constantFrom(0, 0, 1e-12, -1e-12, 1e-6, -1e-6, 1e-3, -1e-3),
    beta_r: fc.oneof(fc.constantFrom(0, 1, -2, 2.1), uniform(-3, 2.1)),
    alpha_r: fc.oneof(fc.constantFrom(0, 2, 2 * Math.SQRT2, 4, 1000), uniform(0, 3), edgy(0, 1000)),
    alpha_z: fc.oneof(fc.constant(0), edgy(0, 1000)),
    beta_z: uniform(-3, 3),
    tau_z: uniform(0.5, 3),
    tau_r: uniform(0.5, 3),
  })
  .map(({ eps, beta_r, ...rest }) => ({ params: { ...rest, beta_r, beta_h: 0, g_h: Math.min(10, (1 + Math.exp(beta_r)) * (1 + eps)) }, eps }));
