/**
 * `gatefield predict/compare --model gated --disk`: theory disk masses from the log-potential
 * [GATE-RMT-7] (closed-form singular values for α_r = 0, a 128-unit seeded sample otherwise,
 * [GATE-RMT-8]). Contract only (numbers against finite networks: test/src/gatedSpectrum.test.ts):
 * `mass` is the fraction of all 3N eigenvalues — the N z-eigenvalues at −1/τ_z [GATE-RMT-1] count —
 * like the simulated masses, and `massHr` the fraction of the 2N (h, r) eigenvalues ([OQ-18]).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const main = new URL('../dist/main.js', import.meta.url).pathname;
function run(...args: string[]) {
  const r = spawnSync('node', [main, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const CLOSED = 'g_h=1.6,beta_h=0.4,alpha_r=0,alpha_z=5,tau_z=2,tau_r=1.5';

describe('gatefield predict --model gated --disk [GATE-RMT-7]', () => {
  it('returns masses of all 3N eigenvalues and of the 2N (h, r) eigenvalues, consistent with each other and with the z-block at −1/τ_z', () => {
    const r = run('predict', '--model', 'gated', '--set', CLOSED, '--disk', '0,0,0.1', '--disk', '-0.5,0,0.01', '--json');
    expect(r.code, r.err).toBe(0);
    const p = JSON.parse(r.out);
    expect(p.masses).toHaveLength(2);
    for (const m of p.masses) {
      expect(m.mass).toBeGreaterThanOrEqual(0);
      expect(m.mass).toBeLessThanOrEqual(1);
      expect(m.method).toBe('closed-form');
      expect(m.mass).toBeCloseTo((2 * m.massHr + (m.zBlockInside ? 1 : 0)) / 3, 12);
    }
    expect(p.masses[0].zBlockInside).toBe(false);
    expect(p.masses[0].massHr).toBeGreaterThan(0.05); // the slow modes near λ = 0 [GATE-MS-1]
    expect(p.masses[1].zBlockInside).toBe(true); // −1/τ_z = −0.5
    expect(p.masses[1].mass).toBeGreaterThan(1 / 3);
    expect(p.massNormalisation).toMatch(/3N/);
  });

  it('states the 3N normalisation in the text output and uses a seeded sample (seed in the JSON) when α_r ≠ 0, reproducibly', () => {
    const t = run('predict', '--model', 'gated', '--set', CLOSED, '--disk', '-0.3,0.15,0.12');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/fractions of all 3N eigenvalues/);
    const args = ['predict', '--model', 'gated', '--set', 'g_h=1.6,beta_h=0.4,alpha_r=2,alpha_z=5,tau_z=2,tau_r=1.5', '--disk', '-1,0.5,0.3', '--json'];
    const a = run(...args), b = run(...args);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    const m = JSON.parse(a.out).masses[0];
    expect(m.method).toBe('sampled');
    expect(m.seed).toBe(1);
    expect(m.massHr).toBeGreaterThan(0.01);
  });

  it('rejects a negative radius with exit code 2 and gives a radius-0 disk its point mass only', () => {
    const bad = run('predict', '--model', 'gated', '--set', CLOSED, '--disk', '0,0,-1');
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    const z = run('predict', '--model', 'gated', '--set', CLOSED, '--disk', '-0.5,0,0', '--json');
    expect(z.code, z.err).toBe(0);
    expect(JSON.parse(z.out).masses[0].mass).toBeCloseTo(1 / 3, 12);
  });
});

describe('gatefield compare --model gated --disk', () => {
  it('shows predicted against simulated masses, both as fractions of all 3N eigenvalues', () => {
    const r = run('compare', '--model', 'gated', '--set', CLOSED, '--n', '60', '--seeds', '1', '--disk', '-0.5,0,0.01', '--disk', '-0.3,0,0.15', '--json');
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out);
    const rows = c.rows.filter((x: { quantity: string }) => x.quantity.startsWith('mass of 3N'));
    expect(rows).toHaveLength(2);
    expect(rows[0].theory).toBeCloseTo(c.prediction.masses[0].mass, 12);
    expect(rows[0].simulation).toBeCloseTo(c.simulations[0].masses[0].mass, 12);
    // the N z-eigenvalues at −1/τ_z are exact in both [GATE-RMT-1]
    expect(rows[0].simulation).toBeGreaterThanOrEqual(1 / 3);
    expect(rows[0].theory).toBeGreaterThanOrEqual(1 / 3);
    expect(rows[1].noise).toBeGreaterThan(0);
  });
});
