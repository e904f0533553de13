// Issue 7: SCBA density grid m×m over the bulk of the smooth-gates GRU {g_h: 3, α_z: 2, α_r: 2},
// 2 workers, target < 2 s at m = 200 (scaled by m²/200²). Runs the grid with the default
// 20 480-site rule and with the map rule (gruMapSites), continuation solver (default), and reports
// wall / CPU (process.cpuUsage, all threads), points in the bulk, passes over the sites per bulk
// point, and the map rule's accuracy max |Δρ| / max ρ against the default rule on the same grid.
// Usage: node bench/scbaGrid.mjs            (m = GATEFIELD_BENCH_SCBA_GRID or 200)
//        GATEFIELD_BENCH_SCBA_POINTWISE=1 also runs the per-point solver (slow: ~100 s at m = 200).
import { gruMapSites, gruQuadratureSites, gruSupport, resolveGruParameters, scbaDensityGrid, solveGruMeanField } from '../dist/index.js';

const m = Number(process.env.GATEFIELD_BENCH_SCBA_GRID ?? 200);
const pointwise = process.env.GATEFIELD_BENCH_SCBA_POINTWISE === '1';
const p = resolveGruParameters({ g_h: 3, alpha_z: 2, alpha_r: 2 });
const root = solveGruMeanField(p).roots.slice(-1)[0];
const support = gruSupport(root.gamma2, { C: root.C, alpha_z: p.alpha_z, beta_z: p.beta_z }, { boundaryPoints: 512 });
const ymax = Math.max(...support.boundary.map((q) => q[1]));
const grid = { xMin: support.leftEdge - 0.05, xMax: support.abscissa + 0.05, nx: m, yMin: 0, yMax: 1.05 * ymax, ny: m };
const params = { gH2: p.g_h ** 2 };
const limit = (2000 * m * m) / 40000;

async function run(label, sites, options) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const g = await scbaDensityGrid(sites, params, grid, { workers: 2, ...options });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  const ps = g.passes;
  const bulk = Math.max(1, g.inBulk);
  const perPoint = `${g.settings.sitePasses} passes; passes/bulk point: F ${(ps.map / bulk).toFixed(2)}, fused ${(ps.fused / bulk).toFixed(2)}, fallback F+J ${(ps.fallback / bulk).toFixed(2)}; Λ ${(ps.support / (m * m)).toFixed(2)}/point`;
  console.log(`${label.padEnd(58)} ${wall.toFixed(0).padStart(7)} ms wall  (cpu ${cpu.toFixed(0)} ms)  ${wall < limit ? 'PASS' : 'MISS'} (< ${limit.toFixed(0)} ms)`);
  console.log(`    ${g.inBulk} of ${m * m} points in the bulk, ${g.iterations} iterations, ${g.settings.solver}, ${g.settings.workerMode}; ${perPoint}`);
  return g;
}

console.log(`SCBA density grid ${m}×${m}, smooth gates, Node ${process.version}`);
const def = gruQuadratureSites(root, p);
const map = gruMapSites(root, p);
await run(`map rule (${map.weights.length} sites), warm-up`, map, {});
const gm = await run(`map rule (${map.weights.length} sites, ${map.rule.xi}×${map.rule.reset}×${map.rule.candidate})`, map, {});
const gd = await run(`default rule (${def.weights.length} sites)`, def, {});
if (pointwise) await run(`default rule (${def.weights.length} sites), pointwise solver`, def, { solver: 'pointwise' });
let max = 0;
let err = 0;
let flips = 0;
for (let k = 0; k < gd.density.length; k++) {
  max = Math.max(max, gd.density[k]);
  err = Math.max(err, Math.abs(gm.density[k] - gd.density[k]));
  if (gm.density[k] > 0 !== gd.density[k] > 0) flips++;
}
console.log(`map rule vs default rule: max |Δρ| = ${err.toExponential(2)} = ${(err / max).toExponential(2)} · max ρ (max ρ = ${max.toFixed(3)}), bulk flags differing at ${flips} points`);
