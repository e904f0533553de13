/**
 * `gatefield predict`: the theory for one parameter set — mean-field roots, the support boundary,
 * abscissa and left edge, disk masses and model-specific limits.
 */
import type { PredictionLike } from '../adapters.js';
import { type DiskArg, type FlagSpec, formatFlags, parseFlags } from '../args.js';
import { allParameterTables, DEBUG_FLAG, DISK_FLAG, fmt, HELP_FLAG, JSON_FLAG, MODEL_FLAG, modelOf, parameterValues, printJson, printWarnings, SET_FLAG, table } from '../common.js';

export const PREDICT_FLAGS: FlagSpec[] = [
  MODEL_FLAG,
  SET_FLAG,
  { name: 'root', kind: 'string', choices: ['largest', 'smallest', 'all'], default: 'largest', meta: 'WHICH', description: 'mean-field root the spectrum is computed at (all: one prediction per root)' },
  DISK_FLAG,
  { name: 'boundary-points', kind: 'int', min: 8, max: 100000, default: '512', meta: 'K', description: 'points of the traced support boundary (upper half)' },
  { name: 'csv', kind: 'bool', description: 'print the disk masses as CSV (re,im,r,mass)' },
  JSON_FLAG,
  DEBUG_FLAG,
  HELP_FLAG,
];

export function predictHelp(): string {
  return `Usage: gatefield predict --model gru --set g_h=2,beta_h=1.5,alpha_z=10,alpha_r=4 [--root largest|smallest|all] [--disk RE,IM,R]... [--json]

Mean-field and random-matrix prediction for the fixed-point Jacobian of a random network with
N → ∞ units: every mean-field root, the support boundary, abscissa and left edge, the eigenvalue
mass in each --disk, and the model's limits. --json prints one object (with --root all:
{"model", "predictions": [...]}).

Flags:
${formatFlags(PREDICT_FLAGS)}

${allParameterTables()}
`;
}

/** Run `predict`; returns the process exit code. */
export function runPredict(argv: string[]): number {
  const flags = parseFlags('predict', argv, PREDICT_FLAGS);
  if (flags.help) {
    process.stdout.write(predictHelp());
    return 0;
  }
  const model = modelOf(flags);
  const params = parameterValues(model.name, flags);
  const disks = (flags.disk as DiskArg[]) ?? [];
  const rootFlag = (flags.root as string) ?? 'largest';
  const boundaryPoints = flags['boundary-points'] as number | undefined;
  let predictions: PredictionLike[];
  if (rootFlag === 'all') {
    const first = model.predict(params, { root: 0, disks, boundaryPoints });
    predictions = [first];
    for (let k = 1; k < model.rootCount(first); k++) predictions.push(model.predict(params, { root: k, disks, boundaryPoints }));
  } else {
    predictions = [model.predict(params, { root: rootFlag as 'largest' | 'smallest', disks, boundaryPoints })];
  }
  if (flags.json) {
    printJson(rootFlag === 'all' ? { model: model.name, predictions } : predictions[0]);
    return 0;
  }
  if (flags.csv) {
    process.stdout.write(massesCsv(predictions.flatMap((p) => p.masses)));
    return 0;
  }
  for (const p of predictions) {
    process.stdout.write(model.describePrediction(p));
    if (p.masses.length) {
      const t = table(['centre', 'radius', 'mass'], p.masses.map((m) => [`${m.re}${m.im >= 0 ? '+' : ''}${m.im}i`, String(m.r), fmt(m.mass)]));
      process.stdout.write(`${t.replace(/^/gm, '  ')}\n  (masses are ${model.massNormalisation})\n`);
    }
    printWarnings(p);
  }
  return 0;
}

/** Disk masses as CSV (re,im,r,mass). */
function massesCsv(rows: { re: number; im: number; r: number; mass: number }[]): string {
  return ['re,im,r,mass', ...rows.map((m) => `${m.re},${m.im},${m.r},${m.mass}`)].join('\n') + '\n';
}
