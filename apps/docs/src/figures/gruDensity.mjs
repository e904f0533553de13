// @ts-check
/**
 * The GRU eigenvalue density as a map: the SCBA density ρ(λ) ([GRU-SCBA-5]) on a grid over the
 * bulk (scbaDensityGrid, default site rule, continuation solver on worker threads) with the
 * eigenvalues of a finite network on top, and ρ integrated over boxes against the fraction of
 * eigenvalues in them (iid-diagonal ensemble of [NUM-11], three seeds).
 *
 * Two parameter sets: smooth gates (g_h = 3, α_z = α_r = 2; the grid benchmark of issue 7) and the
 * slow-mode point of the GRU figures (g_h = 2.5, β_h = 2, α_z = 10, α_r = 4; [GRU-LIM-9]), where
 * the density piles up next to λ = 0. The boxes are fractions of the support's bounding box, chosen
 * inside the bulk and off the real axis (ρ is smooth there, so Simpson's rule on a 33×33 grid per box
 * is accurate to far below the counting noise; the 17×17 rule on every other point is reported as
 * its error estimate).
 */
import { fmt, massSummary } from '../lib/figureKit.mjs';
import { BASE_CONFIG, thin } from '../lib/figureSpecs.mjs';

/** @typedef {import('../lib/figureKit.mjs').FigureDefinition} FigureDefinition */
/** @typedef {import('../lib/figureKit.mjs').AgreementRow} AgreementRow */

const SOURCE = 'src/figures/gruDensity.mjs';

/** Boxes as fractions of [leftEdge, abscissa] × [0, max Im of the boundary], inside the bulk. */
const CASES = [
  {
    name: 'smooth gates',
    params: { g_h: 3, beta_h: 0, alpha_z: 2, beta_z: 0, alpha_r: 2, beta_r: 0 },
    boxes: [
      { x: [0.1, 0.3], y: [0.3, 0.6] },
      { x: [0.4, 0.6], y: [0.4, 0.7] },
      { x: [0.7, 0.9], y: [0.15, 0.45] },
    ],
  },
  {
    name: 'slow modes',
    params: { g_h: 2.5, beta_h: 2, alpha_z: 10, beta_z: 0, alpha_r: 4, beta_r: 0 },
    boxes: [
      { x: [0.1, 0.3], y: [0.3, 0.6] },
      { x: [0.4, 0.6], y: [0.4, 0.7] },
      { x: [0.6, 0.75], y: [0.05, 0.2] },
    ],
  },
];
/** Map grid (upper half plane; ρ(λ̄) = ρ(λ)). */
const MAP = { nx: 84, ny: 36 };
const N = 1000;
const SEEDS = [1, 2, 3];
/** Simpson points per box side (odd); the half rule gives the error estimate. */
const BOX_POINTS = 33;

/**
 * 2-D composite Simpson weights on m (odd) uniform points of [0, 1].
 * @param {number} m
 */
function simpson(m) {
  const w = new Float64Array(m);
  const h = 1 / (m - 1);
  for (let k = 0; k < m; k++) w[k] = (h / 3) * (k === 0 || k === m - 1 ? 1 : k % 2 ? 4 : 2);
  return w;
}

/**
 * ∫∫ ρ over a box by Simpson's rule on an m×m density grid (m odd), and the same integral with the
 * (m+1)/2-point rule on every other grid point (the error estimate; no second grid is solved).
 * @param {any} theory
 * @param {any} sites
 * @param {number} gH2
 * @param {{ x0: number, x1: number, y0: number, y1: number }} b
 * @param {number} m
 */
async function boxIntegral(theory, sites, gH2, b, m) {
  const g = await theory.scbaDensityGrid(sites, { gH2 }, { xMin: b.x0, xMax: b.x1, nx: m, yMin: b.y0, yMax: b.y1, ny: m }, { workers: 2 });
  const area = (b.x1 - b.x0) * (b.y1 - b.y0);
  const integrate = (/** @type {number} */ stride) => {
    const w = simpson((m - 1) / stride + 1);
    let s = 0;
    for (let j = 0; j < w.length; j++) for (let i = 0; i < w.length; i++) s += w[i] * w[j] * g.density[stride * j * m + stride * i];
    return s * area;
  };
  return { fine: integrate(1), coarse: integrate(2) };
}

/** @param {Record<string, number>} p */
const paramText = (p) =>
  Object.entries(p)
    .map(([k, v]) => `${({ g_h: 'g_h', beta_h: 'β_h', alpha_z: 'α_z', beta_z: 'β_z', alpha_r: 'α_r', beta_r: 'β_r' })[k] ?? k} = ${v}`)
    .join(', ');

/** GRU density maps with eigenvalues and box masses ([GRU-SCBA-5], [NUM-11]). */
export const gruDensityMap = /** @type {FigureDefinition} */ ({
  id: 'gru-density-map',
  source: SOURCE,
  title: 'GRU eigenvalue density: the SCBA map against finite networks',
  labels: ['GRU-SCBA-3', 'GRU-SCBA-5', 'GRU-RMT-5', 'GRU-LIM-9', 'NUM-9', 'NUM-11'],
  spec: { cases: CASES, map: MAP, n: N, seeds: SEEDS, ensemble: 'iid', boxPoints: BOX_POINTS },
  status: ({ theory }) => (typeof theory.scbaDensityGrid === 'function' ? { available: true } : { available: false, todo: 'TODO: scbaDensityGrid from @gatefield/theory' }),
  fingerprint: ({ theory }) =>
    CASES.map(({ params }) => {
      const pr = theory.predictGru(params, { boundaryPoints: 48 });
      const sites = theory.gruQuadratureSites({ C: pr.meanField.C, deltaEta: pr.meanField.deltaEta }, pr.parameters);
      const green = theory.scbaGreenFunction(sites, { gH2: pr.parameters.g_h ** 2 });
      const x = (/** @type {number} */ f) => pr.support.leftEdge + f * (pr.support.abscissa - pr.support.leftEdge);
      return { support: [pr.support.leftEdge, pr.support.abscissa], density: [0.2, 0.5, 0.8].map((f) => green.densityAt({ re: x(f), im: 0.1 }).density) };
    }),
  async generate({ theory, cli }, log) {
    /** @type {AgreementRow[]} */
    const rows = [];
    const panels = [];
    /** @type {Record<string, unknown>} */
    const theoryOut = {};
    let quadratureError = 0; // largest |Simpson 33² − Simpson 17²| over the boxes
    for (const { name, params, boxes: boxFractions } of CASES) {
      log(`${name}: mean field, support, ${MAP.nx}×${MAP.ny} density grid, ${boxFractions.length} boxes, ${SEEDS.length} networks at N = ${N}`);
      const pr = theory.predictGru(params, { boundaryPoints: 256 });
      const sup = pr.support;
      const gH2 = pr.parameters.g_h ** 2;
      const sites = theory.gruQuadratureSites({ C: pr.meanField.C, deltaEta: pr.meanField.deltaEta }, pr.parameters);
      const yTop = Math.max(...sup.boundary.map((/** @type {number[]} */ q) => q[1]));
      const grid = { xMin: sup.leftEdge - 0.05, xMax: sup.abscissa + 0.05, nx: MAP.nx, yMin: 0, yMax: 1.05 * yTop, ny: MAP.ny };
      const g = await theory.scbaDensityGrid(sites, { gH2 }, grid, { workers: 2 });
      const sims = SEEDS.map((seed) => cli.simulateGru(params, { n: N, seed, ensemble: 'iid' }));
      // boxes: theory 2∫∫ρ (both half-planes) against the fraction of eigenvalues with |Im λ| in range
      const boxes = [];
      for (const [k, bf] of boxFractions.entries()) {
        const b = { x0: sup.leftEdge + bf.x[0] * (sup.abscissa - sup.leftEdge), x1: sup.leftEdge + bf.x[1] * (sup.abscissa - sup.leftEdge), y0: bf.y[0] * yTop, y1: bf.y[1] * yTop };
        const integral = await boxIntegral(theory, sites, gH2, b, BOX_POINTS);
        const mass = 2 * integral.fine;
        const coarse = 2 * integral.coarse;
        const fr = sims.map((/** @type {any} */ s) => s.eigenvalues.filter((/** @type {number[]} */ e) => e[0] >= b.x0 && e[0] < b.x1 && Math.abs(e[1]) >= b.y0 && Math.abs(e[1]) < b.y1).length / N);
        const m = fr.reduce((a, c) => a + c, 0) / fr.length;
        const sd = Math.sqrt(fr.reduce((a, c) => a + (c - m) ** 2, 0) / (fr.length - 1));
        rows.push({
          panel: name,
          quantity: `mass, box ${k + 1}: Re λ ∈ [${fmt(b.x0, 3)}, ${fmt(b.x1, 3)}], ±Im λ ∈ [${fmt(b.y0, 3)}, ${fmt(b.y1, 3)}]`,
          theory: mass,
          simulation: m,
          spread: sd,
          difference: m - mass,
          noise: Math.sqrt(Math.max(mass * (1 - mass), 1 / N) / (N * SEEDS.length)),
        });
        quadratureError = Math.max(quadratureError, Math.abs(mass - coarse));
        boxes.push({ ...b, k: k + 1 });
      }
      theoryOut[name] = { C: pr.meanField.C, gamma2: pr.meanField.gamma2, abscissa: sup.abscissa, leftEdge: sup.leftEdge, bulkPoints: g.inBulk, maxDensity: Math.max(...g.density), sitePasses: g.settings.sitePasses, sites: sites.weights.length };
      panels.push({ name, params, sup, grid, g, sims, boxes });
    }
    const vegaPanels = panels.map(({ name, params, sup, grid, g, sims, boxes }) => {
      const dx = (grid.xMax - grid.xMin) / (grid.nx - 1);
      const dy = (grid.yMax - grid.yMin) / (grid.ny - 1);
      const cells = [];
      for (let j = 0; j < grid.ny; j++) {
        for (let i = 0; i < grid.nx; i++) {
          const rho = g.density[j * grid.nx + i];
          if (!(rho > 0)) continue;
          const x = grid.xMin + i * dx;
          const y = grid.yMin + j * dy;
          // cells overlap by 2 % so that antialiasing leaves no seams
          cells.push({ x: +(x - 0.51 * dx).toFixed(4), x2: +(x + 0.51 * dx).toFixed(4), y: +Math.max(0, y - 0.51 * dy).toFixed(4), y2: +(y + 0.51 * dy).toFixed(4), lr: +Math.log10(rho).toFixed(3) });
        }
      }
      const eig = sims[0].eigenvalues.filter((/** @type {number[]} */ e) => e[1] >= 0).map((/** @type {number[]} */ e) => ({ x: +e[0].toFixed(4), y: +e[1].toFixed(4) }));
      const boundary = thin(sup.boundary.filter((/** @type {number[]} */ q) => q[1] >= 0), 2).map((/** @type {number[]} */ q) => ({ x: +q[0].toFixed(4), y: +q[1].toFixed(4) }));
      const xs = { field: 'x', type: 'quantitative', title: 'Re λ', scale: { domain: [grid.xMin, grid.xMax], nice: false, zero: false } };
      const ys = { field: 'y', type: 'quantitative', title: 'Im λ', scale: { domain: [0, grid.yMax], nice: false, zero: false } };
      const height = 200;
      const width = Math.round((height * (grid.xMax - grid.xMin)) / grid.yMax);
      return {
        title: { text: name, subtitle: [paramText(params), `${g.inBulk} of ${grid.nx * grid.ny} grid points in the bulk; max ρ = ${fmt(Math.max(...g.density), 3)}`], anchor: 'start', fontSize: 12, subtitleFontSize: 10, subtitleColor: '#444444' },
        width,
        height,
        layer: [
          { data: { values: cells }, mark: { type: 'rect', clip: true }, encoding: { x: xs, x2: { field: 'x2' }, y: ys, y2: { field: 'y2' }, color: { field: 'lr', type: 'quantitative', title: 'log₁₀ ρ', scale: { scheme: 'viridis' }, legend: { orient: 'right', gradientLength: 160 } } } },
          { data: { values: boundary }, mark: { type: 'line', color: '#d62728', strokeWidth: 1.2, clip: true }, encoding: { x: xs, y: ys, order: { field: 'x' } } },
          { data: { values: eig }, mark: { type: 'point', filled: true, size: 4, color: 'white', stroke: 'black', strokeWidth: 0.3, opacity: 0.9, clip: true }, encoding: { x: xs, y: ys } },
          { data: { values: boxes }, mark: { type: 'rect', fill: null, stroke: '#ff7f0e', strokeWidth: 1.2, clip: true }, encoding: { x: { ...xs, field: 'x0' }, x2: { field: 'x1' }, y: { ...ys, field: 'y0' }, y2: { field: 'y1' } } },
        ],
      };
    });
    const vega = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      background: 'white',
      title: { text: 'GRU eigenvalue density ρ(λ) [GRU-SCBA-5] over the bulk (upper half plane)', subtitle: ['colour: SCBA density (log scale, default site rule); red: support boundary', `dots: eigenvalues of one iid-diagonal network, N = ${N} (seed ${SEEDS[0]})`, `orange: boxes compared with the eigenvalue fraction over seeds ${SEEDS.join(', ')}`], anchor: 'start', fontSize: 14, subtitleFontSize: 10, subtitleColor: '#444444' },
      vconcat: vegaPanels,
      spacing: 18,
      resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
      config: BASE_CONFIG,
    };
    const summary = massSummary(rows);
    return {
      vega,
      record: {
        caption:
          `The SCBA eigenvalue density $\\rho(\\lambda) = \\frac1\\pi \\partial_{\\bar\\lambda} G$ [GRU-SCBA-5] of the GRU fixed-point Jacobian on a ${MAP.nx}×${MAP.ny} grid over the upper half of the bulk ($\\rho(\\bar\\lambda) = \\rho(\\lambda)$), computed by \`scbaDensityGrid\` with the default site rule of the mean-field law, ` +
          `under the eigenvalues of one network of the iid-diagonal ensemble [NUM-11] ($N = ${N}$). With smooth gates the density is spread over the bulk, largest along the real segment $-\\mathrm{supp}(s)$; at the slow-mode point ($\\beta_h = 2$, $\\alpha_z = 10$) the sharp update gate splits the units into update rates $s \\approx 0$, whose eigenvalues pile up next to $\\lambda = 0$ (the slow modes, [GRU-LIM-9]; largest $\\rho$), and $s \\approx 1$, next to $\\lambda = -1$. ` +
          `In each orange box the fraction of eigenvalues (both half-planes, mean of ${SEEDS.length} seeds) is compared with $2\\iint\\rho$ over the box (Simpson on a ${BOX_POINTS}×${BOX_POINTS} density grid).`,
        setup: { model: 'gru', ensemble: 'iid', n: N, seeds: SEEDS, cases: CASES, map: MAP, boxPoints: BOX_POINTS, theory: 'predictGru (mean field, support), gruQuadratureSites (default rule), scbaDensityGrid (continuation solver, 2 workers)', simulation: 'simulateGru, iid ensemble' },
        theory: theoryOut,
        agreement: rows,
        summary: { ...summary, boxQuadratureError: quadratureError, text: `box masses agree with the eigenvalue fractions within ${fmt(summary.maxMassZ, 2)} times the binomial noise of the mean (largest |difference| ${fmt(summary.maxAbsMassDifference, 2)}; the box integrals change by at most ${fmt(quadratureError, 2)} from the ${(BOX_POINTS + 1) / 2}² to the ${BOX_POINTS}² Simpson rule).` },
      },
    };
  },
});
