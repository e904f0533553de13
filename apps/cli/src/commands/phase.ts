/**
 * `gatefield phase`: the GRU phase diagram over any two parameters ([KR-PD]) — region of every grid
 * point and the boundary curves as polylines — computed on worker threads; with `--model gated` the
 * gated-RNN diagram ([GATE-PD]: zero FP [GATE-TR-1], saddle-node and subcriticality [GATE-TR-4],
 * complexity [GATE-KR-5], chaos onset and bistability [GATE-TR-5], marginal stability [GATE-MS-2]).
 */
import { writeFileSync } from 'node:fs';
import { getModel } from '@gatefield/models';
import { type GatedPhaseDiagramResult, type GatedPhaseSpec, type PhaseDiagramResult, type PhaseSpec, gatedPhaseDiagram, phaseDiagram } from '@gatefield/theory';
import { type AxisArg, type FlagSpec, UsageError, formatFlags, parseFlags } from '../args.js';
import { DEBUG_FLAG, HELP_FLAG, JSON_FLAG, MODEL_FLAG, SET_FLAG, fmt, modelOf, parameterTable, parameterValues, printJson, printWarnings, table } from '../common.js';
import { renderSvg, svgToPng } from '../plot.js';
import { CURVE_STYLE, GATED_CURVE_STYLE, GATED_REGION_STYLE, REGION_STYLE, gatedPhaseSpec, phaseSpec } from '../phasePlot.js';
import { progressBar } from '../progress.js';

export const PHASE_FLAGS: FlagSpec[] = [
  MODEL_FLAG,
  { name: 'x', kind: 'axis', meta: 'NAME=LO:HI:COUNT', default: 'alpha_r=0:10:101', description: 'horizontal axis: a model parameter sampled at COUNT points' },
  { name: 'y', kind: 'axis', meta: 'NAME=LO:HI:COUNT', default: 'g_h=1:3:101', description: 'vertical axis' },
  SET_FLAG,
  { name: 'branch', kind: 'string', choices: ['upper', 'lower', 'all'], default: 'upper', meta: 'WHICH', description: 'nontrivial branch used for the marginal-stability label where two coexist ([OQ-17])' },
  { name: 'saturation', kind: 'string', choices: ['fixed-bias', 'fixed-threshold'], default: 'fixed-bias', meta: 'LIMIT', description: 'how α_z → ∞ is taken for p₁ ([OQ-3])' },
  { name: 'complexity', kind: 'string', choices: ['sign', 'closed-form', 'scba'], default: 'sign', meta: 'HOW', description: 'sign: Σ_MF > 0 from Γ (exact, fast); closed-form / scba: also the value of Σ_MF (scba is slow)' },
  { name: 'chaos', kind: 'string', choices: ['onset-curve', 'per-point', 'off'], meta: 'HOW', default: 'onset-curve', description: '--model gated only: how the chaotic attractor is located between g_h^FP and the origin line (see below)' },
  { name: 'chaos-samples', kind: 'int', min: 1, max: 2000, meta: 'N', default: '5', description: '--model gated only: values of the non-g_h axis at which the chaos onset is solved by DMFT continuation (slow: ~10–30 s each)' },
  { name: 'workers', kind: 'int', min: 0, max: 64, meta: 'N', default: 'min(2, cores)', description: 'worker threads (0: compute in this thread); results do not depend on it' },
  JSON_FLAG,
  { name: 'svg', kind: 'string', meta: 'FILE', description: 'write the diagram (heat map + boundary curves) as SVG' },
  { name: 'png', kind: 'string', meta: 'FILE', description: 'the same figure as PNG' },
  DEBUG_FLAG,
  HELP_FLAG,
];

export function phaseHelp(): string {
  return `Usage: gatefield phase --model gru --x alpha_r=0:10:101 --y g_h=1:3:101 [--set beta_r=0,...] [--branch upper|lower|all] [--json] [--svg FILE] [--png FILE]
       gatefield phase --model gated --x alpha_r=0:10:41 --y g_h=1:4:61 [--set beta_r=1,...] [--chaos onset-curve|per-point|off] [--chaos-samples N] [--json] [--svg FILE] [--png FILE]

GRU phase diagram over two parameters ([KR-PD]). Every grid point is labelled: origin stable or
unstable ([KR-11]), number of nontrivial mean-field fixed-point branches, Σ_MF > 0 ([KR-16]),
marginal stability of the chosen branch under a saturated update gate ([KR-17]). The boundary
curves — origin line, saddle-node g_sn ([KR-15]), complexity boundary, Γ² = 1/p₁ on the upper and
lower branches — are returned as polylines solved exactly along the grid (not just the grid).
--json prints one object; a progress bar goes to stderr only on a terminal and never with --json.

Flags:
${formatFlags(PHASE_FLAGS)}

GRU parameters (NAME [range] default); the axis parameters override --set:
${parameterTable('gru')}

--model gated: the gated RNN with dynamical gates ([GATE-PD]); default axes --x alpha_r=0:10:41
--y g_h=1:4:61; --branch, --saturation and --complexity do not apply. Regions:
  zero-stable          only the zero fixed point, stable (g_h ≤ 1 + e^β_r, [GATE-TR-1]; β_h = 0)
  zero-stable-complex  stable zero FP plus unstable non-zero FPs: topological complexity on
                       ([GATE-KR-5]) but no chaotic attractor (g_h^FP < g_h < g_h^chaos)
  bistable             stable zero FP together with a chaotic attractor ([GATE-TR-5])
  chaotic              zero FP unstable, no stable fixed point
  nonzero-stable       zero FP unstable, a stable non-zero FP (stability functional < 1, [GATE-RMT-4])
  marginal             a stable FP with at least 10 % slow units σ_z < 0.02 (large α_z, [GATE-MS-2])
  fp-stable/unstable   β_h ≠ 0 (no zero FP): the fixed point's stability [GATE-RMT-4]
Curves: origin line g_h = 1 + e^β_r, saddle-node g_h^FP, subcriticality α_r²(1−s)(2−3s) = 2
([GATE-TR-4]) solved exactly along the grid; chaos onset g_h^chaos by DMFT continuation (α_z = 0,
needs g_h as an axis; --chaos per-point solves the DMFT at every point instead, off skips it);
Γ = 1 and the marginal threshold interpolated on the grid.

Gated parameters (NAME [range] default):
${parameterTable('gated')}
`;
}

function axisOf(flag: string, a: AxisArg | undefined, fallback: AxisArg, modelName = 'gru'): PhaseSpec['x'] {
  const axis = a ?? fallback;
  const names = Object.keys(getModel(modelName).spec.parameters);
  if (!names.includes(axis.name)) throw new UsageError(`invalid --${flag} parameter ${JSON.stringify(axis.name)}: valid parameters are ${names.join(', ')}`);
  return { name: axis.name as PhaseSpec['x']['name'], lo: axis.lo, hi: axis.hi, count: axis.count };
}

/** Run `phase`; returns the exit code. */
export async function runPhase(argv: string[]): Promise<number> {
  const flags = parseFlags('phase', argv, PHASE_FLAGS);
  if (flags.help) {
    process.stdout.write(phaseHelp());
    return 0;
  }
  const model = modelOf(flags);
  if (model.name === 'gated') return runGatedPhase(flags, model);
  if (model.name !== 'gru') throw new UsageError(`phase supports --model gru and gated only (got ${model.name})`);
  for (const k of ['chaos', 'chaos-samples']) if (flags[k] !== undefined) throw new UsageError(`--${k} applies to --model gated only`);
  const parameters = parameterValues(model.name, flags);
  const x = axisOf('x', flags.x as AxisArg | undefined, { name: 'alpha_r', lo: 0, hi: 10, count: 101 });
  const y = axisOf('y', flags.y as AxisArg | undefined, { name: 'g_h', lo: 1, hi: 3, count: 101 });
  if (x.name === y.name) throw new UsageError(`--x and --y must be different parameters (both are ${x.name})`);
  const spec: PhaseSpec = {
    x,
    y,
    parameters,
    branch: (flags.branch as PhaseSpec['branch']) ?? 'upper',
    saturationLimit: (flags.saturation as PhaseSpec['saturationLimit']) ?? 'fixed-bias',
    complexity: (flags.complexity as PhaseSpec['complexity']) ?? 'sign',
  };
  const bar = flags.json ? null : progressBar('phase diagram rows', y.count);
  const r = await phaseDiagram(spec, { workers: flags.workers as number | undefined, onProgress: (d) => bar?.update(d) });
  bar?.done();
  const svgPath = flags.svg as string | undefined;
  const pngPath = flags.png as string | undefined;
  if (svgPath || pngPath) {
    const svg = await renderSvg(phaseSpec(r));
    if (svgPath) writeFileSync(svgPath, svg);
    if (pngPath) writeFileSync(pngPath, await svgToPng(svg));
  }
  if (flags.json) printJson({ model, ...r });
  else {
    process.stdout.write(describePhase(r));
    printWarnings(r);
  }
  return 0;
}

/** Human-readable summary: region counts and the boundary curves (sampled). */
export function describePhase(r: PhaseDiagramResult): string {
  const total = r.x.length * r.y.length;
  const lines = [
    `GRU phase diagram: ${r.spec.x.name} ∈ [${r.spec.x.lo}, ${r.spec.x.hi}] (${r.x.length}) × ${r.spec.y.name} ∈ [${r.spec.y.lo}, ${r.spec.y.hi}] (${r.y.length}); fixed ${JSON.stringify(r.spec.parameters)}`,
    `  branch ${r.spec.branch}, p₁ ${r.spec.saturationLimit}, workers ${r.settings.workers} (${r.settings.workerMode}), grid ${fmt(r.timing.gridMs / 1000, 3)} s, curves ${fmt(r.timing.curvesMs / 1000, 3)} s`,
    '',
    table(
      ['region', 'points', 'fraction'],
      Object.entries(r.regionCounts).map(([k, n]) => [REGION_STYLE[k]?.label ?? k, String(n), fmt((n as number) / total, 3)]),
    ),
    '',
  ];
  for (const c of r.curves) {
    const pts = c.polylines.flatMap((p) => p.points);
    lines.push(`${CURVE_STYLE[c.name]?.label ?? c.name}: ${c.polylines.length} polyline(s), ${pts.length} points (${c.refined} exact crossings, ${c.dropped} dropped${c.traced ? ', traced by continuation' : ''})`);
    const step = Math.max(1, Math.ceil(pts.length / 8));
    const sample = pts.filter((_, k) => k % step === 0 || k === pts.length - 1);
    if (sample.length) lines.push(`  ${sample.map((p) => `(${fmt(p.x)}, ${fmt(p.y)})`).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `phase --model gated` ([GATE-PD]). */
async function runGatedPhase(flags: Record<string, unknown>, model: { name: string }): Promise<number> {
  for (const k of ['branch', 'saturation', 'complexity']) if (flags[k] !== undefined) throw new UsageError(`--${k} applies to --model gru only`);
  const parameters = parameterValues('gated', flags);
  const x = axisOf('x', flags.x as AxisArg | undefined, { name: 'alpha_r', lo: 0, hi: 10, count: 41 }, 'gated') as unknown as GatedPhaseSpec['x'];
  const y = axisOf('y', flags.y as AxisArg | undefined, { name: 'g_h', lo: 1, hi: 4, count: 61 }, 'gated') as unknown as GatedPhaseSpec['y'];
  if (x.name === y.name) throw new UsageError(`--x and --y must be different parameters (both are ${x.name})`);
  const spec: GatedPhaseSpec = { x, y, parameters, chaos: (flags.chaos as GatedPhaseSpec['chaos']) ?? 'onset-curve' };
  if (flags['chaos-samples'] !== undefined) spec.chaosSamples = flags['chaos-samples'] as number;
  const bar = flags.json ? null : progressBar('phase diagram tasks', y.count);
  const r = await gatedPhaseDiagram(spec, { workers: flags.workers as number | undefined, onProgress: (d, t) => bar?.update(Math.round((d * y.count) / t)) });
  bar?.done();
  const svgPath = flags.svg as string | undefined;
  const pngPath = flags.png as string | undefined;
  if (svgPath || pngPath) {
    const svg = await renderSvg(gatedPhaseSpec(r));
    if (svgPath) writeFileSync(svgPath, svg);
    if (pngPath) writeFileSync(pngPath, await svgToPng(svg));
  }
  if (flags.json) printJson({ model, ...r });
  else {
    process.stdout.write(describeGatedPhase(r));
    printWarnings(r);
  }
  return 0;
}

/** Human-readable summary of a gated phase diagram: region counts, chaos onsets, curves (sampled). */
export function describeGatedPhase(r: GatedPhaseDiagramResult): string {
  const total = r.x.length * r.y.length;
  const lines = [
    `gated RNN phase diagram: ${r.spec.x.name} ∈ [${r.spec.x.lo}, ${r.spec.x.hi}] (${r.x.length}) × ${r.spec.y.name} ∈ [${r.spec.y.lo}, ${r.spec.y.hi}] (${r.y.length}); fixed ${JSON.stringify(r.spec.parameters)}`,
    `  chaos ${r.settings.chaos}, workers ${r.settings.workers} (${r.settings.workerMode}), onsets ${fmt(r.timing.onsetMs / 1000, 3)} s, grid ${fmt(r.timing.gridMs / 1000, 3)} s, curves ${fmt(r.timing.curvesMs / 1000, 3)} s`,
    '',
    table(
      ['region', 'points', 'fraction'],
      Object.entries(r.regionCounts).map(([k, n]) => [GATED_REGION_STYLE[k]?.label ?? k, String(n), fmt((n as number) / total, 3)]),
    ),
    '',
  ];
  const dmft = r.onsets.filter((o) => o.method !== 'continuous');
  if (dmft.length) {
    lines.push(table(['value', 'g_h^FP', 'g_h^chaos', '1 + e^β_r', 'method'], dmft.map((o) => [fmt(o.value), fmt(o.saddleNode), fmt(o.onset), fmt(o.originGain), o.method])), '');
  }
  for (const c of r.curves) {
    const pts = c.polylines.flatMap((p) => p.points);
    lines.push(`${GATED_CURVE_STYLE[c.name]?.label ?? c.name}: ${c.polylines.length} polyline(s), ${pts.length} points (${c.exact ? `${c.refined} exact` : 'interpolated on the grid'}${c.dropped ? `, ${c.dropped} dropped` : ''})`);
    const step = Math.max(1, Math.ceil(pts.length / 8));
    const sample = pts.filter((_, k) => k % step === 0 || k === pts.length - 1);
    if (sample.length) lines.push(`  ${sample.map((p) => `(${fmt(p.x)}, ${fmt(p.y)})`).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
