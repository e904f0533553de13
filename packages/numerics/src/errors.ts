/**
 * Typed errors shared by every gatefield package.
 *
 * The promise of the library: every call either returns finite, physically valid numbers with
 * `converged: true`, or throws one of these. The CLI maps {@link InvalidParameterError} to exit
 * code 2 and {@link ConvergenceError} / {@link NonPhysicalError} to exit code 3, printing only
 * `message` (one line).
 */

/** Base class: all gatefield errors carry a stable `code`. */
export class GatefieldError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A parameter is unknown, not a finite number, or outside its valid range. */
export class InvalidParameterError extends GatefieldError {
  readonly parameter: string;
  readonly value: unknown;
  readonly range: string;
  constructor(parameter: string, value: unknown, range: string, detail?: string) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    super(
      'INVALID_PARAMETER',
      detail ?? `invalid ${parameter} = ${shown}: valid range is ${range}`,
    );
    this.parameter = parameter;
    this.value = value;
    this.range = range;
  }
}

/** An iterative solver did not reach its tolerance within its budget. */
export class ConvergenceError extends GatefieldError {
  readonly residual: number;
  readonly iterations: number;
  readonly settings: Readonly<Record<string, unknown>>;
  constructor(what: string, residual: number, iterations: number, settings: Record<string, unknown>) {
    super(
      'NO_CONVERGENCE',
      `${what} did not converge: residual ${residual.toExponential(2)} after ${iterations} iterations (settings ${JSON.stringify(settings)})`,
    );
    this.residual = residual;
    this.iterations = iterations;
    this.settings = settings;
  }
}

/** A solver produced a non-physical answer (negative variance, density, mass outside [0,1], …). */
export class NonPhysicalError extends GatefieldError {
  readonly quantity: string;
  readonly value: number;
  constructor(quantity: string, value: number, why: string) {
    super('NON_PHYSICAL', `non-physical ${quantity} = ${value}: ${why}`);
    this.quantity = quantity;
    this.value = value;
  }
}

/** Throw {@link InvalidParameterError} unless `x` is a finite number in [lo, hi]. */
export function checkFinite(name: string, x: unknown, lo = -Infinity, hi = Infinity, range?: string): number {
  const r = range ?? describeRange(lo, hi);
  if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi) {
    throw new InvalidParameterError(name, x, r);
  }
  return x;
}

/** Throw {@link InvalidParameterError} unless `x` is an integer in [lo, hi]. */
export function checkInteger(name: string, x: unknown, lo: number, hi: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) {
    throw new InvalidParameterError(name, x, `integers ${lo}..${hi}`);
  }
  return x;
}

/** Human-readable interval, e.g. "[0, 1000]" or "(-inf, inf)". */
export function describeRange(lo: number, hi: number): string {
  const l = lo === -Infinity ? '(-inf' : `[${lo}`;
  const h = hi === Infinity ? 'inf)' : `${hi}]`;
  return `${l}, ${h}`;
}

/** Throw {@link NonPhysicalError} unless every value is finite. */
export function assertFinite(quantity: string, x: number): number {
  if (!Number.isFinite(x)) throw new NonPhysicalError(quantity, x, 'not a finite number');
  return x;
}
