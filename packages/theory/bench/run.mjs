// Theory timings (issue: boundary curve, one SCBA density point, one disk mass). Prints a table.
import { gruQuadratureSites, gruSupport, predictGru, resolveGruParameters, scbaGreenFunction, contourMass, solveGruMeanField } from '../dist/index.js';

function time(label, f, repeats = 5) {
  f(); // warm up (JIT, rule caches)
  const ts = [];
  let out;
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    out = f();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  console.log(`${label.padEnd(62)} ${ts[Math.floor(ts.length / 2)].toFixed(1).padStart(9)} ms (median of ${repeats})`);
  return out;
}

const cases = [
  ['slow-mode fixed point', { g_h: 2.5, beta_h: 2, alpha_z: 10, alpha_r: 4 }],
  ['smooth gates', { g_h: 3, alpha_z: 2, alpha_r: 2 }],
];
console.log('gatefield theory benchmarks (Node', process.version + ')');
for (const [name, params] of cases) {
  const p = resolveGruParameters(params);
  const [root] = time(`${name}: mean-field roots (all)`, () => solveGruMeanField(p).roots).slice(-1);
  const law = { C: root.C, alpha_z: p.alpha_z, beta_z: p.beta_z };
  time(`${name}: support boundary, 512 points`, () => gruSupport(root.gamma2, law, { boundaryPoints: 512 }));
  const sites = gruQuadratureSites(root, p);
  const green = scbaGreenFunction(sites, { gH2: p.g_h ** 2 });
  const inside = { re: -0.8, im: 0.2 };
  time(`${name}: one SCBA density point, cold (${sites.weights.length} sites)`, () => green.solve(inside));
  const warm = green.solve(inside).state;
  time(`${name}: one SCBA density point, warm`, () => green.solve({ re: -0.81, im: 0.2 }, warm));
  time(`${name}: one disk mass |λ + 1| ≤ 0.2`, () => contourMass(green, { centre: { re: -1, im: 0 }, radius: 0.2 }, { tolerance: 1e-5 }), 3);
  time(`${name}: full prediction, 2 disks`, () => predictGru(p, { disks: [{ re: 0, im: 0, r: 0.1 }, { re: -1, im: 0.2, r: 0.15 }] }), 3);
}
