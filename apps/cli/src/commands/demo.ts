/**
 * `gatefield demo`: the headline job. A GRU with a saturating update gate (α_z = 10) at a stable
 * biased fixed point (g_h = 2.5, β_h = 2, α_r = 4: the slow-mode example of [GRU-LIM-9] and
 * [GRU-REF-4]): about a third of the eigenvalues pile up near λ = 0 — slow modes — and the theory
 * predicts how many. Prints the theory-vs-simulation table and writes the spectrum with its
 * predicted boundary as SVG.
 */
import { type FlagSpec, formatFlags, parseFlags } from '../args.js';
import { DEBUG_FLAG, HELP_FLAG, JSON_FLAG, printJson } from '../common.js';
import type { ComparisonLike } from '../adapters.js';
import { compareGruParallel } from '../experiments.js';
import { progressBar } from '../progress.js';
import { comparisonTable, writeFigures } from './compare.js';

export const DEMO_PARAMETERS = { g_h: 2.5, beta_h: 2, alpha_z: 10, beta_z: 0, alpha_r: 4, beta_r: 0 };
export const DEMO_DISKS = [
  { re: 0, im: 0, r: 0.03 },
  { re: 0, im: 0, r: 0.1 },
  { re: -0.5, im: 0, r: 0.2 },
  { re: -1, im: 0, r: 0.2 },
  { re: -1.1, im: 0.3, r: 0.15 },
];

export const DEMO_FLAGS: FlagSpec[] = [
  { name: 'n', kind: 'int', min: 50, max: 4000, default: '1000', meta: 'N', description: 'number of units' },
  { name: 'seeds', kind: 'int', min: 1, max: 100, default: '2', meta: 'K', description: 'simulate seeds 1..K' },
  { name: 'svg', kind: 'string', default: 'gatefield-demo.svg', meta: 'FILE', description: 'where to write the spectrum figure' },
  { name: 'png', kind: 'string', meta: 'FILE', description: 'also write a PNG' },
  JSON_FLAG,
  DEBUG_FLAG,
  HELP_FLAG,
];

export async function runDemo(argv: string[]): Promise<number> {
  const flags = parseFlags('demo', argv, DEMO_FLAGS);
  if (flags.help) {
    process.stdout.write(`Usage: gatefield demo [--n 1000] [--seeds 2] [--svg FILE] [--png FILE] [--json]\n\nThe headline GRU slow-mode comparison: ${Object.entries(DEMO_PARAMETERS).map(([k, v]) => `${k}=${v}`).join(', ')}.\n\nFlags:\n${formatFlags(DEMO_FLAGS)}\n`);
    return 0;
  }
  const seeds = (flags.seeds as number) ?? 2;
  const svg = (flags.svg as string) ?? 'gatefield-demo.svg';
  const bar = flags.json ? null : progressBar('simulating seeds', seeds);
  const c = await compareGruParallel(DEMO_PARAMETERS, { n: (flags.n as number) ?? 1000, seeds, ensemble: 'fixed-point', disks: DEMO_DISKS, onProgress: (k) => bar?.update(k) });
  bar?.done();
  await writeFigures(c as unknown as ComparisonLike, svg, flags.png as string | undefined);
  if (flags.json) {
    printJson({ parameters: c.parameters, n: c.n, seeds: c.seeds, rows: c.rows, svg });
    return 0;
  }
  process.stdout.write(
    `gatefield demo — slow modes from a saturating update gate (continuous-time GRU)\n` +
      `Theory: mean field + hermitised SCBA density (N → ∞). Simulation: true fixed points, N = ${c.n}.\n` +
      `About a third of the spectrum sits within 0.03 of λ = 0 although the fixed point is stable (Γ² = ${c.prediction.meanField.gamma2.toFixed(3)} < 1).\n\n` +
      comparisonTable(c as unknown as ComparisonLike) +
      `\nSpectrum and predicted support boundary written to ${svg}\n`,
  );
  return 0;
}
