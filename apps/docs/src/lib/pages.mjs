// @ts-check
/**
 * Theory pages → generated Markdown for typedoc: figure captions expanded, math pre-rendered by
 * KaTeX, label citations linked to a generated "Paper map" page (one heading per label, from
 * packages/theory/PAPER_MAP.md, with the pages that cite it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { captionMarkdown } from './caption.mjs';
import { expandLive } from './live.mjs';
import { renderPage, slug, splitCode } from './markdown.mjs';
import { FIGURES, GENERATED_PAGES, PAGES, PAPER_MAP, ROOT, SPEC, TYPEDOC_JSON } from './paths.mjs';

const SPEC_FILE = /** @type {Record<string, string>} */ ({ G: 'README.md', VAN: 'gru.md', GRU: 'gru.md', PSI: 'gru.md', LSTM: 'lstm.md', KR: 'complexity.md', NUM: 'numerics.md', GATE: 'gated-rnn.md', OQ: 'open-questions.md' });

/** @typedef {{ label: string, definedIn: string | null, implementedBy: string[], testedBy: string[] }} PaperMapRow */

/**
 * Exported names of each typedoc entry point, by scanning its sources for `export function|const|
 * class|interface|type|enum NAME`. Typedoc names a module after its entry point's directory
 * ("packages/theory/src"), and a bare {@link name} in a project document does not resolve across
 * modules, so the pages' links are qualified with it here.
 * @returns {Map<string, string[]>} name → module names exporting it
 */
export function exportedNames() {
  const config = JSON.parse(readFileSync(TYPEDOC_JSON, 'utf8'));
  /** @type {Map<string, string[]>} */
  const out = new Map();
  for (const entry of /** @type {string[]} */ (config.entryPoints ?? [])) {
    const moduleName = entry.replace(/\/[^/]+$/, '');
    const dir = resolve(ROOT, moduleName);
    const walk = (/** @type {string} */ d) => {
      for (const f of readdirSync(d, { withFileTypes: true })) {
        const p = resolve(d, f.name);
        if (f.isDirectory()) walk(p);
        else if (f.name.endsWith('.ts') && !f.name.endsWith('.d.ts')) {
          for (const m of readFileSync(p, 'utf8').matchAll(/^export (?:declare )?(?:async )?(?:function\*? |const |let |class |abstract class |interface |type |enum )([A-Za-z_$][\w$]*)/gm)) {
            const list = out.get(m[1]) ?? [];
            if (!list.includes(moduleName)) list.push(moduleName);
            out.set(m[1], list);
          }
        }
      }
    };
    if (existsSync(dir)) walk(dir);
  }
  return out;
}

/**
 * Page sources link to repository files relative to apps/docs/pages; the generated pages live in
 * apps/docs/dist/pages. Rebase every relative Markdown link target that is not another page, and
 * fail on targets that do not exist (typedoc then copies the files into the site's media/).
 * @param {string} md
 * @param {string} where
 */
export function rebaseLinks(md, where) {
  return splitCode(md)
    .map((seg) =>
      seg.code
        ? seg.text
        : seg.text.replace(/\]\(([^)\s]+)((?:\s+"[^"]*")?)\)/g, (all, target, title) => {
            if (/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(target)) return all;
            const [path, hash] = target.split('#');
            const abs = resolve(PAGES, decodeURIComponent(path));
            if (dirname(abs) === PAGES && path.endsWith('.md')) return all;
            if (!existsSync(abs)) throw new Error(`${where}: link to ${target}: no such file (${relative(ROOT, abs)})`);
            const rebased = relative(GENERATED_PAGES, abs).split('\\').join('/');
            return `](${rebased}${hash !== undefined ? `#${hash}` : ''}${title})`;
          }),
    )
    .join('');
}

/**
 * Qualify bare {@link name} references with their module ({@link "packages/theory/src"!name | name}).
 * @param {string} md
 * @param {Map<string, string[]>} names
 * @param {string} where
 */
export function qualifyLinks(md, names, where) {
  return md.replace(/\{@link\s+([A-Za-z_$][\w$]*)(?:\s*\|\s*([^}]+?))?\s*\}/g, (_, name, text) => {
    const mods = names.get(name);
    if (!mods) throw new Error(`${where}: {@link ${name}}: no entry point of typedoc.json exports ${name}`);
    if (mods.length > 1) throw new Error(`${where}: {@link ${name}} is ambiguous (exported by ${mods.join(', ')}); write {@link "MODULE"!${name}}`);
    return `{@link "${mods[0]}"!${name} | ${text ?? name}}`;
  });
}

/**
 * Rows of PAPER_MAP.md (label, defining theory file, implementations, tests). The last column may
 * contain '|' (test names), so a row is split at its first three separators only.
 * @param {string} text
 * @returns {Map<string, PaperMapRow>}
 */
export function parsePaperMap(text) {
  /** @type {Map<string, PaperMapRow>} */
  const rows = new Map();
  for (const line of text.split('\n')) {
    // label | defined in (a theory file name or —) | implemented by | tested by
    const m = /^\| \[([A-Z][A-Z0-9-]*)\] \| ([A-Za-z0-9_.-]+|—) \| (.*?) \| (.*) \|\s*$/.exec(line);
    if (!m) continue;
    const cell = (/** @type {string} */ c) => (c.trim() === '—' ? [] : c.split('<br>').map((s) => s.trim()).filter(Boolean));
    rows.set(m[1], { label: m[1], definedIn: m[2] === '—' ? null : m[2], implementedBy: cell(m[3]), testedBy: cell(m[4]) });
  }
  return rows;
}

/** Labels defined by the specification (its README index), or null when the spec is not beside the repo. */
export function specLabels() {
  const readme = resolve(SPEC, 'README.md');
  if (!existsSync(readme)) return null;
  const out = new Set();
  for (const m of readFileSync(readme, 'utf8').matchAll(/^\| \[([A-Z][A-Z0-9-]*)\] \|/gm)) out.add(m[1]);
  return out.size ? out : null;
}

/**
 * Free text made inert for Markdown and for the math/label passes (entities).
 * @param {string} s
 */
const inert = (s) => s.replace(/[\\*_[\]<>|$`~{}@&]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A PAPER_MAP item: keep `code` spans, make the rest inert.
 * @param {string} item
 */
const mapItem = (item) =>
  item
    .split(/(`[^`]+`)/)
    .map((part, k) => (k % 2 === 1 ? part : inert(part)))
    .join('');

/**
 * @typedef {object} RenderedPages
 * @property {string[]} files      generated Markdown files
 * @property {number} math         rendered formulas
 * @property {number} labels       distinct cited labels
 * @property {string[]} notes
 */

/**
 * Render every page of apps/docs/pages into apps/docs/dist/pages.
 * @returns {Promise<RenderedPages>}
 */
export async function renderPages() {
  const names = exportedNames();
  const live = { theory: { ...(await import('@gatefield/theory')) }, models: { ...(await import('@gatefield/models')) } };
  rmSync(GENERATED_PAGES, { recursive: true, force: true });
  mkdirSync(GENERATED_PAGES, { recursive: true });
  const paperMap = existsSync(PAPER_MAP) ? parsePaperMap(readFileSync(PAPER_MAP, 'utf8')) : new Map();
  const known = specLabels();
  /** @type {string[]} */
  const notes = [];
  if (!known) notes.push(`theory specification not found at ${SPEC}: labels are checked against PAPER_MAP.md only`);
  const figureBase = relative(PAGES, FIGURES).split('\\').join('/');
  /** @type {Map<string, { title: string, file: string }[]>} */
  const citedOn = new Map();
  /** @type {string[]} */
  const files = [];
  let math = 0;
  const sources = readdirSync(PAGES).filter((f) => f.endsWith('.md')).sort();
  if (sources.includes('paper-map.md')) throw new Error('apps/docs/pages/paper-map.md is generated; remove it from pages/');
  /** @param {string} label */
  const info = (label) => {
    if (label.endsWith('-*')) return { anchor: '', title: `all ${label} labels (see the paper map)` };
    const row = paperMap.get(label);
    if (row) {
      const symbols = row.implementedBy.filter((/** @type {string} */ s) => s.startsWith('`')).map((/** @type {string} */ s) => /`([^`]+)`/.exec(s)?.[1]);
      const what = symbols.length ? `implemented by ${symbols.slice(0, 4).join(', ')}${symbols.length > 4 ? ` and ${symbols.length - 4} more` : ''}` : 'implemented in code';
      return { anchor: slug(label), title: `${label}: ${what}; ${row.testedBy.length ? `${row.testedBy.length} test${row.testedBy.length > 1 ? 's' : ''}` : 'no test of its own yet'}` };
    }
    if (known && !known.has(label)) throw new Error(`unknown theory label [${label}] (not in the specification's label index)`);
    return { anchor: slug(label), title: `${label}: ${SPEC_FILE[label.split('-')[0]] ?? 'specification'} — not cited by the code yet` };
  };
  for (const name of sources) {
    const src = readFileSync(resolve(PAGES, name), 'utf8');
    const title = /^---\n[\s\S]*?^title:\s*(.+)$/m.exec(src)?.[1]?.trim() ?? name;
    const expanded = expandLive(src, live, `apps/docs/pages/${name}`).replace(/^<!-- figure: ([a-z0-9-]+) -->$/gm, (_, id) => {
      const p = resolve(FIGURES, `${id}.json`);
      if (!existsSync(p)) throw new Error(`${name}: figure ${id} has no docs/figures/${id}.json (run \`pnpm figures --only ${id}\`)`);
      return captionMarkdown(JSON.parse(readFileSync(p, 'utf8')), figureBase);
    });
    /** @type {Set<string>} */
    const cited = new Set();
    let out;
    try {
      out = renderPage(expanded, { where: `apps/docs/pages/${name}`, info, paperMapLink: './paper-map.md', cited });
    } catch (e) {
      throw new Error(`apps/docs/pages/${name}: ${e instanceof Error ? e.message : e}`);
    }
    math += (out.match(/class="katex"/g) ?? []).length;
    for (const l of cited) {
      if (!citedOn.has(l)) citedOn.set(l, []);
      citedOn.get(l)?.push({ title, file: name });
    }
    writeFileSync(resolve(GENERATED_PAGES, name), rebaseLinks(qualifyLinks(out, names, `apps/docs/pages/${name}`), `apps/docs/pages/${name}`));
    files.push(name);
  }
  writeFileSync(resolve(GENERATED_PAGES, 'paper-map.md'), paperMapPage(paperMap, citedOn));
  files.push('paper-map.md');
  return { files, math, labels: citedOn.size, notes };
}

/**
 * @param {Map<string, PaperMapRow>} rows
 * @param {Map<string, { title: string, file: string }[]>} citedOn
 */
function paperMapPage(rows, citedOn) {
  const order = (/** @type {string} */ a, /** @type {string} */ b) => a.localeCompare(b, 'en', { numeric: true });
  const lines = [
    '---',
    'title: Paper map',
    '---',
    '# Paper map: label → implementation → test',
    '',
    'Every equation and reference value of the theory specification carries a stable label such as [GRU-MF-2] (the label families are listed on the [theory guide](./index.md) page).',
    'This page lists, for each label, the code that implements it and the tests that check it, and the guide pages that cite it.',
    'It is generated at docs build time from `packages/theory/PAPER_MAP.md`, which `node scripts/paper-map.mjs` builds from the doc comments of the exported symbols and from the test names.',
    'Every label the specification defines has an entry; a label with no test is not yet pinned by a test of its own.',
    '',
    '## Labels of the specification',
    '',
  ];
  /** @param {string} label */
  const cited = (label) => {
    const on = citedOn.get(label);
    return on ? `*Cited on:* ${on.map((p) => `[${p.title}](./${p.file})`).join(' · ')}` : '*Not cited in this guide.*';
  };
  for (const label of [...rows.keys()].sort(order)) {
    const r = /** @type {PaperMapRow} */ (rows.get(label));
    lines.push(`### ${label}`, '', `*Specification:* \`${r.definedIn ?? SPEC_FILE[label.split('-')[0]] ?? '?'}\` · ${cited(label)}`, '');
    lines.push(r.implementedBy.length ? 'Implemented by:' : 'Implemented by: no exported symbol or module cites this label (it may be covered by a module citing a neighbouring label).', '', ...r.implementedBy.map((s) => `- ${mapItem(s)}`), '');
    lines.push(r.testedBy.length ? 'Tested by:' : 'Tested by: no test cites this label yet.', '', ...r.testedBy.map((s) => `- ${mapItem(s)}`), '');
  }
  const unimplemented = [...citedOn.keys()].filter((l) => !rows.has(l) && !l.endsWith('-*')).sort(order);
  if (unimplemented.length) {
    lines.push('## Labels cited in this guide but not by the code', '', 'These labels are discussed in the guide (conventions, reference values, results of work in progress) but no exported symbol or test cites them yet.', '');
    for (const label of unimplemented) lines.push(`### ${label}`, '', `*Specification:* \`${SPEC_FILE[label.split('-')[0]] ?? '?'}\` · ${cited(label)}`, '');
  }
  return lines.join('\n') + '\n';
}
