import { describe, expect, it } from 'vitest';
import { Rng } from '@gatefield/numerics';
import { compileModel } from '../src/compile.js';
import { gatedRnnSpec } from '../src/gatedRnn.js';
import { gruSpec } from '../src/gru.js';
import type { CompiledModel } from '../src/compile.js';

const gated = compileModel(gatedRnnSpec());
const gru = compileModel(gruSpec());

function rhsOf(m: CompiledModel, x: number[], y: number[], p: Float64Array): Float64Array {
  const out = new Float64Array(m.stateNames.length);
  m.rhs(Float64Array.from(x), Float64Array.from(y), p, out);
  return out;
}

/** Row-major N×N Gaussian matrix with variance 1/N. */
function matrix(rng: Rng, n: number): Float64Array {
  return rng.normals(n * n, 1 / Math.sqrt(n));
}
function mv(w: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += w[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
}

describe('gated RNN spec [GATE-M-1]..[GATE-M-5]', () => {
  it('has state (h, z, r), fields (a, b_z, b_r) with unit variance and the nine documented parameters', () => {
    expect(gated.stateNames).toEqual(['h', 'z', 'r']);
    expect(gated.fieldNames).toEqual(['a', 'b_z', 'b_r']);
    expect([...gated.paramNames].sort()).toEqual(['alpha_r', 'alpha_z', 'beta_h', 'beta_r', 'beta_z', 'g_h', 'tau_h', 'tau_r', 'tau_z']);
    const p = gated.resolve({ g_h: 2.5 }).vector;
    expect(Array.from(gated.fieldVariance(p))).toEqual([1, 1, 1]);
    expect(() => gated.resolve({ tau_z: 0 })).toThrow(/tau_z/);
    expect(() => gated.resolve({ g_h: 11 })).toThrow(/g_h/);
  });

  it('evaluates the equations of motion [GATE-M-1] exactly at a hand-computed point', () => {
    const pv = { g_h: 1.7, beta_h: 0.3, alpha_z: 2, beta_z: -0.5, alpha_r: 3, beta_r: 0.4, tau_h: 1.3, tau_z: 2, tau_r: 0.7 };
    const p = gated.resolve(pv).vector;
    const [h, z, r, a, bz, br] = [0.4, -0.2, 0.9, 0.35, -0.6, 0.1];
    const f = rhsOf(gated, [h, z, r], [a, bz, br], p);
    const sz = 1 / (1 + Math.exp(-pv.alpha_z * z + pv.beta_z));
    expect(f[0]).toBeCloseTo((sz * (-h + a)) / pv.tau_h, 14);
    expect(f[1]).toBeCloseTo((-z + bz) / pv.tau_z, 14);
    expect(f[2]).toBeCloseTo((-r + br) / pv.tau_r, 14);
    const pre = new Float64Array(3);
    gated.presynaptic(Float64Array.from([h, z, r]), Float64Array.from([a, bz, br]), p, pre);
    const phi = Math.tanh(pv.g_h * h + pv.beta_h);
    const sr = 1 / (1 + Math.exp(-pv.alpha_r * r + pv.beta_r));
    expect(pre[0]).toBeCloseTo(sr * phi, 14);
    expect(pre[1]).toBeCloseTo(phi, 14);
    expect(pre[2]).toBeCloseTo(phi, 14);
  });

  it('matches central finite differences for every non-zero partial, including ∂ḣ/∂z = σ_z′(−h + a)/τ_h [GATE-J-1]', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 20; trial++) {
      const p = gated.resolve({
        g_h: 0.5 + 3 * rng.uniform(), beta_h: rng.uniform() - 0.5, alpha_z: 6 * rng.uniform(), beta_z: rng.uniform() - 0.5,
        alpha_r: 6 * rng.uniform(), beta_r: rng.uniform() - 0.5, tau_h: 0.5 + rng.uniform(), tau_z: 0.5 + rng.uniform(), tau_r: 0.5 + rng.uniform(),
      }).vector;
      const x = rng.normals(3, 0.8);
      const y = rng.normals(3, 0.8);
      const got = new Float64Array(gated.partialList.length);
      gated.partials(x, y, p, got);
      const eps = 1e-6;
      gated.partialList.forEach((q, j) => {
        const out = new Float64Array(3);
        const f = (d: number): number => {
          const xx = Float64Array.from(x), yy = Float64Array.from(y);
          (q.wrt === 'x' ? xx : yy)[q.index] += d;
          (q.kind === 'rhs' ? gated.rhs : gated.presynaptic)(xx, yy, p, out);
          return out[q.of];
        };
        const fd = (f(eps) - f(-eps)) / (2 * eps);
        // central differences: error ~ eps² |f'''| + 1e-16/eps ≈ 1e-10 for these O(10) derivatives
        expect(Math.abs(got[j] - fd), q.formula).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
      });
    }
  });

  it('has the GRU fixed points in the τ_z, τ_r → 0 limit: H = φ(h) solves the GRU fixed-point equation with U_h = g_h J^h, and the slaved flow matches', () => {
    // [GATE-M-7], [OQ-6]: with z, r slaved, h* fixed ⇔ H* = φ(h*) satisfies H = tanh(U_h(σ_r(U_r H) ⊙ H) + β_h).
    const n = 40;
    const rng = new Rng(11);
    const [Jh, Jz, Jr] = [matrix(rng.derive('h'), n), matrix(rng.derive('z'), n), matrix(rng.derive('r'), n)];
    const par = { g_h: 1.6, beta_h: 0.4, alpha_z: 3, beta_z: 0.2, alpha_r: 2, beta_r: 0.3 };
    const pg = gated.resolve({ ...par, tau_z: 1e-3, tau_r: 1e-3 }).vector;
    const pG = gru.resolve(par).vector;
    // Solve the gated fixed point h = J^h(σ_r(J^r φ(h)) φ(h)) by damped iteration (contracting: g_h·s_r < 1 region).
    const sig = (x: number, a: number, b: number) => 1 / (1 + Math.exp(-a * x + b));
    let h = rng.normals(n, 0.3);
    for (let it = 0; it < 2000; it++) {
      const phi = h.map((v) => Math.tanh(par.g_h * v + par.beta_h));
      const r = mv(Jr, phi, n);
      const hn = mv(Jh, phi.map((v, i) => v * sig(r[i], par.alpha_r, par.beta_r)), n);
      h = h.map((v, i) => 0.5 * v + 0.5 * hn[i]);
    }
    const H = h.map((v) => Math.tanh(par.g_h * v + par.beta_h));
    const Uh = Jh.map((v) => par.g_h * v);
    const xi = mv(Jz, H, n), zeta = mv(Jr, H, n);
    const eta = mv(Uh, H.map((v, i) => v * sig(zeta[i], par.alpha_r, par.beta_r)), n).map((v) => v + par.beta_h);
    let gruResidual = 0;
    let slavedDiff = 0;
    for (let i = 0; i < n; i++) {
      const fG = rhsOf(gru, [H[i]], [xi[i], zeta[i], eta[i]], pG)[0];
      gruResidual = Math.max(gruResidual, Math.abs(fG));
    }
    // Flow on the slow manifold: gated ḣ equals σ_z(J^zφ)(−h + J^h(σ_r(J^rφ)φ)) at any h (not only the fixed point).
    const h2 = rng.normals(n, 0.5);
    const phi2 = h2.map((v) => Math.tanh(par.g_h * v + par.beta_h));
    const z2 = mv(Jz, phi2, n), r2 = mv(Jr, phi2, n);
    const a2 = mv(Jh, phi2.map((v, i) => v * sig(r2[i], par.alpha_r, par.beta_r)), n);
    for (let i = 0; i < n; i++) {
      const f = rhsOf(gated, [h2[i], z2[i], r2[i]], [a2[i], z2[i], r2[i]], pg);
      const reduced = sig(z2[i], par.alpha_z, par.beta_z) * (-h2[i] + a2[i]);
      slavedDiff = Math.max(slavedDiff, Math.abs(f[0] - reduced), Math.abs(f[1]), Math.abs(f[2]));
    }
    expect(gruResidual).toBeLessThan(1e-10);
    expect(slavedDiff).toBeLessThan(1e-12);
  });
});
