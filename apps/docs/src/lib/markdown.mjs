// @ts-check
/**
 * The Markdown pass of the theory pages, run before typedoc:
 *
 * 1. `<!-- figure: id -->` lines expand to the figure, its caption and its agreement table, read
 *    from docs/figures/<id>.json (so captions can never drift from the figures).
 * 2. `$…$` and `$$…$$` are rendered to HTML by KaTeX at build time (no JavaScript, no network at
 *    view time; the site ships katex.css and its fonts). TeX errors fail the build.
 * 3. Theory labels such as [GRU-MF-2] become links to their entry in the paper map (implementation
 *    and tests), with the implementing symbols in the link title. Unknown labels fail the build.
 *
 * Code spans and fenced code blocks are left untouched. The KaTeX output is made inert for the
 * Markdown parsers that follow (typedoc's comment lexer, markdown-it): characters they would
 * interpret (\ * _ [ ] ` $ { } @ |) are written as numeric entities in text nodes.
 */
import katex from 'katex';

/** Families of theory labels ([GRU-MF-2], [KR-PD], [GATE-REF-F4L], [GRU-LIM-*]). */
const FAMILIES = ['G', 'VAN', 'GRU', 'PSI', 'LSTM', 'KR', 'NUM', 'GATE', 'OQ'];
const LABEL_RE = new RegExp(`\\[((?:${FAMILIES.join('|')})(?:-[A-Z0-9]+)*-(?:[A-Z0-9]+|\\*))\\](?!\\()`, 'g');

/** TeX macros shared by all pages. */
export const MACROS = {
  '\\avg': '\\left\\langle #1 \\right\\rangle',
  '\\diag': '\\operatorname{diag}',
  '\\tr': '\\operatorname{tr}',
  '\\sech': '\\operatorname{sech}',
  '\\Re': '\\operatorname{Re}',
  '\\Im': '\\operatorname{Im}',
  '\\E': '\\mathbb{E}',
  '\\dd': '\\mathrm{d}',
};

const INERT = /[\\*_[\]`${}@|~]/g;

/**
 * Render TeX to inert HTML.
 * @param {string} tex
 * @param {boolean} display
 * @param {string} where  location for error messages
 */
export function renderMath(tex, display, where) {
  let html;
  try {
    html = katex.renderToString(tex, { displayMode: display, output: 'htmlAndMathml', throwOnError: true, strict: 'error', macros: { ...MACROS }, trust: false });
  } catch (e) {
    throw new Error(`${where}: KaTeX cannot render ${display ? '$$' : '$'}${tex}${display ? '$$' : '$'}: ${e instanceof Error ? e.message : e}`);
  }
  // text nodes only (between tags): entity-encode characters that Markdown would interpret
  html = html.replace(/>([^<]+)</g, (_, /** @type {string} */ text) => `>${text.replace(INERT, (c) => `&#${c.charCodeAt(0)};`)}<`);
  if (html.includes('\n')) html = html.replace(/\n/g, ' ');
  return display ? `\n\n<div class="math-display">${html}</div>\n\n` : html;
}

/**
 * Split Markdown into code (fences, inline code spans) and text segments.
 * @param {string} md
 * @returns {{ code: boolean, text: string }[]}
 */
export function splitCode(md) {
  /** @type {{ code: boolean, text: string }[]} */
  const out = [];
  const re = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?\n\2[^\n]*(?=\n|$)|(`+)[^`][\s\S]*?\3(?!`)/g;
  let last = 0;
  for (const m of md.matchAll(re)) {
    const start = /** @type {number} */ (m.index) + (m[1] ? m[1].length : 0);
    if (start > last) out.push({ code: false, text: md.slice(last, start) });
    out.push({ code: true, text: md.slice(start, /** @type {number} */ (m.index) + m[0].length) });
    last = /** @type {number} */ (m.index) + m[0].length;
  }
  if (last < md.length) out.push({ code: false, text: md.slice(last) });
  return out;
}

/**
 * Render $$…$$ and $…$ in a text segment. Inline math follows the pandoc rule: the opening $ is
 * followed by a non-space, the closing $ preceded by a non-space and not followed by a digit;
 * \$ is a literal dollar.
 * @param {string} text
 * @param {string} where
 */
export function renderMathIn(text, where) {
  let out = text.replace(/\$\$([\s\S]+?)\$\$/g, (_, tex) => renderMath(tex.trim(), true, where));
  out = out.replace(/(^|[^\\$])\$(?=\S)((?:\\\$|[^$\n])+?)(?<=\S)\$(?!\d)/g, (_, pre, tex) => pre + renderMath(tex, false, where));
  return out.replace(/\\\$/g, '&#36;');
}

/**
 * @typedef {object} LabelInfo
 * @property {string} anchor   slug of the label's heading in the paper map
 * @property {string} title    link title (implementation summary)
 */

/**
 * Replace label citations by links into the paper map.
 * @param {string} text
 * @param {(label: string) => LabelInfo} info   throws for unknown labels
 * @param {string} paperMapLink   relative link to the paper-map page
 * @param {Set<string>} cited   collects the cited labels
 */
export function linkLabels(text, info, paperMapLink, cited) {
  return text.replace(LABEL_RE, (_, label) => {
    const i = info(label);
    cited.add(label);
    return `[\\[${label}\\]](${paperMapLink}${i.anchor ? `#${i.anchor}` : ''} "${i.title.replace(/"/g, "'")}")`;
  });
}

/**
 * Labels cited in a Markdown text (outside code).
 * @param {string} md
 */
export function citedLabels(md) {
  const out = new Set();
  for (const seg of splitCode(md)) if (!seg.code) for (const m of seg.text.matchAll(LABEL_RE)) out.add(m[1]);
  return out;
}

/**
 * The full pass over one page (after figure expansion).
 * @param {string} md
 * @param {object} o
 * @param {string} o.where
 * @param {(label: string) => LabelInfo} o.info
 * @param {string} o.paperMapLink
 * @param {Set<string>} o.cited
 */
export function renderPage(md, o) {
  const fm = /^---\n[\s\S]*?\n---\n/.exec(md);
  const head = fm ? fm[0] : '';
  const body = md.slice(head.length);
  const rendered = splitCode(body)
    .map((seg) => (seg.code ? seg.text : linkLabels(renderMathIn(seg.text, o.where), o.info, o.paperMapLink, o.cited)))
    .join('');
  return head + rendered;
}

/**
 * Heading anchor as typedoc 0.28 makes it (its Slugger: drop punctuation, spaces → '-', lower case).
 * @param {string} heading
 */
export function slug(heading) {
  const s = heading
    .trim()
    .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
    .replace(/\s/g, '-')
    .replace(/--+/, '-');
  return (s || '_').toLocaleLowerCase();
}
