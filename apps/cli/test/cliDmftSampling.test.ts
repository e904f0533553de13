/**
 * `gatefield dmft --model gated` for α_z ≠ 0: the sampling DMFT (scheme A, [GATE-NUM-1]) and λ_max
 * from the sampled tangent process ([GATE-LYA-5]). Tiny path counts and windows keep each run at a
 * few seconds; the numbers are not checked against fixtures here (see packages/theory/test/gated),
 * only the contract: fields, determinism for a given seed, one-line usage errors with exit code 2.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const main = new URL('../dist/main.js', import.meta.url).pathname;
function run(...args: string[]) {
  const r = spawnSync('node', [main, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const SMALL = ['--set', 'g_h=3,alpha_r=2,alpha_z=2,tau_z=2,tau_r=1.5', '--paths', '6', '--iterations', '3', '--points', '256', '--window', '30', '--transient', '10',
  '--lyapunov-paths', '4', '--lyapunov-rounds', '3', '--lyapunov-batches', '3', '--max-lag', '10', '--drift-tol', '10'];

describe('gatefield dmft for α_z ≠ 0 (scheme A [GATE-NUM-1], λ_max [GATE-LYA-5])', () => {
  it('prints lambdaMax with its standard error, C_h, C_z, C_r, C_phi, C_sigmaZ, C_sigmaR as [u, value] pairs, timescales and the convergence monitor, byte-identical for the same seed', () => {
    const a = run('dmft', '--model', 'gated', ...SMALL, '--seed', '7', '--json');
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    const j = JSON.parse(a.out);
    expect(j.scheme).toBe('A');
    expect(j.seed).toBe(7);
    expect(Number.isFinite(j.lambdaMax)).toBe(true);
    expect(j.lambdaMaxStandardError).toBeGreaterThan(0);
    for (const key of ['C_h', 'C_z', 'C_r', 'C_phi', 'C_sigmaZ', 'C_sigmaR', 'C_psi']) {
      expect(j[key][0], key).toHaveLength(2);
      expect(j[key][0][0], key).toBe(0);
      expect(j[key].at(-1)[0], key).toBeLessThanOrEqual(10);
    }
    expect(j.C_h[0][1]).toBeGreaterThan(0);
    expect(j.timescales.gateTime).toBeGreaterThan(1);
    expect(j.convergence.historyCh0).toHaveLength(3);
    expect(typeof j.converged).toBe('boolean');
    expect(j.settings).toMatchObject({ paths: 6, iterations: 3, seed: 7, warmStart: 'schemeB' });
    expect(j.lyapunov.batchEstimates).toHaveLength(3);
    const b = run('dmft', '--model', 'gated', ...SMALL, '--seed', '7', '--json');
    expect(b.out).toBe(a.out);
    const c = run('dmft', '--model', 'gated', ...SMALL, '--seed', '8', '--json');
    expect(c.code).toBe(0);
    expect(c.out).not.toBe(a.out);
  });

  it('prints a human-readable report without a progress bar when stderr is not a terminal', () => {
    const r = run('dmft', ...SMALL, '--no-lyapunov');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('scheme A');
    expect(r.out).toContain('λ_max = not computed');
    expect(r.out).toMatch(/converged after 3 iterations/);
  });

  it.each([
    [['--paths', '0'], /paths/],
    [['--seed', '-1'], /seed/],
    [['--tol', '1e-3'], /--tol applies to alpha_z = 0 only/],
    [['--du', '0.2'], /--window 30 must exceed the lag range/],
    [['--du', '2'], /Euler step/],
  ])('rejects %j with exit code 2 and one line', (extra, msg) => {
    const r = run('dmft', ...SMALL, ...(extra as string[]));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(msg as RegExp);
  });

  it('exits 3 with one line when the run is still drifting (2 iterations: one difference, no noise allowance, cannot meet --drift-tol 0) and 2 for a single iteration', () => {
    const args = SMALL.map((v, i) => (SMALL[i - 1] === '--iterations' ? '2' : SMALL[i - 1] === '--drift-tol' ? '0' : v));
    const one = run('dmft', ...SMALL.map((v, i) => (SMALL[i - 1] === '--iterations' ? '1' : v)), '--no-lyapunov');
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/needs ≥ 2 iterations/);
    const r = run('dmft', ...args, '--no-lyapunov');
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/scheme A .*did not converge/);
  });

  it('rejects the scheme-A flags for α_z = 0 (scheme B is unchanged) with exit code 2', () => {
    const r = run('dmft', '--set', 'g_h=3', '--seed', '3');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/--seed applies to alpha_z != 0 only/);
  });
});
