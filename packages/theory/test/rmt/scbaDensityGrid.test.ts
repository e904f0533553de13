/**
 * Analytic SCBA density [GRU-SCBA-5] (implicit differentiation of G(λ, x(λ))) against central
 * differences of G, and the worker-thread density grid (determinism across worker counts).
 */
import { describe, expect, it } from 'vitest';
import { densityGrid, eigenvalueDensity, gruSites, scbaDensityGrid, scbaGreenFunction } from '../../src/index.js';

// three-site non-uniform bulk with a reset-derivative term (as in density.test.ts)
const s = [0.3, 0.6, 1];
const sites = gruSites({ s, l: s.map((v) => 1.2 * v), rho: [1, 1, 1], d: [0.3, -0.2, 0.5] }, [0.3, 0.3, 0.4]);
const params = { gH2: 1.5 };
const inside = [
  { re: -0.9, im: 0.5 },
  { re: -0.5, im: 0.2 },
  { re: -1.3, im: 0.05 },
];

describe('analytic SCBA density [GRU-SCBA-5]', () => {
  it('agrees with central differences of G inside the bulk, with ε = 0 and ε > 0', () => {
    // Central differences with h = 1e-4 have truncation error h²|∂³G|/6 ≲ 1e-8·|∂³G| and rounding
    // ε|G|/h ≈ 1e-12; |∂³G| ≲ 1e2 here, so 1e-6 relative is a safe bound (measured: ≤ 5e-9).
    for (const epsilon of [0, 1e-3]) {
      const green = scbaGreenFunction(sites, params, { epsilon });
      for (const l of inside) {
        const a = eigenvalueDensity(green, l).density;
        const f = eigenvalueDensity(green, l, { derivative: 'differences' }).density;
        expect(a).toBeGreaterThan(0.01);
        expect(Math.abs(a - f)).toBeLessThan(1e-6 * f);
      }
    }
  });

  it('is exactly 0 outside the bulk (G holomorphic there) where differences leave round-off', () => {
    const green = scbaGreenFunction(sites, params);
    const r = green.densityAt({ re: -2.5, im: 1.2 });
    expect(r.inBulk).toBe(false);
    expect(r.density).toBe(0);
  });
});

describe('scbaDensityGrid', () => {
  const grid = { xMin: -1.6, xMax: 0, nx: 24, yMin: 0.02, yMax: 0.8, ny: 20 };

  it('is bit-identical for 0 and 2 worker threads and matches the serial densityGrid', async () => {
    const a = await scbaDensityGrid(sites, params, grid, { workers: 0, blockRows: 4 });
    const b = await scbaDensityGrid(sites, params, grid, { workers: 2, blockRows: 4 });
    expect(b.settings.workerMode).toBe('threads');
    expect(Array.from(b.density)).toEqual(Array.from(a.density));
    expect(a.inBulk).toBeGreaterThan(100);
    // the serial grid walks rows with other warm starts: same density to the solver tolerance
    // (1e-12 relative residual) times the conditioning of ρ, far below 1e-8.
    const c = densityGrid(scbaGreenFunction(sites, params), grid);
    let max = 0;
    for (let k = 0; k < c.density.length; k++) max = Math.max(max, Math.abs(a.density[k] - c.density[k]));
    expect(max).toBeLessThan(1e-8);
  });

  it('rejects an empty or inverted grid', async () => {
    await expect(scbaDensityGrid(sites, params, { ...grid, nx: 0 })).rejects.toThrow(/nx/);
    await expect(scbaDensityGrid(sites, params, { ...grid, xMax: -2 })).rejects.toThrow(/grid/);
  });
});
