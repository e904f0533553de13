/**
 * Fuzz: the gated RNN with dynamical gates (gated-rnn.md) — fixed points [GATE-FP-1], support and
 * spectral edge [GATE-RMT-*], transitions [GATE-TR-*], the α_z = 0 DMFT (scheme B, [GATE-NUM-3]) and
 * its Lyapunov exponent [GATE-LYA-3], chaotic-branch onset [GATE-TR-5] (expensive: few cases),
 * sampling DMFT [GATE-NUM-1] (few, tiny) — and the finite-network side for the LSTM and gated
 * networks (createNetwork, findFixedPoint, integrate, networkLyapunovQR, twoTrajectoryLyapunov with
 * N = 1, 2, k > dimension, bad intervals): finite, physical numbers with converged: true, or a
 * typed error. Fixed points also have a genuine residual and no warnings, and on / near the origin
 * line [GATE-TR-1] they must converge (issue 8). Gate gains up to 10³ (affordable since the gate sums
 * are windowed, gateSums.ts). Seeded; fuzzGated.slow.test.ts runs ~10× the cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getModel } from '@gatefield/models';
import { ConvergenceError, gaussHermite } from '@gatefield/numerics';
import {
  bivariateGaussAverage,
  circulantRoot,
  gatedBranchCurvature,
  gatedBranchGain,
  gatedBranchPoint,
  gatedChaoticBranchOnset,
  gatedDmftLyapunov,
  gatedFixedPoint,
  gatedFixedPointMap,
  gatedFixedPointSaddleNode,
  gatedIsSubcritical,
  gatedOriginGain,
  gatedSaturatedUpdateGate,
  gatedSharpOutputGate,
  gatedSlowModeCount,
  gatedSpectralEdge,
  gatedSupportFunctional,
  gatedSupportInputOf,
  gatedZeroFixedPoint,
  resolveGatedParameters,
  solveGatedDmft,
  solveGatedDmftSampling,
} from '@gatefield/theory';
import { createNetwork, findFixedPoint, integrate, jacobianAtState, networkLyapunovQR, spectrum, twoTrajectoryLyapunov } from '@gatefield/sim';
import { allFailures, edgy, junk, report, Tally, uniform } from './fuzzUtil.js';
import { invalidGated, moderateGated, originLineGated, validGated } from './gatedArbitraries.js';


const SCALE = Number(process.env.GATEFIELD_FUZZ_SCALE ?? 1);

/**
 * Checks on a gated fixed point beyond finiteness: the residual is genuine (|M(Δ_h) − Δ_h| recomputed
 * ≤ 1e-13·max(1, Δ_h), [GATE-FP-1]) and equals the reported one, and `warnings` is an array, empty
 * with the default (adaptive) quadrature.
 */
function fixedPointProblem(p: Record<string, unknown>, r: ReturnType<typeof gatedFixedPoint>): string | null {
  const res = Math.abs(gatedFixedPointMap(resolveGatedParameters(p), r.deltaH) - r.deltaH);
  if (!(res <= 1e-13 * Math.max(1, r.deltaH))) return `residual |M(Δ_h) − Δ_h| = ${res} at Δ_h = ${r.deltaH}`;
  if (res !== r.residual) return `reported residual ${r.residual} ≠ recomputed ${res}`;
  if (!Array.isArray(r.warnings) || r.warnings.length > 0) return `warnings ${JSON.stringify(r.warnings)} with the default quadrature`;
  return null;
}

/** Turn a ConvergenceError into an untyped error, i.e. a fuzz failure (for solves that must converge). */
function mustConverge<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ConvergenceError) throw new Error(`must converge: ${e.message}`);
    throw e;
  }
}

export function gatedTallies(seed: number, scale: number, maxGain = 1000) {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const out: Record<string, Tally> = {};
  const T = (name: string) => (out[name] ??= new Tally());
  const params = fc.oneof({ weight: 3, arbitrary: validGated(maxGain) }, { weight: 2, arbitrary: moderateGated }, { weight: 1, arbitrary: invalidGated });

  // Fixed point, support, spectral edge, slow modes.
  for (const p of fc.sample(params, { seed, numRuns: n(20) })) {
    T('resolveGatedParameters').run('resolveGatedParameters', () => resolveGatedParameters(p), p);
    T('gatedZeroFixedPoint').run('gatedZeroFixedPoint', () => gatedZeroFixedPoint(p), p);
    const fp = T('gatedFixedPoint').run('gatedFixedPoint', () => gatedFixedPoint(p), p, (v) => {
      const r = v as ReturnType<typeof gatedFixedPoint>;
      if (!(r.deltaH >= 0 && r.deltaZ >= 0 && r.deltaR >= 0)) return `negative variance ${r.deltaH}, ${r.deltaZ}, ${r.deltaR}`;
      return fixedPointProblem(p, r);
    });
    if (fp.kind !== 'ok') continue;
    const r = fp.value as ReturnType<typeof gatedFixedPoint>;
    const s = T('gatedSupportInputOf').run('gatedSupportInputOf', () => gatedSupportInputOf(p, r), p);
    if (s.kind === 'ok') {
      const si = s.value as ReturnType<typeof gatedSupportInputOf>;
      T('gatedSupportFunctional').run('gatedSupportFunctional', () => [gatedSupportFunctional(si, 0), gatedSupportFunctional(si, -0.5, 0.2), gatedSupportFunctional(si, 3, -1)], p, (v) => ((v as number[]).every((x) => x >= 0) ? null : `negative functional ${v}`));
      T('gatedSpectralEdge').run('gatedSpectralEdge', () => gatedSpectralEdge(si), p);
    }
    T('gatedSlowModeCount').run('gatedSlowModeCount', () => gatedSlowModeCount(p, r.deltaZ, 1000, 0.01), p, (v) => ((v as number) >= 0 && (v as number) <= 1000 ? null : `count ${v}`));
    T('gatedSaturatedUpdateGate').run('gatedSaturatedUpdateGate', () => gatedSaturatedUpdateGate(r.moments, p, r.deltaZ), p);
  }

  // On and near the origin line [GATE-TR-1] (critical slowing down of the iteration): the solve must
  // converge (a ConvergenceError here is a failure), with Δ_h = 0 on and below the line for a
  // supercritical branch and a point of the explicit branch [GATE-TR-2] above it.
  for (const { params: p, eps } of fc.sample(originLineGated, { seed: seed + 9, numRuns: n(20) })) {
    T('gatedFixedPoint(origin line)').run('gatedFixedPoint', () => mustConverge(() => gatedFixedPoint(p)), { p, eps }, (v) => {
      const r = v as ReturnType<typeof gatedFixedPoint>;
      const bad = fixedPointProblem(p, r);
      if (bad) return bad;
      const kappa = gatedBranchCurvature(p.alpha_r, p.beta_r);
      if (kappa < 1.9 && eps <= 0 && p.g_h < 10 && r.deltaH !== 0) return `Δ_h = ${r.deltaH} on / below the line with a supercritical branch (κ = ${kappa})`;
      if (r.deltaH > 0) {
        const u = p.g_h * p.g_h * r.deltaH;
        const g = gatedBranchGain(p.alpha_r, p.beta_r, u);
        if (!(Math.abs(g / p.g_h - 1) < 1e-8)) return `branch gain g_h(u = ${u}) = ${g} ≠ g_h = ${p.g_h} [GATE-TR-2]`;
      }
      return null;
    });
  }

  // Transitions and closed forms on raw and junk scalars.
  const scalar = fc.oneof({ weight: 4, arbitrary: edgy(-50, 50) }, { weight: 2, arbitrary: edgy(0, 1000) }, { weight: 1, arbitrary: junk as fc.Arbitrary<never> });
  for (const [a, b, u] of fc.sample(fc.tuple(scalar, scalar, fc.oneof(edgy(0, 5), junk as fc.Arbitrary<never>)), { seed: seed + 1, numRuns: n(60) })) {
    const input = { a, b, u };
    T('gatedOriginGain').run('gatedOriginGain', () => gatedOriginGain(b), input, (v) => ((v as number) >= 0 ? null : `gain ${v}`));
    T('gatedBranchCurvature').run('gatedBranchCurvature', () => gatedBranchCurvature(a, b), input);
    T('gatedIsSubcritical').run('gatedIsSubcritical', () => ({ s: gatedIsSubcritical(a, b) }), input);
    T('gatedBranchGain').run('gatedBranchGain', () => gatedBranchGain(a, b, u), input, (v) => ((v as number) >= 0 ? null : `gain ${v}`));
    T('gatedSharpOutputGate').run('gatedSharpOutputGate', () => gatedSharpOutputGate(a, b, u), input, (v) => {
      const r = v as ReturnType<typeof gatedSharpOutputGate>;
      return r.sigmaR2 >= 0 && r.sigmaR2 <= 1 && r.sigmaRPrime2 >= 0 ? null : `moments ${JSON.stringify(r)}`;
    });
  }
  for (const [p, u] of fc.sample(fc.tuple(params, fc.oneof(edgy(0, 3), junk as fc.Arbitrary<never>)), { seed: seed + 2, numRuns: n(20) })) {
    T('gatedBranchPoint').run('gatedBranchPoint', () => gatedBranchPoint(p, u), { p, u });
    T('gatedFixedPointSaddleNode').run('gatedFixedPointSaddleNode', () => gatedFixedPointSaddleNode(p, { scanPoints: 60 } as never), p);
  }

  // DMFT (α_z = 0: scheme B) with small grids, its Lyapunov exponent; junk options.
  const dmftOptions = fc.oneof(
    { weight: 5, arbitrary: fc.constant({ points: 256, du: 0.2, chebyshevNodes: 24, hermiteNodes: 24 }) },
    { weight: 1, arbitrary: fc.record({ points: fc.constantFrom<unknown>(500, 0, 2, -8, Number.NaN), du: fc.constantFrom<unknown>(0.1, 0, -1, Infinity), damping: fc.constantFrom<unknown>(0.5, 0, 1.5, Number.NaN), maxIterations: fc.constantFrom<unknown>(1, 0, 2.5, 400) }, { requiredKeys: [] }) },
  );
  const dmftParams = fc.oneof({ weight: 3, arbitrary: moderateGated.map((p) => ({ ...p, alpha_z: 0 })) }, { weight: 1, arbitrary: params });
  let lyapunovRuns = 0;
  for (const [p, o] of fc.sample(fc.tuple(dmftParams, dmftOptions), { seed: seed + 3, numRuns: n(3) })) {
    // budget 400 iterations: a case that needs more must end in a typed ConvergenceError, not hang
    const d = T('solveGatedDmft').run('solveGatedDmft', () => solveGatedDmft(p, { maxIterations: 400, ...(o as object) }), { p, o }, (v) => {
      const r = v as ReturnType<typeof solveGatedDmft>;
      return r.C_h[0] >= 0 && r.C_r[0] >= 0 ? null : `negative variance C_h(0) = ${r.C_h[0]}`;
    });
    if (d.kind === 'ok' && lyapunovRuns++ < n(2)) T('gatedDmftLyapunov').run('gatedDmftLyapunov', () => gatedDmftLyapunov(d.value as ReturnType<typeof solveGatedDmft>), { p, o });
  }
  for (const p of fc.sample(moderateGated.map((q) => ({ ...q, alpha_z: 0, g_h: 1 + q.g_h / 2 })), { seed: seed + 4, numRuns: n(1) })) {
    T('gatedChaoticBranchOnset').run('gatedChaoticBranchOnset', () => gatedChaoticBranchOnset(p, { step: 0.5, minStep: 0.1, dmft: { points: 256, du: 0.2, chebyshevNodes: 24, hermiteNodes: 24 } } as never), p);
  }
  for (const [p, paths] of fc.sample(fc.tuple(fc.oneof(moderateGated, params), fc.constantFrom<unknown>(8, 8, 7, 0, Number.NaN)), { seed: seed + 5, numRuns: n(2) })) {
    T('solveGatedDmftSampling').run('solveGatedDmftSampling', () => solveGatedDmftSampling(p, { dt: 0.02, lagPoints: 64, transientTime: 5, windowTime: 10, paths, iterations: 2, adaptRanges: false, warmStart: 'none', seed: 1 } as never), { p, paths });
  }

  // Numerical helpers of the gated package.
  for (const [c0, c, m] of fc.sample(fc.tuple(fc.oneof(edgy(0, 10), junk as fc.Arbitrary<never>), fc.oneof(edgy(-10, 10), junk as fc.Arbitrary<never>), fc.constantFrom(4, 16, 64)), { seed: seed + 6, numRuns: n(20) })) {
    T('bivariateGaussAverage').run('bivariateGaussAverage', () => bivariateGaussAverage((x) => Math.tanh(x) ** 2, c0, c, gaussHermite(m)), { c0, c, m });
  }
  for (const [len, L] of fc.sample(fc.tuple(fc.constantFrom(1, 2, 8, 16, 0), fc.constantFrom<unknown>(8, 16, 3, 0, Number.NaN)), { seed: seed + 7, numRuns: n(10) })) {
    const c = Float64Array.from({ length: len }, (_, k) => Math.exp(-k));
    T('circulantRoot').run('circulantRoot', () => circulantRoot(c, L as number), { len, L });
  }

  // Finite networks: LSTM and gated models, N = 1, 2, small; Lyapunov spectra with hostile options.
  const models = ['lstm', 'gated'] as const;
  const netParams = (m: string) => (m === 'gated' ? fc.oneof(moderateGated, validGated(maxGain), invalidGated) : fc.oneof(fc.constant({}), fc.record({ g_c: uniform(0, 5), alpha_f: uniform(0, 20), beta_f: uniform(-3, 3) }), fc.record({ g_c: fc.constantFrom<unknown>(Number.NaN, -1, 11, '3') })));
  const sizes = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(1, 2, 3, 10) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 2.5, Number.NaN) });
  /** Mostly valid, sometimes hostile (k > dimension, dt ≤ 0 or huge, fractional counts). */
  const opt = <T,>(good: T[], bad: unknown[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>(...good) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(...bad) });
  const lyapOpts = fc.record({
    k: opt([undefined, 1, 2, 3], [5, 100, 0, -1, 1.5]),
    dt: opt([undefined, 0.05, 0.5], [0, -0.1, Number.NaN, 1e3]),
    steps: opt([50, 200], [0, -1, 1.5]),
    transientSteps: opt([0, 20], [-1]),
    reorthEvery: opt([undefined, 1, 10], [0, 1e12]),
  }, { requiredKeys: ['steps', 'transientSteps'] });
  const twoOpts = fc.record({
    dt: opt([undefined, 0.05], [0, Number.NaN]),
    steps: opt([50], [0, 2.5]),
    transientSteps: opt([0, 20], [-3]),
    renormEvery: opt([undefined, 5], [0, 1e10]),
    separation: opt([undefined, 1e-8, 1e-3], [0, 1, 2, 1e-320]),
  }, { requiredKeys: ['steps', 'transientSteps'] });
  const netCase = fc.constantFrom(...models).chain((m) => fc.tuple(fc.constant(m), netParams(m), sizes, fc.integer({ min: 0, max: 1e6 }), lyapOpts, twoOpts));
  for (const [m, p, N, s, lo, to] of fc.sample(netCase, { seed: seed + 8, numRuns: n(30) })) {
    const input = { m, p, n: N, seed: s };
    const net = T(`createNetwork(${m})`).run('createNetwork', () => createNetwork(getModel(m), p as never, N as never, s), input);
    if (net.kind !== 'ok') continue;
    const network = net.value as ReturnType<typeof createNetwork>;
    T(`integrate(${m})`).run('integrate', () => integrate(network, { steps: 40, method: s % 2 ? 'rk4' : 'euler' }), input);
    const fp = T(`findFixedPoint(${m})`).run('findFixedPoint', () => findFixedPoint(network, { maxEulerSteps: 2000 }), input);
    if (fp.kind === 'ok') {
      T(`spectrum(${m})`).run('spectrum', () => spectrum(jacobianAtState(network, (fp.value as ReturnType<typeof findFixedPoint>).state), network.n * network.model.stateNames.length), input);
    }
    T(`networkLyapunovQR(${m})`).run('networkLyapunovQR', () => networkLyapunovQR(network, lo as never), { ...input, lo }, (v) => {
      const r = v as ReturnType<typeof networkLyapunovQR>;
      for (let i = 1; i < r.exponents.length; i++) if (!(r.exponents[i] <= r.exponents[i - 1])) return 'exponents not sorted';
      return null;
    });
    T(`twoTrajectoryLyapunov(${m})`).run('twoTrajectoryLyapunov', () => twoTrajectoryLyapunov(network, to as never), { ...input, to });
  }
  return out;
}

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz: gated RNN and LSTM/gated simulation entry points keep the promise (seeded)', () => {
  it('every call returns finite, physical numbers or throws a typed error', () => {
    const t0 = performance.now();
    const tallies = gatedTallies(5151, SCALE);
    console.log(report('gated fuzz', tallies, t0));
    expect(allFailures(tallies)).toEqual([]);
  });
});
