// @ts-check
/**
 * Fast up-to-date check of docs/figures (part of the docs build; seconds, no simulation).
 *
 * For every figure of the registry it verifies, against docs/figures/manifest.json:
 * - the figure's inputs and the pipeline code are unchanged (spec hash);
 * - the library's predictions are unchanged: each figure's cheap theory path (mean field, support,
 *   limits, density probes — no simulation) is recomputed and hashed (theory hash);
 * - figures that were pending are still pending (their library code has not landed meanwhile);
 * - every file exists with the recorded sha256, and no stray files lie in docs/figures.
 * Any failure names the figure, the reason and the fix (`pnpm figures --only …`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { figurePath, readManifest, specHash, theoryHash } from './lib/figureKit.mjs';
import { sha256 } from './lib/hash.mjs';
import { FIGURES as FIGURE_DIR, MANIFEST } from './lib/paths.mjs';
import { FIGURES, loadApi } from './figures/registry.mjs';

/**
 * @returns {Promise<{ ok: boolean, problems: string[], report: string[] }>}
 */
export async function checkFigures() {
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} */
  const report = [];
  if (!existsSync(MANIFEST)) return { ok: false, problems: ['docs/figures/manifest.json is missing: run `pnpm figures`'], report };
  const manifest = readManifest();
  const api = await loadApi();
  /** @type {string[]} */
  const stale = [];
  for (const def of FIGURES) {
    const t0 = Date.now();
    const entry = manifest.figures[def.id];
    const fail = (/** @type {string} */ why) => {
      problems.push(`${def.id}: ${why}`);
      stale.push(def.id);
    };
    if (!entry) {
      fail('never generated (not in the manifest)');
      continue;
    }
    const status = def.status(api);
    const notice = /** @type {{ notice?: string }} */ (status).notice; // optional hint of a pending hook
    if (notice) report.push(`note: ${notice}`);
    if (entry.specHash !== specHash(def)) fail('its inputs (parameters, N, seeds) or the figure pipeline code changed since it was generated');
    if (status.available && entry.status === 'pending') fail('the library code it was waiting for has landed; the figure can now be drawn');
    else if (!status.available && entry.status === 'generated') fail(`it was generated, but the library no longer provides what it needs (${status.todo})`);
    else if (status.available) {
      const now = await theoryHash(def, api);
      if (now !== entry.theoryHash) fail("the library's predictions changed (the figure's theory fingerprint — mean field, support, limits, density — differs from the one recorded when it was generated)");
    }
    for (const [name, hash] of Object.entries(entry.files)) {
      const p = figurePath(name);
      if (!existsSync(p)) fail(`file docs/figures/${name} is missing`);
      else if (sha256(readFileSync(p)) !== hash) fail(`file docs/figures/${name} differs from the one the pipeline wrote (edited by hand, or a partial regeneration)`);
    }
    report.push(`${def.id.padEnd(22)} ${entry.status.padEnd(9)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s`);
  }
  for (const id of Object.keys(manifest.figures)) if (!FIGURES.some((f) => f.id === id)) problems.push(`${id}: in the manifest but no longer in the registry (run \`pnpm figures\`)`);
  const known = new Set(['manifest.json', 'README.md', ...Object.values(manifest.figures).flatMap((e) => Object.keys(e.files))]);
  for (const f of readdirSync(FIGURE_DIR)) if (!known.has(f)) problems.push(`docs/figures/${f}: not produced by the figure pipeline (delete it, or add its figure to apps/docs/src/figures/registry.mjs)`);
  if (stale.length) {
    const ids = [...new Set(stale)];
    problems.push(`fix: \`pnpm figures --only ${ids.join(',')}\` (or \`pnpm figures\` for all; a few minutes), then commit docs/figures/`);
  }
  return { ok: problems.length === 0, problems, report };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  const r = await checkFigures();
  for (const line of r.report) process.stdout.write(`  ${line}\n`);
  if (!r.ok) {
    process.stderr.write(`\ndocs/figures is out of date:\n  - ${r.problems.join('\n  - ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`figures up to date (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}
