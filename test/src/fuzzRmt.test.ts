/**
 * Fuzz: the random-matrix solvers called directly — the Ψ-formula root ([PSI-2], psiRoot), the
 * radial law ([RAD-1], radialCdf), the hermitised SCBA ([GRU-SCBA-*], scbaSolve) at points inside,
 * outside and on the support, with degenerate site samples (one site, zero or huge values, junk
 * entries) — and the GRU phase diagram with hostile specs (reversed, one-point, junk axes; unknown
 * parameters; worker counts): finite, physical numbers with converged: true, or a typed error.
 * Seeded; the slow suite (fuzzRmt.slow.test.ts) runs ~10× the cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gruQuadratureSites, phaseDiagram, psiRoot, radialCdf, resolveGruParameters, scbaSolve, solveGruMeanField } from '@gatefield/theory';
import { allFailures, edgy, junk, report, Tally, uniform } from './fuzzUtil.js';

const SCALE = Number(process.env.GATEFIELD_FUZZ_SCALE ?? 1);

/** A site sample (a_i, w_i): sizes 1..64, values moderate, zero, tiny or huge; sometimes junk. */
const siteArrays = fc.tuple(
  fc.oneof({ weight: 4, arbitrary: fc.array(fc.oneof(uniform(0, 5), fc.constantFrom(0, 1e-300, 1e-8, 1e8)), { minLength: 1, maxLength: 64 }) }, { weight: 1, arbitrary: fc.constantFrom<number[]>([], [Number.NaN], [-1, 2], [Infinity]) }),
  fc.constantFrom('equal', 'random', 'zero-sum', 'negative'),
  fc.integer({ min: 0, max: 1000 }),
).map(([a, wkind, s]) => {
  const n = a.length;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = wkind === 'equal' ? 1 / n : wkind === 'random' ? ((s * (i + 7)) % 13) + 1 : wkind === 'zero-sum' ? 0 : i === 0 ? -1 : 1;
  if (wkind === 'random') {
    let t = 0;
    for (const v of w) t += v;
    for (let i = 0; i < n; i++) w[i] /= t;
  }
  return { a: Float64Array.from(a), w, wkind };
});

export function rmtTallies(seed: number, scale: number) {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const out: Record<string, Tally> = {};
  const T = (name: string) => (out[name] ??= new Tally());

  for (const [{ a, w, wkind }, r, tol] of fc.sample(fc.tuple(siteArrays, fc.oneof(edgy(0, 10), fc.constantFrom(0, 1e-300, 1e300), junk as fc.Arbitrary<never>), fc.constantFrom<unknown>(undefined, 1e-12, 0, -1, Number.NaN)), { seed, numRuns: n(80) })) {
    const input = { a: Array.from(a).slice(0, 6), n: a.length, wkind, r, tol };
    T('psiRoot').run('psiRoot', () => psiRoot(a, w, tol === undefined ? {} : { tolerance: tol as number }), input);
    T('radialCdf').run('radialCdf', () => radialCdf(a, w, r as number, tol === undefined ? {} : { tolerance: tol as number }), input, (v) => {
      const F = (v as ReturnType<typeof radialCdf>).F;
      return F >= 0 && F <= 1 ? null : `F = ${F} outside [0, 1]`;
    });
  }

  // SCBA on real GRU sites at λ inside / outside / on the real axis / at the poles.
  const gru = fc.record({ g_h: uniform(0.5, 4), beta_h: fc.oneof(fc.constant(0), uniform(-1, 1)), alpha_z: uniform(0, 20), beta_z: uniform(-2, 2), alpha_r: uniform(0, 10), beta_r: uniform(-2, 2) });
  const lambdas = fc.oneof(
    fc.record({ re: uniform(-3, 1), im: uniform(-2, 2) }),
    fc.constantFrom({ re: 0, im: 0 }, { re: -1, im: 0 }, { re: -0.5, im: 0 }, { re: 1e6, im: 0 }, { re: -1, im: 1e-300 }),
    fc.record({ re: junk as fc.Arbitrary<never>, im: fc.constant(0) }),
  );
  const scbaOpts = fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.record({ tolerance: fc.constantFrom<unknown>(0, -1, Number.NaN, 1e-3), maxIterations: fc.constantFrom<unknown>(0, 1, 2.5, 50), damping: fc.constantFrom<unknown>(0, 2, Number.NaN, 0.5) }, { requiredKeys: [] }) });
  for (const [p, lambdaList, opts] of fc.sample(fc.tuple(gru, fc.array(lambdas, { minLength: 1, maxLength: 3 }), scbaOpts), { seed: seed + 1, numRuns: n(8) })) {
    let sites;
    try {
      const root = solveGruMeanField(p).roots.at(-1)!;
      sites = gruQuadratureSites(root, resolveGruParameters(p), { etaNodes: 12, gateNodes: 8 } as never);
    } catch {
      continue;
    }
    for (const lambda of lambdaList) {
      T('scbaSolve').run('scbaSolve', () => scbaSolve(sites, { gH2: p.g_h * p.g_h }, lambda as never, opts as never), { p, lambda, opts });
    }
  }
  // The pole-sum passes of tensor rules (default) against the plain site sums (tensorPasses: false):
  // the same G to 1e-10 relative (each path stops at its own iterate within the solver tolerance
  // 1e-12 on the residual; near the bulk edge G moves more than the residual), or the
  // same typed error. Gates from smooth to saturated (α_z up to
  // 1000, |β_z| up to 40: ξ-nodes with equal s), λ inside, near and outside the bulk.
  const gates = fc.record({ g_h: uniform(0.5, 4), beta_h: fc.oneof(fc.constant(0), uniform(-2, 2)), alpha_z: fc.oneof(uniform(0, 20), fc.constantFrom(0, 50, 1000)), beta_z: fc.oneof(uniform(-2, 2), fc.constantFrom(-40, 40)), alpha_r: fc.oneof(uniform(0, 10), fc.constantFrom(100)), beta_r: uniform(-2, 2) });
  const inside = fc.oneof(fc.record({ re: uniform(-1.5, 0.3), im: uniform(0, 1) }), fc.constantFrom({ re: -0.5, im: 0 }, { re: -1, im: 1e-9 }, { re: 0, im: 0.01 }));
  for (const [p, lambda] of fc.sample(fc.tuple(gates, inside), { seed: seed + 3, numRuns: n(24) })) {
    let sites;
    try {
      const root = solveGruMeanField(p).roots.at(-1)!;
      sites = gruQuadratureSites(root, resolveGruParameters(p), { etaNodes: 12 });
    } catch {
      continue;
    }
    const params = { gH2: p.g_h * p.g_h };
    const attempt = (o: object) => {
      try {
        return scbaSolve(sites, params, lambda, o);
      } catch (e) {
        return e as Error;
      }
    };
    T('scbaSolve tensor = plain').run(
      'scbaSolve',
      () => {
        const tensor = attempt({});
        const plain = attempt({ tensorPasses: false });
        if (tensor instanceof Error && plain instanceof Error) throw tensor; // both fail: must be a typed error
        if (tensor instanceof Error || plain instanceof Error) return { mismatch: `${tensor instanceof Error ? `tensor passes threw ${tensor.name}` : 'plain sums threw'} where the other converged` };
        return { a: tensor.G, b: plain.G };
      },
      { p, lambda },
      (v) => {
        const r = v as { mismatch?: string; a: { re: number; im: number }; b: { re: number; im: number } };
        if (r.mismatch) return r.mismatch;
        const d = Math.hypot(r.a.re - r.b.re, r.a.im - r.b.im);
        return d <= 1e-10 * Math.hypot(r.b.re, r.b.im) ? null : `G = ${r.a.re}+${r.a.im}i vs plain ${r.b.re}+${r.b.im}i`;
      },
    );
  }
  for (const gH2 of fc.sample(fc.constantFrom<unknown>(-1, Number.NaN, Infinity, '4', 0), { seed: seed + 2, numRuns: n(4) })) {
    const p = { g_h: 2, alpha_r: 2 };
    const root = solveGruMeanField(p).roots.at(-1)!;
    const sites = gruQuadratureSites(root, resolveGruParameters(p), { etaNodes: 12, gateNodes: 8 } as never);
    T('scbaSolve(gH2)').run('scbaSolve', () => scbaSolve(sites, { gH2: gH2 as number }, { re: -0.5, im: 0.1 }), { gH2 });
  }
  return out;
}

/** Hostile phase-diagram specs (run on the main thread: workers: 0, tiny grids). */
export const hostilePhaseSpecs: fc.Arbitrary<Record<string, unknown>> = fc.record({
  x: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom({ name: 'alpha_r', lo: 0, hi: 6, count: 3 }, { name: 'beta_r', lo: -2, hi: 2, count: 2 }, { name: 'g_h', lo: 0, hi: 10, count: 3 }) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>({ name: 'alpha_r', lo: 6, hi: 0, count: 3 }, { name: 'alpha_r', lo: 1, hi: 1, count: 3 }, { name: 'alpha_r', lo: 0, hi: 1, count: 1 }, { name: 'alpha_r', lo: 0, hi: 1, count: 0 }, { name: 'bogus', lo: 0, hi: 1, count: 2 }, { name: 'alpha_r', lo: Number.NaN, hi: 1, count: 2 }, { name: 'alpha_r', lo: 0, hi: 1e9, count: 2 }, { name: 'alpha_r', lo: 0, hi: 1, count: 2.5 }, null, {}) },
  ),
  y: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom({ name: 'g_h', lo: 1, hi: 3, count: 3 }, { name: 'g_h', lo: 0.5, hi: 4, count: 2 }, { name: 'beta_h', lo: 0, hi: 1, count: 2 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>({ name: 'g_h', lo: 1, hi: 3, count: -1 }, { name: 'alpha_r', lo: 0, hi: 1, count: 2 }, { name: 'g_h', lo: 'a', hi: 3, count: 2 }) },
  ),
  parameters: fc.oneof({ weight: 4, arbitrary: fc.constantFrom({}, { beta_h: 0.2 }, { alpha_z: 5 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>({ bogus: 1 }, { g_h: Number.NaN }, null) }),
  branch: fc.constantFrom<unknown>(undefined, 'upper', 'lower', 'all', 'x'),
  complexity: fc.constantFrom<unknown>(undefined, 'sign', 'closed-form', 'wrong'),
  scanPoints: fc.constantFrom<unknown>(undefined, 16, 0, 2.5),
}, { requiredKeys: ['x', 'y', 'parameters'] });

export async function phaseTallies(seed: number, runs: number) {
  const t = new Tally();
  for (const spec of fc.sample(hostilePhaseSpecs, { seed, numRuns: runs })) {
    await t.runAsync('phaseDiagram', () => phaseDiagram(spec as never, { workers: 0 } as never), spec);
  }
  return t;
}

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz: RMT solvers and the phase diagram keep the promise (seeded)', () => {
  it('psiRoot, radialCdf and scbaSolve return finite, physical numbers or throw a typed error', () => {
    const t0 = performance.now();
    const tallies = rmtTallies(9090, SCALE);
    const all = allFailures(tallies);
    console.log(report('rmt fuzz', tallies, t0));
    expect(all).toEqual([]);
  });

  it('phaseDiagram with hostile specs returns a finite diagram or throws a typed error', async () => {
    const t0 = performance.now();
    const t = await phaseTallies(9191, Math.max(1, Math.round(12 * SCALE)));
    console.log(report('phase fuzz', { phaseDiagram: t }, t0));
    expect(t.failures).toEqual([]);
  });
});
