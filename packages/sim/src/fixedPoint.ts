/**
 * Stable fixed points of a finite network by the recipe of [NUM-12]:
 * 1. forward Euler (dt = 0.1) on the *fixed-point flow* — same fixed points as the gated dynamics,
 *    no update-gate freezing (for the GRU ḣ = −h + φ(η), [GRU-M-5]; see fixedPointFlow.ts) — from a
 *    seeded random state until max|F| < `newtonThreshold`;
 * 2. Newton polish with the analytic Jacobian of that flow (dense partial-pivot LU) until
 *    max|F| < `tol`. The factorised Jacobian is reused while the residual falls by at least
 *    `refreshRatio` per step (chord steps; near a regular root they converge as fast as Newton's)
 *    and refreshed otherwise; each step is damped by halving until the residual decreases.
 *
 * Both phases run with the matrices of the flow's fields copied once into the WebAssembly heap of
 * `gemv`/`gemm` (`@gatefield/numerics`): the Euler steps (one matrix–vector product per field),
 * the Jacobian products and the LU updates then run in SIMD (≈ 1.1 s instead of 2.7 s for the GRU
 * at N = 1000 in Node 20), with the same bits as the TypeScript kernels.
 *
 * In the chaotic regime the Euler phase does not settle and {@link findFixedPoint} throws
 * {@link ConvergenceError}: no reliable recipe for typical unstable fixed points is known
 * ([NUM-13]); test unstable-branch theory in iid-diagonal mode instead.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, checkFinite, checkInteger } from '@gatefield/numerics';
import { computeFields, requiredFields, vectorField } from './fields.js';
import { type FixedPointFlowOption, resolveFixedPointFlow } from './fixedPointFlow.js';
import { jacobianAtState } from './jacobian.js';
import { checkLength, maxAbs } from './layout.js';
import { type LuFactors, luFactor, luSolve } from './lu.js';
import { withMatricesOnHeap } from './matmul.js';
import { type Network, initialState } from './network.js';

/** Options of {@link findFixedPoint}; every default is the [NUM-12] recipe. */
export interface FixedPointOptions {
  /** Flow with the same fixed points (see fixedPointFlow.ts); default `spec.fixedPointRhs` or the model rhs. */
  fixedPointFlow?: FixedPointFlowOption;
  /** Euler step; default 0.1. */
  dt?: number;
  /** Euler step budget; default 10000 (a stable fixed point typically needs a few hundred to a few thousand). */
  maxEulerSteps?: number;
  /** Switch from Euler to Newton once max|F| is below this; default 1e-4. */
  newtonThreshold?: number;
  /** Target residual max|F|; default 1e-10. */
  tol?: number;
  /** Newton step budget (including damped and chord steps); default 30. */
  maxNewtonSteps?: number;
  /** Reuse the factorised Jacobian while each step shrinks the residual by this factor; default 0.1. */
  refreshRatio?: number;
  /** Standard deviation of the seeded initial state (stream derive('init')); default 1. */
  initScale?: number;
  /** Initial state (block-major, N·nState) instead of the seeded one. */
  initialState?: Float64Array;
}

/** Settings used by {@link findFixedPoint} (also attached to its ConvergenceError). */
export interface FixedPointSettings {
  dt: number;
  maxEulerSteps: number;
  newtonThreshold: number;
  tol: number;
  maxNewtonSteps: number;
  refreshRatio: number;
  initScale: number;
  initialState: 'given' | 'seeded';
  /** Source and formula of the fixed-point flow. */
  flow: string;
}

/** A converged fixed point. */
export interface FixedPointResult {
  model: string;
  n: number;
  seed: number;
  /** Fixed point, block-major (N·nState). */
  state: Float64Array;
  /** Fields at the fixed point, block-major (N·nField). */
  fields: Float64Array;
  /** max|F_fp| of the fixed-point flow at `state` (< tol). */
  residual: number;
  /** max|F| of the model's full gated flow at `state` (for the GRU s ⊙ F_fp, so ≤ residual). */
  gatedResidual: number;
  /** Euler steps, Newton steps, Jacobian assemblies (= LU factorisations). */
  iterations: { euler: number; newton: number; jacobians: number };
  converged: true;
  settings: FixedPointSettings;
}

/**
 * Find a stable fixed point of `network` from a seeded (or given) initial state.
 *
 * @throws {ConvergenceError} if Euler does not reach `newtonThreshold` within `maxEulerSteps`
 *   (chaotic or very slow regime), the state diverges, or Newton fails to reach `tol`.
 * @throws {InvalidParameterError} for invalid options.
 */
export function findFixedPoint(network: Network, options: FixedPointOptions = {}): FixedPointResult {
  const flow = resolveFixedPointFlow(network.model, options.fixedPointFlow);
  const dt = positive('dt', options.dt ?? 0.1);
  const maxEulerSteps = checkInteger('maxEulerSteps', options.maxEulerSteps ?? 10000, 0, Number.MAX_SAFE_INTEGER);
  const newtonThreshold = positive('newtonThreshold', options.newtonThreshold ?? 1e-4);
  const tol = positive('tol', options.tol ?? 1e-10);
  const maxNewtonSteps = checkInteger('maxNewtonSteps', options.maxNewtonSteps ?? 30, 0, Number.MAX_SAFE_INTEGER);
  const refreshRatio = checkFinite('refreshRatio', options.refreshRatio ?? 0.1, 0, 1);
  const initScale = checkFinite('initScale', options.initScale ?? 1, 0, Infinity, '[0, inf)');
  const settings: FixedPointSettings = {
    dt,
    maxEulerSteps,
    newtonThreshold,
    tol,
    maxNewtonSteps,
    refreshRatio,
    initScale,
    initialState: options.initialState ? 'given' : 'seeded',
    flow: `${flow.source}: ${flow.description}`,
  };
  const { n, model } = network;
  const size = n * model.stateNames.length;
  const x = options.initialState ? Float64Array.from(checkLength('initialState', options.initialState, size)) : initialState(network, initScale);
  const fieldsBuf = new Float64Array(n * model.fieldNames.length);
  const fieldMask = requiredFields(model, flow.partialList);
  // The matrices of the flow's fields go to the WebAssembly heap once: every Euler step is one
  // matrix–vector product per field, which runs ≈ 4× faster there (same bits, see `matvec`). The
  // heap also holds the LU factors and the Jacobian's GEMM operands. Reserved beyond the matrix
  // copies (doubles): size² for the LU factors (`luFactor` factors the Jacobian in the heap, then
  // copies them out); 3n² for the three operands `gemm` copies in for each n×n product W_k·M of
  // the Jacobian ([GRU-J-1]; `jacobianAtState` works on `network`, off the heap); 8·size for the
  // copies of x and y that `gemv` makes for each field product (2n ≤ 2·size), with room to spare
  // for the 16-byte alignment of each allocation. Each of these is freed when its call returns,
  // so the sum bounds the peak; an array that does not fit falls back to an ordinary one (same bits).
  const used = network.weights.map((w, k) => (fieldMask[k] ? w : null));
  const onHeap = used.filter((w): w is Float64Array => w !== null);
  return withMatricesOnHeap(onHeap, size * size + 3 * n * n + 8 * size, (copies) => {
    let c = 0;
    const view: Network = { ...network, weights: used.map((w, k) => (w ? copies[c++] : network.weights[k])) };
    return solve(network, view, x, fieldsBuf, fieldMask, flow, settings);
  });
}

/** Euler then Newton (see the module comment); `view` is `network` with its matrices possibly in the WebAssembly heap. */
function solve(
  network: Network,
  view: Network,
  x: Float64Array,
  fieldsBuf: Float64Array,
  fieldMask: readonly boolean[],
  flow: ReturnType<typeof resolveFixedPointFlow>,
  settings: FixedPointSettings,
): FixedPointResult {
  const { n, model } = network;
  const { dt, maxEulerSteps, newtonThreshold, tol, maxNewtonSteps, refreshRatio } = settings;
  const size = x.length;
  const F = new Float64Array(size);
  const evaluate = (state: Float64Array, out: Float64Array) => maxAbs(vectorField(view, state, { kernel: flow.rhs, out, fields: fieldsBuf, fieldMask }));
  const fail = (what: string, r: number, it: number): never => {
    throw new ConvergenceError(`fixed point of ${model.name} (N = ${n}, seed ${network.seed}): ${what}`, r, it, { ...settings });
  };

  // 1. Forward Euler on the fixed-point flow.
  let r = evaluate(x, F);
  let euler = 0;
  while (r > newtonThreshold && r > tol) {
    if (!Number.isFinite(r)) fail('the Euler phase diverged', r, euler);
    if (euler >= maxEulerSteps) fail('the Euler phase did not settle (chaotic or slow regime)', r, euler);
    for (let j = 0; j < size; j++) x[j] += dt * F[j];
    euler++;
    r = evaluate(x, F);
  }

  // 2. Newton (chord while fast) polish with the analytic Jacobian of the flow.
  let newton = 0;
  let jacobians = 0;
  let lu: LuFactors | null = null;
  let fresh = false;
  const trial = new Float64Array(size);
  const Ft = new Float64Array(size);
  while (r > tol) {
    if (newton >= maxNewtonSteps) fail('the Newton polish did not reach tol', r, euler + newton);
    if (!lu) {
      lu = luFactor(jacobianAtState(network, x, { flow }), size, true);
      jacobians++;
      fresh = true;
    }
    const delta = luSolve(lu, F);
    newton++;
    let accepted = false;
    let rt = Infinity;
    if (Number.isFinite(maxAbs(delta))) {
      for (let lambda = 1, h = 0; h < 10; h++, lambda /= 2) {
        for (let j = 0; j < size; j++) trial[j] = x[j] - lambda * delta[j];
        rt = evaluate(trial, Ft);
        if (rt < r) {
          accepted = true;
          break;
        }
      }
    }
    if (!accepted) {
      if (!fresh) {
        lu = null; // stale Jacobian: refresh and retry
        continue;
      }
      fail('Newton steps stopped decreasing the residual (singular or ill-conditioned Jacobian)', r, euler + newton);
    }
    x.set(trial);
    F.set(Ft);
    if (rt > refreshRatio * r) lu = null;
    else fresh = false;
    r = rt;
  }

  const fields = computeFields(network, x);
  const gatedResidual = maxAbs(vectorField(network, x));
  return { model: model.name, n, seed: network.seed, state: x, fields, residual: r, gatedResidual, iterations: { euler, newton, jacobians }, converged: true, settings };
}

function positive(name: string, v: number): number {
  checkFinite(name, v, 0, Infinity, '(0, inf)');
  if (v === 0) throw new InvalidParameterError(name, v, '(0, inf)');
  return v;
}
