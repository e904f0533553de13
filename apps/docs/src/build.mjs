// @ts-check
/**
 * The docs build (`pnpm --filter @gatefield/docs build`, run by turbo after the libraries):
 *
 *   1. check that docs/figures is up to date with the library (fast: no simulation);
 *   2. render the theory pages (apps/docs/pages → apps/docs/dist/pages): KaTeX math, figure
 *      captions, label links, the generated paper map;
 *   3. typedoc with the root typedoc.json (API reference; warnings are errors) plus the theory
 *      guide as project documents;
 *   4. copy KaTeX's CSS and fonts and the figures into the site;
 *   5. link-check the site (local links resolve; nothing is loaded from the network).
 *
 * Output: docs/site. Dev-only flags (never in CI): --skip-figure-check, --skip-error-checking
 * (typedoc's type check; the typecheck task covers it), --allow-warnings (typedoc warnings are not
 * errors), --no-link-check.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Application, JSX } from 'typedoc';
import { checkFigures } from './checkFigures.mjs';
import { checkLinks } from './checkLinks.mjs';
import { renderPages } from './lib/pages.mjs';
import { DOCS_APP, FIGURES, GENERATED_PAGES, KATEX_DIST, SITE, TYPEDOC_JSON } from './lib/paths.mjs';

const { values: flags } = parseArgs({
  options: {
    'skip-figure-check': { type: 'boolean', default: false },
    'skip-error-checking': { type: 'boolean', default: false },
    'no-link-check': { type: 'boolean', default: false },
    'allow-warnings': { type: 'boolean', default: false },
  },
});

const started = Date.now();
/** @type {[string, number][]} */
const timings = [];
/**
 * @template T
 * @param {string} name
 * @param {() => Promise<T> | T} fn
 * @returns {Promise<T>}
 */
async function step(name, fn) {
  const t0 = Date.now();
  process.stdout.write(`docs: ${name}…\n`);
  const r = await fn();
  timings.push([name, (Date.now() - t0) / 1000]);
  return r;
}
/**
 * @param {string} msg
 * @returns {never}
 */
function fail(msg) {
  process.stderr.write(`\ndocs build failed: ${msg}\n`);
  process.exit(1);
}

// 1. figures
if (!flags['skip-figure-check']) {
  const r = await step('figure check', () => checkFigures());
  for (const line of r.report) process.stdout.write(`  ${line}\n`);
  if (!r.ok) fail(`docs/figures is out of date:\n  - ${r.problems.join('\n  - ')}`);
}

// 2. pages
const pages = await step('theory pages', async () => {
  try {
    return await renderPages();
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
});
for (const n of pages.notes) process.stdout.write(`  note: ${n}\n`);
process.stdout.write(`  ${pages.files.length} pages, ${pages.math} formulas, ${pages.labels} cited labels\n`);

// 3. typedoc
await step('typedoc (API reference + theory guide)', async () => {
  const app = await Application.bootstrapWithPlugins({
    options: TYPEDOC_JSON,
    projectDocuments: [resolve(GENERATED_PAGES, 'index.md')],
    customCss: resolve(DOCS_APP, 'src/site.css'),
    out: SITE,
    ...(flags['skip-error-checking'] ? { skipErrorChecking: true } : {}),
  });
  app.renderer.hooks.on('head.end', (ctx) => JSX.createElement('link', { rel: 'stylesheet', href: ctx.relativeURL('assets/katex/katex.min.css', true) }));
  const strict = app.options.getValue('treatWarningsAsErrors') && !flags['allow-warnings'];
  const check = (/** @type {string} */ phase) => {
    if (app.logger.hasErrors() || (strict && app.logger.hasWarnings())) fail(`typedoc reported ${app.logger.hasErrors() ? 'errors' : 'warnings (treatWarningsAsErrors)'} during ${phase}; see above`);
  };
  const project = await app.convert();
  if (!project) return fail('typedoc could not convert the project; see above');
  check('conversion');
  app.validate(project);
  check('validation');
  await app.generateDocs(project, SITE);
  check('rendering');
});

// 4. assets
await step('assets (KaTeX CSS + fonts, figures)', () => {
  const katexOut = resolve(SITE, 'assets/katex');
  mkdirSync(resolve(katexOut, 'fonts'), { recursive: true });
  cpSync(resolve(KATEX_DIST, 'katex.min.css'), resolve(katexOut, 'katex.min.css'));
  cpSync(resolve(KATEX_DIST, 'fonts'), resolve(katexOut, 'fonts'), { recursive: true });
  const license = resolve(KATEX_DIST, '../LICENSE');
  if (existsSync(license)) cpSync(license, resolve(katexOut, 'LICENSE'));
  cpSync(FIGURES, resolve(SITE, 'figures'), { recursive: true });
  const css = readFileSync(resolve(katexOut, 'katex.min.css'), 'utf8');
  if (/url\((["']?)(https?:)?\/\//.test(css)) fail('katex.min.css refers to a remote URL');
  process.stdout.write(`  KaTeX: ${readdirSync(resolve(katexOut, 'fonts')).length} font files; figures: ${readdirSync(FIGURES).length} files\n`);
});

// 5. links
if (!flags['no-link-check']) {
  const r = await step('link check', () => checkLinks(SITE));
  const s = r.stats;
  process.stdout.write(`  ${s.pages} pages, ${s.localLinks} local links, ${s.fragments} fragments; external navigation links: ${s.externalNavigation.join(', ') || 'none'}\n`);
  if (!r.ok) fail(`link check (${r.problems.length} problems):\n  ${r.problems.slice(0, 100).join('\n  ')}`);
}

process.stdout.write(`\ndocs built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${SITE}\n`);
for (const [name, s] of timings) process.stdout.write(`  ${name.padEnd(40)} ${s.toFixed(1).padStart(5)} s\n`);
