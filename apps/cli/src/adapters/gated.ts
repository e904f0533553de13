/**
 * CLI adapter for `--model gated` (the gated RNN with dynamical gates, [GATE-M-1]): `predict` gives the
 * fixed point [GATE-FP-1], the stability functional [GATE-RMT-4] and the (h, r)-bulk support
 * F(λ) = 1 [GATE-RMT-2] traced by bisection in Im λ per Re λ ([NUM-8]); `simulate` finds a true
 * fixed point of a finite network and the eigenvalues of its full 3N×3N Jacobian [GATE-J-1];
 * `compare` tabulates theory against simulation over seeds.
 *
 * Disk masses ([OQ-18]): `predict --disk` gives the theory mass from the log-potential
 * [GATE-RMT-7] (`gatedDiskMasses`: contour integral of ∂_λΦ, closed-form singular values for α_r = 0,
 * otherwise 128 sampled units with seed 1, [GATE-RMT-8]). The printed `mass` is the fraction of ALL
 * 3N eigenvalues — the N z-eigenvalues at −1/τ_z [GATE-RMT-1] count when the disk holds −1/τ_z — which
 * is also how `simulate` counts (the full 3N×3N Jacobian), so `compare` rows are like for like;
 * --json adds `massHr`, the fraction of the 2N (h, r) eigenvalues.
 *
 * Register with `registerAdapter(gatedAdapter)` (adapters.ts). The gated theory and model are
 * reached through the package barrels by name until those export them.
 */
import { brent, checkInteger } from '@gatefield/numerics';
import * as models from '@gatefield/models';
import * as theory from '@gatefield/theory';
import { abscissa, createNetwork, findFixedPoint, jacobianAtState, leftEdge, massInDisks, spectrum } from '@gatefield/sim';
import { comparedQuantity } from '../experiments.js';
import type { AdapterPredictOptions, AdapterSimulateOptions, ComparisonLike, ComparisonRow, ModelAdapter, PredictionLike, SimulationLike } from '../adapters.js';

type Fn = (...a: unknown[]) => unknown;

/** A named export of a workspace package (the gated exports may not be in the barrels yet). */
function gatedExport<T>(mod: object, pkg: string, name: string): T {
  const v = (mod as Record<string, unknown>)[name];
  if (v === undefined) throw new Error(`${pkg} does not export ${name} yet: add the gated-RNN barrel exports`);
  return v as T;
}
const th = (name: string) => gatedExport<Fn>(theory, '@gatefield/theory', name);

interface MassLike { re: number; im: number; r: number; mass: number; massHr: number; zBlockInside: boolean; errorEstimate: number; seed: number | null; settings: { method: string } }

/** Units of the sampled singular values for masses when α_r ≠ 0 ([GATE-RMT-8]); seed of that sample. */
const MASS_SAMPLE_SIZE = 128;
const MASS_SEED = 1;
const MASS_NORMALISATION = 'mass: fraction of all 3N eigenvalues (z-block at −1/τ_z included); massHr: fraction of the 2N (h, r) eigenvalues';

interface FixedPointLike { deltaH: number; deltaZ: number; deltaR: number; stabilityFunctional: number; stable: boolean; moments: Record<string, number> }

/** Trace the support boundary F(x + iy) = 1 on `points` abscissae ([NUM-8]). */
function traceBoundary(s: unknown, points: number): { boundary: [number, number][]; abscissa: number; leftEdge: number } {
  const F = (x: number, y: number) => th('gatedSupportFunctional')(s, x, y) as number;
  const edge = (th('gatedSpectralEdge')(s) as { edge: number }).edge;
  // Left end: scan the real axis from well left of every pole (−1/τ_h, −1/τ_r lie inside) to the
  // right edge and refine the first crossing F = 1 by bisection.
  const tp = (s as { params: { tau_h: number; tau_r: number } }).params;
  const xmin = -4 * (1 / tp.tau_h + 1 / tp.tau_r) - 4;
  const scan = 2000;
  let a = xmin, b = edge;
  for (let k = 1; k <= scan; k++) {
    const x = xmin + ((edge - xmin) * k) / scan;
    if (F(x, 0) >= 1) { b = x; a = xmin + ((edge - xmin) * (k - 1)) / scan; break; }
  }
  // Brent on F − 1 (F is smooth off the poles; ~10 evaluations instead of 60 bisections: with a
  // sharp update gate one evaluation sums up to 4·10⁵ nodes).
  const left = b < edge && F(a, 0) < 1 ? brent((x) => F(x, 0) - 1, a, b, { xtol: 1e-13 }).root : b;
  const boundary: [number, number][] = [];
  for (let k = 0; k <= points; k++) {
    const x = left + ((edge - left) * k) / points;
    if (!(F(x, 0) >= 1)) continue; // outside the bulk (or F undefined: g_h = 0 puts 0·∞ at the pole)
    let y0 = 0, y1 = 1;
    while (F(x, y1) >= 1 && y1 < 1e6) { y0 = y1; y1 *= 2; }
    const y = F(x, y1) >= 1 ? y1 : brent((yy) => F(x, yy) - 1, y0, y1, { xtol: 1e-13 }).root;
    boundary.push([x, y], [x, -y]);
  }
  return { boundary, abscissa: edge, leftEdge: left };
}

export const gatedAdapter: ModelAdapter = {
  name: 'gated',
  title: 'gated RNN with dynamical update and output gates [GATE-M-1]',
  massNormalisation: 'fractions of all 3N eigenvalues (the N z-eigenvalues at −1/τ_z included when inside the disk); --json also gives massHr, the fraction of the 2N (h, r) eigenvalues',
  predict(params: Record<string, number>, o: AdapterPredictOptions): PredictionLike {
    const p = th('resolveGatedParameters')(params) as Record<string, number>;
    const disks = o.disks ?? [];
    const masses = disks.length === 0 ? [] : (th('gatedDiskMasses')(p, disks, { sampleSize: MASS_SAMPLE_SIZE, seed: MASS_SEED }) as MassLike[]).map((m) => ({
      re: m.re, im: m.im, r: m.r, mass: m.mass, massHr: m.massHr, zBlockInside: m.zBlockInside, errorEstimate: m.errorEstimate, method: m.settings.method, seed: m.seed,
    }));
    const fp = th('gatedFixedPoint')(p) as FixedPointLike;
    const s = th('gatedSupportInputOf')(p, fp);
    const sup = traceBoundary(s, o.boundaryPoints ?? 120);
    return {
      meanField: { C: fp.deltaR, roots: [{ C: fp.deltaR, branch: fp.stable ? 'stable' : 'unstable', gamma2: fp.stabilityFunctional }], deltaH: fp.deltaH, deltaZ: fp.deltaZ, deltaR: fp.deltaR, stabilityFunctional: fp.stabilityFunctional },
      support: { ...sup, zEigenvalue: -1 / p.tau_z },
      masses,
      massNormalisation: MASS_NORMALISATION,
      parameters: p,
    } as PredictionLike;
  },
  rootCount: () => 1,
  describePrediction(pr: PredictionLike): string {
    const mf = pr.meanField as Record<string, unknown> & { C: number };
    return `gated RNN prediction at ${Object.entries(pr.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}\n  fixed point [GATE-FP-1]: Δ_h = ${Number(mf.deltaH).toFixed(5)}, Δ_z = Δ_r = ${mf.C.toFixed(5)}; stability functional ${Number(mf.stabilityFunctional).toFixed(4)} [GATE-RMT-4]\n  (h, r) bulk: abscissa ${pr.support.abscissa.toFixed(5)}, left edge ${pr.support.leftEdge.toFixed(5)}; N eigenvalues at −1/τ_z\n`;
  },
  simulate(params: Record<string, number>, o: AdapterSimulateOptions): SimulationLike {
    const n = checkInteger('n', o.n, 1, 1500);
    if (o.ensemble === 'iid') throw new Error('the gated adapter supports --ensemble fixed-point only');
    const spec = gatedExport<() => models.ModelSpec>(models, '@gatefield/models', 'gatedRnnSpec')();
    const model = models.modelNames().includes('gated') ? models.getModel('gated') : models.compileModel(spec);
    const net = createNetwork(model, params, n, o.seed);
    const fp = findFixedPoint(net, { initScale: 0.3 });
    const eig = spectrum(jacobianAtState(net, fp.state), 3 * n);
    const disks = o.disks ?? [];
    let C = 0;
    for (let i = n; i < 2 * n; i++) C += fp.state[i] ** 2 / n;
    return {
      n, seed: o.seed, ensemble: 'fixed-point', eigenvalues: Array.from(eig.re, (re, i) => [re, eig.im[i]] as [number, number]), C,
      abscissa: abscissa(eig), leftEdge: leftEdge(eig), masses: massInDisks(eig, disks).map((mass, k) => ({ ...disks[k], mass })),
      fixedPoint: { residual: fp.residual, euler: fp.iterations.euler, newton: fp.iterations.newton },
    };
  },
  compare(params: Record<string, number>, o: Omit<AdapterSimulateOptions, 'seed'>): ComparisonLike {
    const seedsN = o.seeds ?? 3;
    const seeds = Array.from({ length: seedsN }, (_, i) => i + 1);
    const prediction = gatedAdapter.predict(params, { disks: o.disks });
    const simulations = seeds.map((seed, i) => { o.onProgress?.(i, seedsN); return gatedAdapter.simulate(params, { ...o, seed }); });
    o.onProgress?.(seedsN, seedsN);
    // noise: the standard error of the seed mean (no binomial count applies to Δ_z or the abscissa)
    const row = (quantity: string, theoryValue: number, values: number[]): ComparisonRow => {
      const r = comparedQuantity(quantity, theoryValue, values, null);
      return { ...r, noise: values.length > 1 ? r.spread / Math.sqrt(values.length) : null };
    };
    return {
      model: 'gated', parameters: prediction.parameters, n: o.n, seeds, ensemble: 'fixed-point', prediction, simulations,
      rows: [
        row('Δ_z = ⟨z²⟩', prediction.meanField.C, simulations.map((s) => s.C)),
        row('abscissa', prediction.support.abscissa, simulations.map((s) => s.abscissa)),
        // masses: both columns are fractions of all 3N eigenvalues; noise = binomial counting error
        ...prediction.masses.map((m, k) => comparedQuantity(
          `mass of 3N |λ−(${m.re}${m.im >= 0 ? '+' : ''}${m.im}i)|≤${m.r}`, m.mass, simulations.map((s) => s.masses[k].mass),
          Math.sqrt(Math.max(m.mass * (1 - m.mass), 1 / (3 * o.n)) / (3 * o.n * seeds.length)),
        )),
      ],
    };
  },
};
