/**
 * Fuzz: finite-network simulation entry points (sim package and the importable simulateGru /
 * compareGru drivers) return finite numbers or throw typed errors, for valid, extreme and
 * malformed parameters, N = 1, 2 and small N. Seeded.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getModel } from '@gatefield/models';
import { countFixedPoints, createNetwork, findFixedPoint, integrate, jacobianAtState, spectrum, massInDisks, abscissa, leftEdge } from '@gatefield/sim';
import { compareGru, simulateGru } from 'gatefield';
import { allFailures, diskArb, invalidGru, junk, moderateGru, Tally, validGru } from './fuzzUtil.js';

export function simTallies(seed: number, scale: number, maxN = 60) {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const out: Record<string, Tally> = {};
  const T = (name: string) => (out[name] ??= new Tally());
  const params = fc.oneof({ weight: 3, arbitrary: validGru }, { weight: 2, arbitrary: moderateGru }, { weight: 1, arbitrary: invalidGru });
  const sizes = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(1, 2, 3, 5) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: maxN }) }, { weight: 1, arbitrary: junk as fc.Arbitrary<never> }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 1e9) });
  const seeds = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 0.5, Number.MAX_SAFE_INTEGER, Number.NaN, '1') });
  const ensembles = fc.constantFrom<unknown>('fixed-point', 'fixed-point', 'iid', undefined, 'bogus');
  const gru = getModel('gru');

  for (const [p, N, s, ensemble, disks] of fc.sample(fc.tuple(params, sizes, seeds, ensembles, fc.array(diskArb, { maxLength: 2 })), { seed, numRuns: n(60) })) {
    const input = { p, n: N, seed: s, ensemble, disks };
    T('simulateGru').run('simulateGru', () => simulateGru(p, { n: N, seed: s, ensemble, disks } as never), input, (v) => {
      const r = v as ReturnType<typeof simulateGru>;
      if (r.eigenvalues.length !== r.n) return `${r.eigenvalues.length} eigenvalues for N = ${r.n}`;
      if (!(r.C >= 0 && r.C <= 1)) return `C = ${r.C}`;
      if (!(r.varEta >= 0)) return `varEta = ${r.varEta}`;
      if (r.masses.some((m) => !(m.mass >= 0 && m.mass <= 1))) return 'mass outside [0, 1]';
      return null;
    });
  }

  for (const [p, N, s] of fc.sample(fc.tuple(params, sizes, seeds), { seed: seed + 1, numRuns: n(40) })) {
    const input = { p, n: N, seed: s };
    T('createNetwork').run('createNetwork', () => createNetwork(gru, p as never, N as never, s as never), input);
    let net;
    try {
      net = createNetwork(gru, p as never, N as never, s as never);
    } catch {
      continue;
    }
    T('integrate').run('integrate', () => integrate(net, { steps: 50, method: s === 0 ? 'rk4' : 'euler' }), input);
    const fp = T('findFixedPoint').run('findFixedPoint', () => findFixedPoint(net, { maxEulerSteps: 3000 }), input);
    if (fp.kind === 'ok') {
      const state = (fp.value as ReturnType<typeof findFixedPoint>).state;
      const J = T('jacobianAtState').run('jacobianAtState', () => jacobianAtState(net, state), input);
      if (J.kind === 'ok') {
        T('spectrum').run('spectrum', () => {
          const e = spectrum(J.value as Float64Array, net.n);
          return { e, a: abscissa(e), l: leftEdge(e), m: massInDisks(e, [{ re: 0, im: 0, r: 0 }, { re: -1, im: 0, r: 1e6 }]) };
        }, input);
      }
    }
    T('countFixedPoints').run('countFixedPoints', () => countFixedPoints(net, { starts: 4, eigenvalues: true } as never), input);
  }

  for (const [p, N, seedsK, disks] of fc.sample(fc.tuple(moderateGru, fc.integer({ min: 1, max: Math.min(maxN, 30) }), fc.integer({ min: 1, max: 2 }), fc.array(diskArb, { maxLength: 1 })), { seed: seed + 2, numRuns: n(6) })) {
    T('compareGru').run('compareGru', () => compareGru(p, { n: N, seeds: seedsK, disks }), { p, n: N, seeds: seedsK, disks });
  }
  return out;
}

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz: simulation entry points keep the promise (seeded)', () => {
  it('every call returns finite numbers or throws a typed error', () => {
    const t0 = performance.now();
    const tallies = simTallies(7070, Number(process.env.GATEFIELD_FUZZ_SCALE ?? 1));
    const failures = allFailures(tallies);
    const total = Object.values(tallies).reduce((a, t) => a + t.total, 0);
    console.log(`sim fuzz: ${total} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s\n${Object.entries(tallies).map(([k, t]) => `  ${k}: ${t.summary()}; slowest ${t.slowest.ms.toFixed(0)} ms ${t.slowest.input}\n${[...t.messages].map(([m, c]) => `      ${c}× ${m}`).join('\n')}`).join('\n')}`);
    expect(failures).toEqual([]);
  });
});
