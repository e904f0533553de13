// Sweep a parameter with the theory alone (fast: no simulation).
//
//   node examples/03-sweep.mjs [--json]
//
// (a) α_z at a fixed point inside the marginal-stability window (Γ² = 1.59 < 2): the spectral
//     abscissa x* is pinched into the origin exponentially ([GRU-LIM-5], [GRU-LIM-6]) while the
//     slow-mode fraction grows toward 1 − p₁ = 1/2 ([GRU-LIM-9], [GRU-LIM-4]).
// (b) g_h at β_h = 0, α_r = 4: the origin destabilises at g_h = 2 ([GRU-LIM-1]); the nontrivial
//     branch's Γ² crosses the window 1 < Γ² < 2 ([GRU-LIM-8], [KR-17]).
import { parseArgs } from 'node:util';
import { gruSupport, marginalStabilityClass, pinchingLogAbscissa, selectRoots, slowModeFraction, solveGruMeanField } from '@gatefield/theory';

const { values: args } = parseArgs({ options: { json: { type: 'boolean', default: false } } });

// (a) the mean field does not depend on the update gate: solve it once
const base = { g_h: 2.5, beta_h: 0, beta_z: 0, alpha_r: 4, beta_r: 0 };
const [root] = selectRoots(solveGruMeanField(base).roots, 'largest');
const alphaZ = [0, 5, 10, 20, 40, 80].map((alpha_z) => {
  const x = gruSupport(root.gamma2, { C: root.C, alpha_z, beta_z: base.beta_z }, { boundaryPoints: 8 }).abscissa;
  return {
    alpha_z,
    abscissa: x,
    asymptote: alpha_z > 0 ? Math.exp(pinchingLogAbscissa(root.C, root.gamma2, alpha_z, base.beta_z)) : null,
    slowModeFraction: slowModeFraction(0.03, root.C, alpha_z, base.beta_z),
  };
});

// (b) all mean-field roots across g_h
const gH = [1.5, 1.8, 2.0, 2.2, 2.5, 3.0, 3.5].map((g_h) => {
  const mf = solveGruMeanField({ ...base, g_h });
  const [top] = selectRoots(mf.roots, 'largest');
  return {
    g_h,
    originStable: g_h * (1 / (1 + Math.exp(base.beta_r))) < 1,
    roots: mf.roots.length,
    C: top.C,
    gamma2: top.C > 0 ? top.gamma2 : null,
    saturatedStability: top.C > 0 ? marginalStabilityClass(top.gamma2, 0.5) : null,
  };
});

const result = { base, C: root.C, gamma2: root.gamma2, alphaZ, gH };
if (args.json) {
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  const f = (x) => (x === null ? '—' : x === 0 || Math.abs(x) >= 1e-3 ? x.toFixed(4) : x.toExponential(2));
  console.log(`(a) α_z sweep at g_h = 2.5, β_h = 0, α_r = 4: C = ${f(root.C)}, Γ² = ${f(root.gamma2)} (inside 1 < Γ² < 2)`);
  console.log('  α_z   abscissa x*   asymptote   P(s < 0.03)');
  for (const r of alphaZ) console.log(`  ${String(r.alpha_z).padStart(3)}   ${f(r.abscissa).padStart(11)}   ${f(r.asymptote).padStart(9)}   ${f(r.slowModeFraction).padStart(11)}`);
  console.log('\n(b) g_h sweep at β_h = 0, α_r = 4 (largest mean-field root)');
  console.log('  g_h   origin     roots   C        Γ²       as α_z → ∞');
  for (const r of gH) console.log(`  ${r.g_h.toFixed(1)}   ${(r.originStable ? 'stable' : 'unstable').padEnd(9)}  ${r.roots}       ${f(r.C).padEnd(7)}  ${f(r.gamma2).padEnd(7)}  ${r.saturatedStability ?? '—'}`);
}
