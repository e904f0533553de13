/**
 * Fuzz: every `gatefield` subcommand, in process through `main(argv)`: exit 0 / 2 / 3 only, one
 * line on stderr for failures (never a stack trace or an "internal error"), finite JSON on
 * success. Malformed flags, junk values, unknown names, extremes. Seeded.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cliProblem, runCli, safeJson } from './fuzzUtil.js';

const dir = mkdtempSync(join(tmpdir(), 'gatefield-fuzz-'));

const numText = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -60, max: 60, noNaN: true }).map((v) => String(v)) },
  { weight: 2, arbitrary: fc.constantFrom('0', '1', '2', '10', '1000', '-50', '50', '1e3', '0.0', '1e-300', '5e2') },
  { weight: 1, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '', 'abc', '0x10', '1,2', ' ', '1e999', '--', '-1e-999', '١') },
);
const paramName = fc.constantFrom('g_h', 'beta_h', 'alpha_z', 'beta_z', 'alpha_r', 'beta_r', 'g_h', 'alpha_r', 'bogus', 'G_H', '');
const setItem = fc.tuple(paramName, numText).map(([k, v]) => `${k}=${v}`);
const setFlag = fc.oneof(
  { weight: 5, arbitrary: fc.uniqueArray(setItem, { maxLength: 4, selector: (s) => s.split('=')[0] }).map((items) => ['--set', items.join(',')]) },
  { weight: 1, arbitrary: fc.constantFrom(['--set'], ['--set='], ['--set', 'g_h'], ['--set', 'g_h=1,g_h=2'], ['--set', '=1'], ['--set', 'g_h=2', '--set', 'g_h=3']) },
);
const diskFlag = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(numText, numText, fc.constantFrom('0', '0.1', '0.5', '1', '3', '1e6', '-1', 'x')).map(([a, b, r]) => ['--disk', `${a},${b},${r}`]) },
  { weight: 1, arbitrary: fc.constantFrom(['--disk', '1,2'], ['--disk'], ['--disk', '1,2,3,4'], ['--disk=', '']) },
);
const junkFlag0 = fc.constantFrom(['--bogus'], ['-x'], ['positional'], ['--'], ['--json=1'], ['--help'], ['--model', 'lstm9'], ['--model', 'vanilla'], ['--model=gru'], ['--debug']);
/** A malformed or unusual flag in about one run in six (most runs should get past parsing). */
const junkFlag = fc.oneof({ weight: 5, arbitrary: fc.constant<readonly string[]>([]) }, { weight: 1, arbitrary: junkFlag0 as fc.Arbitrary<readonly string[]> });
const intText = (lo: number, hi: number) => fc.oneof({ weight: 4, arbitrary: fc.integer({ min: lo, max: hi }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.5', 'NaN', '1e3', '', 'abc', '99999999999') });

function withFlags(base: string[], parts: fc.Arbitrary<readonly string[]>[]): fc.Arbitrary<string[]> {
  return fc.tuple(...parts.map((p) => fc.option(p, { nil: undefined, freq: 2 }))).map((xs) => [...base, ...xs.flatMap((x) => x ?? [])]);
}

/** Commands whose default N (1000) is too slow for fuzzing always get an explicit --n. */
function nFlag(n: fc.Arbitrary<string>, base: string[], parts: fc.Arbitrary<readonly string[]>[]): fc.Arbitrary<string[]> {
  return fc.tuple(n, withFlags(base, parts)).map(([k, a]) => [...a, '--n', k]);
}

export const cliArgv = (maxN: number): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 4, arbitrary: withFlags(['predict'], [setFlag, diskFlag, fc.constantFrom(['--root', 'smallest'], ['--root', 'all'], ['--root', 'x']), intText(8, 64).map((k) => ['--boundary-points', k]), fc.constant(['--json']), junkFlag]) },
    { weight: 3, arbitrary: nFlag(intText(1, maxN), ['simulate'], [setFlag, intText(0, 1e6).map((k) => ['--seed', k]), fc.constantFrom(['--ensemble', 'iid'], ['--ensemble', 'fixed-point'], ['--ensemble', 'no']), diskFlag, fc.constant(['--json']), junkFlag]) },
    { weight: 2, arbitrary: nFlag(intText(1, Math.min(30, maxN)), ['compare'], [setFlag, intText(1, 2).map((k) => ['--seeds', k]), diskFlag, fc.constantFrom(['--json'], ['--csv'], ['--svg', join(dir, 'c.svg')]), junkFlag]) },
    { weight: 1, arbitrary: withFlags(['phase'], [fc.constantFrom(['--x', 'alpha_r=0:6:3'], ['--x', 'beta_r=-2:2:2'], ['--x', 'g_h=0:10:3'], ['--x', 'alpha_r=5:1:3'], ['--x', 'bogus=0:1:3'], ['--x', 'alpha_r=0:1:1']), fc.constantFrom(['--y', 'g_h=1:3:3'], ['--y', 'g_h=0.5:4:2'], ['--y', 'beta_h=0:1:2'], ['--y', 'g_h=1:3:abc']), setFlag, fc.constantFrom(['--workers', '0'], ['--workers', '1']), fc.constantFrom(['--branch', 'lower'], ['--branch', 'all']), fc.constant(['--json'])]) },
    { weight: 2, arbitrary: withFlags(['complexity'], [setFlag, fc.constantFrom(['--method', 'closed-form'], ['--method', 'closed-form'], ['--method', 'scba'], ['--method', 'wrong']), intText(2, 12).map((k) => ['--legendre-nodes', k]), intText(1, 24).map((k) => ['--eta-nodes', k]), fc.constant(['--json']), junkFlag]) },
    { weight: 1, arbitrary: fc.constantFrom<string[]>([], ['help'], ['--help'], ['nope'], ['demo', '--n', '10'], ['demo', '--seeds', '0'], ['demo', '--bogus'], ['predict', '--help'], ['simulate', '--n'], ['phase', '--x']) },
  );

/** Every case gets a 5 s ceiling in the default suite: a slow case is reported, not waited on. */
export async function cliCases(seed: number, runs: number, maxN: number) {
  const failures: string[] = [];
  const codes = new Map<number, number>();
  const slow: string[] = [];
  for (const argv of fc.sample(cliArgv(maxN), { seed, numRuns: runs })) {
    if (process.env.GATEFIELD_FUZZ_VERBOSE) appendFileSync('/tmp/gatefield-fuzz-cli.log', `${safeJson(argv)}\n`);
    const t0 = performance.now();
    const r = await runCli(argv);
    const ms = performance.now() - t0;
    if (ms > 5000) slow.push(`${ms.toFixed(0)} ms: ${safeJson(argv)}`);
    codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    const problem = cliProblem(r, argv.includes('--json') && !argv.includes('--help'));
    if (problem && !(argv.includes('--debug') && r.code !== 0 && /^gatefield: /.test(r.stderr))) failures.push(`${safeJson(argv)}: ${problem}`);
  }
  return { failures, codes, slow };
}

describe.skipIf(process.env.GATEFIELD_SLOW === '1')('fuzz: CLI subcommands keep the exit-code contract (seeded, in process)', () => {
  it('exits 0/2/3 with one stderr line and finite JSON', async () => {
    const t0 = performance.now();
    const { failures, codes, slow } = await cliCases(31337, Math.round(200 * Number(process.env.GATEFIELD_FUZZ_SCALE ?? 1)), 40);
    console.log(`cli fuzz: ${[...codes].map(([c, k]) => `exit ${c}: ${k}`).join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s; slow: ${slow.join('; ')}`);
    expect(failures).toEqual([]);
  });
});
