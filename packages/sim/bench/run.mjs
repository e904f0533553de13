// Benchmark of @gatefield/sim on the GRU at the [GRU-REF-1] point (g_h = 2, β_h = 1.5, α_r = 4):
// network creation, fixed point (Euler on the ungated flow + Newton), Jacobian assembly and
// eigenvalues, at N = 500 and 1000. Run after `npm run build`: `node bench/run.mjs [N ...]`.
import { getModel } from '@gatefield/models';
import { createNetwork, findFixedPoint, jacobianAtState, orderParameterC, spectrum, abscissa } from '../dist/index.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const ns = sizes.length > 0 ? sizes : [500, 1000];
const model = getModel('gru');
const params = { g_h: 2, beta_h: 1.5, alpha_r: 4, alpha_z: 2, beta_z: 0.5 };

const time = (f) => {
  const t0 = performance.now();
  const value = f();
  return [value, performance.now() - t0];
};

// Warm-up (JIT) on a small network.
{
  const net = createNetwork(model, params, 60, 1);
  spectrum(jacobianAtState(net, findFixedPoint(net).state), 60);
}

const rows = [];
for (const n of ns) {
  const [net, tCreate] = time(() => createNetwork(model, params, n, 1));
  const [fp, tFixed] = time(() => findFixedPoint(net));
  const [jac, tJac] = time(() => jacobianAtState(net, fp.state));
  const [sp, tEig] = time(() => spectrum(jac, n));
  rows.push({
    n,
    createMs: Math.round(tCreate),
    fixedPointMs: Math.round(tFixed),
    eulerSteps: fp.iterations.euler,
    newtonSteps: fp.iterations.newton,
    jacobianMs: Math.round(tJac),
    eigenvaluesMs: Math.round(tEig),
    solver: sp.solver,
    C: +orderParameterC(net, fp.state).toFixed(4),
    abscissa: +abscissa(sp).toExponential(3),
    traceError: +sp.traceError.toExponential(2),
  });
}
console.table(rows);
console.log(JSON.stringify({ bench: '@gatefield/sim', model: 'gru', params, node: process.version, rows }));
