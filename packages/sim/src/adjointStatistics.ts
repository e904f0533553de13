/**
 * Finite-N statistics of adjoint gradients ([GATE-ADJ-4]): the mean square of ∂L/∂W_k[i, j] over
 * the entries of each coupling matrix, for a terminal loss L_T = ½ Σ_{i<m} h_i(T)² on a trajectory
 * started on the attractor (after a transient), at several horizons T, and its exponential growth
 * rate in T.
 *
 * Why the gradient grows like e^{λ_max T}: for a terminal loss the adjoint is a(t) = Φ(T, t)ᵀ a(T)
 * with Φ the tangent propagator (for the Euler map exactly, by construction of the discrete
 * adjoint), so ‖a(t)‖ grows backward in time at the top Lyapunov exponent of Φᵀ — the same as that
 * of Φ, λ_max ([GATE-LYA-3] in the DMFT). The coupling gradients ∫ a_i(t) b_j(t) dt integrate a
 * against bounded presynaptic signals, so they are dominated by t ≲ 1/λ_max and their root mean
 * square grows as e^{λ_max T} (mean square: 2λ_max), up to an O(1) prefactor set by the projection
 * of a(T) on the leading adjoint mode. The slope is fitted by least squares of the seed-averaged
 * ln(mean square) against T; the Euler map's exponent differs from the flow's by O(Δt)
 * (ln|1 + Δt λ|/Δt, as for the QR estimate).
 *
 * @module
 */
import { InvalidParameterError, checkFinite, checkInteger } from '@gatefield/numerics';
import { discreteAdjoint, storeTrajectory } from './adjoint.js';
import { type Network, stateIndex } from './network.js';
import { integrate } from './trajectory.js';

/** Options of {@link gradientGrowth}. */
export interface GradientGrowthOptions {
  /** Horizons T (time units, multiples of dt, increasing); default [5, 10, 15, 20, 25, 30]. */
  horizons?: readonly number[];
  /** Euler step; default 0.05 ([GATE-NUM-5]). */
  dt?: number;
  /** Transient discarded before t = 0 (time units); default 100. */
  transient?: number;
  /** Number m of units in the terminal loss ½ Σ_{i<m} h_i(T)²; default N (all). */
  lossUnits?: number;
  /** Standard deviation of the seeded initial state; default 1. */
  initScale?: number;
}

/** Result of {@link gradientGrowth} for one network. */
export interface GradientGrowthResult {
  horizons: number[];
  /** Mean over entries of (∂L/∂W_k[i, j])², per matrix k (rows) and horizon (columns). */
  meanSquare: Float64Array[];
  matrixNames: readonly string[];
  /** ‖∂L/∂x(0)‖² per horizon. */
  initialStateNorm2: Float64Array;
  /**
   * Least-squares slope of ln(meanSquare) against T, per matrix (≈ 2λ_max); null when that
   * gradient vanishes identically (e.g. J^z at α_z = 0, where a_z ≡ 0 for an h-loss).
   */
  meanSquareSlope: (number | null)[];
  /** Half of it: the growth rate of the root-mean-square gradient (≈ λ_max); null likewise. */
  rmsGrowthRate: (number | null)[];
  converged: true;
  /** Root-mean-square deviation of ln(meanSquare of the first matrix) from its fitted line. */
  residual: number;
  /** Backward sweeps run (one per horizon). */
  iterations: number;
  seed: number;
  settings: Required<Omit<GradientGrowthOptions, 'horizons'>> & { horizons: number[] };
}

/** Least-squares slope of y against x. */
export function leastSquaresSlope(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number; rms: number } {
  const m = x.length;
  if (m < 2 || y.length !== m) throw new InvalidParameterError('points', m, 'at least 2 (x, y) pairs of equal length');
  let mx = 0, my = 0;
  for (let i = 0; i < m; i++) { mx += x[i] / m; my += y[i] / m; }
  let sxy = 0, sxx = 0;
  for (let i = 0; i < m; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; }
  if (!(sxx > 0)) throw new InvalidParameterError('x', 'constant', 'at least two distinct abscissae');
  const slope = sxy / sxx, intercept = my - slope * mx;
  let r = 0;
  for (let i = 0; i < m; i++) r += (y[i] - intercept - slope * x[i]) ** 2 / m;
  return { slope, intercept, rms: Math.sqrt(r) };
}

/**
 * Mean-square coupling gradients of one network at several horizons (one stored trajectory, one
 * discrete-adjoint sweep per horizon) and their growth rate.
 *
 * Cost: (K_max + Σ K_T) steps of nField N² work; memory (K_max + 1)·N·(nState + 2 nField) doubles.
 *
 * @throws {InvalidParameterError} bad options (horizons not increasing multiples of dt, …); the
 *   adjoint's NonPhysicalError if the gradient overflows (horizon too long for λ_max).
 */
export function gradientGrowth(network: Network, options: GradientGrowthOptions = {}): GradientGrowthResult {
  const dt = checkFinite('dt', options.dt ?? 0.05, 1e-6, 10);
  const horizons = [...(options.horizons ?? [5, 10, 15, 20, 25, 30])];
  if (horizons.length < 2) throw new InvalidParameterError('horizons', horizons.length, 'at least two horizons');
  const steps = horizons.map((T, m) => {
    checkFinite(`horizons[${m}]`, T, dt, 1e6);
    const k = Math.round(T / dt);
    if (Math.abs(k * dt - T) > 1e-9 * T) throw new InvalidParameterError(`horizons[${m}]`, T, `multiples of dt = ${dt}`);
    if (m > 0 && T <= horizons[m - 1]) throw new InvalidParameterError('horizons', horizons.join(','), 'strictly increasing');
    return k;
  });
  const transient = checkFinite('transient', options.transient ?? 100, 0, 1e7);
  const lossUnits = checkInteger('lossUnits', options.lossUnits ?? network.n, 1, network.n);
  const initScale = checkFinite('initScale', options.initScale ?? 1, 0, 1e6);
  const n = network.n;
  const hOff = stateIndex(network, 'h') * n;
  const start = integrate(network, { dt, steps: Math.round(transient / dt), initScale }).state;
  const traj = storeTrajectory(network, { dt, steps: steps[steps.length - 1], initialState: start });
  const terminal = (x: Float64Array, g: Float64Array) => {
    let s = 0;
    for (let i = 0; i < lossUnits; i++) {
      const v = x[hOff + i];
      s += 0.5 * v * v;
      g[hOff + i] = v;
    }
    return s;
  };
  const nW = network.weights.length;
  const meanSquare = Array.from({ length: nW }, () => new Float64Array(horizons.length));
  const initialStateNorm2 = new Float64Array(horizons.length);
  steps.forEach((K, m) => {
    const r = discreteAdjoint(traj, { terminal }, { steps: K, gradParams: [] });
    r.gradWeights.forEach((G, k) => {
      let s = 0;
      for (let t = 0; t < G.length; t++) s += G[t] * G[t];
      meanSquare[k][m] = s / G.length;
    });
    initialStateNorm2[m] = r.gradInitialState.reduce((s, v) => s + v * v, 0);
  });
  const meanSquareSlope: (number | null)[] = [];
  let residual = 0;
  for (let k = 0; k < nW; k++) {
    if (meanSquare[k].some((v) => !(v > 0))) {
      meanSquareSlope.push(null);
      continue;
    }
    const fit = leastSquaresSlope(horizons, Array.from(meanSquare[k], Math.log));
    meanSquareSlope.push(fit.slope);
    if (k === 0) residual = fit.rms;
  }
  return {
    horizons,
    meanSquare,
    matrixNames: network.matrixNames,
    initialStateNorm2,
    meanSquareSlope,
    rmsGrowthRate: meanSquareSlope.map((s) => (s === null ? null : s / 2)),
    converged: true,
    residual,
    iterations: horizons.length,
    seed: network.seed,
    settings: { dt, transient, lossUnits, initScale, horizons },
  };
}
