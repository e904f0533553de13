/**
 * LSTM sites (compiled kernels), the Ψ-formula density normalised over 2N [LSTM-RMT-4],
 * masses [LSTM-RMT-5] and slow modes [OQ-15].
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError, logistic, Rng, sech2 } from '@gatefield/numerics';
import { psiLogPotential } from '../../src/rmt/logPotential.js';
import {
  cassiniDensity,
  countingNoise,
  lstmDiskMasses,
  lstmLogPotential,
  lstmMeanA,
  lstmOrigin,
  lstmPsiModel,
  lstmQuadratureSites,
  lstmSiteAverages,
  lstmSitesFromFields,
  lstmSlowModes,
  lstmSupportFunctional,
  resolveLstmParameters,
  sampleLstmSites,
  slowForgetProbability,
} from '../../src/lstm/index.js';

const REF1 = resolveLstmParameters({ g_c: 3, beta_c: 0, alpha_f: 6, beta_f: -1, alpha_i: 3, beta_i: 0, alpha_o: 3, beta_o: 0 });
const MILD = resolveLstmParameters({ g_c: 2, beta_c: 0.5, alpha_f: 2, beta_f: -0.5, alpha_i: 2, beta_i: 0.3, alpha_o: 1.5, beta_o: -0.2 });

describe('LSTM sites from the compiled kernels (sites.ts)', () => {
  it('evaluate c*, h* and the factors A, D_c, B_f, B_i, B_c, 1 − f to their closed forms [LSTM-MF-2], [LSTM-J-2] (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }), ([uf, ui, uo, uc]) => {
        const p = MILD;
        const s = lstmSitesFromFields(p, { uf: [uf], ui: [ui], uo: [uo], uc: [uc] });
        const tf = p.alpha_f * uf - p.beta_f;
        const ti = p.alpha_i * ui - p.beta_i;
        const to = p.alpha_o * uo - p.beta_o;
        const [f, omf, i, o] = [logistic(tf), logistic(-tf), logistic(ti), logistic(to)];
        const c = (i * Math.tanh(uc)) / omf;
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-13 * Math.max(1, Math.abs(b)));
        close(s.c[0], c);
        close(s.h[0], o * Math.tanh(c));
        close(s.omf[0], omf);
        close(s.A[0], Math.tanh(c) * p.alpha_o * o * logistic(-to));
        close(s.Dc[0], o * sech2(c));
        close(s.Bf[0], c * p.alpha_f * f * omf);
        close(s.Bi[0], Math.tanh(uc) * p.alpha_i * i * logistic(-ti));
        close(s.Bc[0], i * sech2(uc));
        close(s.Y[0], s.Dc[0] ** 2 * (s.Bf[0] ** 2 + s.Bi[0] ** 2 + p.g_c ** 2 * s.Bc[0] ** 2));
      }),
      { seed: 3, numRuns: 50 },
    );
  });

  it('stay finite when 1 − f underflows at the largest forget gain (c* clamped, decoupled site)', () => {
    const p = resolveLstmParameters({ ...MILD, alpha_f: 1000, beta_f: -50 });
    const s = lstmSitesFromFields(p, { uf: [3, -3, 0.5], ui: [0.1, 0.2, 0.3], uo: [0, 0, 0], uc: [0.4, 0, -0.2] });
    for (const k of ['c', 'h', 'A', 'Dc', 'Bf', 'Bi', 'Bc', 'X', 'Y', 'omf'] as const) for (const v of s[k]) expect(Number.isFinite(v)).toBe(true);
    expect(s.Y[0]).toBe(0);
    expect(() => lstmSitesFromFields(p, { uf: [Number.NaN], ui: [0], uo: [0], uc: [0] })).toThrow(InvalidParameterError);
  });

  it('lattice sites reproduce the closed-form averages ⟨h²⟩, ⟨A²⟩ and the support functional Λ(λ) of the mean field (8192 points, 1 %; 3 % near λ = 0)', () => {
    const C = 0.4;
    const av = lstmSiteAverages(C, REF1);
    const S = lstmQuadratureSites({ C }, REF1);
    let h2 = 0;
    let x = 0;
    for (let i = 0; i < S.weights.length; i++) {
      h2 += S.weights[i] * S.h[i] ** 2;
      x += S.weights[i] * S.X[i];
    }
    expect(Math.abs(h2 - av.rhs)).toBeLessThan(0.01 * av.rhs);
    expect(Math.abs(x - av.meanA2)).toBeLessThan(0.01 * av.meanA2);
    // near λ = 0 the average is heavy-tailed (terms ~ 1/(1 − f) from units with f → 1): 3 % there
    for (const [l, tol] of [[{ re: -1.6, im: 0 }, 0.01], [{ re: -1, im: 0.5 }, 0.01], [{ re: -0.5, im: 0.3 }, 0.01], [{ re: 0.2, im: 0.1 }, 0.03]] as const) {
      const a = lstmMeanA(S, l);
      const b = lstmSupportFunctional(l.re, l.im, av);
      expect(Math.abs(a - b), `λ = ${l.re}+${l.im}i`).toBeLessThan(tol * b);
    }
  });
});

describe('LSTM density [LSTM-RMT-4], [LSTM-RMT-5]', () => {
  it('gives the same Φ and G in the PsiModel form (D + ½Ψ) and the cancellation-free form', () => {
    const S = sampleLstmSites({ C: 0.4 }, REF1, 3000, new Rng(1));
    for (const l of [{ re: -0.5, im: 0.3 }, { re: -1.2, im: 0.01 }, { re: 0.1, im: 0.2 }, { re: -3, im: 0 }, { re: -0.999, im: 0.001 }]) {
      const a = lstmLogPotential(S, l);
      const b = psiLogPotential(lstmPsiModel(S), l);
      expect(Math.abs(a.phi - b.phi)).toBeLessThan(1e-10 * Math.max(1, Math.abs(b.phi)));
      expect(Math.hypot(a.green.re - b.green.re, a.green.im - b.green.im)).toBeLessThan(1e-8 * Math.max(1, Math.hypot(b.green.re, b.green.im)));
      expect(a.inBulk).toBe(b.inBulk);
    }
  });

  it('stays regular at λ = −1 inside the bulk, where the D + ½Ψ form cancels two terms of size 1/|λ + 1|', () => {
    const S = sampleLstmSites({ C: 0.4 }, REF1, 3000, new Rng(2));
    const at = lstmLogPotential(S, { re: -1, im: 0 });
    expect(at.u).toBeCloseTo(1, 12);
    const near = lstmLogPotential(S, { re: -1 + 1e-13, im: 1e-13 });
    expect(Number.isFinite(near.green.re) && Number.isFinite(near.green.im)).toBe(true);
    expect(Math.abs(near.phi - at.phi)).toBeLessThan(1e-9);
  });

  it('normalises over all 2N eigenvalues: a disk containing the whole support has mass 1', () => {
    const S = lstmQuadratureSites({ C: 0.3 }, MILD, { points: 2048 });
    const [m] = lstmDiskMasses(S, [{ re: -0.8, im: 0, r: 6 }]);
    expect(m.mass).toBeCloseTo(1, 6);
  });

  it('reproduces the Cassini density |2λ + 2 − f₀|²/(2πR²) at the origin: disk masses equal its 2-D integral (1e-4)', () => {
    const p = resolveLstmParameters({ g_c: 1, beta_c: 0, beta_f: -Math.log(9), beta_i: 0, beta_o: 0 });
    const o = lstmOrigin(p);
    const S = lstmQuadratureSites({ C: 0 }, p, { points: 2 });
    for (const d of [{ re: -0.5, im: 0.2, r: 0.3 }, { re: 0, im: 0, r: 0.1 }, { re: -1.1, im: -0.1, r: 0.2 }]) {
      const [m] = lstmDiskMasses(S, [d]);
      // midpoint rule on a fine polar grid of the disk
      let ref = 0;
      const nr = 600;
      const nt = 1200;
      for (let a = 0; a < nr; a++) {
        const rr = ((a + 0.5) / nr) * d.r;
        for (let b = 0; b < nt; b++) {
          const th = ((b + 0.5) / nt) * 2 * Math.PI;
          ref += cassiniDensity({ re: d.re + rr * Math.cos(th), im: d.im + rr * Math.sin(th) }, o.f0, o.gain) * rr * (d.r / nr) * ((2 * Math.PI) / nt);
        }
      }
      expect(Math.abs(m.mass - ref), JSON.stringify(d)).toBeLessThan(1e-4);
    }
  });

  it('is converged in the lattice: the [LSTM-REF-1] disk masses move by < 1e-3 between 8192 points with two shifts and 16384 points', () => {
    const disks = [{ re: -1, im: 0, r: 0.3 }, { re: 0, im: 0, r: 0.2 }, { re: -1, im: 0.3, r: 0.2 }];
    const a = lstmDiskMasses(lstmQuadratureSites({ C: 0.4 }, REF1, { shiftSeed: 1 }), disks).map((m) => m.mass);
    const b = lstmDiskMasses(lstmQuadratureSites({ C: 0.4 }, REF1, { shiftSeed: 2 }), disks).map((m) => m.mass);
    const c = lstmDiskMasses(lstmQuadratureSites({ C: 0.4 }, REF1, { points: 16384, shiftSeed: 3 }), disks).map((m) => m.mass);
    for (let k = 0; k < disks.length; k++) {
      expect(Math.abs(a[k] - c[k])).toBeLessThan(1e-3);
      expect(Math.abs(b[k] - c[k])).toBeLessThan(1e-3);
    }
  });
});

describe('LSTM slow modes [LSTM-RMT-3], [OQ-15]', () => {
  it('gives P(1 − f < 0.02) = 0.2230 for the [LSTM-REF-1] law, and the recorded 0.2133 = 320/1500 lies within the counting noise', () => {
    const P = slowForgetProbability(0.02, 0.4, REF1);
    expect(P).toBeCloseTo(0.223, 4);
    const sd = countingNoise(P, 1500);
    expect(sd).toBeCloseTo(0.0107, 3);
    expect(Math.abs(320 / 1500 - P)).toBeLessThan(sd); // −0.9 sd
  });

  it('predicts #{|λ| < δ}/N ≈ P(1 − f < δ): the density mass of |λ| ≤ 0.02 (×2) matches it within 0.005', () => {
    const S = lstmQuadratureSites({ C: 0.4 }, REF1);
    const s = lstmSlowModes(S, 0.4, REF1, 0.02);
    expect(s.countPerN).toBeCloseTo(2 * s.massOver2N, 14);
    expect(Math.abs(s.countPerN - s.probability)).toBeLessThan(0.005);
  });
});
