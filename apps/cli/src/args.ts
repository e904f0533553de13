/**
 * Strict command-line parsing for `gatefield`. Every malformed flag, unknown flag, missing value,
 * non-numeric or out-of-range value raises a {@link UsageError} with one line naming the flag (or
 * parameter) and its valid range; the CLI turns it into exit code 2.
 */
import { GatefieldError } from '@gatefield/numerics';

/** Bad command-line usage (exit code 2). */
export class UsageError extends GatefieldError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** How a flag's value is read. */
export type FlagKind = 'bool' | 'string' | 'int' | 'number' | 'set' | 'disk' | 'axis';

/** A flag a subcommand accepts. */
export interface FlagSpec {
  name: string;
  kind: FlagKind;
  description: string;
  repeatable?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Shown in help; applied by the command. */
  default?: string;
  /** Placeholder shown in help, e.g. "FILE". */
  meta?: string;
}

/** A parsed `--disk RE,IM,R`. */
export interface DiskArg {
  re: number;
  im: number;
  r: number;
}

/** A parsed `--x name=lo:hi:count` axis. */
export interface AxisArg {
  name: string;
  lo: number;
  hi: number;
  count: number;
}

/** Parsed flags: value per flag name (arrays for repeatable flags). */
export type ParsedFlags = Record<string, unknown>;

/** Parse a strictly numeric literal (no empty strings, no hex, no "Infinity" unless allowed). */
export function parseNumber(what: string, text: string, range = '(-inf, inf)'): number {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    throw new UsageError(`invalid ${what} = ${JSON.stringify(text)}: expected a finite number in ${range}`);
  }
  const v = Number(t);
  if (!Number.isFinite(v)) throw new UsageError(`invalid ${what} = ${JSON.stringify(text)}: expected a finite number in ${range}`);
  return v;
}

function parseValue(spec: FlagSpec, raw: string): unknown {
  const flag = `--${spec.name}`;
  const range = spec.min !== undefined || spec.max !== undefined ? `[${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]` : '(-inf, inf)';
  switch (spec.kind) {
    case 'string':
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new UsageError(`invalid ${flag} = ${JSON.stringify(raw)}: valid values are ${spec.choices.join(', ')}`);
      }
      if (raw === '') throw new UsageError(`${flag} needs a non-empty value`);
      return raw;
    case 'int':
    case 'number': {
      const v = parseNumber(flag, raw, range);
      if (spec.kind === 'int' && !Number.isInteger(v)) throw new UsageError(`invalid ${flag} = ${raw}: expected an integer in ${range}`);
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
        throw new UsageError(`invalid ${flag} = ${raw}: valid range is ${range}`);
      }
      return v;
    }
    case 'set': {
      // Values stay text here: the command checks them against the model's parameter ranges
      // (see parameterValues in common.ts) so errors can name each parameter's own range.
      const out: Record<string, string> = {};
      for (const part of raw.split(',')) {
        const m = /^\s*([A-Za-z_][A-Za-z_0-9]*)\s*=\s*(.*)$/.exec(part);
        if (!m) throw new UsageError(`malformed ${flag} item ${JSON.stringify(part)}: expected NAME=VALUE[,NAME=VALUE...]`);
        if (m[1] in out) throw new UsageError(`parameter ${m[1]} is set twice in ${flag}`);
        out[m[1]] = m[2];
      }
      return out;
    }
    case 'disk': {
      const parts = raw.split(',');
      if (parts.length !== 3) throw new UsageError(`malformed ${flag} ${JSON.stringify(raw)}: expected RE,IM,R (centre and radius)`);
      const [re, im, r] = parts.map((x, i) => parseNumber(`${flag} ${['RE', 'IM', 'R'][i]}`, x));
      if (r < 0) throw new UsageError(`invalid ${flag} R = ${r}: valid range is [0, inf)`);
      return { re, im, r } satisfies DiskArg;
    }
    case 'axis': {
      const m = /^\s*([A-Za-z_][A-Za-z_0-9]*)\s*=\s*([^:]+):([^:]+):([^:]+)$/.exec(raw);
      if (!m) throw new UsageError(`malformed ${flag} ${JSON.stringify(raw)}: expected NAME=LO:HI:COUNT`);
      const lo = parseNumber(`${flag} LO`, m[2]);
      const hi = parseNumber(`${flag} HI`, m[3]);
      const count = parseNumber(`${flag} COUNT`, m[4]);
      if (!Number.isInteger(count) || count < 2 || count > 2000) throw new UsageError(`invalid ${flag} COUNT = ${m[4]}: expected an integer in [2, 2000]`);
      if (!(hi > lo)) throw new UsageError(`invalid ${flag}: HI (${hi}) must exceed LO (${lo})`);
      return { name: m[1], lo, hi, count } satisfies AxisArg;
    }
    case 'bool':
      return true;
  }
}

/**
 * Parse `argv` (after the subcommand) against `specs`. Accepts `--flag value` and `--flag=value`;
 * `--set` may be repeated and merges. Positional arguments are rejected.
 */
export function parseFlags(command: string, argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)} for ${command}: flags start with -- (see gatefield ${command} --help)`);
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = byName.get(name);
    if (!spec) {
      throw new UsageError(`unknown flag --${name} for ${command}: valid flags are ${specs.map((s) => `--${s.name}`).join(', ')}`);
    }
    let raw: string;
    if (spec.kind === 'bool') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      raw = '';
    } else if (eq >= 0) {
      raw = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith('--') && spec.kind !== 'number' && spec.kind !== 'int')) {
        throw new UsageError(`--${name} needs a value${spec.meta ? ` (${spec.meta})` : ''}`);
      }
      raw = argv[++i];
    }
    const v = parseValue(spec, raw);
    if (spec.kind === 'set') {
      const prev = (out[name] as Record<string, number> | undefined) ?? {};
      for (const k of Object.keys(v as Record<string, number>)) {
        if (k in prev) throw new UsageError(`parameter ${k} is set twice in --set`);
      }
      out[name] = { ...prev, ...(v as Record<string, number>) };
    } else if (spec.repeatable) {
      out[name] = [...((out[name] as unknown[]) ?? []), v];
    } else {
      if (name in out) throw new UsageError(`--${name} is given twice`);
      out[name] = v;
    }
  }
  return out;
}

/** Help text for a subcommand's flags. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const head = `  --${s.name}${s.kind === 'bool' ? '' : ` ${s.meta ?? s.kind.toUpperCase()}`}`;
    const extra = [
      s.choices ? `one of ${s.choices.join('|')}` : '',
      s.min !== undefined || s.max !== undefined ? `range [${s.min ?? '-inf'}, ${s.max ?? 'inf'}]` : '',
      s.default !== undefined ? `default ${s.default}` : '',
      s.repeatable ? 'repeatable' : '',
    ].filter(Boolean);
    return `${head.padEnd(30)} ${s.description}${extra.length ? ` (${extra.join('; ')})` : ''}`;
  });
  return rows.join('\n');
}
