/**
 * `gatefield dmft`: the stationary chaotic state of the gated RNN from the α_z = 0 DMFT (scheme B,
 * [GATE-NUM-3]) — correlation functions C_h, C_z, C_r, C_φ, C_σr, C_ψ on a lag grid, timescales
 * ([GATE-DMFT-10]) and λ_max from the tangent eigenvalue problem ([GATE-LYA-3], [GATE-NUM-4]).
 *
 * The gated theory and model are reached through the package barrels by name (see
 * {@link gatedExport}) so this file compiles before those barrels export them; once they do, the
 * lookups can be replaced by static imports.
 */
import * as theory from '@gatefield/theory';
import * as models from '@gatefield/models';
import { InvalidParameterError, describeRange } from '@gatefield/numerics';
import { type FlagSpec, UsageError, formatFlags, parseFlags } from '../args.js';
import { DEBUG_FLAG, HELP_FLAG, JSON_FLAG, SET_FLAG, fmt, printJson, table } from '../common.js';

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
  for (const [k, text] of Object.entries(raw)) {
    const t = String(text).trim();
    const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
    if (!Number.isFinite(v)) throw new InvalidParameterError(k, text, describeRange(-Infinity, Infinity));
    out[k] = v;
  }
  const resolve = gatedExport<(p: Record<string, number>) => Record<string, number>>(theory, '@gatefield/theory', 'resolveGatedParameters');
  return resolve(out);
}

export const DMFT_FLAGS: FlagSpec[] = [
  { name: 'model', kind: 'string', choices: ['gated'], default: 'gated', meta: 'NAME', description: 'model: only gated (the gated RNN with dynamical gates)' },
  SET_FLAG,
  { name: 'du', kind: 'number', min: 1e-4, max: 10, default: '0.05', meta: 'DU', description: 'lag step of the solver grid' },
  { name: 'points', kind: 'int', min: 4, max: 4194304, default: '4096', meta: 'N', description: 'lag points of the solver grid (power of two; T = N·DU)' },
  { name: 'damping', kind: 'number', min: 1e-4, max: 1, default: '0.5', meta: 'A', description: 'weight of the new iterate' },
  { name: 'tol', kind: 'number', min: 0, max: 1, default: '1e-10', meta: 'TOL', description: 'max-norm change of C_h, C_r to stop' },
  { name: 'max-iterations', kind: 'int', min: 1, max: 100000000, default: '20000', meta: 'N', description: 'iteration budget' },
  { name: 'hermite-nodes', kind: 'int', min: 2, max: 1000, default: '48', meta: 'N', description: 'Gauss–Hermite nodes per axis of the bivariate averages' },
  { name: 'initial-variance', kind: 'number', min: 1e-12, max: 10000, default: '1', meta: 'V', description: 'C_h(0) of the initial guess (large: land on the chaotic branch)' },
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

Stationary chaotic state of the gated RNN by dynamical mean-field theory, scheme B [GATE-NUM-3]
(constant update gate: alpha_z = 0; alpha_z != 0 needs the sampling scheme [GATE-NUM-1]).
Prints C_h(0), C_r(0), C_z(0), the timescales [GATE-DMFT-10] and lambda_max [GATE-LYA-3]; --json
prints one object with lambdaMax and the correlation functions C_h, C_z, C_r, C_phi, C_sigmaR, C_psi
as [u, value] pairs on the output grid. A collapse to the zero fixed point is reported as trivial.

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

/** Run `dmft`; returns the exit code. */
export async function runDmft(argv: string[]): Promise<number> {
  const flags = parseFlags('dmft', argv, DMFT_FLAGS);
  if (flags.help) {
    process.stdout.write(dmftHelp());
    return 0;
  }
  if ((flags.model ?? 'gated') !== 'gated') throw new UsageError(`dmft supports --model gated only (got ${String(flags.model)})`);
  const params = gatedParameters(flags);
  const options: Record<string, unknown> = {};
  const map: [string, string][] = [['du', 'du'], ['points', 'points'], ['damping', 'damping'], ['tol', 'tol'], ['max-iterations', 'maxIterations'], ['hermite-nodes', 'hermiteNodes'], ['initial-variance', 'initialVariance']];
  for (const [flag, key] of map) if (flags[flag] !== undefined) options[key] = flags[flag];
  if (options.points !== undefined) {
    const n = options.points as number;
    if ((n & (n - 1)) !== 0) throw new InvalidParameterError('points', n, 'a power of two ≥ 4');
  }
  const r = dmftReport(params, options, { step: (flags['output-step'] as number | undefined) ?? 1, maxLag: (flags['max-lag'] as number | undefined) ?? 50, lyapunov: !flags['no-lyapunov'] });
  if (flags.json) printJson(r);
  else process.stdout.write(describeDmft(r));
  return 0;
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
