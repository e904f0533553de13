/**
 * `gatefield compare --workers` and `compareGruParallel`: the theory and the seeds on worker
 * threads give byte-identical output for every worker count, report progress, and keep typed
 * errors and exit codes. Small N and no SCBA disk mass keep each run to a second or two.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConvergenceError, InvalidParameterError } from '@gatefield/numerics';
import { compareGru, compareGruParallel } from '../dist/index.js';

const main = new URL('../dist/main.js', import.meta.url).pathname;
function run(...args: string[]) {
  const r = spawnSync('node', [main, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const STABLE = ['--model', 'gru', '--set', 'g_h=2,beta_h=1.5,alpha_z=10,alpha_r=4', '--n', '40', '--seeds', '3'];
const CHAOTIC = ['--model', 'gru', '--set', 'g_h=4', '--n', '30', '--seeds', '2'];

describe('gatefield compare --workers', () => {
  it('prints byte-identical JSON with 0, 2 and 4 workers', () => {
    const json = [0, 2, 4].map((w) => run('compare', ...STABLE, '--json', '--workers', String(w)));
    for (const r of json) {
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(json[0].out);
    }
    const j = JSON.parse(json[0].out);
    expect(j.seeds).toEqual([1, 2, 3]);
    expect(j.simulations.map((s: { seed: number }) => s.seed)).toEqual([1, 2, 3]);
  });

  it('keeps exit code 3, the same one-line message, and the worker stack with --debug when a seed fails on a worker', () => {
    const r0 = run('compare', ...CHAOTIC, '--workers', '0');
    const r2 = run('compare', ...CHAOTIC, '--workers', '2');
    expect(r0.code).toBe(3);
    expect(r2.code).toBe(3);
    expect(r2.err).toBe(r0.err);
    expect(r2.err).toMatch(/^gatefield: fixed point of gru \(N = 30, seed 1\)/);
    const d = run('compare', ...CHAOTIC, '--workers', '2', '--debug');
    expect(d.code).toBe(3);
    expect(d.err).toMatch(/\bat [\s\S]*in a worker thread/);
  });

  it('rejects a bad worker count with exit code 2 naming the flag', () => {
    const r = run('compare', ...STABLE, '--workers', '-1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/workers/);
  });
});

describe('compareGruParallel', () => {
  const params = { g_h: 2, beta_h: 1.5, alpha_z: 10, alpha_r: 4 };

  it('equals compareGru and reports progress once per seed, counting up', async () => {
    const done: number[] = [];
    const par = await compareGruParallel(params, { n: 30, seeds: 3, workers: 2, onProgress: (d, total) => done.push(d * 10 + total) });
    const seq = compareGru(params, { n: 30, seeds: 3 });
    expect(JSON.stringify(par)).toBe(JSON.stringify(seq));
    expect(done).toEqual([13, 23, 33]);
  });

  it('rethrows the typed error of the first failing task, with its fields', async () => {
    const err = await compareGruParallel({ g_h: 4 }, { n: 30, seeds: [2, 1], workers: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConvergenceError);
    const ce = err as ConvergenceError;
    expect(ce.message).toMatch(/seed 2\)/);
    expect(ce.iterations).toBe(10000);
    expect(ce.settings).toMatchObject({ maxEulerSteps: 10000, initialState: 'seeded' });
  });

  it('throws InvalidParameterError before starting workers for bad inputs', async () => {
    await expect(compareGruParallel(params, { n: 0, seeds: 2, workers: 2 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(compareGruParallel(params, { n: 30, seeds: 2, workers: -1 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(compareGruParallel({ g_h: -1 }, { n: 30, seeds: 2, workers: 2 })).rejects.toBeInstanceOf(InvalidParameterError);
  });
});
