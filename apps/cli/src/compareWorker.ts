/**
 * Worker-thread entry of `compareGruParallel` (see workerPool.ts): answers each task message
 * — the GRU theory prediction, or the simulation of one seed — with a `TaskReply`. The functions
 * called are exactly those of the sequential `compareGru`, so every result is bit-for-bit the
 * same as in one thread.
 */
import { parentPort } from 'node:worker_threads';
import { type Disk, predictGru } from '@gatefield/theory';
import { type GruSimulationOptions, simulateGru } from './experiments.js';
import { serializeError, type TaskReply } from './workerPool.js';

/** A task of the GRU comparison. */
export type GruCompareTask =
  | { kind: 'predict'; params: Record<string, number>; disks: Disk[]; root?: 'largest' | 'smallest' }
  | { kind: 'simulate'; params: Record<string, number>; options: GruSimulationOptions };

function run(task: GruCompareTask): unknown {
  if (task.kind === 'predict') return predictGru(task.params, { disks: task.disks, root: task.root });
  return simulateGru(task.params, task.options);
}

parentPort?.on('message', (task: GruCompareTask) => {
  let reply: TaskReply;
  try {
    reply = { ok: true, value: run(task) };
  } catch (e) {
    reply = { ok: false, error: serializeError(e) };
  }
  parentPort!.postMessage(reply);
});
