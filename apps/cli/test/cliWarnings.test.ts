/**
 * Quadrature warnings reach the CLI (numerics warnings.ts): `complexity` and `phase` JSON carry a
 * `warnings` array (empty at default settings, where every gate rule resolves its gate), and the text
 * output prints them on stdout so that a successful run keeps stderr empty.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const main = new URL('../dist/main.js', import.meta.url).pathname;
function run(...args: string[]) {
  const r = spawnSync('node', [main, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('CLI quadrature warnings', () => {
  it('complexity --json reports an empty warnings array at default settings, and text mode keeps stderr empty', () => {
    const r = run('complexity', '--model', 'gru', '--set', 'g_h=2.5,alpha_r=4', '--method', 'closed-form', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).warnings).toEqual([]);
    const t = run('complexity', '--model', 'gru', '--set', 'g_h=2.5,alpha_r=4', '--method', 'closed-form');
    expect(t.code).toBe(0);
    expect(t.err).toBe('');
    expect(t.out).not.toMatch(/warning/i);
  });

  it('phase --json carries the phase diagram warnings (empty at default settings)', () => {
    const r = run('phase', '--model', 'gru', '--x', 'alpha_r=0:8:3', '--y', 'g_h=1.5:3:3', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).warnings).toEqual([]);
  });
});
