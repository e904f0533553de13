import { describe, expect, it } from 'vitest';
import { contourMass, densityGrid, eigenvalueDensity, gruPsiModel, gruSites, psiGreenFunction, scbaGreenFunction } from '../../src/index.js';

describe('eigenvalue density ρ = (1/π) ∂G/∂λ̄ [GRU-SCBA-5], [PSI-4]', () => {
  // s ≡ 1, d ≡ 0, l = ρ = 1, g_h = 1: J = −1 + U, the circular law of radius 1 around −1.
  const sites = gruSites({ s: [1], l: [1], rho: [1] });
  it('is 1/π inside the circular law and 0 outside (Ψ and SCBA paths)', () => {
    for (const green of [psiGreenFunction(gruPsiModel(sites, 1)), scbaGreenFunction(sites, { gH2: 1 })]) {
      expect(eigenvalueDensity(green, { re: -1.2, im: 0.3 }).density).toBeCloseTo(1 / Math.PI, 6);
      expect(eigenvalueDensity(green, { re: -1, im: 1.5 }).density).toBeCloseTo(0, 8);
    }
  });

  it('integrates over a grid to the contour mass of a disk inside a non-uniform bulk', () => {
    const s = [0.3, 0.6, 1];
    const green = scbaGreenFunction(gruSites({ s, l: s.map((v) => 1.2 * v), rho: [1, 1, 1], d: [0.3, -0.2, 0.5] }, [0.3, 0.3, 0.4]), { gH2: 1.5 });
    const disk = { centre: { re: -0.9, im: 0.5 }, radius: 0.2 };
    const mass = contourMass(green, disk, { tolerance: 1e-8 }).mass;
    const n = 61;
    const g = densityGrid(green, { xMin: -1.1, xMax: -0.7, nx: n, yMin: 0.3, yMax: 0.7, ny: n });
    const dA = (0.4 / (n - 1)) ** 2;
    let sum = 0;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) if (Math.hypot(g.x[i] + 0.9, g.y[j] - 0.5) <= 0.2) sum += g.density[j * n + i] * dA;
    // midpoint sum over a disk on a 61² grid: boundary-cell error ~ perimeter·h·ρ ≈ 1.3·0.0067·ρ
    expect(Math.abs(sum - mass)).toBeLessThan(0.02 * mass + 0.002);
  });
});
