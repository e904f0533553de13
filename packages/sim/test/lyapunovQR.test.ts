/**
 * The QR (Benettin) engine on systems with known exponents, the matrix-free tangent map against the
 * dense Jacobian, and the QR λ_max against the two-trajectory estimate ([GATE-NUM-5]).
 */
import { describe, expect, it } from 'vitest';
import { getModel } from '@gatefield/models';
import { Rng } from '@gatefield/numerics';
import { createNetwork, initialState, jacobianAtState } from '../src/index.js';
import { type DiscreteSystem, benettin, eulerNetworkSystem, networkLyapunovQR, twoTrajectoryLyapunov } from '../src/lyapunovQR.js';

/** Euler flow ẋ = A x (A dense d×d row-major) as a DiscreteSystem. */
function linearEuler(a: Float64Array, d: number, dt: number): DiscreteSystem {
  const tmp = new Float64Array(d);
  const mul = (v: Float64Array, off: number) => {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[i * d + j] * v[off + j];
      tmp[i] = s;
    }
    for (let i = 0; i < d; i++) v[off + i] += dt * tmp[i];
  };
  return { dim: d, timePerStep: dt, step: (x, q, k) => { for (let j = 0; j < k; j++) mul(q, j * d); mul(x, 0); } };
}

describe('Benettin QR engine on systems with known exponents', () => {
  it('recovers ln|a_i| of a diagonal map x_i ← a_i x_i to 1e-12 (the frame aligns exactly after one step)', () => {
    const a = [2, -0.5, 1.3, 0.1];
    const sys: DiscreteSystem = { dim: 4, timePerStep: 1, step: (x, q, k) => { for (let j = 0; j < k; j++) for (let i = 0; i < 4; i++) q[j * 4 + i] *= a[i]; for (let i = 0; i < 4; i++) x[i] *= a[i]; } };
    const r = benettin(sys, new Float64Array(4), { k: 4, steps: 200, transientSteps: 50, reorthEvery: 5, seed: 3 });
    const want = a.map((v) => Math.log(Math.abs(v))).sort((p, q) => q - p);
    r.exponents.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });

  it('recovers the Euler-map exponents ln|1 + dt·λ_i|/dt of a non-normal linear ODE with eigenvalues 0.3, −0.2, −0.7, −1.5 to 2e-3', () => {
    // A = S Λ S⁻¹ with a non-orthogonal S (upper triangular, unit diagonal), so Q must really rotate.
    const lam = [0.3, -0.2, -0.7, -1.5];
    const d = 4;
    const S = [1, 0.8, -0.5, 0.3, 0, 1, 0.9, -0.4, 0, 0, 1, 0.7, 0, 0, 0, 1];
    // S⁻¹ by back substitution (unit upper triangular).
    const Si = new Float64Array(16);
    for (let c = 0; c < d; c++) for (let i = d - 1; i >= 0; i--) {
      let s = i === c ? 1 : 0;
      for (let j = i + 1; j < d; j++) s -= S[i * d + j] * Si[j * d + c];
      Si[i * d + c] = s;
    }
    const A = new Float64Array(16);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) { let s = 0; for (let m = 0; m < d; m++) s += S[i * d + m] * lam[m] * Si[m * d + j]; A[i * d + j] = s; }
    const dt = 0.01;
    const r = benettin(linearEuler(A, d, dt), new Float64Array(d), { k: 4, steps: 40000, transientSteps: 2000, reorthEvery: 10, seed: 1 });
    const want = lam.map((l) => Math.log(Math.abs(1 + dt * l)) / dt);
    // Error of a finite-time estimate: O(ln(cond S)/T) = O(1/400); measured ≈ 5e-4.
    r.exponents.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(2e-3));
    expect(r.settings).toMatchObject({ k: 4, reorthEvery: 10, seed: 1 });
  });
});

describe('matrix-free tangent map of a network', () => {
  it('equals (1 + dt·D)Q with D the dense Jacobian jacobianAtState, for the GRU (field-dependent presynaptic) and vanilla models', () => {
    for (const [name, params] of [['gru', { g_h: 2, alpha_z: 3, beta_z: 0.5, alpha_r: 4, beta_r: -0.3, beta_h: 0.2 }], ['vanilla', { g: 1.7 }]] as const) {
      const net = createNetwork(getModel(name), params, 30, 5);
      const x = initialState(net, 0.8);
      const d = x.length, k = 3;
      const q = new Rng(2).normals(d * k);
      const q0 = Float64Array.from(q);
      const dt = 0.05;
      const J = jacobianAtState(net, x);
      eulerNetworkSystem(net, dt).step(Float64Array.from(x), q, k);
      let err = 0;
      for (let j = 0; j < k; j++) for (let i = 0; i < d; i++) {
        let s = q0[j * d + i];
        for (let m = 0; m < d; m++) s += dt * J[i * d + m] * q0[j * d + m];
        err = Math.max(err, Math.abs(s - q[j * d + i]));
      }
      expect(err, name).toBeLessThan(1e-12);
    }
  });
});

describe('network Lyapunov exponents', () => {
  it('QR λ_max agrees with two-trajectory divergence for a chaotic vanilla network (g = 2, N = 100) within their finite-time spreads', () => {
    const net = createNetwork(getModel('vanilla'), { g: 2 }, 100, 4);
    const qr = networkLyapunovQR(net, { k: 2, steps: 8000, transientSteps: 2000, dt: 0.05, seed: 1 });
    const tt = twoTrajectoryLyapunov(net, { steps: 8000, transientSteps: 2000, dt: 0.05, seed: 1 });
    expect(qr.exponents[0]).toBeGreaterThan(0.05); // SCS at g = 2: λ_max ≈ 0.2–0.3
    expect(qr.exponents[0]).toBeGreaterThan(qr.exponents[1]);
    // Same trajectory, different estimators; both have O(1/√T) fluctuations ~ 0.02 at T = 400.
    expect(Math.abs(qr.exponents[0] - tt.lambdaMax)).toBeLessThan(0.03);
  });

  it('gives negative exponents ≈ −1 + O(g) for a stable vanilla network (g = 0.5): λ_1 within the disk bound −1 ± g', () => {
    const net = createNetwork(getModel('vanilla'), { g: 0.5 }, 50, 2);
    const r = networkLyapunovQR(net, { k: 3, steps: 2000, transientSteps: 1000, seed: 0 });
    for (const v of r.exponents) {
      expect(v).toBeLessThan(-0.3);
      expect(v).toBeGreaterThan(-1.7);
    }
  });
});
