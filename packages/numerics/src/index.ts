/**
 * @packageDocumentation
 * Numerical foundations of gatefield: seeded random numbers, Gaussian quadrature, root finding,
 * complex arithmetic, special functions, eigenvalues of real non-symmetric matrices, ODE
 * integrators, small dense linear algebra and the typed errors shared by all packages.
 */
export * from './errors.js';
export * from './rng.js';
export * from './complex.js';
export * from './gaussianRule.js';
export * from './brent.js';
export * from './special.js';
export * from './ode.js';
export * from './eigvals.js';
export * from './warnings.js';
export * from './gemm.js';
export * from './poleSums.js';
