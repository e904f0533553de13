import { describe, expect, it } from 'vitest';
import { type CompiledModel, getModel } from '@gatefield/models';
import { InvalidParameterError, Rng } from '@gatefield/numerics';
import {
  type Network,
  assembleJacobian,
  computeFields,
  createNetwork,
  findFixedPoint,
  iidDiagonalJacobian,
  jacobianAtState,
  partialValues,
  resolveFixedPointFlow,
  spectrum,
  vectorField,
} from '../src/index.js';

/** Central differences of the full vector field, column by column. */
function fdJacobian(net: Network, x: Float64Array, h = 1e-6): Float64Array {
  const size = x.length;
  const out = new Float64Array(size * size);
  const xp = Float64Array.from(x);
  for (let c = 0; c < size; c++) {
    xp[c] = x[c] + h;
    const fp = vectorField(net, xp);
    xp[c] = x[c] - h;
    const fm = vectorField(net, xp);
    xp[c] = x[c];
    for (let r = 0; r < size; r++) out[r * size + c] = (fp[r] - fm[r]) / (2 * h);
  }
  return out;
}

const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * FD error: h² |F‴|/6 + ε|F|/h with h = 1e-6 — about 1e-10 for these O(1)-gain models — so 1e-7 is
 * safe, while any missing or wrong Jacobian term is O(0.01–1) (checked by the "able to fail" cases).
 */
const FD_TOL = 1e-7;

const CASES: [string, Record<string, number>][] = [
  ['vanilla', { g: 1.7, beta_h: 0.4 }],
  ['gru', { g_h: 1.8, beta_h: 0.3, alpha_z: 3, beta_z: 0.5, alpha_r: 2.5, beta_r: -0.4 }],
  ['gru-reset-after', { g_h: 1.8, beta_h: 0.3, alpha_z: 3, beta_z: 0.5, alpha_r: 2.5, beta_r: -0.4 }],
];

describe('jacobianAtState', () => {
  for (const [name, params] of CASES) {
    it(`equals central finite differences of the full vector field for ${name} at a random (non-fixed-point) state`, () => {
      const model = getModel(name);
      const n = 45;
      const net = createNetwork(model, params, n, 31);
      const x = new Rng(5).normals(n * model.stateNames.length);
      expect(maxAbs(vectorField(net, x))).toBeGreaterThan(0.1); // really off any fixed point
      const J = jacobianAtState(net, x);
      expect(maxDiff(J, fdJacobian(net, x))).toBeLessThan(FD_TOL);
    });
  }

  it('includes the update-gate term diag(σ′_z F) U_z off fixed points (dropping it breaks the FD check)', () => {
    const model = getModel('gru');
    const n = 40;
    const net = createNetwork(model, CASES[1][1], n, 8);
    const x = new Rng(6).normals(n);
    const y = computeFields(net, x);
    const values = partialValues(net, x, y);
    const jXi = model.partialIndex('rhs', 'h', 'xi');
    const L = model.partialList.length;
    let big = 0;
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(values[i * L + jXi]));
    expect(big).toBeGreaterThan(0.1);
    for (let i = 0; i < n; i++) values[i * L + jXi] = 0;
    expect(maxDiff(assembleJacobian(net, values), fdJacobian(net, x))).toBeGreaterThan(1e-3);
  });

  it('is exact when a per-unit diagonal vanishes identically (α_r = 0 skips the reset-derivative product)', () => {
    const model = getModel('gru');
    const n = 35;
    const net = createNetwork(model, { g_h: 1.5, beta_h: 0.2, alpha_z: 2, alpha_r: 0, beta_r: 1 }, n, 3);
    const x = new Rng(7).normals(n);
    expect(maxDiff(jacobianAtState(net, x), fdJacobian(net, x))).toBeLessThan(FD_TOL);
  });

  it('assembles the Jacobian of a fixed-point flow given as a bare kernel (finite-difference partials) like the compiled one', () => {
    const model = getModel('gru');
    const n = 30;
    const net = createNetwork(model, CASES[1][1], n, 12);
    const x = new Rng(8).normals(n);
    const compiled = resolveFixedPointFlow(model, { h: '-h + tanh(eta)' });
    const kernel = resolveFixedPointFlow(model, (xs, ys, _p, out) => {
      out[0] = -xs[0] + Math.tanh(ys[2]);
    });
    expect(kernel.source).toBe('kernel');
    const Jc = jacobianAtState(net, x, { flow: compiled });
    const Jk = jacobianAtState(net, x, { flow: kernel });
    // Central differences at h = ε^{1/3}: error ~ ε^{2/3} ≈ 4e-11 per partial.
    expect(maxDiff(Jc, Jk)).toBeLessThan(1e-8);
  });

  it('rejects a state of the wrong length with InvalidParameterError', () => {
    const net = createNetwork(getModel('vanilla'), {}, 10, 1);
    expect(() => jacobianAtState(net, new Float64Array(9))).toThrow(InvalidParameterError);
  });
});

describe('Jacobian at a GRU fixed point', () => {
  it('has no update-gate term: the Jacobian from the state equals the one with ∂F/∂ξ zeroed ([GRU-J-3])', () => {
    const model = getModel('gru');
    const n = 120;
    const net = createNetwork(model, { g_h: 2, beta_h: 1.5, alpha_r: 4, alpha_z: 6, beta_z: 1 }, n, 21);
    const fp = findFixedPoint(net, { fixedPointFlow: { h: '-h + tanh(eta)' } });
    const values = partialValues(net, fp.state, fp.fields);
    const J = assembleJacobian(net, values);
    const L = model.partialList.length;
    const jXi = model.partialIndex('rhs', 'h', 'xi');
    for (let i = 0; i < n; i++) values[i * L + jXi] = 0;
    // |∂F/∂ξ| = α_z s(1−s)|F_fp| ≤ 6/4 · 1e-10, times |U_z| row sums O(√N): < 1e-8.
    expect(maxDiff(J, assembleJacobian(net, values))).toBeLessThan(1e-8);
    // J* = S · J_fp where J_fp is the Jacobian of the ungated flow ([NUM-12]: "form J* by adding S").
    const Jfp = jacobianAtState(net, fp.state, { flow: resolveFixedPointFlow(model, { h: '-h + tanh(eta)' }) });
    const s = fp.fields.subarray(0, n).map((xi) => 1 / (1 + Math.exp(-(6 * xi - 1))));
    let d = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d = Math.max(d, Math.abs(J[i * n + j] - s[i] * Jfp[i * n + j]));
    expect(d).toBeLessThan(1e-8);
  });
});

describe('iidDiagonalJacobian', () => {
  const sigmoid = (x: number, a: number, b: number) => 1 / (1 + Math.exp(-(a * x - b)));
  const P = { g_h: 2, beta_h: 1.5, alpha_z: 2, beta_z: 0.5, alpha_r: 4, beta_r: 0.3 };

  /** Sites drawn independently of the weights (MF-like laws [GRU-MF-1], but any law would do). */
  function sites(n: number, seed: number) {
    const rng = new Rng(seed);
    const h = rng.normals(n, Math.sqrt(0.69));
    const xi = rng.normals(n, Math.sqrt(0.69)), zeta = rng.normals(n, Math.sqrt(0.69)), eta = rng.normals(n, Math.sqrt(1.08), 1.5);
    const y = new Float64Array(3 * n);
    y.set(xi, 0);
    y.set(zeta, n);
    y.set(eta, 2 * n);
    return { h, xi, zeta, eta, x: h, y };
  }

  it('equals the explicit GRU construction S[−1 + Φ′U_h(P + D U_r)] + diag(σ′_z F) U_z for given diagonals ([GRU-J-1])', () => {
    const n = 50;
    const net = createNetwork(getModel('gru'), P, n, 17);
    const st = sites(n, 99);
    const J = iidDiagonalJacobian(net, { x: st.x, y: st.y });
    const [Uz, Ur, Uh] = net.weights;
    const explicit = new Float64Array(n * n);
    const s = new Float64Array(n), rho = new Float64Array(n), php = new Float64Array(n), D = new Float64Array(n), zF = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = sigmoid(st.xi[i], P.alpha_z, P.beta_z);
      rho[i] = sigmoid(st.zeta[i], P.alpha_r, P.beta_r);
      php[i] = 1 / Math.cosh(st.eta[i]) ** 2;
      D[i] = st.h[i] * P.alpha_r * rho[i] * (1 - rho[i]);
      zF[i] = P.alpha_z * s[i] * (1 - s[i]) * (-st.h[i] + Math.tanh(st.eta[i]));
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let m = Uh[i * n + j] * rho[j];
      for (let l = 0; l < n; l++) m += Uh[i * n + l] * D[l] * Ur[l * n + j];
      explicit[i * n + j] = s[i] * ((i === j ? -1 : 0) + php[i] * m) + zF[i] * Uz[i * n + j];
    }
    expect(maxDiff(J, explicit)).toBeLessThan(1e-12);
  });

  it('has trace Σ_i [−s_i + s_i φ′_i (U_h,ii ρ_i + Σ_l U_h,il D_l U_r,li) + σ′_z,i F_i U_z,ii], matched by Σλ', () => {
    const n = 60;
    const net = createNetwork(getModel('gru'), P, n, 18);
    const st = sites(n, 100);
    const J = iidDiagonalJacobian(net, { x: st.x, y: st.y });
    const [Uz, Ur, Uh] = net.weights;
    let tr = 0;
    for (let i = 0; i < n; i++) {
      const s = sigmoid(st.xi[i], P.alpha_z, P.beta_z), rho = sigmoid(st.zeta[i], P.alpha_r, P.beta_r);
      const php = 1 / Math.cosh(st.eta[i]) ** 2;
      let loop = Uh[i * n + i] * rho;
      for (let l = 0; l < n; l++) loop += Uh[i * n + l] * st.h[l] * P.alpha_r * sigmoid(st.zeta[l], P.alpha_r, P.beta_r) * (1 - sigmoid(st.zeta[l], P.alpha_r, P.beta_r)) * Ur[l * n + i];
      tr += -s + s * php * loop + P.alpha_z * s * (1 - s) * (-st.h[i] + Math.tanh(st.eta[i])) * Uz[i * n + i];
    }
    let trJ = 0;
    for (let i = 0; i < n; i++) trJ += J[i * n + i];
    expect(Math.abs(trJ - tr)).toBeLessThan(1e-12 * n);
    const sp = spectrum(J, n);
    expect(Math.abs(sp.re.reduce((a, v) => a + v, 0) - tr)).toBeLessThan(1e-10);
  });

  it('reproduces jacobianAtState when the sites are a state and its own fields', () => {
    for (const name of ['gru', 'gru-reset-after', 'vanilla']) {
      const model: CompiledModel = getModel(name);
      const n = 25;
      const net = createNetwork(model, name === 'vanilla' ? { g: 1.3 } : P, n, 4);
      const x = new Rng(1).normals(n);
      const J1 = jacobianAtState(net, x);
      const J2 = iidDiagonalJacobian(net, { x, y: computeFields(net, x) });
      expect(maxDiff(J1, J2), name).toBe(0);
    }
  });

  it('rejects site arrays of the wrong length or with non-finite entries', () => {
    const net = createNetwork(getModel('gru'), P, 10, 1);
    expect(() => iidDiagonalJacobian(net, { x: new Float64Array(10), y: new Float64Array(20) })).toThrow(InvalidParameterError);
    const y = new Float64Array(30);
    y[3] = NaN;
    expect(() => iidDiagonalJacobian(net, { x: new Float64Array(10), y })).toThrow(InvalidParameterError);
  });
});
