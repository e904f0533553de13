/**
 * `gatefield phase`: the GRU phase diagram over any two parameters ([KR-PD]) — region of every grid
 * point and the boundary curves as polylines — computed on worker threads.
 */
import { writeFileSync } from 'node:fs';
import { getModel } from '@gatefield/models';
import { type PhaseDiagramResult, type PhaseSpec, phaseDiagram } from '@gatefield/theory';
import { type AxisArg, type FlagSpec, UsageError, formatFlags, parseFlags } from '../args.js';
import { DEBUG_FLAG, HELP_FLAG, JSON_FLAG, MODEL_FLAG, SET_FLAG, fmt, modelOf, parameterTable, parameterValues, printJson, table } from '../common.js';
import { renderSvg, svgToPng } from '../plot.js';
import { CURVE_STYLE, REGION_STYLE, phaseSpec } from '../phasePlot.js';
import { progressBar } from '../progress.js';

export const PHASE_FLAGS: FlagSpec[] = [
  MODEL_FLAG,
  { name: 'x', kind: 'axis', meta: 'NAME=LO:HI:COUNT', default: 'alpha_r=0:10:101', description: 'horizontal axis: a model parameter sampled at COUNT points' },
  { name: 'y', kind: 'axis', meta: 'NAME=LO:HI:COUNT', default: 'g_h=1:3:101', description: 'vertical axis' },
  SET_FLAG,
  { name: 'branch', kind: 'string', choices: ['upper', 'lower', 'all'], default: 'upper', meta: 'WHICH', description: 'nontrivial branch used for the marginal-stability label where two coexist ([OQ-17])' },
  { name: 'saturation', kind: 'string', choices: ['fixed-bias', 'fixed-threshold'], default: 'fixed-bias', meta: 'LIMIT', description: 'how α_z → ∞ is taken for p₁ ([OQ-3])' },
  { name: 'complexity', kind: 'string', choices: ['sign', 'closed-form', 'scba'], default: 'sign', meta: 'HOW', description: 'sign: Σ_MF > 0 from Γ (exact, fast); closed-form / scba: also the value of Σ_MF (scba is slow)' },
  { name: 'workers', kind: 'int', min: 0, max: 64, meta: 'N', default: 'min(2, cores)', description: 'worker threads (0: compute in this thread); results do not depend on it' },
  JSON_FLAG,
  { name: 'svg', kind: 'string', meta: 'FILE', description: 'write the diagram (heat map + boundary curves) as SVG' },
  { name: 'png', kind: 'string', meta: 'FILE', description: 'the same figure as PNG' },
  DEBUG_FLAG,
  HELP_FLAG,
];

export function phaseHelp(): string {
  return `Usage: gatefield phase --model gru --x alpha_r=0:10:101 --y g_h=1:3:101 [--set beta_r=0,...] [--branch upper|lower|all] [--json] [--svg FILE] [--png FILE]

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
`;
}

function axisOf(flag: string, a: AxisArg | undefined, fallback: AxisArg): PhaseSpec['x'] {
  const axis = a ?? fallback;
  const names = Object.keys(getModel('gru').spec.parameters);
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
  if (model.name !== 'gru') throw new UsageError(`phase supports --model gru only (got ${model.name})`);
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
  else process.stdout.write(describePhase(r));
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
