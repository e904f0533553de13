/**
 * `gatefield compare`: theory against finite networks over several seeds.
 */
import { writeFileSync } from 'node:fs';
import { type DiskArg, type FlagSpec, formatFlags, parseFlags } from '../args.js';
import type { ComparisonLike } from '../adapters.js';
import { allParameterTables, DEBUG_FLAG, DISK_FLAG, fmt, HELP_FLAG, JSON_FLAG, MODEL_FLAG, modelOf, parameterValues, printJson, SET_FLAG, table } from '../common.js';
import { renderSvg, spectrumSpec, svgToPng } from '../plot.js';
import { progressBar } from '../progress.js';

export const COMPARE_FLAGS: FlagSpec[] = [
  MODEL_FLAG,
  SET_FLAG,
  { name: 'n', kind: 'int', min: 1, max: 4000, default: '1000', meta: 'N', description: 'number of units' },
  { name: 'seeds', kind: 'int', min: 1, max: 1000, default: '3', meta: 'K', description: 'simulate seeds 1..K' },
  { name: 'ensemble', kind: 'string', choices: ['fixed-point', 'iid'], default: 'fixed-point', meta: 'KIND', description: 'true fixed point, or iid mean-field site diagonals [NUM-11]' },
  DISK_FLAG,
  { name: 'workers', kind: 'int', min: 0, max: 64, default: 'one per core, ≤ K + 1', meta: 'W', description: 'worker threads running the theory and the seeds concurrently (gru; 0 = one thread; same output for any W)' },
  { name: 'svg', kind: 'string', meta: 'FILE', description: 'write the spectrum of the first seed over the predicted boundary as SVG' },
  { name: 'png', kind: 'string', meta: 'FILE', description: 'the same figure as PNG' },
  { name: 'csv', kind: 'bool', description: 'print the comparison table as CSV' },
  JSON_FLAG,
  DEBUG_FLAG,
  HELP_FLAG,
];

export function compareHelp(): string {
  return `Usage: gatefield compare --model gru --set ... --n 1000 --seeds 3 [--ensemble fixed-point|iid] [--disk RE,IM,R]... [--json|--csv] [--svg FILE] [--png FILE]

Prediction against simulation: C, Var η, abscissa, left edge and disk masses (fractions of the N
eigenvalues), simulated over seeds 1..K. The "noise" column is the binomial counting error of a
mass, √(m(1−m)/(N·K)). Finite networks fall short of the predicted edges (low edge density,
[NUM-13]): compare masses, not extremes. For --model gru the theory and the seeds run
concurrently on --workers threads; the output does not depend on their number.

Flags:
${formatFlags(COMPARE_FLAGS)}

${allParameterTables()}
`;
}

/** Text table of a comparison. */
export function comparisonTable(c: ComparisonLike, csv = false): string {
  const header = ['quantity', 'theory', 'simulation', 'spread', 'difference', 'noise'];
  const rows = c.rows.map((r) => [r.quantity, fmt(r.theory), fmt(r.simulation), fmt(r.spread), fmt(r.difference), r.noise === null ? '' : fmt(r.noise)]);
  if (csv) return [header, ...rows].map((r) => r.map((x) => (/[,"]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x)).join(',')).join('\n') + '\n';
  return `${c.model}, N = ${c.n}, seeds ${c.seeds.join(',')}, ${c.ensemble} ensemble, ${Object.entries(c.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}\n${table(header, rows)}\n`;
}

/** Write the figure files requested by --svg / --png. */
export async function writeFigures(c: ComparisonLike, svgPath?: string, pngPath?: string): Promise<void> {
  if (!svgPath && !pngPath) return;
  const sim = c.simulations[0];
  const svg = await renderSvg(
    spectrumSpec({
      title: `${c.model} fixed-point Jacobian spectrum, N = ${c.n}, seed ${sim.seed} (${c.ensemble})`,
      subtitle: [Object.entries(c.parameters).map(([k, v]) => `${k}=${v}`).join(', '), 'blue: eigenvalues; red: predicted support boundary; green: disks'],
      eigenvalues: sim.eigenvalues,
      boundary: c.prediction.support.boundary,
      disks: c.prediction.masses,
    }),
  );
  if (svgPath) writeFileSync(svgPath, svg);
  if (pngPath) writeFileSync(pngPath, await svgToPng(svg));
}

export async function runCompare(argv: string[]): Promise<number> {
  const flags = parseFlags('compare', argv, COMPARE_FLAGS);
  if (flags.help) {
    process.stdout.write(compareHelp());
    return 0;
  }
  const seeds = (flags.seeds as number) ?? 3;
  const bar = flags.json || flags.csv ? null : progressBar('simulating seeds', seeds);
  const model = modelOf(flags);
  const options = {
    n: (flags.n as number) ?? 1000,
    seeds,
    ensemble: (flags.ensemble as 'fixed-point' | 'iid') ?? 'fixed-point',
    disks: (flags.disk as DiskArg[]) ?? [],
    onProgress: (done: number) => bar?.update(done),
  };
  const c = model.compareAsync
    ? await model.compareAsync(parameterValues(model.name, flags), { ...options, workers: flags.workers as number | undefined })
    : model.compare(parameterValues(model.name, flags), options);
  bar?.done();
  await writeFigures(c, flags.svg as string | undefined, flags.png as string | undefined);
  if (flags.json) printJson({ model: c.model, parameters: c.parameters, n: c.n, seeds: c.seeds, ensemble: c.ensemble, rows: c.rows, prediction: c.prediction, simulations: c.simulations.map(({ eigenvalues, ...rest }) => ({ ...rest, eigenvalues })) });
  else process.stdout.write(comparisonTable(c, Boolean(flags.csv)));
  return 0;
}
