/**
 * Model adapters: what each `--model` means to the CLI. A model that the CLI can predict, simulate
 * and compare registers one adapter here; the commands never branch on model names.
 *
 * Every adapter's `predict` result has at least `meanField.C`, `meanField.roots`,
 * `support.abscissa`, `support.leftEdge`, `support.boundary` and `masses` ({re, im, r, mass}); every
 * `simulate` result has `n`, `seed`, `eigenvalues` ([re, im] pairs), `C`, `abscissa`, `leftEdge`,
 * `masses` — the JSON contract of `gatefield predict/simulate --json`.
 */
import { type Disk, type GruPrediction, predictGru } from '@gatefield/theory';
import { compareGru, compareGruParallel, type GruComparison, type GruSimulation, simulateGru } from './experiments.js';
import { lstmAdapter } from './experimentsLstm.js';
import { gatedAdapter } from './adapters/gated.js';

/** Prediction options the CLI passes. */
export interface AdapterPredictOptions {
  root?: 'largest' | 'smallest' | number;
  disks?: Disk[];
  boundaryPoints?: number;
}

/** Simulation options the CLI passes. */
export interface AdapterSimulateOptions {
  n: number;
  seed: number;
  ensemble?: 'fixed-point' | 'iid';
  disks?: Disk[];
  seeds?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The minimal prediction shape the CLI reads. */
export interface PredictionLike {
  meanField: { C: number; roots: { C: number; branch: string; gamma2?: number }[] } & Record<string, unknown>;
  support: { abscissa: number; leftEdge: number; boundary: [number, number][] } & Record<string, unknown>;
  masses: (Disk & { mass: number })[];
  parameters: Record<string, number>;
}

/** The minimal simulation shape the CLI reads. */
export interface SimulationLike {
  n: number;
  seed: number;
  ensemble: string;
  eigenvalues: [number, number][];
  C: number;
  abscissa: number;
  leftEdge: number;
  masses: (Disk & { mass: number })[];
  fixedPoint?: { residual: number; euler: number; newton: number } | null;
}

/** One row of a comparison table. */
export interface ComparisonRow {
  quantity: string;
  theory: number;
  simulation: number;
  spread: number;
  difference: number;
  noise: number | null;
}

/** The minimal comparison shape the CLI reads. */
export interface ComparisonLike {
  model: string;
  parameters: Record<string, number>;
  n: number;
  seeds: number[];
  ensemble: string;
  prediction: PredictionLike;
  simulations: SimulationLike[];
  rows: ComparisonRow[];
}

/** What a model provides to the CLI. */
export interface ModelAdapter {
  /** `--model` value; also the models-registry name used for parameter tables. */
  name: string;
  /** One line for `--help`. */
  title: string;
  /** How masses are normalised (shown in help). */
  massNormalisation: string;
  predict(params: Record<string, number>, options: AdapterPredictOptions): PredictionLike;
  /** Number of mean-field roots, for `--root all`. */
  rootCount(prediction: PredictionLike): number;
  describePrediction(p: PredictionLike): string;
  simulate(params: Record<string, number>, options: AdapterSimulateOptions): SimulationLike;
  compare(params: Record<string, number>, options: Omit<AdapterSimulateOptions, 'seed'>): ComparisonLike;
  /**
   * The same comparison with the theory and the seeds on `workers` worker threads (byte-identical
   * output for any worker count); models without it run `compare` in the calling thread.
   */
  compareAsync?(params: Record<string, number>, options: Omit<AdapterSimulateOptions, 'seed'> & { workers?: number }): Promise<ComparisonLike>;
}

const gruAdapter: ModelAdapter = {
  name: 'gru',
  title: 'continuous-time GRU [GRU-M-3]',
  massNormalisation: 'fraction of the N eigenvalues',
  predict: (params, o) => predictGru(params, o) as unknown as PredictionLike,
  rootCount: (p) => p.meanField.roots.length,
  describePrediction: (p) => describeGruPrediction(p as unknown as GruPrediction),
  simulate: (params, o) => simulateGru(params, o) as GruSimulation,
  compare: (params, o) => compareGru(params, o) as unknown as ComparisonLike & GruComparison,
  compareAsync: async (params, o) => (await compareGruParallel(params, o)) as unknown as ComparisonLike & GruComparison,
};

const registry = new Map<string, ModelAdapter>([
  [gruAdapter.name, gruAdapter],
  [lstmAdapter.name, lstmAdapter],
  [gatedAdapter.name, gatedAdapter],
]);

/** Register a model adapter (e.g. the LSTM's). */
export function registerAdapter(a: ModelAdapter): void {
  registry.set(a.name, a);
}

/** Names of the models the CLI supports. */
export function adapterNames(): string[] {
  return [...registry.keys()];
}

/** The adapter for `name`, or undefined. */
export function adapterFor(name: string): ModelAdapter | undefined {
  return registry.get(name);
}

/** Human-readable summary of a GRU prediction. */
export function describeGruPrediction(p: GruPrediction): string {
  const f = (x: number) => (x === 0 ? '0' : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5 ? x.toExponential(3) : x.toFixed(4));
  const mf = p.meanField;
  const lines = [
    `GRU prediction at ${Object.entries(p.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `  mean-field roots C: ${mf.roots.map((r) => `${f(r.C)} (${r.branch}, Γ²=${f(r.gamma2)})`).join(', ')}`,
    `  at C = ${f(mf.C)}: Var η = ${f(mf.deltaEta)}, Γ² = ${f(mf.gamma2)} (without the reset-derivative term ${f(mf.gamma2NoResetDerivative)})`,
    `  support: abscissa ${f(p.support.abscissa)}, left edge ${f(p.support.leftEdge)}, origin ${p.support.originInBulk ? 'inside' : 'outside'} the bulk`,
    `  saturated update gate (α_z → ∞): p₁ = ${f(p.limits.p1)}, fixed point ${p.limits.saturatedStability}; P(s < ${p.limits.slowModeFraction.delta}) = ${f(p.limits.slowModeFraction.fraction)}`,
  ];
  return `${lines.join('\n')}\n`;
}
