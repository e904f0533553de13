// A prediction in code: everything the theory says about one GRU parameter set (N → ∞).
//
//   node examples/01-predict.mjs [--json]
//
// The slow-mode example of the specification: a sharp update gate (α_z = 10) at a stable biased
// fixed point (g_h = 2.5, β_h = 2, α_r = 4). See the guide pages "Mean-field theory",
// "Random-matrix theory" and "Slow modes and marginal stability".
import { parseArgs } from 'node:util';
import { predictGru } from '@gatefield/theory';

const { values: args } = parseArgs({ options: { json: { type: 'boolean', default: false } } });

const params = { g_h: 2.5, beta_h: 2, alpha_z: 10, beta_z: 0, alpha_r: 4, beta_r: 0 };
const disks = [
  { re: 0, im: 0, r: 0.03 }, // slow modes: eigenvalues within 0.03 of λ = 0
  { re: -1, im: 0, r: 0.2 }, // the bulk of the active units
];
const p = predictGru(params, { disks, slowModeDelta: 0.03 });

// Discrete-time reading (Cho convention, Δt = 1): multipliers μ = 1 + λ ([GRU-J-5]); the largest
// |μ| over the support boundary is the spectral radius of the discrete Jacobian as N → ∞.
const maxMultiplier = Math.max(...p.support.boundary.map(([re, im]) => Math.hypot(1 + re, im)));

const result = {
  parameters: p.parameters,
  roots: p.meanField.roots.map((r) => ({ branch: r.branch, C: r.C })),
  C: p.meanField.C,
  gamma2: p.meanField.gamma2,
  support: { abscissa: p.support.abscissa, leftEdge: p.support.leftEdge, originInBulk: p.support.originInBulk },
  masses: p.masses.map(({ re, im, r, mass }) => ({ re, im, r, mass })),
  density: p.density,
  slowModeEstimate: p.limits.slowModeFraction,
  saturatedStability: p.limits.saturatedStability,
  discreteTime: { maxMultiplier },
};

if (args.json) {
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  const f = (x) => (Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(3));
  console.log(`GRU ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  console.log(`mean-field roots C: ${result.roots.map((r) => `${f(r.C)} (${r.branch})`).join(', ')}`);
  console.log(`at the largest root: C = ${f(result.C)}, Γ² = ${f(result.gamma2)} (${result.gamma2 < 1 ? 'stable' : 'the origin λ = 0 is inside the support'})`);
  console.log(`support: abscissa ${f(result.support.abscissa)}, left edge ${f(result.support.leftEdge)}`);
  for (const m of result.masses) console.log(`fraction of eigenvalues in |λ − (${m.re}${m.im >= 0 ? '+' : ''}${m.im}i)| ≤ ${m.r}: ${f(m.mass)} (${result.density})`);
  console.log(`rough slow-mode estimate P(s < ${result.slowModeEstimate.delta}) = ${f(result.slowModeEstimate.fraction)}`);
  console.log(`as α_z → ∞ this fixed point is ${result.saturatedStability}`);
  console.log(`discrete-time GRU: largest multiplier |μ| = |1 + λ| = ${f(maxMultiplier)}`);
}
