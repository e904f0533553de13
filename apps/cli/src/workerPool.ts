/**
 * A small pool of `node:worker_threads` workers that runs a list of independent tasks (plain,
 * structured-cloneable messages) and returns their results in task order — the machinery behind
 * `compareGruParallel`.
 *
 * Determinism: a task's result depends only on its message (every random draw is seeded per
 * task), and results are placed by task index, so the output is the same for any worker count and
 * any completion order. Failures: a failed task's typed error (`@gatefield/numerics`
 * `InvalidParameterError`, `ConvergenceError`, `NonPhysicalError`, other `GatefieldError`s) is
 * rebuilt in this thread with its class, message and fields. As in a sequential run, the error
 * reported is that of the *first* failing task in task order: tasks after it are not started (or
 * are stopped), tasks before it still run to completion in case one of them fails too.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConvergenceError, GatefieldError, InvalidParameterError, NonPhysicalError } from '@gatefield/numerics';

/** A reply of a worker: the task's value, or its error in transferable form. */
export type TaskReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** A thrown value flattened for `postMessage` (class name, message, stack and own fields). */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

/** Flatten an error for `postMessage` (fields that cannot be cloned are dropped). */
export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    try {
      fields[k] = structuredClone(v);
    } catch {
      // not cloneable (e.g. a function): dropped
    }
  }
  return { name: e.name, message: e.message, stack: e.stack, fields };
}

/** Rebuild a typed error from {@link serializeError}'s output, with the original message. */
export function deserializeError(s: SerializedError): Error {
  const f = s.fields;
  let e: Error;
  switch (s.name) {
    case 'InvalidParameterError':
      e = new InvalidParameterError(String(f.parameter), f.value, String(f.range), s.message);
      break;
    case 'ConvergenceError':
      e = new ConvergenceError('', Number(f.residual), Number(f.iterations), (f.settings ?? {}) as Record<string, unknown>);
      break;
    case 'NonPhysicalError':
      e = new NonPhysicalError(String(f.quantity), Number(f.value), '');
      break;
    default:
      e = typeof f.code === 'string' ? new GatefieldError(f.code, s.message) : new Error(s.message);
      if (e.name !== s.name) Object.defineProperty(e, 'name', { value: s.name, configurable: true, writable: true });
  }
  e.message = s.message;
  if (s.stack) e.stack = `${s.stack}\n    (in a worker thread)`;
  return e;
}

/** Number of workers used when none is requested: one per available core, at most `tasks`; 0 on one core. */
export function defaultWorkerCount(tasks: number): number {
  const cores = availableParallelism();
  return cores <= 1 ? 0 : Math.min(cores, tasks);
}

/** Whether the compiled worker script exists next to this module (it does not when run from the TypeScript sources). */
export function workerScriptAvailable(script: URL): boolean {
  return script.protocol === 'file:' && existsSync(fileURLToPath(script));
}

/**
 * Run `tasks` on up to `workers` threads of `script` (a module that answers each message with a
 * {@link TaskReply}); `onResult(index, value)` is called as each task completes. Resolves to the
 * values in task order or rejects with the first failing task's error (see the module comment).
 */
export async function runTasks(script: URL, tasks: readonly unknown[], workers: number, onResult?: (index: number, value: unknown) => void): Promise<unknown[]> {
  const results = new Array<unknown>(tasks.length);
  if (tasks.length === 0) return results;
  const count = Math.max(1, Math.min(workers, tasks.length));
  let next = 0;
  let firstFailed = tasks.length;
  let failure: Error | null = null;
  const running = new Map<Worker, number>();

  return new Promise<unknown[]>((resolve, reject) => {
    const pool: Worker[] = [];
    let settled = false;
    const finish = () => {
      if (settled || running.size > 0) return;
      settled = true;
      void Promise.all(pool.map((w) => w.terminate())).then(() => (failure ? reject(failure) : resolve(results)));
    };
    const dispatch = (w: Worker) => {
      if (next < Math.min(tasks.length, firstFailed)) {
        const index = next++;
        running.set(w, index);
        w.postMessage(tasks[index]);
      } else {
        running.delete(w);
        finish();
      }
    };
    const fail = (index: number, error: Error) => {
      if (index < firstFailed) {
        firstFailed = index;
        failure = error;
      }
      // Stop the tasks after the first failure: they cannot change the outcome.
      for (const [w, i] of running) {
        if (i > firstFailed) {
          running.delete(w);
          void w.terminate();
        }
      }
    };
    for (let k = 0; k < count; k++) {
      const w = new Worker(script);
      pool.push(w);
      w.on('message', (reply: TaskReply) => {
        const index = running.get(w);
        if (index === undefined) return;
        if (reply.ok) {
          results[index] = reply.value;
          onResult?.(index, reply.value);
        } else {
          fail(index, deserializeError(reply.error));
        }
        dispatch(w);
      });
      w.on('error', (err) => {
        const index = running.get(w);
        if (index === undefined) return;
        running.delete(w);
        fail(index, err instanceof Error ? err : new Error(String(err)));
        finish();
      });
      w.on('exit', () => {
        const index = running.get(w);
        if (index === undefined) return;
        running.delete(w);
        fail(index, new Error(`worker for task ${index} exited unexpectedly`));
        finish();
      });
      dispatch(w);
    }
  });
}
