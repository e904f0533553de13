/**
 * LSTM support [LSTM-RMT-3], the Cassini oval at the origin [LSTM-CAS-1]–[LSTM-CAS-5], [LSTM-REF-2]
 * (theory column), and the gate-controlled spectral radius.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eigvals, ginibre, InvalidParameterError, Rng } from '@gatefield/numerics';
import { compileModel, lstmSpec } from '@gatefield/models';
import { continuousJacobian } from '../../src/discreteTime.js';
import {
  cassiniBoundary,
  cassiniEigenvalues,
  cassiniModulus,
  cassiniRightmost,
  lstmGateSpectralRadius,
  lstmOrigin,
  lstmSiteAverages,
  lstmSupport,
  lstmSupportFunctional,
  lstmSupportSpectralRadius,
  resolveLstmParameters,
} from '../../src/lstm/index.js';

/** [LSTM-REF-2]: f₀ = 0.9, o₀ = i₀ = 0.5, g_c = 1 (β_f = −log 9, β_i = β_o = 0). */
const REF2 = resolveLstmParameters({ g_c: 1, beta_c: 0, alpha_f: 0, beta_f: -Math.log(9), alpha_i: 0, beta_i: 0, alpha_o: 0, beta_o: 0 });

describe('Cassini oval at the origin [LSTM-CAS-1]–[LSTM-CAS-5]', () => {
  it('reproduces the theory column of [LSTM-REF-2]: max |λ+1|·|λ+1−f₀| = 0.25 and rightmost point 0.1227', () => {
    const o = lstmOrigin(REF2);
    expect(o.f0).toBeCloseTo(0.9, 14);
    expect(o.gain).toBeCloseTo(0.25, 14);
    expect(o.rightmost).toBeCloseTo(0.1227, 4);
    expect(cassiniRightmost(o.f0, o.gain)).toBeCloseTo(o.rightmost, 14);
    for (const poly of cassiniBoundary(o.f0, o.gain, 256)) for (const [x, y] of poly) expect(cassiniModulus({ re: x, im: y }, o.f0)).toBeCloseTo(0.25, 12);
  });

  it('is the spectrum of J₀ exactly at finite N: the 2N eigenvalues are −1 + f₀/2 ± √(μ + f₀²/4) over μ ∈ spec(o₀i₀U_c) [LSTM-CAS-1]', () => {
    const n = 120;
    const model = compileModel(lstmSpec());
    const p = resolveLstmParameters({ g_c: 1.7, beta_c: 0, beta_f: -1.2, beta_i: 0.4, beta_o: -0.3, alpha_f: 3, alpha_i: 2, alpha_o: 1 });
    const params = model.resolve(p as unknown as Record<string, number>);
    const root = new Rng(42);
    const weights = ['U_f', 'U_i', 'U_o', 'U_c'].map((m, k) => ginibre(root.derive(m), n, k === 3 ? p.g_c ** 2 : 1));
    const net = { model, n, params, weights, bias: Float64Array.of(0, 0, 0, p.beta_c) };
    const J = continuousJacobian(net, new Float64Array(2 * n));
    const full = eigvals(J, 2 * n);
    const o = lstmOrigin(p);
    const M = weights[3].map((v) => o.o0 * o.i0 * v);
    const mapped = cassiniEigenvalues(eigvals(M, n), o.f0);
    const key = (re: ArrayLike<number>, im: ArrayLike<number>) => Array.from(re, (r, k) => [r, im[k]] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const a = key(full.re, full.im);
    const b = key(mapped.re, mapped.im);
    // sorted lists of the same multiset; compare each eigenvalue with its nearest counterpart
    for (const [x, y] of a) {
      let best = Infinity;
      for (const [u, v] of b) best = Math.min(best, Math.hypot(x - u, y - v));
      expect(best).toBeLessThan(1e-9);
    }
  });

  it('is unstable iff g_c o₀ i₀ > 1 − f₀, i.e. iff its rightmost point is > 0 [LSTM-CAS-3], [LSTM-CAS-4] (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }), (g_c, bf, bi, bo) => {
        const o = lstmOrigin({ g_c, beta_c: 0, beta_f: bf, beta_i: bi, beta_o: bo });
        fc.pre(Math.abs(o.gain - o.oneMinusF0) > 1e-9);
        expect(o.unstable).toBe(o.rightmost > 0);
        expect(o.unstable).toBe(g_c * o.o0 * o.i0 > 1 - o.f0);
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('splits into two ovals around −1 and −(1 − f₀) iff g_c o₀ i₀ < (f₀/2)² [LSTM-CAS-5]: the real axis between them leaves the support', () => {
    for (const [R, split] of [[0.15, true], [0.2, true], [0.21, false], [0.4, false]] as const) {
      const p = resolveLstmParameters({ g_c: R / 0.25, beta_c: 0, beta_f: -Math.log(9), beta_i: 0, beta_o: 0 });
      const o = lstmOrigin(p);
      expect(o.split).toBe(split);
      expect(cassiniBoundary(o.f0, o.gain).length).toBe(split ? 2 : 1);
      // at the midpoint of the foci |λ+1||λ+1−f₀| = (f₀/2)² = 0.2025
      const av = lstmSiteAverages(0, p);
      const mid = -1 + o.f0 / 2;
      expect(lstmSupportFunctional(mid, 0, av) >= 1).toBe(!split);
      const s = lstmSupport(av, true, { boundaryPoints: 64 });
      expect(s.abscissa).toBeCloseTo(o.rightmost, 11);
      expect(s.leftEdge).toBeCloseTo(o.leftmost, 11);
    }
  });
});

describe('LSTM support [LSTM-RMT-3], [NUM-8]', () => {
  it('reduces to the Cassini oval at C = 0: every traced boundary point satisfies |λ+1||λ+1−f₀| = g_c o₀ i₀', () => {
    const av = lstmSiteAverages(0, REF2);
    const s = lstmSupport(av, true, { boundaryPoints: 128 });
    expect(s.segment).toEqual([-(1 - 0.9), -(1 - 0.9)].map((v) => expect.closeTo(v, 14)));
    for (const [x, y] of s.boundary) if (y !== 0) expect(cassiniModulus({ re: x, im: y }, 0.9)).toBeCloseTo(0.25, 9);
    expect(s.abscissa).toBeCloseTo(0.12268120235, 10);
  });

  it('has Λ(x + iy) decreasing in |y| and equal to 1 on the traced boundary, the segment [−1, 0] for α_f > 0, and λ = 0 in the bulk iff Γ² > 1', () => {
    const p = resolveLstmParameters({ g_c: 2, beta_c: 0.5, alpha_f: 2, beta_f: -0.5, alpha_i: 2, beta_i: 0.3, alpha_o: 1.5, beta_o: -0.2 });
    const av = lstmSiteAverages(0.3, p);
    const s = lstmSupport(av, false, { boundaryPoints: 64 });
    expect(s.segment).toEqual([-1, 0]);
    expect(s.gamma2).toBeCloseTo(av.gamma2, 12);
    expect(s.originInBulk).toBe(av.gamma2 > 1);
    expect(s.abscissa > 0).toBe(av.gamma2 > 1);
    for (const [x, y] of s.boundary) {
      if (y <= 1e-6) continue;
      expect(lstmSupportFunctional(x, y, av)).toBeCloseTo(1, 8);
      expect(lstmSupportFunctional(x, 1.1 * y, av)).toBeLessThan(1);
    }
    expect(lstmSupportFunctional(s.leftEdge, 0, av)).toBeCloseTo(1, 9);
  });

  it('gives the [LSTM-REF-1] left edge −1.6163 for the candidate β_i = β_o = β_c = 0, C = 0.4 (quadrature-converged to 1e-6; the table records −1.617, see refValues)', () => {
    const p = resolveLstmParameters({ g_c: 3, beta_c: 0, alpha_f: 6, beta_f: -1, alpha_i: 3, beta_i: 0, alpha_o: 3, beta_o: 0 });
    const a = lstmSupport(lstmSiteAverages(0.4, p), false, { boundaryPoints: 16 });
    const b = lstmSupport(lstmSiteAverages(0.4, p, { gate: { gateNodes: 128, pointsPerWidth: 5 }, cell: { order: 12 }, cellTableNodes: 20 }), false, { boundaryPoints: 16 });
    expect(Math.abs(a.leftEdge - b.leftEdge)).toBeLessThan(1e-6);
    expect(a.leftEdge).toBeCloseTo(-1.61629, 5);
    expect(a.abscissa).toBeCloseTo(0.05117, 4);
    expect(a.gamma2).toBeCloseTo(1579.87, 1);
  });

  it('rejects bad options', () => {
    const av = lstmSiteAverages(0, REF2);
    expect(() => lstmSupport(av, true, { boundaryPoints: 2 })).toThrow(InvalidParameterError);
    expect(() => lstmOrigin({ ...REF2, beta_c: 0.1 })).toThrow(/beta_c/);
  });
});

describe('"Output and input gates set the spectral radius" (spectralRadius.ts, [LSTM-CAS-2])', () => {
  it('is 1 − f₀/2 + √(f₀²/4 + g_c o₀ i₀), the largest |λ| on the Cassini oval, strictly increasing in o₀ and i₀ (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (g, f0, i0, o0) => {
          const r = lstmGateSpectralRadius(g, f0, i0, o0);
          let max = 0;
          for (const poly of cassiniBoundary(f0, g * o0 * i0, 720)) for (const [x, y] of poly) max = Math.max(max, Math.hypot(x, y));
          expect(Math.abs(r.radius - max)).toBeLessThan(1e-9 * r.radius);
          expect(lstmGateSpectralRadius(g, f0, i0, Math.min(1, o0 + 0.01)).radius).toBeGreaterThan(r.radius);
          expect(lstmGateSpectralRadius(g, f0, Math.min(1, i0 + 0.01), o0).radius).toBeGreaterThan(r.radius);
          expect(r.dRadiusDo0).toBeGreaterThan(0);
          // the derivative is the slope of the radius
          const h = 1e-6;
          const fd = (lstmGateSpectralRadius(g, f0, i0, o0 + h).radius - lstmGateSpectralRadius(g, f0, i0, o0 - h).radius) / (2 * h);
          expect(Math.abs(fd - r.dRadiusDo0!)).toBeLessThan(1e-5 * Math.max(1, fd));
        },
      ),
      { seed: 23, numRuns: 60 },
    );
  });

  it('matches max |λ| over the traced support at the origin', () => {
    const av = lstmSiteAverages(0, REF2);
    const s = lstmSupport(av, true, { boundaryPoints: 512 });
    const o = lstmOrigin(REF2);
    expect(lstmSupportSpectralRadius(s)).toBeCloseTo(lstmGateSpectralRadius(1, o.f0, o.i0, o.o0).radius, 9);
  });
});
