/**
 * Limits of the gated-RNN theory: saturated gates [GATE-MS-2], [GATE-MS-3] and the small-u expansion
 * of the fixed-point branch [GATE-TR-3]. Tolerances follow the neglected orders (stated per test).
 */
import { describe, expect, it } from 'vitest';
import { gatedSiteMoments } from '../../src/gated/fixedPoint.js';
import { gatedRestingGate, resolveGatedParameters } from '../../src/gated/parameters.js';
import { gatedSaturatedUpdateGate, gatedSharpOutputGate, gatedUpdateGateFactor } from '../../src/gated/support.js';
import { gatedBranchCurvature, gatedBranchGain } from '../../src/gated/transitions.js';

describe('saturated gates', () => {
  it('α_z → ∞ [GATE-MS-2]: the update-gate factor of F(λ) tends to (1 − f₀)/|λτ_h + 1|² with f₀ = 1/2 (error O(1/α_z) from the gate width)', () => {
    const p = resolveGatedParameters({ alpha_z: 1000, beta_z: 0, tau_h: 1.5 });
    const dz = 0.3;
    const sat = gatedSaturatedUpdateGate({ phiPrime2: 1 }, p, dz);
    expect(sat.closedFraction).toBe(0.5);
    for (const [re, im] of [[0.3, 0], [-0.2, 0.4], [1, 1]]) {
      const want = (1 - sat.closedFraction) / ((1 + re * 1.5) ** 2 + (im * 1.5) ** 2);
      expect(Math.abs(gatedUpdateGateFactor(p, dz, re, im) - want)).toBeLessThan(5e-3);
    }
    // β_z = b·α_z shifts the threshold: f₀ = Φ_G(b/√Δ_z).
    expect(gatedSaturatedUpdateGate({ phiPrime2: 1 }, p, 0.25, 0.5).closedFraction).toBeCloseTo(0.8413447, 6);
  });

  it('large α_r [GATE-MS-3]: ⟨σ_r²⟩ → Φ_G(−β_r/(α_r√Δ_r)) and ⟨σ_r′²⟩ ≈ (α_r/6)e^{−β_r²/(2α_r²Δ_r)}/√(2πΔ_r) (relative error O(1/(α_r√Δ_r)))', () => {
    for (const [ar, br, dr] of [[200, 2, 0.3], [500, -3, 0.2]]) {
      const p = resolveGatedParameters({ alpha_r: ar, beta_r: br });
      const m = gatedSiteMoments(p, 0.1, dr, 0.1);
      const a = gatedSharpOutputGate(ar, br, dr);
      expect(Math.abs(m.sigmaR2 - a.sigmaR2)).toBeLessThan(5 / (ar * Math.sqrt(dr)));
      expect(Math.abs(m.sigmaRPrime2 / a.sigmaRPrime2 - 1)).toBeLessThan(5 / (ar * Math.sqrt(dr)));
    }
  });
});

describe('small-u expansion of the fixed-point branch [GATE-TR-3]', () => {
  it('1/g_h(u)² = s²[1 + (κ − 2)u + O(u²)]: the finite-difference slope at u = 1e-4 matches κ − 2 to 1e-2', () => {
    const rule = { smooth: { kind: 'gauss-hermite' as const, nodes: 201 }, gate: { kind: 'gauss-hermite' as const, nodes: 201 }, sharpThreshold: 3, pointsPerWidth: 16, minSharpPoints: 4001, maxSharpPoints: 400001, adaptive: true };
    for (const [ar, br] of [[2, 0], [3, 0.5], [8, 1]]) {
      const s = gatedRestingGate(br);
      const u = 1e-4;
      const g = gatedBranchGain(ar, br, u, rule);
      const slope = (1 / (g * g * s * s) - 1) / u;
      expect(Math.abs(slope - (gatedBranchCurvature(ar, br) - 2)), `α_r = ${ar}`).toBeLessThan(1e-2 * Math.max(1, Math.abs(gatedBranchCurvature(ar, br))));
    }
  });
});
