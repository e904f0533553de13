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
 * 4. measure C_φ, C_ψ — the self-consistent field covariances of [GATE-DMFT-2] — and C_h, C_z
 *    (every iteration, for the convergence monitor) and at the end C_r, C_σz as time- and
 *    path-averaged non-connected autocorrelations (FFT with zero padding, divided by n_w − k);
 *    C_z(0) is the stationary gate variance Δ_z of [GATE-DMFT-6] (C_z = k_{τ_z} * C_φ, [GATE-DMFT-5]);
 * 5. C ← (1 − a) C_new + a C_old; the last iteration uses `finalPaths` paths and, when that exceeds
 *    `paths`, a = 0 (the text: "finish with M ≥ 1500 and a = 0"); with the default finalPaths = paths
 *    it is damped like the others (the mix with the previous iterate has the lower noise).
 *
 * Robustness, following the warnings of [GATE-NUM-1]:
 * - warm start: an explicit `initial`, else (default `warmStart: 'schemeB'`) the α_z = 0 scheme-B
 *   solution at the same other parameters ([GATE-NUM-3]) on a grid covering 25 of the slowest of
 *   τ_h/s_z, τ_z, τ_r (and at least the lag range); if that collapses or fails, an exponential guess
 *   (recorded in `settings.warmStart`);
 * - ≥ 50 damped iterations by default;
 * - adaptive ranges (`adaptRanges`, default on): after each iteration the integral correlation time
 *   τ_c of C_h ([GATE-DMFT-10]) is measured; while lagFactor·τ_c exceeds the lag range the lag
 *   range is doubled (up to maxLagPoints), the window is kept ≥ 2 lag ranges and the transient
 *   ≥ 1 lag range (near marginality τ_c reaches 30–100 τ_h);
 * - honest convergence report: C_h(0) and C_h(20) after every iteration, and their drift D = |mean of
 *   the second half − mean of the first half| of the last `monitorRounds` iterations, relative to
 *   C_h(0). Sampling noise is allowed for: the round-to-round noise σ is estimated from successive
 *   differences (sd(Δx)/√2, insensitive to a linear trend), the half-mean difference has noise
 *   σ√(2/h) for halves of h rounds, and the run is converged when D ≤ driftTol + 3σ√(2/h)/C_h(0) for
 *   both monitored values. By default (`strict`) a run that is not converged throws
 *   ConvergenceError, and fewer than 2 iterations (no drift measurable) throw InvalidParameterError;
 *   with `strict: false` the result carries `converged: false` (and drift null for one iteration)
 *   for diagnostics.
 * The result is checked for physical validity ({@link checkSampledCorrelation}): C_h(0) ≥ |C_h(u)|
 * and a non-negative (tapered) power spectrum, up to sampling tolerances (`physicalTol`), else
 * NonPhysicalError.
 *
 * Seeded: iteration t, path j draw from `new Rng(seed).derive(t).derive(j)`, so results do not depend
 * on evaluation order.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, NonPhysicalError, Rng, checkFinite, checkInteger } from '@gatefield/numerics';
import { solveGatedDmft } from './dmft.js';
import { EvenLagTransform, fftInPlace } from './fft.js';
import { type GatedParameters, gatedGate, gatedPhi, gatedRestingGate, resolveGatedParameters } from './parameters.js';

/** Options of {@link solveGatedDmftSampling}. */
export interface GatedSamplingOptions {
  /** Euler step = lag step; default 0.05; at most min(τ_h, τ_z, τ_r). */
  dt?: number;
  /** Lag points m (initial value when adaptRanges); default 2048 (≈ 100 τ_h). */
  lagPoints?: number;
  /** Discarded time per path; default 200. */
  transientTime?: number;
  /** Measured window per path; default 400. */
  windowTime?: number;
  /** Paths per iteration (even); default 300. */
  paths?: number;
  /** Paths of the last iteration (undamped if > paths); default `paths` (the text recommends ≥ 1500). */
  finalPaths?: number;
  /** Iterations; default 50 ([GATE-NUM-1]: ≥ 50). */
  iterations?: number;
  /** Weight a of the old iterate; default 0.3. */
  damping?: number;
  seed?: number;
  /** Warm start when `initial` is absent: 'schemeB' (α_z = 0 solution, default) or 'none'. */
  warmStart?: 'schemeB' | 'none';
  /** Grow lag range / window / transient with the correlation time; default true. */
  adaptRanges?: boolean;
  /** Lag range ≥ lagFactor · τ_c; default 8. */
  lagFactor?: number;
  /** Upper bound of the adapted lag points; default 16384. */
  maxLagPoints?: number;
  /** Iterations over which the drift of C_h(0), C_h(20) is measured; default 10. */
  monitorRounds?: number;
  /** Lag of the second monitored value; default 20. */
  monitorLag?: number;
  /** Largest drift (relative to C_h(0)) beyond 3 noise standard errors still called converged; default 0.03. */
  driftTol?: number;
  /** Throw ConvergenceError for a drifting run (default true); false returns converged: false. */
  strict?: boolean;
  /** Relative tolerance of the physical checks (sampling noise); default 0.05. */
  physicalTol?: number;
  /** Called after each iteration with (done, total) (progress bars). */
  onProgress?: (done: number, total: number) => void;
  /** Initial C_φ, C_ψ on the lag grid (e.g. from scheme B or a neighbouring point). */
  initial?: { C_phi: Float64Array; C_psi: Float64Array };
}

/** Resolved settings of {@link solveGatedDmftSampling} (final lag points / times after adaptation). */
export type GatedSamplingSettings = Required<Omit<GatedSamplingOptions, 'initial' | 'warmStart' | 'onProgress'>> & { warmStart: 'given' | 'schemeB' | 'exponential' };

/** Result of {@link solveGatedDmftSampling}. */
export interface GatedSamplingResult {
  params: GatedParameters;
  lags: Float64Array;
  C_h: Float64Array;
  /** C_z (C_z(0) = Δ_z, [GATE-DMFT-6]). */
  C_z: Float64Array;
  C_r: Float64Array;
  /** C_φ and C_ψ: the field covariances of [GATE-DMFT-2]. */
  C_phi: Float64Array;
  C_psi: Float64Array;
  C_sigmaZ: Float64Array;
  /** C_σr = C_ψ / C_φ ([GATE-DMFT-3]) where C_φ > 0. */
  C_sigmaR: Float64Array;
  /** ⟨σ_z⟩ (so C_σz(∞) = ⟨σ_z⟩²). */
  sigmaZMean: number;
  /** Timescales [GATE-DMFT-10]: τ_h/⟨σ_z⟩, ∫(C_h − C_h(∞))/(C_h(0) − C_h(∞)), 1/e time. */
  timescales: { gateTime: number; integral: number; eFolding: number };
  /** C_φ(0) after each iteration. */
  history: number[];
  /** C_h(0) and C_h(monitorLag) after each iteration ([GATE-NUM-1] warning). */
  historyCh0: number[];
  historyChLag: number[];
  /** Drift of C_h(0), C_h(monitorLag) between the halves of the last monitorRounds, relative to C_h(0). */
  drift: { Ch0: number | null; ChLag: number | null; rounds: number };
  /** Max change of C_φ, C_ψ in the last iteration (sampling noise included). */
  residual: number;
  converged: boolean;
  iterations: number;
  seed: number;
  settings: GatedSamplingSettings;
}

export function nextPow2(n: number): number {
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

/**
 * Add the autocorrelations of two real signals x, y (length n) at lags < m, divided by n − k, to
 * ax and ay (one complex FFT for both).
 */
export function autocorrPair(x: Float64Array, y: Float64Array, n: number, m: number, ax: Float64Array, ay: Float64Array): void {
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

/** Timescales [GATE-DMFT-10] of a correlation function on a lag grid of step du. */
export function correlationTimes(c: Float64Array, du: number): { integral: number; eFolding: number } {
  const m = c.length, plateau = c[m - 1], amp = c[0] - plateau;
  let integral = 0, eFolding = NaN;
  for (let k = 0; k < m; k++) {
    integral += (k === 0 || k === m - 1 ? 0.5 : 1) * du * (c[k] - plateau);
    if (Number.isNaN(eFolding) && c[k] - plateau <= amp / Math.E) eFolding = k * du;
  }
  return { integral: amp > 0 ? integral / amp : NaN, eFolding };
}

/**
 * Reject a sampled correlation function that is non-physical beyond sampling noise: C(0) < 0,
 * |C(u)| > C(0)(1 + tol) (Cauchy–Schwarz), or a negative power spectrum (Bochner) below −tol·max.
 * The spectrum is that of the Bartlett-tapered C(u)(1 − u/T), T the lag range: the product of two
 * positive-definite functions is positive definite, so this is a necessary condition that does not
 * depend on how far C has decayed within the lag range (no plateau estimate needed).
 */
export function checkSampledCorrelation(name: string, c: Float64Array, du: number, tol: number): void {
  const c0 = c[0], m = c.length;
  if (!(c0 >= 0)) throw new NonPhysicalError(`${name}(0)`, c0, 'a variance must be non-negative');
  for (let k = 1; k < m; k++) if (Math.abs(c[k]) > c0 * (1 + tol)) throw new NonPhysicalError(`${name}(u)`, c[k], `|${name}(${(k * du).toFixed(3)})| exceeds ${name}(0) = ${c0}`);
  const n = Math.max(nextPow2(m), 4);
  const tmp = new Float64Array(n);
  for (let k = 0; k < m; k++) tmp[k] = c[k] * (1 - k / m);
  const spec = new EvenLagTransform(n, du).spectrum(tmp);
  let max = 0;
  for (const v of spec) max = Math.max(max, Math.abs(v));
  for (let k = 0; k < spec.length; k++) if (spec[k] < -tol * max) throw new NonPhysicalError(`power spectrum of ${name}`, spec[k], `negative beyond sampling noise at index ${k}`);
}

function resize(c: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m);
  out.set(c.subarray(0, Math.min(m, c.length)));
  for (let k = c.length; k < m; k++) out[k] = c[c.length - 1];
  return out;
}

/** Half-mean drift of the last `rounds` values and its noise standard error (see the module comment). */
function halfDrift(x: number[], rounds: number): { drift: number; noise: number } | null {
  const t = x.slice(-rounds), h = Math.floor(t.length / 2);
  if (h < 1) return null;
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const d = t.slice(1).map((v, i) => v - t[i]);
  const md = mean(d);
  const sdDiff = d.length > 1 ? Math.sqrt(d.reduce((s, v) => s + (v - md) ** 2, 0) / (d.length - 1)) : 0;
  return { drift: Math.abs(mean(t.slice(t.length - h)) - mean(t.slice(0, h))), noise: (sdDiff / Math.SQRT2) * Math.sqrt(2 / h) };
}

/** Solve the DMFT by sampling (scheme A, [GATE-NUM-1]). */
export function solveGatedDmftSampling(params: Readonly<Partial<GatedParameters>>, options: GatedSamplingOptions = {}): GatedSamplingResult {
  const p = resolveGatedParameters(params);
  const paths = checkInteger('paths', options.paths ?? 300, 2, 1e7);
  const wsOpt = options.warmStart ?? 'schemeB';
  if (wsOpt !== 'schemeB' && wsOpt !== 'none') throw new InvalidParameterError('warmStart', wsOpt, "'schemeB' or 'none'");
  const s: GatedSamplingSettings = {
    dt: checkFinite('dt', options.dt ?? 0.05, 1e-4, 1),
    lagPoints: checkInteger('lagPoints', options.lagPoints ?? 2048, 4, 1 << 20),
    transientTime: checkFinite('transientTime', options.transientTime ?? 200, 0, 1e6),
    windowTime: checkFinite('windowTime', options.windowTime ?? 400, 1e-3, 1e6),
    paths,
    finalPaths: checkInteger('finalPaths', options.finalPaths ?? paths, 2, 1e7),
    iterations: checkInteger('iterations', options.iterations ?? 50, 1, 1e6),
    damping: checkFinite('damping', options.damping ?? 0.3, 0, 0.999),
    seed: checkInteger('seed', options.seed ?? 0, 0, Number.MAX_SAFE_INTEGER),
    adaptRanges: options.adaptRanges ?? true,
    lagFactor: checkFinite('lagFactor', options.lagFactor ?? 8, 1, 1e3),
    maxLagPoints: checkInteger('maxLagPoints', options.maxLagPoints ?? 16384, 4, 1 << 22),
    monitorRounds: checkInteger('monitorRounds', options.monitorRounds ?? 10, 2, 1e6),
    monitorLag: checkFinite('monitorLag', options.monitorLag ?? 20, 0, 1e6),
    driftTol: checkFinite('driftTol', options.driftTol ?? 0.03, 0, 10),
    strict: options.strict ?? true,
    physicalTol: checkFinite('physicalTol', options.physicalTol ?? 0.05, 0, 10),
    warmStart: options.initial ? 'given' : 'exponential',
  };
  const tauMin = Math.min(p.tau_h, p.tau_z, p.tau_r);
  if (s.dt > tauMin) throw new InvalidParameterError('dt', s.dt, `(0, ${tauMin}]`, `invalid dt = ${s.dt}: the Euler step must not exceed the smallest time constant min(τ_h, τ_z, τ_r) = ${tauMin} (the Euler updates of the single-site process would oscillate or diverge)`);
  if (s.strict && s.iterations < 2) throw new InvalidParameterError('iterations', s.iterations, 'integers ≥ 2', `invalid iterations = ${s.iterations}: the drift of C_h needs ≥ 2 iterations (≥ 50 recommended, [GATE-NUM-1]); pass strict: false for a diagnostic single iteration`);
  const { dt } = s;
  let m = s.lagPoints;
  let nTr = Math.round(s.transientTime / dt), nW = Math.round(s.windowTime / dt);
  if (nW <= m) throw new NonPhysicalError('window', nW, `the window (${nW} steps) must exceed the lag range (${m})`);
  let Cphi: Float64Array<ArrayBuffer> = new Float64Array(m), Cpsi: Float64Array<ArrayBuffer> = new Float64Array(m);
  if (options.initial) {
    Cphi = resize(options.initial.C_phi, m);
    Cpsi = resize(options.initial.C_psi, m);
  } else {
    let warm: { C_phi: Float64Array; C_psi: Float64Array } | null = null;
    if (wsOpt === 'schemeB') {
      try {
        const slowest = Math.max(p.tau_h / gatedRestingGate(p.beta_z), p.tau_z, p.tau_r); // the scheme-B grid covers 25 of these
        const b = solveGatedDmft({ ...p, alpha_z: 0 }, { du: dt, points: Math.max(nextPow2(m), nextPow2(Math.ceil((25 * slowest) / dt)), 256), damping: 1, chebyshevNodes: 32, hermiteNodes: 32, tol: 1e-8, initialVariance: 0.3, maxIterations: 4000 });
        if (!b.trivial) warm = b;
      } catch {
        warm = null; // fall back to the exponential guess (recorded in settings.warmStart)
      }
    }
    if (warm) {
      s.warmStart = 'schemeB';
      Cphi = resize(warm.C_phi, m);
      Cpsi = resize(warm.C_psi, m);
    } else for (let k = 0; k < m; k++) { Cphi[k] = 0.4 * Math.exp(-k * dt / 2); Cpsi[k] = 0.1 * Math.exp(-k * dt / 2); }
  }
  const root = new Rng(s.seed);
  const history: number[] = [], historyCh0: number[] = [], historyChLag: number[] = [];
  let residual = Infinity;
  let out = { C_h: new Float64Array(m), C_z: new Float64Array(m), C_r: new Float64Array(m), C_sz: new Float64Array(m), sz: 0 };
  for (let it = 0; it < s.iterations; it++) {
    const last = it === s.iterations - 1;
    const n = nTr + nW;
    const L = nextPow2(2 * Math.max(n, m));
    const eh = new Float64Array(L), eh2 = new Float64Array(L), ez = new Float64Array(L), ez2 = new Float64Array(L), er = new Float64Array(L), er2 = new Float64Array(L);
    const phiW = new Float64Array(nW), psiW = new Float64Array(nW), hW = new Float64Array(nW), zW = new Float64Array(nW), rW = new Float64Array(nW), szW = new Float64Array(nW);
    const plateau = (c: Float64Array) => Math.max(c[m - 1], 0);
    const pPhi = plateau(Cphi), pPsi = plateau(Cpsi);
    const rootPsi = circulantRoot(Cpsi.map((v) => v - pPsi), L), rootPhi = circulantRoot(Cphi.map((v) => v - pPhi), L);
    const accPhi = new Float64Array(m), accPsi = new Float64Array(m);
    out = { C_h: new Float64Array(m), C_z: new Float64Array(m), C_r: new Float64Array(m), C_sz: new Float64Array(m), sz: 0 };
    const M = last ? s.finalPaths : s.paths;
    for (let j = 0; j < M; j += 2) {
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
            hW[w] = h; zW[w] = z;
            if (last) { rW[w] = r; szW[w] = sz; }
          }
          const hn = h + (dt / p.tau_h) * sz * (-h + ah[t] + oh);
          z += (dt / p.tau_z) * (-z + az[t] + oz);
          r += (dt / p.tau_r) * (-r + ar[t] + or);
          h = hn;
        }
        autocorrPair(phiW, psiW, nW, m, accPhi, accPsi);
        autocorrPair(hW, zW, nW, m, out.C_h, out.C_z);
        if (last) {
          autocorrPair(rW, szW, nW, m, out.C_r, out.C_sz);
          for (let w = 0; w < nW; w++) out.sz += szW[w] / nW;
        }
      }
    }
    const np = 2 * Math.ceil(M / 2);
    const a = last && s.finalPaths > s.paths ? 0 : s.damping;
    residual = 0;
    for (let k = 0; k < m; k++) {
      const x = accPhi[k] / np, y = accPsi[k] / np;
      residual = Math.max(residual, Math.abs(x - Cphi[k]), Math.abs(y - Cpsi[k]));
      Cphi[k] = (1 - a) * x + a * Cphi[k];
      Cpsi[k] = (1 - a) * y + a * Cpsi[k];
    }
    for (const c of [out.C_h, out.C_z]) for (let k = 0; k < m; k++) c[k] /= np;
    if (last) {
      for (const c of [out.C_r, out.C_sz]) for (let k = 0; k < m; k++) c[k] /= np;
      out.sz /= np;
    }
    history.push(Cphi[0]);
    historyCh0.push(out.C_h[0]);
    historyChLag.push(out.C_h[Math.min(m - 1, Math.round(s.monitorLag / dt))]);
    if (!Number.isFinite(residual)) throw new NonPhysicalError('sampling DMFT residual', residual, 'non-finite correlations');
    options.onProgress?.(it + 1, s.iterations);
    if (s.adaptRanges && !last) {
      const tc = correlationTimes(out.C_h, dt).integral;
      while (Number.isFinite(tc) && s.lagFactor * tc > m * dt && 2 * m <= s.maxLagPoints) {
        m *= 2;
        Cphi = resize(Cphi, m);
        Cpsi = resize(Cpsi, m);
        nW = Math.max(nW, 2 * m);
        nTr = Math.max(nTr, m);
      }
    }
  }
  const Ch0 = out.C_h[0];
  const d0 = halfDrift(historyCh0, s.monitorRounds), dLag = halfDrift(historyChLag, s.monitorRounds);
  const drift = { Ch0: d0 ? d0.drift / Ch0 : null, ChLag: dLag ? dLag.drift / Ch0 : null, rounds: Math.min(s.monitorRounds, s.iterations) };
  const ok = (d: { drift: number; noise: number } | null) => d !== null && d.drift <= (s.driftTol + (3 * d.noise) / Ch0) * Ch0;
  const converged = ok(d0) && ok(dLag);
  s.lagPoints = m;
  s.windowTime = nW * dt;
  s.transientTime = nTr * dt;
  if (!converged && s.strict) throw new ConvergenceError('gated DMFT scheme A [GATE-NUM-1] (relative drift of C_h(0), C_h(20) over the last rounds)', Math.max(drift.Ch0 ?? 0, drift.ChLag ?? 0), s.iterations, { ...s });
  checkSampledCorrelation('C_h', out.C_h, dt, s.physicalTol);
  const lags = Float64Array.from({ length: m }, (_, k) => k * dt);
  const Csr = Float64Array.from(Cphi, (v, k) => (v > 0 ? Cpsi[k] / v : 0));
  const t = correlationTimes(out.C_h, dt);
  return {
    params: p, lags, C_h: out.C_h, C_z: out.C_z, C_r: out.C_r, C_phi: Cphi, C_psi: Cpsi, C_sigmaZ: out.C_sz, C_sigmaR: Csr, sigmaZMean: out.sz,
    timescales: { gateTime: p.tau_h / out.sz, integral: t.integral, eFolding: t.eFolding },
    history, historyCh0, historyChLag, drift, residual, converged, iterations: s.iterations, seed: s.seed, settings: s,
  };
}
