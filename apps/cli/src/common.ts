/**
 * Flags and helpers shared by the subcommands.
 */
import { getModel } from '@gatefield/models';
import { InvalidParameterError, describeRange, formatWarnings, type NumericsWarning } from '@gatefield/numerics';
import { adapterFor, adapterNames, type ModelAdapter } from './adapters.js';
import { type FlagSpec, UsageError } from './args.js';

/** `--model NAME`: any model with a registered CLI adapter (checked by {@link modelOf}). */
export const MODEL_FLAG: FlagSpec = { name: 'model', kind: 'string', default: 'gru', meta: 'NAME', description: 'model (see the models list in gatefield --help)' };
export const SET_FLAG: FlagSpec = { name: 'set', kind: 'set', meta: 'NAME=V,...', description: 'model parameters (see the parameter table below); repeatable' };
export const DISK_FLAG: FlagSpec = { name: 'disk', kind: 'disk', repeatable: true, meta: 'RE,IM,R', description: 'disk |λ − (RE + i·IM)| ≤ R whose eigenvalue mass to report (fraction of the N eigenvalues)' };
export const JSON_FLAG: FlagSpec = { name: 'json', kind: 'bool', description: 'print one JSON object on stdout' };
export const DEBUG_FLAG: FlagSpec = { name: 'debug', kind: 'bool', description: 'print stack traces of errors' };
export const HELP_FLAG: FlagSpec = { name: 'help', kind: 'bool', description: 'show this help' };

/** Parameter table of a model for help texts. */
export function parameterTable(modelName: string): string {
  const m = getModel(modelName);
  return Object.entries(m.spec.parameters)
    .map(([name, p]) => `  ${name.padEnd(10)} ${`[${p.min}, ${p.max}]`.padEnd(14)} default ${String(p.default).padEnd(5)} ${p.description}`)
    .join('\n');
}

/** The model adapter named by `--model` (default gru), checked. */
export function modelOf(flags: Record<string, unknown>): ModelAdapter {
  const name = (flags.model as string | undefined) ?? 'gru';
  const a = adapterFor(name);
  if (!a) throw new UsageError(`invalid --model = ${JSON.stringify(name)}: valid values are ${adapterNames().join(', ')}`);
  return a;
}

/** Parameter tables of every CLI model, for help texts. */
export function allParameterTables(): string {
  return adapterNames()
    .map((n) => `Parameters of --model ${n} (${adapterFor(n)!.title}; masses are ${adapterFor(n)!.massNormalisation}):\n${parameterTable(n)}`)
    .join('\n\n');
}

/** Round for human-readable tables (JSON keeps full precision). */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e5 ? x.toExponential(digits - 1) : x.toFixed(digits);
}

/** Render rows as an aligned text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Print JSON deterministically (key order as built, full double precision). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * Quadrature warnings of a result (numerics warnings.ts), indented, on stdout: a successful run keeps
 * stderr empty. Results without a `warnings` field print nothing.
 */
export function printWarnings(result: unknown): void {
  const ws = (result as { warnings?: NumericsWarning[] } | null)?.warnings ?? [];
  for (const line of formatWarnings(ws)) process.stdout.write(`  ${line}\n`);
}

/**
 * Numeric parameter values from `--set` text, checked against the model: unknown names and
 * non-numeric text fail with the parameter's valid range (range checks happen in model.resolve).
 */
export function parameterValues(modelName: string, flags: Record<string, unknown>): Record<string, number> {
  const raw = (flags.set as Record<string, string> | undefined) ?? {};
  const spec = getModel(modelName).spec;
  const names = Object.keys(spec.parameters);
  const out: Record<string, number> = {};
  for (const [k, text] of Object.entries(raw)) {
    const p = spec.parameters[k];
    if (!p) throw new InvalidParameterError(k, text, names.join(', '), `unknown parameter ${k} for model ${modelName}: valid parameters are ${names.join(', ')}`);
    const t = text.trim();
    const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
    if (!Number.isFinite(v)) throw new InvalidParameterError(k, text, describeRange(p.min, p.max));
    out[k] = v;
  }
  getModel(modelName).resolve(out);
  return out;
}
