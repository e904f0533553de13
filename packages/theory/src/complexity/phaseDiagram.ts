/**
 * GRU phase diagram over any two parameters [KR-PD], e.g. (α_r, g_h) at fixed β's, or (β_r, α_r) at
 * fixed g_h: a labelled grid ({@link phasePoint}: origin stability [KR-11], number of nontrivial MF
 * branches, Σ_MF > 0 [KR-16], marginal stability under a saturated update gate [KR-17] on the branch
 * of [OQ-17]) plus the boundary curves as polylines ({@link phaseCurves}: origin line, saddle-node
 * curve g_sn [KR-15], complexity boundary, marginal contours on the upper and lower branches).
 *
 * Parallelism: the grid is split into rows (fixed y); each row is one task posted to a pool of
 * worker threads (`node:worker_threads`, entry `phaseWorker.js`), handed out dynamically and
 * assembled by row index (the calling thread computes rows too while the workers start up); then each boundary curve is one task on the same pool (the grid is posted
 * once per worker, with its first curve task; the costly curves are handed out first), concatenated
 * in {@link PHASE_CURVE_ORDER}. Tasks are pure functions of (spec, row) or
 * (spec, grid, curve) with no shared mutable state, so the result is bit-identical for any worker
 * count, including 0 (everything in the calling thread). When running from TypeScript sources (tests), the compiled worker in `dist/` is used —
 * build the package first; if no compiled worker exists the grid is computed in-thread and
 * `settings.workerMode` says so.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidParameterError, type NumericsWarning, checkInteger } from '@gatefield/numerics';
import { type ResolvedQuadrature, resolveQuadrature } from '../quadrature.js';
import { PHASE_CURVE_ORDER, type PhaseCurve, type PhaseCurveName, phaseCurves } from './phaseCurves.js';
import { type PhasePoint, type PhaseRegion, type PhaseSpec, axisValue, checkPhaseSpec, phaseRow } from './phaseGrid.js';
import { mergeGateWarnings } from './quadratureWarnings.js';

/** Options of {@link phaseDiagram}. */
export interface PhaseDiagramOptions {
  /** Worker threads; 0 computes in the calling thread. Default min(2, available cores). */
  workers?: number;
  /** Called after each finished row with (rows done, rows total). */
  onProgress?: (done: number, total: number) => void;
  /** Compiled worker entry (default: `phaseWorker.js` next to this module, else in `dist/`). */
  workerUrl?: URL;
  /** Skip the boundary curves (grid only). Default false. */
  skipCurves?: boolean;
}

/** Result of {@link phaseDiagram}. */
export interface PhaseDiagramResult {
  spec: Required<Pick<PhaseSpec, 'branch' | 'saturationLimit' | 'complexity' | 'scanPoints'>> & PhaseSpec;
  /** Axis values. */
  x: number[];
  y: number[];
  /** points[j][i] at (x[i], y[j]). */
  points: PhasePoint[][];
  curves: PhaseCurve[];
  /** Number of grid points per region. */
  regionCounts: Partial<Record<PhaseRegion, number>>;
  converged: true;
  /** Total branch-equation evaluations over the grid. */
  evaluations: number;
  /**
   * At most one 'quadrature-insufficient' warning summarising the grid points whose reset-gate rule
   * is too coarse at a root (`quadratureWarnings.ts`; each point's own warnings are in `points`); else empty.
   */
  warnings: NumericsWarning[];
  settings: { quadrature: ResolvedQuadrature; workers: number; workerMode: 'threads' | 'in-thread' | 'in-thread (no compiled worker found)' };
  /** Wall-clock timings (ms); the only non-deterministic field. */
  timing: { gridMs: number; curvesMs: number };
}

/**
 * Dispatch rank of each curve task (0 first): by measured cost (saddle-node trace and marginal
 * contour ≈ 100–250 ms each on the 100×100 (α_r, g_h) diagram, the others ≤ 50 ms), so the longest
 * start first. A `Record` over every {@link PhaseCurveName}, so a new curve cannot lack a rank.
 */
const CURVE_DISPATCH_RANK: Readonly<Record<PhaseCurveName, number>> = {
  'saddle-node': 0,
  'marginal-upper': 1,
  complexity: 2,
  'marginal-lower': 3,
  origin: 4,
  'subcritical-threshold': 5,
};

/**
 * The order in which curve tasks are handed to the workers: {@link PHASE_CURVE_ORDER} sorted by
 * {@link CURVE_DISPATCH_RANK} (derived, so both hold the same curves). The result is assembled in
 * {@link PHASE_CURVE_ORDER} regardless.
 */
const CURVE_DISPATCH_ORDER: readonly PhaseCurveName[] = [...PHASE_CURVE_ORDER].sort((a, b) => CURVE_DISPATCH_RANK[a] - CURVE_DISPATCH_RANK[b]);
if (CURVE_DISPATCH_ORDER.length !== Object.keys(CURVE_DISPATCH_RANK).length || new Set(CURVE_DISPATCH_ORDER).size !== CURVE_DISPATCH_ORDER.length) {
  throw new Error(`PHASE_CURVE_ORDER (${PHASE_CURVE_ORDER.join(', ')}) must list every phase curve once`);
}

/** Locate the compiled worker entry (module comment). */
export function defaultPhaseWorkerUrl(): URL | null {
  for (const rel of ['./phaseWorker.js', '../../dist/complexity/phaseWorker.js']) {
    const u = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(u))) return u;
  }
  return null;
}

type Task = { spec: PhaseSpec; row: number } | { spec: PhaseSpec; curve: PhaseCurveName; grid?: PhasePoint[][] };
type Reply = { row?: number; points?: PhasePoint[]; curve?: PhaseCurveName; curves?: PhaseCurve[]; error?: unknown };

/**
 * Run tasks on a pool of workers, handed out dynamically; `onReply` stores a result (or recomputes a
 * failed task in the calling thread to rethrow its typed error); `message` turns a task into the
 * message posted to a worker (default the task itself).
 */
async function runPool(pool: Worker[], tasks: Task[], onReply: (task: Task, reply: Reply) => void, message: (w: Worker, t: Task) => Task = (_w, t) => t): Promise<void> {
  let next = 0;
  let done = 0;
  if (tasks.length === 0) return;
  const busy = new Map<Worker, Task>();
  await new Promise<void>((resolve, reject) => {
    const feed = (w: Worker) => {
      if (next < tasks.length) {
        const t = tasks[next++];
        busy.set(w, t);
        w.postMessage(message(w, t));
      }
    };
    for (const w of pool) {
      w.removeAllListeners('message');
      w.removeAllListeners('error');
      w.on('message', (m: Reply & { ready?: boolean }) => {
        if (m.ready) return; // a worker that finished loading after the grid was done
        try {
          onReply(busy.get(w) as Task, m);
        } catch (e) {
          reject(e);
          return;
        }
        if (++done === tasks.length) resolve();
        else feed(w);
      });
      w.on('error', reject);
      feed(w);
    }
  });
}

/** Row tasks kept in flight per worker: the next row is queued before the current one is answered. */
const ROWS_IN_FLIGHT = 2;

/**
 * The grid rows on the pool. Workers announce `{ ready }` once their modules are loaded (≈ 0.2–0.5 s
 * for two workers); until every worker is ready the calling thread computes rows itself, one at a
 * time between message turns, so the start-up is not idle time. Each worker keeps
 * {@link ROWS_IN_FLIGHT} rows queued, so it never waits for the calling thread. Rows are pure
 * functions of (spec, row): which thread computes one does not change it.
 */
async function gridOnPool(pool: Worker[], spec: PhaseSpec, onRow: (row: number, points: PhasePoint[]) => void): Promise<void> {
  const rows = spec.y.count;
  let next = 0;
  let done = 0;
  let ready = 0;
  await new Promise<void>((resolve, reject) => {
    let finished = false;
    const store = (row: number, pts: PhasePoint[]): void => {
      onRow(row, pts);
      if (++done === rows && !finished) {
        finished = true;
        resolve();
      }
    };
    const feed = (w: Worker) => {
      if (next < rows) w.postMessage({ spec, row: next++ });
    };
    for (const w of pool) {
      w.removeAllListeners('message');
      w.removeAllListeners('error');
      w.on('message', (m: Reply & { ready?: boolean }) => {
        if (finished) return;
        if (m.ready) {
          ready++;
          for (let k = 0; k < ROWS_IN_FLIGHT; k++) feed(w);
          return;
        }
        const row = m.row as number;
        try {
          // a failed row is recomputed here to rethrow its typed error
          store(row, m.error ? phaseRow(spec, row) : (m.points as PhasePoint[]));
        } catch (e) {
          finished = true;
          reject(e);
          return;
        }
        feed(w);
      });
      w.on('error', (e) => {
        finished = true;
        reject(e);
      });
    }
    const inThread = async () => {
      while (!finished && ready < pool.length && next < rows) {
        const row = next++;
        try {
          store(row, phaseRow(spec, row));
        } catch (e) {
          finished = true;
          reject(e);
          return;
        }
        await new Promise<void>((r) => setImmediate(r));
      }
    };
    void inThread();
  });
}

async function inWorkers(
  spec: PhaseSpec,
  workers: number,
  url: URL,
  withCurves: boolean,
  onProgress?: (d: number, t: number) => void,
): Promise<{ points: PhasePoint[][]; curves: PhaseCurve[]; gridMs: number; curvesMs: number }> {
  const rows = spec.y.count;
  const points: PhasePoint[][] = new Array(rows);
  const t0 = performance.now();
  const pool = Array.from({ length: Math.min(workers, rows) }, () => new Worker(url));
  let done = 0;
  try {
    await gridOnPool(pool, spec, (row, pts) => {
      points[row] = pts;
      onProgress?.(++done, rows);
    });
    const t1 = performance.now();
    const byName = new Map<PhaseCurveName, PhaseCurve[]>();
    if (withCurves) {
      // each curve is an independent task, the costly ones first; the grid (a ~70 ms structured
      // clone) is posted with a worker's first curve task only and kept by the worker for the next
      const sent = new Set<Worker>();
      await runPool(
        pool,
        CURVE_DISPATCH_ORDER.map((curve) => ({ spec, curve })),
        (task, m) => {
          const name = (task as { curve: PhaseCurveName }).curve;
          byName.set(name, m.error ? phaseCurves(spec, points, [name]) : (m.curves as PhaseCurve[]));
        },
        (w, t) => {
          if (sent.has(w)) return t;
          sent.add(w);
          return { ...t, grid: points };
        },
      );
    }
    const curves = PHASE_CURVE_ORDER.flatMap((name) => byName.get(name) ?? []);
    return { points, curves, gridMs: t1 - t0, curvesMs: performance.now() - t1 };
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * The structural part of the spec checks: a spec object whose axes x, y are objects (null or a
 * scalar would otherwise surface as a TypeError inside the range checks) and whose parameters, if
 * given, are an object.
 */
function checkSpecShape(spec: PhaseSpec): void {
  if (spec === null || typeof spec !== 'object') throw new InvalidParameterError('spec', spec, 'an object { x, y, parameters }');
  for (const k of ['x', 'y'] as const) {
    const a: unknown = spec[k];
    if (a === null || typeof a !== 'object' || Array.isArray(a)) throw new InvalidParameterError(k, a, 'an axis { name, lo, hi, count }');
  }
  const q: unknown = spec.parameters;
  if (q !== undefined && (q === null || typeof q !== 'object' || Array.isArray(q))) throw new InvalidParameterError('parameters', q, 'an object of GRU parameters');
}

/**
 * Compute the phase diagram (module comment). Deterministic: the same spec gives the same points
 * and curves for any worker count.
 *
 * @throws {InvalidParameterError} for an invalid spec (axes, ranges, parameters).
 */
export async function phaseDiagram(spec: PhaseSpec, options: PhaseDiagramOptions = {}): Promise<PhaseDiagramResult> {
  checkSpecShape(spec);
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', options, 'an object of PhaseDiagramOptions');
  checkPhaseSpec(spec);
  const full = {
    ...spec,
    branch: spec.branch ?? 'upper',
    saturationLimit: spec.saturationLimit ?? 'fixed-bias',
    complexity: spec.complexity ?? 'sign',
    scanPoints: spec.scanPoints ?? 48,
  } as PhaseDiagramResult['spec'];
  const workers = checkInteger('workers', options.workers ?? Math.min(2, availableParallelism()), 0, 256);
  const url = options.workerUrl ?? (workers > 0 ? defaultPhaseWorkerUrl() : null);
  let points: PhasePoint[][];
  let curves: PhaseCurve[];
  let workerMode: PhaseDiagramResult['settings']['workerMode'];
  let gridMs: number;
  let curvesMs: number;
  if (workers > 0 && url) {
    ({ points, curves, gridMs, curvesMs } = await inWorkers(full, workers, url, !options.skipCurves, options.onProgress));
    workerMode = 'threads';
  } else {
    const t0 = performance.now();
    points = [];
    for (let j = 0; j < full.y.count; j++) {
      points.push(phaseRow(full, j));
      options.onProgress?.(j + 1, full.y.count);
    }
    workerMode = workers > 0 ? 'in-thread (no compiled worker found)' : 'in-thread';
    const t1 = performance.now();
    curves = options.skipCurves ? [] : phaseCurves(full, points);
    gridMs = t1 - t0;
    curvesMs = performance.now() - t1;
  }
  const regionCounts: Partial<Record<PhaseRegion, number>> = {};
  let evaluations = 0;
  for (const row of points) {
    for (const p of row) {
      regionCounts[p.region] = (regionCounts[p.region] ?? 0) + 1;
      evaluations += p.evaluations;
    }
  }
  return {
    spec: full,
    x: Array.from({ length: full.x.count }, (_, i) => axisValue(full.x, i)),
    y: Array.from({ length: full.y.count }, (_, j) => axisValue(full.y, j)),
    points,
    curves,
    regionCounts,
    converged: true,
    evaluations,
    warnings: mergeGateWarnings('phaseDiagram grid', points.flatMap((row) => row.map((p) => p.warnings)), 'grid points'),
    settings: { quadrature: resolveQuadrature(full.quadrature), workers: workerMode === 'threads' ? Math.min(workers, full.y.count) : 0, workerMode },
    timing: { gridMs, curvesMs },
  };
}
