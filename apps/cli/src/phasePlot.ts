/**
 * The phase-diagram figure of `gatefield phase`: a vega-lite heat map of the region of every grid
 * point ([KR-PD]) with the boundary curves (origin line [KR-11], saddle-node g_sn [KR-15], Σ_MF > 0
 * boundary [KR-16], marginal contours Γ² = 1/p₁ [KR-17] on the upper and lower branches, and in the
 * (β_r, α_r) plane the onset threshold [KR-13]) drawn
 * as polylines on top. Rendered by `renderSvg` / `svgToPng` of plot.ts (deterministic output).
 *
 * The gated-RNN figure ({@link gatedPhaseSpec}, [GATE-PD]) uses the same layout with its regions
 * (zero FP stable / with complexity [GATE-KR-5] / bistable / chaotic [GATE-TR-5] / marginal
 * [GATE-MS-2]) and curves (origin line [GATE-TR-1], saddle-node g_h^FP and subcriticality line
 * [GATE-TR-4], chaos onset g_h^chaos [GATE-TR-5], Γ = 1 [GATE-RMT-4]).
 */
import type * as vl from 'vega-lite';
import type { GatedPhaseDiagramResult, PhaseDiagramResult } from '@gatefield/theory';

/** Legend text and colour of each region code. */
export const REGION_STYLE: Record<string, { label: string; color: string }> = {
  'origin-only': { label: 'origin stable, no nontrivial FP', color: '#e8eef7' },
  'stable-origin-complex': { label: 'origin stable, Σ > 0', color: '#f4b942' },
  'unstable-origin-complex': { label: 'origin unstable, Σ > 0', color: '#d9534f' },
  'unstable-origin-simple': { label: 'origin unstable, Σ = 0', color: '#9bb7d4' },
  'no-origin-complex': { label: 'β_h ≠ 0, Σ > 0', color: '#c0504d' },
  'no-origin-simple': { label: 'β_h ≠ 0, Σ = 0', color: '#cfd8e3' },
};

/** Colour and dash of each boundary curve. */
export const CURVE_STYLE: Record<string, { label: string; color: string; dash: number[] }> = {
  origin: { label: 'origin line g_h ρ₀ = 1', color: '#111111', dash: [] },
  'saddle-node': { label: 'saddle-node g_sn', color: '#1f5fa8', dash: [] },
  complexity: { label: 'Σ_MF > 0 boundary', color: '#7b2d8e', dash: [6, 3] },
  'marginal-upper': { label: 'Γ² = 1/p₁ (upper branch)', color: '#2ca02c', dash: [] },
  'marginal-lower': { label: 'Γ² = 1/p₁ (lower branch)', color: '#2ca02c', dash: [2, 3] },
  'subcritical-threshold': { label: 'onset threshold α_r²(1−ρ₀)(2−3ρ₀) = 2', color: '#8c564b', dash: [1, 2] },
};

/** Vega-lite spec of a phase diagram. */
export function phaseSpec(r: PhaseDiagramResult, title?: string): vl.TopLevelSpec {
  const fixed = Object.entries(r.spec.parameters).map(([k, v]) => `${k}=${v}`).join(', ');
  return heatMapSpec({
    xs: r.x,
    ys: r.y,
    xName: r.spec.x.name,
    yName: r.spec.y.name,
    cells: r.points.map((row) => row.map((p) => ({ region: p.region, roots: p.roots.length, marginal: p.marginal ? 'yes' : 'no' }))),
    regionCounts: r.regionCounts as Record<string, number | undefined>,
    curves: r.curves,
    regionStyle: REGION_STYLE,
    curveStyle: CURVE_STYLE,
    title: title ?? `GRU phase diagram (${r.spec.x.name}, ${r.spec.y.name})`,
    subtitle: `fixed: ${fixed || 'defaults'}; branch ${r.spec.branch}; p₁ ${r.spec.saturationLimit}; grid ${r.x.length}×${r.y.length}`,
  });
}

/** Legend text and colour of each gated-RNN region code ([GATE-PD]). */
export const GATED_REGION_STYLE: Record<string, { label: string; color: string }> = {
  'zero-stable': { label: 'zero FP stable, no other FP', color: '#e8eef7' },
  'zero-stable-complex': { label: 'zero FP stable + unstable FPs, no chaos', color: '#f4b942' },
  bistable: { label: 'bistable: zero FP stable + chaos', color: '#e07b39' },
  chaotic: { label: 'zero FP unstable, chaotic', color: '#d9534f' },
  'nonzero-stable': { label: 'zero FP unstable, stable non-zero FP', color: '#9bb7d4' },
  marginal: { label: 'marginally stable (slow units)', color: '#7fbf7f' },
  'fp-stable': { label: 'β_h ≠ 0: FP stable', color: '#cfd8e3' },
  'fp-unstable': { label: 'β_h ≠ 0: FP unstable', color: '#c0504d' },
};

/** Colour and dash of each gated-RNN boundary curve. */
export const GATED_CURVE_STYLE: Record<string, { label: string; color: string; dash: number[] }> = {
  origin: { label: 'origin line g_h = 1 + e^β_r', color: '#111111', dash: [] },
  'saddle-node': { label: 'FP saddle-node g_h^FP', color: '#1f5fa8', dash: [] },
  'chaos-onset': { label: 'chaos onset g_h^chaos', color: '#7b2d8e', dash: [6, 3] },
  'subcritical-threshold': { label: 'α_r²(1−s)(2−3s) = 2', color: '#8c564b', dash: [1, 2] },
  stability: { label: 'non-zero FP Γ = 1', color: '#2ca02c', dash: [] },
  marginal: { label: 'marginal threshold', color: '#2ca02c', dash: [2, 3] },
};

/** Vega-lite spec of a gated-RNN phase diagram ([GATE-PD]). */
export function gatedPhaseSpec(r: GatedPhaseDiagramResult, title?: string): vl.TopLevelSpec {
  const fixed = Object.entries(r.spec.parameters).map(([k, v]) => `${k}=${v}`).join(', ');
  return heatMapSpec({
    xs: r.x,
    ys: r.y,
    xName: r.spec.x.name,
    yName: r.spec.y.name,
    cells: r.points.map((row) => row.map((p) => ({ region: p.region, roots: p.roots.length, marginal: p.marginal ? 'yes' : 'no' }))),
    regionCounts: r.regionCounts as Record<string, number | undefined>,
    curves: r.curves,
    regionStyle: GATED_REGION_STYLE,
    curveStyle: GATED_CURVE_STYLE,
    title: title ?? `gated RNN phase diagram (${r.spec.x.name}, ${r.spec.y.name})`,
    subtitle: `fixed: ${fixed || 'defaults'}; chaos ${r.settings.chaos} (${r.onsets.filter((o) => o.method === 'continuation').length} DMFT onsets); grid ${r.x.length}×${r.y.length}`,
  });
}

interface HeatMapInput {
  xs: number[];
  ys: number[];
  xName: string;
  yName: string;
  cells: { region: string; roots: number; marginal: string }[][];
  regionCounts: Record<string, number | undefined>;
  curves: { name: string; polylines: { points: { x: number; y: number }[]; closed: boolean }[] }[];
  regionStyle: Record<string, { label: string; color: string }>;
  curveStyle: Record<string, { label: string; color: string; dash: number[] }>;
  title: string;
  subtitle: string;
}

/** Heat map of region codes with boundary polylines on top (shared by the GRU and gated figures). */
function heatMapSpec(h: HeatMapInput): vl.TopLevelSpec {
  const { xs, ys, regionStyle: RS, curveStyle: CS } = h;
  // cell edges halfway between grid values; the outer cells extend half a step beyond the axis ends;
  // cells overlap by 1 % of a step so that anti-aliasing leaves no seams
  const half = (a: number[], k: number, side: -1 | 1) => {
    const step = k + 1 < a.length ? a[k + 1] - a[k] : a[k] - a[k - 1];
    const nb = a[k + side];
    return (nb === undefined ? a[k] + (side * step) / 2 : (a[k] + nb) / 2) + side * 0.01 * step;
  };
  const cells = h.cells.flatMap((row, j) =>
    row.map((p, i) => ({
      x0: half(xs, i, -1),
      x1: half(xs, i, 1),
      y0: half(ys, j, -1),
      y1: half(ys, j, 1),
      region: RS[p.region]?.label ?? p.region,
      roots: p.roots,
      marginal: p.marginal,
    })),
  );
  const present = Object.keys(RS).filter((k) => h.regionCounts[k]);
  const lines = h.curves.flatMap((c) =>
    c.polylines.flatMap((pl, s) => {
      const pts = pl.closed && pl.points.length ? [...pl.points, pl.points[0]] : pl.points;
      return pts.map((q, order) => ({ x: q.x, y: q.y, curve: CS[c.name]?.label ?? c.name, seg: `${c.name}-${s}`, order }));
    }),
  );
  const curveNames = h.curves.filter((c) => c.polylines.some((p) => p.points.length > 1)).map((c) => c.name);
  const dx = (xs[xs.length - 1] - xs[0]) / (2 * (xs.length - 1));
  const dy = (ys[ys.length - 1] - ys[0]) / (2 * (ys.length - 1));
  const x = { title: h.xName, scale: { domain: [xs[0] - dx, xs[xs.length - 1] + dx], nice: false, zero: false } };
  const y = { title: h.yName, scale: { domain: [ys[0] - dy, ys[ys.length - 1] + dy], nice: false, zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: h.title,
      subtitle: [h.subtitle],
      anchor: 'start',
      fontSize: 13,
      subtitleFontSize: 10,
    },
    width: 520,
    height: 420,
    background: 'white',
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', stroke: null },
        encoding: {
          x: { field: 'x0', type: 'quantitative', ...x },
          x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', ...y },
          y2: { field: 'y1' },
          color: {
            field: 'region',
            type: 'nominal',
            title: 'region',
            scale: { domain: present.map((k) => RS[k].label), range: present.map((k) => RS[k].color) },
            legend: { orient: 'bottom', columns: 2, labelLimit: 320 },
          },
        },
      },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 1.8, clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative', ...x },
          y: { field: 'y', type: 'quantitative', ...y },
          detail: { field: 'seg', type: 'nominal' },
          order: { field: 'order', type: 'quantitative' },
          stroke: {
            field: 'curve',
            type: 'nominal',
            title: 'boundary',
            scale: { domain: curveNames.map((n) => CS[n].label), range: curveNames.map((n) => CS[n].color) },
            legend: { orient: 'right', labelLimit: 260 },
          },
          strokeDash: {
            field: 'curve',
            type: 'nominal',
            scale: { domain: curveNames.map((n) => CS[n].label), range: curveNames.map((n) => CS[n].dash) },
            legend: null,
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
    config: { axis: { grid: false } },
  } as vl.TopLevelSpec;
}
