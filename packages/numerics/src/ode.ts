/**
 * ODE integrators over Float64Array: classical RK4 (fixed step), forward Euler (the recipe of
 * [NUM-12]) and Dormand–Prince 5(4) with adaptive step (FSAL, standard PI-free controller).
 *
 * The right-hand side writes dy/dt into a caller-owned buffer: `rhs(t, y, dydt)`, so integration
 * allocates nothing per step.
 */
import { checkFinite, ConvergenceError, InvalidParameterError, NonPhysicalError } from './errors.js';

/** dy/dt = f(t, y), written into `out`. */
export type Rhs = (t: number, y: Float64Array, out: Float64Array) => void;

/** Fixed-step options. */
export interface FixedStepOptions {
  /** Step size. */
  dt: number;
  /** Number of steps. */
  steps: number;
  /** Called after each step with (step, t, y); return `false` to stop early. */
  onStep?: (step: number, t: number, y: Float64Array) => boolean | void;
}

/**
 * Validate fixed-step settings: finite t0 and dt, a non-negative integer step count (found by
 * fuzzing: dt = NaN or Infinity returned a NaN / infinite final time, steps = 2.5 ran 2 steps).
 */
function checkFixedStep(t0: number, opt: FixedStepOptions): void {
  checkFinite('t0', t0);
  checkFinite('dt', opt?.dt);
  if (typeof opt.steps !== 'number' || !Number.isInteger(opt.steps) || opt.steps < 0) throw new InvalidParameterError('steps', opt.steps, 'non-negative integers');
  if (!Number.isFinite(t0 + opt.steps * opt.dt)) throw new InvalidParameterError('dt', opt.dt, 'steps·dt finite', `the final time t0 + steps·dt = ${t0} + ${opt.steps}·${opt.dt} overflows: reduce dt or steps`);
}

/** Forward Euler, in place on `y`. Returns the final time. [NUM-12] (dt = 0.1, a few thousand steps). */
export function eulerInPlace(rhs: Rhs, y: Float64Array, t0: number, opt: FixedStepOptions): number {
  checkFixedStep(t0, opt);
  const n = y.length;
  const k = new Float64Array(n);
  let t = t0;
  for (let s = 1; s <= opt.steps; s++) {
    rhs(t, y, k);
    for (let i = 0; i < n; i++) y[i] += opt.dt * k[i];
    t = t0 + s * opt.dt;
    if (opt.onStep && opt.onStep(s, t, y) === false) break;
  }
  return t;
}

/** Classical fourth-order Runge–Kutta, in place on `y`. Returns the final time. */
export function rk4InPlace(rhs: Rhs, y: Float64Array, t0: number, opt: FixedStepOptions): number {
  checkFixedStep(t0, opt);
  const n = y.length;
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const h = opt.dt;
  let t = t0;
  for (let s = 1; s <= opt.steps; s++) {
    rhs(t, y, k1);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
    rhs(t + 0.5 * h, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
    rhs(t + 0.5 * h, tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * k3[i];
    rhs(t + h, tmp, k4);
    for (let i = 0; i < n; i++) y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    t = t0 + s * h;
    if (opt.onStep && opt.onStep(s, t, y) === false) break;
  }
  return t;
}

/** Options of {@link dopri5}. */
export interface Dopri5Options {
  /** Relative tolerance, default 1e-8. */
  rtol?: number;
  /** Absolute tolerance, default 1e-10. */
  atol?: number;
  /** Initial step, default (t1 − t0)/100. */
  h0?: number;
  /** Maximum accepted + rejected steps, default 100000. */
  maxSteps?: number;
}

/** Result of {@link dopri5}. */
export interface Dopri5Result {
  y: Float64Array;
  t: number;
  acceptedSteps: number;
  rejectedSteps: number;
  converged: true;
}

// Dormand–Prince 5(4) tableau.
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

/**
 * Dormand–Prince 5(4) from t0 to t1 with adaptive steps (error norm: RMS of
 * err_i / (atol + rtol·max(|y_i|, |y_new,i|))). Does not modify `y0`.
 * Throws {@link ConvergenceError} if the step budget is exhausted or the step underflows.
 */
export function dopri5(rhs: Rhs, y0: Float64Array, t0: number, t1: number, options: Dopri5Options = {}): Dopri5Result {
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const maxSteps = options.maxSteps ?? 100000;
  checkFinite('t0', t0);
  checkFinite('t1', t1);
  if (!(t1 > t0)) throw new InvalidParameterError('t1', t1, `(t0 = ${t0}, inf)`);
  checkFinite('rtol', rtol, 0, 1, '[0, 1]');
  checkFinite('atol', atol, 0, Infinity, '[0, inf)');
  if (!(rtol > 0 || atol > 0)) throw new InvalidParameterError('atol', atol, '> 0 when rtol = 0');
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new InvalidParameterError('maxSteps', maxSteps, 'positive integers');
  if (options.h0 !== undefined) checkFinite('h0', options.h0, Number.MIN_VALUE, t1 - t0, `(0, t1 − t0 = ${t1 - t0}]`);
  let lastErr = Infinity;
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n);
  const k4 = new Float64Array(n), k5 = new Float64Array(n), k6 = new Float64Array(n), k7 = new Float64Array(n);
  const tmp = new Float64Array(n), ynew = new Float64Array(n);
  let h = options.h0 ?? (t1 - t0) / 100;
  let t = t0;
  let accepted = 0;
  let rejected = 0;
  rhs(t, y, k1);
  while (t < t1) {
    if (accepted + rejected >= maxSteps) {
      // residual: the last scaled error estimate (Infinity when the right-hand side was not finite)
      throw new ConvergenceError('dopri5', lastErr, accepted + rejected, { rtol, atol, maxSteps, t });
    }
    if (t + h > t1) h = t1 - t;
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * A21 * k1[i];
    rhs(t + C2 * h, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    rhs(t + C3 * h, tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    rhs(t + C4 * h, tmp, k4);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    rhs(t + C5 * h, tmp, k5);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    rhs(t + h, tmp, k6);
    for (let i = 0; i < n; i++) ynew[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
    rhs(t + h, ynew, k7);
    let err = 0;
    for (let i = 0; i < n; i++) {
      const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(ynew[i]));
      err += (e / sc) * (e / sc);
    }
    err = Math.sqrt(err / Math.max(1, n));
    if (!Number.isFinite(err)) {
      lastErr = Infinity;
      h *= 0.1;
      rejected++;
      if (h < 1e-14 * Math.max(1, Math.abs(t))) {
        // the right-hand side is not finite however small the step: a blow-up, not a tolerance problem
        throw new NonPhysicalError('dopri5 state', t, `the right-hand side is not finite at t = ${t} however small the step (finite-time blow-up or a non-finite rhs)`);
      }
      continue;
    }
    lastErr = err;
    if (err <= 1) {
      t += h;
      y.set(ynew);
      k1.set(k7); // FSAL
      accepted++;
    } else {
      rejected++;
    }
    const fac = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
    h *= fac;
    if (h < 1e-14 * Math.max(1, Math.abs(t))) {
      throw new ConvergenceError('dopri5 (step size underflow)', err, accepted + rejected, { rtol, atol, t });
    }
  }
  return { y, t, acceptedSteps: accepted, rejectedSteps: rejected, converged: true };
}
