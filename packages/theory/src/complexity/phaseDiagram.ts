/**
 * GRU phase diagram over any two parameters [KR-PD], e.g. (α_r, g_h) at fixed β's, or (β_r, α_r) at
 * fixed g_h: a labelled grid ({@link phasePoint}: origin stability [KR-11], number of nontrivial MF
 * branches, Σ_MF > 0 [KR-16], marginal stability under a saturated update gate [KR-17] on the branch
 * of [OQ-17]) plus the boundary curves as polylines ({@link phaseCurves}: origin line, saddle-node
 * curve g_sn [KR-15], complexity boundary, marginal contours on the upper and lower branches).
 *
 * Parallelism: the grid is split into rows (fixed y); each row is one task posted to a pool of
 * worker threads (`node:worker_threads`, entry `phaseWorker.js`), handed out dynamically and
 * assembled by row index. Tasks are pure functions of (spec, row) with no shared mutable state, so
 * the result is bit-identical for any worker count, including 0 (in the calling thread). The
 * boundary refinement runs afterwards in the calling thread (it is cheap: a few solves per crossed
 * edge). When running from TypeScript sources (tests), the compiled worker in `dist/` is used —
 * build the package first; if no compiled worker exists the grid is computed in-thread and
 * `settings.workerMode` says so.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkInteger } from '@gatefield/numerics';
import { type ResolvedQuadrature, resolveQuadrature } from '../quadrature.js';
import { type PhaseCurve, phaseCurves } from './phaseCurves.js';
import { type PhasePoint, type PhaseRegion, type PhaseSpec, axisValue, checkPhaseSpec, phaseRow } from './phaseGrid.js';

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
  settings: { quadrature: ResolvedQuadrature; workers: number; workerMode: 'threads' | 'in-thread' | 'in-thread (no compiled worker found)' };
  /** Wall-clock timings (ms); the only non-deterministic field. */
  timing: { gridMs: number; curvesMs: number };
}

/** Locate the compiled worker entry (module comment). */
export function defaultPhaseWorkerUrl(): URL | null {
  for (const rel of ['./phaseWorker.js', '../../dist/complexity/phaseWorker.js']) {
    const u = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(u))) return u;
  }
  return null;
}

async function gridInWorkers(spec: PhaseSpec, workers: number, url: URL, onProgress?: (d: number, t: number) => void): Promise<PhasePoint[][]> {
  const rows = spec.y.count;
  const out: PhasePoint[][] = new Array(rows);
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: Math.min(workers, rows) }, () => new Worker(url));
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next < rows) w.postMessage({ spec, row: next++ });
      };
      for (const w of pool) {
        w.on('message', (m: { row: number; points?: PhasePoint[]; error?: unknown }) => {
          if (m.error) {
            // recompute the failing row here to rethrow the original typed error
            try {
              out[m.row] = phaseRow(spec, m.row);
            } catch (e) {
              reject(e);
              return;
            }
          } else out[m.row] = m.points as PhasePoint[];
          done++;
          onProgress?.(done, rows);
          if (done === rows) resolve();
          else feed(w);
        });
        w.on('error', reject);
        feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}

/**
 * Compute the phase diagram (module comment). Deterministic: the same spec gives the same points
 * and curves for any worker count.
 *
 * @throws {InvalidParameterError} for an invalid spec (axes, ranges, parameters).
 */
export async function phaseDiagram(spec: PhaseSpec, options: PhaseDiagramOptions = {}): Promise<PhaseDiagramResult> {
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
  const t0 = performance.now();
  let points: PhasePoint[][];
  let workerMode: PhaseDiagramResult['settings']['workerMode'];
  if (workers > 0 && url) {
    points = await gridInWorkers(full, workers, url, options.onProgress);
    workerMode = 'threads';
  } else {
    points = [];
    for (let j = 0; j < full.y.count; j++) {
      points.push(phaseRow(full, j));
      options.onProgress?.(j + 1, full.y.count);
    }
    workerMode = workers > 0 ? 'in-thread (no compiled worker found)' : 'in-thread';
  }
  const t1 = performance.now();
  const curves = options.skipCurves ? [] : phaseCurves(full, points);
  const t2 = performance.now();
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
    settings: { quadrature: resolveQuadrature(full.quadrature), workers: workerMode === 'threads' ? Math.min(workers, full.y.count) : 0, workerMode },
    timing: { gridMs: t1 - t0, curvesMs: t2 - t1 },
  };
}
