/**
 * @packageDocumentation
 * The `gatefield` command-line tool, and the importable GRU experiment drivers it is built on
 * ({@link simulateGru}, {@link compareGru}) and its figure helpers.
 */
export * from './experiments.js';
export * from './plot.js';
export { main, classifyError, mainHelp } from './main.js';
export * from './phasePlot.js';
export * from './experimentsLstm.js';
