/**
 * @packageDocumentation
 * Symbolic model specs compiled to fast JavaScript. One spec per model feeds both the theory and
 * the simulator. Built in: the vanilla random network [VAN-1] and the continuous-time GRU
 * [GRU-M-3]; a user cell is a {@link ModelSpec} passed to {@link compileModel}.
 */
export * from './expression.js';
export * from './symbolic.js';
export * from './spec.js';
export * from './compile.js';
export * from './vanilla.js';
export * from './gru.js';
export * from './lstm.js';
export * from './gatedRnn.js';
export * from './registry.js';
