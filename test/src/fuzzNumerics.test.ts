/**
 * Fuzz: the numerics layer called directly — Gauss–Hermite / uniform rules, Brent and the sign-change
 * scan, special functions (normalQuantile deep tails, erfc, sigmoids), the ODE integrators, the
 * seeded generator and eigvals on degenerate matrices (n = 0, 1, 2; NaN / Inf entries; zero,
 * identity, huge and tiny scalings) — keeps the promise: finite numbers (with `converged: true`)
 * or a typed error. Scalar special functions are IEEE-style (NaN in → NaN out, documented); for
 * them the property is "finite in the domain → finite and in range out" plus accuracy identities.
 * Seeded; fuzzNumerics.slow.test.ts runs ~10× the cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  brent,
  dopri5,
  eigvals,
  erf,
  erfc,
  eulerInPlace,
  gaussHermite,
  gaussianAverage,
  gaussianRule,
  ginibre,
  logGrid,
  logistic,
  logSigmoid,
  normalCdf,
  normalQuantile,
  rk4InPlace,
  Rng,
  scanSignChanges,
  sech2,
  sigmoid,
  sigmoidPrime,
  uniformGaussianRule,
} from '@gatefield/numerics';
import { allFailures, edgy, junk, report, Tally, uniform } from './fuzzUtil.js';

const SCALE = Number(process.env.GATEFIELD_FUZZ_SCALE ?? 1);

/** Relative error |a − b| / |b|. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

export function numericsTallies(seed: number, scale: number) {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const out: Record<string, Tally> = {};
  const T = (name: string) => (out[name] ??= new Tally());
  const anyNum = fc.oneof({ weight: 4, arbitrary: edgy(-1e3, 1e3) }, { weight: 1, arbitrary: fc.constantFrom(1e300, -1e300, 5e-324, -0) }, { weight: 1, arbitrary: junk as fc.Arbitrary<never> });

  // Quadrature rules: sizes valid, extreme and junk; the rule integrates 1, x², x⁴ exactly.
  const sizes = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constantFrom(1, 2, 3, 999, 1000, 0, -1, 1001, 2.5), junk as fc.Arbitrary<never>);
  for (const k of fc.sample(sizes, { seed, numRuns: n(30) })) {
    T('gaussHermite').run('gaussHermite', () => gaussHermite(k), k, (v) => {
      const r = v as ReturnType<typeof gaussHermite>;
      const m0 = gaussianAverage(() => 1, 1, 0, r);
      if (Math.abs(m0 - 1) > 1e-12) return `weights sum to ${m0}`;
      const m2 = gaussianAverage((x) => x * x, 1, 0, r);
      if (r.size >= 2 && Math.abs(m2 - 1) > 1e-10) return `⟨x²⟩ = ${m2}`;
      for (let i = 1; i < r.size; i++) if (!(r.nodes[i] > r.nodes[i - 1])) return `nodes not increasing at ${i}`;
      return null;
    });
  }
  for (const [pts, hw] of fc.sample(fc.tuple(fc.oneof(fc.integer({ min: 3, max: 20001 }), fc.constantFrom(2, 0, 1e7 + 1, 3.5), junk as fc.Arbitrary<never>), fc.oneof(edgy(0, 40), fc.constantFrom(-1, 41, 0), junk as fc.Arbitrary<never>)), { seed: seed + 1, numRuns: n(20) })) {
    T('uniformGaussianRule').run('uniformGaussianRule', () => uniformGaussianRule(pts, hw), { pts, hw }, (v) => {
      const r = v as ReturnType<typeof uniformGaussianRule>;
      let s = 0;
      for (const w of r.weights) s += w;
      return Math.abs(s - 1) < 1e-12 ? null : `weights sum to ${s}`;
    });
  }
  const specs = fc.oneof(
    fc.record({ kind: fc.constant('gauss-hermite'), nodes: sizes }),
    fc.record({ kind: fc.constant('uniform'), points: fc.constantFrom(3, 1001, 0, Number.NaN), halfWidth: fc.constantFrom(12, 0, Number.NaN) }),
    fc.record({ kind: fc.constantFrom('legendre', '', undefined), nodes: fc.constant(10) }),
  );
  for (const s of fc.sample(specs, { seed: seed + 2, numRuns: n(20) })) {
    T('gaussianRule').run('gaussianRule', () => gaussianRule(s as never), s);
  }

  // Brent: real brackets of x³ − c, non-brackets, junk ends, functions returning NaN, tolerances.
  const brentCase = fc.tuple(anyNum, anyNum, edgy(-10, 10), fc.constantFrom('cubic', 'nan-inside', 'const', 'step'), fc.oneof(fc.constant(undefined), fc.record({ xtol: fc.constantFrom(1e-14, 0, -1, Number.NaN, 1), maxIterations: fc.constantFrom(200, 0, 1, -5, Number.NaN, 1e9) }, { requiredKeys: [] })));
  for (const [a, b, c, kind, opt] of fc.sample(brentCase, { seed: seed + 3, numRuns: n(60) })) {
    const f = kind === 'cubic' ? (x: number) => x * x * x - c : kind === 'nan-inside' ? (x: number) => (Math.abs(x - c) < 1 ? NaN : x - c) : kind === 'const' ? () => 0 : (x: number) => (x < c ? -1 : 1);
    T('brent').run('brent', () => brent(f, a, b, opt as never), { a, b, c, kind, opt }, (v) => {
      const r = v as ReturnType<typeof brent>;
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      if (!(r.root >= lo && r.root <= hi)) return `root ${r.root} outside [${lo}, ${hi}]`;
      // accuracy only at the default tolerances (a caller's xtol = 1 legitimately stops early)
      if (kind === 'cubic' && opt === undefined && Math.abs(r.root - Math.cbrt(c)) > 1e-9 * Math.max(1, Math.abs(c))) return `root ${r.root} ≠ ∛${c}`;
      return null;
    });
  }
  for (const [xs, c] of fc.sample(fc.tuple(fc.oneof(fc.array(edgy(-5, 5), { maxLength: 30 }).map((a) => Float64Array.from(a.sort((x, y) => x - y))), fc.constantFrom<unknown>(new Float64Array(0), [Number.NaN, 1], [1, 0], null, 'abc')), edgy(-5, 5)), { seed: seed + 4, numRuns: n(30) })) {
    T('scanSignChanges').run('scanSignChanges', () => scanSignChanges((x) => x - c, xs as never), { xs: Array.from((xs ?? []) as ArrayLike<number>), c });
  }
  for (const [lo, hi, k] of fc.sample(fc.tuple(anyNum, anyNum, fc.oneof(fc.integer({ min: 0, max: 50 }), junk as fc.Arbitrary<never>, fc.constantFrom(-1, 2.5, 1e12))), { seed: seed + 5, numRuns: n(40) })) {
    T('logGrid').run('logGrid', () => logGrid(lo, hi, k), { lo, hi, k }, (v) => {
      const g = v as Float64Array;
      for (let i = 1; i < g.length; i++) if (!(g[i] >= g[i - 1])) return `not ascending at ${i}`;
      return null;
    });
  }

  // Special functions: finite in → finite and in range out, plus identities.
  const xs = fc.oneof(edgy(-800, 800), fc.constantFrom(-1e300, 1e300, 5e-324, -38.5, 38.5, 709, 711, -745, 27.1));
  for (const [x, a, b] of fc.sample(fc.tuple(xs, edgy(0, 1000), edgy(-50, 50)), { seed: seed + 6, numRuns: n(150) })) {
    T('special').run('special', () => {
      const v = { logistic: logistic(x), sigmoid: sigmoid(x, a, b), complement: sigmoid(-x, a, -b), logSigmoid: logSigmoid(x, a, b), sigmoidPrime: sigmoidPrime(x, a, b), sech2: sech2(x), erfc: erfc(x), erf: erf(x), cdf: normalCdf(x) };
      return v;
    }, { x, a, b }, (v) => {
      const r = v as Record<string, number>;
      for (const k of ['logistic', 'sigmoid', 'complement', 'sech2', 'cdf']) if (!(r[k] >= 0 && r[k] <= 1)) return `${k} = ${r[k]} outside [0, 1]`;
      if (!(r.erfc >= 0 && r.erfc <= 2)) return `erfc = ${r.erfc}`;
      if (!(Math.abs(r.erf) <= 1)) return `erf = ${r.erf}`;
      if (!(r.logSigmoid <= 0)) return `logSigmoid = ${r.logSigmoid} > 0`;
      if (!(r.sigmoidPrime >= 0)) return `sigmoidPrime = ${r.sigmoidPrime} < 0`;
      // σ(x) + σ(−x) = 1 without cancellation where both are representable
      if (Math.abs(r.sigmoid + r.complement - 1) > 1e-15) return `σ + (1 − σ) = ${r.sigmoid + r.complement}`;
      if (r.sigmoid > 1e-300 && Math.abs(Math.exp(r.logSigmoid) - r.sigmoid) > 1e-13 * r.sigmoid) return `exp(logσ) = ${Math.exp(r.logSigmoid)} ≠ σ = ${r.sigmoid}`;
      return null;
    });
  }
  // normalQuantile: round trip Φ(Φ⁻¹(p)) = p over 300 decades (log-uniform p), both tails.
  const ps = fc.oneof(
    uniform(-320, -0.001).map((e) => 10 ** e),
    uniform(0, 1),
    fc.constantFrom(5e-324, 1e-300, 1e-290, 0.02425, 0.5, 1 - 1e-16, 1 - 2 ** -53, Number.MIN_VALUE * 4),
  ).filter((p) => p > 0 && p < 1);
  for (const p of fc.sample(ps, { seed: seed + 7, numRuns: n(150) })) {
    // 1 − p rounds to 1 below p ≈ 1.1e-16 (then Φ⁻¹(1) = +∞ by definition): mirror only above
    T('normalQuantile').run('normalQuantile', () => ({ x: normalQuantile(p), y: 1 - p < 1 ? normalQuantile(1 - p) : 0 }), p, (v) => {
      const { x, y } = v as { x: number; y: number };
      const back = normalCdf(x);
      // below 1e-308 Φ is subnormal: compare in log space (relative 1e-6 of log p)
      if (p > 1e-300 && rel(back, p) > 1e-9) return `Φ(Φ⁻¹(${p})) = ${back}`;
      if (p <= 1e-300 && Math.abs(Math.log(Math.max(back, 5e-324)) - Math.log(p)) > 1e-6 * Math.abs(Math.log(p)) + 1e-3) return `deep tail: Φ(Φ⁻¹(${p})) = ${back}`;
      if (p < 0.5 && !(x < 0)) return `Φ⁻¹(${p}) = ${x} not negative`;
      if (1 - p < 1 && 1 - p > 0.5 && !(y > 0)) return `Φ⁻¹(1 − ${p}) = ${y}`;
      return null;
    });
  }
  // Outside the domain: documented values, never a throw (Φ⁻¹ is a scalar special function).
  T('normalQuantile(edges)').run('normalQuantile', () => {
    const v = [normalQuantile(0), normalQuantile(1), normalQuantile(-1), normalQuantile(Number.NaN), normalQuantile(2)];
    if (v[0] !== -Infinity || v[1] !== Infinity || !v.slice(2).every(Number.isNaN)) throw new Error(`edges ${v}`);
    return { ok: 1 };
  }, 'edges');

  // ODE integrators: junk steps/dt/tolerances, blow-up right-hand sides, NaN right-hand sides.
  const rhsKinds = fc.constantFrom('decay', 'blowup', 'nan', 'stiff');
  const rhsOf = (kind: string): ((t: number, y: Float64Array, out: Float64Array) => void) => (t, y, o) => {
    for (let i = 0; i < y.length; i++) o[i] = kind === 'decay' ? -y[i] : kind === 'blowup' ? y[i] * y[i] : kind === 'nan' ? (t > 0.5 ? NaN : 1) : -1e6 * (y[i] - Math.cos(t));
  };
  const odeCase = fc.tuple(rhsKinds, fc.integer({ min: 0, max: 4 }), fc.oneof(edgy(0, 1), fc.constantFrom(-0.1, Number.NaN, Infinity)), fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 2.5, Number.NaN)), fc.oneof(edgy(0, 5), fc.constantFrom(-1, Number.NaN, Infinity)));
  for (const [kind, dim, dt, steps, t1] of fc.sample(odeCase, { seed: seed + 8, numRuns: n(40) })) {
    const y0 = Float64Array.from({ length: dim }, (_, i) => 1 + i);
    const input = { kind, dim, dt, steps, t1 };
    T('eulerInPlace').run('eulerInPlace', () => ({ t: eulerInPlace(rhsOf(kind), Float64Array.from(y0), 0, { dt, steps }), note: 'state may blow up: Euler is a raw integrator' }), input, (v) => (Number.isFinite((v as { t: number }).t) ? null : 'final time not finite'));
    T('rk4InPlace').run('rk4InPlace', () => ({ t: rk4InPlace(rhsOf(kind), Float64Array.from(y0), 0, { dt, steps }) }), input);
    T('dopri5').run('dopri5', () => dopri5(rhsOf(kind), y0, 0, t1, { maxSteps: 2000 }), input, (v) => {
      const r = v as ReturnType<typeof dopri5>;
      if (kind === 'decay') for (let i = 0; i < dim; i++) if (rel(r.y[i], y0[i] * Math.exp(-t1)) > 1e-6) return `y[${i}] = ${r.y[i]}`;
      return null;
    });
  }

  // RNG: seeds valid, huge, negative, fractional, junk; derive labels; ginibre sizes.
  const seeds = fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom<unknown>(Number.MAX_SAFE_INTEGER, 0, -1, 0.5, 2 ** 53, Number.NaN, '1', null));
  for (const [s, label, k] of fc.sample(fc.tuple(seeds, fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom<unknown>(-1, 2.5, Number.NaN, '3'))), { seed: seed + 9, numRuns: n(40) })) {
    T('Rng').run('Rng', () => {
      const r = new Rng(s as number).derive(label);
      return { u: r.uniform(), z: r.normal(), g: ginibre(r, k as number) };
    }, { s, label, k }, (v) => {
      const { u } = v as { u: number };
      return u >= 0 && u < 1 ? null : `uniform ${u}`;
    });
  }

  // eigvals on degenerate inputs.
  const mats = fc.tuple(
    fc.constantFrom(0, 1, 2, 3, 5),
    fc.constantFrom('random', 'zero', 'identity', 'huge', 'tiny', 'nan', 'inf', 'jordan', 'subnormal', 'mixed'),
    fc.integer({ min: 0, max: 1e6 }),
  );
  for (const [dim, kind, s] of fc.sample(mats, { seed: seed + 10, numRuns: n(60) })) {
    const rng = new Rng(s);
    const a = rng.normals(dim * dim, 1);
    for (let i = 0; i < a.length; i++) {
      const row = Math.floor(i / Math.max(dim, 1));
      const col = i % Math.max(dim, 1);
      if (kind === 'zero') a[i] = 0;
      else if (kind === 'identity') a[i] = row === col ? 1 : 0;
      else if (kind === 'huge') a[i] *= 1e300;
      else if (kind === 'tiny') a[i] *= 1e-300;
      else if (kind === 'subnormal') a[i] *= 5e-320;
      else if (kind === 'jordan') a[i] = row === col ? 2 : col === row + 1 ? 1 : 0;
      else if (kind === 'mixed') a[i] *= row === 0 ? 1e150 : 1e-150;
    }
    if (kind === 'nan' && dim > 0) a[s % a.length] = NaN;
    if (kind === 'inf' && dim > 0) a[s % a.length] = -Infinity;
    T('eigvals').run('eigvals', () => eigvals(a, dim), { dim, kind, s }, (v) => {
      const r = v as ReturnType<typeof eigvals>;
      if (r.re.length !== dim) return `${r.re.length} eigenvalues for n = ${dim}`;
      let tr = 0;
      let sumRe = 0;
      for (let i = 0; i < dim; i++) {
        tr += a[i * dim + i];
        sumRe += r.re[i];
      }
      const scale = Math.max(...Array.from(a, Math.abs), 0) * dim;
      if (Number.isFinite(scale) && Math.abs(sumRe - tr) > 1e-10 * scale + 1e-300) return `Σλ = ${sumRe} ≠ trace ${tr}`;
      return null;
    });
  }
  for (const [dim, arr] of fc.sample(fc.tuple(fc.constantFrom<unknown>(-1, 1.5, Number.NaN, '2', 2, 0), fc.constantFrom<unknown>(new Float64Array(4), [1, 2, 3, 4], new Float64Array(3), null, new Float32Array(4))), { seed: seed + 11, numRuns: n(15) })) {
    T('eigvals(junk)').run('eigvals', () => eigvals(arr as never, dim as never), { dim, arr: String(arr) });
  }
  return out;
}

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz: numerics entry points keep the promise (seeded)', () => {
  it('every call returns finite, in-range numbers or throws a typed error', () => {
    const t0 = performance.now();
    const tallies = numericsTallies(4242, SCALE);
    console.log(report('numerics fuzz', tallies, t0));
    expect(allFailures(tallies)).toEqual([]);
  });
});
