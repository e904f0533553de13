/**
 * Gradients of a trajectory loss by the adjoint method ([GATE-ADJ-1], [GATE-ADJ-2]) for a finite
 * network of any compiled spec (the gated RNN [GATE-M-1] in particular), in two forms:
 *
 * (a) {@link discreteAdjoint} — the exact adjoint of the forward-Euler scheme the simulator
 *     integrates with, x_{n+1} = x_n + Δt F(x_n), for the discretised loss
 *     ```
 *       L_Δt = Σ_{n=0}^{K−1} Δt ℓ(x_n, t_n) + L_T(x_K)
 *       a_K = ∂L_T/∂x_K,     a_n = a_{n+1} + Δt [ D(x_n)ᵀ a_{n+1} + ∂ℓ/∂x(x_n, t_n) ]
 *       ∂L/∂θ = Σ_n Δt a_{n+1}·∂F/∂θ(x_n),     ∂L/∂W_k[i, j] = Σ_n Δt b̄_k,i(n) p_k,j(x_n),    ∂L/∂x_0 = a_0
 *     ```
 *     These are the derivatives of L_Δt to round-off (checked against central finite differences).
 * (b) {@link continuousAdjoint} — the continuous adjoint equations [GATE-ADJ-1]
 *     −ȧ = D(x(t))ᵀ a + ∂ℓ/∂x, a(T) = ∂L_T/∂x(T), integrated backward on the stored grid by Heun's
 *     method (default; or explicit Euler in reversed time), with the gradient integrals
 *     [GATE-ADJ-2] ∂L/∂θ = ∫ a·∂F/∂θ dt by the trapezoidal rule (Euler: right-endpoint rule). The
 *     running loss is the trapezoidal ∫ℓ. It differs from (a) by O(Δt) (the measured order is in
 *     the tests), because (a) differentiates the Euler map while (b) discretises the exact
 *     sensitivities.
 *
 * D(x)ᵀa, ∂F/∂θ and the weight gradients come from the compiled per-unit partials of the spec
 * (`adjointModel.ts`); nothing model-specific is hand-coded here. For the gated RNN the field
 * adjoint of J^h is b̄ = σ_z ⊙ a_h / τ_h, so ∂L/∂J^h_ij = ∫ a_h,i σ_z,i ψ_j dt/τ_h ([GATE-ADJ-2]).
 *
 * Memory: the forward trajectory is stored in full ({@link storeTrajectory}): states, fields and
 * presynaptic values at the K + 1 grid times, (K + 1)·N·(nState + 2 nField) doubles (N = 300, gated,
 * K = 1000: 22 MB). No checkpointing: for longer horizons split the run.
 *
 * Inputs I^h: the model spec has no input term yet ([GATE-M-1] inputs are not part of
 * `gatedRnnSpec`), so none are supported here.
 *
 * @module
 */
import { InvalidParameterError, NonPhysicalError, checkFinite, checkInteger } from '@gatefield/numerics';
import { type AdjointModel, accumulateGradients, adjointModel, adjointWorkspace, applyTransposedJacobian, evaluatePartials } from './adjointModel.js';
import { fieldLevels } from './fields.js';
import { checkLength } from './layout.js';
import { type Network, initialState } from './network.js';

/** Options of {@link storeTrajectory}. */
export interface StoreTrajectoryOptions {
  /** Euler step; default 0.05 (the reference simulations, [GATE-NUM-5]). */
  dt?: number;
  /** Number of Euler steps K; default 100. */
  steps?: number;
  /** Initial state (block-major); default iid N(0, initScale²) from the network seed. */
  initialState?: Float64Array;
  /** Standard deviation of the default initial state; default 1. */
  initScale?: number;
}

/** A stored forward-Euler trajectory: grid times t_n = nΔt, n = 0..K. */
export interface StoredTrajectory {
  network: Network;
  dt: number;
  steps: number;
  /** States, (K+1) blocks of N·nState (block-major within a block). */
  x: Float64Array;
  /** Fields y_k at each grid time, (K+1) blocks of N·nField. */
  y: Float64Array;
  /** Presynaptic values p_k at each grid time, (K+1) blocks of N·nField. */
  p: Float64Array;
  seed: number;
}

/**
 * Integrate the network by forward Euler (the scheme of `integrate`) and store the whole path.
 *
 * @throws {InvalidParameterError} bad dt/steps/initial state; {@link NonPhysicalError} if the state
 *   leaves the finite numbers.
 */
export function storeTrajectory(network: Network, options: StoreTrajectoryOptions = {}): StoredTrajectory {
  const dt = checkFinite('dt', options.dt ?? 0.05, 0, Infinity, '(0, inf)');
  if (dt === 0) throw new InvalidParameterError('dt', dt, '(0, inf)');
  const steps = checkInteger('steps', options.steps ?? 100, 1, 1e7);
  const { model, n } = network;
  const nS = model.stateNames.length, nF = model.fieldNames.length;
  const dX = nS * n, dY = nF * n;
  const x0 = options.initialState ? checkLength('initialState', options.initialState, dX) : initialState(network, options.initScale ?? 1);
  const x = new Float64Array((steps + 1) * dX);
  const y = new Float64Array((steps + 1) * dY);
  const p = new Float64Array((steps + 1) * dY);
  x.set(x0, 0);
  const xi = new Float64Array(nS), yi = new Float64Array(nF), pi = new Float64Array(nF), fi = new Float64Array(nS);
  const params = network.params.vector;
  const levels = fieldLevels(model);
  for (let s = 0; s <= steps; s++) {
    const xo = s * dX, yo = s * dY;
    for (const level of levels) {
      for (let i = 0; i < n; i++) {
        for (let v = 0; v < nS; v++) xi[v] = x[xo + v * n + i];
        for (let k = 0; k < nF; k++) yi[k] = y[yo + k * n + i];
        model.presynaptic(xi, yi, params, pi);
        for (const k of level) p[yo + k * n + i] = pi[k];
      }
      for (const k of level) {
        const W = network.weights[k], b = network.bias[k];
        for (let i = 0; i < n; i++) {
          let acc = b;
          const r = i * n;
          for (let j = 0; j < n; j++) acc += W[r + j] * p[yo + k * n + j];
          y[yo + k * n + i] = acc;
        }
      }
    }
    if (s === steps) break;
    for (let i = 0; i < n; i++) {
      for (let v = 0; v < nS; v++) xi[v] = x[xo + v * n + i];
      for (let k = 0; k < nF; k++) yi[k] = y[yo + k * n + i];
      model.rhs(xi, yi, params, fi);
      for (let v = 0; v < nS; v++) {
        const nx = xi[v] + dt * fi[v];
        if (!Number.isFinite(nx)) throw new NonPhysicalError('state', Number.isNaN(nx) ? Infinity : nx, `the trajectory left the finite numbers at step ${s + 1} (dt ${dt})`);
        x[xo + dX + v * n + i] = nx;
      }
    }
  }
  return { network, dt, steps, x, y, p, seed: network.seed };
}

/**
 * A loss L = ∫_0^T ℓ(x(t), t) dt + L_T(x(T)). Each callback returns the value and writes the
 * gradient with respect to the block-major state into `grad` (pre-zeroed, length N·nState).
 */
export interface AdjointLoss {
  running?: (state: Float64Array, t: number, grad: Float64Array) => number;
  terminal?: (state: Float64Array, grad: Float64Array) => number;
}

/** Options of {@link discreteAdjoint} and {@link continuousAdjoint}. */
export interface AdjointOptions {
  /** Parameters to differentiate; default every parameter outside the field biases. */
  gradParams?: readonly string[];
  /** Use only the first K′ ≤ K steps of the stored trajectory (horizon T = K′Δt); default all. */
  steps?: number;
  /** Compute the N×N weight gradients; default true. */
  weights?: boolean;
  /** Return the adjoint path a(t_n), n = 0..K′ ((K′+1) blocks of N·nState); default false. */
  recordAdjoint?: boolean;
  /** Continuous adjoint only: 'heun' (default, second order in the backward sweep) or 'euler'. */
  scheme?: 'heun' | 'euler';
}

/** Result of {@link discreteAdjoint} / {@link continuousAdjoint}. */
export interface AdjointResult {
  /** Loss value (discrete sum for (a), trapezoidal integral for (b)). */
  loss: number;
  /** ∂L/∂θ for each differentiated parameter (weights held fixed). */
  gradParams: Record<string, number>;
  /** ∂L/∂W_k, row-major N×N, indexed like `network.weights` (empty if `weights: false`). */
  gradWeights: Float64Array[];
  /** Matrix names of `gradWeights` (e.g. J_h, J_z, J_r). */
  matrixNames: readonly string[];
  /** ∂L/∂x(0) = a(0). */
  gradInitialState: Float64Array;
  /** Adjoint path when requested. */
  adjoint?: Float64Array;
  /** Horizon T. */
  horizon: number;
  /** Direct sweep (no iteration): always true. */
  converged: true;
  /** 0: the sweep is direct (no iterative solve, nothing to converge). */
  residual: number;
  /** Number of backward steps. */
  iterations: number;
  seed: number;
  settings: { kind: 'discrete' | 'continuous'; dt: number; steps: number; gradParams: string[]; weights: boolean; scheme: 'euler' | 'heun' | 'discrete' };
}

/** Copy grid state s of a stored path into a reusable buffer (the callbacks get a stable array). */
function copyState(x: Float64Array, s: number, out: Float64Array): Float64Array {
  const o = s * out.length;
  for (let i = 0; i < out.length; i++) out[i] = x[o + i];
  return out;
}

interface Sweep {
  am: AdjointModel;
  K: number;
  dX: number;
  dY: number;
  weights: boolean;
  gradW: Float64Array[];
  gradP: Float64Array;
}

function prepare(traj: StoredTrajectory, options: AdjointOptions): Sweep {
  const { network } = traj;
  const am = adjointModel(network.model, options.gradParams);
  const K = checkInteger('steps', options.steps ?? traj.steps, 1, traj.steps);
  const weights = options.weights ?? true;
  const n = network.n;
  return {
    am,
    K,
    dX: n * network.model.stateNames.length,
    dY: n * network.model.fieldNames.length,
    weights,
    gradW: weights ? network.weights.map(() => new Float64Array(n * n)) : [],
    gradP: new Float64Array(am.gradParams.length),
  };
}

/** Throw InvalidParameterError unless `loss` is an object whose `running` / `terminal` are functions (or absent). */
function checkLoss(loss: unknown): asserts loss is AdjointLoss {
  if (typeof loss !== 'object' || loss === null) throw new InvalidParameterError('loss', loss, 'an object { running?, terminal? } of callbacks');
  for (const k of ['running', 'terminal'] as const) {
    const f = (loss as Record<string, unknown>)[k];
    if (f !== undefined && typeof f !== 'function') throw new InvalidParameterError(`loss.${k}`, f, 'a function or absent');
  }
}

function finish(traj: StoredTrajectory, sw: Sweep, loss: number, a0: Float64Array, path: Float64Array | undefined, kind: 'discrete' | 'continuous', scheme: 'euler' | 'heun' | 'discrete'): AdjointResult {
  if (!Number.isFinite(loss)) throw new NonPhysicalError('loss', Number.isNaN(loss) ? Infinity : loss, 'the loss callback returned a non-finite value');
  for (const g of [a0, sw.gradP, ...sw.gradW]) {
    for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) throw new NonPhysicalError('gradient', Number.isNaN(g[i]) ? Infinity : g[i], `the ${kind} adjoint overflowed (horizon ${sw.K * traj.dt}): shorten the horizon`);
  }
  const gradParams: Record<string, number> = {};
  sw.am.gradParams.forEach((name, q) => (gradParams[name] = sw.gradP[q]));
  return {
    loss,
    gradParams,
    gradWeights: sw.gradW,
    matrixNames: traj.network.matrixNames,
    gradInitialState: a0,
    ...(path ? { adjoint: path } : {}),
    horizon: sw.K * traj.dt,
    converged: true,
    residual: 0,
    iterations: sw.K,
    seed: traj.seed,
    settings: { kind, dt: traj.dt, steps: sw.K, gradParams: [...sw.am.gradParams], weights: sw.weights, scheme },
  };
}

/**
 * (a) The exact discrete adjoint of the Euler scheme (see the module comment). Gradients are those
 * of L_Δt with respect to the parameters (weights fixed), the weights and the initial state.
 */
export function discreteAdjoint(traj: StoredTrajectory, loss: AdjointLoss, options: AdjointOptions = {}): AdjointResult {
  checkLoss(loss);
  const sw = prepare(traj, options);
  const { K, dX, dY } = sw;
  const dt = traj.dt;
  const ws = adjointWorkspace(traj.network, sw.am);
  const a = new Float64Array(dX), g = new Float64Array(dX), da = new Float64Array(dX), xs = new Float64Array(dX);
  const path = options.recordAdjoint ? new Float64Array((K + 1) * dX) : undefined;
  let L = 0;
  if (loss.terminal) L += loss.terminal(copyState(traj.x, K, xs), a);
  if (path) path.set(a, K * dX);
  for (let s = K - 1; s >= 0; s--) {
    evaluatePartials(ws, traj.x, s * dX, traj.y, s * dY);
    applyTransposedJacobian(ws, a, 0, da);
    accumulateGradients(ws, a, 0, traj.p, s * dY, dt, sw.gradP, sw.weights ? sw.gradW : null);
    if (loss.running) {
      g.fill(0);
      L += dt * loss.running(copyState(traj.x, s, xs), s * dt, g);
      for (let i = 0; i < dX; i++) a[i] += dt * (da[i] + g[i]);
    } else {
      for (let i = 0; i < dX; i++) a[i] += dt * da[i];
    }
    if (path) path.set(a, s * dX);
  }
  return finish(traj, sw, L, a, path, 'discrete', 'discrete');
}

/**
 * (b) The continuous adjoint [GATE-ADJ-1] integrated backward along the stored path, with the
 * gradient integrals [GATE-ADJ-2] (see the module comment). Converges to the exact gradient of the
 * continuous loss along the path; differs from {@link discreteAdjoint} by O(Δt).
 */
export function continuousAdjoint(traj: StoredTrajectory, loss: AdjointLoss, options: AdjointOptions = {}): AdjointResult {
  checkLoss(loss);
  const scheme = options.scheme ?? 'heun';
  if (scheme !== 'heun' && scheme !== 'euler') throw new InvalidParameterError('scheme', scheme, 'heun, euler');
  const sw = prepare(traj, options);
  const { K, dX, dY } = sw;
  const dt = traj.dt;
  const ws = adjointWorkspace(traj.network, sw.am);
  const a = new Float64Array(dX), g = new Float64Array(dX), k1 = new Float64Array(dX), k2 = new Float64Array(dX), pred = new Float64Array(dX);
  const xs = new Float64Array(dX);
  const path = options.recordAdjoint ? new Float64Array((K + 1) * dX) : undefined;
  const W = sw.weights ? sw.gradW : null;
  // f(s, v) = D(x_s)ᵀ v + ∂ℓ/∂x(x_s), written into out; returns ℓ(x_s). Partials must be at x_s.
  const rhs = (s: number, v: Float64Array, out: Float64Array): number => {
    applyTransposedJacobian(ws, v, 0, out);
    if (!loss.running) return 0;
    g.fill(0);
    const l = loss.running(copyState(traj.x, s, xs), s * dt, g);
    for (let i = 0; i < dX; i++) out[i] += g[i];
    return l;
  };
  let L = 0;
  if (loss.terminal) L += loss.terminal(copyState(traj.x, K, xs), a);
  if (path) path.set(a, K * dX);
  // At the current grid point s (partials evaluated there) k1 = f(s, a_s).
  evaluatePartials(ws, traj.x, K * dX, traj.y, K * dY);
  let lRight = rhs(K, a, k1);
  // trapezoid (heun) or right-endpoint (euler) weights of the gradient integrals
  accumulateGradients(ws, a, 0, traj.p, K * dY, scheme === 'heun' ? dt / 2 : dt, sw.gradP, W);
  for (let s = K - 1; s >= 0; s--) {
    if (scheme === 'euler') {
      for (let i = 0; i < dX; i++) a[i] += dt * k1[i];
      evaluatePartials(ws, traj.x, s * dX, traj.y, s * dY);
      const l = rhs(s, a, k1);
      L += dt * lRight; // right-endpoint rule, consistent with the backward sweep
      lRight = l;
      if (s > 0) accumulateGradients(ws, a, 0, traj.p, s * dY, dt, sw.gradP, W);
    } else {
      for (let i = 0; i < dX; i++) pred[i] = a[i] + dt * k1[i];
      evaluatePartials(ws, traj.x, s * dX, traj.y, s * dY);
      const l = rhs(s, pred, k2);
      for (let i = 0; i < dX; i++) a[i] += 0.5 * dt * (k1[i] + k2[i]);
      L += 0.5 * dt * (l + lRight);
      lRight = rhs(s, a, k1); // k1 for the next step (partials still at x_s); also sets b̄, c for a_s
      accumulateGradients(ws, a, 0, traj.p, s * dY, s > 0 ? dt : dt / 2, sw.gradP, W);
    }
    if (path) path.set(a, s * dX);
  }
  return finish(traj, sw, L, a, path, 'continuous', scheme);
}
