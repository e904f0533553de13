/**
 * Site samples: the model-independent input of every spectral function in `rmt/` ([OQ-9]).
 *
 * A site sample is a weighted list of per-site diagonal values, e.g. the update rate s_i, the
 * reset value ρ_i, l_i = s_i φ′_i and d_i = h_i σ′_r(ζ_i) of the GRU fixed-point Jacobian
 * [GRU-J-2]. The single-site average of README §2 is then
 * ```
 * ⟨f⟩ = Σ_i weights[i] · f(site i),          Σ_i weights[i] = 1
 * ```
 * The same type holds mean-field quadrature nodes (weights = quadrature weights, [NUM-1]),
 * sites sampled from the mean-field law (equal weights), or the empirical diagonals of a finite
 * network (equal weights 1/N, [NUM-11]). Spectral functions never see a model: the model code
 * builds the columns.
 *
 * Columns are `Float64Array`s so that hot loops run on typed arrays.
 *
 * @module
 */
import { InvalidParameterError } from '@gatefield/numerics';

/**
 * A weighted site sample with named columns: `{ weights, [name]: Float64Array }`.
 * `weights` are non-negative and sum to 1; every column has the same length as `weights`.
 */
export type SiteSample<K extends string = string> = { readonly weights: Float64Array } & {
  readonly [P in K]: Float64Array;
};

/** The columns used by the GRU spectral functions ([GRU-J-2], [GRU-SCBA-2]). */
export type GruSiteColumn = 's' | 'l' | 'rho' | 'd';

/**
 * Sites of the GRU fixed-point Jacobian J* = S[−1 + Φ′U_h(P + D U_r)] [GRU-J-3]:
 * `s` update rate, `l = s φ′(η)`, `rho` reset value ρ, `d = h σ′_r(ζ)` (0 without the
 * reset-derivative term).
 */
export type GruSites = SiteSample<GruSiteColumn>;

/** Options of {@link siteSample}. */
export interface SiteSampleOptions {
  /**
   * Normalise the weights to sum 1. Default `true`. When `false`, the weights must already sum to
   * 1 within 1e-12 (checked), e.g. quadrature weights that are normalised by construction.
   */
  normalise?: boolean;
}

/**
 * Build a weighted site sample from columns and weights.
 *
 * Validation: every column has the same length n ≥ 1, every value is finite, weights are ≥ 0 and
 * their sum is positive. Arrays are copied into fresh `Float64Array`s so a sample is immutable in
 * practice (callers may keep mutating their inputs).
 *
 * @throws {InvalidParameterError} on empty or ragged columns, non-finite values, negative weights.
 */
export function siteSample<K extends string>(
  columns: { readonly [P in K]: ArrayLike<number> },
  weights: ArrayLike<number>,
  options: SiteSampleOptions = {},
): SiteSample<K> {
  const n = weights.length;
  if (n < 1) throw new InvalidParameterError('weights', n, 'at least one site');
  const w = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = weights[i];
    if (!Number.isFinite(v) || v < 0) {
      throw new InvalidParameterError(`weights[${i}]`, v, 'finite numbers >= 0');
    }
    w[i] = v;
    sum += v;
  }
  if (!(sum > 0)) throw new InvalidParameterError('weights', sum, 'a positive total weight');
  if (options.normalise ?? true) {
    for (let i = 0; i < n; i++) w[i] /= sum;
  } else if (Math.abs(sum - 1) > 1e-12) {
    throw new InvalidParameterError('weights', sum, 'weights summing to 1 (or normalise: true)');
  }
  const out: Record<string, Float64Array> = { weights: w };
  for (const name of Object.keys(columns) as K[]) {
    if (name === ('weights' as string)) {
      throw new InvalidParameterError('column', name, 'a column name other than "weights"');
    }
    const col = columns[name];
    if (col.length !== n) {
      throw new InvalidParameterError(`${name}.length`, col.length, `${n} (the number of weights)`);
    }
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (!Number.isFinite(v)) throw new InvalidParameterError(`${name}[${i}]`, v, 'finite numbers');
      c[i] = v;
    }
    out[name] = c;
  }
  return out as SiteSample<K>;
}

/**
 * Equal-weight site sample (weights 1/n): sites drawn from a law, or the empirical diagonals of a
 * finite network ([NUM-11]).
 */
export function equalWeightSample<K extends string>(columns: { readonly [P in K]: ArrayLike<number> }): SiteSample<K> {
  const names = Object.keys(columns) as K[];
  if (names.length === 0) throw new InvalidParameterError('columns', 0, 'at least one column');
  const n = columns[names[0]].length;
  const w = new Float64Array(n).fill(n > 0 ? 1 / n : 0);
  return siteSample(columns, w, { normalise: true });
}

/**
 * GRU sites ([GRU-J-2]) from per-site columns, with `d` defaulting to 0 (no reset-derivative term)
 * and equal weights unless `weights` is given.
 */
export function gruSites(
  columns: { s: ArrayLike<number>; l: ArrayLike<number>; rho: ArrayLike<number>; d?: ArrayLike<number> },
  weights?: ArrayLike<number>,
): GruSites {
  const n = columns.s.length;
  const d = columns.d ?? new Float64Array(n);
  const w = weights ?? new Float64Array(n).fill(1 / Math.max(n, 1));
  return siteSample({ s: columns.s, l: columns.l, rho: columns.rho, d }, w);
}

/** Number of sites of a sample. */
export function siteCount(sample: SiteSample): number {
  return sample.weights.length;
}

/** Weighted mean ⟨x⟩ = Σ_i w_i x_i (the single-site average of README §2). */
export function weightedMean(weights: Float64Array, x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < weights.length; i++) m += weights[i] * x[i];
  return m;
}

/** Weighted mean of a function of the site index, ⟨f⟩ = Σ_i w_i f(i) (README §2). */
export function siteAverage(weights: Float64Array, f: (i: number) => number): number {
  let m = 0;
  for (let i = 0; i < weights.length; i++) m += weights[i] * f(i);
  return m;
}

/**
 * Validate that the named columns of a sample exist and have the sample's length (for inputs built
 * by hand rather than with {@link siteSample}).
 *
 * @throws {InvalidParameterError} if a column is missing or ragged.
 */
export function assertColumns(sample: SiteSample, names: readonly string[]): void {
  const n = sample.weights?.length ?? 0;
  if (n < 1) throw new InvalidParameterError('sites.weights', n, 'at least one site');
  for (const name of names) {
    const col = (sample as Record<string, Float64Array | undefined>)[name];
    if (!(col instanceof Float64Array) || col.length !== n) {
      throw new InvalidParameterError(`sites.${name}`, col?.length, `a Float64Array of length ${n}`);
    }
  }
}
