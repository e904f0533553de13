// @ts-check
/**
 * Shared machinery of the figure pipeline: the figure-definition contract, rendering (vega-lite →
 * SVG with vega, SVG → PNG with resvg, both through the `gatefield` package), caption files, the
 * manifest, and the cheap theory fingerprints used by the up-to-date check.
 *
 * Determinism: every written file is a pure function of the figure spec and the library (seeded
 * simulations, no dates, no timings), so regenerating with the same inputs gives the same bytes.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataHash, sha256, stableStringify } from './hash.mjs';
import { DOCS_APP, FIGURES, MANIFEST, ROOT } from './paths.mjs';

/**
 * @typedef {object} AgreementRow One compared quantity of a figure.
 * @property {string} panel       which panel / parameter set
 * @property {string} quantity
 * @property {number} theory      N → ∞ prediction
 * @property {number | null} simulation  mean over seeds (null when not simulated)
 * @property {number | null} spread      standard deviation over seeds
 * @property {number | null} difference  simulation − theory
 * @property {number | null} noise       expected finite-N noise of the mean (binomial for masses), if known
 * @property {string} [note]
 */

/**
 * @typedef {object} FigureRecord What a generator returns besides its vega-lite spec: the caption
 *   JSON written next to the figure.
 * @property {string} caption          Markdown with $…$ math
 * @property {Record<string, unknown>} setup   parameters, N, seeds, ensemble, settings
 * @property {Record<string, unknown>} [theory] headline theory values
 * @property {AgreementRow[]} agreement
 * @property {Record<string, unknown>} summary  measured agreement in a few numbers
 */

/**
 * @typedef {object} FigureApi The importable library APIs the generators use.
 * @property {Record<string, any>} theory   the `@gatefield/theory` namespace
 * @property {Record<string, any>} cli      the `gatefield` namespace
 */

/**
 * @typedef {{ available: true } | { available: false, todo: string }} FigureStatus
 */

/**
 * @typedef {object} FigureDefinition
 * @property {string} id           file stem under docs/figures
 * @property {string} source       the module defining it, relative to apps/docs (hashed into its spec hash)
 * @property {string} title
 * @property {string[]} labels     theory labels the figure illustrates
 * @property {Record<string, unknown>} spec  every input: parameters, N, seeds, grids
 * @property {(api: FigureApi) => FigureStatus} status  whether the library code it needs has landed
 * @property {(api: FigureApi) => Promise<unknown> | unknown} fingerprint  cheap theory outputs (seconds)
 * @property {(api: FigureApi, log: (msg: string) => void) => Promise<{ vega: Record<string, unknown>, record: FigureRecord }>} generate
 */

/** Bump when the rendering or record format changes in a way that should force regeneration. */
export const PIPELINE_VERSION = 1;

/** Shared pipeline files: they shape every figure (hashed into every spec hash). */
export const PIPELINE_SOURCES = ['src/lib/figureKit.mjs', 'src/lib/figureSpecs.mjs'];

/**
 * Hash of the shared pipeline files and of the figure's own module (any edit counts, comments too:
 * regenerate the figures of a module after editing it).
 * @param {FigureDefinition} def
 */
export function pipelineHash(def) {
  return sha256([...PIPELINE_SOURCES, def.source].map((f) => readFileSync(resolve(DOCS_APP, f), 'utf8')).join('\0'));
}

/**
 * Hash of everything that determines a figure except the library: its spec and its code.
 * @param {FigureDefinition} def
 */
export function specHash(def) {
  return sha256(stableStringify({ id: def.id, spec: def.spec, pipeline: pipelineHash(def), version: PIPELINE_VERSION }));
}

/**
 * Hash of the figure's fast theory path (rounded to 8 significant digits).
 * @param {FigureDefinition} def
 * @param {FigureApi} api
 */
export async function theoryHash(def, api) {
  return dataHash(await def.fingerprint(api), 8);
}

/**
 * @typedef {object} ManifestEntry
 * @property {'generated' | 'pending'} status
 * @property {string} title
 * @property {string} specHash
 * @property {string | null} theoryHash
 * @property {Record<string, string>} files   file name → sha256
 * @property {string} [todo]
 */

/** @typedef {{ about: string, pipelineVersion: number, figures: Record<string, ManifestEntry> }} Manifest */

/** @returns {Manifest} */
export function readManifest() {
  if (!existsSync(MANIFEST)) return { about: MANIFEST_ABOUT, pipelineVersion: PIPELINE_VERSION, figures: {} };
  return JSON.parse(readFileSync(MANIFEST, 'utf8'));
}

export const MANIFEST_ABOUT =
  'Written by `pnpm figures` (apps/docs/src/figures.mjs); checked by the docs build (apps/docs/src/checkFigures.mjs). ' +
  'specHash: figure inputs + the code that draws it; theoryHash: the cheap theory outputs of each figure; files: sha256 of each file. Do not edit by hand.';

/**
 * Manifest text: stable key order, one trailing newline.
 * @param {Manifest} m
 */
export function manifestText(m) {
  /** @type {Record<string, ManifestEntry>} */
  const figures = {};
  for (const id of Object.keys(m.figures).sort()) figures[id] = m.figures[id];
  return JSON.stringify({ about: MANIFEST_ABOUT, pipelineVersion: PIPELINE_VERSION, figures }, null, 2) + '\n';
}

/** Library versions recorded with each figure. */
export function libraryVersions() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const dir of ['packages/numerics', 'packages/models', 'packages/theory', 'packages/sim', 'apps/cli']) {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, dir, 'package.json'), 'utf8'));
    out[pkg.name] = pkg.version;
  }
  return out;
}

/** Path of a figure file. @param {string} name */
export const figurePath = (name) => resolve(FIGURES, name);

/**
 * Number formatting for captions: 4 significant digits, plain notation where sensible.
 * @param {number | null | undefined} x
 * @param {number} [digits]
 */
export function fmt(x, digits = 4) {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1);
}

/**
 * Summary statistics of mass rows: the largest |difference| and |difference|/noise.
 * @param {AgreementRow[]} rows
 */
export function massSummary(rows) {
  const masses = rows.filter((r) => r.quantity.startsWith('mass') && r.difference !== null);
  let maxAbs = 0;
  let maxZ = 0;
  for (const r of masses) {
    maxAbs = Math.max(maxAbs, Math.abs(/** @type {number} */ (r.difference)));
    if (r.noise) maxZ = Math.max(maxZ, Math.abs(/** @type {number} */ (r.difference)) / r.noise);
  }
  return { massRows: masses.length, maxAbsMassDifference: maxAbs, maxMassZ: maxZ };
}
