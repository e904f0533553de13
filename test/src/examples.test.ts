/**
 * The runnable examples of examples/ (documented in the docs site's "Getting started"): each is
 * run as a user would run it, with node on the built packages, with small networks and --json;
 * its output is checked against the theory it illustrates.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

function run(file: string, args: string[] = []): string {
  if (!existsSync(`${examples}node_modules`)) {
    throw new Error('examples/node_modules is missing: examples/ must be a pnpm workspace package (add "examples" to pnpm-workspace.yaml, then pnpm install)');
  }
  return execFileSync(process.execPath, [`${examples}${file}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function runJson<T>(file: string, args: string[] = []): T {
  const out = run(file, [...args, '--json']).trim().split('\n');
  return JSON.parse(out[out.length - 1]) as T;
}

describe('examples', () => {
  it('01-predict: mean field, Γ², support and the slow-mode mass of the biased fixed point [GRU-REF-1], [GRU-LIM-9]', () => {
    const r = runJson<{
      C: number;
      gamma2: number;
      roots: { C: number }[];
      support: { abscissa: number; leftEdge: number };
      masses: { mass: number }[];
      slowModeEstimate: { fraction: number };
      saturatedStability: string;
      discreteTime: { maxMultiplier: number };
    }>('01-predict.mjs');
    expect(r.roots).toHaveLength(1);
    expect(r.C).toBeCloseTo(0.771, 3);
    expect(r.gamma2).toBeGreaterThan(0.5);
    expect(r.gamma2).toBeLessThan(0.6);
    expect(r.support.abscissa).toBe(0); // the cusp at the origin [GRU-LIM-8]
    expect(r.support.leftEdge).toBeLessThan(-1);
    // about a third of the eigenvalues within 0.03 of λ = 0 ([GRU-REF-4](c): 0.342)
    expect(Math.abs(r.masses[0].mass - 0.342)).toBeLessThan(0.02);
    expect(Math.abs(r.slowModeEstimate.fraction - r.masses[0].mass)).toBeLessThan(0.05);
    expect(r.saturatedStability).toBe('stable');
    expect(Math.abs(r.discreteTime.maxMultiplier - 1)).toBeLessThan(1e-9);
  });

  it('02-compare: simulated true fixed points at N = 300 agree with the theory within counting noise', () => {
    const r = runJson<{ n: number; rows: { quantity: string; theory: number; simulation: number; withinNoise: boolean | null }[]; allMassesWithinNoise: boolean }>('02-compare.mjs', ['--n', '300', '--seeds', '1']);
    expect(r.n).toBe(300);
    const C = r.rows.find((x) => x.quantity === 'C')!;
    expect(Math.abs(C.simulation - C.theory)).toBeLessThan(0.05);
    expect(r.rows.filter((x) => x.withinNoise !== null).length).toBeGreaterThanOrEqual(2);
    expect(r.allMassesWithinNoise).toBe(true);
  });

  it('03-sweep: the abscissa is pinched into the origin as α_z grows, and Γ² leaves the window at large g_h [GRU-LIM-6], [GRU-LIM-8]', () => {
    const r = runJson<{
      gamma2: number;
      alphaZ: { alpha_z: number; abscissa: number; slowModeFraction: number }[];
      gH: { g_h: number; originStable: boolean; gamma2: number | null; saturatedStability: string | null }[];
    }>('03-sweep.mjs');
    expect(r.gamma2).toBeGreaterThan(1);
    expect(r.gamma2).toBeLessThan(2);
    for (let k = 1; k < r.alphaZ.length; k++) {
      expect(r.alphaZ[k].abscissa).toBeLessThan(r.alphaZ[k - 1].abscissa);
      expect(r.alphaZ[k].slowModeFraction).toBeGreaterThanOrEqual(r.alphaZ[k - 1].slowModeFraction);
    }
    expect(r.alphaZ[r.alphaZ.length - 1].abscissa).toBeLessThan(1e-5);
    expect(r.alphaZ[r.alphaZ.length - 1].slowModeFraction).toBeLessThan(0.5);
    const classes = r.gH.map((x) => x.saturatedStability);
    expect(classes).toContain('marginal');
    expect(classes[classes.length - 1]).toBe('unstable');
    expect(r.gH.find((x) => x.g_h === 1.8)!.originStable).toBe(true);
    expect(r.gH.find((x) => x.g_h === 2.2)!.originStable).toBe(false);
  });

  it('04-pytorch-init: the default initialisation has only a stable origin; larger gains make nontrivial fixed points [GRU-LIM-1]', () => {
    const r = runJson<{ k: number; originStable: boolean | null; nontrivial: boolean; abscissa: number; params: { g_h: number } }[]>('04-pytorch-init.mjs');
    const def = r.find((x) => x.k === 1)!;
    expect(def.params.g_h).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(def.originStable).toBe(true);
    expect(def.nontrivial).toBe(false);
    expect(def.abscissa).toBeLessThan(0);
    expect(r.some((x) => x.nontrivial && x.originStable === false)).toBe(true);
  });

  it('run-all (the CI entry point, `node examples/run-all.mjs --quick`) finds every example', () => {
    expect(run('run-all.mjs', ['--list']).trim().split('\n')).toEqual(['01-predict.mjs', '02-compare.mjs', '03-sweep.mjs', '04-pytorch-init.mjs']);
  });
});
