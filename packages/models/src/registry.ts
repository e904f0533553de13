/**
 * Registry of the built-in models, compiled once and cached. A user-written cell is a
 * {@link ModelSpec} passed to {@link compileModel}; nothing else in the library needs to change.
 */
import { InvalidParameterError } from '@gatefield/numerics';
import { type CompiledModel, compileModel } from './compile.js';
import { gruSpec } from './gru.js';
import { lstmSpec } from './lstm.js';
import { gatedRnnSpec } from './gatedRnn.js';
import type { ModelSpec } from './spec.js';
import { vanillaSpec } from './vanilla.js';

const builders: Record<string, () => ModelSpec> = {
  vanilla: () => vanillaSpec,
  gru: () => gruSpec(),
  'gru-reset-after': () => gruSpec({ resetPlacement: 'after' }),
  lstm: () => lstmSpec(),
  'lstm-algebraic': () => lstmSpec({ hForm: 'algebraic' }),
  gated: () => gatedRnnSpec(),
};

const cache = new Map<string, CompiledModel>();

/** Names accepted by {@link getModel}. */
export function modelNames(): string[] {
  return Object.keys(builders);
}

/** Register an additional built-in model (e.g. the LSTM) under `name`. */
export function registerModel(name: string, build: () => ModelSpec): void {
  builders[name] = build;
  cache.delete(name);
}

/** The compiled model `name` (cached). Unknown names throw InvalidParameterError. */
export function getModel(name: string): CompiledModel {
  const hit = cache.get(name);
  if (hit) return hit;
  const b = builders[name];
  if (!b) throw new InvalidParameterError('model', name, modelNames().join(', '), `unknown model ${JSON.stringify(name)}: valid models are ${modelNames().join(', ')}`);
  const m = compileModel(b());
  cache.set(name, m);
  return m;
}
