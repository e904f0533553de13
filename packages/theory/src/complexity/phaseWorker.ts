/**
 * Worker-thread entry of {@link phaseDiagram}: receives `{ spec, row }` tasks, answers
 * `{ row, points }` (or `{ row, error }`). Stateless: each task is a pure function of its message,
 * so results do not depend on the worker count or scheduling.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { phaseRow, type PhaseSpec } from './phaseGrid.js';

interface Task {
  spec: PhaseSpec;
  row: number;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (task: Task) => {
    try {
      port.postMessage({ row: task.row, points: phaseRow(task.spec, task.row) });
    } catch (e) {
      const err = e as Error & { code?: string };
      port.postMessage({ row: task.row, error: { name: err?.name ?? 'Error', code: err?.code, message: err?.message ?? String(e) } });
    }
  });
}
