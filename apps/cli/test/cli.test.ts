/**
 * The `gatefield` CLI contract (scripts rely on it): JSON fields, exit codes 0 / 2 / 3, one-line
 * errors without stack traces, determinism.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const main = new URL('../dist/main.js', import.meta.url).pathname;
function run(...args: string[]) {
  const r = spawnSync('node', [main, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('gatefield predict --json', () => {
  it('prints one JSON object with the mean field, the support and the disk masses', () => {
    const r = run('predict', '--model', 'gru', '--set', 'g_h=2,beta_h=1.5,alpha_z=10,alpha_r=4', '--disk', '-1.1,0.3,0.15', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.meanField.C).toBeCloseTo(0.686, 3);
    expect(j.meanField.gamma2).toBeCloseTo(0.483, 3);
    expect(j.meanField.roots).toHaveLength(1);
    expect(typeof j.support.abscissa).toBe('number');
    expect(j.support.leftEdge).toBeLessThan(-1);
    expect(j.support.boundary.length).toBeGreaterThan(100);
    expect(j.support.boundary[0]).toHaveLength(2);
    expect(j.masses[0]).toMatchObject({ re: -1.1, im: 0.3, r: 0.15 });
    expect(j.masses[0].mass).toBeGreaterThan(0);
    expect(j.massNormalisation).toBe('fraction of the N eigenvalues');
  });

  it('returns one prediction per mean-field root with --root all', () => {
    const r = run('predict', '--set', 'g_h=1.9,alpha_r=10', '--root', 'all', '--json', '--boundary-points', '16');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.predictions.map((p: { meanField: { branch: string } }) => p.meanField.branch)).toEqual(['trivial', 'lower', 'upper']);
  });
});

describe('gatefield simulate --json', () => {
  it('prints n, seed, eigenvalues, C, abscissa, leftEdge and masses, byte-identical for the same seed', () => {
    const args = ['simulate', '--set', 'g_h=2,beta_h=1.5,alpha_r=4,alpha_z=5', '--n', '120', '--seed', '4', '--disk', '-1,0,0.3', '--json'];
    const a = run(...args);
    const b = run(...args);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out);
    expect(j.n).toBe(120);
    expect(j.seed).toBe(4);
    expect(j.eigenvalues).toHaveLength(120);
    for (const k of ['C', 'abscissa', 'leftEdge']) expect(Number.isFinite(j[k])).toBe(true);
    expect(j.masses[0].mass).toBeGreaterThan(0);
    const other = JSON.parse(run(...args.map((a) => (a === '4' ? '5' : a))).out);
    expect(other.C).not.toBe(j.C);
  });
});

describe('gatefield errors', () => {
  const cases: [string[], RegExp][] = [
    [['predict', '--set', 'g_h=abc'], /invalid g_h = "abc": valid range is \[0, 10\]/],
    [['predict', '--set', 'alpha_z=NaN'], /invalid alpha_z = "NaN": valid range is \[0, 1000\]/],
    [['predict', '--set', 'g_h=11'], /invalid g_h = 11: valid range is \[0, 10\]/],
    [['predict', '--set', 'gain=2'], /unknown parameter gain for model gru/],
    [['predict', '--model', 'transformer'], /invalid --model = "transformer": valid values are gru/],
    [['phase', '--model', 'transformer'], /invalid --model = "transformer"/],
    [['predict', '--frobnicate'], /unknown flag --frobnicate for predict/],
    [['predict', '--disk', '0,0'], /malformed --disk/],
    [['predict', '--disk', '0,0,-1'], /invalid --disk R = -1/],
    [['predict', '--set'], /--set needs a value/],
    [['simulate', '--n', '0'], /invalid --n = 0: valid range is \[1, 4000\]/],
    [['simulate', '--n', '12.5'], /invalid --n = 12.5: expected an integer/],
    [['simulate', '--seed', '-3'], /invalid --seed = -3/],
    [['compare', '--seeds', 'x'], /invalid --seeds = "x"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['predict', 'extra'], /unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) {
    it(`exits with code 2 and one line for: gatefield ${args.join(' ')}`, () => {
      const r = run(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\bat .*\.js:\d+/);
      expect(r.out).toBe('');
    });
  }

  it('exits with code 3 and one line when no stable fixed point exists (chaotic regime), and shows a stack only with --debug', () => {
    const r = run('simulate', '--set', 'g_h=4', '--n', '60', '--seed', '1');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/did not converge/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    const d = run('simulate', '--set', 'g_h=4', '--n', '60', '--seed', '1', '--debug');
    expect(d.code).toBe(3);
    expect(d.err).toMatch(/\bat /);
  });
});

describe('gatefield help', () => {
  it('lists every subcommand, and each subcommand lists its parameters with ranges and defaults', () => {
    expect(run('--help').out).toMatch(/predict[\s\S]*simulate[\s\S]*compare[\s\S]*demo/);
    for (const cmd of ['predict', 'simulate', 'compare']) {
      const h = run(cmd, '--help');
      expect(h.code).toBe(0);
      expect(h.out).toMatch(/alpha_z\s+\[0, 1000\]\s+default 0/);
      expect(h.out).toMatch(/--disk RE,IM,R/);
    }
  });
});

describe('gatefield --csv', () => {
  it('prints the predicted disk masses as CSV rows re,im,r,mass', () => {
    const r = run('predict', '--set', 'g_h=2,beta_h=1.5,alpha_r=4', '--disk', '-0.5,0.15,0.1', '--csv', '--boundary-points', '8');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('re,im,r,mass');
    expect(lines[1]).toMatch(/^-0\.5,0\.15,0\.1,0\.\d+/);
  });
});
