// Support-boundary benchmark ([GRU-RMT-5], [NUM-8]; issue 7/8): gruSupport with 512 boundary points
// at the smooth-gates point, the slow-mode point (sharp update gate α_z = 10) and a very sharp gate
// (α_z = 1000, the 4·10⁵-point rule). Minimum wall time over repetitions, with the process CPU time.
// GATEFIELD_SUPPORT_REF=file.json: write the boundaries there if the file is absent, else compare
// against it (max relative difference of y per point, abscissa, left edge) — to check that a faster
// implementation returns the same numbers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gruSupport, resolveGruParameters, solveGruMeanField } from '../dist/index.js';

function time(label, f, repeats) {
  f();
  let best = { wall: Infinity, cpu: 0 };
  let out;
  for (let k = 0; k < repeats; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = f();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (wall < best.wall) best = { wall, cpu: (c.user + c.system) / 1000 };
  }
  console.log(`${label.padEnd(70)} ${best.wall.toFixed(2).padStart(9)} ms  (cpu ${best.cpu.toFixed(1)} ms, min of ${repeats}), ${out.iterations} evaluations`);
  return out;
}

const cases = [
  ['smooth gates', { g_h: 3, alpha_z: 2, alpha_r: 2 }],
  ['slow-mode fixed point (α_z = 10)', { g_h: 2.5, beta_h: 2, alpha_z: 10, alpha_r: 4 }],
  ['slow-mode C, α_z = 100', { g_h: 2.5, beta_h: 2, alpha_z: 10, alpha_r: 4 }, 100],
  ['slow-mode C, α_z = 1000', { g_h: 2.5, beta_h: 2, alpha_z: 10, alpha_r: 4 }, 1000],
];
const refFile = process.env.GATEFIELD_SUPPORT_REF;
const ref = refFile && existsSync(refFile) ? JSON.parse(readFileSync(refFile, 'utf8')) : null;
const record = {};
console.log('gruSupport benchmark (Node', process.version + ')');
for (const [name, params, alphaZ] of cases) {
  const p = resolveGruParameters(params);
  const root = solveGruMeanField(p).roots.slice(-1)[0];
  const law = { C: root.C, alpha_z: alphaZ ?? p.alpha_z, beta_z: p.beta_z };
  const s = time(`${name}: support boundary, 512 points`, () => gruSupport(root.gamma2, law, { boundaryPoints: 512 }), alphaZ === 1000 ? 3 : 9);
  record[name] = { abscissa: s.abscissa, leftEdge: s.leftEdge, boundary: s.boundary.slice(0, 513), warnings: s.warnings?.length ?? 0 };
  if (ref?.[name]) {
    const r = ref[name];
    let dy = 0;
    let dx = 0;
    for (let k = 0; k < r.boundary.length; k++) {
      const [x0, y0] = r.boundary[k];
      const [x1, y1] = s.boundary[k];
      dx = Math.max(dx, Math.abs(x1 - x0) / Math.max(Math.abs(x0), 1e-300));
      if (y0 !== 0 || y1 !== 0) dy = Math.max(dy, Math.abs(y1 - y0) / Math.max(Math.abs(y0), Math.abs(y1)));
    }
    const rel = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
    console.log(`    vs reference: max rel dy ${dy.toExponential(2)}, dx ${dx.toExponential(2)}, abscissa ${rel(s.abscissa, r.abscissa).toExponential(2)}, left edge ${rel(s.leftEdge, r.leftEdge).toExponential(2)}; warnings ${record[name].warnings}`);
  }
}
if (refFile && !ref) {
  writeFileSync(refFile, JSON.stringify(record));
  console.log(`reference written to ${refFile}`);
}
