/**
 * Fuzz: the `--model lstm` and `--model gated` paths of predict / simulate / compare and the gated
 * subcommands dmft (scheme B at α_z = 0, scheme A otherwise) and lyapunov, in process through
 * `main(argv)`: exit 0 / 2 / 3 only, one line on stderr for failures (never a stack trace), finite
 * JSON on success. Malformed flags, junk values, unknown names, extremes; every run is kept small
 * (N ≤ 20, short times, coarse DMFT grids) so that a case costs well under a second. Seeded;
 * fuzzCliModels.slow.test.ts runs ~10× the cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cliProblem, runCli, safeJson } from './fuzzUtil.js';

const SCALE = Number(process.env.GATEFIELD_FUZZ_SCALE ?? 1);

const numText = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 10, noNaN: true }).map((v) => String(v)) },
  { weight: 2, arbitrary: fc.double({ min: -50, max: 50, noNaN: true }).map((v) => String(v)) },
  { weight: 3, arbitrary: fc.constantFrom('0', '0.5', '1', '2', '3', '10', '1000', '-50', '50', '1e-300', '0.001') },
  { weight: 1, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '', 'abc', '0x10', '1e999', '--', '-1', '11') },
);
const lstmNames = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('g_c', 'beta_c', 'alpha_f', 'beta_f', 'alpha_i', 'beta_i', 'alpha_o', 'beta_o') }, { weight: 1, arbitrary: fc.constantFrom('g_h', 'bogus') });
const gatedNames = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('g_h', 'beta_h', 'alpha_z', 'beta_z', 'alpha_r', 'beta_r', 'tau_h', 'tau_z', 'tau_r') }, { weight: 1, arbitrary: fc.constantFrom('g_c', 'bogus') });
const setFlag = (names: fc.Arbitrary<string>, cap: Record<string, number>) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.uniqueArray(fc.tuple(names, numText), { maxLength: 4, selector: ([k]) => k }).map((items) => [
        '--set',
        // gate gains above `cap` are the slow suite's business (an LSTM solve at α_f√C ~ 10³ costs seconds)
        items.map(([k, v]) => `${k}=${cap[k] !== undefined && Number(v) > cap[k] ? String(cap[k]) : v}`).join(','),
      ]),
    },
    { weight: 1, arbitrary: fc.constantFrom(['--set'], ['--set', 'g_c'], ['--set', '=1'], ['--set', 'g_h=1,g_h=2']) },
  );
const diskFlag = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('0', '-1', '-0.5', '0.2'), fc.constantFrom('0', '0.3', '-1'), fc.constantFrom('0', '0.02', '0.1', '1', '3', '1e6')).map(([a, b, r]) => ['--disk', `${a},${b},${r}`]) },
  { weight: 1, arbitrary: fc.constantFrom(['--disk', 'NaN,0,1'], ['--disk', '0,0,-1'], ['--disk', '0,0,x']) },
  { weight: 1, arbitrary: fc.constantFrom(['--disk', '1,2'], ['--disk'], ['--disk', '1,2,3,4']) },
);
const junkFlag = fc.oneof({ weight: 6, arbitrary: fc.constant<readonly string[]>([]) }, { weight: 1, arbitrary: fc.constantFrom<readonly string[]>(['--bogus'], ['positional'], ['--json=1'], ['--help'], ['--model', 'lstm9'], ['--debug']) });
const intText = (lo: number, hi: number) => fc.oneof({ weight: 10, arbitrary: fc.integer({ min: lo, max: hi }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.5', 'NaN', '', 'abc', '99999999999') });

/** A flag that is usually well formed (weight 5) and sometimes hostile (weight 1). */
function pick(good: string[][], bad: string[][]): fc.Arbitrary<readonly string[]> {
  return fc.oneof({ weight: 5, arbitrary: fc.constantFrom<readonly string[]>(...good) }, { weight: 1, arbitrary: fc.constantFrom<readonly string[]>(...bad) });
}

function withFlags(base: string[], parts: fc.Arbitrary<readonly string[]>[]): fc.Arbitrary<string[]> {
  return fc.tuple(...parts.map((p) => fc.option(p, { nil: undefined, freq: 2 }))).map((xs) => [...base, ...xs.flatMap((x) => x ?? [])]);
}

export const modelCliArgv = (maxN: number, gainCap: number): fc.Arbitrary<string[]> => {
  const lstmCap = { alpha_f: gainCap, alpha_i: gainCap, alpha_o: gainCap };
  const gatedCap = { alpha_z: gainCap, alpha_r: gainCap };
  const lstmSet = setFlag(lstmNames, lstmCap);
  const gatedSet = setFlag(gatedNames, gatedCap);
  const nFlag = intText(1, maxN).map((k) => ['--n', k]);
  return fc.oneof(
    { weight: 3, arbitrary: withFlags(['predict', '--model', 'lstm'], [lstmSet, diskFlag, pick([['--root', 'smallest'], ['--root', 'all']], [['--root', 'x']]), fc.constant(['--json']), junkFlag]) },
    { weight: 2, arbitrary: withFlags(['predict', '--model', 'gated'], [gatedSet, diskFlag, fc.constant(['--json']), junkFlag]) },
    { weight: 3, arbitrary: fc.tuple(nFlag, withFlags(['simulate', '--model', 'lstm'], [lstmSet, intText(0, 1e6).map((k) => ['--seed', k]), pick([['--ensemble', 'iid'], ['--ensemble', 'fixed-point']], [['--ensemble', 'no']]), diskFlag, fc.constant(['--json']), junkFlag])).map(([n, a]) => [...a, ...n]) },
    { weight: 2, arbitrary: fc.tuple(nFlag, withFlags(['simulate', '--model', 'gated'], [gatedSet, intText(0, 1e6).map((k) => ['--seed', k]), diskFlag, fc.constant(['--json']), junkFlag])).map(([n, a]) => [...a, ...n]) },
    { weight: 1, arbitrary: fc.tuple(intText(1, Math.min(8, maxN)).map((k) => ['--n', k]), withFlags(['compare', '--model', 'lstm'], [lstmSet, intText(1, 2).map((k) => ['--seeds', k]), diskFlag, fc.constantFrom(['--json'], ['--csv']), junkFlag])).map(([n, a]) => [...a, ...n]) },
    { weight: 1, arbitrary: fc.tuple(intText(1, Math.min(8, maxN)).map((k) => ['--n', k]), withFlags(['compare', '--model', 'gated'], [gatedSet, intText(1, 2).map((k) => ['--seeds', k]), diskFlag, fc.constant(['--json']), junkFlag])).map(([n, a]) => [...a, ...n]) },
    {
      weight: 3,
      arbitrary: withFlags(['dmft', '--points', '256', '--du', '0.2'], [
        gatedSet,
        pick([['--max-iterations', '300']], [['--max-iterations', '0'], ['--max-iterations', '2.5']]),
        pick([['--hermite-nodes', '16']], [['--hermite-nodes', '1'], ['--hermite-nodes', 'abc']]),
        pick([['--damping', '0.5']], [['--damping', '0'], ['--damping', '2']]),
        pick([['--paths', '8', '--final-paths', '8', '--iterations', '2', '--transient', '2', '--window', '5', '--lyapunov-paths', '4', '--lyapunov-rounds', '2', '--lyapunov-batches', '2']], [['--paths', '3'], ['--window', '0']]),
        pick([['--no-lyapunov'], ['--max-lag', '5', '--output-step', '1']], [['--max-lag', '-1'], ['--model', 'lstm']]),
        fc.constant(['--json']),
        junkFlag,
      ]).map((a) => {
        // every dmft run keeps a bounded budget: scheme B ≤ 300 iterations, scheme A 2 iterations
        if (!a.includes('--max-iterations') && !a.some((x) => x.startsWith('--paths'))) a.push('--max-iterations', '300');
        return a;
      }),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(intText(1, Math.min(20, maxN)).map((k) => ['--n', k]), withFlags(['lyapunov', '--time', '5', '--transient', '1'], [
        pick([['--model', 'gated'], ['--model', 'lstm'], ['--model', 'gru']], [['--model', 'nope']]),
        gatedSet,
        intText(1, 60).map((k) => ['--k', k]),
        pick([['--dt', '0.05'], ['--dt', '0.2']], [['--dt', '0'], ['--dt', '20'], ['--dt', 'NaN']]),
        pick([['--reorth', '0.5'], ['--reorth', '0.05']], [['--reorth', '0'], ['--reorth', '1e7']]),
        pick([['--two-trajectory'], ['--init-scale', '0.5']], [['--init-scale', '0'], ['--init-scale', '1e6']]),
        fc.constant(['--json']),
        junkFlag,
      ])).map(([n, a]) => [...a, ...n]),
    },
    { weight: 1, arbitrary: fc.constantFrom<string[]>(['dmft', '--help'], ['lyapunov', '--help'], ['dmft'], ['lyapunov', '--n'], ['predict', '--model'], ['simulate', '--model', 'gated'], ['dmft', '--set', 'alpha_z=1000', '--no-lyapunov', '--paths', '2', '--iterations', '1', '--points', '16', '--window', '1', '--transient', '0']) },
  );
};

/** Run `runs` seeded argv cases; a case slower than 5 s is listed (not waited on forever: every flag set above is budgeted). */
export async function modelCliCases(seed: number, runs: number, maxN: number, gainCap: number) {
  const failures: string[] = [];
  const codes = new Map<number, number>();
  const slow: string[] = [];
  const messages = new Map<string, number>();
  for (const argv of fc.sample(modelCliArgv(maxN, gainCap), { seed, numRuns: runs })) {
    const t0 = performance.now();
    const r = await runCli(argv);
    const ms = performance.now() - t0;
    if (ms > 5000) slow.push(`${ms.toFixed(0)} ms: ${safeJson(argv)}`);
    codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    if (r.code !== 0) {
      const m = r.stderr.replace(/[-+]?\d[\d.e+-]*/g, '#').slice(0, 70);
      messages.set(m, (messages.get(m) ?? 0) + 1);
    }
    const problem = cliProblem(r, argv.includes('--json') && !argv.includes('--help'));
    if (problem && !(argv.includes('--debug') && r.code !== 0 && /^gatefield: /.test(r.stderr))) failures.push(`${safeJson(argv)}: ${problem}`);
  }
  return { failures, codes, slow, messages };
}

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz: CLI --model lstm / gated and dmft / lyapunov keep the exit-code contract (seeded, in process)', () => {
  it('exits 0/2/3 with one stderr line and finite JSON', async () => {
    const t0 = performance.now();
    const { failures, codes, slow, messages } = await modelCliCases(60606, Math.round(45 * SCALE), 20, 10);
    console.log(`cli model fuzz: ${[...codes].map(([c, k]) => `exit ${c}: ${k}`).join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s; slow: ${slow.join('; ')}\n${[...messages].map(([m, c]) => `  ${c}× ${m.trim()}`).join('\n')}`);
    expect(failures).toEqual([]);
  });
});
