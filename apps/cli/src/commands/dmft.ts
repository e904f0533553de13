/**
 * `gatefield dmft`: the stationary chaotic state of the gated RNN. For α_z = 0 the deterministic DMFT
 * (scheme B, [GATE-NUM-3]) — correlation functions C_h, C_z, C_r, C_φ, C_σr, C_ψ on a lag grid,
 * timescales ([GATE-DMFT-10]) and λ_max from the tangent eigenvalue problem ([GATE-LYA-3],
 * [GATE-NUM-4]). For α_z ≠ 0 the sampling DMFT (scheme A, [GATE-NUM-1], seeded) with λ_max from the
 * sampled tangent process ([GATE-LYA-5]) and its standard error; the same seed prints the same bytes.
 *
 * The gated theory and model are reached through the package barrels by name (see
 * {@link gatedExport}) so this file compiles before those barrels export them; once they do, the
 * lookups can be replaced by static imports.
 */
import * as theory from '@gatefield/theory';
import * as models from '@gatefield/models';
import { ConvergenceError, InvalidParameterError, describeRange } from '@gatefield/numerics';
import { type FlagSpec, UsageError, formatFlags, parseFlags } from '../args.js';
import { DEBUG_FLAG, HELP_FLAG, JSON_FLAG, SET_FLAG, fmt, printJson, table } from '../common.js';
import { progressBar } from '../progress.js';

/** A named export of a workspace package, or a UsageError telling which barrel line is missing. */
export function gatedExport<T>(mod: object, pkg: string, name: string): T {
  const v = (mod as Record<string, unknown>)[name];
  if (v === undefined) throw new UsageError(`${pkg} does not export ${name} yet: add the gated-RNN barrel exports (see the gated-RNN report)`);
  return v as T;
}

/** Parameter table of the gated model (from its spec: names, ranges, defaults). */
export function gatedParameterTable(): string {
  const spec = gatedExport<() => { parameters: Record<string, { min: number; max: number; default: number; description: string }> }>(models, '@gatefield/models', 'gatedRnnSpec')();
  return Object.entries(spec.parameters)
    .map(([name, p]) => `  ${name.padEnd(10)} ${`[${p.min}, ${p.max}]`.padEnd(14)} default ${String(p.default).padEnd(5)} ${p.description}`)
    .join('\n');
}

/** `--set` text → numbers, validated against the gated model's ranges (resolveGatedParameters). */
export function gatedParameters(flags: Record<string, unknown>): Record<string, number> {
  const raw = (flags.set as Record<string, string> | undefined) ?? {};
  const out: Record<string, number> = {};
  const spec = gatedExport<() => { parameters: Record<string, { min: number; max: number }> }>(models, '@gatefield/models', 'gatedRnnSpec')().parameters;
  for (const [k, text] of Object.entries(raw)) {
    const t = String(text).trim();
    const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
    if (!Number.isFinite(v)) {
      // Report the parameter's own range (as `predict`/`simulate` do); an unknown name lists the valid ones.
      const names = Object.keys(spec);
      if (!Object.prototype.hasOwnProperty.call(spec, k)) throw new InvalidParameterError(k, text, names.join(', '), `unknown parameter ${k} for the gated RNN: valid parameters are ${names.join(', ')}`);
      throw new InvalidParameterError(k, text, describeRange(spec[k].min, spec[k].max));
    }
    out[k] = v;
  }
  const resolve = gatedExport<(p: Record<string, number>) => Record<string, number>>(theory, '@gatefield/theory', 'resolveGatedParameters');
  return resolve(out);
}

export const DMFT_FLAGS: FlagSpec[] = [
  { name: 'model', kind: 'string', choices: ['gated'], default: 'gated', meta: 'NAME', description: 'model: only gated (the gated RNN with dynamical gates)' },
  SET_FLAG,
  { name: 'du', kind: 'number', min: 1e-4, max: 10, default: '0.05', meta: 'DU', description: 'lag step of the solver grid (scheme A: also the Euler step, at most min(tau_h, tau_z, tau_r) and 1)' },
  { name: 'points', kind: 'int', min: 4, max: 4194304, default: '4096 (B), 2048 (A)', meta: 'N', description: 'lag points of the solver grid (T = N·DU; power of two for scheme B; scheme A: initial value, grown with the correlation time)' },
  { name: 'damping', kind: 'number', min: 1e-4, max: 1, default: '0.5', meta: 'A', description: 'scheme B: weight of the new iterate' },
  { name: 'tol', kind: 'number', min: 0, max: 1, default: '1e-10', meta: 'TOL', description: 'scheme B: max-norm change of C_h, C_r to stop' },
  { name: 'max-iterations', kind: 'int', min: 1, max: 100000000, default: '20000', meta: 'N', description: 'scheme B: iteration budget' },
  { name: 'hermite-nodes', kind: 'int', min: 2, max: 1000, default: '48', meta: 'N', description: 'scheme B: Gauss–Hermite nodes per axis of the bivariate averages' },
  { name: 'initial-variance', kind: 'number', min: 1e-12, max: 10000, default: '1', meta: 'V', description: 'scheme B: C_h(0) of the initial guess (large: land on the chaotic branch)' },
  { name: 'seed', kind: 'int', min: 0, max: Number.MAX_SAFE_INTEGER, default: '0', meta: 'S', description: 'scheme A: seed of the sampled paths (same seed, same output bytes)' },
  { name: 'paths', kind: 'int', min: 2, max: 10000000, default: '300', meta: 'M', description: 'scheme A: paths per iteration' },
  { name: 'final-paths', kind: 'int', min: 2, max: 10000000, default: 'PATHS', meta: 'M', description: 'scheme A: paths of the last, undamped iteration (the text recommends ≥ 1500)' },
  { name: 'iterations', kind: 'int', min: 1, max: 1000000, default: '50', meta: 'N', description: 'scheme A: iterations (≥ 50 recommended)' },
  { name: 'sampling-damping', kind: 'number', min: 0, max: 0.999, default: '0.3', meta: 'A', description: 'scheme A: weight of the old iterate' },
  { name: 'transient', kind: 'number', min: 0, max: 1e6, default: '200', meta: 'T', description: 'scheme A: discarded time per path' },
  { name: 'window', kind: 'number', min: 1e-3, max: 1e6, default: '400', meta: 'T', description: 'scheme A: measured time per path (must exceed N·DU)' },
  { name: 'drift-tol', kind: 'number', min: 0, max: 10, default: '0.03', meta: 'D', description: 'scheme A: largest drift of C_h(0), C_h(20) over the last 10 iterations (relative to C_h(0), beyond 3 noise errors); a larger drift exits 3' },
  { name: 'lyapunov-paths', kind: 'int', min: 2, max: 10000000, default: '100', meta: 'M', description: 'scheme A: paths per round and per batch of the tangent process' },
  { name: 'lyapunov-rounds', kind: 'int', min: 2, max: 1000000, default: '20', meta: 'N', description: 'scheme A: adaptation rounds of the tangent process' },
  { name: 'lyapunov-batches', kind: 'int', min: 2, max: 1000000, default: '8', meta: 'B', description: 'scheme A: independent batches (standard error of lambda_max)' },
  { name: 'output-step', kind: 'number', min: 1e-4, max: 1000, default: '1', meta: 'DU', description: 'lag step of the printed correlation functions' },
  { name: 'max-lag', kind: 'number', min: 0, max: 1e6, default: '50', meta: 'U', description: 'largest printed lag' },
  { name: 'no-lyapunov', kind: 'bool', description: 'skip λ_max' },
  JSON_FLAG,
  DEBUG_FLAG,
  HELP_FLAG,
];

export function dmftHelp(): string {
  let params: string;
  try {
    params = gatedParameterTable();
  } catch {
    params = '  (gated model not exported yet)';
  }
  return `Usage: gatefield dmft --model gated --set g_h=3,alpha_r=2,tau_r=1.5 [--du 0.05 --points 4096] [--json]
       gatefield dmft --model gated --set g_h=3,alpha_r=2,alpha_z=2,tau_z=2,tau_r=1.5 [--seed 0 --paths 300 --iterations 50] [--json]

Stationary chaotic state of the gated RNN by dynamical mean-field theory.
alpha_z = 0: scheme B [GATE-NUM-3] (deterministic). Prints C_h(0), C_r(0), C_z(0), the timescales
[GATE-DMFT-10] and lambda_max [GATE-LYA-3]; --json prints one object with lambdaMax and the
correlation functions C_h, C_z, C_r, C_phi, C_sigmaR, C_psi as [u, value] pairs on the output grid.
A collapse to the zero fixed point is reported as trivial.
alpha_z != 0: scheme A [GATE-NUM-1] (sampled single-site paths, warm-started from scheme B at
alpha_z = 0, seeded) and lambda_max from the sampled tangent process [GATE-LYA-5] with its standard
error; --json prints lambdaMax, lambdaMaxStandardError, C_h, C_z, C_r, C_phi, C_sigmaZ, C_sigmaR,
C_psi as [u, value] pairs, the timescales, and the convergence monitor (C_h(0) and C_h(20) per
iteration and their drift over the last rounds; a run still drifting beyond --drift-tol exits 3
with one line). The same seed prints the same bytes. The defaults
follow the text (M = 300 paths, 50 iterations) and take tens of minutes on one core (the cost is
about iterations × paths × (transient + window)/DU × 8 µs, plus the tangent process); for a rough
answer in a minute or two try --paths 40 --iterations 15 --points 1024 --window 150 --transient 50
--lyapunov-paths 30 --lyapunov-rounds 8 --lyapunov-batches 6. A progress bar goes to stderr on a
terminal, never with --json.
Flags marked "scheme A" / "scheme B" are rejected (exit 2) for the other scheme.

Flags:
${formatFlags(DMFT_FLAGS)}

Gated-RNN parameters (NAME [range] default):
${params}
`;
}

/** What `dmft --json` prints. */
export interface DmftReport {
  model: 'gated';
  parameters: Record<string, number>;
  trivial: boolean;
  lambdaMax: number | null;
  tauEff: number;
  timescales: Record<string, number>;
  C_h: [number, number][];
  C_z: [number, number][];
  C_r: [number, number][];
  C_phi: [number, number][];
  C_sigmaR: [number, number][];
  C_psi: [number, number][];
  converged: boolean;
  residual: number;
  iterations: number;
  settings: Record<string, unknown>;
  lyapunov: { converged: boolean; residual: number; iterations: number; rhoAtZero: number; settings: Record<string, unknown> } | null;
}

interface DmftLike {
  lags: Float64Array; C_h: Float64Array; C_z: Float64Array; C_r: Float64Array; C_phi: Float64Array; C_sigmaR: Float64Array; C_psi: Float64Array;
  trivial: boolean; tauEff: number; timescales: Record<string, number>; converged: boolean; residual: number; iterations: number; settings: Record<string, unknown>;
}

/** Compute the report (exported for tests). */
export function dmftReport(params: Record<string, number>, options: Record<string, unknown>, output: { step: number; maxLag: number; lyapunov: boolean }): DmftReport {
  const solve = gatedExport<(p: Record<string, number>, o: Record<string, unknown>) => DmftLike>(theory, '@gatefield/theory', 'solveGatedDmft');
  const lyap = gatedExport<(r: DmftLike) => { lambdaMax: number; rhoAtZero: number; converged: boolean; residual: number; iterations: number; settings: Record<string, unknown> }>(theory, '@gatefield/theory', 'gatedDmftLyapunov');
  const r = solve(params, options);
  const du = r.lags[1] - r.lags[0];
  const every = Math.max(1, Math.round(output.step / du));
  const pick = (c: Float64Array): [number, number][] => {
    const out: [number, number][] = [];
    for (let k = 0; k < c.length && r.lags[k] <= output.maxLag + 1e-9; k += every) out.push([r.lags[k], c[k]]);
    return out;
  };
  const l = output.lyapunov && !r.trivial ? lyap(r) : null;
  return {
    model: 'gated', parameters: params, trivial: r.trivial, lambdaMax: l ? l.lambdaMax : null, tauEff: r.tauEff, timescales: r.timescales,
    C_h: pick(r.C_h), C_z: pick(r.C_z), C_r: pick(r.C_r), C_phi: pick(r.C_phi), C_sigmaR: pick(r.C_sigmaR), C_psi: pick(r.C_psi),
    converged: r.converged, residual: r.residual, iterations: r.iterations, settings: r.settings,
    lyapunov: l ? { converged: l.converged, residual: l.residual, iterations: l.iterations, rhoAtZero: l.rhoAtZero, settings: l.settings } : null,
  };
}

const SCHEME_A_FLAGS = ['seed', 'paths', 'final-paths', 'iterations', 'sampling-damping', 'transient', 'window', 'drift-tol', 'lyapunov-paths', 'lyapunov-rounds', 'lyapunov-batches'];
const SCHEME_B_FLAGS = ['damping', 'tol', 'max-iterations', 'hermite-nodes', 'initial-variance'];

/** What `dmft --json` prints for α_z ≠ 0 (scheme A, [GATE-NUM-1]; λ_max from [GATE-LYA-5]). */
export interface DmftSamplingReport {
  model: 'gated';
  scheme: 'A';
  parameters: Record<string, number>;
  seed: number;
  lambdaMax: number | null;
  lambdaMaxStandardError: number | null;
  /** ⟨σ_z⟩ (C_σz(∞) = ⟨σ_z⟩²). */
  sigmaZMean: number;
  timescales: Record<string, number>;
  C_h: [number, number][];
  C_z: [number, number][];
  C_r: [number, number][];
  C_phi: [number, number][];
  C_sigmaZ: [number, number][];
  C_sigmaR: [number, number][];
  C_psi: [number, number][];
  converged: boolean;
  residual: number;
  iterations: number;
  convergence: { historyCh0: number[]; historyChLag: number[]; drift: { Ch0: number | null; ChLag: number | null; rounds: number } };
  settings: Record<string, unknown>;
  lyapunov: { converged: boolean; residual: number; iterations: number; lambdaStar: number; batchEstimates: number[]; settings: Record<string, unknown> } | null;
}

interface SamplingLike {
  lags: Float64Array; C_h: Float64Array; C_z: Float64Array; C_r: Float64Array; C_phi: Float64Array; C_sigmaZ: Float64Array; C_sigmaR: Float64Array; C_psi: Float64Array;
  sigmaZMean: number; timescales: Record<string, number>; converged: boolean; residual: number; iterations: number; seed: number; settings: Record<string, unknown>;
  historyCh0: number[]; historyChLag: number[]; drift: { Ch0: number | null; ChLag: number | null; rounds: number };
}
interface SamplingLyapunovLike { lambdaMax: number; standardError: number; lambdaStar: number; batchEstimates: number[]; converged: boolean; residual: number; iterations: number; settings: Record<string, unknown> }

function picker(lags: Float64Array, output: { step: number; maxLag: number }) {
  const du = lags[1] - lags[0];
  const every = Math.max(1, Math.round(output.step / du));
  return (c: Float64Array): [number, number][] => {
    const out: [number, number][] = [];
    for (let k = 0; k < c.length && lags[k] <= output.maxLag + 1e-9; k += every) out.push([lags[k], c[k]]);
    return out;
  };
}

/** Compute the scheme-A report (exported for tests). */
export function dmftSamplingReport(
  params: Record<string, number>, options: Record<string, unknown>, lyapunovOptions: Record<string, unknown>,
  output: { step: number; maxLag: number; lyapunov: boolean }, onProgress?: (done: number, total: number) => void,
): DmftSamplingReport {
  const solve = gatedExport<(p: Record<string, number>, o: Record<string, unknown>) => SamplingLike>(theory, '@gatefield/theory', 'solveGatedDmftSampling');
  const lyap = gatedExport<(r: SamplingLike, o: Record<string, unknown>) => SamplingLyapunovLike>(theory, '@gatefield/theory', 'gatedSamplingLyapunov');
  const nIt = (options.iterations as number | undefined) ?? 50;
  const nLy = output.lyapunov ? ((lyapunovOptions.rounds as number | undefined) ?? 20) + ((lyapunovOptions.batches as number | undefined) ?? 8) : 0;
  const total = nIt + nLy;
  const r = solve(params, { ...options, onProgress: onProgress ? (k: number) => onProgress(k, total) : undefined });
  const l = output.lyapunov ? lyap(r, { ...lyapunovOptions, seed: r.seed, onProgress: onProgress ? (k: number) => onProgress(nIt + k, total) : undefined }) : null;
  const pick = picker(r.lags, output);
  const { onProgress: _a, ...settings } = r.settings;
  const lset = l ? (({ onProgress: _b, ...rest }) => rest)(l.settings) : null;
  return {
    model: 'gated', scheme: 'A', parameters: params, seed: r.seed, lambdaMax: l ? l.lambdaMax : null, lambdaMaxStandardError: l ? l.standardError : null,
    sigmaZMean: r.sigmaZMean, timescales: r.timescales,
    C_h: pick(r.C_h), C_z: pick(r.C_z), C_r: pick(r.C_r), C_phi: pick(r.C_phi), C_sigmaZ: pick(r.C_sigmaZ), C_sigmaR: pick(r.C_sigmaR), C_psi: pick(r.C_psi),
    converged: r.converged, residual: r.residual, iterations: r.iterations,
    convergence: { historyCh0: r.historyCh0, historyChLag: r.historyChLag, drift: r.drift },
    settings,
    lyapunov: l && lset ? { converged: l.converged, residual: l.residual, iterations: l.iterations, lambdaStar: l.lambdaStar, batchEstimates: l.batchEstimates, settings: lset } : null,
  };
}

/** Run `dmft`; returns the exit code. */
export async function runDmft(argv: string[]): Promise<number> {
  const flags = parseFlags('dmft', argv, DMFT_FLAGS);
  if (flags.help) {
    process.stdout.write(dmftHelp());
    return 0;
  }
  if ((flags.model ?? 'gated') !== 'gated') throw new UsageError(`dmft supports --model gated only (got ${String(flags.model)})`);
  const params = gatedParameters(flags);
  const output = { step: (flags['output-step'] as number | undefined) ?? 1, maxLag: (flags['max-lag'] as number | undefined) ?? 50, lyapunov: !flags['no-lyapunov'] };
  if (params.alpha_z !== 0) return runDmftSampling(flags, params, output);
  for (const f of SCHEME_A_FLAGS) if (flags[f] !== undefined) throw new UsageError(`--${f} applies to alpha_z != 0 only (scheme A, the sampling DMFT); alpha_z = 0 uses scheme B`);
  const options: Record<string, unknown> = {};
  const map: [string, string][] = [['du', 'du'], ['points', 'points'], ['damping', 'damping'], ['tol', 'tol'], ['max-iterations', 'maxIterations'], ['hermite-nodes', 'hermiteNodes'], ['initial-variance', 'initialVariance']];
  for (const [flag, key] of map) if (flags[flag] !== undefined) options[key] = flags[flag];
  if (options.points !== undefined) {
    const n = options.points as number;
    if ((n & (n - 1)) !== 0) throw new InvalidParameterError('points', n, 'a power of two ≥ 4');
  }
  const r = dmftReport(params, options, output);
  if (flags.json) printJson(r);
  else process.stdout.write(describeDmft(r));
  return 0;
}

function runDmftSampling(flags: Record<string, unknown>, params: Record<string, number>, output: { step: number; maxLag: number; lyapunov: boolean }): number {
  for (const f of SCHEME_B_FLAGS) if (flags[f] !== undefined) throw new UsageError(`--${f} applies to alpha_z = 0 only (scheme B); alpha_z != 0 uses scheme A (see --sampling-damping, --iterations)`);
  if (flags.du !== undefined && (flags.du as number) > 1) throw new UsageError(`invalid --du = ${String(flags.du)}: the Euler step of scheme A must be in [0.0001, 1]`);
  const options: Record<string, unknown> = {};
  const map: [string, string][] = [['du', 'dt'], ['points', 'lagPoints'], ['seed', 'seed'], ['paths', 'paths'], ['final-paths', 'finalPaths'], ['iterations', 'iterations'], ['sampling-damping', 'damping'], ['transient', 'transientTime'], ['window', 'windowTime'], ['drift-tol', 'driftTol']];
  for (const [flag, key] of map) if (flags[flag] !== undefined) options[key] = flags[flag];
  const du = (options.dt as number | undefined) ?? 0.05, points = (options.lagPoints as number | undefined) ?? 2048, window = (options.windowTime as number | undefined) ?? 400;
  if (window <= points * du) throw new UsageError(`--window ${window} must exceed the lag range --points × --du = ${points * du}`);
  const lyapunovOptions: Record<string, unknown> = {};
  const lmap: [string, string][] = [['lyapunov-paths', 'paths'], ['lyapunov-rounds', 'rounds'], ['lyapunov-batches', 'batches']];
  for (const [flag, key] of lmap) if (flags[flag] !== undefined) lyapunovOptions[key] = flags[flag];
  const bar = flags.json ? null : progressBar('sampling DMFT', 100);
  const r = dmftSamplingReport(params, options, lyapunovOptions, output, bar ? (k, total) => bar.update(Math.round((100 * k) / total)) : undefined);
  bar?.done();
  // The solver is strict by default (it throws for a drifting run); never report a non-converged run with exit 0.
  if (!r.converged) {
    const d = r.convergence.drift;
    const worst = Math.max(...[d.Ch0, d.ChLag].filter((x): x is number => x !== null && Number.isFinite(x)), 0);
    throw new ConvergenceError('gated DMFT scheme A [GATE-NUM-1] (relative drift of C_h(0), C_h(20) over the last rounds)', worst, r.iterations, r.settings);
  }
  if (flags.json) printJson(r);
  else process.stdout.write(describeDmftSampling(r));
  return 0;
}

/** Human-readable scheme-A report. */
export function describeDmftSampling(r: DmftSamplingReport): string {
  const lines = [`gated-RNN DMFT (scheme A, sampled, seed ${r.seed}) at ${Object.entries(r.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}`];
  lines.push(`  C_h(0) = ${fmt(r.C_h[0][1])}, C_z(0) = ${fmt(r.C_z[0][1])}, C_r(0) = ${fmt(r.C_r[0][1])}, C_φ(0) = ${fmt(r.C_phi[0][1])}, C_σz(0) = ${fmt(r.C_sigmaZ[0][1])}, ⟨σ_z⟩ = ${fmt(r.sigmaZMean)}`);
  const lam = r.lambdaMax === null ? 'not computed (--no-lyapunov)' : `${fmt(r.lambdaMax)} ± ${fmt(r.lambdaMaxStandardError)} (standard error) [GATE-LYA-5]`;
  lines.push(`  λ_max = ${lam}`);
  lines.push(`  timescales [GATE-DMFT-10]: τ_h/⟨σ_z⟩ = ${fmt(r.timescales.gateTime)}, ∫C_h/C_h(0) = ${fmt(r.timescales.integral)}, 1/e time = ${fmt(r.timescales.eFolding)}`);
  const d = r.convergence.drift;
  const drift = (x: number | null) => (x !== null && Number.isFinite(x) ? fmt(x, 3) : '—');
  lines.push(`  ${r.converged ? 'converged' : 'NOT converged'} after ${r.iterations} iterations: drift of C_h(0) ${drift(d.Ch0)}, of C_h(20) ${drift(d.ChLag)} (relative to C_h(0), last ${d.rounds} rounds); residual ${Number.isFinite(r.residual) ? r.residual.toExponential(2) : '—'}`);
  const every = Math.max(1, Math.floor(r.C_h.length / 10));
  const rows = r.C_h.filter((_, i) => i % every === 0).map(([u, v], i) => [fmt(u, 3), fmt(v), fmt(r.C_z[i * every][1]), fmt(r.C_r[i * every][1])]);
  lines.push('', table(['u', 'C_h(u)', 'C_z(u)', 'C_r(u)'], rows).split('\n').map((l) => `  ${l}`).join('\n'));
  return `${lines.join('\n')}\n`;
}

/** Human-readable report. */
export function describeDmft(r: DmftReport): string {
  const lines = [`gated-RNN DMFT (scheme B) at ${Object.entries(r.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}`];
  if (r.trivial) {
    lines.push('  the iteration collapsed to C_h = 0: no chaotic state from this initial guess (zero fixed point)');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`  C_h(0) = ${fmt(r.C_h[0][1])}, C_z(0) = ${fmt(r.C_z[0][1])}, C_r(0) = ${fmt(r.C_r[0][1])}, C_φ(0) = ${fmt(r.C_phi[0][1])}`);
  lines.push(`  λ_max = ${fmt(r.lambdaMax)} [GATE-LYA-3];  τ_eff = ${fmt(r.tauEff)}, correlation time ∫C_h/C_h(0) = ${fmt(r.timescales.integral)}, 1/e time = ${fmt(r.timescales.eFolding)}`);
  lines.push(`  converged in ${r.iterations} iterations (residual ${r.residual.toExponential(2)})`);
  const rows = r.C_h.filter((_, i) => i % Math.max(1, Math.floor(r.C_h.length / 10)) === 0).map(([u, v], i) => [fmt(u, 3), fmt(v), fmt(r.C_r[i * Math.max(1, Math.floor(r.C_h.length / 10))][1])]);
  lines.push('', table(['u', 'C_h(u)', 'C_r(u)'], rows).split('\n').map((l) => `  ${l}`).join('\n'));
  return `${lines.join('\n')}\n`;
}
