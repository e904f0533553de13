/**
 * The tensor-product ε = 0 passes (`scbaTensorPass.ts`, [GRU-SCBA-3], [GRU-SCBA-5]) against the
 * grouped passes of `scbaDensityPass.ts` on tensor rules, and the recognition of tensor rules.
 */
import { describe, expect, it } from 'vitest';
import { contourMass, gruMapSites, gruQuadratureSites, gruSites, resolveGruParameters, scbaGreenFunction, solveGruMeanField } from '../../src/index.js';
import { evalGaugeJacobianAndDensity, evalMapGauge, gaugeCtx } from '../../src/rmt/scbaDensityPass.js';
import { evalMap, makeCtx } from '../../src/rmt/scbaEquations.js';
import { evalGreenTensor, evalMapTensor, evalTensorJacobianAndDensity, tensorGaugeCtx } from '../../src/rmt/scbaTensorPass.js';

const rel = (a: number, b: number, scale: number) => Math.abs(a - b) / scale;

// Bounds. Same formulas, summed in another order and grouping (≤ 10 240 terms): measured ≤ 1.1e-14
// relative to each array's largest entry; the bound 1e-12 leaves two decades. Through a solve
// (scbaGreenFunction) both paths stop at the solver tolerance 1e-12 on the residual, so G (1e-11),
// ρ (1e-10: its implicit derivative amplifies that) and a disk mass (1e-11 absolute) differ more.

function compare(sites: ReturnType<typeof gruSites>, params: { gH2: number; sigmaUr2?: number }, lambda: { re: number; im: number }, perturb: readonly number[]) {
  const c = makeCtx(sites, params);
  const tc = tensorGaugeCtx(c);
  expect(tc).not.toBeNull();
  if (!tc) return;
  const gc = gaugeCtx(c);
  const x = Float64Array.from(scbaGreenFunction(sites, params).solve(lambda).state.x, (v, k) => v * perturb[k]);
  const F = new Float64Array(4);
  const J = new Float64Array(16);
  const t = new Float64Array(18);
  evalGaugeJacobianAndDensity(gc, lambda.re, lambda.im, x, J, t, F);
  const F2 = new Float64Array(4);
  const J2 = new Float64Array(16);
  const t2 = new Float64Array(18);
  evalTensorJacobianAndDensity(tc, lambda.re, lambda.im, x, J2, t2, F2);
  const F3 = new Float64Array(4);
  evalMapTensor(tc, lambda.re, lambda.im, x, F3);
  const G = new Float64Array(2);
  evalMap(c, lambda.re, lambda.im, 0, x, new Float64Array(4), null, G);
  const G2 = new Float64Array(2);
  evalGreenTensor(tc, lambda.re, lambda.im, x, G2);
  const gScale = Math.hypot(G[0], G[1]);
  const F4 = new Float64Array(4);
  evalMapGauge(gc, lambda.re, lambda.im, x, F4);
  const jScale = Math.max(...J.map(Math.abs));
  const tScale = Math.max(...t.map(Math.abs));
  let worst = 0;
  for (let k = 0; k < 4; k++) {
    worst = Math.max(worst, rel(F2[k], F[k], Math.abs(F[k])), rel(F3[k], F4[k], Math.abs(F4[k])));
  }
  for (let k = 0; k < 16; k++) worst = Math.max(worst, rel(J2[k], J[k], jScale));
  for (let k = 0; k < 18; k++) worst = Math.max(worst, rel(t2[k], t[k], tScale));
  for (let k = 0; k < 2; k++) worst = Math.max(worst, rel(G2[k], G[k], gScale));
  return worst;
}

describe('tensor-product ε = 0 passes', () => {
  const raw = { g_h: 3, alpha_z: 2, alpha_r: 2 };
  const p = resolveGruParameters(raw);
  const root = solveGruMeanField(raw).roots.slice(-1)[0];
  const def = gruQuadratureSites(root, p);
  const params = { gH2: p.g_h ** 2 };

  it('recognises the default GRU quadrature rule as 40 ξ-nodes × 256 merged items', () => {
    const tc = tensorGaugeCtx(makeCtx(def, params));
    expect(tc?.nXi).toBe(40);
    expect(tc?.nJ).toBe(256);
    let tot = 0;
    for (const v of tc?.v ?? []) tot += v;
    expect(Math.abs(tot - 1)).toBeLessThan(1e-14);
  });

  it('rejects samples that are not tensor rules', () => {
    const s = [0.3, 0.6, 1, 0.6, 0.3];
    const sites = gruSites({ s, l: [0.36, 0.5, 1.2, 0.7, 0.2], rho: [1, 0.8, 1, 0.5, 0.7], d: [0.3, -0.2, 0.5, 0.1, 0.4] }, [0.2, 0.2, 0.3, 0.15, 0.15]);
    expect(tensorGaugeCtx(makeCtx(sites, params))).toBeNull();
    // same items, different relative weights in the second group
    const t = gruSites({ s: [0.3, 0.3, 0.6, 0.6], l: [0.3, 0.6, 0.6, 1.2], rho: [1, 0.5, 1, 0.5], d: [0, 0, 0, 0] }, [0.25, 0.25, 0.3, 0.2]);
    expect(tensorGaugeCtx(makeCtx(t, params))).toBeNull();
    const u = gruSites({ s: [0.3, 0.3, 0.6, 0.6], l: [0.3, 0.6, 0.6, 1.2], rho: [1, 0.5, 1, 0.5], d: [0, 0, 0, 0] }, [0.25, 0.25, 0.3, 0.3]);
    expect(tensorGaugeCtx(makeCtx(u, params))?.nXi).toBe(2);
  });

  it('accepts a group that holds two ξ-nodes with the same s (a saturated gate)', () => {
    const u = gruSites({ s: [0.3, 0.3, 1, 1, 1, 1], l: [0.3, 0.6, 1, 2, 1, 2], rho: [1, 0.5, 1, 0.5, 1, 0.5], d: [0.1, 0.2, 0.1, 0.2, 0.1, 0.2] }, [0.1, 0.1, 0.2, 0.2, 0.2, 0.2]);
    const tc = tensorGaugeCtx(makeCtx(u, params));
    expect(tc?.nXi).toBe(2);
    expect(Array.from(tc?.W ?? [])).toEqual([0.2, 0.8]);
    expect(compare(u, { gH2: 2, sigmaUr2: 1.3 }, { re: -0.6, im: 0.4 }, [1.1, 0.9, 1.2, 0.8])).toBeLessThan(1e-12);
  });

  for (const [name, lambda, perturb] of [
    ['at a solution inside the bulk', { re: -0.7, im: 0.3 }, [1, 1, 1, 1]],
    ['near the real axis', { re: -0.45, im: 1e-3 }, [1, 1, 1, 1]],
    ['off the solution and off the gauge a₁ = a₂', { re: -0.4, im: 0.1 }, [1.3, 0.6, 0.9, 1.2]],
  ] as const) {
    it(`equals the grouped passes on the default rule ${name}`, () => {
      expect(compare(def, params, lambda, perturb)).toBeLessThan(1e-12);
    });
  }

  it('gives the pole sum G = ⟨1/(λ + s)⟩ at x = 0 (outside the bulk)', () => {
    const c = makeCtx(def, params);
    const tc = tensorGaugeCtx(c);
    const G = new Float64Array(2);
    evalGreenTensor(tc as NonNullable<typeof tc>, 0.4, 0.3, new Float64Array(4), G);
    let re = 0;
    let im = 0;
    for (let i = 0; i < def.weights.length; i++) {
      const wr = 0.4 + def.s[i];
      const d = wr * wr + 0.09;
      re += (def.weights[i] * wr) / d;
      im -= (def.weights[i] * 0.3) / d;
    }
    // 20 480 terms in a different order: rounding ≲ √n ε ≈ 3e-14, bound 1e-12
    expect(Math.abs(G[0] - re)).toBeLessThan(1e-12 * Math.abs(re));
    expect(Math.abs(G[1] - im)).toBeLessThan(1e-12 * Math.abs(im));
  });

  it('gives the same G, density and disk masses through scbaGreenFunction as the plain sums (tensorPasses: false)', () => {
    const fast = scbaGreenFunction(def, params);
    const plain = scbaGreenFunction(def, params, { tensorPasses: false });
    for (const l of [{ re: -0.7, im: 0.3 }, { re: -0.45, im: 1e-3 }, { re: 0.3, im: 0.2 }, { re: -1.2, im: 0.05 }]) {
      const a = fast.solve(l);
      const b = plain.solve(l);
      expect(a.inBulk).toBe(b.inBulk);
      expect(Math.abs(a.G.re - b.G.re) + Math.abs(a.G.im - b.G.im)).toBeLessThan(1e-11 * Math.hypot(b.G.re, b.G.im));
      const da = fast.densityAt(l);
      const db = plain.densityAt(l);
      expect(Math.abs(da.density - db.density)).toBeLessThanOrEqual(1e-10 * Math.abs(db.density));
    }
    const disk = { centre: { re: -0.5, im: 0 }, radius: 0.3 };
    const ma = contourMass(fast, disk, { tolerance: 1e-6 });
    const mb = contourMass(plain, disk, { tolerance: 1e-6 });
    expect(Math.abs(ma.mass - mb.mass)).toBeLessThan(1e-11);
    expect(() => scbaGreenFunction(def, params, { tensorPasses: 'yes' as never })).toThrow(/tensorPasses/);
  });

  it('equals the grouped passes on the map rule and with σ² ≠ 1 on a sharp reset gate', () => {
    expect(compare(gruMapSites(root, p), params, { re: -0.6, im: 0.2 }, [1, 1, 1, 1])).toBeLessThan(1e-12);
    const rawQ = { g_h: 2.5, alpha_z: 1, alpha_r: 10, beta_r: 1 };
    const q = resolveGruParameters(rawQ);
    const rq = solveGruMeanField(rawQ).roots.slice(-1)[0];
    expect(compare(gruQuadratureSites(rq, q), { gH2: q.g_h ** 2, sigmaUr2: 1.7 }, { re: -0.5, im: 0.3 }, [1.2, 0.8, 1.1, 0.9])).toBeLessThan(1e-12);
  });
});
