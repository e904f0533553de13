/**
 * GRU experiments: a finite network in one of the two ensembles of [NUM-11], and its comparison
 * with the theory. These join the packages (the theory supplies the mean-field site law for the
 * iid-diagonal ensemble; the simulator supplies networks, fixed points, Jacobians and spectra), so
 * they live here rather than in `@gatefield/sim`, which stays independent of the theory.
 *
 * Ensembles ([NUM-11]):
 * - `fixed-point`: a true fixed point reached by the ungated flow and Newton ([NUM-12]); J* from
 *   the actual state [GRU-J-3]. Needs a stable fixed point (Γ < 1, e.g. with a bias β_h).
 * - `iid`: site values (ξ, ζ, η, h = φ(η)) drawn iid from the mean-field law at the selected root,
 *   independent of the weights; J* assembled from them with the network's matrices. Tests the
 *   random-matrix theory on any branch, stable or not.
 */
import { checkInteger, InvalidParameterError, Rng } from '@gatefield/numerics';
import type { GruCompareTask } from './compareWorker.js';
import { defaultWorkerCount, runTasks, workerScriptAvailable } from './workerPool.js';
import { getModel } from '@gatefield/models';
import { type Disk, type GruPrediction, predictGru, resolveGruParameters, sampleGruSites, selectRoots, solveGruMeanField, type GruParameters } from '@gatefield/theory';
import {
  abscissa,
  createNetwork,
  fieldMoments,
  findFixedPoint,
  iidDiagonalJacobian,
  jacobianAtState,
  leftEdge,
  massInDisks,
  orderParameterC,
  spectrum,
} from '@gatefield/sim';

/** Options of {@link simulateGru}. */
export interface GruSimulationOptions {
  /** Number of units N, 1..4000. */
  n: number;
  /** Seed of every random draw. */
  seed: number;
  /** Default 'fixed-point'. */
  ensemble?: 'fixed-point' | 'iid';
  disks?: Disk[];
  /** Mean-field root for the iid ensemble. Default 'largest'. */
  root?: 'largest' | 'smallest';
}

/** A simulated network and the statistics of its fixed-point Jacobian spectrum. */
export interface GruSimulation {
  model: 'gru';
  n: number;
  seed: number;
  ensemble: 'fixed-point' | 'iid';
  parameters: GruParameters;
  /** Eigenvalues [re, im] of the N×N Jacobian. */
  eigenvalues: [number, number][];
  /** Empirical C = ⟨h²⟩ over units. */
  C: number;
  /** Empirical variance of η over units. */
  varEta: number;
  abscissa: number;
  leftEdge: number;
  /** Fraction of the N eigenvalues in each disk. */
  masses: (Disk & { mass: number })[];
  /** [NUM-11] cross-check of the eigen-solver: |Σλ − tr J| / (1 + |tr J|). */
  traceRelativeError: number;
  /** Fixed-point residual and iteration counts (fixed-point ensemble). */
  fixedPoint: { residual: number; euler: number; newton: number } | null;
  converged: true;
}

/** Simulate one GRU network (see the module comment for the ensembles). */
export function simulateGru(params: Partial<Record<string, unknown>>, options: GruSimulationOptions): GruSimulation {
  const p = resolveGruParameters(params);
  const n = checkInteger('n', options.n, 1, 4000);
  const seed = checkInteger('seed', options.seed, 0, Number.MAX_SAFE_INTEGER);
  const ensemble = options.ensemble ?? 'fixed-point';
  if (ensemble !== 'fixed-point' && ensemble !== 'iid') throw new InvalidParameterError('ensemble', ensemble, 'fixed-point, iid');
  const model = getModel('gru');
  const network = createNetwork(model, p as unknown as Record<string, number>, n, seed);
  let J: Float64Array;
  let C: number;
  let varEta: number;
  let fixedPoint: GruSimulation['fixedPoint'] = null;
  if (ensemble === 'fixed-point') {
    const fp = findFixedPoint(network);
    J = jacobianAtState(network, fp.state);
    C = orderParameterC(network, fp.state);
    varEta = fieldMoments(network, fp.fields).eta.variance;
    fixedPoint = { residual: fp.residual, euler: fp.iterations.euler, newton: fp.iterations.newton };
  } else {
    const [root] = selectRoots(solveGruMeanField(p as unknown as Record<string, number>).roots, options.root ?? 'largest');
    const sites = sampleGruSites(root, p, n, new Rng(seed).derive('mean-field-sites'));
    const y = new Float64Array(3 * n);
    y.set(sites.xi, 0);
    y.set(sites.zeta, n);
    y.set(sites.eta, 2 * n);
    J = iidDiagonalJacobian(network, { x: sites.h, y });
    C = mean(sites.h, (v) => v * v);
    const m = mean(sites.eta, (v) => v);
    varEta = mean(sites.eta, (v) => (v - m) * (v - m));
  }
  let trace = 0;
  for (let i = 0; i < n; i++) trace += J[i * n + i];
  const eig = spectrum(J, n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += eig.re[i];
  const disks = options.disks ?? [];
  const masses = massInDisks(eig, disks).map((mass, k) => ({ ...disks[k], mass }));
  const eigenvalues: [number, number][] = Array.from(eig.re, (re, i) => [re, eig.im[i]]);
  return {
    model: 'gru',
    n,
    seed,
    ensemble,
    parameters: p,
    eigenvalues,
    C,
    varEta,
    abscissa: abscissa(eig),
    leftEdge: leftEdge(eig),
    masses,
    traceRelativeError: Math.abs(sum - trace) / (1 + Math.abs(trace)),
    fixedPoint,
    converged: true,
  };
}

function mean(a: Float64Array, f: (v: number) => number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += f(a[i]);
  return s / a.length;
}

/** One compared quantity. */
export interface ComparedQuantity {
  quantity: string;
  theory: number;
  /** Mean over seeds. */
  simulation: number;
  /** Standard deviation over seeds (0 for one seed). */
  spread: number;
  /** simulation − theory */
  difference: number;
  /** A finite-N noise scale for this quantity (binomial counting error for masses), or null. */
  noise: number | null;
}

/**
 * One theory-vs-simulation row: the mean over seeds, its sample standard deviation (n − 1; 0 for
 * one seed) and the difference from theory. Shared by every model's comparison.
 */
export function comparedQuantity(quantity: string, theory: number, xs: number[], noise: number | null): ComparedQuantity {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { quantity, theory, simulation: m, spread: sd, difference: m - theory, noise };
}

/** Options of {@link compareGru}. */
export interface GruComparisonOptions extends Omit<GruSimulationOptions, 'seed'> {
  /** Seeds 1..seeds (or the given list). Default 3. */
  seeds?: number | number[];
  /** Called after each seed with (seeds done, seeds in total). */
  onProgress?: (done: number, total: number) => void;
}

/** Options of {@link compareGruParallel}. */
export interface GruParallelComparisonOptions extends GruComparisonOptions {
  /**
   * Worker threads running the theory and the seeds concurrently; 0 runs everything in this
   * thread. Default: one per available core, at most seeds + 1 (0 on a single core). The result
   * is byte-for-byte the same for every count.
   */
  workers?: number;
}

/** Result of {@link compareGru}. */
export interface GruComparison {
  model: 'gru';
  parameters: GruParameters;
  n: number;
  seeds: number[];
  ensemble: 'fixed-point' | 'iid';
  prediction: GruPrediction;
  simulations: GruSimulation[];
  rows: ComparedQuantity[];
}

/** Validated inputs of a comparison (shared by the sequential and the parallel driver). */
interface GruComparisonPlan {
  p: GruParameters;
  seeds: number[];
  disks: Disk[];
  simulation: (seed: number) => GruSimulationOptions;
}

function planGruComparison(params: Partial<Record<string, unknown>>, options: GruComparisonOptions): GruComparisonPlan {
  const p = resolveGruParameters(params);
  const seeds = Array.isArray(options.seeds) ? options.seeds : Array.from({ length: checkInteger('seeds', options.seeds ?? 3, 1, 1000) }, (_, k) => k + 1);
  const disks = options.disks ?? [];
  const { onProgress: _progress, seeds: _seeds, ...rest } = options as GruParallelComparisonOptions;
  delete (rest as GruParallelComparisonOptions).workers;
  return { p, seeds, disks, simulation: (seed) => ({ ...rest, seed, disks }) };
}

/** The comparison rows and result object from a prediction and the per-seed simulations. */
function assembleGruComparison(plan: GruComparisonPlan, options: GruComparisonOptions, prediction: GruPrediction, simulations: GruSimulation[]): GruComparison {
  const { p, seeds } = plan;
  const n = options.n;
  const row = comparedQuantity;
  const rows: ComparedQuantity[] = [
    row('C', prediction.meanField.C, simulations.map((s) => s.C), null),
    row('Var η', prediction.meanField.deltaEta, simulations.map((s) => s.varEta), null),
    row('abscissa', prediction.support.abscissa, simulations.map((s) => s.abscissa), null),
    row('left edge', prediction.support.leftEdge, simulations.map((s) => s.leftEdge), null),
    ...prediction.masses.map((m, k) =>
      row(`mass |λ−(${m.re}${m.im >= 0 ? '+' : ''}${m.im}i)|≤${m.r}`, m.mass, simulations.map((s) => s.masses[k].mass), Math.sqrt(Math.max(m.mass * (1 - m.mass), 1 / n) / (n * seeds.length))),
    ),
  ];
  return { model: 'gru', parameters: p, n, seeds, ensemble: options.ensemble ?? 'fixed-point', prediction, simulations, rows };
}

/** Theory against simulation over several seeds, in this thread (theory first, then the seeds in order). */
export function compareGru(params: Partial<Record<string, unknown>>, options: GruComparisonOptions): GruComparison {
  const plan = planGruComparison(params, options);
  const prediction = predictGru(plan.p as unknown as Record<string, number>, { disks: plan.disks, root: options.root });
  const simulations: GruSimulation[] = [];
  plan.seeds.forEach((seed, k) => {
    simulations.push(simulateGru(plan.p as unknown as Record<string, number>, plan.simulation(seed)));
    options.onProgress?.(k + 1, plan.seeds.length);
  });
  return assembleGruComparison(plan, options, prediction, simulations);
}

/** The compiled worker script (absent when running from the TypeScript sources, e.g. in unit tests). */
const WORKER_SCRIPT = new URL('./compareWorker.js', import.meta.url);

/**
 * {@link compareGru} with the theory and the seeds run concurrently on worker threads
 * (`node:worker_threads`): on 2 cores the N = 1000, 3-seed comparison takes about the time of the
 * longer of the theory and the simulations instead of their sum. The JSON of the result is
 * byte-for-byte that of {@link compareGru} for every worker count (every task is a pure function
 * of its seed and parameters; results are placed by seed). Progress is reported as seeds
 * complete (any order, `done` counting up). Errors keep their class: the one thrown is that of the
 * first failing task in the sequential order (theory, then seeds in order).
 *
 * Input errors (parameters, seeds, N, ensemble) are thrown before any worker starts. Without the
 * compiled worker script (running from sources) or with `workers: 0` it runs in this thread.
 *
 * @throws {InvalidParameterError} for invalid parameters or options.
 * @throws {ConvergenceError} if a fixed point or a theory solver does not converge.
 */
export async function compareGruParallel(params: Partial<Record<string, unknown>>, options: GruParallelComparisonOptions): Promise<GruComparison> {
  const plan = planGruComparison(params, options);
  checkInteger('n', options.n, 1, 4000);
  const ensemble = options.ensemble ?? 'fixed-point';
  if (ensemble !== 'fixed-point' && ensemble !== 'iid') throw new InvalidParameterError('ensemble', ensemble, 'fixed-point, iid');
  const tasks: GruCompareTask[] = [
    { kind: 'predict', params: plan.p as unknown as Record<string, number>, disks: plan.disks, root: options.root },
    ...plan.seeds.map((seed): GruCompareTask => ({ kind: 'simulate', params: plan.p as unknown as Record<string, number>, options: plan.simulation(seed) })),
  ];
  const workers = options.workers === undefined ? defaultWorkerCount(tasks.length) : checkInteger('workers', options.workers, 0, 256);
  if (workers === 0 || !workerScriptAvailable(WORKER_SCRIPT)) return compareGru(params, options);
  let done = 0;
  const values = await runTasks(WORKER_SCRIPT, tasks, workers, (index) => {
    if (index > 0) options.onProgress?.(++done, plan.seeds.length);
  });
  return assembleGruComparison(plan, options, values[0] as GruPrediction, values.slice(1) as GruSimulation[]);
}
