/**
 * Robustness of the gated-RNN closed forms and solvers (issue 8): every call returns finite,
 * physically valid numbers or throws a typed error from @gatefield/numerics. Inputs are the
 * failures the fuzz suites found (test/src/fuzzGated.test.ts) plus their neighbours; each test
 * also pins the unchanged value on valid input, so it fails both for a missing validation and for
 * a validation that rejects physical input.
 */
import { describe, expect, it } from 'vitest';
import { ConvergenceError, InvalidParameterError, gaussHermite } from '@gatefield/numerics';
import { bivariateGaussAverage, bivariateGaussTable } from '../../src/gated/bivariate.js';
import { solveGatedDmft } from '../../src/gated/dmft.js';
import { gatedFixedPoint } from '../../src/gated/fixedPoint.js';
import { solveGatedDmftSampling } from '../../src/gated/samplingDmft.js';
import { gatedSaturatedUpdateGate, gatedSharpOutputGate, gatedSpectralEdge, gatedSupportInputOf } from '../../src/gated/support.js';
import { gatedBranchCurvature, gatedBranchGain, gatedBranchPoint, gatedIsSubcritical } from '../../src/gated/transitions.js';

const junk: unknown[] = [Number.NaN, Infinity, -Infinity, '', 'abc', null, undefined, {}, [1]];

describe('bivariate Gaussian averages [NUM-5], [GATE-DMFT-7]', () => {
  const f = (x: number) => Math.tanh(x) ** 2;
  const rule = gaussHermite(24);

  it('reject a negative or non-finite variance c0 and a non-finite covariance c', () => {
    for (const c0 of [-1, ...junk]) expect(() => bivariateGaussAverage(f, c0 as number, 0, rule), String(c0)).toThrow(InvalidParameterError);
    for (const c of junk) expect(() => bivariateGaussAverage(f, 1, c as number, rule), String(c)).toThrow(/\bc\b/);
    expect(() => bivariateGaussTable(f, Number.NaN)).toThrow(/c0/);
  });

  it('keep G(c0) = E[f(x)²] and G(0) = E[f(x)]² on valid input (independent 1-D Gauss–Hermite reference, 1e-12)', () => {
    const r1 = gaussHermite(60);
    let m1 = 0, m2 = 0;
    for (let k = 0; k < r1.size; k++) {
      const v = f(Math.sqrt(0.7) * r1.nodes[k]);
      m1 += r1.weights[k] * v;
      m2 += r1.weights[k] * v * v;
    }
    expect(bivariateGaussAverage(f, 0.7, 0.7, r1)).toBeCloseTo(m2, 12);
    expect(bivariateGaussAverage(f, 0.7, 0, r1)).toBeCloseTo(m1 * m1, 12);
    expect(bivariateGaussAverage(f, 0, 0, rule)).toBe(0);
  });
});

describe('fixed-point branch [GATE-TR-2], [GATE-TR-3]', () => {
  it('gatedBranchCurvature and gatedIsSubcritical name alpha_r / beta_r for junk, negative α_r or |β_r| > 50', () => {
    for (const v of [-1e-9, 1001, ...junk]) expect(() => gatedBranchCurvature(v as number, 0), String(v)).toThrow(/alpha_r/);
    for (const v of [-51, 51, ...junk]) expect(() => gatedIsSubcritical(1, v as number), String(v)).toThrow(/beta_r/);
    expect(gatedBranchCurvature(0, 0)).toBe(0);
    expect(gatedBranchCurvature(2 * Math.SQRT2, 0)).toBeCloseTo(2, 12);
  });

  it('gatedBranchGain rejects u ≤ 0 and junk u, and keeps the u → 0 limit g_h → 1 + e^{β_r} [GATE-TR-3] (error O(u))', () => {
    for (const u of [0, -1, ...junk]) expect(() => gatedBranchGain(1, 0, u as number), String(u)).toThrow(/\bu\b/);
    // κ = 0 at α_r = 0: g_h(u) = 2 + O(u) at β_r = 0, the O(u) coefficient is bounded by ~1.
    expect(Math.abs(gatedBranchGain(0, 0, 1e-6) - 2)).toBeLessThan(1e-5);
  });

  it('gatedBranchPoint rejects u = "" (it returned g_h = NaN)', () => {
    expect(() => gatedBranchPoint({ g_h: 0, alpha_r: 4.7e-297, beta_r: 49.27, tau_z: 804.7, tau_r: 1000 }, '' as never)).toThrow(/\bu\b/);
    const bp = gatedBranchPoint({ alpha_r: 1 }, 0.5);
    expect(bp.gH).toBeGreaterThan(1);
    expect(bp.deltaH).toBeCloseTo(0.5 / bp.gH ** 2, 14);
  });
});

describe('saturated-gate limits [GATE-MS-2], [GATE-MS-3]', () => {
  it('gatedSharpOutputGate rejects α_r ≤ 0 (σ′² was −0.69 at α_r = −10.35), junk β_r and Δ_r ≤ 0', () => {
    for (const a of [-10.35, 0, ...junk]) expect(() => gatedSharpOutputGate(a as number, 0, 1), String(a)).toThrow(/alpha_r/);
    for (const b of junk) expect(() => gatedSharpOutputGate(1, b as number, 1), String(b)).toThrow(/beta_r/);
    for (const d of [0, -1, ...junk]) expect(() => gatedSharpOutputGate(1, 0, d as number), String(d)).toThrow(/deltaR/);
    // β_r = 0 at an α_r whose square underflows: exponent exactly 0, not 0/0.
    const tiny = gatedSharpOutputGate(1e-300, 0, 1);
    expect(tiny.sigmaR2).toBe(0.5);
    expect(tiny.sigmaRPrime2).toBeCloseTo(1e-300 / 6 / Math.sqrt(2 * Math.PI), 310);
    // Gains and biases whose squares underflow (slow fuzz, seed 2): finite, σ′² ≥ 0, σ² ∈ [0, 1].
    for (const [a, b, d] of [[2.4766742095987268e-117, 4.8257152923148644e-178, 1.5728420262265516e-134], [2.1892168793890485e-197, 2.667017164889299e-285, 4.632828468456864], [5e-324, -2.1769711177787162e-239, 3.6857706028968096], [5e-324, 0, 0.1]]) {
      const t = gatedSharpOutputGate(a, b, d);
      expect(Number.isFinite(t.sigmaRPrime2) && t.sigmaRPrime2 >= 0, `${a}, ${b}, ${d}`).toBe(true);
      expect(t.sigmaR2 >= 0 && t.sigmaR2 <= 1, `${a}, ${b}, ${d}`).toBe(true);
    }
    const r = gatedSharpOutputGate(10, 1, 0.5);
    expect(r.sigmaRPrime2).toBeCloseTo(((10 / 6) * Math.exp(-1 / (2 * 100 * 0.5))) / Math.sqrt(Math.PI), 14);
  });

  it('gatedSaturatedUpdateGate is finite at g_h = 0 (Δ_z = 0: f₀ = Φ_G(±∞) or 1/2) and rejects a negative Δ_z', () => {
    const p = { g_h: 0, alpha_z: 60, beta_z: 1e-12, beta_r: 50, tau_h: 1000, tau_z: 0.11, tau_r: 694 };
    const fp = gatedFixedPoint(p);
    expect(fp.deltaZ).toBe(0);
    const r = gatedSaturatedUpdateGate(fp.moments, p, fp.deltaZ);
    expect(r.closedFraction).toBe(0.5);
    expect(Number.isFinite(r.openDiskCenter)).toBe(true);
    expect(gatedSaturatedUpdateGate(fp.moments, p, 0, 0.1).closedFraction).toBe(1);
    expect(gatedSaturatedUpdateGate(fp.moments, p, 0, -0.1).closedFraction).toBe(0);
    expect(() => gatedSaturatedUpdateGate(fp.moments, p, -1)).toThrow(/deltaZ/);
    expect(() => gatedSaturatedUpdateGate({ phiPrime2: Number.NaN }, p, 1)).toThrow(/phiPrime2/);
  });

  it('gatedSpectralEdge at g_h = 0 is the degenerate support −s_z/τ_h = −1/2', () => {
    const p = { g_h: 0 };
    const e = gatedSpectralEdge(gatedSupportInputOf(p, gatedFixedPoint(p)));
    expect(e.edge).toBe(-0.5);
    expect(e.converged).toBe(true);
  });
});

describe('DMFT timescales [GATE-DMFT-10] and the sampling scheme [GATE-NUM-1]', () => {
  it('solveGatedDmft reports timescales.integral = eFolding = 0 on the trivial solution C_h ≡ 0 (it was NaN)', () => {
    const r = solveGatedDmft({ g_h: 0.889, alpha_z: 0, beta_z: -0.244, alpha_r: 10, beta_r: -1.468, tau_z: 3, tau_r: 2.59 }, { points: 512, du: 0.1 });
    expect(r.trivial).toBe(true);
    expect(r.timescales).toMatchObject({ integral: 0, eFolding: 0 });
    expect(Number.isFinite(r.timescales.gateTime)).toBe(true);
  });

  it('solveGatedDmft keeps a positive, finite integral time on a chaotic solution (g_h = 3)', () => {
    const r = solveGatedDmft({ g_h: 3 }, { points: 512, du: 0.1 });
    expect(r.trivial).toBe(false);
    expect(r.timescales.integral).toBeGreaterThan(0);
    expect(Number.isFinite(r.timescales.integral)).toBe(true);
  });

  it('solveGatedDmftSampling rejects dt > min τ and throws ConvergenceError by default for a drifting run', () => {
    const small = { lagPoints: 64, transientTime: 5, windowTime: 10, iterations: 2, adaptRanges: false, warmStart: 'none', seed: 1 } as const;
    expect(() => solveGatedDmftSampling({ beta_h: -50, alpha_z: 2e-8, alpha_r: 24.5, tau_z: 545, tau_r: 0.001 }, { ...small, dt: 0.1, paths: 8 } as never)).toThrow(InvalidParameterError);
    expect(() => solveGatedDmftSampling({ g_h: 7e-8, alpha_z: 1 }, { ...small, dt: 0.02, paths: 7 } as never)).toThrow(ConvergenceError);
  });
});
