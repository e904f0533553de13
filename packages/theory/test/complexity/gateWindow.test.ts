/**
 * The cheap branch-equation sums of complexity/ against their plain counterparts: the gate window and
 * the exponential recurrence of the reset-gate sums ([NUM-2], [NUM-4]), the folded smooth rule at
 * β_h = 0, the root quantities taken from the branch value ([GRU-RMT-4]), the bracketed Newton root
 * refinement, and the lumped ζ nodes of the complexity sites ([KR-6]).
 */
import { describe, expect, it } from 'vitest';
import { type GaussianRule, gaussHermite, uniformGaussianRule } from '@gatefield/numerics';
import { gruRootQuantities, resolveGruParameters } from '../../src/gru/meanField.js';
import { gateRule, resolveQuadrature } from '../../src/quadrature.js';
import { branchEquation, bracketedNewton, complexitySites, gruBranchRoots, resetGateSums } from '../../src/complexity/index.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/**
 * R₂, R₂′, Q_r over every node with σ from two exponentials and compensated (Neumaier) sums: the
 * reference both the windowed sums and the plain full sums (whose 4·10⁵-term rounding reaches ~1e-13)
 * are compared with.
 */
function referenceSums(a: number, beta: number, sd: number, rule: GaussianRule): [number, number, number] {
  const parts = [new Float64Array(2), new Float64Array(2), new Float64Array(2)];
  const add = (p: Float64Array, x: number) => {
    const t = p[0] + x;
    p[1] += Math.abs(p[0]) >= Math.abs(x) ? p[0] - t + x : x - t + p[0];
    p[0] = t;
  };
  for (let k = 0; k < rule.size; k++) {
    const t = a * sd * rule.nodes[k] - beta;
    const r = 1 / (1 + Math.exp(-t));
    const rc = 1 / (1 + Math.exp(t));
    const d1 = a * r * rc;
    const w = rule.weights[k];
    add(parts[0], w * r * r);
    add(parts[1], w * (d1 * d1 + a * a * r * r * rc * (rc - r)));
    add(parts[2], w * d1 * d1);
  }
  return [parts[0][0] + parts[0][1], parts[1][0] + parts[1][1], parts[2][0] + parts[2][1]];
}

describe('windowed reset-gate sums', () => {
  it('equal the compensated full sums over every node to ~1e-15 relative, on Gauss–Hermite and sharp-gate grids, for gate gains up to 10³ [NUM-2]', () => {
    const cases: [GaussianRule, number, number][] = [
      [gaussHermite(201), 2.5, 0],
      [gaussHermite(201), 0.7, -1.3],
      [uniformGaussianRule(4001, 12), 3.5, 0.4],
      [uniformGaussianRule(4001, 12), 10, -2],
      [uniformGaussianRule(32001, 12), 80, 5],
      [uniformGaussianRule(400001, 12), 1000, 0],
      [uniformGaussianRule(400001, 12), 1000, 300],
    ];
    for (const [rule, gain, beta] of cases) {
      for (const sd of [1, 0.3]) {
        const w = resetGateSums(gain, beta, sd, rule, true);
        const f = resetGateSums(gain, beta, sd, rule, false);
        const ref = referenceSums(gain, beta, sd, rule);
        const tag = `${rule.kind} ${rule.size}, α = ${gain}, β = ${beta}, sd = ${sd}`;
        expect(rel(w[0], ref[0]), `R₂ ${tag}`).toBeLessThan(5e-15);
        expect(rel(w[2], ref[2]), `Q_r ${tag}`).toBeLessThan(5e-15);
        // R₂′ = ⟨σ′² + σσ″⟩ cancels between terms of size Q_r: relative to that scale
        expect(Math.abs(w[1] - ref[1]) / Math.max(Math.abs(ref[1]), ref[2]), `R₂′ ${tag}`).toBeLessThan(5e-15);
        // the plain full sums agree within their own rounding
        expect(rel(f[0], ref[0]), `full R₂ ${tag}`).toBeLessThan(3e-13);
      }
    }
  });

  it('give a finite branch equation at α_r = 1000 on its sharp-gate grid (2.6·10⁵ points) that matches the compensated full sums [GRU-MF-2]', () => {
    const p = resolveGruParameters({ alpha_r: 1000, g_h: 2.5 });
    const C = 0.36;
    const v = branchEquation(C, p);
    const rule = gateRule(1000 * Math.sqrt(C), resolveQuadrature({}));
    expect(rule.size).toBe(256001);
    const [R2, dR2, Qr] = referenceSums(1000, 0, Math.sqrt(C), rule);
    expect(rel(v.R2, R2)).toBeLessThan(5e-15);
    expect(rel(v.Qr, Qr)).toBeLessThan(5e-15);
    expect(Math.abs(v.dR2dC - dR2) / Qr).toBeLessThan(5e-15);
    expect(Number.isFinite(v.E) && Number.isFinite(v.dEdC)).toBe(true);
  });
});

describe('folded smooth rule and root quantities', () => {
  it('give the same E, E_C and RHS at β_h = 0 as the unfolded rule (β_h = 1e-300) to 1e-14 [GRU-MF-2]', () => {
    for (const [g, a, C] of [[2.5, 10, 0.4], [1.9, 6, 0.02], [3, 0.5, 1e-6], [2.2, 3, 0.9]]) {
      const p0 = resolveGruParameters({ g_h: g, alpha_r: a });
      const e0 = branchEquation(C, p0);
      const e1 = branchEquation(C, { ...p0, beta_h: 1e-300 });
      expect(rel(e0.rhs, e1.rhs)).toBeLessThan(1e-14);
      expect(Math.abs(e0.E - e1.E)).toBeLessThan(1e-14 * (1 + Math.abs(e1.E)));
      // E_C = (RHS′ − RHS/C)/C amplifies the rounding of its terms by 1/C
      expect(Math.abs(e0.dEdC - e1.dEdC)).toBeLessThan((1e-14 * (Math.abs(e1.slope) + Math.abs(e1.rhs / C))) / C);
      expect(rel(e0.phiPrime2, e1.phiPrime2)).toBeLessThan(1e-14);
    }
  });

  it('reports roots whose Γ², R₂, Q_r, ⟨φ′²⟩ match gruRootQuantities to 1e-13, at roots refined by bracketed Newton to |E| < 1e-13 [GRU-RMT-4]', () => {
    const q = resolveQuadrature({});
    for (const [g, a] of [[2.5, 10], [1.9, 10], [2.3, 2], [1.97, 4]]) {
      const p = resolveGruParameters({ g_h: g, alpha_r: a });
      const r = gruBranchRoots(p);
      expect(r.roots.length).toBeGreaterThan(0);
      for (const root of r.roots) {
        const ref = gruRootQuantities(root.C, p, q, root.branch, root.residual, 0);
        for (const k of ['gamma2', 'gamma2NoResetDerivative', 'R2', 'Qr', 'phiPrime2', 'deltaEta'] as const) expect(rel(root[k], ref[k]), `${k} at g = ${g}, α = ${a}`).toBeLessThan(1e-13);
        expect(Math.abs(branchEquation(root.C, p).E)).toBeLessThan(1e-12);
      }
    }
  });

  it('keeps ⟨φ′²⟩ = ⟨sech⁴⟩ and Γ² to 1e-12 relative at |β_h| ≈ 18, where sech² ≈ 1e-15 at every node [GRU-RMT-4]', () => {
    const q = resolveQuadrature({});
    for (const beta_h of [-17.7, 19.3]) {
      const p = resolveGruParameters({ g_h: 1.12, alpha_r: 4.6, beta_h });
      const r = gruBranchRoots(p).roots;
      expect(r.length).toBe(1);
      const ref = gruRootQuantities(r[0].C, p, q);
      expect(ref.phiPrime2).toBeLessThan(1e-25);
      expect(rel(r[0].phiPrime2, ref.phiPrime2)).toBeLessThan(1e-12);
      expect(rel(r[0].gamma2, ref.gamma2)).toBeLessThan(1e-12);
    }
  });

  it('bracketed Newton stays in its bracket and converges where E has a steep and a flat end', () => {
    const p = resolveGruParameters({ g_h: 1.9, alpha_r: 10 });
    let n = 0;
    const ev = (C: number) => {
      n++;
      return branchEquation(C, p);
    };
    // the lower root C ≈ 0.0063 of [KR-REF-2] from a wide bracket
    const lo = ev(1e-3);
    const hi = ev(0.05);
    expect((lo.E < 0) !== (hi.E < 0)).toBe(true);
    const r = bracketedNewton(ev, lo, hi, 1e-13);
    expect(r.C).toBeGreaterThan(1e-3);
    expect(r.C).toBeLessThan(0.05);
    expect(Math.abs(r.E)).toBeLessThan(1e-12);
    expect(n).toBeLessThan(40);
  });
});

describe('complexity sites with a sharp reset gate', () => {
  it('lump the ζ nodes outside the gate window: same weight, Γ²-moment and ⟨ρ²⟩ as the full rule, far fewer sites [KR-6]', () => {
    const p = resolveGruParameters({ alpha_r: 200, g_h: 2.5 });
    const root = { C: 0.4, deltaEta: 0.9 };
    const s = complexitySites(root, p, { etaNodes: 8 });
    // reference: the same sums over the full pruned ζ rule, computed directly
    const sd = Math.sqrt(root.C);
    const rule = uniformGaussianRule(64001, 12);
    const [R2] = resetGateSums(p.alpha_r, p.beta_r, sd, rule, false);
    let wsum = 0;
    let rho2 = 0;
    for (let i = 0; i < s.weights.length; i++) {
      wsum += s.weights[i];
      rho2 += s.weights[i] * s.rho[i] * s.rho[i];
    }
    expect(Math.abs(wsum - 1)).toBeLessThan(1e-13);
    expect(rel(rho2, R2)).toBeLessThan(1e-12);
    // the window |α√C x| ≤ 40 holds ≈ 80/(α√C h) ≈ 1.7·10³ of the 64001 ζ nodes
    expect(s.weights.length / 8).toBeLessThan(3000);
  });
});
