/**
 * Eigenvalue density from a Green's function: ρ(λ) = (1/π) ∂G/∂λ̄ ([GRU-SCBA-5], [PSI-4]), with
 * ∂_λ̄ = (∂_x + i ∂_y)/2 evaluated by central differences of G, or exactly when the Green's function
 * supplies its own density (the SCBA, see {@link DensityOptions.derivative}).
 *
 * Why differences: G is available pointwise (SCBA or Ψ) but not its derivative. [NUM-10] allows a
 * finite-difference density for plots and maps, not for tests of masses, which use contour
 * integrals ({@link contourMass}); the step h is an argument (default 1e-4: the truncation error
 * O(h²|∂³G|) and the rounding error O(ε|G|/h) balance there for |G| = O(1)). At a bulk edge G has
 * a kink, so ρ is smeared over ~h there.
 */
import { checkFinite, NonPhysicalError, type Complex } from '@gatefield/numerics';
import type { GreenFunction } from './contourMass.js';

/** A Green's function that also supplies the exact density (e.g. {@link scbaGreenFunction}). */
export interface AnalyticDensitySource {
  densityAt(lambda: Complex, warm?: unknown): { density: number; state: unknown };
}

/** True if `green` supplies an analytic density ({@link AnalyticDensitySource}). */
export function hasAnalyticDensity(green: GreenFunction): green is GreenFunction & AnalyticDensitySource {
  return typeof (green as Partial<AnalyticDensitySource>).densityAt === 'function';
}

/** Options of {@link eigenvalueDensity}. */
export interface DensityOptions {
  /**
   * `'auto'` (default): the analytic density when the Green's function supplies one (the SCBA,
   * [GRU-SCBA-5] by implicit differentiation: one solve instead of five, no O(h²) truncation and no
   * smearing over h at bulk edges), else central differences; `'differences'` forces differences.
   */
  derivative?: 'auto' | 'differences';
  /** Finite-difference step. Default 1e-4. */
  step?: number;
  /** Densities in [−tolerance, 0) are reported as 0; below that NonPhysicalError. Default 1e-6 / h. */
  negativeTolerance?: number;
}

/**
 * A density in [−tolerance, 0) is round-off and reported as 0; below −tolerance it is non-physical.
 *
 * @throws {NonPhysicalError} if density < −tolerance.
 */
export function clampDensity(density: number, lambda: Complex, tolerance: number, how: string): number {
  if (!(density < 0)) return density;
  if (density < -tolerance) throw new NonPhysicalError('eigenvalue density', density, `negative at λ = ${lambda.re}${lambda.im >= 0 ? '+' : ''}${lambda.im}i (${how})`);
  return 0;
}

/**
 * The finite-difference step h (default 1e-4, in [1e-10, 1]) and the negative-density tolerance
 * (default 1e-6/h) of {@link DensityOptions}, validated; `name` prefixes the step's parameter name.
 */
export function densitySettings(options: DensityOptions, name = 'step'): { h: number; tol: number } {
  const h = checkFinite(name, options.step ?? 1e-4, 1e-10, 1);
  return { h, tol: options.negativeTolerance ?? 1e-6 / h };
}

/** ρ(λ) with the Green's function evaluated at λ ± h, λ ± ih (warm-started from `warm`). */
export function eigenvalueDensity(green: GreenFunction, lambda: Complex, options: DensityOptions = {}, warm?: unknown): { density: number; state: unknown } {
  const { h, tol } = densitySettings(options);
  if ((options.derivative ?? 'auto') === 'auto' && hasAnalyticDensity(green)) {
    const r = green.densityAt(lambda, warm);
    return { density: clampDensity(r.density, lambda, tol, 'analytic'), state: r.state };
  }
  const at = (re: number, im: number) => green.evaluate({ re, im }, warm);
  const c = at(lambda.re, lambda.im);
  const w = c.state ?? warm;
  const ev = (re: number, im: number) => green.evaluate({ re, im }, w).g;
  const xp = ev(lambda.re + h, lambda.im);
  const xm = ev(lambda.re - h, lambda.im);
  const yp = ev(lambda.re, lambda.im + h);
  const ym = ev(lambda.re, lambda.im - h);
  // ∂_λ̄ G = (∂_x G + i ∂_y G)/2; its real part is (Re ∂_x G − Im ∂_y G)/2.
  const dxRe = (xp.re - xm.re) / (2 * h);
  const dyIm = (yp.im - ym.im) / (2 * h);
  return { density: clampDensity((dxRe - dyIm) / (2 * Math.PI), lambda, tol, `step ${h}`), state: w };
}

/**
 * Density on a rectangular grid (row-major, `ny` rows from `yMin` to `yMax`, `nx` columns), walked
 * row by row with warm starts (each row starts cold). Each point costs one SCBA solve and one extra
 * pass (analytic density) or five evaluations of G (differences). For the SCBA on worker threads
 * see {@link scbaDensityGrid}.
 */
export function densityGrid(
  green: GreenFunction,
  grid: { xMin: number; xMax: number; nx: number; yMin: number; yMax: number; ny: number },
  options: DensityOptions = {},
): { x: Float64Array; y: Float64Array; density: Float64Array } {
  const x = new Float64Array(grid.nx);
  const y = new Float64Array(grid.ny);
  for (let i = 0; i < grid.nx; i++) x[i] = grid.nx === 1 ? grid.xMin : grid.xMin + ((grid.xMax - grid.xMin) * i) / (grid.nx - 1);
  for (let j = 0; j < grid.ny; j++) y[j] = grid.ny === 1 ? grid.yMin : grid.yMin + ((grid.yMax - grid.yMin) * j) / (grid.ny - 1);
  const density = new Float64Array(grid.nx * grid.ny);
  for (let j = 0; j < grid.ny; j++) {
    let warm: unknown;
    for (let i = 0; i < grid.nx; i++) {
      const r = eigenvalueDensity(green, { re: x[i], im: y[j] }, options, warm);
      density[j * grid.nx + i] = r.density;
      warm = r.state;
    }
  }
  return { x, y, density };
}
