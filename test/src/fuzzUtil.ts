/**
 * Fuzzing helpers: the library's promise ("finite, physically valid numbers with converged: true,
 * or a typed error") as checks, fast-check arbitraries for parameter sets (valid, extreme and
 * malformed), and an in-process runner for the CLI that captures stdout / stderr.
 */
import fc from 'fast-check';
import { ConvergenceError, GatefieldError, InvalidParameterError, NonPhysicalError } from '@gatefield/numerics';
import { main } from 'gatefield';

/** Paths of every non-finite number (or `converged: false`) inside `value`, deep. */
export function nonFinitePaths(value: unknown, path = '$', out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path} = ${value}`);
    return out;
  }
  if (typeof value === 'bigint' || typeof value === 'string' || typeof value === 'boolean') return out;
  if (value === null || value === undefined || typeof value === 'function') return out;
  if (typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const a = value as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) out.push(`${path}[${i}] = ${a[i]}`);
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => nonFinitePaths(v, `${path}[${i}]`, out, seen));
    return out;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) nonFinitePaths(v, `${path}.get(${String(k)})`, out, seen);
    return out;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'converged' && v === false) out.push(`${path}.converged = false`);
    nonFinitePaths(v, `${path}.${k}`, out, seen);
  }
  return out;
}

/** Throw unless every number in `value` is finite (and nothing reports converged: false). */
export function assertAllFinite(value: unknown, what = 'result'): void {
  const bad = nonFinitePaths(value);
  if (bad.length) throw new Error(`${what} has non-finite numbers: ${bad.slice(0, 5).join('; ')}${bad.length > 5 ? ` (+${bad.length - 5} more)` : ''}`);
}

/** What went wrong with a typed error, or null when it is well formed. */
export function typedErrorProblem(e: unknown): string | null {
  if (!(e instanceof GatefieldError)) return `untyped error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  if (typeof e.message !== 'string' || e.message.length === 0) return 'empty message';
  if (/\bNaN\b|undefined/.test(e.message) && !(e instanceof InvalidParameterError)) return `message mentions NaN/undefined: ${e.message}`;
  if (e instanceof InvalidParameterError) {
    if (typeof e.parameter !== 'string' || !e.parameter) return `InvalidParameterError without a parameter name: ${e.message}`;
    if (typeof e.range !== 'string' || !e.range) return `InvalidParameterError without a range: ${e.message}`;
  } else if (e instanceof ConvergenceError) {
    if (typeof e.residual !== 'number' || Number.isNaN(e.residual)) return `ConvergenceError with residual ${e.residual}: ${e.message}`;
    if (!Number.isInteger(e.iterations) || e.iterations < 0) return `ConvergenceError with iterations ${e.iterations}`;
    if (typeof e.settings !== 'object' || e.settings === null) return 'ConvergenceError without settings';
  } else if (e instanceof NonPhysicalError) {
    if (typeof e.quantity !== 'string' || !e.quantity) return 'NonPhysicalError without a quantity';
  }
  return null;
}

/** Outcome of one fuzzed call. */
export type Outcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'typed'; error: GatefieldError }
  | { kind: 'bad'; problem: string; error?: unknown };

/** Run `f` and classify it against the promise. `check` adds physical checks on a returned value. */
export function outcome(f: () => unknown, check?: (v: unknown) => string | null): Outcome {
  let v: unknown;
  try {
    v = f();
  } catch (e) {
    const p = typedErrorProblem(e);
    return p ? { kind: 'bad', problem: p, error: e } : { kind: 'typed', error: e as GatefieldError };
  }
  return judge(v, check);
}

/** Async {@link outcome}. */
export async function outcomeAsync(f: () => Promise<unknown>, check?: (v: unknown) => string | null): Promise<Outcome> {
  let v: unknown;
  try {
    v = await f();
  } catch (e) {
    const p = typedErrorProblem(e);
    return p ? { kind: 'bad', problem: p, error: e } : { kind: 'typed', error: e as GatefieldError };
  }
  return judge(v, check);
}

function judge(v: unknown, check?: (v: unknown) => string | null): Outcome {
  if (v === undefined) return { kind: 'bad', problem: 'returned undefined' };
  const bad = nonFinitePaths(v);
  if (bad.length) return { kind: 'bad', problem: `non-finite: ${bad.slice(0, 4).join('; ')}` };
  const p = check?.(v) ?? null;
  return p ? { kind: 'bad', problem: p } : { kind: 'ok', value: v };
}

/** Every failure recorded in a set of tallies (the fuzz assertions expect none). */
export function allFailures(tallies: Record<string, Tally>): string[] {
  return Object.values(tallies).flatMap((t) => t.failures);
}

/** Tally of outcomes, for reports and frequency assertions. */
export class Tally {
  readonly counts = new Map<string, number>();
  readonly failures: string[] = [];
  total = 0;
  ms = 0;
  slowest = { ms: 0, input: '' };
  /** Distinct typed-error messages (first 80 characters), with counts. */
  readonly messages = new Map<string, number>();
  /** Run one case through {@link outcome}, timed. */
  run(label: string, f: () => unknown, input: unknown, check?: (v: unknown) => string | null): Outcome {
    const t0 = performance.now();
    const o = outcome(f, check);
    this.time(performance.now() - t0, input);
    return this.add(label, o, input);
  }
  /** Async {@link Tally.run}. */
  async runAsync(label: string, f: () => Promise<unknown>, input: unknown, check?: (v: unknown) => string | null): Promise<Outcome> {
    const t0 = performance.now();
    const o = await outcomeAsync(f, check);
    this.time(performance.now() - t0, input);
    return this.add(label, o, input);
  }
  private time(ms: number, input: unknown): void {
    this.ms += ms;
    if (ms > this.slowest.ms) this.slowest = { ms, input: safeJson(input) };
    if (process.env.GATEFIELD_FUZZ_VERBOSE && ms > 2000) process.stderr.write(`slow case ${ms.toFixed(0)} ms: ${safeJson(input)}\n`);
  }
  add(label: string, o: Outcome, input: unknown): Outcome {
    this.total++;
    if (o.kind === 'typed') {
      const m = o.error.message.replace(/[-+]?\d[\d.e+-]*/g, '#').slice(0, 90);
      this.messages.set(m, (this.messages.get(m) ?? 0) + 1);
    }
    const key = o.kind === 'ok' ? 'ok' : o.kind === 'typed' ? o.error.name : 'BAD';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (o.kind === 'bad') this.failures.push(`${label}(${safeJson(input)}): ${o.problem}`);
    return o;
  }
  summary(): string {
    return `${this.total} cases (${(this.ms / 1000).toFixed(2)} s): ${[...this.counts].map(([k, v]) => `${k} ${v}`).join(', ')}`;
  }
}

/** A multi-line report of named tallies (cases, outcomes, slowest input, typed-error messages). */
export function report(name: string, tallies: Record<string, Tally>, t0: number): string {
  const total = Object.values(tallies).reduce((a, t) => a + t.total, 0);
  return `${name}: ${total} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s\n${Object.entries(tallies)
    .map(([k, t]) => `  ${k}: ${t.summary()}; slowest ${t.slowest.ms.toFixed(0)} ms ${t.slowest.input.slice(0, 160)}\n${[...t.messages].map(([m, c]) => `      ${c}× ${m}`).join('\n')}`)
    .join('\n')}`;
}

/** JSON that survives NaN / Infinity / undefined (for failure messages). */
export function safeJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v === undefined ? 'undefined' : v));
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/** Values that are never a valid number. */
export const junk = fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, '2', 'abc', '', null, true, {}, [], [1], -0.0 / 0);

/** A finite number in [lo, hi] biased to the ends and to 0 / tiny values. */
export function edgy(lo: number, hi: number): fc.Arbitrary<number> {
  const specials = [lo, hi, (lo + hi) / 2].concat(lo <= 0 && hi >= 0 ? [0, 1e-12, 1e-6] : []).filter((v) => v >= lo && v <= hi);
  return fc.oneof(
    { weight: 3, arbitrary: uniform(lo, hi) },
    { weight: 1, arbitrary: fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.constantFrom(...specials) },
  );
}

/** Uniform on [lo, hi] (fast-check's double is biased to tiny magnitudes; this is not). */
export function uniform(lo: number, hi: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 1 << 30 }).map((k) => lo + ((hi - lo) * k) / (1 << 30));
}

/** GRU parameter ranges (the model spec). */
export const GRU_RANGES = {
  g_h: [0, 10],
  beta_h: [-50, 50],
  alpha_z: [0, 1000],
  beta_z: [-50, 50],
  alpha_r: [0, 1000],
  beta_r: [-50, 50],
} as const;

/** A valid GRU parameter set (any subset of the names; missing ones take defaults). */
export const validGru = fc.record(
  Object.fromEntries(Object.entries(GRU_RANGES).map(([k, [lo, hi]]) => [k, edgy(lo, hi)])) as Record<string, fc.Arbitrary<number>>,
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, number>>;

/**
 * Valid GRU sets with gate gains capped at `maxGain` (the expensive solvers cost ∝ gain at sharp
 * gates: the default suite caps them and adds a few fixed extremes; the slow suite does not cap).
 */
export function cappedGru(maxGain: number): fc.Arbitrary<Record<string, number>> {
  return validGru.map((p) => {
    const q = { ...p };
    for (const k of ['alpha_z', 'alpha_r'] as const) if (q[k] !== undefined && q[k] > maxGain) q[k] = maxGain * (q[k] / 1000);
    return q;
  });
}

/** A "moderate" valid GRU set (the physically interesting box, where the theory is expected to converge). */
export const moderateGru: fc.Arbitrary<Record<string, number>> = fc.record({
  g_h: uniform(0, 4),
  beta_h: fc.oneof(fc.constant(0), uniform(-2, 2)),
  alpha_z: uniform(0, 20),
  beta_z: uniform(-3, 3),
  alpha_r: uniform(0, 10),
  beta_r: uniform(-3, 3),
});

/** A GRU parameter set with at least one broken entry: junk, out of range, or an unknown name. */
export const invalidGru: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    validGru,
    fc.constantFrom(...Object.keys(GRU_RANGES), 'gamma', 'G_H', '__proto__x', 'alpha'),
    fc.oneof(junk, fc.constantFrom(-1, -1e-9, 10.0001, 1001, 1e300, -51, 51)),
  )
  .map(([p, k, v]) => ({ ...p, [k]: v }))
  .filter((p) => Object.entries(p).some(([k, v]) => {
    const r = (GRU_RANGES as Record<string, readonly [number, number]>)[k];
    return !r || typeof v !== 'number' || !(v >= r[0] && v <= r[1]);
  }));

/** Disks: radius 0, small, huge; centres anywhere reasonable. */
export const diskArb = fc.record({
  re: fc.oneof(uniform(-3, 1), fc.constantFrom(0, -1, 1e5)),
  im: fc.oneof(uniform(-2, 2), fc.constant(0)),
  r: fc.oneof(uniform(0, 3), fc.constantFrom(0, 1e-9, 1e3, 1e6)),
});

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

/** Result of an in-process CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `main(argv)` in this process, capturing stdout and stderr. */
export async function runCli(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(argv);
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  return { code, stdout, stderr };
}

/** What is wrong with a CLI run against the exit-code contract, or null. */
export function cliProblem(r: CliRun, json: boolean): string | null {
  if (![0, 2, 3].includes(r.code)) return `exit code ${r.code}`;
  if (r.code === 0) {
    if (r.stderr.length) return `stderr on success: ${r.stderr.slice(0, 200)}`;
    if (json) {
      let v: unknown;
      try {
        v = JSON.parse(r.stdout);
      } catch {
        return `stdout is not JSON: ${r.stdout.slice(0, 200)}`;
      }
      const bad = nonFinitePaths(v);
      if (bad.length) return `JSON has non-finite numbers: ${bad.slice(0, 3).join('; ')}`;
    }
    if (/\bNaN\b|Infinity|undefined/.test(r.stdout)) return `stdout mentions NaN/Infinity/undefined: ${r.stdout.slice(0, 300)}`;
    return null;
  }
  const lines = r.stderr.split('\n').filter((l) => l.length);
  if (lines.length !== 1) return `stderr has ${lines.length} lines: ${r.stderr.slice(0, 300)}`;
  if (!lines[0].startsWith('gatefield: ')) return `stderr not prefixed: ${lines[0]}`;
  if (/internal error|\bat .*:\d+:\d+/.test(lines[0])) return `untyped failure: ${lines[0]}`;
  return null;
}
