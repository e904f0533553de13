/**
 * Fuzz (issue 8): the gated-RNN functions added with the spectral, Kac–Rice, phase-diagram and
 * gradient work — gatedSpectralModel / gatedLogPotential [GATE-RMT-*], gatedDensity, gatedDiskMass(es),
 * gatedKacRice(OnBranch), gatedRadialPsi, gatedUnitSample, checkGatedPhaseSpec / gatedPhaseDiagram
 * (hostile specs, chaos 'off', tiny grids), gatedSamplingLyapunov (tiny budgets), adjointMeanSquareGradient,
 * gatedGradientGrowthRate, gatedAdjointCorrelationShape, and the finite-network adjoints of @gatefield/sim
 * (storeTrajectory, discreteAdjoint, continuousAdjoint, gradientGrowth with N = 1, 2 and tiny T):
 * finite, physical numbers with converged: true, or a typed error. Gate gains up to 10³. Seeded; the
 * slow twin (fuzzGatedSpectra.slow.test.ts) runs more cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getModel } from '@gatefield/models';
import {
  adjointMeanSquareGradient,
  checkGatedPhaseSpec,
  gatedAdjointCorrelationShape,
  gatedDensity,
  gatedDiskMass,
  gatedDiskMasses,
  gatedGradientGrowthRate,
  gatedKacRice,
  gatedKacRiceOnBranch,
  gatedLogPotential,
  gatedPhaseDiagram,
  gatedRadialPsi,
  gatedSamplingLyapunov,
  gatedSpectralModel,
  gatedUnitSample,
  resolveGatedParameters,
  solveGatedDmft,
} from '@gatefield/theory';
import { continuousAdjoint, createNetwork, discreteAdjoint, gradientGrowth, storeTrajectory } from '@gatefield/sim';
import { allFailures, diskArb, edgy, junk, report, Tally, uniform } from './fuzzUtil.js';
import { invalidGated, moderateGated, validGated } from './gatedArbitraries.js';

const SCALE = Number(process.env.GATEFIELD_FUZZ_SCALE ?? 1);

const massCheck = (v: unknown): string | null => {
  const rs = (Array.isArray(v) ? v : [v]) as { mass: number }[];
  for (const r of rs) if (!(r.mass >= -1e-6 && r.mass <= 1 + 1e-6)) return `mass ${r.mass} outside [0, 1]`;
  return null;
};

export async function spectraTallies(seed: number, scale: number, maxGain = 1000): Promise<Record<string, Tally>> {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const out: Record<string, Tally> = {};
  const T = (name: string) => (out[name] ??= new Tally());
  const params = fc.oneof({ weight: 3, arbitrary: validGated(maxGain) }, { weight: 2, arbitrary: moderateGated }, { weight: 1, arbitrary: invalidGated });
  const num = (lo: number, hi: number) => fc.oneof({ weight: 5, arbitrary: edgy(lo, hi) }, { weight: 1, arbitrary: junk as fc.Arbitrary<never> });
  const lpOpts = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ hNodes: 16, zNodes: 24, sampleSize: 16 }) },
    { weight: 2, arbitrary: fc.constant({ method: 'sampled', sampleSize: 8, seed: 3 }) },
    { weight: 1, arbitrary: fc.record({ method: fc.constantFrom<unknown>('auto', 'closed-form', 'sampled', 'bogus', 3), hNodes: fc.constantFrom<unknown>(8, 0, -1, 2.5, Number.NaN), zNodes: fc.constantFrom<unknown>(8, 0, Infinity), sampleSize: fc.constantFrom<unknown>(1, 2, 0, -4, 1.5, Number.NaN), gradientStep: fc.constantFrom<unknown>(1e-5, 0, -1, Number.NaN), seed: fc.constantFrom<unknown>(1, -1, Number.NaN, 'x') }, { requiredKeys: [] }) },
  );

  // Spectral model, log potential, density, disk masses.
  for (const [p, o, re, im, disk] of fc.sample(fc.tuple(params, lpOpts, num(-5, 5), num(-3, 3), diskArb), { seed, numRuns: n(30) })) {
    const input = { p, o, re, im };
    T('gatedLogPotential').run('gatedLogPotential', () => gatedLogPotential(p, re as number, im as number, o as never), input);
    const m = T('gatedSpectralModel').run('gatedSpectralModel', () => gatedSpectralModel(p, o as never), { p, o });
    if (m.kind !== 'ok') continue;
    const model = m.value as ReturnType<typeof gatedSpectralModel>;
    T('gatedDensity').run('gatedDensity', () => gatedDensity(model, re as number, im as number), input, (v) => ((v as { density: number }).density >= -1e-6 ? null : `negative density ${(v as { density: number }).density}`));
    T('gatedDensity(junk step)').run('gatedDensity', () => gatedDensity(model, 0.1, 0, { step: [0, -1, Number.NaN, 1e-3][seed % 4] }), { p, o });
    T('gatedDiskMass').run('gatedDiskMass', () => gatedDiskMass(model, disk, { points: 16, maxPoints: 128, tolerance: 1e-3, physicalTolerance: 5e-3 }), { p, o, disk }, massCheck);
    const hostileDisk = [null, { re: 0, im: 0 }, { re: Number.NaN, im: 0, r: 1 }, { re: 0, im: 0, r: -1 }, { re: 0, im: 0, r: Infinity }, { re: '0', im: 0, r: 1 }, { re: 1e300, im: 0, r: 1e300 }][seed % 7 === 0 ? 0 : (re as number) > 0 ? 1 + (seed % 6) : Math.abs(Math.round(Number(re) || 0)) % 7];
    T('gatedDiskMass(hostile disk)').run('gatedDiskMass', () => gatedDiskMass(model, hostileDisk as never, { points: 16, maxPoints: 128 }), { p, o, hostileDisk }, massCheck);
  }
  const badDisk = fc.record({ re: num(-3, 3), im: num(-2, 2), r: fc.oneof(edgy(0, 3), fc.constantFrom<unknown>(-1, Number.NaN, Infinity, '1')) });
  for (const [p, disks, mo] of fc.sample(fc.tuple(fc.oneof(moderateGated.map((q) => ({ ...q, alpha_r: 0 })), params), fc.array(fc.oneof(diskArb, badDisk), { maxLength: 3 }), fc.constantFrom<unknown>({}, { points: 0 }, { tolerance: -1 }, { maxPoints: 4 }, { points: Number.NaN })), { seed: seed + 1, numRuns: n(12) })) {
    T('gatedDiskMasses').run('gatedDiskMasses', () => gatedDiskMasses(p, disks as never, { hNodes: 16, zNodes: 24, sampleSize: 16, mass: { points: 16, maxPoints: 256, ...(mo as object) } }), { p, disks, mo }, massCheck);
  }

  // Sampled path with explicit per-unit states (hostile lengths, NaN entries, a wrong-size J^r).
  const unitsArb = fc.constantFrom<unknown>(
    { h: [0.1, -0.2, 0.3, 0.5, -1, 2, 0, 0.7], z: [0, 0, 0, 0, 0, 0, 0, 0], r: [1, 1, 1, 1, 1, 1, 1, 1] },
    { h: [0.1, -0.2], z: [0], r: [1, 1] },
    { h: [Number.NaN, 0, 0, 0, 0, 0, 0, 0], z: [0, 0, 0, 0, 0, 0, 0, 0], r: [0, 0, 0, 0, 0, 0, 0, 0] },
    { h: [], z: [], r: [] },
    { h: [0, 1, 2, 3, 4, 5, 6, 7], z: [0, 1, 2, 3, 4, 5, 6, 7], r: [0, 1, 2, 3, 4, 5, 6, 7], jr: new Float64Array(3) },
    { h: null, z: [0], r: [0] },
    null,
  );
  for (const [p, units, re] of fc.sample(fc.tuple(fc.oneof(moderateGated, params), unitsArb, edgy(-2, 2)), { seed: seed + 10, numRuns: n(8) })) {
    T('gatedLogPotential(units)').run('gatedLogPotential', () => gatedLogPotential(p, re, 0.1, { method: 'sampled', units } as never), { p, units, re });
  }

  // Kac–Rice complexity and the radial Ψ.
  const krOpts = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ hNodes: 24, sampleSize: 16 }) },
    { weight: 1, arbitrary: fc.record({ deltaH: fc.constantFrom<unknown>(0, 1e-12, 0.5, 1e6, -1, Number.NaN), method: fc.constantFrom<unknown>('closed-form', 'sampled', 'x'), hNodes: fc.constantFrom<unknown>(4, 0, 1.5), sampleSize: fc.constantFrom<unknown>(1, 2, 0, Number.NaN) }, { requiredKeys: [] }) },
  );
  for (const [p, o, u] of fc.sample(fc.tuple(params, krOpts, num(0, 50)), { seed: seed + 2, numRuns: n(24) })) {
    T('gatedKacRice').run('gatedKacRice', () => gatedKacRice(p, o as never), { p, o });
    const { deltaH: _d, ...ob } = o as Record<string, unknown>;
    T('gatedKacRiceOnBranch').run('gatedKacRiceOnBranch', () => gatedKacRiceOnBranch(p, u as number, ob as never), { p, u, ob });
  }
  const arr = fc.oneof(
    fc.array(edgy(0, 100), { maxLength: 6 }).map((a) => Float64Array.from(a)),
    fc.constantFrom<unknown>(new Float64Array(0), Float64Array.from([Number.NaN]), Float64Array.from([-1, 2]), Float64Array.from([1, 2, 3]), Float64Array.from([Infinity]), [1, 2], null),
  );
  const goodPair = fc.array(fc.tuple(edgy(0, 100), edgy(0, 1)), { minLength: 1, maxLength: 8 }).map((a) => [Float64Array.from(a, (x) => x[0]), Float64Array.from(a, (x) => x[1])] as unknown[]);
  const pairs = fc.oneof({ weight: 3, arbitrary: goodPair }, { weight: 1, arbitrary: fc.tuple(arr, arr) });
  const ivs = fc.oneof({ weight: 4, arbitrary: fc.constantFrom<unknown>(undefined, 400, 10, 2) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(1, 3, 0, 2.5, Number.NaN, '10') });
  for (const [[s2, w], iv] of fc.sample(fc.tuple(pairs, ivs), { seed: seed + 3, numRuns: n(60) })) {
    T('gatedRadialPsi').run('gatedRadialPsi', () => gatedRadialPsi(s2 as Float64Array, w as Float64Array, iv as number), { s2: Array.from((s2 as ArrayLike<number>) ?? []), w: Array.from((w as ArrayLike<number>) ?? []), iv });
  }

  // Stratified unit sample from the mean-field law.
  for (const [p, dh, dz, dr, N, s] of fc.sample(fc.tuple(fc.oneof(validGated(maxGain), moderateGated), edgy(0, 100), edgy(0, 100), edgy(0, 100), fc.constantFrom<unknown>(8, 9, 16, 64), fc.constantFrom<unknown>(1, 0, 2 ** 40)).chain((t) => fc.oneof({ weight: 3, arbitrary: fc.constant(t) }, { weight: 1, arbitrary: fc.tuple(fc.nat(4), fc.constantFrom<unknown>(Number.NaN, -1, Infinity, '1', null, 0, 7, 2.5, 1e5)).map(([i, v]) => { const u = [...t]; u[1 + i] = v; return u as typeof t; }) })), { seed: seed + 4, numRuns: n(60) })) {
    const rp = resolveGatedParameters(p);
    T('gatedUnitSample').run('gatedUnitSample', () => gatedUnitSample(rp, dh as number, dz as number, dr as number, N as number, s as number), { p, dh, dz, dr, N, s });
  }

  // Phase diagram: hostile specs (cheap: chaos off, tiny grids, in-thread).
  const goodAxis = fc.record({ name: fc.constantFrom<unknown>('g_h', 'alpha_r', 'beta_z', 'beta_r', 'alpha_z', 'beta_h', 'tau_z'), lo: edgy(0.001, 3), width: edgy(1e-6, 6), count: fc.constantFrom<unknown>(2, 3) }).map(({ width, ...a }) => ({ ...a, hi: (a.lo as number) + width }));
  const badAxis = fc.record({ name: fc.constantFrom<unknown>('g_h', 'alpha_r', 'tau_h', 'nope', '', 3), lo: fc.oneof(edgy(-60, 5), junk as fc.Arbitrary<never>), hi: fc.oneof(edgy(0, 2000), junk as fc.Arbitrary<never>), count: fc.constantFrom<unknown>(1, 2, 0, -1, 2.5, Number.NaN, 1e9) });
  const axis = fc.oneof({ weight: 8, arbitrary: goodAxis }, { weight: 1, arbitrary: badAxis });
  const cleanSpec = fc.tuple(goodAxis, goodAxis, moderateGated).filter(([x, y]) => x.name !== y.name).map(([x, y, parameters]) => ({ x, y, parameters, chaos: 'off' }));
  const hostileSpec = fc.record({
    x: axis,
    y: axis,
    parameters: fc.oneof({ weight: 3, arbitrary: moderateGated }, { weight: 1, arbitrary: validGated(maxGain) }, { weight: 1, arbitrary: invalidGated }, { weight: 1, arbitrary: fc.constant({}) }),
    chaos: fc.constantFrom<unknown>('off', 'off', 'off', 'off', 'off', 'bogus'),
    chaosSamples: fc.constantFrom<unknown>(undefined, 1, 0, Number.NaN),
    marginalEpsilon: fc.constantFrom<unknown>(undefined, 0.02, 0, -1, Number.NaN),
    marginalFraction: fc.constantFrom<unknown>(undefined, 0.1, 2, Number.NaN),
    branchScan: fc.constantFrom<unknown>(undefined, { points: 40 }, { points: 0 }, { uMin: -1 }, { uMin: 5, uMax: 1 }),
    curveTolerance: fc.constantFrom<unknown>(undefined, 1e-6, 0, Number.NaN),
  }, { requiredKeys: ['x', 'y', 'parameters', 'chaos'] });
  const spec = fc.oneof({ weight: 3, arbitrary: cleanSpec }, { weight: 2, arbitrary: hostileSpec }, { weight: 1, arbitrary: fc.constantFrom<Record<string, unknown>>({ x: null, y: { name: 'g_h', lo: 0, hi: 1, count: 2 }, parameters: {} }, { x: { name: 'g_h', lo: 0, hi: 1, count: 2 }, y: { name: 'beta_h', lo: 0, hi: 1, count: 2 }, parameters: null }, { x: { name: 'g_h', lo: 0, hi: 1, count: 2 }, y: 'beta_h', parameters: {} }, { x: { name: 'g_h', lo: 0, hi: 1, count: 2 }, y: { name: 'beta_h', lo: 0, hi: 1, count: 2 }, parameters: [], chaos: 'off' }) });
  for (const sp of fc.sample(spec, { seed: seed + 5, numRuns: n(40) })) {
    T('checkGatedPhaseSpec').run('checkGatedPhaseSpec', () => (checkGatedPhaseSpec(sp as never), { ok: true }), sp);
    const x = (sp.x ?? {}) as { count: unknown };
    const y = (sp.y ?? {}) as { count: unknown };
    // only run specs that are cheap: at most 3×3 grid points
    if (typeof x.count === 'number' && typeof y.count === 'number' && x.count * y.count > 9) continue;
    await T('gatedPhaseDiagram').runAsync('gatedPhaseDiagram', () => gatedPhaseDiagram({ branchScan: { points: 40 }, ...(sp as object) } as never, { workers: 0 }), sp);
  }

  // DMFT-based: sampling Lyapunov (tiny budgets), adjoint shape, gradient growth rate.
  const dmftOpts = { points: 128, du: 0.2, chebyshevNodes: 16, hermiteNodes: 16, maxIterations: 400 };
  const chaoticish = moderateGated.map((q) => ({ ...q, alpha_z: 0, g_h: 1.5 + q.g_h / 2 }));
  const dmftCases = fc.sample(fc.tuple(fc.oneof({ weight: 3, arbitrary: chaoticish }, { weight: 1, arbitrary: params }), fc.constantFrom<unknown>(0.3, 0, -0.1, 5, Number.NaN)), { seed: seed + 6, numRuns: n(4) });
  for (const [p, lambda] of dmftCases) {
    const d = T('solveGatedDmft(setup)').run('solveGatedDmft', () => solveGatedDmft(p, dmftOpts), p);
    T('gatedGradientGrowthRate').run('gatedGradientGrowthRate', () => gatedGradientGrowthRate(p, { dmft: dmftOpts }), p, (v) => ((v as { lambdaMax: number }).lambdaMax > 0 ? null : 'λ_max ≤ 0 returned'));
    if (d.kind !== 'ok') continue;
    const dmft = d.value as ReturnType<typeof solveGatedDmft>;
    T('gatedAdjointCorrelationShape').run('gatedAdjointCorrelationShape', () => gatedAdjointCorrelationShape(dmft, lambda as number, { powerMaxIterations: 2000 }), { p, lambda });
    const so = fc.sample(fc.record({ lagPoints: fc.constantFrom<unknown>(32, 0, 1e6, Number.NaN), paths: fc.constantFrom<unknown>(4, 3, 0), rounds: fc.constantFrom<unknown>(1, 0, -1), batches: fc.constantFrom<unknown>(2, 1, 0), damping: fc.constantFrom<unknown>(0.5, 1.5, Number.NaN), windowTime: fc.constantFrom<unknown>(10, 1, -5) }, { requiredKeys: [] }), { seed: seed + 7, numRuns: 1 })[0];
    T('gatedSamplingLyapunov').run('gatedSamplingLyapunov', () => gatedSamplingLyapunov(dmft, { lagPoints: 32, transientTime: 5, windowTime: 10, paths: 4, rounds: 1, batches: 2, seed: 1, ...so } as never), { p, so });
  }

  for (const junkDmft of [null, {}, { params: resolveGatedParameters({ g_h: 2 }), lags: new Float64Array(0), C_phi: new Float64Array(0), C_psi: new Float64Array(0) }, { params: resolveGatedParameters({ g_h: 2 }), lags: Float64Array.of(0, 0.1, 0.2), C_phi: Float64Array.of(Number.NaN, 0, 0), C_psi: Float64Array.of(1, 0.5, 0.2) }]) {
    T('gatedSamplingLyapunov(junk fields)').run('gatedSamplingLyapunov', () => gatedSamplingLyapunov(junkDmft as never, { lagPoints: 2, paths: 2, rounds: 1, batches: 1, transientTime: 1, windowTime: 2 }), { junkDmft: junkDmft === null ? null : Object.keys(junkDmft) });
    T('gatedAdjointCorrelationShape(junk dmft)').run('gatedAdjointCorrelationShape', () => gatedAdjointCorrelationShape(junkDmft as never, 0.1), { junkDmft: junkDmft === null ? null : Object.keys(junkDmft) });
  }
  for (const o of [null, { dmft: { ...dmftOpts, points: -1 } }, { dmft: { ...dmftOpts, du: Number.NaN } }, { dmft: dmftOpts, lyapunov: { tol: -1 } }, { dmft: dmftOpts, lyapunov: 'x' }]) {
    T('gatedGradientGrowthRate(junk options)').run('gatedGradientGrowthRate', () => gatedGradientGrowthRate({ g_h: 2, alpha_z: 0 }, o as never), { o });
  }

  // adjointMeanSquareGradient on raw arrays (sizes mismatched, junk dt / tau / rule).
  const fa = (len: number, bad: boolean) => Float64Array.from({ length: len }, (_, k) => (bad && k === 1 ? Number.NaN : Math.exp(-k / 3)));
  for (const [M, L, dt, tau, rule, bad] of fc.sample(fc.tuple(fc.constantFrom(2, 3, 4, 8, 2, 3, 4, 8, 0, 1), fc.constantFrom(16, 64, 64, 0, 1, 4), fc.oneof({ weight: 6, arbitrary: edgy(1e-3, 1) }, { weight: 1, arbitrary: num(-1, 1) }), fc.constantFrom<unknown>(undefined, undefined, 1, 0.5, 3, undefined, undefined, 1, 0, -1, Number.NaN), fc.constantFrom<unknown>(undefined, 'trapezoid', 'left', undefined, 'trapezoid', 'left', 'x'), fc.constantFrom(false, false, false, false, false, true)), { seed: seed + 8, numRuns: n(60) })) {
    T('adjointMeanSquareGradient').run('adjointMeanSquareGradient', () => adjointMeanSquareGradient({ adjointCorrelation: fa(M * M, bad), outputCorrelation: fa(L === 64 ? M * M : L, false), dt: dt as number, tau: tau as number, rule: rule as never }), { M, L, dt, tau, rule, bad });
  }

  // Finite-network adjoints, N = 1, 2, tiny T.
  const sizes = fc.constantFrom(1, 2, 3);
  const trajOpts = fc.record({ dt: fc.constantFrom<unknown>(undefined, 0.05, 0.5, 0, -1, Number.NaN), steps: fc.constantFrom<unknown>(undefined, 1, 10, 0, -1, 2.5), initScale: fc.constantFrom<unknown>(undefined, 1, 0, -1, Number.NaN) }, { requiredKeys: [] });
  const adjOpts = fc.record({ steps: fc.constantFrom<unknown>(undefined, 1, 5, 0, 1e6, 1.5), weights: fc.constantFrom<unknown>(undefined, true, false), recordAdjoint: fc.constantFrom<unknown>(undefined, true), scheme: fc.constantFrom<unknown>(undefined, 'heun', 'euler', 'rk9'), gradParams: fc.constantFrom<unknown>(undefined, [], ['g_h'], ['nope']) }, { requiredKeys: [] });
  const growOpts = fc.oneof(
    { weight: 3, arbitrary: fc.record({ horizons: fc.constantFrom<unknown>([0.5, 1], [0.25, 0.5, 1.5]), dt: fc.constantFrom<unknown>(0.05, 0.25), transient: fc.constantFrom<unknown>(0, 1), lossUnits: fc.constantFrom<unknown>(undefined, 1), initScale: fc.constantFrom<unknown>(1, 0, 3) }, { requiredKeys: ['horizons', 'transient'] }) },
    { weight: 1, arbitrary: fc.record({ horizons: fc.constantFrom<unknown>([0.5, 1], [1], [], [1, 0.5], [0.07, 0.2], [Number.NaN, 1], null), dt: fc.constantFrom<unknown>(0.05, 0.1, 0, Number.NaN), transient: fc.constantFrom<unknown>(0, 1, -1), lossUnits: fc.constantFrom<unknown>(undefined, 1, 0, 5, 1.5), initScale: fc.constantFrom<unknown>(1, 0, -1) }, { requiredKeys: ['horizons', 'transient'] }) },
  );
  for (const [p, N, s, to, ao, go] of fc.sample(fc.tuple(fc.oneof(moderateGated, validGated(maxGain)), sizes, fc.integer({ min: 0, max: 1e6 }), trajOpts, adjOpts, growOpts), { seed: seed + 9, numRuns: n(50) })) {
    const input = { p, N, s };
    const net = T('createNetwork(gated)').run('createNetwork', () => createNetwork(getModel('gated'), p as never, N, s), input);
    if (net.kind !== 'ok') continue;
    const network = net.value as ReturnType<typeof createNetwork>;
    const dim = network.n * network.model.stateNames.length;
    const init = [new Float64Array(dim).fill(0.3), new Float64Array(dim + 1), Float64Array.from({ length: dim }, (_, i) => (i ? 0 : Number.NaN)), [0.1], null][s % 5];
    T('storeTrajectory(initialState)').run('storeTrajectory', () => storeTrajectory(network, { steps: 3, initialState: init } as never), { ...input, init: init === null ? null : Array.from(init as ArrayLike<number>) });
    const tr = T('storeTrajectory').run('storeTrajectory', () => storeTrajectory(network, to as never), { ...input, to });
    if (tr.kind === 'ok') {
      const traj = tr.value as ReturnType<typeof storeTrajectory>;
      const loss = { terminal: (x: Float64Array, g: Float64Array) => { let l = 0; for (let i = 0; i < N; i++) { g[i] = x[i]; l += 0.5 * x[i] * x[i]; } return l; }, running: s % 2 ? undefined : (x: Float64Array, _t: number, g: Float64Array) => { g[0] = x[0]; return 0.5 * x[0] * x[0]; } };
      T('discreteAdjoint').run('discreteAdjoint', () => discreteAdjoint(traj, loss, ao as never), { ...input, to, ao });
      T('continuousAdjoint').run('continuousAdjoint', () => continuousAdjoint(traj, loss, ao as never), { ...input, to, ao });
      T('discreteAdjoint(bad loss)').run('discreteAdjoint', () => discreteAdjoint(traj, [{}, { terminal: () => Number.NaN }, null][s % 3] as never), input);
    }
    T('gradientGrowth').run('gradientGrowth', () => gradientGrowth(network, go as never), { ...input, go });
  }
  return out;
}

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz: gated spectra, Kac–Rice, phase diagram and gradient functions keep the promise (seeded)', () => {
  it('every call returns finite, physical numbers or throws a typed error', async () => {
    const t0 = performance.now();
    const tallies = await spectraTallies(7171, SCALE);
    console.log(report('gated spectra fuzz', tallies, t0));
    expect(allFailures(tallies)).toEqual([]);
  }, 120_000);
});
