/**
 * Maximal Lyapunov exponent of the gated RNN for any α_z from the sampled tangent process
 * ([GATE-LYA-5]), jointly with the single-site process of scheme A ([GATE-NUM-1]).
 *
 * Tangent process [GATE-LYA-1] (two replicas with the same couplings, linearised difference):
 * ```
 *   τ_h dδh/dt = σ_z′(z) δz (−h + η_h) + σ_z(z) (−δh + δη_h)
 *   τ_z dδz/dt = −δz + δη_z,        τ_r dδr/dt = −δr + δη_r
 * ```
 * with zero-mean Gaussian tangent fields, independent of each other and of the fields η, whose
 * covariances are the self-consistent [GATE-LYA-2]
 * ```
 *   ⟨δη_h δη_h⟩ = ⟨δψ δψ⟩,  δψ = σ_r(r) φ′(h) δh + σ_r′(r) δr φ(h)
 *                 (= ⟨φ′φ′δhδh⟩⟨σ_rσ_r⟩ + ⟨φφ⟩⟨σ_r′σ_r′δrδr⟩: (r, δr) is independent of (h, z, δh))
 *   ⟨δη_z δη_z⟩ = ⟨δη_r δη_r⟩ = ⟨δφ δφ⟩,  δφ = φ′(h) δh
 * ```
 * measured directly as sampled autocorrelations. [GATE-LYA-5]: with δx = e^{λt}u(t) the normalised
 * processes u are stationary; for given λ and tangent-field covariances K = (K_ψ, K_φ) on the lag
 * grid, sampling the u-process gives new covariances T_λ K (a positive linear map); λ_max is the λ at
 * which the spectral radius of T_λ is 1.
 *
 * Numerics (every setting is an argument, recorded in `settings`):
 * - the normalised process is integrated with the same Euler step as the network, with the factor
 *   e^{−λ dt} applied exactly, so that e^{λt}u is the Euler tangent of the network map (the exponent
 *   is that of the Euler map, as measured by the QR method [GATE-NUM-5]);
 * - the base fields η are sampled from the given DMFT solution (C_φ, C_ψ, truncated to the lag range
 *   m = lagPoints, so m·dt must cover their decay) by circulant embedding [GATE-NUM-2], the tangent
 *   fields from K; the plateau of C (β_h ≠ 0) as a per-path offset. The embedding length is
 *   L = nextPow2(n + m) for paths of n steps: the circulant covariance at lag k < n is
 *   c(k) + c(L − k) = c(k) exactly, so the longer 2·max(n, m) of the text only matters when
 *   eigenvalues are clipped (the random-number generator dominates the cost, ≈ 1 µs per deviate);
 * - ratio ρ = (K′_ψ(0) + K′_φ(0)) / (K_ψ(0) + K_φ(0)); its λ-derivative at fixed K is sampled
 *   alongside from the derivative process v = ∂u/∂λ (same paths), c = −d ln ρ/dλ;
 * - adaptation rounds: damped power iteration on the shape of K (weight `damping` of the old shape,
 *   normalised to K_ψ(0) + K_φ(0) = 1; in the second half of the rounds a running mean, which
 *   averages the sampling noise of the shape) together with Newton steps λ ← λ + ln ρ / c (step
 *   bounded by `maxStep`, λ ≥ `lambdaMin`); λ* = mean of λ over the second half of the rounds;
 * - final estimate: `batches` independent path batches at fixed (λ*, K*), each giving the one-step
 *   Newton value λ_b = λ* + ln ρ_b / c_b; λ_max is their mean and `standardError` = sd/√batches.
 *   Batch b draws from `new Rng(seed).derive('batch').derive(b)`, so each batch estimate depends only
 *   on its own stream: the result does not depend on the order in which batches are evaluated, and
 *   the first B batch estimates are the same for any number of batches ≥ B.
 * The standard error is the sampling error at fixed (λ*, K*); the residual shape error of K* and
 * the Euler bias of the base process are not included. Measured at row 1 of [GATE-REF-F3]
 * (scheme B: 0.1989 on the 0.05 grid), three independent runs with 10 batches of 100 paths gave
 * 0.2047 ± 0.0041, 0.2066 ± 0.0056 and 0.1889 ± 0.0053: the run-to-run scatter (≈ 0.009) is about
 * twice the reported error, so treat the SE as a lower bound (≈ ½ of the total error) unless more
 * adaptation rounds / paths are used.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, NonPhysicalError, Rng, checkFinite, checkInteger } from '@gatefield/numerics';
import { type GatedParameters, gatedGate, gatedGatePrime, gatedPhi, gatedPhiPrime } from './parameters.js';
import { autocorrPair, checkSampledCorrelation, circulantRoot, nextPow2, samplePathPair } from './samplingDmft.js';

/** The DMFT fields driving the base process: a scheme-A result, or scheme B for α_z = 0. */
export interface GatedDmftFields {
  params: GatedParameters;
  lags: Float64Array;
  C_phi: Float64Array;
  C_psi: Float64Array;
}

/** Options of {@link gatedSamplingLyapunov}. */
export interface GatedSamplingLyapunovOptions {
  /** Lag points of K and of the base fields (≤ the fields' grid); default the fields' grid. */
  lagPoints?: number;
  /** Discarded time per path; default max(100, m·dt/2). */
  transientTime?: number;
  /** Measured window per path; default max(200, 2·m·dt) (it must exceed the lag range m·dt). */
  windowTime?: number;
  /** Paths per adaptation round (even); default 100. */
  paths?: number;
  /** Adaptation rounds; default 20. */
  rounds?: number;
  /** Weight of the old K shape in the power iteration; default 0.5. */
  damping?: number;
  /** Independent batches of the final estimate; default 8. */
  batches?: number;
  /** Paths per batch (even); default `paths`. */
  batchPaths?: number;
  /** Starting λ; default 0.1. */
  lambda0?: number;
  /** Lower bound of λ; default −0.5 · min(1/τ_h, 1/τ_z, 1/τ_r). */
  lambdaMin?: number;
  /** Largest Newton step per round; default 0.2. */
  maxStep?: number;
  /** Largest |λ_max − λ*| (beyond 4 standard errors) accepted as self-consistent; default 0.02. */
  lambdaTol?: number;
  /** Relative tolerance of the physical checks of the input fields; default 0.05. */
  physicalTol?: number;
  seed?: number;
  /** Called after each round / batch with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Resolved settings of {@link gatedSamplingLyapunov}. */
export type GatedSamplingLyapunovSettings = Required<Omit<GatedSamplingLyapunovOptions, 'onProgress'>> & { dt: number };

/** Result of {@link gatedSamplingLyapunov}. */
export interface GatedSamplingLyapunovResult {
  lambdaMax: number;
  /** Standard error of lambdaMax from the batch-to-batch spread. */
  standardError: number;
  /** The per-batch estimates λ_b. */
  batchEstimates: number[];
  /** λ* at which the batches were evaluated. */
  lambdaStar: number;
  /** λ after each adaptation round. */
  lambdaHistory: number[];
  /** Mean c = −d ln ρ/dλ over the batches. */
  slope: number;
  /** Normalised tangent-field covariances K_ψ, K_φ (the Perron mode). */
  K_psi: Float64Array;
  K_phi: Float64Array;
  converged: true;
  /** |lambdaMax − λ*|. */
  residual: number;
  iterations: number;
  seed: number;
  params: GatedParameters;
  settings: GatedSamplingLyapunovSettings;
}

interface Evaluation { Kpsi: Float64Array; Kphi: Float64Array; rho: number; slope: number }

/**
 * λ_max for α_z ≠ 0 (or any α_z) from the sampled tangent process [GATE-LYA-5].
 *
 * @throws InvalidParameterError for bad options or trivial fields (C_φ(0) = 0: no chaotic state).
 * @throws NonPhysicalError for non-physical fields, a non-finite ratio or a non-decreasing ρ(λ).
 * @throws ConvergenceError if the batches are not self-consistent with λ* (|λ_max − λ*| too large).
 */
export function gatedSamplingLyapunov(dmft: GatedDmftFields, options: GatedSamplingLyapunovOptions = {}): GatedSamplingLyapunovResult {
  if (typeof dmft !== 'object' || dmft === null || typeof dmft.params !== 'object' || dmft.params === null) throw new InvalidParameterError('dmft', dmft === null ? null : typeof dmft, 'a DMFT result { params, lags, C_phi, C_psi }');
  for (const k of ['lags', 'C_phi', 'C_psi'] as const) if (!(dmft[k] instanceof Float64Array)) throw new InvalidParameterError(`dmft.${k}`, typeof dmft[k], 'a Float64Array');
  const p = dmft.params;
  const grid = dmft.lags.length;
  if (grid < 4 || dmft.C_phi.length !== grid || dmft.C_psi.length !== grid) throw new InvalidParameterError('dmft', grid, 'fields of equal length ≥ 4 on the lag grid');
  const dt = dmft.lags[1] - dmft.lags[0];
  const paths = checkInteger('paths', options.paths ?? 100, 2, 1e7);
  const lagPoints = checkInteger('lagPoints', options.lagPoints ?? grid, 4, grid);
  const s: GatedSamplingLyapunovSettings = {
    dt: checkFinite('dt', dt, 1e-4, 1),
    lagPoints,
    transientTime: checkFinite('transientTime', options.transientTime ?? Math.max(100, (lagPoints * dt) / 2), 0, 1e6),
    windowTime: checkFinite('windowTime', options.windowTime ?? Math.max(200, 2 * lagPoints * dt), 1e-3, 1e6),
    paths,
    rounds: checkInteger('rounds', options.rounds ?? 20, 2, 1e6),
    damping: checkFinite('damping', options.damping ?? 0.5, 0, 0.999),
    batches: checkInteger('batches', options.batches ?? 8, 2, 1e6),
    batchPaths: checkInteger('batchPaths', options.batchPaths ?? paths, 2, 1e7),
    lambda0: checkFinite('lambda0', options.lambda0 ?? 0.1, -100, 100),
    lambdaMin: checkFinite('lambdaMin', options.lambdaMin ?? -0.5 * Math.min(1 / p.tau_h, 1 / p.tau_z, 1 / p.tau_r), -100, 100),
    maxStep: checkFinite('maxStep', options.maxStep ?? 0.2, 1e-6, 100),
    lambdaTol: checkFinite('lambdaTol', options.lambdaTol ?? 0.02, 0, 100),
    physicalTol: checkFinite('physicalTol', options.physicalTol ?? 0.05, 0, 10),
    seed: checkInteger('seed', options.seed ?? 0, 0, Number.MAX_SAFE_INTEGER),
  };
  const tauMin = Math.min(p.tau_h, p.tau_z, p.tau_r);
  if (dt > tauMin) throw new InvalidParameterError('dt', dt, `(0, ${tauMin}]`, `invalid lag step dt = ${dt} of the fields: the Euler step must not exceed min(τ_h, τ_z, τ_r) = ${tauMin}`);
  if (!(dmft.C_phi[0] > 0) || !(dmft.C_psi[0] > 0)) throw new InvalidParameterError('dmft', dmft.C_phi[0], 'a chaotic solution with C_φ(0) > 0', 'λ_max from [GATE-LYA-5] needs a non-trivial DMFT solution (C_φ(0) > 0)');
  checkSampledCorrelation('C_phi', dmft.C_phi, dt, s.physicalTol);
  checkSampledCorrelation('C_psi', dmft.C_psi, dt, s.physicalTol);
  const m = s.lagPoints;
  const nTr = Math.round(s.transientTime / dt), nW = Math.round(s.windowTime / dt);
  if (nW <= m) throw new InvalidParameterError('windowTime', s.windowTime, `> the lag range ${m * dt}`);
  const n = nTr + nW;
  const L = nextPow2(n + m);
  const pPhi = Math.max(dmft.C_phi[grid - 1], 0), pPsi = Math.max(dmft.C_psi[grid - 1], 0);
  const rootPhi = circulantRoot(dmft.C_phi.subarray(0, m).map((v) => v - pPhi), L), rootPsi = circulantRoot(dmft.C_psi.subarray(0, m).map((v) => v - pPsi), L);
  const buf = Array.from({ length: 12 }, () => new Float64Array(L));
  const dpsiW = new Float64Array(nW), dphiW = new Float64Array(nW);
  const root = new Rng(s.seed);

  const evaluate = (lambda: number, Kpsi: Float64Array, Kphi: Float64Array, M: number, rngs: (j: number) => Rng): Evaluation => {
    const rootKpsi = circulantRoot(Kpsi, L), rootKphi = circulantRoot(Kphi, L);
    const accPsi = new Float64Array(m), accPhi = new Float64Array(m);
    let dAcc = 0;
    const decay = Math.exp(-lambda * dt);
    const ch = dt / p.tau_h, cz = dt / p.tau_z, cr = dt / p.tau_r;
    const [eh, eh2, ez, ez2, er, er2, xh, xh2, xz, xz2, xr, xr2] = buf;
    for (let j = 0; j < M; j += 2) {
      const rng = rngs(j);
      samplePathPair(rootPsi, rng, eh, eh2);
      samplePathPair(rootPhi, rng, ez, ez2);
      samplePathPair(rootPhi, rng, er, er2);
      samplePathPair(rootKpsi, rng, xh, xh2);
      if (p.alpha_z !== 0) samplePathPair(rootKphi, rng, xz, xz2); // δz drops out when σ_z′ ≡ 0
      samplePathPair(rootKphi, rng, xr, xr2);
      for (const [ah, az, ar, bh, bz, br] of [[eh, ez, er, xh, xz, xr], [eh2, ez2, er2, xh2, xz2, xr2]] as const) {
        const oh = Math.sqrt(pPsi) * rng.normal(), oz = Math.sqrt(pPhi) * rng.normal(), or = Math.sqrt(pPhi) * rng.normal();
        let h = 0, z = 0, r = 0, uh = 0, uz = 0, ur = 0, vh = 0, vz = 0, vr = 0, d0 = 0;
        for (let t = 0; t < n; t++) {
          const sz = gatedGate(z, p.alpha_z, p.beta_z), szp = gatedGatePrime(z, p.alpha_z, p.beta_z);
          const drive = -h + ah[t] + oh;
          if (t >= nTr) {
            const f = gatedPhi(p, h), fp = gatedPhiPrime(p, h);
            const sr = gatedGate(r, p.alpha_r, p.beta_r), srp = gatedGatePrime(r, p.alpha_r, p.beta_r);
            const w = t - nTr;
            const dpsi = sr * fp * uh + srp * ur * f, dphi = fp * uh;
            dpsiW[w] = dpsi;
            dphiW[w] = dphi;
            d0 += dpsi * (sr * fp * vh + srp * vr * f) + dphi * fp * vh;
          }
          const uhn = decay * (uh + ch * (szp * uz * drive + sz * (-uh + bh[t])));
          const uzn = decay * (uz + cz * (-uz + bz[t]));
          const urn = decay * (ur + cr * (-ur + br[t]));
          vh = decay * (vh + ch * (szp * vz * drive - sz * vh)) - dt * uhn;
          vz = decay * (vz - cz * vz) - dt * uzn;
          vr = decay * (vr - cr * vr) - dt * urn;
          uh = uhn; uz = uzn; ur = urn;
          h += ch * sz * drive;
          z += cz * (-z + az[t] + oz);
          r += cr * (-r + ar[t] + or);
        }
        autocorrPair(dpsiW, dphiW, nW, m, accPsi, accPhi);
        dAcc += (2 * d0) / nW;
      }
    }
    const np = 2 * Math.ceil(M / 2);
    for (let k = 0; k < m; k++) { accPsi[k] /= np; accPhi[k] /= np; }
    const before = Kpsi[0] + Kphi[0], after = accPsi[0] + accPhi[0];
    const rho = after / before;
    const slope = -(dAcc / np) / after;
    if (!Number.isFinite(rho) || !(rho > 0)) throw new NonPhysicalError('tangent ratio ρ(λ)', rho, `at λ = ${lambda}: the sampled tangent process left the finite positive numbers`);
    if (!(slope > 0)) throw new NonPhysicalError('−d ln ρ/dλ', slope, `at λ = ${lambda}: ρ(λ) must decrease in λ [GATE-LYA-5]`);
    return { Kpsi: accPsi, Kphi: accPhi, rho, slope };
  };

  // Initial K: the connected field correlations (shape of the neutral mode), normalised.
  let Kpsi = Float64Array.from({ length: m }, (_, k) => Math.max(dmft.C_psi[k] - pPsi, 0));
  let Kphi = Float64Array.from({ length: m }, (_, k) => Math.max(dmft.C_phi[k] - pPhi, 0));
  const norm = (a: Float64Array, b: Float64Array) => { const z = a[0] + b[0]; for (let k = 0; k < m; k++) { a[k] /= z; b[k] /= z; } };
  norm(Kpsi, Kphi);
  let lambda = Math.max(s.lambda0, s.lambdaMin);
  const lambdaHistory: number[] = [];
  const total = s.rounds + s.batches;
  for (let t = 0; t < s.rounds; t++) {
    const e = evaluate(lambda, Kpsi, Kphi, s.paths, (j) => root.derive('round').derive(t).derive(j));
    norm(e.Kpsi, e.Kphi);
    const half = Math.floor(s.rounds / 2);
    const a = t < half ? s.damping : Math.max(s.damping, 1 - 1 / (t - half + 2)); // running mean in the second half
    for (let k = 0; k < m; k++) {
      Kpsi[k] = (1 - a) * e.Kpsi[k] + a * Kpsi[k];
      Kphi[k] = (1 - a) * e.Kphi[k] + a * Kphi[k];
    }
    norm(Kpsi, Kphi);
    const step = Math.log(e.rho) / e.slope;
    lambda = Math.max(s.lambdaMin, lambda + Math.max(-s.maxStep, Math.min(s.maxStep, step)));
    lambdaHistory.push(lambda);
    options.onProgress?.(t + 1, total);
  }
  const tail = lambdaHistory.slice(Math.floor(s.rounds / 2));
  const lambdaStar = tail.reduce((a, b) => a + b, 0) / tail.length;
  Kpsi = Float64Array.from(Kpsi);
  Kphi = Float64Array.from(Kphi);
  const batchEstimates: number[] = [];
  let slopeSum = 0;
  for (let b = 0; b < s.batches; b++) {
    const e = evaluate(lambdaStar, Kpsi, Kphi, s.batchPaths, (j) => root.derive('batch').derive(b).derive(j));
    batchEstimates.push(lambdaStar + Math.log(e.rho) / e.slope);
    slopeSum += e.slope;
    options.onProgress?.(s.rounds + b + 1, total);
  }
  const B = batchEstimates.length;
  const lambdaMax = batchEstimates.reduce((a, v) => a + v, 0) / B;
  const variance = batchEstimates.reduce((a, v) => a + (v - lambdaMax) ** 2, 0) / (B - 1);
  const standardError = Math.sqrt(variance / B);
  const residual = Math.abs(lambdaMax - lambdaStar);
  if (!Number.isFinite(lambdaMax)) throw new NonPhysicalError('λ_max', lambdaMax, 'non-finite estimate');
  if (residual > s.lambdaTol + 4 * standardError) throw new ConvergenceError('sampled tangent process [GATE-LYA-5] (λ_max vs λ*)', residual, s.rounds, { ...s });
  return {
    lambdaMax, standardError, batchEstimates, lambdaStar, lambdaHistory, slope: slopeSum / B, K_psi: Kpsi, K_phi: Kphi,
    converged: true, residual, iterations: s.rounds, seed: s.seed, params: p, settings: s,
  };
}
