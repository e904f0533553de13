/**
 * Figures: a vega-lite spec compiled by vega-lite and rendered headlessly by vega to SVG (no
 * browser); PNG via @resvg/resvg-js. Output is deterministic: same data, same bytes.
 */
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import * as vl from 'vega-lite';

/** Eigenvalues over the predicted support boundary, with optional disks. */
export interface SpectrumFigure {
  title: string;
  subtitle?: string[];
  /** Simulated eigenvalues [re, im]. */
  eigenvalues: [number, number][];
  /** Closed support boundary [re, im] (theory). */
  boundary: [number, number][];
  disks?: { re: number; im: number; r: number }[];
  width?: number;
  height?: number;
}

/** The vega-lite spec of a {@link SpectrumFigure}. */
export function spectrumSpec(fig: SpectrumFigure): vl.TopLevelSpec {
  const eig = fig.eigenvalues.map(([re, im]) => ({ re, im }));
  const bnd = fig.boundary.concat(fig.boundary.length ? [fig.boundary[0]] : []).map(([re, im], order) => ({ re, im, order }));
  const diskPts = (fig.disks ?? []).flatMap((d, k) =>
    Array.from({ length: 97 }, (_, j) => ({ re: d.re + d.r * Math.cos((2 * Math.PI * j) / 96), im: d.im + d.r * Math.sin((2 * Math.PI * j) / 96), order: j, disk: `disk ${k + 1}` })),
  );
  const x = { field: 're', type: 'quantitative' as const, title: 'Re λ', scale: { zero: false } };
  const y = { field: 'im', type: 'quantitative' as const, title: 'Im λ', scale: { zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: fig.title, subtitle: fig.subtitle ?? [], anchor: 'start', fontSize: 13, subtitleFontSize: 10 },
    width: fig.width ?? 520,
    height: fig.height ?? 420,
    background: 'white',
    layer: [
      { data: { values: eig }, mark: { type: 'circle', size: 6, opacity: 0.55, color: '#1f5fa8' }, encoding: { x, y } },
      { data: { values: bnd }, mark: { type: 'line', color: '#d62728', strokeWidth: 1.6 }, encoding: { x, y, order: { field: 'order', type: 'quantitative' } } },
      ...(diskPts.length
        ? [{ data: { values: diskPts }, mark: { type: 'line' as const, color: '#2ca02c', strokeDash: [4, 3], strokeWidth: 1.2 }, encoding: { x, y, order: { field: 'order', type: 'quantitative' as const }, detail: { field: 'disk', type: 'nominal' as const } } }]
        : []),
    ],
  } as vl.TopLevelSpec;
}

/** Render any vega-lite spec to an SVG string. */
export async function renderSvg(spec: vl.TopLevelSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Render an SVG string to PNG bytes (resvg; fonts from the system). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true } });
  return Buffer.from(r.render().asPng());
}

/** Read a file if it exists (for up-to-date checks of figures). */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
