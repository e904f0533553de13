// @ts-check
/**
 * Every documentation figure, in page order. `pnpm figures` regenerates them; the docs build
 * checks them against the manifest. Add a figure here (and a `<!-- figure: id -->` line in a page).
 */
import { gruAlphaR, gruAlphaZ, gruMarginalWindow, gruSlowModes } from './gru.mjs';
import { gruDensityMap } from './gruDensity.mjs';
import { gatedDmftVsSim, gatedLambdaMax } from './gated.mjs';
import { gatedPhaseDiagram, gatedSpectrum } from './gatedSpectrum.mjs';
import { lstmGates } from './lstm.mjs';
import { gruPhaseDiagram } from './phase.mjs';

/** @type {import('../lib/figureKit.mjs').FigureDefinition[]} */
export const FIGURES = [gruAlphaZ, gruSlowModes, gruDensityMap, gruAlphaR, gruMarginalWindow, gruPhaseDiagram, lstmGates, gatedSpectrum, gatedDmftVsSim, gatedLambdaMax, gatedPhaseDiagram];

/** The library APIs, loaded lazily (the packages must be built). */
export async function loadApi() {
  const [theory, cli] = await Promise.all([import('@gatefield/theory'), import('gatefield')]);
  return { theory: /** @type {Record<string, any>} */ ({ ...theory }), cli: /** @type {Record<string, any>} */ ({ ...cli }) };
}
