import { describe, expect, it } from 'vitest';
import { compileModel, getModel } from '@gatefield/models';
import { ConvergenceError, InvalidParameterError } from '@gatefield/numerics';
import {
  createNetwork,
  fieldMoments,
  findFixedPoint,
  fixedPointSpec,
  integrate,
  orderParameterC,
  resolveFixedPointFlow,
  vectorField,
} from '../src/index.js';

const gru = getModel('gru');
const UNGATED = { h: '-h + tanh(eta)' };
/** [GRU-REF-1]: a stable nontrivial fixed point (Γ² ≈ 0.5). */
const REF = { g_h: 2, beta_h: 1.5, alpha_r: 4, beta_r: 0 };
const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('findFixedPoint', () => {
  it('reaches max|F| < 1e-10 on the GRU at g_h = 2, β_h = 1.5, α_r = 4 (N = 300) and reports its work', () => {
    const net = createNetwork(gru, { ...REF, alpha_z: 3, beta_z: 1 }, 300, 1);
    const fp = findFixedPoint(net, { fixedPointFlow: UNGATED });
    expect(fp.converged).toBe(true);
    expect(fp.residual).toBeLessThan(1e-10);
    // Independent re-evaluation of the ungated flow at the returned state.
    const F = vectorField(net, fp.state, { kernel: resolveFixedPointFlow(gru, UNGATED).rhs });
    expect(F.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(1e-10);
    expect(fp.gatedResidual).toBeLessThanOrEqual(fp.residual);
    expect(fp.iterations.euler).toBeGreaterThan(0);
    expect(fp.iterations.newton).toBeGreaterThan(0);
    expect(fp.seed).toBe(1);
    expect(fp.settings).toMatchObject({ dt: 0.1, tol: 1e-10, newtonThreshold: 1e-4, initialState: 'seeded' });
    expect(fp.settings.flow).toContain('-h + tanh(eta)');
  });

  it('finds the same fixed point whatever the update-gate parameters ([GRU-M-5])', () => {
    const solve = (alpha_z: number, beta_z: number) => findFixedPoint(createNetwork(gru, { ...REF, alpha_z, beta_z }, 300, 2), { fixedPointFlow: UNGATED });
    const ref = solve(0, 0);
    for (const [az, bz] of [[8, 2], [20, -1]]) {
      const fp = solve(az, bz);
      // The ungated flow never reads ξ, and ∂F_fp/∂ξ ≡ 0: the whole computation is the same.
      expect(bytes(fp.state).equals(bytes(ref.state))).toBe(true);
      expect(fp.residual).toBeLessThan(1e-10);
    }
  });

  it('is byte-identical for the same seed and differs for another seed', () => {
    const a = findFixedPoint(createNetwork(gru, REF, 150, 7), { fixedPointFlow: UNGATED });
    const b = findFixedPoint(createNetwork(gru, REF, 150, 7), { fixedPointFlow: UNGATED });
    const c = findFixedPoint(createNetwork(gru, REF, 150, 8), { fixedPointFlow: UNGATED });
    expect(bytes(a.state).equals(bytes(b.state))).toBe(true);
    expect(bytes(a.fields).equals(bytes(b.fields))).toBe(true);
    expect(a.iterations).toEqual(b.iterations);
    expect(bytes(a.state).equals(bytes(c.state))).toBe(false);
  });

  it('gives C = ⟨h²⟩ and Var η near the mean-field 0.686 and 1.080 at N = 1000 ([GRU-REF-1])', () => {
    const net = createNetwork(gru, REF, 1000, 2024);
    const fp = findFixedPoint(net, { fixedPointFlow: UNGATED });
    // Seed-to-seed sd at N = 1000 measured over seeds 1..10: 0.012 for C (mean 0.686) and 0.047
    // for Var η (mean 1.08); [GRU-REF-1] observed 0.675 / 1.071. Tolerances are 3 sd.
    expect(Math.abs(orderParameterC(net, fp.state, 'h') - 0.686)).toBeLessThan(0.036);
    expect(Math.abs(fieldMoments(net, fp.fields).eta.variance - 1.08)).toBeLessThan(0.14);
  });

  it('accepts the fixed-point flow as expressions, a companion model, a bare kernel or spec.fixedPointRhs', () => {
    const net = createNetwork(gru, { ...REF, alpha_z: 5 }, 120, 3);
    const viaExpr = findFixedPoint(net, { fixedPointFlow: UNGATED });
    const viaModel = findFixedPoint(net, { fixedPointFlow: compileModel(fixedPointSpec(gru.spec, UNGATED)) });
    const viaKernel = findFixedPoint(net, {
      fixedPointFlow: (x, y, _p, out) => {
        out[0] = -x[0] + Math.tanh(y[2]);
      },
    });
    // The built-in GRU spec carries fixedPointRhs = −h + tanh(η): it is the default.
    expect(resolveFixedPointFlow(gru).source).toBe('spec.fixedPointRhs');
    const viaSpec = findFixedPoint(net);
    expect(viaSpec.settings.flow).toBe("spec.fixedPointRhs: h' = -h + tanh(eta)");
    for (const other of [viaModel, viaKernel, viaSpec]) {
      expect(other.residual).toBeLessThan(1e-10);
      // Different Newton paths converge to the same root: distance ≲ ‖J⁻¹‖·1e-10.
      expect(other.state.reduce((m, v, j) => Math.max(m, Math.abs(v - viaExpr.state[j])), 0)).toBeLessThan(1e-8);
    }
    expect(viaKernel.settings.flow).toMatch(/^kernel/);
  });

  it('uses the reset-after GRU spec.fixedPointRhs by default and reaches the tolerance independently of the update gate', () => {
    const model = getModel('gru-reset-after');
    expect(resolveFixedPointFlow(model).source).toBe('spec.fixedPointRhs');
    const a = findFixedPoint(createNetwork(model, { ...REF, alpha_z: 5 }, 150, 3));
    const b = findFixedPoint(createNetwork(model, { ...REF, alpha_z: 0.5, beta_z: -2 }, 150, 3));
    expect(a.residual).toBeLessThan(1e-10);
    expect(bytes(a.state).equals(bytes(b.state))).toBe(true);
  });

  it('falls back to the model rhs, which is right for the vanilla network (stable regime)', () => {
    const vanilla = getModel('vanilla');
    expect(resolveFixedPointFlow(vanilla).source).toBe('model rhs');
    const fp = findFixedPoint(createNetwork(vanilla, { g: 0.8, beta_h: 0.5 }, 200, 4));
    expect(fp.residual).toBeLessThan(1e-10);
    expect(fp.gatedResidual).toBe(fp.residual);
  });

  it('leaves frozen units far from their fixed point when Euler integrates the gated GRU flow at large α_z ([NUM-13])', () => {
    const net = createNetwork(gru, { ...REF, alpha_z: 20, beta_z: 2 }, 200, 5);
    const ungated = resolveFixedPointFlow(gru, UNGATED).rhs;
    const gated = integrate(net, { dt: 0.1, steps: 1000 });
    const ungatedResidual = (x: Float64Array) => vectorField(net, x, { kernel: ungated }).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(ungatedResidual(gated.state)).toBeGreaterThan(0.05);
    expect(ungatedResidual(integrate(net, { dt: 0.1, steps: 1000, kernel: ungated }).state)).toBeLessThan(1e-6);
  });

  it('throws ConvergenceError carrying residual, iterations and settings in the chaotic regime', () => {
    const net = createNetwork(getModel('vanilla'), { g: 3 }, 200, 6);
    let err: unknown;
    try {
      findFixedPoint(net, { maxEulerSteps: 2000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    const ce = err as ConvergenceError;
    expect(ce.iterations).toBe(2000);
    expect(ce.residual).toBeGreaterThan(1e-2);
    expect(ce.settings).toMatchObject({ dt: 0.1, maxEulerSteps: 2000, tol: 1e-10 });
  });

  it('rejects invalid options with InvalidParameterError', () => {
    const net = createNetwork(gru, REF, 10, 1);
    expect(() => findFixedPoint(net, { dt: 0 })).toThrow(InvalidParameterError);
    expect(() => findFixedPoint(net, { tol: -1 })).toThrow(InvalidParameterError);
    expect(() => findFixedPoint(net, { maxEulerSteps: 1.5 })).toThrow(InvalidParameterError);
    expect(() => findFixedPoint(net, { initialState: new Float64Array(3) })).toThrow(InvalidParameterError);
    expect(() => findFixedPoint(net, { fixedPointFlow: { h: '-h + tanh(bogus)' } })).toThrow(InvalidParameterError);
    expect(() => findFixedPoint(net, { fixedPointFlow: getModel('vanilla') })).toThrow(InvalidParameterError);
  });
});
