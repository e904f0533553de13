/**
 * The gated RNN with dynamical gates (gated-rnn.md): fixed points [GATE-FP-1], Jacobian support and
 * slow modes [GATE-RMT-*], [GATE-MS-*], fixed-point transitions [GATE-TR-1]..[GATE-TR-4], the α_z = 0
 * DMFT (scheme B, [GATE-NUM-3]), its Lyapunov exponent [GATE-LYA-3] and chaotic-branch continuation
 * [GATE-TR-5], [GATE-NUM-6].
 */
export * from './parameters.js';
export * from './gateSums.js';
export * from './fixedPoint.js';
export * from './support.js';
export * from './transitions.js';
export * from './fft.js';
export * from './bivariate.js';
export * from './dmft.js';
export * from './dmftLyapunov.js';
export * from './chaoticBranch.js';
export * from './samplingDmft.js';
export * from './samplingLyapunov.js';
export * from './phaseDiagram.js';
export * from './phaseWorker.js';
export * from './gradientStatistics.js';
export * from './singularValues.js';
export * from './logPotential.js';
export * from './density.js';
export * from './diskMass.js';
export * from './kacRice.js';
