/**
 * SCBA contour masses [GRU-SCBA-6] against finite-N eigenvalues of the GRU fixed-point Jacobian
 * J* = S[−1 + Φ′U_h(P + D U_r)] [GRU-J-3] in iid-diagonal mode ([NUM-11] mode 1): site values drawn
 * iid from a mean-field-like law, independent of the weights; the SCBA is fed exactly those N sites.
 */
import { describe, expect, it } from 'vitest';
import { eigvals, ginibre, logistic, Rng, sech2, type Complex } from '@gatefield/numerics';
import { contourMass, gruPsiModel, gruSites, psiGreenFunction, scbaGreenFunction, type GruSites } from '../../src/rmt/index.js';

const N = 600;
const GH2 = 5;
/** Site law: ξ, ζ ~ N(0, C), η ~ N(0, Δη); s = σ(α_z ξ), ρ = σ(α_r ζ), h = tanh η, φ′ = sech² η, d = h σ′_r(ζ). */
const LAW = { C: 0.5, alphaZ: 2, alphaR: 8, deltaEta: 1 };

function drawSites(rng: Rng): GruSites {
  const s = new Float64Array(N);
  const l = new Float64Array(N);
  const rho = new Float64Array(N);
  const d = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const xi = Math.sqrt(LAW.C) * rng.normal();
    const zeta = Math.sqrt(LAW.C) * rng.normal();
    const eta = Math.sqrt(LAW.deltaEta) * rng.normal();
    s[i] = logistic(LAW.alphaZ * xi);
    rho[i] = logistic(LAW.alphaR * zeta);
    l[i] = s[i] * sech2(eta);
    // σ′_r = α_r ρ(1 − ρ), with 1 − ρ = σ(−ζ) computed without cancellation ([NUM-4])
    d[i] = Math.tanh(eta) * LAW.alphaR * rho[i] * logistic(-LAW.alphaR * zeta);
  }
  return gruSites({ s, l, rho, d });
}

/** J* = −S + L U_h (P + D U_r), row-major, with L = S Φ′ = diag(l). */
function assembleJacobian(rng: Rng, sites: GruSites): Float64Array {
  const uh = ginibre(rng.derive('Uh'), N, GH2);
  const ur = ginibre(rng.derive('Ur'), N, 1);
  const m = new Float64Array(N * N); // P + D U_r
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < N; k++) m[j * N + k] = sites.d[j] * ur[j * N + k];
    m[j * N + j] += sites.rho[j];
  }
  const jac = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    const row = jac.subarray(i * N, (i + 1) * N);
    for (let j = 0; j < N; j++) {
      const a = uh[i * N + j];
      const mj = m.subarray(j * N, (j + 1) * N);
      for (let k = 0; k < N; k++) row[k] += a * mj[k];
    }
    for (let k = 0; k < N; k++) row[k] *= sites.l[i];
    row[i] -= sites.s[i];
  }
  return jac;
}

const CIRCLES: [Complex, number][] = [
  [{ re: 0, im: 0 }, 0.15], // the origin (slow modes; crosses the real segment)
  [{ re: -0.6, im: 0.7 }, 0.4], // off the real axis
  [{ re: -1.2, im: -0.6 }, 0.4], // off the real axis, lower half plane
  [{ re: -0.5, im: 0 }, 0.6], // most of the bulk: sensitive to the reset-derivative term
];

describe('SCBA against finite-N eigenvalues (iid-diagonal mode, N = 600)', () => {
  it('predicts the eigenvalue masses of circles off the axis and at the origin within binomial counting noise, for two seeds, where the d = 0 Psi-formula does not', () => {
    let psiMisses = 0;
    for (const seed of [101, 102]) {
      const rng = new Rng(seed);
      const sites = drawSites(rng.derive('sites'));
      const ev = eigvals(assembleJacobian(rng, sites), N);
      const scba = scbaGreenFunction(sites, { gH2: GH2 });
      const psi = psiGreenFunction(gruPsiModel(sites, GH2));
      for (const [c, R] of CIRCLES) {
        let count = 0;
        for (let k = 0; k < N; k++) if (Math.hypot(ev.re[k] - c.re, ev.im[k] - c.im) < R) count++;
        const observed = count / N;
        const m = contourMass(scba, { centre: c, radius: R }, { tolerance: 1e-8 }).mass;
        // tolerance: 4 binomial standard errors sqrt(m(1-m)/N) (conservative: eigenvalue counts
        // fluctuate less than independent points) + an O(1/sqrt N) edge term for finite-size
        // blurring of the bulk edge and of the eigenvalues hugging the real segment
        const tol = 4 * Math.sqrt((m * (1 - m)) / N) + 0.1 / Math.sqrt(N);
        expect(Math.abs(observed - m), `seed ${seed}, circle ${c.re}${c.im >= 0 ? '+' : ''}${c.im}i R ${R}: SCBA ${m}, observed ${observed}`).toBeLessThan(tol);
        const mPsi = contourMass(psi, { centre: c, radius: R }, { tolerance: 1e-8 }).mass;
        if (Math.abs(observed - mPsi) > tol) psiMisses++;
      }
    }
    // the same test applied to the theory without the reset-derivative term fails
    expect(psiMisses).toBeGreaterThan(0);
  });
});
