/**
 * Regression tests for the failures found by the fuzz suites (fuzzTheory / fuzzSim / fuzzCli),
 * one per cause.
 */
import { describe, expect, it } from 'vitest';
import {
  brent,
  ConvergenceError,
  dopri5,
  erfc,
  eulerInPlace,
  gateRuleWarning,
  gateWindow,
  gaussHermite,
  ginibre,
  InvalidParameterError,
  logGrid,
  logistic,
  NonPhysicalError,
  normalCdf,
  normalQuantile,
  rk4InPlace,
  Rng,
  scanSignChanges,
  uniformGaussianRule,
} from '@gatefield/numerics';
import {
  cassiniDensity,
  cassiniModulus,
  cassiniRightmost,
  countingNoise,
  lstmSiteAverages,
  lstmSupportFunctional,
  oneMinusF0,
  predictLstm,
  resolveLstmParameters,
  solveLstmMeanField,
  gruQuadratureSites,
  gruSupport,
  marginalStabilityClass,
  onsetCriterion,
  originLine,
  predictGru,
  resolveGruParameters,
  saturatedSpectrum,
  slowModeFraction,
  solveGruMeanField,
  bivariateGaussAverage,
  gatedBranchCurvature,
  gatedBranchGain,
  gatedBranchPoint,
  gatedFixedPoint,
  gatedSaturatedUpdateGate,
  gatedSharpOutputGate,
  gatedSpectralEdge,
  gatedSupportInputOf,
  phaseDiagram,
  psiRoot,
  radialCdf,
  scbaSolve,
  solveGatedDmft,
  solveGatedDmftSampling,
} from '@gatefield/theory';
import { getModel } from '@gatefield/models';
import { createNetwork, networkLyapunovQR } from '@gatefield/sim';
import { assertAllFinite, runCli } from './fuzzUtil.js';
import { continuousAdjoint, discreteAdjoint, storeTrajectory } from '@gatefield/sim';
import { checkGatedPhaseSpec, gatedPhaseDiagram, gatedRadialPsi, gatedUnitSample, resolveGatedParameters as resolveGated } from '@gatefield/theory';
import { gatedAdjointCorrelationShape, gatedDiskMass, gatedGradientGrowthRate, gatedSamplingLyapunov, gatedSpectralModel } from '@gatefield/theory';
import { gatedLogPotential } from '@gatefield/theory';

describe('fuzz regressions: closed forms validate their inputs instead of returning NaN / Infinity', () => {
  it('originLine rejects β_r whose 1 + e^{β_r} overflows, and a missing g_h', () => {
    expect(() => originLine({ g_h: 2, beta_h: 0, beta_r: 1e300 })).toThrow(InvalidParameterError);
    expect(() => originLine({ beta_h: 0, beta_r: 0 } as never)).toThrow(/g_h/);
    assertAllFinite(originLine({ g_h: 2, beta_h: 0, beta_r: 50 }));
  });

  it('onsetCriterion reports alphaThreshold null (not Infinity) where the onset is always continuous', () => {
    const r = onsetCriterion(1e-300, -3);
    expect(r.alphaThreshold).toBeNull();
    assertAllFinite(r);
    expect(onsetCriterion(1, 0).alphaThreshold).toBeCloseTo(2 * Math.SQRT2, 14);
  });

  it('slowModeFraction, saturatedSpectrum, marginalStabilityClass and gruSupport reject non-finite or non-numeric input', () => {
    expect(() => slowModeFraction(0.03, Number.NaN, 1, 0)).toThrow(InvalidParameterError);
    expect(() => slowModeFraction(0.03, 0.5, {} as never, 0)).toThrow(/alpha_z/);
    expect(() => saturatedSpectrum('2' as never, 0.5)).toThrow(/gamma2/);
    expect(() => saturatedSpectrum(2, Number.NaN)).toThrow(/p1/);
    expect(() => marginalStabilityClass(Infinity, 0.5)).toThrow(InvalidParameterError);
    expect(() => gruSupport(Number.NaN, { C: 0.5, alpha_z: 1, beta_z: 0 })).toThrow(/gamma2/);
    expect(() => gruSupport(2, { C: -1, alpha_z: 1, beta_z: 0 })).toThrow(/law\.C/);
  });
});

describe('fuzz regressions: disk masses', () => {
  it('never returns a negative round-off mass for a tiny disk (contourMass clamps within its physical tolerance)', () => {
    const p = { g_h: 3.573509351250649, beta_h: 1e-323, alpha_z: 4.116130896673987e-287, beta_z: -2.999999999999997, alpha_r: 1.392232416106552e-242, beta_r: -2.999999999999992 };
    const r = predictGru(p, { disks: [{ re: 0, im: -5.051777109592442e-220, r: 2.704829359371493e-277 }], root: 0, boundaryPoints: 33 });
    expect(r.masses[0].mass).toBeGreaterThanOrEqual(0);
    expect(r.masses[0].mass).toBeLessThanOrEqual(1);
  });

  it('gives mass 0 for a disk of radius 0 (allowed by checkDisks) instead of refusing it inside contourMass', () => {
    const r = predictGru({ g_h: 2, beta_h: 1.5, alpha_r: 4 }, { disks: [{ re: -0.5, im: 0, r: 0 }], boundaryPoints: 16 });
    expect(r.masses[0].mass).toBe(0);
    assertAllFinite(r);
  });

  it('names the disk and what to change when the contour cannot converge (circle through the pole at −s₀)', () => {
    // α_z = 0: every update rate is s₀ = 1/2, a pole of mass 1 at λ = −1/2 on the circle |λ + 1| = 1/2.
    let err: unknown;
    try {
      predictGru({ g_h: 2, beta_h: 1.5, alpha_r: 4 }, { disks: [{ re: -1, im: 0, r: 0.5 }], boundaryPoints: 16 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    expect((err as Error).message).toMatch(/disk mass \|λ − \(-1\+0i\)\| ≤ 0\.5 .*move or resize the disk/);
    expect(Number.isFinite((err as ConvergenceError).residual)).toBe(true);
  });
});

describe('fuzz regressions: sharp reset gate in the site quadrature', () => {
  it('keeps the reset-derivative term: site ⟨d²⟩ matches C·Q_r at α_r√C > 3 (16 Gauss–Hermite ζ nodes gave ~0 at α_r = 500)', () => {
    for (const [q, tol] of [[{ g_h: 3, beta_h: 0.5, alpha_r: 50, beta_r: -2 }, 0.01], [{ g_h: 10, alpha_z: 500, alpha_r: 500 }, 0.15]] as const) {
      const p = resolveGruParameters(q);
      const root = solveGruMeanField(q).roots.at(-1)!;
      const sites = gruQuadratureSites(root, p);
      let d2 = 0;
      let w = 0;
      let r2 = 0;
      for (let i = 0; i < sites.weights.length; i++) {
        d2 += sites.weights[i] * sites.d[i] ** 2;
        r2 += sites.weights[i] * sites.rho[i] ** 2;
        w += sites.weights[i];
      }
      expect(w).toBeCloseTo(1, 12);
      expect(Math.abs(d2 / (root.C * root.Qr) - 1)).toBeLessThan(tol);
      expect(Math.abs(r2 / root.R2 - 1)).toBeLessThan(1e-4);
    }
  });
});

describe('fuzz regressions: CLI', () => {
  it('`gatefield` without a command exits 2 with one line on stderr (help on stdout)', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Usage: gatefield/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gatefield: missing command/);
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 8: numerics, LSTM, gated RNN, RMT and CLI model paths (fuzzNumerics / fuzzLstm /
// fuzzGated / fuzzRmt / fuzzCliModels)
// ---------------------------------------------------------------------------------------------

describe('fuzz regressions: numerics reject junk with typed errors instead of NaN results', () => {
  it('brent validates its ends and options and reports a non-finite interior value with a finite residual', () => {
    expect(() => brent((x) => x, Number.NaN, 1)).toThrow(/invalid a/);
    expect(() => brent((x) => x, -1, 1, { maxIterations: Number.NaN })).toThrow(InvalidParameterError);
    let err: unknown;
    try {
      brent((x) => (Math.abs(x - 0.1) < 1 ? NaN : x - 0.1), -10, 10);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    expect((err as ConvergenceError).residual).toBe(Infinity);
    expect((err as Error).message).not.toMatch(/NaN/);
    expect(brent((x) => x * x * x - 2, 0, 2).root).toBeCloseTo(Math.cbrt(2), 12);
  });

  it('scanSignChanges rejects a NaN grid point, logGrid a non-positive end or a fractional count', () => {
    expect(() => scanSignChanges((x) => x, [Number.NaN, 1])).toThrow(InvalidParameterError);
    expect(scanSignChanges((x) => x, new Float64Array(0))).toEqual([]);
    expect(() => logGrid(-1, 1, 5)).toThrow(/lo/);
    expect(() => logGrid(1e-3, 1, 2.5)).toThrow(/count/);
    expect(Array.from(logGrid(0.5, 0.5, 1))).toEqual([0.5]);
  });

  it('the fixed-step integrators reject dt = NaN / Infinity and fractional step counts; dopri5 an infinite t1 and names a blow-up', () => {
    const rhs = (_t: number, y: Float64Array, o: Float64Array) => { o[0] = -y[0]; };
    expect(() => eulerInPlace(rhs, Float64Array.of(1), 0, { dt: Number.NaN, steps: 3 })).toThrow(/dt/);
    expect(() => rk4InPlace(rhs, Float64Array.of(1), 0, { dt: Infinity, steps: 3 })).toThrow(/dt/);
    expect(() => eulerInPlace(rhs, Float64Array.of(1), 0, { dt: 0.1, steps: 2.5 })).toThrow(/steps/);
    expect(() => dopri5(rhs, Float64Array.of(1), 0, Infinity)).toThrow(/t1/);
    const blowup = (_t: number, y: Float64Array, o: Float64Array) => { o[0] = y[0] * y[0]; };
    let err: unknown;
    try {
      dopri5(blowup, Float64Array.of(1), 0, 5, { maxSteps: 5000 });
    } catch (e) {
      err = e;
    }
    expect(err instanceof NonPhysicalError || err instanceof ConvergenceError).toBe(true);
    expect((err as Error).message).not.toMatch(/\bNaN\b/);
  });

  it('Rng throws InvalidParameterError (not RangeError) for a bad seed; ginibre rejects n < 1', () => {
    expect(() => new Rng(-1)).toThrow(InvalidParameterError);
    expect(() => new Rng('1' as never)).toThrow(/seed/);
    expect(() => ginibre(new Rng(1), -1)).toThrow(InvalidParameterError);
  });

  it('erfc does not underflow early: Φ(Φ⁻¹(p)) = p to the subnormal limit (was 0 for p = 1e-320)', () => {
    for (const p of [1e-300, 1e-310, 1e-320]) {
      const back = normalCdf(normalQuantile(p));
      expect(back).toBeGreaterThan(0);
      expect(Math.abs(Math.log(back) - Math.log(p))).toBeLessThan(1e-3);
    }
    expect(erfc(27.2)).toBeGreaterThan(0); // 1e-323: subnormal, not 0
    expect(erfc(27.4)).toBe(0);
  });
});

describe('fuzz regressions: sharp gates ("solveGruMeanField at gate gains ~10³ takes ~10 s")', () => {
  it('sums a gate moment over its window only (|αx − β| ≤ 40: ~10³ of the 4·10⁵ grid points) and agrees with the full sum to 1e-12', () => {
    const rule = uniformGaussianRule(400001, 12);
    for (const [a, b] of [[1000, -50], [500, 3], [40, 0], [3.5, 50]] as const) {
      const win = gateWindow(rule, a, b);
      if (a >= 1000) expect(win.hi - win.lo).toBeLessThan(2000);
      let full = 0;
      let fullQ = 0;
      for (let k = 0; k < rule.size; k++) {
        const t = a * rule.nodes[k] - b;
        const s = logistic(t);
        full += rule.weights[k] * s * s;
        const d = a * s * logistic(-t);
        fullQ += rule.weights[k] * d * d;
      }
      let part = win.weightAbove;
      let partQ = 0;
      for (let k = win.lo; k < win.hi; k++) {
        const t = a * rule.nodes[k] - b;
        const s = logistic(t);
        part += rule.weights[k] * s * s;
        const d = a * s * logistic(-t);
        partQ += rule.weights[k] * d * d;
      }
      expect(Math.abs(part - full)).toBeLessThan(1e-12 * Math.max(full, 1e-300) + 1e-30);
      expect(Math.abs(partQ - fullQ)).toBeLessThan(1e-12 * fullQ + 1e-25);
    }
  });

  it('solves the GRU mean field at α_r = 10³ with the same roots as before the window (C = 0.8787441125481…)', () => {
    const r = solveGruMeanField({ g_h: 10, beta_h: 0, alpha_z: 1000, beta_z: 50, alpha_r: 1000, beta_r: -50 });
    expect(r.roots.map((x) => x.C)).toHaveLength(2);
    // value before the change (full-grid sum): 0.8787441125481673; Brent tolerance 1e-13
    expect(Math.abs(r.roots[1].C - 0.8787441125481673)).toBeLessThan(1e-12);
    expect(r.warnings).toEqual([]);
  });
});

describe('fuzz regressions: quadrature warnings (numerics warnings.ts)', () => {
  it('solveGruMeanField and predictGru warn when a pinned Gauss–Hermite rule cannot resolve a sharp gate, and not otherwise', () => {
    const pinned = solveGruMeanField({ g_h: 3, alpha_r: 50 }, { quadrature: { adaptive: false } });
    expect(pinned.warnings.map((w) => w.code)).toContain('quadrature-insufficient');
    expect(pinned.warnings[0].message).toMatch(/nodes per gate width/);
    expect(solveGruMeanField({ g_h: 3, alpha_r: 50 }).warnings).toEqual([]);
    const pred = predictGru({ g_h: 3, alpha_r: 5, alpha_z: 80 }, { quadrature: { adaptive: false }, boundaryPoints: 16 });
    expect(pred.warnings.some((w) => /update gate/.test(w.where))).toBe(true);
  });

  it('gateRuleWarning measures the local node spacing: none for a resolving grid or a transition without probability mass', () => {
    expect(gateRuleWarning('x', uniformGaussianRule(64001, 12), 100, 0)).toBeNull();
    expect(gateRuleWarning('x', gaussHermite(201), 100, 0)?.code).toBe('quadrature-insufficient');
    expect(gateRuleWarning('x', gaussHermite(201), 100, 2000)).toBeNull(); // transition at x = 20
    expect(gateRuleWarning('x', gaussHermite(201), 2, 0)).toBeNull();
  });
});

describe('fuzz regressions: LSTM', () => {
  it('keeps Γ² finite at α_f = 10³ with a closed input gate and g_c = 0 (0·∞ = NaN before), and solves it in seconds (was ~1 min)', () => {
    const t0 = performance.now();
    const r = solveLstmMeanField({ g_c: 0, beta_c: 50, alpha_f: 1000, beta_f: 50, alpha_i: 0, alpha_o: 1000 });
    const ms = performance.now() - t0;
    expect(r.roots.at(-1)!.gamma2).toBeGreaterThan(0);
    assertAllFinite(r);
    // g_c = 0, α_i = 0: one exact cell average per forget node (32k) instead of per pair (2·10⁶)
    expect(ms).toBeLessThan(30000);
  });

  it('clamps ⟨f⟩ to 1 when every forget gate is open to double precision (was 1.0000000000000004)', () => {
    const p = resolveLstmParameters({ g_c: 5, alpha_f: 8, beta_f: -49.99999804422259, beta_i: 50 });
    const av = lstmSiteAverages(0.5, p);
    expect(av.meanF).toBeLessThanOrEqual(1);
    expect(av.o2).toBeLessThanOrEqual(1);
  });

  it('gives mass 0 for a disk of radius 0 instead of refusing it inside contourMass', () => {
    const r = predictLstm({ g_c: 2 }, { disks: [{ re: -0.5, im: 0, r: 0 }], sites: { points: 512 }, boundaryPoints: 16 });
    expect(r.masses[0].mass).toBe(0);
    assertAllFinite(r);
  });

  it('validates the Cassini closed forms and never returns NaN from the support functional at λ = −1', () => {
    expect(() => cassiniRightmost(Number.NaN, 1)).toThrow(InvalidParameterError);
    expect(() => cassiniDensity({ re: 0, im: 0 }, 2, 1)).toThrow(/f0/);
    expect(() => cassiniModulus({ re: 1e300, im: 0 }, 0.5)).toThrow(/lambda/);
    expect(() => countingNoise(Number.NaN, 10)).toThrow(/P/);
    expect(() => oneMinusF0('1' as never)).toThrow(/beta_f/);
    const law = { meanA2: 0, o2: 0, forgetLaw: { weights: Float64Array.of(1), f: Float64Array.of(0.5), omf: Float64Array.of(0.5), logOmf: Float64Array.of(Math.log(0.5)), zbar: Float64Array.of(1) } };
    expect(lstmSupportFunctional(-1, 0, law as never)).toBe(0);
    expect(lstmSupportFunctional(-1, 0, { ...law, meanA2: 1 } as never)).toBe(Infinity);
  });
});

describe('fuzz regressions: simulation', () => {
  it('networkLyapunovQR names an unstable Euler step (dt ≫ τ = 10⁻³) with a finite value and an actionable message, not "tangent norm = NaN"', () => {
    const net = createNetwork(getModel('gated'), { g_h: 7, alpha_r: 40.9, beta_r: 0, tau_h: 704, tau_z: 0.001, tau_r: 832 }, 1, 628345);
    let err: unknown;
    try {
      networkLyapunovQR(net, { k: 1, dt: 0.05, steps: 200, transientSteps: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonPhysicalError);
    expect((err as Error).message).not.toMatch(/\bNaN\b/);
    expect((err as Error).message).toMatch(/dt/);
  });
});

describe('fuzz regressions: gated RNN closed forms and DMFT (issue 8)', () => {
  it('bivariateGaussAverage rejects c0 = −∞, a negative c0 and c = NaN instead of returning NaN', () => {
    const rule = gaussHermite(16);
    const f = (x: number) => Math.tanh(x) ** 2;
    expect(() => bivariateGaussAverage(f, -Infinity, 0.5, rule)).toThrow(/c0/);
    expect(() => bivariateGaussAverage(f, -1, 0, rule)).toThrow(InvalidParameterError);
    expect(() => bivariateGaussAverage(f, 1, Number.NaN, rule)).toThrow(/\bc\b/);
    expect(Number.isFinite(bivariateGaussAverage(f, 1, 0.5, rule))).toBe(true);
  });

  it('gatedBranchCurvature and gatedBranchGain name alpha_r, beta_r or u for junk or negative input', () => {
    expect(() => gatedBranchCurvature(48.5, 'abc' as never)).toThrow(/beta_r/);
    expect(() => gatedBranchCurvature(-1, 0)).toThrow(/alpha_r/);
    expect(() => gatedBranchGain(-25.9, 1e-6, 1)).toThrow(/alpha_r/);
    expect(() => gatedBranchGain(1, 1e-6, '' as never)).toThrow(/\bu\b/);
    expect(() => gatedBranchGain(1, 0, 0)).toThrow(InvalidParameterError);
    // unchanged on valid input: κ = 2 at α_r = 2√2, β_r = 0 [GATE-TR-3]
    expect(gatedBranchCurvature(2 * Math.SQRT2, 0)).toBeCloseTo(2, 12);
    expect(Number.isFinite(gatedBranchGain(2, 0, 0.5))).toBe(true);
  });

  it('gatedSharpOutputGate rejects α_r < 0 (it returned σ′² = −0.69) and a junk Δ_r', () => {
    expect(() => gatedSharpOutputGate(-10.35, 0, 1)).toThrow(/alpha_r/);
    expect(() => gatedSharpOutputGate(10, 0, [1] as never)).toThrow(/deltaR/);
    const r = gatedSharpOutputGate(10, 0, 1);
    expect(r.sigmaR2).toBe(0.5);
    expect(r.sigmaRPrime2).toBeGreaterThan(0);
  });

  it('gatedBranchPoint rejects u = "" instead of returning g_h = NaN', () => {
    expect(() => gatedBranchPoint({ g_h: 0, alpha_r: 4.7e-297, beta_r: 49.27, tau_z: 804.7, tau_r: 1000 }, '' as never)).toThrow(/\bu\b/);
  });

  it('gatedSaturatedUpdateGate is finite at g_h = 0 (Δ_z = 0: f₀ = 1/2 at b = 0)', () => {
    const p = { g_h: 0, alpha_z: 60, beta_z: 1e-12, beta_r: 50, tau_h: 1000, tau_z: 0.11, tau_r: 694 };
    const fp = gatedFixedPoint(p);
    const r = gatedSaturatedUpdateGate(fp.moments, p, fp.deltaZ);
    assertAllFinite(r);
    expect(r.closedFraction).toBe(0.5);
  });

  it('gatedSpectralEdge handles g_h = 0 (the support degenerates to the point −s_z/τ_h) without a Brent bracket error', () => {
    const p = { g_h: 0 };
    const r = gatedSpectralEdge(gatedSupportInputOf(p, gatedFixedPoint(p)));
    assertAllFinite(r);
    expect(r.edge).toBe(-0.5);
  });

  it('solveGatedDmft reports timescales.integral = 0 (not NaN) on a converged solution without a decaying part', () => {
    const r = solveGatedDmft({ g_h: 0.889, alpha_z: 0, beta_z: -0.244, alpha_r: 10, beta_r: -1.468, tau_z: 3, tau_r: 2.59 }, { points: 512, du: 0.1 });
    expect(r.converged).toBe(true);
    expect(r.trivial).toBe(true);
    assertAllFinite(r.timescales);
    expect(r.timescales.integral).toBe(0);
    expect(r.timescales.eFolding).toBe(0);
  });

  it('solveGatedDmftSampling rejects dt ≥ τ_r and throws ConvergenceError (strict default) instead of returning converged: false', () => {
    const small = { lagPoints: 64, transientTime: 5, windowTime: 10, iterations: 2, adaptRanges: false, warmStart: 'none', seed: 1 } as const;
    expect(() => solveGatedDmftSampling({ beta_h: -50, alpha_z: 2e-8, alpha_r: 24.5, tau_z: 545, tau_r: 0.001 }, { ...small, dt: 0.1, paths: 8 } as never)).toThrow(/\bdt\b/);
    expect(() => solveGatedDmftSampling({ g_h: 7e-8, alpha_z: 1 }, { ...small, dt: 0.02, paths: 7 } as never)).toThrow(ConvergenceError);
  });
});

describe('fuzz regressions: gatefield dmft (issue 8)', () => {
  it('never exits 0 on a drifting scheme-A run: --iterations 1 is rejected (exit 2), a drifting run exits 3, each with one stderr line', async () => {
    const base = ['dmft', '--set', 'alpha_z=1000', '--no-lyapunov', '--paths', '2', '--points', '16', '--window', '1', '--transient', '0'];
    const one = await runCli([...base, '--iterations', '1']);
    expect(one.code).toBe(2);
    expect(one.stderr.trim().split('\n')).toHaveLength(1);
    expect(one.stderr).toMatch(/iterations/);
    const two = await runCli([...base, '--iterations', '2']);
    expect(two.code).toBe(3);
    expect(two.stderr.trim().split('\n')).toHaveLength(1);
    expect(two.stdout).not.toMatch(/Infinity|NaN/);
  });

  it('reports the parameter\'s own range for a NaN in --set (not "(-inf, inf)")', async () => {
    const r = await runCli(['dmft', '--set', 'g_h=NaN']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/g_h.*\[0, 10\]/);
    expect(r.stderr).not.toMatch(/-inf/);
  });
});

describe('fuzz regressions: RMT solvers and the phase diagram (issue 8)', () => {
  const a = Float64Array.of(1.15, 3.97, 1e-300);
  const third = Float64Array.of(1 / 3, 1 / 3, 1 / 3);

  it('psiRoot rejects a NaN, zero or negative tolerance instead of echoing it', () => {
    for (const tolerance of [Number.NaN, 0, -1]) expect(() => psiRoot(a, third, { tolerance })).toThrow(/tolerance/);
    expect(psiRoot(a, third).tolerance).toBe(1e-13);
  });

  it('radialCdf returns finite fields outside the support (w = null, F = 1) and rejects negative or zero-sum weights', () => {
    const out = radialCdf(a, third, 1e300);
    expect(out.w).toBeNull();
    expect(out.F).toBe(1);
    assertAllFinite(out);
    expect(() => radialCdf(a, Float64Array.of(1, 1, -1), 1)).toThrow(/weights\[2\]/);
    expect(() => radialCdf(a, Float64Array.of(0, 0, 0), 1)).toThrow(/weights/);
    expect(() => radialCdf(a, third, 1, { tolerance: Number.NaN })).toThrow(/tolerance/);
    const inside = radialCdf(a, third, 1);
    expect(inside.F).toBeGreaterThan(0);
    expect(inside.F).toBeLessThan(1);
  });

  it('radialCdf rejects negative weights (it returned F = −1 or 1.51)', () => {
    expect(() => radialCdf(Float64Array.of(1, 2), Float64Array.of(2, -1), 1)).toThrow(InvalidParameterError);
  });

  const sites = (() => {
    const p = { g_h: 2, beta_h: 0, alpha_z: 1, beta_z: 0, alpha_r: 1, beta_r: 0 };
    const root = solveGruMeanField(p).roots.at(-1)!;
    return { sites: gruQuadratureSites(root, resolveGruParameters(p), { etaNodes: 12, gateNodes: 8 } as never), gH2: 4 };
  })();

  it('scbaSolve rejects a non-finite λ with InvalidParameterError naming lambda.re / lambda.im', () => {
    for (const re of [Number.NaN, Infinity, -Infinity]) expect(() => scbaSolve(sites.sites, { gH2: sites.gH2 }, { re, im: 0 })).toThrow(/lambda\.re/);
    expect(() => scbaSolve(sites.sites, { gH2: sites.gH2 }, { re: 0, im: Number.NaN })).toThrow(/lambda\.im/);
  });

  it('scbaSolve reports supportFunctional = null (not Infinity) at the pole λ = −1 and still solves G there', () => {
    // Three sites, the first with its pole at λ = −s₀ = −1 (as GRU sites with an open update gate).
    const poleSites = { weights: Float64Array.of(0.5, 0.25, 0.25), s: Float64Array.of(1, 0.6, 0.8), l: Float64Array.of(1, 0.9, 0.7), rho: Float64Array.of(0.8, 0.9, 1), d: Float64Array.of(0, 0, 0) };
    for (const im of [0, 1e-300]) {
      const r = scbaSolve(poleSites as never, { gH2: 4 }, { re: -1, im });
      expect(r.supportFunctional).toBeNull();
      expect(r.inBulk).toBe(true);
      assertAllFinite(r.G);
    }
    expect(scbaSolve(sites.sites, { gH2: sites.gH2 }, { re: 0.3, im: 0.1 }).supportFunctional).toEqual(expect.any(Number));
  });

  it('phaseDiagram rejects a null axis with InvalidParameterError("x") instead of a TypeError', async () => {
    await expect(phaseDiagram({ x: null, y: { name: 'beta_h', lo: 0, hi: 1, count: 2 }, parameters: {} } as never, { workers: 0 })).rejects.toThrow(InvalidParameterError);
    await expect(phaseDiagram({ x: null, y: { name: 'beta_h', lo: 0, hi: 1, count: 2 }, parameters: {} } as never, { workers: 0 })).rejects.toThrow(/invalid x /);
  });
});

describe('fuzz regressions: finite-network adjoints (issue 8, fuzzGatedSpectra)', () => {
  it('discreteAdjoint and continuousAdjoint reject a null or malformed loss with InvalidParameterError instead of a TypeError', () => {
    const net = createNetwork(getModel('gated'), { g_h: 2 }, 2, 5);
    const traj = storeTrajectory(net, { steps: 4 });
    for (const f of [discreteAdjoint, continuousAdjoint]) {
      expect(() => f(traj, null as never)).toThrow(InvalidParameterError);
      expect(() => f(traj, { terminal: 3 } as never)).toThrow(/loss\.terminal/);
      expect(() => f(traj, 'x' as never)).toThrow(/invalid loss/);
    }
  });

  it('an overflowing adjoint or a NaN loss is a NonPhysicalError whose message names no NaN', () => {
    // τ_h = 10⁻³ with Δt = 0.05: the backward Euler/Heun sweep of the continuous adjoint overflows (fuzz seed 7171).
    const net = createNetwork(getModel('gated'), { g_h: 2.7487938199192286, beta_h: -49.99999953433871, alpha_z: 0, alpha_r: 50.69733710959554, beta_r: 1.644838442485828e-24, tau_h: 0.001, tau_z: 1000, tau_r: 500 }, 2, 576167);
    const traj = storeTrajectory(net, { dt: 0.05 });
    const terminal = (x: Float64Array, g: Float64Array) => { g[0] = x[0]; return 0.5 * x[0] * x[0]; };
    const messages: string[] = [];
    for (const run of [() => continuousAdjoint(traj, { terminal }, { scheme: 'heun', gradParams: [] }), () => discreteAdjoint(storeTrajectory(createNetwork(getModel('gated'), { g_h: 2 }, 2, 1), { steps: 3 }), { terminal: () => Number.NaN })]) {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NonPhysicalError);
      messages.push((err as Error).message);
    }
    for (const m of messages) expect(m).not.toMatch(/\bNaN\b/);
  });
});

describe('fuzz regressions: gated spectra inputs (issue 8, fuzzGatedSpectra)', () => {
  it('gatedRadialPsi rejects null, mismatched or non-finite sites and weights instead of a TypeError or a silent 0', () => {
    const s2 = Float64Array.of(4, 9), w = Float64Array.of(0.5, 0.5);
    expect(gatedRadialPsi(s2, w, 10)).toBeGreaterThan(0);
    expect(() => gatedRadialPsi(null as never, w, 10)).toThrow(InvalidParameterError);
    expect(() => gatedRadialPsi(s2, Float64Array.of(0.5, 0.25, 0.25), 10)).toThrow(/weights\.length/);
    expect(() => gatedRadialPsi(s2, Float64Array.of(Number.NaN, 0.5), 10)).toThrow(/weights\[0\]/);
    expect(() => gatedRadialPsi(Float64Array.of(4, Infinity), w, 10)).toThrow(/s2\[1\]/);
  });

  it('gatedUnitSample rejects a NaN or negative fixed-point variance instead of returning NaN couplings', () => {
    const p = resolveGated({ g_h: 2 });
    expect(() => gatedUnitSample(p, Number.NaN, 1, 1, 8, 1)).toThrow(/deltaH/);
    expect(() => gatedUnitSample(p, 1, -1, 1, 8, 1)).toThrow(/deltaZ/);
    expect(() => gatedUnitSample(p, 1, 1, Infinity, 8, 1)).toThrow(InvalidParameterError);
    assertAllFinite(gatedUnitSample(p, 1, 0, 0, 8, 1));
  });

  it('checkGatedPhaseSpec / gatedPhaseDiagram reject a null axis or null parameters with InvalidParameterError instead of a TypeError', async () => {
    const y = { name: 'g_h', lo: 0, hi: 1, count: 2 };
    expect(() => checkGatedPhaseSpec({ x: null, y, parameters: {} } as never)).toThrow(/invalid x /);
    expect(() => checkGatedPhaseSpec(null as never)).toThrow(InvalidParameterError);
    expect(() => checkGatedPhaseSpec({ x: { ...y, name: 'beta_h' }, y, parameters: null } as never)).toThrow(/parameters/);
    await expect(gatedPhaseDiagram({ x: { ...y, name: 'beta_h' }, y: 'g_h', parameters: {}, chaos: 'off' } as never, { workers: 0 })).rejects.toThrow(InvalidParameterError);
  });
});

describe('fuzz regressions: gated DMFT consumers reject malformed inputs (issue 8, fuzzGatedSpectra)', () => {
  it('gatedDiskMass, gatedSamplingLyapunov, gatedAdjointCorrelationShape and gatedGradientGrowthRate throw InvalidParameterError on null / shapeless inputs instead of a TypeError', () => {
    const model = gatedSpectralModel({ g_h: 0.5 }, { hNodes: 16, zNodes: 24 });
    expect(() => gatedDiskMass(model, null as never)).toThrow(/invalid disk /);
    for (const junk of [null, [], { params: resolveGated({ g_h: 2 }), lags: [0, 1], C_phi: [1, 1], C_psi: [1, 1] }]) {
      expect(() => gatedSamplingLyapunov(junk as never, { paths: 2, rounds: 1 })).toThrow(InvalidParameterError);
      expect(() => gatedAdjointCorrelationShape(junk as never, 0.1)).toThrow(InvalidParameterError);
    }
    expect(() => gatedGradientGrowthRate({ g_h: 2, alpha_z: 0 }, null as never)).toThrow(/invalid options/);
  });
});

describe('fuzz regressions: gated log potential (issue 8, slow fuzzGatedSpectra)', () => {
  it('gatedLogPotential throws NonPhysicalError at an atom of the spectrum (Φ = −∞) and InvalidParameterError for null / NaN unit states', () => {
    // α_z = 870, β_z = 0 at the zero fixed point: σ_z = 0, so λ = 0 is the atom −σ_z/τ_h (slow fuzz seed 1).
    expect(() => gatedLogPotential({ alpha_z: 870.4659519717097, beta_z: 0, alpha_r: 2.9448345856934145e-99, tau_z: 1000, tau_r: 0.001019557754509151 }, 0, 0, { hNodes: 16, zNodes: 24 })).toThrow(NonPhysicalError);
    const z8 = [0, 0, 0, 0, 0, 0, 0, 0];
    expect(() => gatedLogPotential({ g_h: 0.5 }, 0.5, 0.1, { method: 'sampled', units: { h: null, z: [0], r: [0] } } as never)).toThrow(/units\.h/);
    expect(() => gatedLogPotential({ g_h: 0.5 }, 0.5, 0.1, { method: 'sampled', units: { h: [Number.NaN, 0, 0, 0, 0, 0, 0, 0], z: z8, r: z8 } })).toThrow(/units\.h\[0\]/);
  });
});
