/**
 * Worker-thread entry of {@link scbaDensityGrid}: receives the job ({@link DensityGridJob}) once as
 * `workerData`, then block indices (`row` = block); answers `{ row, density, inBulk, iterations }` (or `{ row, error }`).
 * Each row is a pure function of the job and its index ([GRU-SCBA-5]).
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type DensityGridJob, densityBlockSolver } from './scbaDensityGrid.js';

if (parentPort && workerData) {
  const port = parentPort;
  const solveBlock = densityBlockSolver(workerData as DensityGridJob);
  port.on('message', (row: number) => {
    try {
      const r = solveBlock(row);
      port.postMessage({ row, ...r });
    } catch (e) {
      const err = e as Error & { code?: string };
      port.postMessage({ row, error: { name: err?.name ?? 'Error', code: err?.code, message: err?.message ?? String(e) } });
    }
  });
}
