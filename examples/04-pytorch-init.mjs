// Read a PyTorch-style GRU initialisation in the theory's parameters (see the guide page
// "Conventions and alternatives").
//
//   node examples/04-pytorch-init.mjs [--json]
//
// torch.nn.GRU initialises every weight uniformly in (−k/√H, k/√H) with k = 1; the entries then
// have standard deviation k/√(3H), i.e. gains g_h = α_z = α_r = k/√3 in the theory's units
// (U_ij ~ N(0, gain²/N), [G-4], [G-6]). A PyTorch z-gate bias b_z maps to the update-rate bias
// β_z = b_z (s = 1 − z, [GRU-M-4], [OQ-2]); a reset bias b_r maps to β_r = −b_r ([G-1]).
//
// Caveat: PyTorch applies the reset AFTER the matrix product ([OQ-5]); the theory below is for the
// reset-before cell. At the origin (β_h = 0) both give the same Jacobian s₀(−1 + ρ₀U_h), so the
// origin's stability and spectrum below hold for PyTorch's cell too.
import { parseArgs } from 'node:util';
import { predictGru } from '@gatefield/theory';

const { values: args } = parseArgs({ options: { json: { type: 'boolean', default: false } } });

/** Theory parameters of a PyTorch-style GRU with weights U(−k/√H, k/√H) and the given biases. */
function fromPytorchInit(k, { b_z = 0, b_r = 0, b_h = 0 } = {}) {
  const gain = k / Math.sqrt(3);
  return { g_h: gain, alpha_z: gain, alpha_r: gain, beta_z: b_z, beta_r: -b_r, beta_h: b_h };
}

const cases = [
  { k: 1, biases: {} }, // the PyTorch default
  { k: 3, biases: {} },
  { k: 5, biases: {} },
  { k: 5, biases: { b_z: 2 } }, // a positive z-bias: units keep their state (slow)
  { k: 12, biases: {} }, // sharp gates (gains 6.9)
];

const result = cases.map(({ k, biases }) => {
  const params = fromPytorchInit(k, biases);
  const p = predictGru(params);
  const origin = p.limits.origin;
  return {
    k,
    biases,
    params,
    originStable: origin ? origin.stable : null,
    originSpectrum: origin ? { center: origin.center, radius: origin.radius } : null,
    nontrivial: p.meanField.C > 0,
    C: p.meanField.C,
    gamma2: p.meanField.C > 0 ? p.meanField.gamma2 : null,
    // rightmost eigenvalue: at the origin (no nontrivial root) the disk centre + radius ([GRU-LIM-1])
    abscissa: p.meanField.C > 0 || !origin ? p.support.abscissa : origin.center + origin.radius,
    slowModeEstimate: p.limits.slowModeFraction.fraction,
    saturatedStability: p.meanField.C > 0 ? p.limits.saturatedStability : null,
  };
});

if (args.json) {
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  const f = (x) => (x === null ? '—' : x === 0 || Math.abs(x) >= 1e-3 ? x.toFixed(3) : x.toExponential(2));
  console.log('weights U(−k/√H, k/√H) → gains g_h = α_z = α_r = k/√3');
  console.log('  k    biases        gain    origin     C       Γ²      abscissa  P(s<0.03)  as α_z → ∞');
  for (const r of result) {
    const b = Object.entries(r.biases).map(([n, v]) => `${n}=${v}`).join(',') || 'none';
    console.log(`  ${String(r.k).padEnd(4)} ${b.padEnd(12)}  ${f(r.params.g_h).padEnd(6)}  ${(r.originStable ? 'stable' : 'unstable').padEnd(9)}  ${f(r.C).padEnd(6)}  ${f(r.gamma2).padEnd(6)}  ${f(r.abscissa).padEnd(8)}  ${f(r.slowModeEstimate).padEnd(9)}  ${r.saturatedStability ?? '—'}`);
  }
  console.log('\nAt the default (k = 1) the origin is the only, strongly stable fixed point: no slow modes.');
}
