// @ts-check
/**
 * Dependency-free link check of the built site (default docs/site):
 *
 *   node apps/docs/src/checkLinks.mjs [SITE_DIR]
 *
 * - every local href/src/srcset (HTML) and url() / import rule (CSS) resolves to a file in the site;
 *   a #fragment into an HTML page must name an element id (or name) there;
 * - nothing is loaded from the network: a script, stylesheet, font, image, icon, frame, or SVG
 *   <use> with an http(s):// or protocol-relative URL is an error (the site must work offline);
 *   plain <a href="https://…"> navigation links are allowed and listed;
 * - root-absolute links (/x) are errors: the site must work from any base path and from file://.
 * Exits 1 with one line per problem.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const URL_ATTRS = ['href', 'src', 'srcset', 'poster', 'data', 'xlink:href', 'action', 'formaction', 'background'];

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** @param {string} s */
const decodeEntities = (s) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) => {
    const l = e.toLowerCase();
    if (l === 'amp') return '&';
    if (l === 'lt') return '<';
    if (l === 'gt') return '>';
    if (l === 'quot') return '"';
    if (l === 'apos') return "'";
    return String.fromCodePoint(l.startsWith('#x') ? parseInt(l.slice(2), 16) : parseInt(l.slice(1), 10));
  });

/**
 * Parse the attributes of one start tag.
 * @param {string} text
 * @returns {Record<string, string>}
 */
function attributes(text) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const m of text.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * @param {string} site
 * @returns {{ ok: boolean, problems: string[], stats: { pages: number, cssFiles: number, localLinks: number, fragments: number, externalNavigation: string[] } }}
 */
export function checkLinks(site) {
  const root = resolve(site);
  /** @type {string[]} */
  const problems = [];
  if (!existsSync(root)) return { ok: false, problems: [`${site} does not exist: build the docs first`], stats: { pages: 0, cssFiles: 0, localLinks: 0, fragments: 0, externalNavigation: [] } };
  const files = walk(root);
  const fileSet = new Set(files);
  /** @type {Map<string, Set<string>>} */
  const idCache = new Map();
  const idsOf = (/** @type {string} */ file) => {
    let ids = idCache.get(file);
    if (!ids) {
      ids = new Set();
      const html = readFileSync(file, 'utf8');
      for (const m of html.matchAll(/<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) ids.add(decodeEntities(m[1] ?? m[2] ?? m[3]));
      idCache.set(file, ids);
    }
    return ids;
  };
  let localLinks = 0;
  let fragments = 0;
  const external = new Set();
  /** @type {{ from: string, target: string, fragment: string }[]} */
  const pendingFragments = [];

  /**
   * @param {string} from   file containing the reference
   * @param {string} url
   * @param {boolean} loads  the browser fetches it to render the page (not a navigation link)
   * @param {string} what   for messages
   */
  const check = (from, url, loads, what) => {
    const u = url.trim();
    const where = relative(root, from);
    if (u === '' || u.startsWith('data:') || u.startsWith('mailto:') || u.startsWith('javascript:') || u.startsWith('about:')) return;
    if (/^[a-z][a-z0-9+.-]*:/i.test(u) || u.startsWith('//')) {
      if (loads) problems.push(`${where}: ${what} loads ${u} from the network (the site must work offline: ship it in the site)`);
      else if (/^https?:/i.test(u) || u.startsWith('//')) external.add(new URL(u, 'https://x/').host);
      else problems.push(`${where}: ${what} uses an unsupported scheme: ${u}`);
      return;
    }
    if (u.startsWith('/')) {
      problems.push(`${where}: ${what} is root-absolute (${u}); use a relative link so the site works from any base path`);
      return;
    }
    const hashAt = u.indexOf('#');
    const pathPart = (hashAt >= 0 ? u.slice(0, hashAt) : u).split('?')[0];
    const fragment = hashAt >= 0 ? u.slice(hashAt + 1) : '';
    let target = from;
    if (pathPart !== '') {
      let decoded;
      try {
        decoded = decodeURIComponent(pathPart);
      } catch {
        problems.push(`${where}: ${what} has a malformed URL: ${u}`);
        return;
      }
      target = resolve(dirname(from), decoded);
      if (target.endsWith(sep) || (existsSync(target) && statSync(target).isDirectory())) target = join(target, 'index.html');
      localLinks++;
      if (!target.startsWith(root + sep)) {
        problems.push(`${where}: ${what} points outside the site: ${u}`);
        return;
      }
      if (!fileSet.has(target)) {
        problems.push(`${where}: ${what} → ${u}: no such file in the site`);
        return;
      }
    }
    if (fragment && extname(target) === '.html') pendingFragments.push({ from: where, target, fragment: decodeURIComponent(fragment) });
  };

  let pages = 0;
  let cssFiles = 0;
  for (const file of files) {
    const ext = extname(file);
    if (ext === '.html') {
      pages++;
      const html = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      for (const m of html.matchAll(/<([a-zA-Z][\w:-]*)(\s[^>]*)?>/g)) {
        const tag = m[1].toLowerCase();
        const attrs = attributes(m[2] ?? '');
        for (const name of URL_ATTRS) {
          if (!(name in attrs)) continue;
          const rel = (attrs.rel ?? '').toLowerCase();
          const navigation = (tag === 'a' || tag === 'area') && name === 'href';
          const loads = !navigation && !(tag === 'link' && /\b(canonical|alternate|next|prev|author|license|help|search)\b/.test(rel) && !/\b(stylesheet|icon|preload|prefetch|modulepreload|manifest)\b/.test(rel));
          const values = name === 'srcset' ? attrs[name].split(',').map((s) => s.trim().split(/\s+/)[0]) : [attrs[name]];
          for (const v of values) check(file, v, loads, `<${tag} ${name}>`);
        }
        if (attrs.style) for (const u of cssUrls(attrs.style)) check(file, u, true, `<${tag} style> url()`);
      }
      for (const m of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) for (const u of cssUrls(m[1])) check(file, u, true, '<style> url()');
    } else if (ext === '.css') {
      cssFiles++;
      for (const u of cssUrls(readFileSync(file, 'utf8'))) check(file, u, true, 'CSS url()/@import');
    }
  }
  for (const f of pendingFragments) {
    fragments++;
    if (!idsOf(f.target).has(f.fragment)) problems.push(`${f.from}: link to ${relative(root, f.target)}#${f.fragment}: no element with that id`);
  }
  return { ok: problems.length === 0, problems, stats: { pages, cssFiles, localLinks, fragments, externalNavigation: [...external].sort() } };
}

/**
 * Targets of url(...) and of import rules in CSS text.
 * @param {string} css
 */
function cssUrls(css) {
  /** @type {string[]} */
  const out = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  for (const m of text.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/g)) out.push(m[1] ?? m[2]);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const site = process.argv[2] ?? resolve(dirname(new URL(import.meta.url).pathname), '../../../docs/site');
  const t0 = Date.now();
  const r = checkLinks(site);
  const s = r.stats;
  process.stdout.write(`link check of ${site}: ${s.pages} pages, ${s.cssFiles} stylesheets, ${s.localLinks} local links, ${s.fragments} fragments (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (s.externalNavigation.length) process.stdout.write(`  external navigation links (allowed, not loaded): ${s.externalNavigation.join(', ')}\n`);
  if (!r.ok) {
    process.stderr.write(`link check failed (${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}):\n  ${r.problems.slice(0, 200).join('\n  ')}\n`);
    process.exit(1);
  }
}
