// @ts-check
/**
 * The Markdown caption of a figure, rendered from its JSON record: written as docs/figures/<id>.md
 * by `pnpm figures`, and expanded into the theory pages by the docs build. (Not part of the
 * figures' spec hash: it only presents the recorded data.)
 */
import { fmt } from './figureKit.mjs';

/**
 * The Markdown caption of a figure (written as <id>.md and expanded into the theory pages).
 * `base` is the relative path from the page to docs/figures.
 * @param {Record<string, any>} json  the figure's JSON record
 * @param {string} base
 */
export function captionMarkdown(json, base = '.') {
  const lines = [];
  if (json.status === 'pending') {
    lines.push(`> **Figure pending: ${json.title}.** ${json.todo}`);
    return lines.join('\n') + '\n';
  }
  lines.push(`![${json.title}](${base}/${json.files.svg})`);
  lines.push('');
  lines.push(`**Figure ${json.id}: ${json.title}.** ${json.caption}`);
  lines.push('');
  const s = json.setup;
  const setupBits = [];
  if (s.model) setupBits.push(`model ${s.model}`);
  if (s.ensemble) setupBits.push(`${s.ensemble} ensemble ([NUM-11])`);
  if (s.n) setupBits.push(`N = ${s.n}`);
  if (s.seeds) setupBits.push(`seeds ${s.seeds.join(', ')}`);
  if (setupBits.length) lines.push(`*Setup:* ${setupBits.join(' · ')}. *Files:* [SVG](${base}/${json.files.svg}) · [PNG](${base}/${json.files.png}) · [data and caption (JSON)](${base}/${json.id}.json). *Regenerate:* \`pnpm figures --only ${json.id}\`.`);
  lines.push('');
  if (json.summary?.text) {
    lines.push(`*Measured agreement:* ${json.summary.text}`);
    lines.push('');
  }
  if (json.agreement?.length) {
    lines.push('| panel | quantity | theory (N → ∞) | simulation (mean ± sd) | difference | noise σ |');
    lines.push('|---|---|---|---|---|---|');
    /** @type {string[]} */
    const notes = [];
    const marks = ['†', '‡', '§', '¶'];
    for (const r of json.agreement) {
      const sim = r.simulation === null ? '—' : `${fmt(r.simulation)}${r.spread ? ` ± ${fmt(r.spread, 2)}` : ''}`;
      let mark = '';
      if (r.note) {
        if (!notes.includes(r.note)) notes.push(r.note);
        mark = ` ${marks[notes.indexOf(r.note)] ?? '*'}`;
      }
      lines.push(`| ${r.panel} | ${r.quantity}${mark} | ${fmt(r.theory)} | ${sim} | ${fmt(r.difference, 2)} | ${fmt(r.noise, 2)} |`);
    }
    lines.push('');
    for (const [k, note] of notes.entries()) lines.push(`${marks[k] ?? '*'} ${note}.${k < notes.length - 1 ? '  ' : ''}`);
    if (notes.length) lines.push('');
  }
  return lines.join('\n');
}

