/**
 * Determinism: the same seed gives byte-identical JSON across runs (CLI simulate / compare, in
 * process and in a fresh `node` process), and the phase diagram does not depend on the number of
 * worker threads (0, 1, 2).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { phaseDiagram, type PhaseSpec } from '@gatefield/theory';
import { runCli } from './fuzzUtil.js';

const cliJs = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

describe('determinism: same seed, same bytes', () => {
  const cases: string[][] = [
    ['simulate', '--set', 'g_h=2,beta_h=1.5,alpha_r=4,alpha_z=3', '--n', '60', '--seed', '7', '--disk', '-0.5,0,0.3', '--json'],
    ['simulate', '--set', 'g_h=3,alpha_z=20', '--n', '40', '--seed', '123456789', '--ensemble', 'iid', '--json'],
    ['compare', '--set', 'g_h=2,beta_h=1.5,alpha_r=4', '--n', '40', '--seeds', '2', '--disk', '-0.5,0,0.3', '--json'],
  ];
  for (const argv of cases) {
    it(`${argv.join(' ')}: identical JSON across runs`, async () => {
      const a = await runCli(argv);
      const b = await runCli(argv);
      expect(a.code).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      if (existsSync(cliJs)) {
        const c = execFileSync(process.execPath, [cliJs, ...argv], { encoding: 'utf8' });
        expect(c).toBe(a.stdout);
      }
    });
  }

  it('phase diagram JSON is identical with workers 0, 1 and 2', async () => {
    const spec: PhaseSpec = {
      x: { name: 'alpha_r', lo: 0, hi: 6, count: 4 },
      y: { name: 'g_h', lo: 1, hi: 3, count: 4 },
      parameters: { beta_r: 0 },
    };
    const outs: string[] = [];
    for (const workers of [0, 1, 2]) {
      // settings.workers / workerMode and wall-clock timing describe the run, not the result
      const { settings, timing, ...result } = await phaseDiagram(spec, { workers });
      const { workers: w, workerMode, ...rest } = settings as unknown as Record<string, unknown>;
      expect(w).toBe(workers);
      expect(typeof workerMode).toBe('string');
      expect(timing).toBeDefined();
      outs.push(JSON.stringify({ ...result, settings: rest }));
    }
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
  });
});
