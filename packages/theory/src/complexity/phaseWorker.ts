/**
 * Worker-thread entry of {@link phaseDiagram}: announces `{ ready: true }` once loaded; receives `{ spec, row }` tasks, answers
 * `{ row, points }`, and `{ spec, curve, grid? }` tasks, answering `{ curve, curves }` (or
 * `{ row, error }`). A curve task without a grid uses the grid of the worker's previous curve task
 * (the grid is posted once per worker; it is the same grid for every curve of a diagram). Each
 * result is a pure function of (spec, row) or (spec, grid, curve), so results do not depend on the
 * worker count or scheduling.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { type PhaseCurveName, phaseCurves } from './phaseCurves.js';
import { type PhasePoint, phaseRow, type PhaseSpec } from './phaseGrid.js';

interface Task {
  spec: PhaseSpec;
  row?: number;
  /** A curve task: compute this boundary curve of `grid`. */
  curve?: PhaseCurveName;
  grid?: PhasePoint[][];
}

if (parentPort) {
  const port = parentPort;
  let grid: PhasePoint[][] | undefined;
  port.on('message', (task: Task) => {
    try {
      if (task.grid) grid = task.grid;
      if (task.curve) {
        if (!grid) throw new Error('phaseWorker: a curve task before any grid');
        port.postMessage({ curve: task.curve, curves: phaseCurves(task.spec, grid, [task.curve]) });
      }
      else port.postMessage({ row: task.row, points: phaseRow(task.spec, task.row as number) });
    } catch (e) {
      const err = e as Error & { code?: string };
      port.postMessage({ row: task.row, error: { name: err?.name ?? 'Error', code: err?.code, message: err?.message ?? String(e) } });
    }
  });
  // modules loaded: the pool may send rows now (the calling thread computes rows until then)
  port.postMessage({ ready: true });
}
