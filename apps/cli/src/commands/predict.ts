/**
 * `gatefield predict`: the theory for one parameter set — mean-field roots, Γ², support boundary,
 * abscissa and left edge, disk masses, saturated-gate limits.
 */
import { type GruPrediction, predictGru } from '@gatefield/theory';
import { type DiskArg, type FlagSpec, formatFlags, parseFlags } from '../args.js';
import { DEBUG_FLAG, DISK_FLAG, fmt, HELP_FLAG, JSON_FLAG, MODEL_FLAG, modelOf, parameterTable, parameterValues, printJson, SET_FLAG, table } from '../common.js';

export const PREDICT_FLAGS: FlagSpec[] = [
  MODEL_FLAG,
  SET_FLAG,
  { name: 'root', kind: 'string', choices: ['largest', 'smallest', 'all'], default: 'largest', meta: 'WHICH', description: 'mean-field root the spectrum is computed at (all: one prediction per root)' },
  DISK_FLAG,
  { name: 'boundary-points', kind: 'int', min: 8, max: 100000, default: '512', meta: 'K', description: 'points of the traced support boundary (upper half)' },
  JSON_FLAG,
  DEBUG_FLAG,
  HELP_FLAG,
];

export function predictHelp(): string {
  return `Usage: gatefield predict --model gru --set g_h=2,beta_h=1.5,alpha_z=10,alpha_r=4 [--root largest|smallest|all] [--disk RE,IM,R]... [--json]

Mean-field and random-matrix prediction for the fixed-point Jacobian of a random network with
N → ∞ units: every mean-field root, Γ², the support boundary, abscissa and left edge, the
eigenvalue mass in each --disk (a fraction of the N eigenvalues) and the saturated-update-gate
limits. --json prints one object (with --root all: {"model", "predictions": [...]}).

Flags:
${formatFlags(PREDICT_FLAGS)}

GRU parameters (NAME [range] default):
${parameterTable('gru')}
`;
}

/** Run `predict`; returns the process exit code. */
export function runPredict(argv: string[]): number {
  const flags = parseFlags('predict', argv, PREDICT_FLAGS);
  if (flags.help) {
    process.stdout.write(predictHelp());
    return 0;
  }
  const params = parameterValues(modelOf(flags), flags);
  const disks = (flags.disk as DiskArg[]) ?? [];
  const rootFlag = (flags.root as string) ?? 'largest';
  const boundaryPoints = flags['boundary-points'] as number | undefined;
  let predictions: GruPrediction[];
  if (rootFlag === 'all') {
    const first = predictGru(params, { root: 0, disks, boundaryPoints });
    predictions = [first];
    for (let k = 1; k < first.meanField.roots.length; k++) predictions.push(predictGru(params, { root: k, disks, boundaryPoints }));
  } else {
    predictions = [predictGru(params, { root: rootFlag as 'largest' | 'smallest', disks, boundaryPoints })];
  }
  if (flags.json) {
    printJson(rootFlag === 'all' ? { model: 'gru', predictions } : predictions[0]);
    return 0;
  }
  for (const p of predictions) process.stdout.write(describePrediction(p));
  return 0;
}

/** Human-readable summary of a prediction. */
export function describePrediction(p: GruPrediction): string {
  const mf = p.meanField;
  const lines = [
    `GRU prediction at ${Object.entries(p.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `  mean-field roots C: ${mf.roots.map((r) => `${fmt(r.C)} (${r.branch}, Γ²=${fmt(r.gamma2)})`).join(', ')}`,
    `  at C = ${fmt(mf.C)}: Var η = ${fmt(mf.deltaEta)}, Γ² = ${fmt(mf.gamma2)} (without the reset-derivative term ${fmt(mf.gamma2NoResetDerivative)})`,
    `  support: abscissa ${fmt(p.support.abscissa)}, left edge ${fmt(p.support.leftEdge)}, origin ${p.support.originInBulk ? 'inside' : 'outside'} the bulk`,
    `  saturated update gate (α_z → ∞): p₁ = ${fmt(p.limits.p1)}, fixed point ${p.limits.saturatedStability}; P(s < ${p.limits.slowModeFraction.delta}) = ${fmt(p.limits.slowModeFraction.fraction)}`,
  ];
  if (p.masses.length) {
    lines.push(
      table(
        ['centre', 'radius', 'mass'],
        p.masses.map((m) => [`${m.re}${m.im >= 0 ? '+' : ''}${m.im}i`, String(m.r), fmt(m.mass)]),
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  return `${lines.join('\n')}\n`;
}
