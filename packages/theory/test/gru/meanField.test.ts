import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gruRootQuantities, resolveGruParameters, solveGruMeanField, vanillaMeanField } from '../../src/index.js';

const q151 = { quadrature: { smooth: { kind: 'gauss-hermite' as const, nodes: 151 }, gate: { kind: 'gauss-hermite' as const, nodes: 151 }, adaptive: false } };
const nontrivial = (p: Record<string, number>, o = {}) => solveGruMeanField(p, o).roots.filter((r) => r.C > 0);

describe('GRU mean field [GRU-MF-1]–[GRU-MF-3]', () => {
  it('reproduces the mean-field column of [GRU-REF-1] (C, Var η, Γ²) at the two biased fixed points', () => {
    const [a] = nontrivial({ g_h: 2, beta_h: 1.5, alpha_r: 4 });
    expect(a.C).toBeCloseTo(0.686, 3);
    expect(a.deltaEta).toBeCloseTo(1.08, 3);
    expect(a.gamma2).toBeCloseTo(0.483, 3);
    const [b] = nontrivial({ g_h: 2.5, beta_h: 2, alpha_r: 4 });
    expect(b.C).toBeCloseTo(0.771, 3);
    expect(b.deltaEta).toBeCloseTo(1.919, 3);
    // [OQ-16](d): the table's "Γ² ≈ 0.5" is approximate; [GRU-RMT-4] gives about 0.56.
    expect(b.gamma2).toBeCloseTo(0.564, 3);
  });

  it('ignores the update gate entirely, because fixed points do not depend on it [GRU-M-5]', () => {
    const a = nontrivial({ g_h: 2, beta_h: 1.5, alpha_r: 4 });
    const b = nontrivial({ g_h: 2, beta_h: 1.5, alpha_r: 4, alpha_z: 30, beta_z: -7 });
    expect(b).toEqual(a);
  });

  it('reproduces every entry of [KR-REF-3] with the stated 151-node Gauss–Hermite rule', () => {
    // [α_r, g_h, [[C, Γ², Γ² without reset derivative] ...]]; null bracket = not recorded ([OQ-16]a)
    const table: [number, number, [number, number, number | null][]][] = [
      [1, 1.8, []], [1, 1.9, []], [1, 2.0, []], [1, 2.05, [[0.028, 1.008, 1.001]]], [1, 2.5, [[0.2304, 1.111, 1.058]]], [1, 3.0, [[0.3799, 1.251, 1.164]]],
      [2, 1.8, []], [2, 1.9, []], [2, 2.0, []], [2, 2.05, [[0.0443, 1.042, 1.002]]], [2, 2.5, [[0.28, 1.265, 1.086]]], [2, 3.0, [[0.428, 1.473, 1.214]]],
      [4, 1.8, []], [4, 1.9, []], [4, 2.0, [[0.1095, 1.233, 1.014]]], [4, 2.05, [[0.1515, 1.291, 1.026]]], [4, 2.5, [[0.3574, 1.595, 1.143]]], [4, 3.0, [[0.4865, 1.877, 1.291]]],
      [6, 1.8, []], [6, 1.9, [[0.0269, 1.151, 1.001], [0.1124, 1.354, 1.015]]], [6, 2.0, [[0.1885, 1.483, 1.039]]], [6, 2.05, [[0.2171, 1.531, 1.052]]], [6, 2.5, [[0.3928, 1.874, 1.176]]], [6, 3.0, [[0.5114, 2.216, 1.33]]],
      [10, 1.8, [[0.0222, 1.247, 1.001], [0.1239, 1.586, 1.018]]], [10, 1.9, [[0.0063, 1.111, null], [0.1912, 1.746, 1.041]]], [10, 2.0, [[0.2434, 1.869, 1.065]]], [10, 2.05, [[0.2664, 1.925, 1.078]]], [10, 2.5, [[0.4216, 2.377, 1.207]]], [10, 3.0, [[0.5318, 2.849, 1.365]]],
    ];
    for (const [alpha_r, g_h, expected] of table) {
      const roots = nontrivial({ g_h, alpha_r }, q151);
      expect(roots.length, `α_r = ${alpha_r}, g_h = ${g_h}`).toBe(expected.length);
      roots.forEach((r, i) => {
        const [C, G2, G2d] = expected[i];
        expect(Math.abs(r.C - C), `C at α_r=${alpha_r}, g_h=${g_h}`).toBeLessThan(5.01e-5);
        expect(Math.abs(r.gamma2 - G2), `Γ² at α_r=${alpha_r}, g_h=${g_h}`).toBeLessThan(5.01e-4);
        if (G2d !== null) expect(Math.abs(r.gamma2NoResetDerivative - G2d)).toBeLessThan(5.01e-4);
      });
    }
    // The unrecorded bracket of the root C = 0.0063 evaluates to 1.000 ([OQ-16](a)).
    expect(nontrivial({ g_h: 1.9, alpha_r: 10 }, q151)[0].gamma2NoResetDerivative).toBeCloseTo(1.0, 3);
  });

  it('gives the converged α_r = 10 values of [OQ-16](a) with the adaptive sharp-gate rule', () => {
    const conv: [number, number][] = [[2.0, 1.868], [2.05, 1.924], [2.5, 2.371], [3.0, 2.829]];
    for (const [g_h, G2] of conv) {
      const roots = nontrivial({ g_h, alpha_r: 10 });
      expect(Math.abs(roots[roots.length - 1].gamma2 - G2)).toBeLessThan(5.01e-4);
    }
  });

  it('shows the slow Gauss–Hermite convergence of Γ² at α_r = 10 recorded in [NUM-REF-2]', () => {
    const p = resolveGruParameters({ g_h: 3, alpha_r: 10 });
    const table: [number, number][] = [[81, 2.972], [121, 2.874], [151, 2.849], [201, 2.835], [301, 2.83]];
    for (const [nodes, G2] of table) {
      const r = gruRootQuantities(0.5318, p, { smooth: { kind: 'gauss-hermite', nodes: 201 }, gate: { kind: 'gauss-hermite', nodes }, adaptive: false });
      expect(Math.abs(r.gamma2 - G2), `${nodes} nodes`).toBeLessThan(1.5e-3);
    }
    const dense = gruRootQuantities(0.5318, p, { gate: { kind: 'uniform', points: 400001, halfWidth: 12 }, adaptive: false });
    expect(dense.gamma2).toBeCloseTo(2.829, 3);
  });

  it('finds the two-branch example of [KR-REF-2] (α_r = 10, g_h = 1.9: C = 0.0063 and 0.1912) and labels the branches', () => {
    const r = solveGruMeanField({ g_h: 1.9, alpha_r: 10 });
    expect(r.roots.map((x) => x.branch)).toEqual(['trivial', 'lower', 'upper']);
    expect(r.roots[1].C).toBeCloseTo(0.0063, 4);
    expect(r.roots[2].C).toBeCloseTo(0.1912, 4);
    expect(r.converged).toBe(true);
    expect(r.residual).toBeLessThan(1e-12);
  });

  it('reduces to the vanilla network with gain g_h ρ₀ when the reset gate is off [GRU-LIM-2]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 4, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (g_h, beta_r, beta_h) => {
        const rho0 = 1 / (1 + Math.exp(beta_r));
        const gru = solveGruMeanField({ g_h, beta_r, beta_h, alpha_r: 0 }).roots.map((r) => r.C);
        const van = vanillaMeanField({ g: g_h * rho0, beta_h }).roots.map((r) => r.C);
        expect(gru.length).toBe(van.length);
        gru.forEach((C, i) => expect(Math.abs(C - van[i])).toBeLessThan(1e-10));
      }),
      { seed: 11, numRuns: 40 },
    );
  });

  it('keeps C = 0 as the only root below the origin instability without bias, and a positive root above it', () => {
    expect(solveGruMeanField({ g_h: 1.5 }).roots.map((r) => r.C)).toEqual([0]);
    const above = solveGruMeanField({ g_h: 2.5 }).roots;
    expect(above.length).toBe(2);
    expect(above[1].C).toBeGreaterThan(0.1);
  });

  it('rejects invalid parameters with the parameter named', () => {
    expect(() => solveGruMeanField({ g_h: Number.NaN })).toThrow('invalid g_h = NaN: valid range is [0, 10]');
    expect(() => solveGruMeanField({ gh: 2 })).toThrow(/unknown parameter gh/);
  });
});

describe('vanilla network [VAN-1], [VAN-2]', () => {
  it('has the disk radius g at the origin and the classical nontrivial root above g = 1', () => {
    const r = vanillaMeanField({ g: 2 });
    expect(r.roots[0].radius).toBeCloseTo(2, 12);
    // q* = g² C is the SCS order parameter 2.1214736 at g = 2 ([NUM-REF-3]) — here in C = q*/g².
    expect(r.roots[1].deltaEta).toBeCloseTo(2.1214736, 5);
  });
});

describe('mean field at saturating biases', () => {
  it('finds the root C = 1 when |β_h| is so large that every tanh² rounds to 1 (regression: fuzzing at β_h = ±50)', () => {
    for (const beta_h of [50, -50, 30]) {
      const r = solveGruMeanField({ g_h: 5, beta_h, alpha_r: 500 });
      expect(r.roots).toHaveLength(1);
      expect(r.roots[0].C).toBeGreaterThan(1 - 1e-12);
      expect(r.roots[0].C).toBeLessThanOrEqual(1);
      expect(vanillaMeanField({ g: 0, beta_h }).roots[0].C).toBeLessThanOrEqual(1);
    }
  });
});
