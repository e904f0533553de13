/**
 * Theory of the continuous-time LSTM ([LSTM-M-2]): mean field with every root ([LSTM-MF-*],
 * [NUM-6]), the MF site law through the spec's compiled kernels, the support ([LSTM-RMT-3]), the
 * Ψ-formula density normalised over 2N ([LSTM-RMT-4], [LSTM-RMT-5]), the Cassini oval at the origin
 * ([LSTM-CAS-*]), slow modes ([OQ-15]), the gate-controlled spectral radius and the one-call
 * {@link predictLstm}.
 *
 * @module
 */
export * from './model.js';
export * from './cellQuadrature.js';
export * from './cellTable.js';
export * from './gatePairs.js';
export * from './meanField.js';
export * from './sites.js';
export * from './support.js';
export * from './density.js';
export * from './cassini.js';
export * from './slowModes.js';
export * from './spectralRadius.js';
export * from './predict.js';
