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
 * Stationary-growth ansatz behind 2 (not verified beyond the rate): in the DMFT the adjoint
 * correlation takes the form ⟨a a⟩(t,s) = A e^{λ_max(2T − t − s)} k_a(t − s); inserted in
 * [GATE-ADJ-4] this gives A e^{2λ_max T}/(2λ_max τ²) ∫ du e^{−λ_max|u|} k_a(u) C_ψ(u) at large T.
 * For α_r = 0 the adjoint eigenproblem coincides with [GATE-LYA-4] (k_a = k_h); for α_r ≠ 0 the
 * transposed structure exchanges the roles of the h- and r-couplings of [GATE-LYA-3] (same λ_max,
 * different k_a).
 *
 * @module
 */
import { InvalidParameterError, checkFinite } from '@gatefield/numerics';
import { type GatedDmftOptions, type GatedDmftResult, solveGatedDmft } from './dmft.js';
import { type GatedDmftLyapunovOptions, type GatedDmftLyapunovResult, gatedDmftLyapunov } from './dmftLyapunov.js';
import type { GatedParameters } from './parameters.js';

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
