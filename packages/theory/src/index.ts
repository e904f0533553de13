/**
 * @packageDocumentation
 * Mean-field and random-matrix theory of randomly initialised gated recurrent networks.
 */
export * from './quadrature.js';
export * from './gru/meanField.js';
export * from './gru/support.js';
export * from './gru/limits.js';
export * from './gru/sites.js';
export * from './vanilla.js';
export * from './gru/predict.js';
export * from './rmt/index.js';
export * from './complexity/index.js';
export * from './lstm/index.js';
export * from './discreteTime.js';
export * from './gated/index.js';
