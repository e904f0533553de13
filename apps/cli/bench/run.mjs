// Issue-7 timing of `gatefield compare` at N = 1000 with 3 seeds (target < 20 s on 2 cores), with
// the stages broken down: theory (predictGru), network set-up, fixed point, Jacobian assembly,
// eigenvalues, and the statistics. The full comparison is timed in one thread (compareGru) and on
// worker threads (compareGruParallel, as `gatefield compare` runs it). Wall clock is the minimum
// over repetitions (the machine is shared); CPU time (process.cpuUsage: the whole process, worker
// threads included) is printed alongside.
// The load average is printed before and after. Usage: node bench/run.mjs [reps] [n] [workers]
import { loadavg } from 'node:os';
import { compareGru, compareGruParallel } from '../dist/index.js';
import { predictGru, resolveGruParameters } from '@gatefield/theory';
import { getModel } from '@gatefield/models';
import { createNetwork, findFixedPoint, jacobianAtState, orderParameterC, fieldMoments, spectrum, massInDisks } from '@gatefield/sim';

const reps = Number(process.argv[2] ?? 2);
const n = Number(process.argv[3] ?? 1000);
const workers = Number(process.argv[4] ?? 2);
const seeds = 3;
// the headline slow-mode point of `pnpm demo` (stable fixed point, saturating update gate)
const params = { g_h: 2.5, beta_h: 2, alpha_z: 10, alpha_r: 4 };
const disks = [{ re: 0, im: 0, r: 0.03 }, { re: -1, im: 0, r: 0.2 }];

/** Process CPU time (all threads) in ms. */
function processCpu() {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** Wall and process CPU time (ms) of `f()` (awaited if it returns a promise), and its result. */
async function measure(f) {
  const c0 = processCpu();
  const t0 = performance.now();
  const out = await f();
  return { wall: performance.now() - t0, cpu: processCpu() - c0, out };
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`gatefield compare benchmark (Node ${process.version}), N = ${n}, ${seeds} seeds, ${JSON.stringify(params)}`);
console.log(`load average before: ${load()}`);
const stages = { theory: [], network: [], fixedPoint: [], jacobian: [], eigenvalues: [], statistics: [] };
const full = [];
const parallel = [];
for (let r = 0; r < reps; r++) {
  parallel.push(await measure(() => compareGruParallel(params, { n, seeds, disks, workers })));
  full.push(await measure(() => compareGru(params, { n, seeds, disks })));
  const p = resolveGruParameters(params);
  stages.theory.push(await measure(() => predictGru(p, { disks })));
  for (let seed = 1; seed <= seeds; seed++) {
    const net = await measure(() => createNetwork(getModel('gru'), p, n, seed));
    const fp = await measure(() => findFixedPoint(net.out));
    const J = await measure(() => jacobianAtState(net.out, fp.out.state));
    const eig = await measure(() => spectrum(J.out, n));
    const st = await measure(() => [orderParameterC(net.out, fp.out.state), fieldMoments(net.out, fp.out.fields), massInDisks(eig.out, disks)]);
    for (const [k, m] of [['network', net], ['fixedPoint', fp], ['jacobian', J], ['eigenvalues', eig], ['statistics', st]]) {
      if (seed === 1) stages[k].push({ wall: 0, cpu: 0 });
      const last = stages[k][stages[k].length - 1];
      last.wall += m.wall;
      last.cpu += m.cpu;
    }
  }
}
const best = (a) => a.reduce((m, x) => (x.wall < m.wall ? x : m));
const line = (label, m) => console.log(`${label.padEnd(44)} ${(m.wall / 1000).toFixed(2).padStart(8)} s wall ${(m.cpu / 1000).toFixed(2).padStart(8)} s cpu`);
for (const [k, v] of Object.entries(stages)) line(`  ${k}${k === 'theory' ? '' : ` (${seeds} seeds)`}`, best(v));
const b = best(full);
line(`compare N = ${n} × ${seeds} seeds, 1 thread (min of ${reps})`, b);
const bp = best(parallel);
line(`compare N = ${n} × ${seeds} seeds, ${workers} workers (min of ${reps})`, bp);
console.log(`${'target < 20 s on 2 cores'.padEnd(44)} ${bp.wall < 20000 ? 'PASS' : 'MISS'}`);
console.log(`load average after: ${load()}`);
