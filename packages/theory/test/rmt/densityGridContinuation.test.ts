/**
 * The continuation solver of the SCBA density grid ([GRU-SCBA-5], `scbaGridSolver.ts`): predictor +
 * chord Newton + one fused J/density pass per point must give the per-point analytic density of
 * `densityAt` (cold start, Newton to the same tolerance), bit-identical results for any worker
 * count, and exact zeros outside the bulk.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@gatefield/numerics';
import { gruQuadratureSites, gruSites, resolveGruParameters, sampleGruSites, scbaDensityGrid, scbaGreenFunction, scbaSupportFunctional, solveGruMeanField } from '../../src/index.js';

const raw = { g_h: 3, alpha_z: 2, alpha_r: 2 };
const p = resolveGruParameters(raw);
const root = solveGruMeanField(raw).roots.slice(-1)[0];
const params = { gH2: p.g_h ** 2 };
// a rule small enough for per-point cold solves in a unit test (the default has 20 480 sites)
const sites = gruQuadratureSites(root, p, { xiNodes: 12, zetaNodes: 4, etaNodes: 6 });
const grid = { xMin: -1.5, xMax: 0.15, nx: 30, yMin: 0, yMax: 0.66, ny: 18 };

/** Max relative difference to cold per-point densityAt, split by the distance Λ − 1 to the edge. */
function compare(s: typeof sites, density: Float64Array, g: typeof grid, stride = 1) {
  const green = scbaGreenFunction(s, params);
  let deep = 0;
  let edge = 0;
  let zerosOk = true;
  let bulk = 0;
  for (let k = 0; k < density.length; k += stride) {
    const l = { re: g.xMin + ((g.xMax - g.xMin) * (k % g.nx)) / (g.nx - 1), im: g.yMin + ((g.yMax - g.yMin) * Math.floor(k / g.nx)) / (g.ny - 1) };
    const r = green.densityAt(l);
    if (!r.inBulk) {
      zerosOk &&= density[k] === 0 && r.density === 0;
      continue;
    }
    bulk++;
    const e = Math.abs(density[k] - r.density) / r.density;
    if (scbaSupportFunctional(s, params, l) - 1 >= 1e-4) deep = Math.max(deep, e);
    else edge = Math.max(edge, e);
  }
  return { deep, edge, zerosOk, bulk };
}

describe('scbaDensityGrid with the continuation solver', () => {
  it('agrees with cold per-point densityAt to 1e-10 relative (1e-8 within Λ − 1 < 1e-4 of the edge) and is 0 outside', async () => {
    const a = await scbaDensityGrid(sites, params, grid, { workers: 0 });
    expect(a.settings.solver).toBe('continuation');
    expect(a.settings.sitePasses).toBe('tensor');
    const c = compare(sites, a.density, grid);
    expect(c.bulk).toBeGreaterThan(200);
    expect(c.bulk).toBe(a.inBulk);
    expect(c.zerosOk).toBe(true);
    expect(c.deep).toBeLessThan(1e-10);
    expect(c.edge).toBeLessThan(1e-8);
    // every bulk point ends with one fused J + density pass (more only after a mispredicted one)
    expect(a.passes.fused).toBeGreaterThanOrEqual(a.inBulk);
    expect(a.passes.support).toBe(grid.nx * grid.ny);
  });

  it('agrees with densityAt as well with the grouped passes: scba.tensorPasses false, and sites that are not a tensor rule', async () => {
    const a = await scbaDensityGrid(sites, params, grid, { workers: 0, scba: { tensorPasses: false } });
    expect(a.settings.sitePasses).toBe('grouped');
    const c = compare(sites, a.density, grid);
    expect(c.bulk).toBe(a.inBulk);
    expect(c.zerosOk).toBe(true);
    expect(c.deep).toBeLessThan(1e-10);
    expect(c.edge).toBeLessThan(1e-8);
    // 150 sites drawn from the mean-field law (distinct s: no tensor structure)
    const drawn = sampleGruSites(root, p, 150, new Rng(11));
    const g = { xMin: -1.4, xMax: 0, nx: 9, yMin: 0.05, yMax: 0.5, ny: 5 };
    const b = await scbaDensityGrid(drawn, params, g, { workers: 0 });
    expect(b.settings.sitePasses).toBe('grouped');
    const d = compare(drawn, b.density, g);
    expect(d.bulk).toBeGreaterThan(20);
    expect(d.zerosOk).toBe(true);
    expect(d.deep).toBeLessThan(1e-10);
    expect(d.edge).toBeLessThan(1e-8);
  });

  it('agrees with densityAt for the default 20 480-site rule on a coarse grid', async () => {
    const def = gruQuadratureSites(root, p);
    const g = { xMin: -1.4, xMax: 0, nx: 8, yMin: 0.05, yMax: 0.5, ny: 4 };
    const a = await scbaDensityGrid(def, params, g, { workers: 0 });
    const c = compare(def, a.density, g);
    expect(c.bulk).toBeGreaterThan(15);
    expect(c.zerosOk).toBe(true);
    expect(c.deep).toBeLessThan(1e-10);
    expect(c.edge).toBeLessThan(1e-8);
  });

  it('is bit-identical for 0, 1 and 2 workers and matches the pointwise solver', async () => {
    const a = await scbaDensityGrid(sites, params, grid, { workers: 0, blockRows: 5 });
    const b = await scbaDensityGrid(sites, params, grid, { workers: 1, blockRows: 5 });
    const d = await scbaDensityGrid(sites, params, grid, { workers: 2, blockRows: 5 });
    expect(d.settings.workerMode).toBe('threads');
    expect(Array.from(b.density)).toEqual(Array.from(a.density));
    expect(Array.from(d.density)).toEqual(Array.from(a.density));
    expect(d.passes).toEqual(a.passes);
    const pw = await scbaDensityGrid(sites, params, grid, { workers: 0, blockRows: 5, solver: 'pointwise' });
    expect(pw.settings.solver).toBe('pointwise');
    expect(pw.inBulk).toBe(a.inBulk);
    for (let k = 0; k < a.density.length; k++) expect(Math.abs(a.density[k] - pw.density[k])).toBeLessThanOrEqual(1e-8 * pw.density[k]);
  });

  it('falls back to the pointwise solver with ε > 0 or finite differences and records it', async () => {
    const s3 = gruSites({ s: [0.3, 0.6, 1], l: [0.36, 0.72, 1.2], rho: [1, 1, 1], d: [0.3, -0.2, 0.5] }, [0.3, 0.3, 0.4]);
    const g = { xMin: -1.6, xMax: 0, nx: 6, yMin: 0.1, yMax: 0.5, ny: 3 };
    const e = await scbaDensityGrid(s3, { gH2: 1.5 }, g, { workers: 0, scba: { epsilon: 1e-3 } });
    expect(e.settings.solver).toBe('pointwise');
    const f = await scbaDensityGrid(s3, { gH2: 1.5 }, g, { workers: 0, density: { derivative: 'differences' } });
    expect(f.settings.solver).toBe('pointwise');
    expect(f.passes).toEqual({ support: 0, map: 0, fused: 0, fallback: 0, fallbackPoints: 0 });
    expect(f.settings.sitePasses).toBe('none');
  });

  it('rejects invalid continuation options', async () => {
    await expect(scbaDensityGrid(sites, params, grid, { solver: 'fast' as never })).rejects.toThrow(/solver/);
    await expect(scbaDensityGrid(sites, params, grid, { continuation: { chordSteps: -1 } })).rejects.toThrow(/chordSteps/);
    await expect(scbaDensityGrid(sites, params, grid, { continuation: { chordContraction: 2 } })).rejects.toThrow(/chordContraction/);
    await expect(scbaDensityGrid(sites, params, grid, { scba: { tensorPasses: 1 as never } })).rejects.toThrow(/tensorPasses/);
  });
});
