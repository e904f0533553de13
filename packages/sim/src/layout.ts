/**
 * Memory layout of per-unit quantities in a network of N units.
 *
 * Every vector of per-unit quantities in this package (states, fields, sites) is **block-major**:
 * all N units of variable 0, then all N units of variable 1, …
 * ```
 *   state[v·N + i]  = state variable v of unit i        (length N·nState)
 *   fields[k·N + i] = field k of unit i                 (length N·nField)
 * ```
 * This is the block order of the Jacobian ([GRU-J-4], [LSTM-J-1]): row v·N + i of J is ẋ_{v,i}.
 * The compiled per-unit kernels of `@gatefield/models` read one unit at a time (**unit-major**
 * slices `x[v]`, `y[k]`); {@link gatherUnit} / {@link scatterUnit} move between the two, and
 * {@link toBlockMajor} / {@link toUnitMajor} convert whole arrays (e.g. site values sampled per
 * site by the theory package).
 *
 * @module
 */
import { InvalidParameterError } from '@gatefield/numerics';

/** Copy unit `i` of a block-major array with `nVar` variables into `out[0..nVar)`. */
export function gatherUnit(block: Float64Array, nVar: number, n: number, i: number, out: Float64Array): Float64Array {
  for (let v = 0; v < nVar; v++) out[v] = block[v * n + i];
  return out;
}

/** Write `values[0..nVar)` as unit `i` of a block-major array. */
export function scatterUnit(values: Float64Array, nVar: number, n: number, i: number, block: Float64Array): Float64Array {
  for (let v = 0; v < nVar; v++) block[v * n + i] = values[v];
  return block;
}

/** Unit-major (`a[i·nVar + v]`) → block-major (`out[v·n + i]`). */
export function toBlockMajor(unitMajor: Float64Array, nVar: number, n: number): Float64Array {
  checkLength('unitMajor', unitMajor, nVar * n);
  const out = new Float64Array(nVar * n);
  for (let i = 0; i < n; i++) for (let v = 0; v < nVar; v++) out[v * n + i] = unitMajor[i * nVar + v];
  return out;
}

/** Block-major (`a[v·n + i]`) → unit-major (`out[i·nVar + v]`). */
export function toUnitMajor(blockMajor: Float64Array, nVar: number, n: number): Float64Array {
  checkLength('blockMajor', blockMajor, nVar * n);
  const out = new Float64Array(nVar * n);
  for (let i = 0; i < n; i++) for (let v = 0; v < nVar; v++) out[i * nVar + v] = blockMajor[v * n + i];
  return out;
}

/** Throw {@link InvalidParameterError} unless `a` is a Float64Array of length `len` with finite entries. */
export function checkLength(name: string, a: unknown, len: number): Float64Array {
  if (!(a instanceof Float64Array) || a.length !== len) {
    const got = a instanceof Float64Array ? `length ${a.length}` : typeof a;
    throw new InvalidParameterError(`${name}.length`, got, `a Float64Array of length ${len}`);
  }
  for (let j = 0; j < len; j++) {
    if (!Number.isFinite(a[j])) throw new InvalidParameterError(`${name}[${j}]`, a[j], 'finite numbers');
  }
  return a;
}

/** Largest absolute entry, max_j |a_j| (the residual norm used throughout this package). */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) {
    const v = Math.abs(a[j]);
    if (v > m || v !== v) m = v; // NaN propagates
  }
  return m;
}
