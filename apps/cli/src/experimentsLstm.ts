/**
 * LSTM experiments: a finite network in one of the two ensembles of [NUM-11], and its comparison
 * with the theory — the LSTM counterparts of {@link simulateGru} / {@link compareGru}.
 *
 * Ensembles ([NUM-11]):
 * - `fixed-point`: a true fixed point reached by the spec's fixed-point flow (ċ = −c + iφ(u_c)/(1 − f),
 *   ḣ = −h + oφ(c): same zeros as [LSTM-M-2], no slow forget-gate relaxation) and Newton
 *   ([NUM-12]); J* [LSTM-J-1] from the actual state. Needs a stable fixed point (e.g. a cell bias β_c
 *   and moderate gains).
 * - `iid`: sites (u_f, u_i, u_o, u_c) drawn iid from the mean-field law at the selected root, or at
 *   an imposed C (the ensemble of [LSTM-REF-1]), independent of the weights; c = iφ(u_c)/(1 − f),
 *   h = oφ(c) ([LSTM-MF-2]); J* assembled from them with the network's matrices. Tests the
 *   random-matrix theory on any branch, stable or not.
 *
 * Eigenvalues are those of the 2N×2N Jacobian in block order (h, c); every mass and the slow-mode
 * count state their normalisation ([OQ-18]).
 */
import { checkFinite, checkInteger, InvalidParameterError, Rng } from '@gatefield/numerics';
import {
  type LstmDisk,
  type LstmParameterInput,
  type LstmParameters,
  type LstmPrediction,
  type LstmSites,
  lstmModel,
  lstmSitesFromFields,
  predictLstm,
  resolveLstmParameters,
  sampleLstmSites,
  selectLstmRoots,
  slowForgetProbability,
  solveLstmMeanField,
} from '@gatefield/theory';
import { abscissa, createNetwork, findFixedPoint, iidDiagonalJacobian, jacobianAtState, leftEdge, massInDisks, orderParameterC, spectrum } from '@gatefield/sim';
import type { AdapterPredictOptions, ComparisonLike, ModelAdapter, PredictionLike, SimulationLike } from './adapters.js';
import { type ComparedQuantity, comparedQuantity } from './experiments.js';

/** Options of {@link simulateLstm}. */
export interface LstmSimulationOptions {
  /** Number of units N, 1..3000 (the Jacobian is 2N×2N). */
  n: number;
  /** Seed of every random draw. */
  seed: number;
  /** Default 'fixed-point'. */
  ensemble?: 'fixed-point' | 'iid';
  disks?: LstmDisk[];
  /** Mean-field root for the iid ensemble. Default 'largest'. */
  root?: 'largest' | 'smallest';
  /** iid ensemble: impose C = ⟨h²⟩ instead of a mean-field root ([LSTM-REF-1]). */
  C?: number;
  /** δ of the slow-mode count #{|λ| < δ}/N ([OQ-15]). Default 0.02. */
  slowModeDelta?: number;
  /**
   * Return the network's sites (drawn iid sites, or the empirical diagonals at the fixed point) as
   * `sites`, to feed the theory the same diagonals ([NUM-11]). Default false (keeps JSON small).
   */
  keepSites?: boolean;
}

/** A simulated LSTM network and the statistics of its fixed-point Jacobian spectrum. */
export interface LstmSimulation {
  model: 'lstm';
  n: number;
  seed: number;
  ensemble: 'fixed-point' | 'iid';
  parameters: LstmParameters;
  /** Eigenvalues [re, im] of the 2N×2N Jacobian. */
  eigenvalues: [number, number][];
  /** Empirical C = ⟨h²⟩ over units (for the iid ensemble: over the drawn sites). */
  C: number;
  abscissa: number;
  leftEdge: number;
  /** Fraction of the 2N eigenvalues in each disk. */
  masses: (LstmDisk & { mass: number })[];
  massNormalisation: 'fraction of all 2N eigenvalues';
  /** #{|λ| < δ}/N against the empirical fraction of units with 1 − f < δ ([OQ-15]). */
  slowModes: { delta: number; countPerN: number; empiricalProbability: number; normalisation: 'per N units' };
  /** [NUM-11] cross-check of the eigen-solver: |Σλ − tr J| / (1 + |tr J|). */
  traceRelativeError: number;
  /** Fixed-point residual and iteration counts (fixed-point ensemble). */
  fixedPoint: { residual: number; gatedResidual: number; euler: number; newton: number } | null;
  /** The sites behind J* (only with `keepSites`). */
  sites?: LstmSites;
  converged: true;
}

/**
 * The sites of the iid ensemble of {@link simulateLstm} for (params, n, seed): drawn from the MF law
 * at `C` with the stream `new Rng(seed).derive('mean-field-sites')` — so the theory can be fed the
 * very sites of a simulated network ([NUM-11]).
 */
export function lstmIidSites(params: LstmParameters, n: number, seed: number, C: number): LstmSites {
  return sampleLstmSites({ C }, params, n, new Rng(seed).derive('mean-field-sites'));
}

/** Simulate one LSTM network (see the module comment for the ensembles). */
export function simulateLstm(params: LstmParameterInput, options: LstmSimulationOptions): LstmSimulation {
  const p = resolveLstmParameters(params);
  const n = checkInteger('n', options.n, 1, 3000);
  const seed = checkInteger('seed', options.seed, 0, Number.MAX_SAFE_INTEGER);
  const ensemble = options.ensemble ?? 'fixed-point';
  if (ensemble !== 'fixed-point' && ensemble !== 'iid') throw new InvalidParameterError('ensemble', ensemble, 'fixed-point, iid');
  if (options.C !== undefined && ensemble !== 'iid') throw new InvalidParameterError('C', options.C, 'unset (C can only be imposed in the iid ensemble)');
  const delta = checkFinite('slowModeDelta', options.slowModeDelta ?? 0.02, 0, 1);
  const network = createNetwork(lstmModel(), p as unknown as Record<string, number>, n, seed);
  let J: Float64Array;
  let C: number;
  let sites: LstmSites;
  let fixedPoint: LstmSimulation['fixedPoint'] = null;
  if (ensemble === 'fixed-point') {
    const fp = findFixedPoint(network);
    J = jacobianAtState(network, fp.state);
    C = orderParameterC(network, fp.state, 'h');
    sites = lstmSitesFromFields(p, {
      uf: fp.fields.subarray(0, n),
      ui: fp.fields.subarray(n, 2 * n),
      uo: fp.fields.subarray(2 * n, 3 * n),
      uc: fp.fields.subarray(3 * n, 4 * n),
    });
    fixedPoint = { residual: fp.residual, gatedResidual: fp.gatedResidual, euler: fp.iterations.euler, newton: fp.iterations.newton };
  } else {
    const rootC =
      options.C !== undefined
        ? checkFinite('C', options.C, 0, 1)
        : selectLstmRoots(solveLstmMeanField(p).roots, options.root ?? 'largest')[0].C;
    sites = lstmIidSites(p, n, seed, rootC);
    const x = new Float64Array(2 * n);
    x.set(sites.h, 0);
    x.set(sites.c, n);
    const y = new Float64Array(4 * n);
    y.set(sites.uf, 0);
    y.set(sites.ui, n);
    y.set(sites.uo, 2 * n);
    y.set(sites.uc, 3 * n);
    J = iidDiagonalJacobian(network, { x, y });
    let s = 0;
    for (let i = 0; i < n; i++) s += sites.h[i] * sites.h[i];
    C = s / n;
  }
  const size = 2 * n;
  let trace = 0;
  for (let i = 0; i < size; i++) trace += J[i * size + i];
  const eig = spectrum(J, size);
  let sum = 0;
  let slow = 0;
  for (let i = 0; i < size; i++) {
    sum += eig.re[i];
    if (Math.hypot(eig.re[i], eig.im[i]) < delta) slow++;
  }
  let slowSites = 0;
  for (let i = 0; i < n; i++) if (sites.omf[i] < delta) slowSites++;
  const disks = options.disks ?? [];
  const masses = massInDisks(eig, disks).map((mass, k) => ({ ...disks[k], mass }));
  return {
    model: 'lstm',
    n,
    seed,
    ensemble,
    parameters: p,
    eigenvalues: Array.from(eig.re, (re, i) => [re, eig.im[i]] as [number, number]),
    C,
    abscissa: abscissa(eig),
    leftEdge: leftEdge(eig),
    masses,
    massNormalisation: 'fraction of all 2N eigenvalues',
    slowModes: { delta, countPerN: slow / n, empiricalProbability: slowSites / n, normalisation: 'per N units' },
    traceRelativeError: Math.abs(sum - trace) / (1 + Math.abs(trace)),
    fixedPoint,
    ...(options.keepSites ? { sites } : {}),
    converged: true,
  };
}

/** Options of {@link compareLstm}. */
export interface LstmComparisonOptions extends Omit<LstmSimulationOptions, 'seed'> {
  /** Seeds 1..seeds (or the given list). Default 3. */
  seeds?: number | number[];
  onProgress?: (done: number, total: number) => void;
}

/** Result of {@link compareLstm}. */
export interface LstmComparison {
  model: 'lstm';
  parameters: LstmParameters;
  n: number;
  seeds: number[];
  ensemble: 'fixed-point' | 'iid';
  prediction: LstmPrediction;
  simulations: LstmSimulation[];
  rows: ComparedQuantity[];
}

/**
 * Theory against simulation over several seeds. Noise scales: binomial counting error over the 2N
 * eigenvalues for masses, over the N units for the slow-mode count ([NUM-14], [OQ-15]).
 */
export function compareLstm(params: LstmParameterInput, options: LstmComparisonOptions): LstmComparison {
  const p = resolveLstmParameters(params);
  const seeds = Array.isArray(options.seeds) ? options.seeds : Array.from({ length: checkInteger('seeds', options.seeds ?? 3, 1, 1000) }, (_, k) => k + 1);
  const disks = options.disks ?? [];
  const delta = options.slowModeDelta ?? 0.02;
  const prediction = predictLstm(p, { disks, root: options.root, C: options.C, slowModeDelta: delta });
  const simulations: LstmSimulation[] = [];
  seeds.forEach((seed, k) => {
    simulations.push(simulateLstm(p, { ...options, seed, disks, slowModeDelta: delta }));
    options.onProgress?.(k + 1, seeds.length);
  });
  const n = options.n;
  const row = comparedQuantity;
  const binomial = (m: number, count: number) => Math.sqrt(Math.max(m * (1 - m), 1 / count) / (count * seeds.length));
  const P = slowForgetProbability(delta, prediction.meanField.C, p);
  const rows: ComparedQuantity[] = [
    row('C', prediction.meanField.C, simulations.map((s) => s.C), null),
    row('abscissa', prediction.support.abscissa, simulations.map((s) => s.abscissa), null),
    row('left edge', prediction.support.leftEdge, simulations.map((s) => s.leftEdge), null),
    row(`slow modes #{|λ|<${delta}}/N vs P(1−f<${delta})`, P, simulations.map((s) => s.slowModes.countPerN), binomial(P, n)),
    ...prediction.masses.map((m, k) =>
      row(`mass |λ−(${m.re}${m.im >= 0 ? '+' : ''}${m.im}i)|≤${m.r} (of 2N)`, m.mass, simulations.map((s) => s.masses[k].mass), binomial(m.mass, 2 * n)),
    ),
  ];
  return { model: 'lstm', parameters: p, n, seeds, ensemble: options.ensemble ?? 'fixed-point', prediction, simulations, rows };
}

/** Human-readable summary of an LSTM prediction (for `gatefield predict --model lstm`). */
export function describeLstmPrediction(p: LstmPrediction): string {
  const f = (x: number) => (x === 0 ? '0' : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5 ? x.toExponential(3) : x.toFixed(4));
  const mf = p.meanField;
  const lines = [
    `LSTM prediction at ${Object.entries(p.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `  mean-field roots C: ${mf.roots.map((r) => `${f(r.C)} (${r.branch}, Γ²=${f(r.gamma2)})`).join(', ')}`,
    `  at C = ${f(mf.C)}${mf.imposed ? ' (imposed)' : ''}: ⟨o²⟩ = ${f(mf.o2)}, ⟨φ(c)²⟩ = ${f(mf.phiC2)}, ⟨A²⟩ = ${f(mf.meanA2)}, Γ² = Λ(0) = ${f(mf.gamma2)}`,
    `  support: abscissa ${f(p.support.abscissa)}, left edge ${f(p.support.leftEdge)}, origin ${p.support.originInBulk ? 'inside' : 'outside'} the bulk, spectral radius ${f(p.spectralRadius)}`,
    `  slow modes: #{|λ| < ${p.slowModes.delta}}/N = ${f(p.slowModes.countPerN)} against P(1 − f < ${p.slowModes.delta}) = ${f(p.slowModes.probability)}`,
    ...(p.origin
      ? [`  origin: Cassini oval |λ+1||λ+1−f₀| = g_c o₀ i₀ = ${f(p.origin.gain)}, rightmost ${f(p.origin.rightmost)}, ${p.origin.unstable ? 'unstable' : 'stable'}${p.origin.split ? ', split into two ovals' : ''}`]
      : []),
    `  masses are fractions of all 2N eigenvalues`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The LSTM's CLI adapter (`--model lstm`): predict / simulate / compare through {@link predictLstm},
 * {@link simulateLstm}, {@link compareLstm}. Masses are fractions of all 2N eigenvalues ([OQ-18]).
 */
export const lstmAdapter: ModelAdapter = {
  name: 'lstm',
  title: 'continuous-time LSTM [LSTM-M-2]',
  massNormalisation: 'fraction of all 2N eigenvalues',
  predict: (params, o: AdapterPredictOptions) => predictLstm(params, o) as unknown as PredictionLike,
  rootCount: (p) => p.meanField.roots.length,
  describePrediction: (p) => describeLstmPrediction(p as unknown as LstmPrediction),
  simulate: (params, o) => simulateLstm(params, o) as unknown as SimulationLike,
  compare: (params, o) => compareLstm(params, o) as unknown as ComparisonLike,
};
