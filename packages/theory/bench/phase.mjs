// Issue-7 phase-diagram bench: the 100×100 (α_r, g_h) GRU phase diagram of run.mjs, alone.
//   node bench/phase.mjs [--workers N] [--repeats R] [--save out.json] [--compare ref.json] [--skip-curves]
//                        [--count N] (axes N×N instead of 100×100)
// Prints wall and process CPU time (all threads, process.cpuUsage) per run, the grid / curve split,
// the branch-equation evaluations and the load average. --save writes the result without its
// timing; --compare checks it against a saved one: region labels and root counts must be identical,
// and the largest differences of roots, Γ², margins and curve points are printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { phaseDiagram } from '../dist/complexity/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : dflt;
};
const workers = Number(opt('workers', 2));
const repeats = Number(opt('repeats', 1));
const count = Number(opt('count', 100));
const skipCurves = args.includes('--skip-curves');
const spec = {
  x: { name: 'alpha_r', lo: 0, hi: 10, count },
  y: { name: 'g_h', lo: 1.5, hi: 3, count },
  parameters: { beta_h: 0, beta_r: 0, beta_z: 0 },
};

let out;
for (let r = 0; r < repeats; r++) {
  const load = loadavg()[0];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  out = await phaseDiagram(spec, { workers, skipCurves });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  console.log(
    `phase ${count}×${count} workers=${workers}: wall ${wall.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms (grid ${out.timing.gridMs.toFixed(0)} ms, curves ${out.timing.curvesMs.toFixed(0)} ms), ` +
      `evaluations ${out.evaluations}, load ${load.toFixed(2)}`,
  );
}

const strip = (d) => ({ ...d, timing: undefined });
const save = opt('save');
if (save) writeFileSync(save, JSON.stringify(strip(out)));

const ref = opt('compare');
if (ref) {
  const a = JSON.parse(readFileSync(ref, 'utf8'));
  const b = JSON.parse(JSON.stringify(strip(out)));
  let labels = 0;
  let rootCounts = 0;
  const worst = { C: 0, gamma2: 0, marginalMargin: 0 };
  for (let j = 0; j < a.points.length; j++) {
    for (let i = 0; i < a.points[j].length; i++) {
      const p = a.points[j][i];
      const q = b.points[j][i];
      if (p.region !== q.region || p.marginal !== q.marginal || p.complexityPositive !== q.complexityPositive || p.originStable !== q.originStable) labels++;
      if (p.roots.length !== q.roots.length) {
        rootCounts++;
        continue;
      }
      p.roots.forEach((r, k) => {
        for (const f of Object.keys(worst)) worst[f] = Math.max(worst[f], Math.abs(r[f] - q.roots[k][f]) / Math.max(1e-300, Math.abs(r[f])));
      });
    }
  }
  console.log(`labels differing: ${labels}, root counts differing: ${rootCounts}, max relative difference of roots: ${JSON.stringify(worst)}`);
  for (const ca of a.curves) {
    const cb = b.curves.find((c) => c.name === ca.name);
    if (!cb) {
      console.log(`curve ${ca.name}: missing`);
      continue;
    }
    const pa = ca.polylines.flatMap((l) => l.points);
    const pb = cb.polylines.flatMap((l) => l.points);
    let d = 0;
    // distance from each point of one curve to the nearest point of the other (point counts may differ)
    const near = (u, vs) => vs.reduce((m, v) => Math.min(m, Math.hypot((u.x - v.x) / 10, (u.y - v.y) / 1.5)), Infinity);
    if (pa.length === pb.length) for (let k = 0; k < pa.length; k++) d = Math.max(d, Math.abs(pa[k].x - pb[k].x), Math.abs(pa[k].y - pb[k].y));
    const hd = Math.max(...pa.map((u) => near(u, pb)), ...pb.map((u) => near(u, pa)), 0);
    console.log(
      `curve ${ca.name}: points ${pa.length} → ${pb.length}, polylines ${ca.polylines.length} → ${cb.polylines.length}, refined ${ca.refined} → ${cb.refined}, dropped ${ca.dropped} → ${cb.dropped}` +
        `${pa.length === pb.length ? `, max |Δ| pointwise ${d.toExponential(2)}` : ''}, Hausdorff (axis-scaled) ${hd.toExponential(2)}`,
    );
  }
}
