/**
 * Mean-field statistics of adjoint gradients of the gated RNN ([GATE-ADJ-3], [GATE-ADJ-4]).
 *
 * What is implemented, and its status:
 *
 * 1. {@link adjointMeanSquareGradient} — the [GATE-ADJ-4] double integral
 *    ```
 *      E[(∂L/∂J^h_ij)²] ≈ (1/τ_h²) ∫∫ ⟨σ_z a_h σ_z a_h⟩(t,s) C_ψ(t,s) dt ds
 *    ```
 *    (J^z, J^r: ⟨a_z a_z⟩ or ⟨a_r a_r⟩ with C_φ and 1/τ_z², 1/τ_r²), on a time grid, for given
 *    correlations. Status: with *population* averages over the units of one finite network, the
 *    mean over (i, j) of the squared gradient factorises exactly into this form (the mean of
 *    x_i y_j over a product index set is the product of the means), so the formula is an identity
 *    at finite N; checked to round-off against the discrete adjoint in test/src/gatedGradients.test.ts.
 *    Its mean-field content — that both factors may be replaced by their single-site (DMFT)
 *    averages — needs the adjoint correlation ⟨σ_z a_h σ_z a_h⟩, i.e. the backward DMFT of
 *    [GATE-ADJ-3] with its reaction terms, which is **not implemented and not verified**.
 *
 * 2. {@link gatedGradientGrowthRate} — the exponential growth rate of the gradients for a terminal
 *    loss (e.g. L_T = ½ Σ h_i(T)²) in the stationary chaotic state, α_z = 0: the adjoint is the
 *    transposed tangent propagator applied to ∂L_T/∂x(T), whose growth rate backward in time is the
 *    top Lyapunov exponent λ_max of the forward tangent dynamics ([GATE-LYA-3], [GATE-NUM-4]);
 *    ∂L/∂J integrates a against bounded presynaptic signals, so
 *    ```
 *      ln E[(∂L/∂J_ij)²] = 2 λ_max T + O(1),      RMS gradient ∝ e^{λ_max T}
 *    ```
 *    Status: **verified** against finite networks (log-slope of the simulated mean-square gradient
 *    against T, test/src/gatedGradients.test.ts; the finite-N bias of λ_max is that of
 *    [GATE-REF-F3]). The O(1) prefactor (the projection of a(T) on the leading adjoint mode) is
 *    not predicted.
 *
 * 3. {@link gatedAdjointCorrelationShape} — the stationary-growth form of the adjoint correlation,
 *    ⟨a a⟩(t,s) = A e^{λ_max(2T − t − s)} k_a(t − s), with k_a the eigenfunction of the transposed
 *    [GATE-LYA-3] problem (off-diagonal coefficients exchanged; same λ_max; k_a = k_h of
 *    [GATE-LYA-4] when α_r = 0). Status: the shape k_a(u)/k_a(0) is **verified** against finite
 *    networks (and distinguished from the forward shape); the amplitude A is not predicted.
 *    Inserted in [GATE-ADJ-4] it gives A e^{2λ_max T}/(2λ_max τ²) ∫ du e^{−λ_max|u|} k_a(u) C_ψ(u)
 *    at large T (not evaluated here, since A is unknown).
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, checkFinite, checkInteger } from '@gatefield/numerics';
import { bivariateGaussTable } from './bivariate.js';
import { type GatedDmftOptions, type GatedDmftResult, solveGatedDmft } from './dmft.js';
import { type GatedDmftLyapunovOptions, type GatedDmftLyapunovResult, gatedDmftLyapunov } from './dmftLyapunov.js';
import { EvenLagTransform } from './fft.js';
import { type GatedParameters, gatedGatePrime, gatedPhiPrime } from './parameters.js';

/** Input of {@link adjointMeanSquareGradient}. */
export interface AdjointMeanSquareInput {
  /** ⟨σ_z a_h σ_z a_h⟩(t_m, t_n) (or ⟨a_z a_z⟩, ⟨a_r a_r⟩), M×M row-major on t_m = m·dt. */
  adjointCorrelation: Float64Array;
  /**
   * C_ψ(t_m, t_n) (or C_φ) either as M×M row-major, or — stationary state — as a lag function
   * C(u_k), u_k = k·dt, of length ≥ M (used as C(|t_m − t_n|)).
   */
  outputCorrelation: Float64Array;
  /** Grid step. */
  dt: number;
  /** Time constant of the coupling's target variable (τ_h for J^h, τ_z, τ_r); default 1. */
  tau?: number;
  /**
   * Quadrature weights in each time: 'trapezoid' (default) or 'left' (dt at t_0..t_{M−2}, 0 at the
   * last point — the rule of the discrete adjoint of the Euler scheme).
   */
  rule?: 'trapezoid' | 'left';
}

/** Result of {@link adjointMeanSquareGradient}. */
export interface AdjointMeanSquareResult {
  /** The [GATE-ADJ-4] double integral. */
  meanSquare: number;
  /** Number of grid times M. */
  points: number;
  converged: true;
  /** 0: a direct quadrature (its error is the O(dt²) or O(dt) of the rule). */
  residual: number;
  iterations: number;
  settings: { dt: number; tau: number; rule: 'trapezoid' | 'left'; stationary: boolean };
}

/**
 * [GATE-ADJ-4] — mean square of a coupling gradient from the adjoint and output correlations,
 * (1/τ²) Σ_m Σ_n w_m w_n ⟨aa⟩(t_m, t_n) C(t_m, t_n).
 *
 * @throws {InvalidParameterError} non-square or mismatched arrays, non-finite entries, dt ≤ 0.
 */
export function adjointMeanSquareGradient(input: AdjointMeanSquareInput): AdjointMeanSquareResult {
  const dt = checkFinite('dt', input.dt, 0, Infinity, '(0, inf)');
  if (dt === 0) throw new InvalidParameterError('dt', dt, '(0, inf)');
  const tau = checkFinite('tau', input.tau ?? 1, 0, Infinity, '(0, inf)');
  if (tau === 0) throw new InvalidParameterError('tau', tau, '(0, inf)');
  const rule = input.rule ?? 'trapezoid';
  if (rule !== 'trapezoid' && rule !== 'left') throw new InvalidParameterError('rule', rule, 'trapezoid, left');
  const A = input.adjointCorrelation, C = input.outputCorrelation;
  const M = Math.round(Math.sqrt(A.length));
  if (M < 2 || M * M !== A.length) throw new InvalidParameterError('adjointCorrelation', A.length, 'a square M×M array with M ≥ 2');
  const stationary = C.length !== M * M;
  if (stationary && C.length < M) throw new InvalidParameterError('outputCorrelation', C.length, `M×M = ${M * M} or a lag function of length ≥ ${M}`);
  const w = new Float64Array(M).fill(dt);
  if (rule === 'trapezoid') { w[0] = dt / 2; w[M - 1] = dt / 2; } else w[M - 1] = 0;
  let s = 0;
  for (let m = 0; m < M; m++) {
    let row = 0;
    for (let k = 0; k < M; k++) row += w[k] * A[m * M + k] * (stationary ? C[Math.abs(m - k)] : C[m * M + k]);
    s += w[m] * row;
  }
  if (!Number.isFinite(s)) throw new InvalidParameterError('correlations', s, 'finite entries');
  return { meanSquare: s / (tau * tau), points: M, converged: true, residual: 0, iterations: 1, settings: { dt, tau, rule, stationary } };
}

/** Options of {@link gatedGradientGrowthRate}. */
export interface GatedGradientGrowthOptions {
  /** Scheme-B DMFT settings ([GATE-NUM-3]); defaults those of solveGatedDmft. */
  dmft?: GatedDmftOptions;
  /** λ_max solver settings ([GATE-NUM-4]); defaults those of gatedDmftLyapunov. */
  lyapunov?: GatedDmftLyapunovOptions;
}

/** Result of {@link gatedGradientGrowthRate}. */
export interface GatedGradientGrowthResult {
  /** λ_max of the stationary chaotic state ([GATE-LYA-3]). */
  lambdaMax: number;
  /** Growth rate of the root-mean-square coupling gradient with the horizon T: λ_max. */
  rmsGrowthRate: number;
  /** Growth rate of the mean-square gradient E[(∂L/∂J_ij)²]: 2λ_max. */
  meanSquareGrowthRate: number;
  /** C_h(0) of the chaotic state. */
  C_h0: number;
  dmft: GatedDmftResult;
  lyapunov: GatedDmftLyapunovResult;
  converged: true;
  /** Residual of the λ_max root (that of gatedDmftLyapunov). */
  residual: number;
  /** DMFT iterations + power iterations. */
  iterations: number;
  params: GatedParameters;
  settings: GatedGradientGrowthOptions;
}

/**
 * Exponential growth rates of terminal-loss coupling gradients with the horizon in the stationary
 * chaotic state (α_z = 0; see the module comment, item 2).
 *
 * @throws {InvalidParameterError} α_z ≠ 0 (no scheme-B DMFT) or no chaotic state (the DMFT
 *   collapses to the zero fixed point); the solvers' ConvergenceError / NonPhysicalError.
 */
export function gatedGradientGrowthRate(params: Readonly<Partial<GatedParameters>>, options: GatedGradientGrowthOptions = {}): GatedGradientGrowthResult {
  if (typeof options !== 'object' || options === null) throw new InvalidParameterError('options', options, 'an object { dmft?, lyapunov? }');
  const dmft = solveGatedDmft(params, options.dmft);
  const lyapunov = gatedDmftLyapunov(dmft, options.lyapunov);
  if (!(lyapunov.lambdaMax > 0)) {
    throw new InvalidParameterError('params', JSON.stringify(params), 'a chaotic state (λ_max > 0)', `λ_max = ${lyapunov.lambdaMax} ≤ 0: gradients do not grow exponentially ([GATE-LYA-3])`);
  }
  return {
    lambdaMax: lyapunov.lambdaMax,
    rmsGrowthRate: lyapunov.lambdaMax,
    meanSquareGrowthRate: 2 * lyapunov.lambdaMax,
    C_h0: dmft.C_h[0],
    dmft,
    lyapunov,
    converged: true,
    residual: lyapunov.residual,
    iterations: dmft.iterations + lyapunov.iterations,
    params: dmft.params,
    settings: options,
  };
}

/** Options of {@link gatedAdjointCorrelationShape}. */
export interface GatedAdjointShapeOptions {
  /** Power-iteration tolerance on ρ; default 1e-11. */
  powerTol?: number;
  /** Power-iteration budget; default 20000. */
  powerMaxIterations?: number;
}

/** Result of {@link gatedAdjointCorrelationShape}. */
export interface GatedAdjointShapeResult {
  /** λ at which the shape is computed (λ_max of the forward problem). */
  lambda: number;
  /** k_h^a(u)/k_h^a(0) on the DMFT lag grid: ⟨a_h(t) a_h(t+u)⟩ normalised (exponential factors removed). */
  k_h: Float64Array;
  /** k_r^a(u) (scaled adjoint a_r τ/τ_r) relative to k_h^a(0). */
  k_r: Float64Array;
  /** Spectral radius of the adjoint map at λ: 1 when λ is also its eigenvalue (similarity check). */
  rho: number;
  converged: true;
  /** |ρ − 1|. */
  residual: number;
  iterations: number;
  settings: Required<GatedAdjointShapeOptions>;
}

/**
 * Two-time shape of the adjoint correlation in the stationary chaotic state, α_z = 0 ([GATE-ADJ-3]
 * without reaction terms): with ⟨a a⟩(t,s) = A e^{λ(2T − t − s)} k^a(t − s), τ = τ_h/s_z and the
 * scaled output-gate adjoint ã_r = (τ/τ_r) a_r, the backward fields ξ_h = J^hᵀa_h, ξ̃_r = J^rᵀã_r are
 * independent Gaussians with covariances k_h^a, k_r^a, and
 * ```
 *   [ (1 + τλ)² − τ² ∂_u² ] k_h^a = C_φ′ C_σr k_h^a + C_φ′ k_r^a
 *   [ (1 + τ_rλ)² − τ_r² ∂_u² ] k_r^a = C_φ C_σr′ k_h^a
 * ```
 * — [GATE-LYA-3] with the off-diagonal coefficients C_φ C_σr′ and C_φ′ exchanged (the transposed
 * couplings). With Y the Yukawa solves, this map is Y Tᵀ Y⁻¹ for the forward map T of [GATE-NUM-4],
 * so it has the same spectral radius and λ_max ({@link GatedAdjointShapeResult.rho} = 1 checks it);
 * for α_r = 0 it reduces to [GATE-LYA-4] and k^a = k_h.
 *
 * Status: derived here; the shape k_h^a(u)/k_h^a(0) matches finite networks (population-averaged
 * normalised adjoint correlation, test/src/gatedGradients.test.ts) — which supports (i)–(ii) of
 * [GATE-ADJ-3]. On (iii): the reaction through the Jacobian terms averages out at leading order
 * (the backward fields have zero mean independent of the forward path); a reaction through the loss
 * source (∂ℓ/∂x, ∂L_T/∂x depend on the forward state) exists but does not grow with T − t, so it is
 * negligible relative to the exponentially growing part far from T. Not verified for α_z ≠ 0.
 *
 * @throws {InvalidParameterError} trivial DMFT solution; {@link ConvergenceError} power iteration.
 */
export function gatedAdjointCorrelationShape(dmft: GatedDmftResult, lambda: number, options: GatedAdjointShapeOptions = {}): GatedAdjointShapeResult {
  if (typeof dmft !== 'object' || dmft === null || typeof dmft.params !== 'object' || dmft.params === null || typeof dmft.settings !== 'object' || dmft.settings === null) {
    throw new InvalidParameterError('dmft', dmft === null ? null : typeof dmft, 'a result of solveGatedDmft');
  }
  for (const k of ['lags', 'C_h', 'C_r'] as const) if (!(dmft[k] instanceof Float64Array) || dmft[k].length < 2) throw new InvalidParameterError(`dmft.${k}`, typeof dmft[k], 'a Float64Array of length ≥ 2 (a result of solveGatedDmft)');
  if (dmft.trivial) throw new InvalidParameterError('dmft', 'trivial', 'a chaotic solution');
  const s: Required<GatedAdjointShapeOptions> = {
    powerTol: checkFinite('powerTol', options.powerTol ?? 1e-11, 0, 1),
    powerMaxIterations: checkInteger('powerMaxIterations', options.powerMaxIterations ?? 20000, 1, 1e8),
  };
  const p = dmft.params;
  const tau = dmft.tauEff, taur = p.tau_r;
  checkFinite('lambda', lambda, Math.max(-1 / tau, -1 / taur), Infinity);
  const n = dmft.lags.length;
  const ft = new EvenLagTransform(n, dmft.settings.du);
  const { chebyshevNodes, hermiteNodes } = dmft.settings;
  const Cpp = bivariateGaussTable((x) => gatedPhiPrime(p, x), dmft.C_h[0], chebyshevNodes, hermiteNodes).map(dmft.C_h);
  const Csp = bivariateGaussTable((x) => gatedGatePrime(x, p.alpha_r, p.beta_r), dmft.C_r[0], chebyshevNodes, hermiteNodes).map(dmft.C_r);
  const kh = new Float64Array(n).fill(1), kr = new Float64Array(n).fill(1);
  const fh = new Float64Array(n), fr = new Float64Array(n), nh = new Float64Array(n), nr = new Float64Array(n);
  let rho = 0, last = NaN, it = 0;
  for (; it < s.powerMaxIterations; it++) {
    for (let k = 0; k < n; k++) {
      fh[k] = Cpp[k] * (dmft.C_sigmaR[k] * kh[k] + kr[k]);
      fr[k] = dmft.C_phi[k] * Csp[k] * kh[k];
    }
    ft.yukawaPeriodic(fh, tau, 1 + tau * lambda, nh);
    ft.yukawaPeriodic(fr, taur, 1 + taur * lambda, nr);
    let m = 0, mo = 0;
    for (let k = 0; k < n; k++) { m = Math.max(m, Math.abs(nh[k]), Math.abs(nr[k])); mo = Math.max(mo, Math.abs(kh[k]), Math.abs(kr[k])); }
    rho = m / mo;
    for (let k = 0; k < n; k++) { kh[k] = nh[k] / m; kr[k] = nr[k] / m; }
    if (Math.abs(rho - last) < s.powerTol * rho) break;
    last = rho;
  }
  if (it === s.powerMaxIterations) throw new ConvergenceError('power iteration for the adjoint correlation [GATE-ADJ-3]', Math.abs(rho - last), it, s);
  const k0 = kh[0];
  return {
    lambda,
    k_h: kh.map((v) => v / k0),
    k_r: kr.map((v) => v / k0),
    rho,
    converged: true,
    residual: Math.abs(rho - 1),
    iterations: it + 1,
    settings: s,
  };
}
