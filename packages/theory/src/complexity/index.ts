/**
 * Fixed-point landscape of the GRU: mean-field branches by continuation, the origin line and the
 * onset criterion, saddle-node values, the annealed Kac–Rice complexity at the untilted saddle,
 * marginal stability under a saturated update gate, and the phase diagram ([KR-1]–[KR-17], [KR-PD]).
 *
 * @module
 */
export * from './branchEquation.js';
export * from './resetGateMoments.js';
export * from './branchRoots.js';
export * from './continuation.js';
export * from './foldNewton.js';
export * from './originLine.js';
export * from './onset.js';
export * from './saddleNode.js';
export * from './legendre.js';
export * from './annealedComplexity.js';
export * from './marginal.js';
export * from './phaseGrid.js';
export * from './marchingSquares.js';
export * from './foldCurve.js';
export * from './phaseCurves.js';
export * from './phaseDiagram.js';
export * from './quadratureWarnings.js';
