/**
 * Adjoint gradients of finite networks ([GATE-ADJ-1], [GATE-ADJ-2], [GATE-ADJ-3]).
 *
 * Tolerances.
 * - Discrete adjoint vs central finite differences of the discretised loss: the adjoint is exact to
 *   round-off, so the error is the FD error, truncation h²|L‴|/6 plus round-off ε|L|/h. With
 *   h = 1e-5·max(1, |θ|) (parameters) or 1e-6 (couplings), L = O(1–10) and T = 3 (60 Euler steps)
 *   both are ≲ 1e-9 relative (measured ≤ 4e-10); we require 1e-6, as the brief asks.
 * - Compiled transposed Jacobian vs the hand-written [GATE-ADJ-1]/[GATE-ADJ-2] terms and vs the
 *   dense Jacobian: the same sums in a different order, so 1e-12 relative.
 * - Continuous vs discrete adjoint: O(Δt) apart. Measured max relative difference of the parameter
 *   gradients at Δt = 0.02, 0.01, 0.005: Heun sweep 2.7e-2, 1.34e-2, 6.7e-3 (orders 1.011, 1.006);
 *   Euler sweep 4.5e-2, 2.3e-2, 1.17e-2 (orders 0.96, 0.98). We require orders in [0.85, 1.15].
 */
import { describe, expect, it } from 'vitest';
import { getModel } from '@gatefield/models';
import { InvalidParameterError, Rng } from '@gatefield/numerics';
import {
  type AdjointLoss,
  type Network,
  adjointModel,
  adjointWorkspace,
  accumulateGradients,
  applyTransposedJacobian,
  computeFields,
  continuousAdjoint,
  createNetwork,
  differentiableParameters,
  discreteAdjoint,
  eulerNetworkSystem,
  evaluatePartials,
  gatedAdjointTerms,
  gradientGrowth,
  jacobianAtState,
  storeTrajectory,
} from '../src/index.js';

const gated = getModel('gated');
const P = { g_h: 2.5, alpha_z: 1.5, beta_z: 0.3, alpha_r: 2, beta_r: -0.4, beta_h: 0.2, tau_z: 1.7, tau_r: 0.8, tau_h: 1.1 };
const n = 6;
const DT = 0.05, STEPS = 60; // T = 3 ≈ 2.7 τ_h

/** A running loss mixing every state variable and a terminal loss on one unit. */
const loss: AdjointLoss = {
  running: (x, t, g) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const w = Math.cos(0.3 * i + t);
      s += 0.5 * w * x[i] * x[i];
      g[i] = w * x[i];
    }
    return s;
  },
  terminal: (x, g) => {
    g[0] = x[0];
    return 0.5 * x[0] * x[0];
  },
};

const lossOf = (net: Network) => discreteAdjoint(storeTrajectory(net, { dt: DT, steps: STEPS }), loss, { weights: false, gradParams: [] }).loss;
const withParams = (net: Network, changes: Record<string, number>): Network => ({ ...net, params: net.model.resolve({ ...net.params.values, ...changes }) });
const withWeight = (net: Network, k: number, idx: number, d: number): Network => {
  const weights = net.weights.map((W) => Float64Array.from(W));
  weights[k][idx] += d;
  return { ...net, weights };
};
const relErr = (a: number, b: number, scale = Math.abs(b)) => Math.abs(a - b) / Math.max(scale, 1e-300);

describe('discrete adjoint of the Euler scheme vs central finite differences (N = 6, T = 3) [GATE-ADJ-1] [GATE-ADJ-2]', () => {
  const net = createNetwork(gated, P, n, 5);
  const res = discreteAdjoint(storeTrajectory(net, { dt: DT, steps: STEPS }), loss);

  it('gives every scalar parameter gradient (g_h, β_h, α_z, β_z, α_r, β_r, τ_h, τ_z, τ_r) to 1e-6 relative', () => {
    expect(Object.keys(res.gradParams).sort()).toEqual(['alpha_r', 'alpha_z', 'beta_h', 'beta_r', 'beta_z', 'g_h', 'tau_h', 'tau_r', 'tau_z']);
    for (const [name, g] of Object.entries(res.gradParams)) {
      const v = net.params.values[name];
      const h = 1e-5 * Math.max(1, Math.abs(v));
      const fd = (lossOf(withParams(net, { [name]: v + h })) - lossOf(withParams(net, { [name]: v - h }))) / (2 * h);
      expect(Math.abs(fd)).toBeGreaterThan(1e-3); // every parameter matters at this point
      expect(relErr(g, fd)).toBeLessThan(1e-6);
    }
  });

  it('gives random entries of J^h, J^z and J^r (5 each) to 1e-6 relative', () => {
    const rng = new Rng(11).derive('entries');
    for (let k = 0; k < 3; k++) {
      for (let e = 0; e < 5; e++) {
        const idx = Math.floor(rng.uniform() * n * n);
        const h = 1e-6;
        const fd = (lossOf(withWeight(net, k, idx, h)) - lossOf(withWeight(net, k, idx, -h))) / (2 * h);
        expect(relErr(res.gradWeights[k][idx], fd, Math.max(Math.abs(fd), 1e-3))).toBeLessThan(1e-6);
      }
    }
  });

  it('gives ∂L/∂x(0) = a(0) to 1e-6 relative', () => {
    const x0 = storeTrajectory(net, { dt: DT, steps: 1 }).x.slice(0, 3 * n);
    const L = (d: number, j: number) => {
      const x = Float64Array.from(x0);
      x[j] += d;
      return discreteAdjoint(storeTrajectory(net, { dt: DT, steps: STEPS, initialState: x }), loss, { weights: false, gradParams: [] }).loss;
    };
    for (const j of [0, n + 2, 2 * n + 5]) {
      const fd = (L(1e-6, j) - L(-1e-6, j)) / 2e-6;
      expect(relErr(res.gradInitialState[j], fd, Math.max(Math.abs(fd), 1e-3))).toBeLessThan(1e-6);
    }
  });

  it('works for a spec with field-dependent presynaptics (the GRU: η uses ζ) and rejects parameters inside a field bias', () => {
    const gru = getModel('gru');
    expect(differentiableParameters(gru)).not.toContain('beta_h');
    expect(() => adjointModel(gru, ['beta_h'])).toThrow(InvalidParameterError);
    const g = createNetwork(gru, { g_h: 2, alpha_z: 1, beta_z: 0.5, alpha_r: 1.5, beta_r: 0.2, beta_h: 0.1 }, 5, 2);
    const L = (nw: Network) => discreteAdjoint(storeTrajectory(nw, { dt: DT, steps: STEPS }), loss, { weights: false, gradParams: [] }).loss;
    const r = discreteAdjoint(storeTrajectory(g, { dt: DT, steps: STEPS }), loss);
    expect(r.gradParams.g_h).toBe(0); // g_h only sets the weight variance: zero at fixed weights
    for (const name of ['alpha_z', 'beta_z', 'alpha_r', 'beta_r']) {
      const v = g.params.values[name], h = 1e-5;
      const fd = (L(withParams(g, { [name]: v + h })) - L(withParams(g, { [name]: v - h }))) / (2 * h);
      expect(relErr(r.gradParams[name], fd)).toBeLessThan(1e-6);
    }
    for (let k = 0; k < 3; k++) {
      const fd = (L(withWeight(g, k, 7, 1e-6)) - L(withWeight(g, k, 7, -1e-6))) / 2e-6;
      expect(relErr(r.gradWeights[k][7], fd, Math.max(Math.abs(fd), 1e-3))).toBeLessThan(1e-6);
    }
  });
});

describe('structure of the adjoint [GATE-ADJ-1] [GATE-ADJ-2] [GATE-ADJ-3]', () => {
  const net = createNetwork(gated, P, 7, 3);
  const rng = new Rng(4).derive('structure');
  const x = rng.normals(21, 0.8), a = rng.normals(21);

  it('the compiled transposed Jacobian equals the [GATE-ADJ-1] right-hand side as printed, and Dᵀa from the dense Jacobian', () => {
    const am = adjointModel(gated);
    const ws = adjointWorkspace(net, am);
    const y = computeFields(net, x);
    evaluatePartials(ws, x, 0, y, 0);
    const out = new Float64Array(21);
    applyTransposedJacobian(ws, a, 0, out);
    const th = gatedAdjointTerms(net, x, a);
    const D = jacobianAtState(net, x);
    const scale = Math.max(...Array.from(out, Math.abs));
    for (let w = 0; w < 21; w++) {
      let dense = 0;
      for (let v = 0; v < 21; v++) dense += D[v * 21 + w] * a[v];
      expect(Math.abs(out[w] - th.minusAdjointRate[w]) / scale).toBeLessThan(1e-12);
      expect(Math.abs(out[w] - dense) / scale).toBeLessThan(1e-12);
    }
    // The backward fields use the TRANSPOSED couplings: with J in place of Jᵀ the rate differs at O(1).
    const transposed = { ...net, weights: net.weights.map((W) => Float64Array.from(W, (_, t) => W[(t % 7) * 7 + Math.floor(t / 7)])) };
    const wrong = gatedAdjointTerms(transposed, x, a).minusAdjointRate;
    expect(Math.max(...Array.from(out, (v, w) => Math.abs(v - wrong[w])))).toBeGreaterThan(1e-2 * scale);
  });

  it('the gradient integrands equal those of [GATE-ADJ-2]: ∂L/∂J^h_ij ∝ a_h,i σ_z,i ψ_j/τ_h, J^z, J^r with φ_j, and the scalar-parameter terms', () => {
    const am = adjointModel(gated);
    const ws = adjointWorkspace(net, am);
    const pre = new Float64Array(21);
    const y = computeFields(net, x, undefined, pre);
    evaluatePartials(ws, x, 0, y, 0);
    applyTransposedJacobian(ws, a, 0, new Float64Array(21));
    const gp = new Float64Array(am.gradParams.length);
    const gw = [0, 1, 2].map(() => new Float64Array(49));
    accumulateGradients(ws, a, 0, pre, 0, 1, gp, gw);
    const th = gatedAdjointTerms(net, x, a);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) {
        const expected = th.rowFactor[k * 7 + i] * th.columnFactor[k * 7 + j];
        expect(Math.abs(gw[k][i * 7 + j] - expected)).toBeLessThan(1e-12 * (1 + Math.abs(expected)));
      }
    }
    am.gradParams.forEach((name, q) => {
      const expected = th.params[name as keyof typeof th.params];
      expect(Math.abs(gp[q] - expected)).toBeLessThan(1e-12 * (1 + Math.abs(expected)));
    });
  });

  it('is the transpose of the tangent map: a(0)·δx(0) = a(T)·δx(T) for the Euler scheme, to round-off', () => {
    const traj = storeTrajectory(net, { dt: DT, steps: 80 });
    const c = rng.normals(21);
    const r = discreteAdjoint(traj, { terminal: (_x, g) => { g.set(c); return 0; } }, { weights: false, gradParams: [] });
    const sys = eulerNetworkSystem(net, DT);
    const state = traj.x.slice(0, 21), dx = rng.normals(21);
    const before = dx.reduce((s, v, i) => s + v * r.gradInitialState[i], 0);
    for (let s = 0; s < 80; s++) sys.step(state, dx, 1);
    const after = dx.reduce((s, v, i) => s + v * c[i], 0);
    expect(Math.abs(before - after)).toBeLessThan(1e-11 * (Math.abs(after) + 1));
  });

  it('α_z = α_r = 0: the z and r adjoints decouple from a_h and a_h is the vanilla (SCS) RNN adjoint [GATE-M-6]', () => {
    const q = { ...P, alpha_z: 0, alpha_r: 0 };
    const v = createNetwork(gated, q, 7, 8);
    const traj = storeTrajectory(v, { dt: DT, steps: 60 });
    const hLoss: AdjointLoss = { running: (s, t, g) => { g[1] = Math.sin(t) * s[1]; return 0.5 * Math.sin(t) * s[1] ** 2; }, terminal: (s, g) => { g[0] = s[0]; return 0.5 * s[0] ** 2; } };
    const r = discreteAdjoint(traj, hLoss, { recordAdjoint: true });
    const A = r.adjoint!;
    for (let m = 0; m <= 60; m++) for (let i = 7; i < 21; i++) expect(A[m * 21 + i]).toBe(0);
    expect(r.gradWeights[1].every((g) => g === 0) && r.gradWeights[2].every((g) => g === 0)).toBe(true);
    // Vanilla adjoint of τ_eff ḣ = −h + s_r J^h φ(h), τ_eff = τ_h/s_z, by hand.
    const sz = 1 / (1 + Math.exp(q.beta_z)), sr = 1 / (1 + Math.exp(q.beta_r)), tauEff = q.tau_h / sz;
    const J = v.weights[0];
    let a = new Float64Array(7);
    a[0] = traj.x[60 * 21];
    for (let m = 59; m >= 0; m--) {
      const h = traj.x.subarray(m * 21, m * 21 + 7);
      const next = Float64Array.from(a);
      for (let i = 0; i < 7; i++) {
        let back = 0;
        for (let k = 0; k < 7; k++) back += J[k * 7 + i] * a[k];
        const phiPrime = q.g_h / Math.cosh(q.g_h * h[i] + q.beta_h) ** 2;
        next[i] += (DT / tauEff) * (-a[i] + phiPrime * sr * back);
      }
      next[1] += DT * Math.sin(m * DT) * h[1];
      a = next;
      for (let i = 0; i < 7; i++) expect(Math.abs(A[m * 21 + i] - a[i])).toBeLessThan(1e-12 * (1 + Math.abs(a[i])));
    }
  });

  it('α_z = α_r = 0 with a loss on z only: a_z decays freely as (1 − Δt/τ_z)^(K−n) and feeds a_h, never the reverse', () => {
    const v = createNetwork(gated, { ...P, alpha_z: 0, alpha_r: 0 }, 7, 9);
    const traj = storeTrajectory(v, { dt: DT, steps: 40 });
    const r = discreteAdjoint(traj, { terminal: (_s, g) => { g[7 + 3] = 1; return 0; } }, { recordAdjoint: true });
    const A = r.adjoint!;
    for (let m = 0; m <= 40; m++) {
      expect(Math.abs(A[m * 21 + 10] - (1 - DT / P.tau_z) ** (40 - m))).toBeLessThan(1e-14);
      for (let i = 14; i < 21; i++) expect(A[m * 21 + i]).toBe(0);
    }
    expect(Math.abs(A[3])).toBeGreaterThan(0); // a_h is driven through J^zᵀ a_z
  });
});

describe('continuous adjoint [GATE-ADJ-1] [GATE-ADJ-2] vs the discrete adjoint', () => {
  const net = createNetwork(gated, P, 6, 5);
  const errors = (scheme: 'heun' | 'euler') => [0.02, 0.01, 0.005].map((dt) => {
    const traj = storeTrajectory(net, { dt, steps: Math.round(3 / dt) });
    const d = discreteAdjoint(traj, loss), c = continuousAdjoint(traj, loss, { scheme });
    let e = 0, s = 0;
    for (const k of Object.keys(d.gradParams)) { e = Math.max(e, Math.abs(c.gradParams[k] - d.gradParams[k])); s = Math.max(s, Math.abs(d.gradParams[k])); }
    for (let k = 0; k < 3; k++) for (let t = 0; t < 36; t++) { e = Math.max(e, Math.abs(c.gradWeights[k][t] - d.gradWeights[k][t])); s = Math.max(s, Math.abs(d.gradWeights[k][t])); }
    return e / s;
  });

  it('differs from it by O(Δt): measured order ≈ 1 at Δt = 0.02, 0.01, 0.005 (Heun and Euler sweeps)', () => {
    for (const scheme of ['heun', 'euler'] as const) {
      const [e1, e2, e3] = errors(scheme);
      const p1 = Math.log2(e1 / e2), p2 = Math.log2(e2 / e3);
      expect(e1).toBeLessThan(0.1);
      expect(p1).toBeGreaterThan(0.85);
      expect(p1).toBeLessThan(1.15);
      expect(p2).toBeGreaterThan(0.85);
      expect(p2).toBeLessThan(1.15);
    }
  });

  it('rejects unknown schemes, parameters and horizons beyond the stored trajectory', () => {
    const traj = storeTrajectory(net, { dt: DT, steps: 10 });
    expect(() => continuousAdjoint(traj, loss, { scheme: 'rk4' as 'heun' })).toThrow(InvalidParameterError);
    expect(() => discreteAdjoint(traj, loss, { gradParams: ['nope'] })).toThrow(InvalidParameterError);
    expect(() => discreteAdjoint(traj, loss, { steps: 11 })).toThrow(InvalidParameterError);
  });
});

describe('finite-N gradient statistics [GATE-ADJ-4]', () => {
  it('grow with the horizon in the chaotic state (N = 60; J^z gradient identically zero at α_z = 0)', () => {
    // g_h = 3.5, α_r = 8, β_r = 1: λ_max ≈ 0.2 ([GATE-REF-F3]); the DMFT comparison is in test/src/gatedGradients.test.ts.
    const net = createNetwork(gated, { g_h: 3.5, alpha_r: 8, beta_r: 1 }, 60, 1);
    const g = gradientGrowth(net, { horizons: [4, 8, 12, 16], transient: 20 });
    expect(g.meanSquareSlope[1]).toBeNull();
    expect(g.meanSquare[1].every((v) => v === 0)).toBe(true);
    expect(g.rmsGrowthRate[0]!).toBeGreaterThan(0.02);
    expect(g.rmsGrowthRate[2]!).toBeGreaterThan(0.02);
    expect(g.meanSquare[0][3]).toBeGreaterThan(g.meanSquare[0][0]);
    expect(() => gradientGrowth(net, { horizons: [4, 4.01] })).toThrow(InvalidParameterError);
  });
});
