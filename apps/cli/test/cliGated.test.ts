/**
 * The `gatefield` CLI contract for `--model gated` (the gated RNN with dynamical gates): JSON fields
 * of dmft / lyapunov / predict / simulate / compare / phase, determinism, and exit code 2 with one
 * stderr line (no stack trace) for bad input to each command. Spawns the built CLI (dist/), like
 * cli.test.ts. Sizes are small (N ≤ 60, short runs, tiny phase grids) so the file stays well under a
 * minute of CPU on one core.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const main = new URL('../dist/main.js', import.meta.url).pathname;
function run(...args: string[]) {
  const r = spawnSync('node', [main, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
type Result = ReturnType<typeof run>;
function runAsync(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const c = spawn('node', [main, ...args]);
    let out = '', err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('close', (code) => resolve({ code, out, err }));
  });
}
/** Run many short CLI calls, `limit` at a time (each is mostly Node start-up). */
function runPool(list: string[][], limit: number): Promise<Result>[] {
  const slots: Promise<unknown>[] = [];
  return list.map((args, k) => {
    const p = (k < limit ? Promise.resolve() : slots[k - limit]).then(() => runAsync(args));
    slots.push(p.catch(() => undefined));
    return p;
  });
}
/** [GATE-REF-F1]: a stable fixed point with slow modes. */
const F1 = 'g_h=1.6,beta_h=0.4,alpha_r=2,alpha_z=5,tau_z=2,tau_r=1.5';

describe('gatefield dmft --model gated', () => {
  it('prints λ_max > 0 and C_h as [u, value] pairs with C_h(0) ≈ 0.108 [GATE-REF-F2G], [GATE-LYA-3]', () => {
    const r = run('dmft', '--model', 'gated', '--set', 'g_h=3,alpha_r=2,tau_r=1.5', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Number.isFinite(j.lambdaMax)).toBe(true);
    expect(j.lambdaMax).toBeGreaterThan(0);
    expect(j.trivial).toBe(false);
    expect(j.C_h[0]).toEqual([0, expect.any(Number)]);
    for (const pair of j.C_h) expect(pair).toHaveLength(2);
    // scheme B 0.1080 (the table); the default solver grid reproduces it to < 1e-3
    expect(Math.abs(j.C_h[0][1] - 0.108)).toBeLessThan(1e-3);
    expect(j.converged).toBe(true);
  });
});

describe('gatefield lyapunov --model gated', () => {
  it('is byte-identical for the same seed, with k finite exponents sorted in decreasing order [GATE-NUM-5]', () => {
    const args = ['lyapunov', '--model', 'gated', '--set', 'g_h=3,alpha_r=2,tau_r=1.5', '--n', '60', '--k', '3', '--seed', '1', '--time', '100', '--transient', '20', '--json'];
    const a = run(...args);
    const b = run(...args);
    expect(a.code).toBe(0);
    const strip = (s: string) => s.replace(/"seconds":[0-9.e+-]+/, '');
    expect(strip(a.out)).toBe(strip(b.out));
    const j = JSON.parse(a.out);
    expect(j.exponents).toHaveLength(3);
    for (const e of j.exponents) expect(Number.isFinite(e)).toBe(true);
    for (let k = 1; k < 3; k++) expect(j.exponents[k]).toBeLessThanOrEqual(j.exponents[k - 1]);
    expect(j.lambdaMax).toBe(j.exponents[0]);
    expect(j.seed).toBe(1);
  });
});

describe('gatefield predict / simulate / compare --model gated', () => {
  it('predict gives the [GATE-REF-F1] fixed point: Δ_h = 0.0622, Δ_z = 0.2152, Γ = 0.552 [GATE-FP-1], [GATE-RMT-4]', () => {
    const r = run('predict', '--model', 'gated', '--set', F1, '--boundary-points', '16', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.meanField.deltaH).toBeCloseTo(0.0622, 4);
    expect(j.meanField.C).toBeCloseTo(0.2152, 4);
    expect(j.meanField.stabilityFunctional).toBeCloseTo(0.552, 3);
    expect(j.support.abscissa).toBeLessThanOrEqual(0); // pinched at λ = 0 by the slow units [GATE-RMT-2]
    expect(j.support.boundary.length).toBeGreaterThan(10);
  });

  it('simulate at N = 40 returns 3N eigenvalues of a true fixed point, byte-identical for the same seed [GATE-J-1]', () => {
    const args = ['simulate', '--model', 'gated', '--set', F1, '--n', '40', '--seed', '1', '--json'];
    const a = run(...args);
    expect(a.code).toBe(0);
    expect(run(...args).out).toBe(a.out);
    const j = JSON.parse(a.out);
    expect(j.eigenvalues).toHaveLength(120);
    for (const k of ['C', 'abscissa', 'leftEdge']) expect(Number.isFinite(j[k])).toBe(true);
    expect(j.abscissa).toBeLessThan(0); // stable (Γ = 0.552)
  });

  it('compare at N = 40 over 2 seeds tabulates theory against simulation', () => {
    const r = run('compare', '--model', 'gated', '--set', F1, '--n', '40', '--seeds', '2', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.seeds).toEqual([1, 2]);
    expect(j.rows.length).toBeGreaterThan(0);
    for (const row of j.rows) expect(Number.isFinite(row.theory) && Number.isFinite(row.simulation)).toBe(true);
  });
});

describe('gatefield phase --model gated', () => {
  it('labels a small (α_r, g_h) grid by [GATE-PD] regions with the origin line at g_h = 2 [GATE-TR-1], and writes an SVG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatefield-gated-phase-'));
    const svg = join(dir, 'phase.svg');
    const r = run('phase', '--model', 'gated', '--x', 'alpha_r=0:2:3', '--y', 'g_h=1:3:5', '--workers', '0', '--json', '--svg', svg);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.x).toEqual([0, 1, 2]);
    expect(j.points).toHaveLength(5);
    // all supercritical (κ ≤ 1): zero FP only below g_h = 2, chaos above (continuous onset, [GATE-REF-F4] last row)
    expect(j.points.map((row: { region: string }[]) => row[0].region)).toEqual(['zero-stable', 'zero-stable', 'zero-stable', 'chaotic', 'chaotic']);
    expect(j.onsets.every((o: { method: string; onset: number }) => o.method === 'continuous' && o.onset === 2)).toBe(true);
    const origin = j.curves.find((c: { name: string }) => c.name === 'origin');
    for (const p of origin.polylines.flatMap((l: { points: { y: number }[] }) => l.points)) expect(Math.abs(p.y - 2)).toBeLessThan(1e-9);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*zero FP stable[\s\S]*<\/svg>\s*$/);
  });

  it('documents the gated regions in --help', () => {
    const h = run('phase', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/--model gated[\s\S]*bistable[\s\S]*marginal[\s\S]*Gated parameters/);
  });
});

describe('gatefield --model gated errors', () => {
  const cases: [string[], RegExp][] = [
    [['dmft', '--model', 'gated', '--set', 'g_h=NaN'], /invalid g_h = "NaN"/],
    [['dmft', '--model', 'gated', '--set', 'bogus=1'], /unknown parameter bogus .*valid parameters are g_h, beta_h/],
    [['dmft', '--model', 'gated', '--set', 'g_h'], /malformed --set item "g_h"/],
    [['lyapunov', '--model', 'gated', '--set', 'alpha_r=NaN'], /invalid alpha_r = "NaN": valid range is \[0, 1000\]/],
    [['lyapunov', '--model', 'gated', '--set', 'bogus=1'], /unknown parameter bogus for model gated/],
    [['lyapunov', '--model', 'gated', '--n', 'x'], /invalid --n = "x"/],
    [['predict', '--model', 'gated', '--set', 'g_h=NaN'], /invalid g_h = "NaN": valid range is \[0, 10\]/],
    [['predict', '--model', 'gated', '--set', 'bogus=1'], /unknown parameter bogus for model gated/],
    [['predict', '--model', 'gated', '--disk', '0,0'], /malformed --disk/],
    [['simulate', '--model', 'gated', '--set', 'tau_z=NaN'], /invalid tau_z = "NaN": valid range is \[0.001, 1000\]/],
    [['simulate', '--model', 'gated', '--set', 'bogus=1'], /unknown parameter bogus for model gated/],
    [['simulate', '--model', 'gated', '--seed'], /--seed needs a value/],
    [['compare', '--model', 'gated', '--set', 'beta_r=NaN'], /invalid beta_r = "NaN": valid range is \[-50, 50\]/],
    [['compare', '--model', 'gated', '--set', 'bogus=1'], /unknown parameter bogus for model gated/],
    [['compare', '--model', 'gated', '--seeds', 'x'], /invalid --seeds = "x"/],
    [['phase', '--model', 'gated', '--set', 'alpha_z=NaN'], /invalid alpha_z = "NaN": valid range is \[0, 1000\]/],
    [['phase', '--model', 'gated', '--set', 'bogus=1'], /unknown parameter bogus for model gated: valid parameters are g_h, beta_h, alpha_z, beta_z, alpha_r, beta_r, tau_h, tau_z, tau_r/],
    [['phase', '--model', 'gated', '--x', 'foo=0:1:3'], /invalid --x parameter "foo": valid parameters are g_h, beta_h/],
    [['phase', '--model', 'gated', '--x', 'alpha_r=0:1'], /malformed --x "alpha_r=0:1"/],
    [['phase', '--model', 'gated', '--branch', 'upper'], /--branch applies to --model gru only/],
    [['phase', '--model', 'gru', '--chaos', 'off'], /--chaos applies to --model gated only/],
  ];
  let results: Promise<Result>[] = [];
  beforeAll(() => {
    results = runPool(cases.map(([a]) => a), 3);
  });
  cases.forEach(([args, message], k) => {
    it(`exits with code 2 and one line for: gatefield ${args.join(' ')}`, async () => {
      const r = await results[k];
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\bat .*\.js:\d+/);
      expect(r.out).toBe('');
    });
  });
});
