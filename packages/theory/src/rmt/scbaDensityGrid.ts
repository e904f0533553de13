/**
 * SCBA eigenvalue density ([GRU-SCBA-5]) on a rectangular grid of λ, row by row on worker threads:
 * the fast path for density maps and figures.
 *
 * Default solver (`'continuation'`, analytic density at ε = 0; `scbaGridSolver.ts`): per point one
 * light pass for Λ(λ) ([GRU-RMT-3]; Λ ≤ 1 → ρ = 0 exactly), a Hermite predictor from the left
 * neighbours (values and row tangents), chord Newton steps with an extrapolated Jacobian (F-only
 * passes, [GRU-SCBA-3]) to the solver tolerance, and one fused pass for J and the analytic density
 * ρ = (1/π) Re ∂G/∂λ̄ by implicit differentiation, as in {@link ScbaGreenFunction.densityAt}; hard
 * points (first bulk point of a block, poor predictors near the edge) fall back to Newton and the
 * full solver. Tensor-product site rules (every quadrature rule of the mean-field law) run these
 * passes as pole sums over the update-gate nodes (`scbaTensorPass.ts`), other samples in the
 * grouped form (`scbaDensityPass.ts`); `settings.sitePasses` records which. Measured (smooth-gates
 * GRU, 200×200 bench grid, default 20 480-site rule): 1.33 F-only + 1.08 fused passes per bulk
 * point instead of ~3.9 Jacobian passes + 1 density pass, 1.2 s on two workers (5 s with the
 * grouped passes); same result as cold per-point
 * `densityAt` to ≤ 5e-11 relative (≤ 4e-10 at points with Λ − 1 < 1e-4). `'pointwise'`:
 * `densityAt` per point, warm-started from the previous point of its row.
 *
 * Rows are grouped in blocks (tasks, independent: each starts cold), handed out dynamically to a
 * pool of `node:worker_threads` (entry `densityWorker.js`), so the result is bit-identical for any
 * worker count, including 0 (in the calling thread). The site sample is sent to each worker once.
 * From TypeScript sources (tests) the compiled worker in `dist/` is used; if none exists the grid
 * is computed in-thread and `settings.workerMode` says so.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidParameterError, checkFinite, checkInteger } from '@gatefield/numerics';
import { type DensityOptions, clampDensity, densitySettings, eigenvalueDensity } from './density.js';
import { type ScbaOptions, type ScbaParameters, type ScbaState, scbaGreenFunction, scbaSettings } from './scba.js';
import { makeCtx } from './scbaEquations.js';
import { type ContinuationPasses, DEFAULT_SCBA_CONTINUATION, type ScbaContinuationOptions, continuationPointSolver, hermitePredict } from './scbaGridSolver.js';
import type { GruSites } from './siteSample.js';

/** The λ grid: `nx` columns from xMin to xMax, `ny` rows from yMin to yMax (inclusive). */
export interface DensityGridSpec {
  xMin: number;
  xMax: number;
  nx: number;
  yMin: number;
  yMax: number;
  ny: number;
}

/** Options of {@link scbaDensityGrid}. */
export interface ScbaDensityGridOptions {
  scba?: ScbaOptions;
  density?: DensityOptions;
  /** Worker threads; 0 computes in the calling thread. Default min(2, available cores). */
  workers?: number;
  /** Compiled worker entry (default: `densityWorker.js` next to this module, else in `dist/`). */
  workerUrl?: URL;
  /** Rows per task (warm starts run across the rows of a block). Default {@link DEFAULT_DENSITY_BLOCK_ROWS}. */
  blockRows?: number;
  /**
   * Per-point solver. `'continuation'` (default; analytic density at ε = 0 only, otherwise
   * `'pointwise'` is used and recorded): predictor + chord Newton + one fused density pass
   * (`scbaGridSolver.ts`); `'pointwise'`: `densityAt` / `eigenvalueDensity` per point with warm starts.
   * Both converge x to the same `scba.tolerance`.
   */
  solver?: 'continuation' | 'pointwise';
  /** Options of the continuation solver (defaults {@link DEFAULT_SCBA_CONTINUATION}). */
  continuation?: ScbaContinuationOptions;
}

/** Result of {@link scbaDensityGrid}. */
export interface ScbaDensityGridResult {
  x: Float64Array;
  y: Float64Array;
  /** ρ at (x[i], y[j]) in density[j·nx + i]. */
  density: Float64Array;
  converged: true;
  /** Points inside the bulk (Λ > 1). */
  inBulk: number;
  /** Newton iterations over the grid (chord steps for the continuation solver). */
  iterations: number;
  /**
   * Passes over the sites by kind (continuation solver; all 0 for `'pointwise'`): light Λ passes,
   * F-only chord passes, fused J + density passes, F + J evaluations of fallback solves.
   */
  passes: ContinuationPasses;
  settings: {
    scba: ScbaOptions;
    density: DensityOptions;
    blockRows: number;
    workers: number;
    workerMode: 'threads' | 'in-thread' | 'in-thread (no compiled worker found)';
    solver: 'continuation' | 'pointwise';
    continuation: Required<ScbaContinuationOptions>;
    /**
     * Form of the continuation solver's passes: `'tensor'` (the sites are a tensor rule,
     * `scbaTensorPass.ts`), `'grouped'` (`scbaDensityPass.ts`), or `'none'` (pointwise solver).
     */
    sitePasses: 'tensor' | 'grouped' | 'none';
  };
  /** Wall-clock time (ms); the only non-deterministic field. */
  timing: { gridMs: number };
}

/** Plain data of one grid job (what each worker receives once). */
export interface DensityGridJob {
  sites: { weights: Float64Array; s: Float64Array; l: Float64Array; rho: Float64Array; d: Float64Array };
  params: ScbaParameters;
  grid: DensityGridSpec;
  scba: ScbaOptions;
  density: DensityOptions;
  /** Rows per task (default {@link DEFAULT_DENSITY_BLOCK_ROWS}). */
  blockRows?: number;
  /** Per-point solver (resolved: `'continuation'` only with the analytic density at ε = 0). */
  solver?: 'continuation' | 'pointwise';
  continuation?: ScbaContinuationOptions;
}

/** Axis value k of n points from lo to hi, as {@link densityGrid} computes it. */
export function gridAxis(lo: number, hi: number, n: number): Float64Array {
  const a = new Float64Array(n);
  for (let k = 0; k < n; k++) a[k] = n === 1 ? lo : lo + ((hi - lo) * k) / (n - 1);
  return a;
}

/** Rows per task: within a block each row is warm-started from the row below (module comment). */
export const DEFAULT_DENSITY_BLOCK_ROWS = 16;

interface BlockResult {
  density: Float64Array;
  inBulk: number;
  iterations: number;
  passes: ContinuationPasses;
  /** The form of the passes (`settings.sitePasses`). */
  sitePasses: 'tensor' | 'grouped' | 'none';
}

/**
 * A block solver for a job: block b = rows [b·B, min((b + 1)·B, ny)) → their densities (row-major),
 * points in the bulk, Newton iterations, passes. `job.solver === 'continuation'` runs
 * `continuationBlockSolver`'s path; otherwise (`'pointwise'`): within a row a point is warm-started from the linear
 * extrapolation of its two left neighbours when both are in the bulk, else from its left neighbour,
 * else from the point below it (same block), else cold; so only the first bulk point of a block
 * starts cold (the damped pre-iteration of [NUM-9] costs up to hundreds of passes).
 */
export function densityBlockSolver(job: DensityGridJob): (block: number) => BlockResult {
  if (job.solver === 'continuation') return continuationBlockSolver(job);
  const green = scbaGreenFunction(job.sites as GruSites, job.params, job.scba);
  const x = gridAxis(job.grid.xMin, job.grid.xMax, job.grid.nx);
  const y = gridAxis(job.grid.yMin, job.grid.yMax, job.grid.ny);
  const B = job.blockRows ?? DEFAULT_DENSITY_BLOCK_ROWS;
  const analytic = (job.density.derivative ?? 'auto') === 'auto';
  const { tol } = densitySettings(job.density, 'density.step');
  const nx = x.length;
  const bulkX = (st: unknown): Float64Array | null => {
    const v = (st as ScbaState | undefined)?.x;
    return v && v[0] > 0 ? v : null;
  };
  return (block: number) => {
    const j0 = block * B;
    const j1 = Math.min(j0 + B, y.length);
    const out = new Float64Array((j1 - j0) * nx);
    let inBulk = 0;
    let iterations = 0;
    let below: unknown[] = new Array(nx);
    for (let j = j0; j < j1; j++) {
      const row: unknown[] = new Array(nx);
      let carry: unknown;
      for (let i = 0; i < nx; i++) {
        const lambda = { re: x[i], im: y[j] };
        const l1 = i > 0 ? bulkX(row[i - 1]) : null;
        const l2 = i > 1 ? bulkX(row[i - 2]) : null;
        let warm: unknown = carry;
        if (l1 && l2) {
          const e = new Float64Array(4);
          for (let k = 0; k < 4; k++) e[k] = 2 * l1[k] - l2[k];
          warm = e[0] > 0 && e[2] > 0 && e[1] >= 0 && e[3] >= 0 ? { x: e, carry: l1 } : row[i - 1];
        } else if (l1) warm = row[i - 1];
        else if (bulkX(below[i])) warm = below[i];
        let density: number;
        let state: unknown;
        if (analytic) {
          const r = green.densityAt(lambda, warm);
          iterations += r.iterations;
          if (r.inBulk) inBulk++;
          density = clampDensity(r.density, lambda, tol, 'analytic');
          state = r.state;
        } else {
          const r = eigenvalueDensity(green, lambda, job.density, warm);
          density = r.density;
          state = r.state;
          if (bulkX(state)) inBulk++;
        }
        out[(j - j0) * nx + i] = density;
        row[i] = state;
        carry = state;
      }
      below = row;
    }
    return { density: out, inBulk, iterations, passes: { support: 0, map: 0, fused: 0, fallback: 0, fallbackPoints: 0 }, sitePasses: 'none' };
  };
}

/**
 * The block solver of the continuation path (`scbaGridSolver.ts`): same block/row order and the
 * same negative-density clamp as {@link densityBlockSolver}; predictors from up to three left
 * neighbours (row tangents), else from the point below (column tangent); a bulk point with neither
 * starts from the last bulk x of its row, else cold. The chord rate estimate is reset per block.
 */
function continuationBlockSolver(job: DensityGridJob): (block: number) => BlockResult {
  const c = makeCtx(job.sites as GruSites, job.params);
  const o = scbaSettings(job.params, job.scba);
  const x = gridAxis(job.grid.xMin, job.grid.xMax, job.grid.nx);
  const y = gridAxis(job.grid.yMin, job.grid.yMax, job.grid.ny);
  const hx = x.length > 1 ? x[1] - x[0] : 0;
  const hy = y.length > 1 ? y[1] - y[0] : 0;
  const B = job.blockRows ?? DEFAULT_DENSITY_BLOCK_ROWS;
  const { tol } = densitySettings(job.density, 'density.step');
  const nx = x.length;
  const { solve, passes, reset, sitePasses } = continuationPointSolver(c, o, job.continuation);
  // per column: x, J, tangents of the current and the previous row; bulk flags
  const mk = (k: number) => [new Float64Array(nx * k), new Float64Array(nx * k)];
  const [X, Xb] = mk(4);
  const [Jm, Jb] = mk(16);
  const TX = new Float64Array(nx * 4);
  const [TY, TYb] = mk(4);
  const inRow = new Uint8Array(nx);
  const inBelow = new Uint8Array(nx);
  const pred = new Float64Array(4);
  const Jx = new Float64Array(16);
  // per-column views (allocated once)
  const views = (a: Float64Array, k: number) => Array.from({ length: nx }, (_, i) => a.subarray(i * k, (i + 1) * k));
  const [vX, vXb, vJ, vJb, vTX, vTYb, vTY] = [views(X, 4), views(Xb, 4), views(Jm, 16), views(Jb, 16), views(TX, 4), views(TYb, 4), views(TY, 4)];
  // predictor errors x − pred and J − J₀ of the row below, per column, with the order k used there:
  // added to this row's predictor (the error of a row extrapolation varies smoothly with Im λ)
  const PE = new Float64Array(nx * 4);
  const JE = new Float64Array(nx * 16);
  const kBelow = new Uint8Array(nx);
  const kRow = new Uint8Array(nx);
  const PEn = new Float64Array(nx * 4);
  const JEn = new Float64Array(nx * 16);
  const xs: Float64Array[] = [pred, pred, pred];
  const ts: Float64Array[] = [pred, pred, pred];
  return (block: number) => {
    const j0 = block * B;
    const j1 = Math.min(j0 + B, y.length);
    const out = new Float64Array((j1 - j0) * nx);
    let inBulk = 0;
    let iterations = 0;
    const p0 = { ...passes };
    inBelow.fill(0);
    kBelow.fill(0);
    reset();
    for (let j = j0; j < j1; j++) {
      let last: Float64Array | undefined;
      for (let i = 0; i < nx; i++) {
        let P: Float64Array | null = null;
        let J0: Float64Array | null = null;
        if (i > 0 && inRow[i - 1]) {
          const k = i > 2 && inRow[i - 2] && inRow[i - 3] ? 3 : i > 1 && inRow[i - 2] ? 2 : 1;
          for (let q = 0; q < k; q++) {
            xs[q] = vX[i - 1 - q];
            ts[q] = vTX[i - 1 - q];
          }
          // J at the predicted point: extrapolation 3J₁ − 3J₂ + J₃ (or 2J₁ − J₂, or J₁)
          const J1 = vJ[i - 1];
          const J2 = k > 1 ? vJ[i - 2] : J1;
          const J3 = k > 2 ? vJ[i - 3] : J1;
          for (let q = 0; q < 16; q++) Jx[q] = k === 3 ? 3 * J1[q] - 3 * J2[q] + J3[q] : k === 2 ? 2 * J1[q] - J2[q] : J1[q];
          J0 = Jx;
          hermitePredict(k, xs, ts, hx, pred);
          kRow[i] = k;
          for (let q = 0; q < 4; q++) PEn[4 * i + q] = pred[q];
          for (let q = 0; q < 16; q++) JEn[16 * i + q] = Jx[q];
          if (kBelow[i] === k) {
            for (let q = 0; q < 4; q++) pred[q] += PE[4 * i + q];
            for (let q = 0; q < 16; q++) Jx[q] += JE[16 * i + q];
          }
          if (pred[0] > 0 && pred[2] > 0 && pred[1] >= 0 && pred[3] >= 0) P = pred;
        } else if (inBelow[i]) {
          kRow[i] = 0;
          xs[0] = vXb[i];
          ts[0] = vTYb[i];
          if (hermitePredict(1, xs, ts, hy, pred)) P = pred;
          J0 = vJb[i];
        } else kRow[i] = 0;
        const xi = vX[i];
        const r = solve(x[i], y[j], P, J0, last, xi, vJ[i], vTX[i], vTY[i]);
        inRow[i] = r.inBulk ? 1 : 0;
        if (!r.inBulk) kRow[i] = 0;
        else if (kRow[i] > 0) {
          for (let q = 0; q < 4; q++) PEn[4 * i + q] = xi[q] - PEn[4 * i + q];
          for (let q = 0; q < 16; q++) JEn[16 * i + q] = vJ[i][q] - JEn[16 * i + q];
        }
        if (r.inBulk) {
          inBulk++;
          last = xi;
        }
        iterations += r.iterations;
        out[(j - j0) * nx + i] = r.density < 0 ? clampDensity(r.density, { re: x[i], im: y[j] }, tol, 'analytic') : r.density;
      }
      Xb.set(X);
      Jb.set(Jm);
      TYb.set(TY);
      inBelow.set(inRow);
      kBelow.set(kRow);
      PE.set(PEn);
      JE.set(JEn);
    }
    return { density: out, inBulk, iterations, passes: { support: passes.support - p0.support, map: passes.map - p0.map, fused: passes.fused - p0.fused, fallback: passes.fallback - p0.fallback, fallbackPoints: passes.fallbackPoints - p0.fallbackPoints }, sitePasses };
  };
}

/** Locate the compiled worker entry (module comment). */
export function defaultDensityWorkerUrl(): URL | null {
  for (const rel of ['./densityWorker.js', '../../dist/rmt/densityWorker.js']) {
    const u = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(u))) return u;
  }
  return null;
}

/**
 * ρ(λ) of the SCBA on a grid (module comment). Deterministic for any worker count.
 *
 * @throws {InvalidParameterError} for an invalid grid; `ConvergenceError` /
 * `NonPhysicalError` from a point (rethrown from the calling thread).
 */
export async function scbaDensityGrid(sites: GruSites, params: ScbaParameters, grid: DensityGridSpec, options: ScbaDensityGridOptions = {}): Promise<ScbaDensityGridResult> {
  checkInteger('grid.nx', grid.nx, 1, 1e5);
  checkInteger('grid.ny', grid.ny, 1, 1e5);
  for (const k of ['xMin', 'xMax', 'yMin', 'yMax'] as const) checkFinite(`grid.${k}`, grid[k]);
  if (grid.xMax < grid.xMin || grid.yMax < grid.yMin) throw new InvalidParameterError('grid', [grid.xMin, grid.xMax, grid.yMin, grid.yMax], 'xMin <= xMax and yMin <= yMax');
  const workers = checkInteger('workers', options.workers ?? Math.min(2, availableParallelism()), 0, 256);
  const job: DensityGridJob = {
    sites: { weights: sites.weights, s: sites.s, l: sites.l, rho: sites.rho, d: sites.d },
    params,
    grid: { ...grid },
    scba: { ...options.scba },
    density: { ...options.density },
    blockRows: checkInteger('blockRows', options.blockRows ?? DEFAULT_DENSITY_BLOCK_ROWS, 1, 1e5),
  };
  const solver = options.solver ?? 'continuation';
  if (solver !== 'continuation' && solver !== 'pointwise') throw new InvalidParameterError('solver', solver, "'continuation' or 'pointwise'");
  const continuation = { ...DEFAULT_SCBA_CONTINUATION, ...options.continuation };
  checkInteger('continuation.chordSteps', continuation.chordSteps, 0, 1000);
  checkFinite('continuation.chordContraction', continuation.chordContraction, 0, 1);
  checkFinite('continuation.chordRate', continuation.chordRate, 0, 1);
  checkFinite('continuation.chordTolerance', continuation.chordTolerance, 0, 1);
  checkFinite('continuation.chordEdgeBand', continuation.chordEdgeBand, 0);
  // the continuation solver needs the analytic density and the gauge-fixed ε = 0 equations
  job.solver = solver === 'continuation' && (job.density.derivative ?? 'auto') === 'auto' && (job.scba.epsilon ?? 0) === 0 ? 'continuation' : 'pointwise';
  job.continuation = continuation;
  const blocks = Math.ceil(grid.ny / (job.blockRows as number));
  scbaGreenFunction(sites, params, job.scba); // validate before any thread starts
  const url = options.workerUrl ?? (workers > 0 ? defaultDensityWorkerUrl() : null);
  const density = new Float64Array(grid.nx * grid.ny);
  let inBulk = 0;
  let iterations = 0;
  const passes: ContinuationPasses = { support: 0, map: 0, fused: 0, fallback: 0, fallbackPoints: 0 };
  const t0 = performance.now();
  let workerMode: ScbaDensityGridResult['settings']['workerMode'];
  let sitePasses: BlockResult['sitePasses'] = 'none'; // every block reports the same
  const take = (b: number, r: BlockResult) => {
    sitePasses = r.sitePasses;
    density.set(r.density, b * (job.blockRows as number) * grid.nx);
    inBulk += r.inBulk;
    iterations += r.iterations;
    for (const k of ['support', 'map', 'fused', 'fallback', 'fallbackPoints'] as const) passes[k] += r.passes[k];
  };
  if (workers > 0 && url && blocks > 1) {
    workerMode = 'threads';
    const solveBlock = densityBlockSolver(job); // only used to rethrow a worker's error with its type
    let next = 0;
    let done = 0;
    const pool = Array.from({ length: Math.min(workers, blocks) }, () => new Worker(url, { workerData: job }));
    try {
      await new Promise<void>((resolve, reject) => {
        const feed = (w: Worker) => {
          if (next < blocks) w.postMessage(next++);
        };
        for (const w of pool) {
          w.on('message', (m: { row: number; density?: Float64Array; inBulk?: number; iterations?: number; passes?: ContinuationPasses; sitePasses?: BlockResult['sitePasses']; error?: unknown }) => {
            if (m.error) {
              try {
                take(m.row, solveBlock(m.row));
              } catch (e) {
                reject(e);
                return;
              }
            } else take(m.row, { density: m.density as Float64Array, inBulk: m.inBulk as number, iterations: m.iterations as number, passes: m.passes as ContinuationPasses, sitePasses: m.sitePasses as BlockResult['sitePasses'] });
            if (++done === blocks) resolve();
            else feed(w);
          });
          w.on('error', reject);
          feed(w);
        }
      });
    } finally {
      await Promise.all(pool.map((w) => w.terminate()));
    }
  } else {
    workerMode = workers > 0 && blocks > 1 ? 'in-thread (no compiled worker found)' : 'in-thread';
    const solveBlock = densityBlockSolver(job);
    for (let b = 0; b < blocks; b++) take(b, solveBlock(b));
  }
  return {
    x: gridAxis(grid.xMin, grid.xMax, grid.nx),
    y: gridAxis(grid.yMin, grid.yMax, grid.ny),
    density,
    converged: true,
    inBulk,
    iterations,
    passes,
    settings: {
      scba: job.scba,
      density: job.density,
      blockRows: job.blockRows as number,
      workers: workerMode === 'threads' ? Math.min(workers, blocks) : 0,
      workerMode,
      solver: job.solver as 'continuation' | 'pointwise',
      continuation,
      sitePasses,
    },
    timing: { gridMs: performance.now() - t0 },
  };
}
