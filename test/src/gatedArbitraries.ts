/**
 * Gated-RNN parameter arbitraries shared by the fuzz suites (fuzzGated, fuzzGatedSpectra and their
 * slow twins). They live outside the *.test.ts files: importing a test file would register and
 * run its suite a second time inside the importer.
 */
import fc from 'fast-check';
import { edgy, junk, uniform } from './fuzzUtil.js';

/** Gated-RNN parameter ranges (the model spec). */
export const GATED_RANGES = {
  g_h: [0, 10],
  beta_h: [-50, 50],
  alpha_z: [0, 1000],
  beta_z: [-50, 50],
  alpha_r: [0, 1000],
  beta_r: [-50, 50],
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
