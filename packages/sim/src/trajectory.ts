/**
 * Trajectories of the full (gated) dynamics dX/dt = F(X) of a network, by forward Euler (the
 * recipe of [NUM-12]) or classical RK4 with a fixed step.
 *
 * @module
 */
import { InvalidParameterError, NonPhysicalError, checkFinite, checkInteger, eulerInPlace, rk4InPlace } from '@gatefield/numerics';
import type { SiteKernel } from '@gatefield/models';
import { vectorField } from './fields.js';
import { checkLength, maxAbs } from './layout.js';
import { type Network, initialState } from './network.js';

/** Options of {@link integrate}. */
export interface IntegrateOptions {
  /** 'euler' (default) or 'rk4'. */
  method?: 'euler' | 'rk4';
  /** Step size in units of τ; default 0.1 ([NUM-12]). */
  dt?: number;
  /** Number of steps; default 1000. */
  steps?: number;
  /** Initial state (block-major, N·nState); default iid N(0, initScale²) from derive('init'). */
  initialState?: Float64Array;
  /** Standard deviation of the default initial state; default 1. */
  initScale?: number;
  /** Record the state every this many steps (0 = only the final state); default 0. */
  recordEvery?: number;
  /** Per-unit rhs kernel to integrate instead of the model's (e.g. a fixed-point flow). */
  kernel?: SiteKernel;
}

/** Settings actually used by {@link integrate}. */
export interface IntegrateSettings {
  method: 'euler' | 'rk4';
  dt: number;
  steps: number;
  initScale: number;
  recordEvery: number;
  initialState: 'given' | 'seeded';
  kernel: 'model rhs' | 'given';
}

/** Result of {@link integrate}. */
export interface TrajectoryResult {
  /** Final state (block-major). */
  state: Float64Array;
  /** Final time. */
  t: number;
  /** max_j |F_j| at the final state (how far from a fixed point the trajectory ended). */
  residual: number;
  /** Number of steps taken. */
  iterations: number;
  /** Always true: the integration ran all its steps with finite values (otherwise it throws). */
  converged: true;
  seed: number;
  settings: IntegrateSettings;
  /** Recorded times and states (copies), when `recordEvery > 0`; includes t = 0. */
  samples?: { t: number[]; states: Float64Array[] };
}

/**
 * Integrate the network from an initial state.
 *
 * @throws {InvalidParameterError} for bad options (dt not finite and > 0, steps not an integer ≥ 0, …).
 * @throws {NonPhysicalError} if the state becomes non-finite.
 */
export function integrate(network: Network, options: IntegrateOptions = {}): TrajectoryResult {
  const method = options.method ?? 'euler';
  if (method !== 'euler' && method !== 'rk4') throw new InvalidParameterError('method', method, 'euler, rk4');
  const dt = checkFinite('dt', options.dt ?? 0.1, 0, Infinity, '(0, inf)');
  if (dt === 0) throw new InvalidParameterError('dt', dt, '(0, inf)');
  const steps = checkInteger('steps', options.steps ?? 1000, 0, Number.MAX_SAFE_INTEGER);
  const recordEvery = checkInteger('recordEvery', options.recordEvery ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const initScale = options.initScale ?? 1;
  const nX = network.n * network.model.stateNames.length;
  const y = options.initialState ? Float64Array.from(checkLength('initialState', options.initialState, nX)) : initialState(network, initScale);
  const kernel = options.kernel;
  const fields = new Float64Array(network.n * network.model.fieldNames.length);
  const rhs = (_t: number, x: Float64Array, out: Float64Array) => {
    vectorField(network, x, { kernel, out, fields });
  };
  const samples = recordEvery > 0 ? { t: [0], states: [Float64Array.from(y)] } : undefined;
  const onStep = (s: number, t: number, x: Float64Array) => {
    if (samples && s % recordEvery === 0) {
      samples.t.push(t);
      samples.states.push(Float64Array.from(x));
    }
  };
  const stepper = method === 'euler' ? eulerInPlace : rk4InPlace;
  const t = steps > 0 ? stepper(rhs, y, 0, { dt, steps, onStep }) : 0;
  const f = new Float64Array(nX);
  rhs(t, y, f);
  const residual = maxAbs(f);
  if (!Number.isFinite(residual) || !Number.isFinite(maxAbs(y))) {
    // value ∞, not NaN: the message must not say "NaN" (issue 8); the cause is almost always dt ≳ 2τ_min
    throw new NonPhysicalError('state', Infinity, `the trajectory left the finite numbers (method ${method}, dt ${dt}, ${steps} steps): reduce dt below the fastest time constant`);
  }
  const settings: IntegrateSettings = {
    method,
    dt,
    steps,
    initScale,
    recordEvery,
    initialState: options.initialState ? 'given' : 'seeded',
    kernel: kernel ? 'given' : 'model rhs',
  };
  return { state: y, t, residual, iterations: steps, converged: true, seed: network.seed, settings, ...(samples ? { samples } : {}) };
}
