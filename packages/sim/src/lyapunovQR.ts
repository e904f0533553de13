/**
 * Lyapunov spectra by the QR (Benettin) method ([GATE-NUM-5]) and the two-trajectory cross-check.
 *
 * Engine ({@link benettin}): a discrete dynamical system x ← M(x) in R^d with tangent map
 * Q ← DM(x)·Q on k tangent vectors. Every `reorthEvery` steps Q = Q̃R (modified Gram–Schmidt) and
 * ln|R_jj| is accumulated; after discarding `transientSteps` (trajectory and orthonormal frame
 * relax together) the exponents are
 * ```
 *   λ_j = Σ ln|R_jj| / (steps · timePerStep)
 * ```
 * For a network ({@link networkLyapunovQR}) M is the forward-Euler step of the full gated flow
 * (the scheme of the reference simulations, dt = 0.05) and DM = 1 + dt·D(x) with the instantaneous
 * Jacobian D of [GATE-J-1] (for any compiled spec, including ∂ḣ/∂z). D is never assembled: its
 * action on k vectors is built from the compiled per-unit partials,
 * ```
 *   δy_k = W_k [ Σ_w ∂p_k/∂x_w δx_w + Σ_m ∂p_k/∂y_m δy_m ]       (fields in dependency order)
 *   δẋ_v = Σ_w ∂F_v/∂x_w δx_w + Σ_k ∂F_v/∂y_k δy_k
 * ```
 * which costs nField·N²·k per step (one N×N by N×k product per field) instead of (nState N)³.
 * The exponents are those of the Euler map, i.e. ln|1 + dt λ|/dt for a linear flow; the O(dt)
 * bias is documented rather than corrected because the simulated system *is* the Euler map.
 *
 * @module
 */
import { NonPhysicalError, Rng, checkFinite, checkInteger } from '@gatefield/numerics';
import { computeFields } from './fields.js';
import { checkLength } from './layout.js';
import { matmul } from './matmul.js';
import { type Network, initialState } from './network.js';

/** A discrete system for {@link benettin}. */
export interface DiscreteSystem {
  /** State dimension d. */
  dim: number;
  /**
   * Advance the tangent vectors with the Jacobian at the *current* x (q: k columns of length d,
   * column j at q[j·d..]), then advance x in place.
   */
  step(x: Float64Array, q: Float64Array, k: number): void;
  /** Time per step (1 for maps, dt for Euler flows). */
  timePerStep: number;
}

/** Options of {@link benettin}. */
export interface BenettinOptions {
  /** Number of exponents k (1 ≤ k ≤ d); default 1. */
  k?: number;
  /** Measured steps; default 10000. */
  steps?: number;
  /** Discarded steps before measuring; default 1000. */
  transientSteps?: number;
  /** Re-orthonormalisation interval in steps; default 10. */
  reorthEvery?: number;
  /** Seed of the random initial tangent frame; default 0. */
  seed?: number;
}

/** Result of {@link benettin} / {@link networkLyapunovQR}. */
export interface LyapunovResult {
  /** Exponents, descending. */
  exponents: Float64Array;
  /** Measured time. */
  time: number;
  /** Final state. */
  state: Float64Array;
  /** Running estimate of λ_1 at each re-orthonormalisation (convergence monitor). */
  history: Float64Array;
  /** Half the spread of the λ_1 running estimate over the last half of the run (a convergence proxy). */
  residual: number;
  converged: true;
  iterations: number;
  seed: number;
  settings: Required<BenettinOptions>;
}

/** Modified Gram–Schmidt on the k columns of q (length d each); writes ln|R_jj| into logR. */
export function orthonormalize(q: Float64Array, d: number, k: number, logR: Float64Array): void {
  for (let j = 0; j < k; j++) {
    const cj = j * d;
    for (let i = 0; i < j; i++) {
      const ci = i * d;
      let dot = 0;
      for (let t = 0; t < d; t++) dot += q[ci + t] * q[cj + t];
      for (let t = 0; t < d; t++) q[cj + t] -= dot * q[ci + t];
    }
    let nrm = 0;
    for (let t = 0; t < d; t++) nrm += q[cj + t] * q[cj + t];
    nrm = Math.sqrt(nrm);
    // NaN is reported as ∞ (an overflow upstream); found by fuzzing: τ = 10⁻³ with dt = 0.05 (explicit
    // Euler unstable) gave "tangent norm = NaN"
    if (!(nrm > 0) || !Number.isFinite(nrm)) throw new NonPhysicalError('tangent norm', Number.isNaN(nrm) ? Infinity : nrm, nrm === 0 ? 'the tangent frame collapsed: re-orthonormalise more often' : 'the tangent frame overflowed: re-orthonormalise more often, or reduce the Euler step dt below the fastest time constant of the network (explicit Euler is unstable for dt ≳ 2τ)');
    for (let t = 0; t < d; t++) q[cj + t] /= nrm;
    logR[j] = Math.log(nrm);
  }
}

/** Benettin's QR method on a discrete system. `x` is advanced in place. */
export function benettin(system: DiscreteSystem, x: Float64Array, options: BenettinOptions = {}): LyapunovResult {
  const d = system.dim;
  const settings: Required<BenettinOptions> = {
    k: checkInteger('k', options.k ?? 1, 1, d),
    steps: checkInteger('steps', options.steps ?? 10000, 1, Number.MAX_SAFE_INTEGER),
    transientSteps: checkInteger('transientSteps', options.transientSteps ?? 1000, 0, Number.MAX_SAFE_INTEGER),
    reorthEvery: checkInteger('reorthEvery', options.reorthEvery ?? 10, 1, 1e9),
    seed: checkInteger('seed', options.seed ?? 0, 0, Number.MAX_SAFE_INTEGER),
  };
  const { k, steps, transientSteps, reorthEvery, seed } = settings;
  checkLength('x', x, d);
  const q = new Rng(seed).derive('lyapunov-frame').normals(d * k);
  const logR = new Float64Array(k);
  const sums = new Float64Array(k);
  orthonormalize(q, d, k, logR);
  const history: number[] = [];
  for (let st = 1; st <= transientSteps; st++) {
    system.step(x, q, k);
    if (st % reorthEvery === 0) orthonormalize(q, d, k, logR);
  }
  orthonormalize(q, d, k, logR); // the frame at the end of the transient: start measuring from here
  for (let st = 1; st <= steps; st++) {
    system.step(x, q, k);
    if (st % reorthEvery === 0 || st === steps) {
      orthonormalize(q, d, k, logR);
      for (let j = 0; j < k; j++) sums[j] += logR[j];
      history.push(sums[0] / (st * system.timePerStep));
    }
  }
  const total = transientSteps + steps;
  const measured = steps;
  const time = measured * system.timePerStep;
  const exponents = Float64Array.from(sums, (v) => v / time).sort().reverse();
  let lo = Infinity, hi = -Infinity;
  for (let t = Math.floor(history.length / 2); t < history.length; t++) { lo = Math.min(lo, history[t]); hi = Math.max(hi, history[t]); }
  return { exponents, time, state: x, history: Float64Array.from(history), residual: history.length ? (hi - lo) / 2 : Infinity, converged: true, iterations: total, seed, settings };
}

/** Options of {@link networkLyapunovQR}. */
export interface NetworkLyapunovOptions extends BenettinOptions {
  /** Euler step; default 0.05 ([GATE-NUM-5], the reference simulations). */
  dt?: number;
  /** Initial state (block-major); default iid N(0, initScale²) from the network seed. */
  initialState?: Float64Array;
  /** Standard deviation of the default initial state; default 1. */
  initScale?: number;
  /** Called every `reorthEvery` steps with the fraction done (progress bars). */
  onProgress?: (fraction: number) => void;
}

/**
 * The Euler step of a network with its tangent map (JVPs from the compiled partials, see the module
 * comment). Exposed for the two-trajectory check and for tests.
 */
export function eulerNetworkSystem(network: Network, dt: number, onStep?: () => void): DiscreteSystem {
  const { model, n } = network;
  const nS = model.stateNames.length, nF = model.fieldNames.length;
  const d = nS * n;
  const L = model.partialList.length;
  const params = network.params.vector;
  const y = new Float64Array(nF * n);
  const f = new Float64Array(d);
  const pv = new Float64Array(n * L);
  const xi = new Float64Array(nS), yi = new Float64Array(nF), fi = new Float64Array(nS), pi = new Float64Array(L);
  type Term = { j: number; a: number; b: number };
  const rhsX: Term[] = [], rhsY: Term[] = [], preX: Term[] = [], preY: Term[] = [];
  model.partialList.forEach((q, j) => {
    const t = { j, a: q.of, b: q.index };
    if (q.kind === 'rhs') (q.wrt === 'x' ? rhsX : rhsY).push(t);
    else (q.wrt === 'x' ? preX : preY).push(t);
  });
  let bufK = -1;
  let dY: Float64Array[] = [], P = new Float64Array(0), dQ = new Float64Array(0);
  return {
    dim: d,
    timePerStep: dt,
    step(x: Float64Array, q: Float64Array, k: number) {
      if (bufK !== k) {
        bufK = k;
        dY = Array.from({ length: nF }, () => new Float64Array(n * k));
        P = new Float64Array(n * k);
        dQ = new Float64Array(d * k);
      }
      computeFields(network, x, y);
      for (let i = 0; i < n; i++) {
        for (let v = 0; v < nS; v++) xi[v] = x[v * n + i];
        for (let m = 0; m < nF; m++) yi[m] = y[m * n + i];
        model.rhs(xi, yi, params, fi);
        model.partials(xi, yi, params, pi);
        for (let v = 0; v < nS; v++) f[v * n + i] = fi[v];
        pv.set(pi, i * L);
      }
      // δy_k = W_k δp_k, fields in dependency order; P is N×k row-major.
      for (const kf of model.fieldOrder) {
        P.fill(0);
        let any = false;
        for (const t of preX) {
          if (t.a !== kf) continue;
          any = true;
          for (let i = 0; i < n; i++) {
            const c = pv[i * L + t.j];
            if (c === 0) continue;
            for (let j = 0; j < k; j++) P[i * k + j] += c * q[j * d + t.b * n + i];
          }
        }
        for (const t of preY) {
          if (t.a !== kf) continue;
          any = true;
          const src = dY[t.b];
          for (let i = 0; i < n; i++) {
            const c = pv[i * L + t.j];
            if (c === 0) continue;
            for (let j = 0; j < k; j++) P[i * k + j] += c * src[i * k + j];
          }
        }
        if (any) matmul(network.weights[kf], P, n, n, k, dY[kf]);
        else dY[kf].fill(0);
      }
      dQ.fill(0);
      for (const t of rhsX) {
        for (let i = 0; i < n; i++) {
          const c = pv[i * L + t.j];
          if (c === 0) continue;
          for (let j = 0; j < k; j++) dQ[j * d + t.a * n + i] += c * q[j * d + t.b * n + i];
        }
      }
      for (const t of rhsY) {
        const src = dY[t.b];
        for (let i = 0; i < n; i++) {
          const c = pv[i * L + t.j];
          if (c === 0) continue;
          for (let j = 0; j < k; j++) dQ[j * d + t.a * n + i] += c * src[i * k + j];
        }
      }
      for (let t = 0; t < d * k; t++) q[t] += dt * dQ[t];
      for (let t = 0; t < d; t++) x[t] += dt * f[t];
      onStep?.();
    },
  };
}

/**
 * Lyapunov exponents of a finite network by QR [GATE-NUM-5]: Euler step dt, k tangent vectors,
 * re-orthonormalisation every `reorthEvery` steps (default 20 = 1 τ_h at dt = 0.05, as in the text),
 * `transientSteps` discarded (default 4000 = 200 τ_h). Seeded: the network seed fixes the initial
 * state, `seed` the initial tangent frame.
 *
 * @throws NonPhysicalError if the state or the frame leaves the finite numbers.
 */
export function networkLyapunovQR(network: Network, options: NetworkLyapunovOptions = {}): LyapunovResult {
  const dt = checkFinite('dt', options.dt ?? 0.05, 1e-9, 10);
  const nX = network.n * network.model.stateNames.length;
  const x = options.initialState ? Float64Array.from(checkLength('initialState', options.initialState, nX)) : initialState(network, options.initScale ?? 1);
  const steps = options.steps ?? 10000;
  const transientSteps = options.transientSteps ?? 4000;
  const reorthEvery = options.reorthEvery ?? 20;
  let count = 0;
  const total = steps + transientSteps;
  const onStep = options.onProgress ? () => { count++; if (count % reorthEvery === 0) options.onProgress!(count / total); } : undefined;
  const r = benettin(eulerNetworkSystem(network, dt, onStep), x, { ...options, steps, transientSteps, reorthEvery });
  for (const v of r.state) if (!Number.isFinite(v)) throw new NonPhysicalError('state', Number.isNaN(v) ? Infinity : v, 'the trajectory left the finite numbers: reduce the Euler step dt below the fastest time constant of the network');
  return r;
}

/** Options of {@link twoTrajectoryLyapunov}. */
export interface TwoTrajectoryOptions {
  dt?: number;
  /** Measured steps; default 10000. */
  steps?: number;
  /** Discarded steps; default 4000. */
  transientSteps?: number;
  /** Renormalisation interval (steps); default 20. */
  renormEvery?: number;
  /** Separation d₀ (Euclidean, whole state); default 1e-8. */
  separation?: number;
  initialState?: Float64Array;
  initScale?: number;
  /** Seed of the perturbation direction; default 0. */
  seed?: number;
}

/**
 * λ_max by two-trajectory divergence with renormalisation (cross-check of the QR method,
 * [GATE-NUM-5]): a replica at distance d₀ is integrated with the same Euler step; every
 * `renormEvery` steps ln(d/d₀) is accumulated and the replica is pulled back to distance d₀ along
 * the current separation. d₀ = 1e-8 keeps the separation linear (nonlinear error ~d₀·|F″|) and far
 * above round-off (~1e-16·|x|).
 */
export function twoTrajectoryLyapunov(network: Network, options: TwoTrajectoryOptions = {}): { lambdaMax: number; time: number; converged: true; residual: number; iterations: number; seed: number; settings: Required<Omit<TwoTrajectoryOptions, 'initialState'>> } {
  const settings = {
    dt: checkFinite('dt', options.dt ?? 0.05, 1e-9, 10),
    steps: checkInteger('steps', options.steps ?? 10000, 1, Number.MAX_SAFE_INTEGER),
    transientSteps: checkInteger('transientSteps', options.transientSteps ?? 4000, 0, Number.MAX_SAFE_INTEGER),
    renormEvery: checkInteger('renormEvery', options.renormEvery ?? 20, 1, 1e9),
    separation: checkFinite('separation', options.separation ?? 1e-8, 1e-300, 1),
    initScale: checkFinite('initScale', options.initScale ?? 1, 0, 1e6),
    seed: checkInteger('seed', options.seed ?? 0, 0, Number.MAX_SAFE_INTEGER),
  };
  const nX = network.n * network.model.stateNames.length;
  const x = options.initialState ? Float64Array.from(checkLength('initialState', options.initialState, nX)) : initialState(network, settings.initScale);
  const sys = eulerNetworkSystem(network, settings.dt);
  const noTangent = new Float64Array(0);
  const step = (s: Float64Array) => sys.step(s, noTangent, 0);
  for (let s = 0; s < settings.transientSteps; s++) step(x);
  const dir = new Rng(settings.seed).derive('two-trajectory').normals(nX);
  let nrm = 0;
  for (const v of dir) nrm += v * v;
  nrm = Math.sqrt(nrm);
  const xb = Float64Array.from(x, (v, i) => v + (settings.separation * dir[i]) / nrm);
  let sum = 0;
  const history: number[] = [];
  for (let s = 1; s <= settings.steps; s++) {
    step(x);
    step(xb);
    if (s % settings.renormEvery === 0 || s === settings.steps) {
      nrm = 0;
      for (let i = 0; i < nX; i++) nrm += (xb[i] - x[i]) ** 2;
      nrm = Math.sqrt(nrm);
      if (!(nrm > 0) || !Number.isFinite(nrm)) throw new NonPhysicalError('separation', Number.isNaN(nrm) ? Infinity : nrm, nrm === 0 ? 'replica collapsed' : 'replica diverged: reduce the Euler step dt below the fastest time constant of the network');
      sum += Math.log(nrm / settings.separation);
      for (let i = 0; i < nX; i++) xb[i] = x[i] + ((xb[i] - x[i]) * settings.separation) / nrm;
      history.push(sum / (s * settings.dt));
    }
  }
  const half = history.slice(Math.floor(history.length / 2));
  const residual = half.length ? (Math.max(...half) - Math.min(...half)) / 2 : Infinity;
  return { lambdaMax: sum / (settings.steps * settings.dt), time: settings.steps * settings.dt, converged: true, residual, iterations: settings.steps + settings.transientSteps, seed: settings.seed, settings };
}
