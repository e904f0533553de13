/**
 * Gate moments summed over the unsaturated window of the gate rule (gateSums.ts, `gateWindow` of
 * @gatefield/numerics, [NUM-2], [NUM-4]) against the full sum over every node of the same rule,
 * at gate gains 10, 100 and 1000 (issue 8: gatedFixedPoint at α_r = 10³ summed the 4·10⁵-node grid
 * at every iteration). The reference sums are Neumaier-compensated so that the comparison measures
 * the window, not the round-off of a 4·10⁵-term plain sum (which alone is up to ~2e-13 relative).
 */
import { describe, expect, it } from 'vitest';
import { type GaussianRule, logistic } from '@gatefield/numerics';
import { gateMomentSums } from '../../src/gated/gateSums.js';
import { gatedFixedPoint, gatedFixedPointMap, gatedSiteMoments } from '../../src/gated/fixedPoint.js';
import { resolveGatedParameters } from '../../src/gated/parameters.js';
import { gatedSupportInputOf, gatedUpdateGateFactor } from '../../src/gated/support.js';
import { gatedBranchGain } from '../../src/gated/transitions.js';
import { gateRule, resolveQuadrature, smoothRule } from '../../src/quadrature.js';

/** Compensated (Neumaier) accumulator. */
class Exact {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/** Compensated sum of f(k) over k = 0..n−1. */
function exactSum(n: number, f: (k: number) => number): number {
  const a = new Exact();
  for (let k = 0; k < n; k++) a.add(f(k));
  return a.value;
}

/** ⟨σ⟩, ⟨σ²⟩, ⟨σ′²⟩ of σ(αx − β), x = sd·ξ, summed over every node of the rule. */
function fullMoments(rule: GaussianRule, sd: number, alpha: number, beta: number) {
  const mean = new Exact(), square = new Exact(), primeSquare = new Exact();
  for (let k = 0; k < rule.size; k++) {
    const t = alpha * sd * rule.nodes[k] - beta;
    const s = logistic(t), d = alpha * s * logistic(-t), w = rule.weights[k];
    mean.add(w * s);
    square.add(w * s * s);
    primeSquare.add(w * d * d);
  }
  return { mean: mean.value, square: square.value, primeSquare: primeSquare.value };
}

const rel = (x: number, y: number) => (x === y ? 0 : Math.abs(x - y) / Math.abs(y));
const q = resolveQuadrature();

describe('windowed gate moments equal the full sums over the rule [NUM-2], [NUM-4]', () => {
  it.each([10, 100, 1000])('⟨σ⟩, ⟨σ²⟩, ⟨σ′²⟩ at gain %d agree to 1e-14 relative over biases −50..50 and Δ = 0.0025..1, and the window is short', (alpha) => {
    for (const beta of [-50, -3, 0, 1.5, 7, 50]) {
      for (const sd of [0.05, 0.3, 1]) {
        const rule = gateRule(alpha * sd, q);
        const w = gateMomentSums(rule, sd, alpha, beta);
        const f = fullMoments(rule, sd, alpha, beta);
        const tag = `α ${alpha}, β ${beta}, sd ${sd}`;
        expect(rel(w.mean, f.mean), tag).toBeLessThan(1e-14);
        expect(rel(w.square, f.square), tag).toBeLessThan(1e-14);
        expect(rel(w.primeSquare, f.primeSquare), tag).toBeLessThan(1e-14);
        // ≤ 2·40/(a·h) + 2 nodes of the window (h the grid spacing) when the fast path is taken
        if (w.windowed && rule.kind === 'uniform') expect(w.evaluated, tag).toBeLessThanOrEqual(Math.ceil((80 / (alpha * sd)) * ((rule.size - 1) / 24)) + 3);
      }
    }
  });

  it('sums the tails too when a moment is too small for the window bound (transition deep in the Gaussian tail): still equal relatively', () => {
    // β = 50 at gain·sd = 4: the transition sits at ξ = 12.5, every moment is below 1e-30.
    const rule = gateRule(4, q);
    const w = gateMomentSums(rule, 1, 4, 50);
    const f = fullMoments(rule, 1, 4, 50);
    expect(w.windowed).toBe(false);
    expect(w.square).toBeGreaterThan(0);
    expect(rel(w.square, f.square)).toBeLessThan(1e-14);
    expect(rel(w.primeSquare, f.primeSquare)).toBeLessThan(1e-14);
    expect(rel(w.mean, f.mean)).toBeLessThan(1e-14);
  });

  it('gatedSiteMoments and the fixed-point map at α_r = α_z = 10, 100, 1000 equal their full-sum values to 1e-14', () => {
    for (const a of [10, 100, 1000]) {
      const p = resolveGatedParameters({ g_h: 2.5, alpha_r: a, beta_r: 0.7, alpha_z: a, beta_z: -1.3 });
      const dH = 0.2, dR = 0.35;
      const m = gatedSiteMoments(p, dH, dR, dR, q);
      const sr = Math.sqrt(dR);
      const r = fullMoments(gateRule(a * sr, q), sr, a, 0.7), z = fullMoments(gateRule(a * sr, q), sr, a, -1.3);
      expect(rel(m.sigmaR2, r.square)).toBeLessThan(1e-14);
      expect(rel(m.sigmaRPrime2, r.primeSquare)).toBeLessThan(1e-14);
      expect(rel(m.sigmaZMean, z.mean)).toBeLessThan(1e-14);
      const hr = smoothRule(q);
      const phi2 = exactSum(hr.size, (k) => hr.weights[k] * Math.tanh(2.5 * Math.sqrt(dH) * hr.nodes[k]) ** 2);
      const s = Math.sqrt(phi2);
      expect(rel(gatedFixedPointMap(p, dH, q), phi2 * fullMoments(gateRule(a * s, q), s, a, 0.7).square)).toBeLessThan(1e-13);
    }
  });

  it('the update-gate factor of F(λ) [GATE-RMT-2] at α_z = 10, 100, 1000 equals the full sum over the rule, at λ = 0, tiny and large |λ| and with almost every gate shut (β_z = 50)', () => {
    for (const a of [10, 100, 1000]) {
      for (const bz of [-2, 0, 3, 50]) {
        const p = resolveGatedParameters({ alpha_z: a, beta_z: bz, tau_h: 1.3 });
        const dZ = 0.3;
        const sd = Math.sqrt(dZ);
        const rule = gateRule(a * sd, q);
        for (const [re, im] of [[0, 0], [1e-9, 0], [-0.3, 0.2], [2, -1], [-1e-6, 1e-7], [-0.7, 0]]) {
          const ref = exactSum(rule.size, (k) => {
            const t = -a * sd * rule.nodes[k] + bz;
            if (t > 700) return 0;
            const v = 1 + Math.exp(t), ar = 1 + re * 1.3 * v, ai = im * 1.3 * v;
            return rule.weights[k] / (ar * ar + ai * ai);
          });
          expect(rel(gatedUpdateGateFactor(p, dZ, re, im, q), ref), `α_z ${a}, β_z ${bz}, λ ${re}+${im}i`).toBeLessThan(2e-14);
        }
      }
    }
  });

  it('the branch gain g_h(u) of [GATE-TR-2] at α_r = 1000 equals its full-sum value', () => {
    for (const [br, u] of [[0, 0.05], [2, 0.3], [-3, 1.5]]) {
      const hr = smoothRule(q);
      const T = exactSum(hr.size, (k) => hr.weights[k] * Math.tanh(Math.sqrt(u) * hr.nodes[k]) ** 2);
      const s = Math.sqrt(T);
      const S = fullMoments(gateRule(1000 * s, q), s, 1000, br).square;
      expect(rel(gatedBranchGain(1000, br, u, q), Math.sqrt(u / (T * S)))).toBeLessThan(1e-13);
    }
  });
});

describe('gatedFixedPoint at gate gain 10³ (issue 8)', () => {
  it('solves with a genuine residual: |M(Δ_h) − Δ_h| < 1e-13 with M summed over the whole sharp-gate rule (1.3–4·10⁵ nodes)', () => {
    for (const P of [{ g_h: 3, alpha_r: 1000 }, { g_h: 1.5, alpha_r: 1000 }, { g_h: 2.5, alpha_r: 1000, beta_r: 3, alpha_z: 1000 }, { g_h: 1.6, beta_h: 0.4, alpha_r: 1000, alpha_z: 1000, tau_z: 2 }]) {
      const fp = gatedFixedPoint(P);
      const p = resolveGatedParameters(P);
      const hr = smoothRule(q);
      const phi2 = exactSum(hr.size, (k) => hr.weights[k] * Math.tanh(p.g_h * Math.sqrt(fp.deltaH) * hr.nodes[k] + p.beta_h) ** 2);
      const s = Math.sqrt(phi2);
      const rule = gateRule(1000 * s, q);
      expect(rule.kind === 'uniform' && rule.size >= 128001, JSON.stringify(P)).toBe(true);
      const M = phi2 * fullMoments(rule, s, 1000, p.beta_r).square;
      expect(Math.abs(M - fp.deltaH), JSON.stringify(P)).toBeLessThan(1e-13);
      expect(fp.deltaR).toBeCloseTo(phi2, 14);
      expect(fp.warnings).toEqual([]);
    }
  });

  it('keeps the support input consistent: gatedSupportInputOf carries Δ_z = Δ_r = ⟨φ²⟩ and the fixed point warnings', () => {
    const fp = gatedFixedPoint({ g_h: 3, alpha_r: 1000, alpha_z: 1000 });
    const s = gatedSupportInputOf({ g_h: 3, alpha_r: 1000, alpha_z: 1000 }, fp);
    expect(s.deltaZ).toBe(fp.deltaR);
    expect(s.warnings).toEqual([]);
  });
});
