/**
 * Sampling DMFT solver (scheme A, [GATE-NUM-1]) for any α_z, with the stationary Gaussian-process
 * sampler of [GATE-NUM-2] (circulant embedding).
 *
 * Iteration ([GATE-DMFT-1]..[GATE-DMFT-3]):
 * 1. lag grid u_k = k·dt, k < lagPoints (dt = the Euler step, 0.05);
 * 2. draw M independent stationary paths of η_h (covariance C_ψ) and η_z, η_r (covariance C_φ), length
 *    n_tr + n_w, by circulant embedding: c = [C(0..m−1), 0, …, C(m−1..1)] of length L ≥ 2·max(n, m)
 *    (power of two), λ = Re FFT(c) clipped at 0, path = IFFT(√λ · FFT(white)); one complex FFT pair
 *    gives two independent real paths (real and imaginary parts). A plateau C(∞) (β_h ≠ 0) is sampled
 *    as a static per-path offset of variance C(∞) and only C − C(∞) is embedded;
 * 3. integrate the single-site equations with the same Euler step as a network simulation
 *    τ_h dh = σ_z(z)(−h + η_h) dt, τ_z dz = (−z + η_z) dt, τ_r dr = (−r + η_r) dt, discarding n_tr;
 * 4. measure C_φ, C_ψ (and at the end C_h, C_z, C_r, C_σz) as time- and path-averaged
 *    non-connected autocorrelations (FFT with zero padding, divided by n_w − k);
 * 5. C ← (1 − a) C_new + a C_old.
 * Seeded: iteration t, path j draw from `new Rng(seed).derive(t).derive(j)`, so results do not depend
 * on evaluation order. The text warns ([GATE-NUM-1]) that convergence is slow: start from the
 * scheme-B (α_z = 0) solution or a neighbouring point, and run ≥ 50 iterations.
 *
 * @module
 */
import { NonPhysicalError, Rng, checkFinite, checkInteger } from '@gatefield/numerics';
import { fftInPlace } from './fft.js';
import { type GatedParameters, gatedGate, gatedPhi, resolveGatedParameters } from './parameters.js';

/** Options of {@link solveGatedDmftSampling}. */
export interface GatedSamplingOptions {
  /** Euler step = lag step; default 0.05. */
  dt?: number;
  /** Lag points m (power of two); default 2048 (≈ 100 τ_h). */
  lagPoints?: number;
  /** Discarded time per path; default 200. */
  transientTime?: number;
  /** Measured window per path; default 400. */
  windowTime?: number;
  /** Paths per iteration (even); default 300. */
  paths?: number;
  /** Iterations; default 50. */
  iterations?: number;
  /** Weight a of the old iterate; default 0.3. */
  damping?: number;
  seed?: number;
  /** Initial C_φ, C_ψ on the lag grid (e.g. from scheme B); default an exponential guess. */
  initial?: { C_phi: Float64Array; C_psi: Float64Array };
}

/** Result of {@link solveGatedDmftSampling}. */
export interface GatedSamplingResult {
  params: GatedParameters;
  lags: Float64Array;
  C_h: Float64Array;
  C_z: Float64Array;
  C_r: Float64Array;
  C_phi: Float64Array;
  C_psi: Float64Array;
  C_sigmaZ: Float64Array;
  /** ⟨σ_z⟩ (so C_σz(∞) = ⟨σ_z⟩²). */
  sigmaZMean: number;
  /** C_φ(0) after each iteration (convergence monitor, [GATE-NUM-1] warning). */
  history: number[];
  /** Max change of C_φ, C_ψ in the last iteration (sampling noise included). */
  residual: number;
  converged: true;
  iterations: number;
  seed: number;
  settings: Required<Omit<GatedSamplingOptions, 'initial'>> & { warmStart: boolean };
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/** √λ of the circulant embedding of an even covariance c (length m) in length L ([GATE-NUM-2]). */
export function circulantRoot(c: Float64Array, L: number): Float64Array {
  const m = c.length;
  const re = new Float64Array(L), im = new Float64Array(L);
  for (let k = 0; k < m && k < L / 2; k++) { re[k] = c[k]; if (k > 0) re[L - k] = c[k]; }
  fftInPlace(re, im);
  return re.map((v) => Math.sqrt(Math.max(v, 0)));
}

/** Two independent stationary paths (length L each, into a and b) with the embedded covariance. */
export function samplePathPair(root: Float64Array, rng: Rng, a: Float64Array, b: Float64Array): void {
  const L = root.length;
  const w1 = rng.normals(L), w2 = rng.normals(L);
  fftInPlace(w1, w2);
  for (let k = 0; k < L; k++) { w1[k] *= root[k]; w2[k] *= root[k]; }
  fftInPlace(w1, w2, true);
  for (let k = 0; k < L; k++) { a[k] = w1[k] / L; b[k] = w2[k] / L; }
}

/** Autocorrelations of two real signals x, y (length n) at lags < m, divided by n − k. */
function autocorrPair(x: Float64Array, y: Float64Array, n: number, m: number, ax: Float64Array, ay: Float64Array): void {
  const P = nextPow2(n + m);
  const re = new Float64Array(P), im = new Float64Array(P);
  re.set(x.subarray(0, n));
  im.set(y.subarray(0, n));
  fftInPlace(re, im);
  const sr = new Float64Array(P), si = new Float64Array(P);
  for (let k = 0; k < P; k++) {
    const j = (P - k) % P;
    const xr = (re[k] + re[j]) / 2, xi = (im[k] - im[j]) / 2; // X_k
    const yr = (im[k] + im[j]) / 2, yi = (re[j] - re[k]) / 2; // Y_k
    sr[k] = xr * xr + xi * xi;
    si[k] = yr * yr + yi * yi;
  }
  fftInPlace(sr, si, true);
  for (let k = 0; k < m; k++) { ax[k] += sr[k] / P / (n - k); ay[k] += si[k] / P / (n - k); }
}

/** Solve the DMFT by sampling (scheme A, [GATE-NUM-1]). */
export function solveGatedDmftSampling(params: Readonly<Partial<GatedParameters>>, options: GatedSamplingOptions = {}): GatedSamplingResult {
  const p = resolveGatedParameters(params);
  const s = {
    dt: checkFinite('dt', options.dt ?? 0.05, 1e-4, 1),
    lagPoints: checkInteger('lagPoints', options.lagPoints ?? 2048, 4, 1 << 20),
    transientTime: checkFinite('transientTime', options.transientTime ?? 200, 0, 1e6),
    windowTime: checkFinite('windowTime', options.windowTime ?? 400, 1e-3, 1e6),
    paths: checkInteger('paths', options.paths ?? 300, 2, 1e7),
    iterations: checkInteger('iterations', options.iterations ?? 50, 1, 1e6),
    damping: checkFinite('damping', options.damping ?? 0.3, 0, 0.999),
    seed: checkInteger('seed', options.seed ?? 0, 0, Number.MAX_SAFE_INTEGER),
    warmStart: options.initial !== undefined,
  };
  const { dt } = s;
  const m = s.lagPoints;
  const nTr = Math.round(s.transientTime / dt), nW = Math.round(s.windowTime / dt);
  if (nW <= m) throw new NonPhysicalError('window', nW, `the window (${nW} steps) must exceed the lag range (${m})`);
  const n = nTr + nW;
  const L = nextPow2(2 * Math.max(n, m));
  const lags = Float64Array.from({ length: m }, (_, k) => k * dt);
  let Cphi = new Float64Array(m), Cpsi = new Float64Array(m);
  if (options.initial) { Cphi.set(options.initial.C_phi.subarray(0, m)); Cpsi.set(options.initial.C_psi.subarray(0, m)); }
  else for (let k = 0; k < m; k++) { Cphi[k] = 0.4 * Math.exp(-lags[k] / 2); Cpsi[k] = 0.1 * Math.exp(-lags[k] / 2); }
  const root = new Rng(s.seed);
  const history: number[] = [];
  let residual = Infinity;
  const out = { C_h: new Float64Array(m), C_z: new Float64Array(m), C_r: new Float64Array(m), C_sz: new Float64Array(m), sz: 0 };
  const eh = new Float64Array(L), eh2 = new Float64Array(L), ez = new Float64Array(L), ez2 = new Float64Array(L), er = new Float64Array(L), er2 = new Float64Array(L);
  const phiW = new Float64Array(nW), psiW = new Float64Array(nW), hW = new Float64Array(nW), zW = new Float64Array(nW), rW = new Float64Array(nW), szW = new Float64Array(nW);
  for (let it = 0; it < s.iterations; it++) {
    const last = it === s.iterations - 1;
    const plateau = (c: Float64Array) => Math.max(c[m - 1], 0);
    const pPhi = plateau(Cphi), pPsi = plateau(Cpsi);
    const rootPsi = circulantRoot(Cpsi.map((v) => v - pPsi), L), rootPhi = circulantRoot(Cphi.map((v) => v - pPhi), L);
    const accPhi = new Float64Array(m), accPsi = new Float64Array(m);
    for (let j = 0; j < s.paths; j += 2) {
      const rng = root.derive(it).derive(j);
      samplePathPair(rootPsi, rng, eh, eh2);
      samplePathPair(rootPhi, rng, ez, ez2);
      samplePathPair(rootPhi, rng, er, er2);
      for (const [ah, az, ar] of [[eh, ez, er], [eh2, ez2, er2]] as const) {
        const oh = Math.sqrt(pPsi) * rng.normal(), oz = Math.sqrt(pPhi) * rng.normal(), or = Math.sqrt(pPhi) * rng.normal();
        let h = 0, z = 0, r = 0;
        for (let t = 0; t < n; t++) {
          const sz = gatedGate(z, p.alpha_z, p.beta_z);
          if (t >= nTr) {
            const w = t - nTr;
            const f = gatedPhi(p, h);
            phiW[w] = f;
            psiW[w] = gatedGate(r, p.alpha_r, p.beta_r) * f;
            if (last) { hW[w] = h; zW[w] = z; rW[w] = r; szW[w] = sz; }
          }
          const hn = h + (dt / p.tau_h) * sz * (-h + ah[t] + oh);
          z += (dt / p.tau_z) * (-z + az[t] + oz);
          r += (dt / p.tau_r) * (-r + ar[t] + or);
          h = hn;
        }
        autocorrPair(phiW, psiW, nW, m, accPhi, accPsi);
        if (last) {
          autocorrPair(hW, zW, nW, m, out.C_h, out.C_z);
          autocorrPair(rW, szW, nW, m, out.C_r, out.C_sz);
          for (let w = 0; w < nW; w++) out.sz += szW[w] / nW;
        }
      }
    }
    const np = 2 * Math.ceil(s.paths / 2);
    residual = 0;
    for (let k = 0; k < m; k++) {
      const a = accPhi[k] / np, b = accPsi[k] / np;
      residual = Math.max(residual, Math.abs(a - Cphi[k]), Math.abs(b - Cpsi[k]));
      Cphi[k] = (1 - s.damping) * a + s.damping * Cphi[k];
      Cpsi[k] = (1 - s.damping) * b + s.damping * Cpsi[k];
    }
    if (last) {
      for (const c of [out.C_h, out.C_z, out.C_r, out.C_sz]) for (let k = 0; k < m; k++) c[k] /= np;
      out.sz /= np;
    }
    history.push(Cphi[0]);
    if (!Number.isFinite(residual)) throw new NonPhysicalError('sampling DMFT residual', residual, 'non-finite correlations');
  }
  Cphi = Float64Array.from(Cphi);
  Cpsi = Float64Array.from(Cpsi);
  return {
    params: p, lags, C_h: out.C_h, C_z: out.C_z, C_r: out.C_r, C_phi: Cphi, C_psi: Cpsi, C_sigmaZ: out.C_sz, sigmaZMean: out.sz,
    history, residual, converged: true, iterations: s.iterations, seed: s.seed, settings: s,
  };
}
