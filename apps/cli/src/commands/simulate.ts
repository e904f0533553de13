/**
 * `gatefield simulate`: a seeded finite GRU network and the spectrum of its fixed-point Jacobian.
 */
import { type DiskArg, type FlagSpec, formatFlags, parseFlags } from '../args.js';
import { allParameterTables, DEBUG_FLAG, DISK_FLAG, fmt, HELP_FLAG, JSON_FLAG, MODEL_FLAG, modelOf, parameterValues, printJson, SET_FLAG, table } from '../common.js';

export const SIMULATE_FLAGS: FlagSpec[] = [
  MODEL_FLAG,
  SET_FLAG,
  { name: 'n', kind: 'int', min: 1, max: 4000, default: '1000', meta: 'N', description: 'number of units' },
  { name: 'seed', kind: 'int', min: 0, max: Number.MAX_SAFE_INTEGER, default: '1', meta: 'SEED', description: 'seed of every random draw' },
  { name: 'ensemble', kind: 'string', choices: ['fixed-point', 'iid'], default: 'fixed-point', meta: 'KIND', description: 'true fixed point, or iid mean-field site diagonals [NUM-11]' },
  DISK_FLAG,
  { name: 'csv', kind: 'bool', description: 'print the disk masses as CSV (re,im,r,mass)' },
  JSON_FLAG,
  DEBUG_FLAG,
  HELP_FLAG,
];

export function simulateHelp(): string {
  return `Usage: gatefield simulate --model gru --set ... --n 1000 --seed 1 [--ensemble fixed-point|iid] [--disk RE,IM,R]... [--json]

Draws a random network (weights from the seed), builds the Jacobian at a true fixed point
(ungated flow + Newton) or with iid mean-field site diagonals, and reports its eigenvalues, C, Var η,
abscissa, left edge and the fraction of the N eigenvalues in each --disk. The same seed gives the
same bytes. --json prints n, seed, eigenvalues ([re, im] pairs), C, abscissa, leftEdge,
masses.

Flags:
${formatFlags(SIMULATE_FLAGS)}

${allParameterTables()}
`;
}

export function runSimulate(argv: string[]): number {
  const flags = parseFlags('simulate', argv, SIMULATE_FLAGS);
  if (flags.help) {
    process.stdout.write(simulateHelp());
    return 0;
  }
  const model = modelOf(flags);
  const sim = model.simulate(parameterValues(model.name, flags), {
    n: (flags.n as number) ?? 1000,
    seed: (flags.seed as number) ?? 1,
    ensemble: (flags.ensemble as 'fixed-point' | 'iid') ?? 'fixed-point',
    disks: (flags.disk as DiskArg[]) ?? [],
  });
  if (flags.json) {
    printJson(sim);
    return 0;
  }
  if (flags.csv) {
    process.stdout.write(massesCsv(sim.masses));
    return 0;
  }
  process.stdout.write(
    `${model.name} network N = ${sim.n}, seed ${sim.seed}, ${sim.ensemble} ensemble\n` +
      `  C = ${fmt(sim.C)}, abscissa ${fmt(sim.abscissa)}, left edge ${fmt(sim.leftEdge)}\n` +
      (sim.fixedPoint ? `  fixed point: residual ${fmt(sim.fixedPoint.residual)} after ${sim.fixedPoint.euler} Euler and ${sim.fixedPoint.newton} Newton steps\n` : '') +
      (sim.masses.length ? `${table(['centre', 'radius', 'mass'], sim.masses.map((m) => [`${m.re}${m.im >= 0 ? '+' : ''}${m.im}i`, String(m.r), fmt(m.mass)])).replace(/^/gm, '  ')}\n` : ''),
  );
  return 0;
}

/** Disk masses as CSV (re,im,r,mass). */
function massesCsv(rows: { re: number; im: number; r: number; mass: number }[]): string {
  return ['re,im,r,mass', ...rows.map((m) => `${m.re},${m.im},${m.r},${m.mass}`)].join('\n') + '\n';
}
