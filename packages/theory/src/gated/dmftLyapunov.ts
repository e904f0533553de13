/**
 * Maximal Lyapunov exponent from the DMFT tangent eigenvalue problem for α_z = 0 ([GATE-LYA-3],
 * solved by [GATE-NUM-4]):
 * ```
 *   [ (1 + τλ)² − τ² ∂_u² ] k_h = C_φ′ C_σr k_h + C_φ C_σr′ k_r           τ = τ_eff = τ_h/s_z
 *   [ (1 + τ_rλ)² − τ_r² ∂_u² ] k_r = C_φ′ k_h
 *   λ_max: ρ(T_λ) = 1,  T_λ the positive linear map (k_h, k_r) ↦ right-hand sides solved by FFT
 * ```
 * C_φ′(u) = E[φ′(x)φ′(y)] (var C_h(0), cov C_h(u)) and C_σr′ likewise from C_r.
 *
 * Numerics: ρ(T_λ) by power iteration on even functions (the Perron mode is even and positive; the
 * odd neutral mode Ċ_h of eigenvalue 1 at λ = 0 — Price's theorem, dC_φ/dc = C_φ′ — is excluded by
 * the even extension), warm-started across λ; ρ decreases in λ, so λ_max is bracketed by doubling
 * and refined by Brent. λ is kept above max(−1/τ, −1/τ_r) where the operators stay positive.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, brent, checkFinite, checkInteger } from '@gatefield/numerics';
import { bivariateGaussTable } from './bivariate.js';
import type { GatedDmftResult } from './dmft.js';
import { EvenLagTransform } from './fft.js';
import { gatedGatePrime, gatedPhiPrime } from './parameters.js';

/** Options of {@link gatedDmftLyapunov}. */
export interface GatedDmftLyapunovOptions {
  /** Power-iteration tolerance on ρ; default 1e-11. */
  powerTol?: number;
  /** Power-iteration budget per λ; default 20000. */
  powerMaxIterations?: number;
  /** Tolerance on λ; default 1e-7. */
  xtol?: number;
  /** Table settings for C_φ′, C_σr′; defaults those of the DMFT solution. */
  chebyshevNodes?: number;
  hermiteNodes?: number;
}

/** Result of {@link gatedDmftLyapunov}. */
export interface GatedDmftLyapunovResult {
  lambdaMax: number;
  /** ρ(T_0): > 1 iff the state is chaotic. */
  rhoAtZero: number;
  /** Ground-state eigenfunction k_h on the lag grid (max-normalised). */
  k_h: Float64Array;
  converged: true;
  residual: number;
  iterations: number;
  settings: Required<GatedDmftLyapunovOptions>;
}

/**
 * λ_max of a scheme-B DMFT solution ([GATE-LYA-3]). For a trivial solution (zero fixed point) the
 * answer is the zero-fixed-point abscissa −s_z/τ_h(1 − g_h s_r) ([GATE-RMT-5]) is not returned:
 * that case throws InvalidParameterError (no stationary chaotic state).
 */
export function gatedDmftLyapunov(dmft: GatedDmftResult, options: GatedDmftLyapunovOptions = {}): GatedDmftLyapunovResult {
  if (dmft.trivial) throw new InvalidParameterError('dmft', 'trivial', 'a chaotic solution', 'λ_max from [GATE-LYA-3] needs a non-trivial DMFT solution');
  const s: Required<GatedDmftLyapunovOptions> = {
    powerTol: checkFinite('powerTol', options.powerTol ?? 1e-11, 0, 1),
    powerMaxIterations: checkInteger('powerMaxIterations', options.powerMaxIterations ?? 20000, 1, 1e8),
    xtol: checkFinite('xtol', options.xtol ?? 1e-7, 0, 1),
    chebyshevNodes: checkInteger('chebyshevNodes', options.chebyshevNodes ?? dmft.settings.chebyshevNodes, 4, 4096),
    hermiteNodes: checkInteger('hermiteNodes', options.hermiteNodes ?? dmft.settings.hermiteNodes, 2, 1000),
  };
  const p = dmft.params;
  const n = dmft.lags.length;
  const ft = new EvenLagTransform(n, dmft.settings.du);
  const tau = dmft.tauEff, taur = p.tau_r;
  const Cpp = bivariateGaussTable((x) => gatedPhiPrime(p, x), dmft.C_h[0], s.chebyshevNodes, s.hermiteNodes).map(dmft.C_h);
  const Csp = bivariateGaussTable((x) => gatedGatePrime(x, p.alpha_r, p.beta_r), dmft.C_r[0], s.chebyshevNodes, s.hermiteNodes).map(dmft.C_r);
  const A = new Float64Array(n), B = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    A[k] = Cpp[k] * dmft.C_sigmaR[k];
    B[k] = dmft.C_phi[k] * Csp[k];
  }
  let kh = new Float64Array(n).fill(1), kr = new Float64Array(n).fill(1);
  const fh = new Float64Array(n), fr = new Float64Array(n);
  const nh = new Float64Array(n), nr = new Float64Array(n);
  let totalIt = 0;
  const rho = (lambda: number): number => {
    let r = 0, last = NaN;
    for (let it = 0; it < s.powerMaxIterations; it++) {
      totalIt++;
      for (let k = 0; k < n; k++) {
        fh[k] = A[k] * kh[k] + B[k] * kr[k];
        fr[k] = Cpp[k] * kh[k];
      }
      ft.yukawaPeriodic(fh, tau, 1 + tau * lambda, nh);
      ft.yukawaPeriodic(fr, taur, 1 + taur * lambda, nr);
      let m = 0;
      for (let k = 0; k < n; k++) m = Math.max(m, Math.abs(nh[k]), Math.abs(nr[k]));
      let mo = 0;
      for (let k = 0; k < n; k++) mo = Math.max(mo, Math.abs(kh[k]), Math.abs(kr[k]));
      r = m / mo;
      for (let k = 0; k < n; k++) {
        kh[k] = nh[k] / m;
        kr[k] = nr[k] / m;
      }
      if (Math.abs(r - last) < s.powerTol * r) return r;
      last = r;
    }
    throw new ConvergenceError('power iteration for ρ(T_λ) [GATE-NUM-4]', Math.abs(r - last), s.powerMaxIterations, { lambda, ...s });
  };
  const lower = Math.max(-1 / tau, -1 / taur) * (1 - 1e-9);
  const g = (lambda: number) => rho(lambda) - 1;
  const rhoAtZero = rho(0);
  let lo: number, hi: number;
  if (rhoAtZero > 1) {
    lo = 0;
    hi = 0.1;
    while (g(hi) > 0) { lo = hi; hi *= 2; if (hi > 1e4) throw new ConvergenceError('λ_max bracket', hi, 0, s); }
  } else {
    hi = 0;
    lo = lower / 2;
    while (g(lo) < 0) { hi = lo; lo = (lo + lower) / 2; if (lo - lower < 1e-12) throw new ConvergenceError('λ_max bracket', lo, 0, s); }
  }
  const root = brent(g, lo, hi, { xtol: s.xtol });
  rho(root.root);
  return { lambdaMax: root.root, rhoAtZero, k_h: Float64Array.from(kh), converged: true, residual: root.residual, iterations: totalIt, settings: s };
}
