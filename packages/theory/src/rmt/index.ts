/**
 * Model-independent random-matrix density layer ([OQ-9]: spectral functions take site statistics
 * as input): site samples, the Ψ-formula [PSI-1]..[PSI-4] and radial law [PSI-5], the hermitised
 * SCBA of the GRU [GRU-SCBA-1]..[GRU-SCBA-6], and contour masses [NUM-10].
 *
 * @module
 */
export * from './siteSample.js';
export * from './psiFormula.js';
export * from './logPotential.js';
export * from './radialLaw.js';
export * from './scbaSite.js';
export * from './scba.js';
export * from './contourMass.js';
export * from './contourQuadrature.js';
export * from './density.js';
export * from './scbaDensityGrid.js';
export * from './scbaGridSolver.js';
export * from './gruMapSites.js';
