// Theory against finite networks: simulate true fixed points for a few seeds and compare.
//
//   node examples/02-compare.mjs [--n 1000] [--seeds 2] [--json]
//
// A disk mass m measured on N eigenvalues has binomial counting noise √(m(1−m)/N); the check
// below allows 4 standard errors plus 1/√N for eigenvalues near a disk boundary (the tolerance of
// the integration tests).
import { parseArgs } from 'node:util';
import { compareGru } from 'gatefield';

const { values: args } = parseArgs({
  options: { n: { type: 'string', default: '1000' }, seeds: { type: 'string', default: '2' }, json: { type: 'boolean', default: false } },
});
const n = Number(args.n);
const seeds = Number(args.seeds);

const params = { g_h: 2.5, beta_h: 2, alpha_z: 10, beta_z: 0, alpha_r: 4, beta_r: 0 };
const disks = [
  { re: 0, im: 0, r: 0.03 }, // slow modes
  { re: -1, im: 0, r: 0.2 }, // the bulk of the active units
];
const c = compareGru(params, { n, seeds, ensemble: 'fixed-point', disks });

const rows = c.rows.map((r) => {
  const tolerance = r.noise === null ? null : 4 * r.noise + 1 / Math.sqrt(n);
  return { ...r, tolerance, withinNoise: tolerance === null ? null : Math.abs(r.difference) <= tolerance };
});
const masses = rows.filter((r) => r.withinNoise !== null);
const result = { parameters: c.parameters, n, seeds: c.seeds, ensemble: c.ensemble, rows, allMassesWithinNoise: masses.every((r) => r.withinNoise) };

if (args.json) {
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  const f = (x) => (x === null ? '' : Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(2));
  console.log(`GRU ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')}; true fixed points, N = ${n}, seeds ${c.seeds.join(', ')}`);
  console.log(['quantity'.padEnd(28), 'theory'.padStart(9), 'simulation'.padStart(11), 'difference'.padStart(11), 'noise'.padStart(8), ''].join(' '));
  for (const r of rows) {
    console.log([r.quantity.padEnd(28), f(r.theory).padStart(9), f(r.simulation).padStart(11), f(r.difference).padStart(11), f(r.noise).padStart(8), r.withinNoise === null ? '' : r.withinNoise ? 'ok' : 'OUTSIDE NOISE'].join(' '));
  }
  console.log(result.allMassesWithinNoise ? 'all disk masses agree within counting noise' : 'some disk masses are outside counting noise');
  console.log('(abscissa and left edge: finite-N extremes fall short of the N → ∞ edges)');
}
