// @ts-check
/**
 * Vega-lite builders of the documentation figures. Spectrum panels reuse `spectrumSpec` of the
 * `gatefield` package (eigenvalues over the predicted support boundary, with disks); the rest are
 * plain line charts. Every spec carries its data inline (no URLs), so rendering is offline.
 */

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Shared look: white background, sans-serif text (DejaVu Sans on the CI machine), no ARIA attributes (smaller SVG). */
export const BASE_CONFIG = {
  aria: false,
  font: 'DejaVu Sans, sans-serif',
  axis: { grid: true, gridColor: '#eeeeee', labelFontSize: 10, titleFontSize: 11 },
  legend: { labelFontSize: 10, titleFontSize: 10 },
  view: { stroke: '#cccccc' },
};

/**
 * Force a shared x/y domain on every layer of a spectrum panel (so panels can be compared) and
 * clip marks to it.
 * @param {Record<string, any>} panel  a spectrumSpec output
 * @param {[number, number]} xDomain
 * @param {[number, number]} yDomain
 */
export function withDomain(panel, xDomain, yDomain) {
  const out = { ...panel };
  delete out.$schema;
  delete out.background;
  out.layer = panel.layer.map((/** @type {Record<string, any>} */ l) => ({
    ...l,
    mark: { ...l.mark, clip: true },
    encoding: {
      ...l.encoding,
      x: { ...l.encoding.x, scale: { domain: xDomain, nice: false, zero: false } },
      y: { ...l.encoding.y, scale: { domain: yDomain, nice: false, zero: false } },
    },
  }));
  return out;
}

/**
 * Panels in a grid under one title.
 * @param {string} title
 * @param {string[]} subtitle
 * @param {Record<string, any>[]} panels
 * @param {number} columns
 */
export function panelGrid(title, subtitle, panels, columns) {
  return {
    $schema: SCHEMA,
    background: 'white',
    title: { text: title, subtitle, anchor: 'start', fontSize: 14, subtitleFontSize: 10, subtitleColor: '#444444' },
    concat: panels,
    columns,
    spacing: 18,
    config: BASE_CONFIG,
  };
}

/**
 * A layered line/point chart with a colour legend.
 * @param {object} o
 * @param {string} o.title
 * @param {string[]} [o.subtitle]
 * @param {{ title: string, scale?: Record<string, unknown> }} o.x
 * @param {{ title: string, scale?: Record<string, unknown> }} o.y
 * @param {Record<string, any>[]} o.layers   vega-lite layers using fields x, y (and series)
 * @param {number} [o.width]
 * @param {number} [o.height]
 */
export function lineChart(o) {
  return {
    title: { text: o.title, subtitle: o.subtitle ?? [], anchor: 'start', fontSize: 12, subtitleFontSize: 10, subtitleColor: '#444444' },
    width: o.width ?? 360,
    height: o.height ?? 280,
    // a layer may set encoding.x (or .y) to null to drop that channel (e.g. a horizontal rule)
    layer: o.layers.map((l) => {
      /** @type {Record<string, unknown>} */
      const encoding = { ...l.encoding };
      for (const [ch, axis] of /** @type {const} */ ([['x', o.x], ['y', o.y]])) {
        if (l.encoding?.[ch] === null) delete encoding[ch];
        else encoding[ch] = { field: ch, type: 'quantitative', title: axis.title, scale: axis.scale ?? { zero: false }, ...(l.encoding?.[ch] ?? {}) };
      }
      return { ...l, encoding };
    }),
  };
}

/**
 * A single top-level chart (no grid).
 * @param {Record<string, any>} chart
 */
export function single(chart) {
  return { $schema: SCHEMA, background: 'white', ...chart, config: BASE_CONFIG };
}

/**
 * Colour encoding of a named series with a fixed order and palette.
 * @param {string[]} domain
 * @param {string[]} range
 * @param {string} [title]
 */
export function seriesColor(domain, range, title = '') {
  return { field: 'series', type: 'nominal', title, scale: { domain, range }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 420 } };
}

/**
 * Domain [lo, hi] covering the given numbers with a relative margin.
 * @param {number[]} values
 * @param {number} [margin]
 * @returns {[number, number]}
 */
export function paddedDomain(values, margin = 0.06) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = (hi - lo) * margin || 0.1;
  const round = (/** @type {number} */ v) => Math.round(v * 100) / 100;
  return [round(lo - pad), round(hi + pad)];
}

/**
 * Every k-th point of a closed polyline (keeps the first and the last), to keep SVGs small.
 * @param {[number, number][]} pts
 * @param {number} k
 */
export function thin(pts, k) {
  return pts.filter((_, i) => i % k === 0 || i === pts.length - 1);
}
