/**
 * Counting the fixed points of a small network (N ≈ 10–60) by many-start Newton on the
 * fixed-point flow F(h) = −h + φ(η(h)) of the GRU ([GRU-M-5]; generally the model's fixed-point
 * flow, see fixedPointFlow.ts), with de-duplication — the finite-N counterpart of the Kac–Rice count
 * E[𝒩_fp] = e^{NΣ} of [KR-1].
 *
 * Method:
 * 1. Start k = 0..starts−1 from h₀ = tanh(σ_k z), z ~ N(0, 1) iid per unit, with σ_k log-uniform in
 *    [initScales[0], initScales[1]]: fixed points of the GRU have |h_i| < 1, and spreading the start
 *    norm samples both low- and high-norm fixed points. Each start draws from its own stream
 *    `new Rng(seed).derive('fixed-point-count').derive(k)`, so a start's outcome does not depend on
 *    the others (or on how the starts are ordered).
 * 2. Newton with the analytic Jacobian of the flow (fresh LU every step: N is small), each step
 *    damped by halving until max|F| decreases; success when max|F| < `tol`.
 * 3. De-duplication: a converged state is a new fixed point unless its max-norm distance to a known
 *    one is below `dedupDistance` (default 1e-6). Why 1e-6: a Newton root with residual < 1e-10 is
 *    within ‖∂F⁻¹‖·1e-10 ≲ 1e-7 of the exact root when the Jacobian's condition is ≲ 10³, while
 *    distinct fixed points of one network differ by O(1) in some unit (they are separated by
 *    O(N^{-1/2}) in the normalised norm); only fixed points about to merge at a bifurcation could be
 *    conflated.
 * 4. Optional stability: eigenvalues of ∂F at each fixed point (stable ⇔ max Re λ < 0; for the GRU
 *    the ungated-flow stability of [KR-7]).
 *
 * What the count is: a lower bound on the number of fixed points of this network (Newton misses
 * basins it is never started in); `discovery` (distinct count after each start) shows whether it
 * saturated. Newton is biased toward atypical low-norm fixed points ([NUM-13]): never use the
 * fixed points found here to test the mean-field C.
 *
 * @module
 */
import { InvalidParameterError, Rng, checkFinite, checkInteger } from '@gatefield/numerics';
import { vectorField } from './fields.js';
import { type FixedPointFlowOption, resolveFixedPointFlow } from './fixedPointFlow.js';
import { jacobianAtState } from './jacobian.js';
import { maxAbs } from './layout.js';
import { luFactor, luSolve } from './lu.js';
import type { Network } from './network.js';
import { spectrum } from './spectrum.js';

/** Options of {@link countFixedPoints}; every default is documented in the module comment. */
export interface FixedPointCountOptions {
  /** Number of Newton starts. Default 200. */
  starts?: number;
  /** Flow with the same fixed points (default the model's fixed-point flow, ungated for the GRU). */
  fixedPointFlow?: FixedPointFlowOption;
  /** Convergence: max|F| < tol. Default 1e-10. */
  tol?: number;
  /** Newton steps per start. Default 60. */
  maxNewtonSteps?: number;
  /** Max-norm distance below which two solutions are one fixed point. Default 1e-6. */
  dedupDistance?: number;
  /** Range of the start scale σ (log-uniform). Default [0.1, 2]. */
  initScales?: [number, number];
  /** Abandon a start whose max|h| exceeds this (fixed points of the GRU have |h| < 1). Default 10. */
  divergence?: number;
  /** Compute eigenvalues at each fixed point. Default true. */
  classify?: boolean;
}

/** One distinct fixed point. */
export interface CountedFixedPoint {
  /** Block-major state (N·nState). */
  state: Float64Array;
  /** max|F| at the state */
  residual: number;
  /** C = mean of the squared state entries (⟨h²⟩ for the GRU) */
  C: number;
  /** max|state| < dedupDistance */
  isOrigin: boolean;
  /** First start that found it, and how many starts converged to it. */
  firstStart: number;
  hits: number;
  /** max Re λ of ∂F (null if not classified) */
  maxRealEigenvalue: number | null;
  stable: boolean | null;
}

/** Result of {@link countFixedPoints}. */
export interface FixedPointCountResult {
  model: string;
  n: number;
  seed: number;
  /** Number of distinct fixed points found (a lower bound). */
  count: number;
  /** Distinct fixed points ordered by C. */
  fixedPoints: CountedFixedPoint[];
  /** Starts that converged. */
  convergedStarts: number;
  /** Distinct count after each start (saturation diagnostic). */
  discovery: number[];
  /** Total Newton steps. */
  newtonSteps: number;
  settings: Required<Omit<FixedPointCountOptions, 'fixedPointFlow'>> & { flow: string };
}

/**
 * Count the fixed points of `network` (module comment).
 *
 * @throws {InvalidParameterError} for invalid options.
 */
export function countFixedPoints(network: Network, options: FixedPointCountOptions = {}): FixedPointCountResult {
  const flow = resolveFixedPointFlow(network.model, options.fixedPointFlow);
  const starts = checkInteger('starts', options.starts ?? 200, 1, 1e7);
  const tol = checkFinite('tol', options.tol ?? 1e-10, 1e-15, 1e-3);
  const maxNewtonSteps = checkInteger('maxNewtonSteps', options.maxNewtonSteps ?? 60, 1, 10000);
  const dedupDistance = checkFinite('dedupDistance', options.dedupDistance ?? 1e-6, 1e-14, 1e3);
  const initScales = options.initScales ?? [0.1, 2];
  checkFinite('initScales[0]', initScales[0], 1e-6, 100);
  checkFinite('initScales[1]', initScales[1], initScales[0], 100);
  const divergence = checkFinite('divergence', options.divergence ?? 10, 1, 1e6);
  const classify = options.classify ?? true;
  if (dedupDistance < 100 * tol) throw new InvalidParameterError('dedupDistance', dedupDistance, `≥ 100·tol (${100 * tol})`);
  const { n, model } = network;
  const size = n * model.stateNames.length;
  const F = new Float64Array(size);
  const Ft = new Float64Array(size);
  const trial = new Float64Array(size);
  const evaluate = (x: Float64Array, out: Float64Array) => maxAbs(vectorField(network, x, { kernel: flow.rhs, out }));
  const root = new Rng(network.seed).derive('fixed-point-count');
  const found: CountedFixedPoint[] = [];
  const discovery: number[] = [];
  let convergedStarts = 0;
  let newtonSteps = 0;
  for (let k = 0; k < starts; k++) {
    const rng = root.derive(k);
    const sigma = initScales[0] * Math.pow(initScales[1] / initScales[0], rng.uniform());
    const x = rng.normals(size).map((z) => Math.tanh(sigma * z));
    let r = evaluate(x, F);
    for (let it = 0; it < maxNewtonSteps && r >= tol && Number.isFinite(r); it++) {
      newtonSteps++;
      const lu = luFactor(jacobianAtState(network, x, { flow }), size, true);
      const delta = luSolve(lu, F);
      if (!Number.isFinite(maxAbs(delta))) break;
      let accepted = false;
      for (let lambda = 1, h = 0; h < 30; h++, lambda /= 2) {
        for (let j = 0; j < size; j++) trial[j] = x[j] - lambda * delta[j];
        const rt = evaluate(trial, Ft);
        if (rt < r) {
          x.set(trial);
          F.set(Ft);
          r = rt;
          accepted = true;
          break;
        }
      }
      if (!accepted || maxAbs(x) > divergence) break;
    }
    if (r < tol) {
      convergedStarts++;
      const same = found.find((f) => {
        let d = 0;
        for (let j = 0; j < size && d < dedupDistance; j++) d = Math.max(d, Math.abs(f.state[j] - x[j]));
        return d < dedupDistance;
      });
      if (same) same.hits++;
      else {
        let C = 0;
        for (let j = 0; j < size; j++) C += x[j] * x[j];
        found.push({ state: Float64Array.from(x), residual: r, C: C / size, isOrigin: maxAbs(x) < dedupDistance, firstStart: k, hits: 1, maxRealEigenvalue: null, stable: null });
      }
    }
    discovery.push(found.length);
  }
  if (classify) {
    for (const f of found) {
      const ev = spectrum(jacobianAtState(network, f.state, { flow }), size);
      f.maxRealEigenvalue = ev.re.reduce((m, v) => Math.max(m, v), -Infinity);
      f.stable = f.maxRealEigenvalue < 0;
    }
  }
  found.sort((a, b) => a.C - b.C || a.firstStart - b.firstStart);
  return {
    model: model.name,
    n,
    seed: network.seed,
    count: found.length,
    fixedPoints: found,
    convergedStarts,
    discovery,
    newtonSteps,
    settings: { starts, tol, maxNewtonSteps, dedupDistance, initScales, divergence, classify, flow: `${flow.source}: ${flow.description}` },
  };
}
