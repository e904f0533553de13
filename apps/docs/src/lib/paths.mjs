// @ts-check
/** Absolute paths used by the docs build and the figure pipeline. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** apps/docs */
export const DOCS_APP = resolve(here, '../..');
/** Repository root. */
export const ROOT = resolve(DOCS_APP, '../..');
/** Theory pages (Markdown with $…$ math), the sources of the guide. */
export const PAGES = resolve(DOCS_APP, 'pages');
/** Generated pages (KaTeX pre-rendered), read by typedoc. Git-ignored (dist/). */
export const GENERATED_PAGES = resolve(DOCS_APP, 'dist/pages');
/** Committed figures, captions and the manifest. */
export const FIGURES = resolve(ROOT, 'docs/figures');
export const MANIFEST = resolve(FIGURES, 'manifest.json');
/** The built site (git-ignored). */
export const SITE = resolve(ROOT, 'docs/site');
/** Root typedoc configuration (API reference settings shared with `npx typedoc`). */
export const TYPEDOC_JSON = resolve(ROOT, 'typedoc.json');
/** Generated label → implementation → test map. */
export const PAPER_MAP = resolve(ROOT, 'packages/theory/PAPER_MAP.md');
/** The KaTeX package directory (CSS and fonts are copied into the site). */
export const KATEX_DIST = resolve(DOCS_APP, 'node_modules/katex/dist');
/** The theory specification, when present beside the repository (optional: used to validate labels). */
export const SPEC = resolve(ROOT, '../shared/theory');
