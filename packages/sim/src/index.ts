/**
 * @packageDocumentation
 * Finite random networks of any compiled model spec (`@gatefield/models`): network creation with
 * seeded, per-matrix independent weights; fields and the full gated vector field; trajectories;
 * stable fixed points by the [NUM-12] recipe (Euler on a fixed-point flow + Newton); dense
 * Jacobians at states and in iid-diagonal mode ([NUM-11]); eigenvalues and spectrum/state
 * statistics.
 *
 * Layout convention: every per-unit vector (states, fields, sites) is block-major,
 * `state[v·N + i]`, `fields[k·N + i]`; Jacobians are dense row-major (nState·N)² in the same
 * block order. Residuals are max-norms max_j |F_j|.
 */
export * from './layout.js';
export * from './network.js';
export * from './matmul.js';
export * from './fields.js';
export * from './trajectory.js';
export * from './fixedPointFlow.js';
export * from './lu.js';
export * from './fixedPoint.js';
export * from './jacobian.js';
export * from './spectrum.js';
export * from './spectrumStats.js';
export * from './stateStats.js';
export * from './fixedPointCount.js';
export * from './lyapunovQR.js';
export * from './adjointModel.js';
export * from './adjoint.js';
export * from './adjointGated.js';
export * from './adjointStatistics.js';
