// @ts-check
/**
 * Gated-RNN figures, second module (gated-rnn.md): the fixed-point Jacobian spectrum and the phase
 * diagram. They live apart from gated.mjs because a figure's spec hash covers its whole source module:
 * adding them there would mark `gated-dmft-vs-sim` and `gated-lambda-max` stale.
 *
 * - `gated-spectrum`: at [GATE-REF-F1] the eigenvalues of the full 3N×3N Jacobian [GATE-J-1] of finite
 *   networks at their true fixed points, the support boundary F = 1 [GATE-RMT-2], the N z-eigenvalues
 *   at −1/τ_z [GATE-RMT-1]; disk masses and the log-potential Φ of [GATE-RMT-7] against counts and
 *   (1/N) ln|det(λ − A_hr)|; a second panel with a constant update gate (no pinching at the origin).
 * - `gated-phase-diagram`: the (β_r, g_h) diagram at α_r = 8 ([GATE-PD], `gatedPhaseDiagram`, drawn by
 *   `gatedPhaseSpec` of the CLI) and, along β_r = 1, the Kac–Rice Σ₀ of the fixed points [GATE-KR-4]
 *   next to the DMFT λ_max of the chaotic branch [GATE-LYA-3]: the decoupling [GATE-KR-5], [GATE-REF-EX].
 *
 * Like gated.mjs, @gatefield/sim is imported through the `gatefield` package (see `loadSim`).
 * Cost (2 shared cores): spectrum ≈ 45 s (three N = 400 fixed points and 1200×1200 eigenvalue
 * problems, sampled disk masses); phase diagram ≈ 3 min CPU.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt } from '../lib/figureKit.mjs';
import { BASE_CONFIG, lineChart, seriesColor } from '../lib/figureSpecs.mjs';
import { ROOT } from '../lib/paths.mjs';

/** @typedef {import('../lib/figureKit.mjs').FigureDefinition} FigureDefinition */
/** @typedef {import('../lib/figureKit.mjs').FigureApi} FigureApi */
/** @typedef {import('../lib/figureKit.mjs').AgreementRow} AgreementRow */

const SOURCE = 'src/figures/gatedSpectrum.mjs';
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * The packages @gatefield/sim and @gatefield/models, resolved from the `gatefield` package (apps/cli),
 * which depends on both (as in gated.mjs).
 * @returns {Promise<{ sim: Record<string, any>, models: Record<string, any> }>}
 */
async function loadSim() {
  const load = async (/** @type {string} */ name) => {
    const dir = realpathSync(resolve(ROOT, 'apps/cli/node_modules', name));
    const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8'));
    return /** @type {Record<string, any>} */ ({ ...(await import(pathToFileURL(resolve(dir, pkg.exports['.'].import)).href)) });
  };
  return { sim: await load('@gatefield/sim'), models: await load('@gatefield/models') };
}

/**
 * Mean and sample standard deviation.
 * @param {number[]} xs
 */
function stat(xs) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { m, sd };
}

/** @param {Record<string, number>} p */
const paramText = (p) =>
  Object.entries(p)
    .map(([k, v]) => `${{ g_h: 'g_h', beta_h: 'β_h', alpha_z: 'α_z', beta_z: 'β_z', alpha_r: 'α_r', beta_r: 'β_r', tau_z: 'τ_z', tau_r: 'τ_r', tau_h: 'τ_h' }[k] ?? k} = ${v}`)
    .join(', ');

// ---------------------------------------------------------------------------------------------
// (a) Jacobian spectrum at a stable fixed point: support, log-potential, disk masses
// ---------------------------------------------------------------------------------------------

/** [GATE-REF-F1] parameters (τ_h = 1). */
const F1 = { g_h: 1.6, beta_h: 0.4, alpha_r: 2, beta_r: 0, alpha_z: 5, beta_z: 0, tau_z: 2, tau_r: 1.5 };

const SPEC = {
  /**
   * Networks at their true fixed points (Euler relaxation + Newton, `findFixedPoint`, initScale 0.3).
   * The eigenvalues of the 3N×3N Jacobian cost ≈ 4 s at N = 400 on one core.
   */
  n: 400,
  seeds: [1, 2],
  initScale: 0.3,
  /** Panel (b): the same parameters with a constant update gate (α_z = 0), one network. */
  constantGate: { alpha_z: 0, seed: 1 },
  /**
   * Disks of the agreement table: three off-axis disks in the bulk (those of test/src/gatedSpectrum.test.ts)
   * and a large disk around −1/τ_z that cuts the real axis outside the slow-mode segment (−1/τ_h, 0).
   */
  disks: [
    { re: -0.6, im: 0.3, r: 0.2 },
    { re: -1.0, im: 0.5, r: 0.3 },
    { re: -0.3, im: 0.15, r: 0.12 },
    { re: -0.5, im: 0, r: 0.6 },
  ],
  /** Sampled singular values [GATE-RMT-8] (α_r ≠ 0): units and seed of the stratified sample. */
  mass: { sampleSize: 256, seed: 1 },
  /** Points of the log-potential comparison: outside the bulk (Ψ = 0, [GATE-REF-F1]) and inside. */
  phiPoints: [{ re: 0.1, im: 0 }, { re: -0.5, im: 0.3 }],
  /** Boundary tracing: abscissae of F = 1 and bisection steps ([NUM-8]). */
  boundary: { points: 160, bisections: 60 },
  /** Slow-mode radius ε of [GATE-MS-1] (|λ| < ε). */
  slowEpsilon: 0.02,
};

/**
 * Support boundary F(x + iy) = 1 of the (h, r) bulk ([GATE-RMT-2]): the left end by a scan of the
 * real axis and bisection, the right end = the spectral edge [GATE-RMT-6], then for each abscissa the
 * height by doubling and bisection in Im λ (F decreases in |Im λ|), as the CLI adapter does ([NUM-8]).
 * @param {FigureApi} api
 * @param {Record<string, number>} params
 */
function traceSupport(api, params) {
  const { theory } = api;
  const fp = theory.gatedFixedPoint(params);
  const s = theory.gatedSupportInputOf(params, fp);
  const F = (/** @type {number} */ x, /** @type {number} */ y) => theory.gatedSupportFunctional(s, x, y);
  const edge = theory.gatedSpectralEdge(s).edge;
  const p = s.params;
  const bis = (/** @type {(t: number) => boolean} */ inside, /** @type {number} */ a, /** @type {number} */ b) => {
    // inside(a) false, inside(b) true
    for (let k = 0; k < SPEC.boundary.bisections; k++) {
      const m = (a + b) / 2;
      if (inside(m)) b = m;
      else a = m;
    }
    return (a + b) / 2;
  };
  const xmin = -4 * (1 / p.tau_h + 1 / p.tau_r) - 4;
  const scan = 2000;
  let left = edge;
  for (let k = 1; k <= scan; k++) {
    const x = xmin + ((edge - xmin) * k) / scan;
    if (F(x, 0) >= 1) {
      left = bis((t) => F(t, 0) >= 1, xmin + ((edge - xmin) * (k - 1)) / scan, x);
      break;
    }
  }
  /** @type {{ x: number, y: number }[]} */
  const upper = [];
  const m = SPEC.boundary.points;
  for (let k = 0; k <= m; k++) {
    // cosine spacing: dense near both ends, where the boundary is steep
    const x = left + ((edge - left) * (1 - Math.cos((Math.PI * k) / m))) / 2;
    if (!(F(x, 0) >= 1)) {
      upper.push({ x, y: 0 });
      continue;
    }
    let y0 = 0;
    let y1 = 1;
    while (F(x, y1) >= 1 && y1 < 1e6) {
      y0 = y1;
      y1 *= 2;
    }
    upper.push({ x, y: bis((t) => F(x, t) < 1, y0, y1) });
  }
  return { fp, left, edge, upper };
}

/**
 * A network at its true fixed point and the eigenvalues of its full 3N×3N Jacobian [GATE-J-1].
 * @param {{ sim: Record<string, any>, model: any }} lib
 * @param {Record<string, number>} params
 * @param {number} n
 * @param {number} seed
 */
function fixedPointSpectrum(lib, params, n, seed) {
  const net = lib.sim.createNetwork(lib.model, params, n, seed);
  const fp = lib.sim.findFixedPoint(net, { initScale: SPEC.initScale });
  const eig = lib.sim.spectrum(lib.sim.jacobianAtState(net, fp.state), 3 * n);
  // the N z-eigenvalues sit exactly at −1/τ_z ([GATE-RMT-1]); the other 2N are those of A_hr
  const zEig = -1 / params.tau_z;
  /** @type {number[]} */
  const hrRe = [];
  /** @type {number[]} */
  const hrIm = [];
  let zCount = 0;
  for (let k = 0; k < 3 * n; k++) {
    if (Math.hypot(eig.re[k] - zEig, eig.im[k]) < 1e-8 && zCount < n) zCount++;
    else {
      hrRe.push(eig.re[k]);
      hrIm.push(eig.im[k]);
    }
  }
  return { net, fp, eig, zCount, hr: { re: hrRe, im: hrIm } };
}

/** Eigenvalues of the full Jacobian at a stable fixed point over the F = 1 support; Φ and disk masses. */
export const gatedSpectrum = /** @type {FigureDefinition} */ ({
  id: 'gated-spectrum',
  source: SOURCE,
  title: 'Gated RNN: Jacobian spectrum at a stable fixed point, log-potential and disk masses',
  labels: ['GATE-REF-F1', 'GATE-J-1', 'GATE-RMT-1', 'GATE-RMT-2', 'GATE-RMT-6', 'GATE-RMT-7', 'GATE-RMT-8', 'GATE-MS-1'],
  spec: { parameters: F1, ...SPEC },
  status: ({ theory }) => {
    const need = ['gatedFixedPoint', 'gatedSupportInputOf', 'gatedSupportFunctional', 'gatedSpectralEdge', 'gatedSpectralModel', 'gatedLogPotential', 'gatedDiskMass', 'gatedSlowModeCount'];
    const missing = need.filter((f) => typeof theory[f] !== 'function');
    return missing.length === 0 ? { available: true } : { available: false, todo: `TODO(gated): waiting for ${missing.map((f) => `\`${f}\``).join(', ')} from @gatefield/theory.` };
  },
  fingerprint: ({ theory }) => {
    const fp = theory.gatedFixedPoint(F1);
    const s = theory.gatedSupportInputOf(F1, fp);
    return {
      fixedPoint: [fp.deltaH, fp.deltaZ, fp.deltaR, fp.stabilityFunctional],
      edge: theory.gatedSpectralEdge(s).edge,
      F: theory.gatedSupportFunctional(s, -0.5, 0.3),
      phi: SPEC.phiPoints.map((q) => theory.gatedLogPotential(F1, q.re, q.im, SPEC.mass).phi),
    };
  },
  async generate(api, log) {
    const { theory } = api;
    const { sim, models } = await loadSim();
    const lib = { sim, model: models.compileModel(models.gatedRnnSpec()) };
    log('support boundary F = 1 ([GATE-RMT-2]) at α_z = 5 and α_z = 0');
    const sup = traceSupport(api, F1);
    const P0 = { ...F1, alpha_z: SPEC.constantGate.alpha_z };
    const sup0 = traceSupport(api, P0);
    const n = SPEC.n;
    /** @type {ReturnType<typeof fixedPointSpectrum>[]} */
    const nets = [];
    for (const seed of SPEC.seeds) {
      log(`network N = ${n}, seed ${seed}: fixed point and 3N×3N eigenvalues`);
      nets.push(fixedPointSpectrum(lib, F1, n, seed));
    }
    log(`network N = ${n}, seed ${SPEC.constantGate.seed}, α_z = 0`);
    const net0 = fixedPointSpectrum(lib, P0, n, SPEC.constantGate.seed);
    const k = nets.length;
    /** @type {AgreementRow[]} */
    const rows = [];
    // disk masses ([GATE-RMT-7] via the Green function; fractions of the 2N (h, r) eigenvalues)
    log('disk masses (sampled singular values [GATE-RMT-8])');
    const model = theory.gatedSpectralModel(F1, SPEC.mass);
    const masses = SPEC.disks.map((d) => theory.gatedDiskMass(model, d));
    for (const th of masses) {
      const counts = nets.map((x) => {
        let c = 0;
        for (let q = 0; q < x.hr.re.length; q++) if (Math.hypot(x.hr.re[q] - th.re, x.hr.im[q] - th.im) <= th.r) c++;
        return c / (2 * n);
      });
      const st = stat(counts);
      const sd = Math.sqrt((th.massHr * (1 - th.massHr)) / (2 * n * k));
      rows.push({ panel: `disk ${SPEC.disks.findIndex((d) => d.re === th.re && d.im === th.im && d.r === th.r) + 1}: centre ${th.re}${th.im ? ` + ${th.im}i` : ''}, radius ${th.r}`, quantity: 'fraction of the 2N (h, r) eigenvalues [GATE-RMT-7]', theory: th.massHr, simulation: st.m, spread: st.sd, difference: st.m - th.massHr, noise: sd, note: `noise σ: binomial √(p(1 − p)/2Nk), k = ${k} networks (conservative: eigenvalues repel); contour error estimate ${fmt(th.errorEstimate, 1)}` });
      if (th.zBlockInside) {
        const all = nets.map((x) => {
          let c = 0;
          for (let q = 0; q < 3 * n; q++) if (Math.hypot(x.eig.re[q] - th.re, x.eig.im[q] - th.im) <= th.r) c++;
          return c / (3 * n);
        });
        const sa = stat(all);
        rows.push({ panel: `disk ${SPEC.disks.findIndex((d) => d.re === th.re && d.im === th.im && d.r === th.r) + 1}: centre ${th.re}, radius ${th.r}`, quantity: 'fraction of all 3N eigenvalues (N z-eigenvalues at −1/τ_z inside) [GATE-RMT-1]', theory: th.mass, simulation: sa.m, spread: sa.sd, difference: sa.m - th.mass, noise: (2 / 3) * sd, note: 'the N z-eigenvalues are exact; the binomial noise is that of the (h, r) count, × 2/3' });
      }
    }
    // log-potential: N → ∞ (sampled singular values) and on the first network's own units
    log('log-potential Φ ([GATE-RMT-7])');
    const phiRows = SPEC.phiPoints.map((q) => {
      const inf = theory.gatedLogPotential(F1, q.re, q.im, SPEC.mass);
      const sims = nets.map((x) => {
        let s = 0;
        for (let r = 0; r < x.hr.re.length; r++) s += Math.log(Math.hypot(q.re - x.hr.re[r], q.im - x.hr.im[r]));
        return s / n;
      });
      const st = stat(sims);
      const x0 = nets[0];
      const units = { h: x0.fp.state.subarray(0, n), z: x0.fp.state.subarray(n, 2 * n), r: x0.fp.state.subarray(2 * n), jr: x0.net.weights[x0.net.matrixNames.indexOf('J_r')] };
      const own = theory.gatedSpectralModel(F1, { units, seed: x0.net.seed }).evaluate(q.re, q.im);
      const at = `λ = ${q.re}${q.im ? ` + ${q.im}i` : ''}`;
      rows.push({ panel: at, quantity: `Φ(λ), N → ∞ (${inf.inBulk ? 'inside' : 'outside'} the bulk)`, theory: inf.phi, simulation: st.m, spread: st.sd, difference: st.m - inf.phi, noise: st.sd / Math.sqrt(k), note: 'noise σ: seed spread / √k; (1/N)Σ ln|λ + σ_z(z_i)| varies from network to network like N^{-1/2} (sd ≈ 0.03 at N = 400)' });
      rows.push({ panel: at, quantity: `Φ(λ) on the units and J^r of seed ${SPEC.seeds[0]}`, theory: own.phi, simulation: sims[0], spread: null, difference: sims[0] - own.phi, noise: null, note: 'own units: O(1/N) remainder outside the bulk (≤ 1e-3 at N = 400), ≈ 1e-3–3e-3 inside' });
      return { q, inf, own, sims, st };
    });
    // slow modes |λ| < ε ([GATE-MS-1])
    const slowTh = theory.gatedSlowModeCount(F1, sup.fp.deltaZ, n, SPEC.slowEpsilon);
    const slow = nets.map((x) => x.hr.re.reduce((c, re, q) => c + (Math.hypot(re, x.hr.im[q]) < SPEC.slowEpsilon ? 1 : 0), 0));
    const slowS = stat(slow);
    rows.push({ panel: 'slow modes', quantity: `eigenvalues of modulus < ${SPEC.slowEpsilon} [GATE-MS-1]`, theory: slowTh, simulation: slowS.m, spread: slowS.sd, difference: slowS.m - slowTh, noise: Math.sqrt(slowTh / k), note: 'noise σ: Poisson √(count/k)' });
    // fraction inside the support
    const supportFrac = nets.map((x) => {
      const s = theory.gatedSupportInputOf(F1, sup.fp);
      let c = 0;
      for (let q = 0; q < x.hr.re.length; q++) if (theory.gatedSupportFunctional(s, x.hr.re[q], x.hr.im[q]) >= 1) c++;
      return c / x.hr.re.length;
    });
    const supS = stat(supportFrac);
    rows.push({ panel: 'support', quantity: 'fraction of (h, r) eigenvalues with F ≥ 1 [GATE-RMT-2]', theory: 1, simulation: supS.m, spread: supS.sd, difference: supS.m - 1, noise: null, note: '[GATE-REF-F1]: 99.7 % at N = 1500; edge eigenvalues spill O(N^{-1/2}) outside' });

    // --- vega-lite: (a) α_z = 5, (b) α_z = 0
    const r4 = (/** @type {number} */ v) => Number(v.toPrecision(4));
    /** @param {{ left: number, edge: number, upper: { x: number, y: number }[] }} s */
    const contour = (s) => {
      const pts = [...s.upper.map((p) => ({ x: p.x, y: p.y })), ...s.upper.slice().reverse().map((p) => ({ x: p.x, y: -p.y }))];
      return pts.map((p, order) => ({ x: r4(p.x), y: r4(p.y), order, series: 'support boundary F = 1 [GATE-RMT-2]' }));
    };
    const circles = SPEC.disks.flatMap((d, di) => Array.from({ length: 73 }, (_, t) => ({ x: r4(d.re + d.r * Math.cos((2 * Math.PI * t) / 72)), y: r4(d.im + d.r * Math.sin((2 * Math.PI * t) / 72)), order: t, disk: `disk ${di + 1}` })));
    const labelPts = SPEC.disks.map((d, di) => ({ x: d.re + d.r * 0.72, y: d.im + d.r * 0.72 + 0.02, text: String(di + 1) }));
    const series = ['eigenvalues, finite network', 'support boundary F = 1 [GATE-RMT-2]', 'N z-eigenvalues at −1/τ_z [GATE-RMT-1]'];
    const color = seriesColor(series, ['#1f5fa8', '#d62728', '#2ca02c'], '');
    /**
     * @param {string} title
     * @param {string[]} subtitle
     * @param {{ re: number[], im: number[] }} hr
     * @param {{ left: number, edge: number, upper: { x: number, y: number }[] }} s
     * @param {boolean} withDisks
     */
    const panel = (title, subtitle, hr, s, withDisks) =>
      lineChart({
        title,
        subtitle,
        x: { title: 'Re λ', scale: { domain: [-1.5, 0.2], nice: false } },
        y: { title: 'Im λ', scale: { domain: [-0.9, 0.9], nice: false } },
        width: 340,
        height: 360,
        layers: [
          { data: { values: hr.re.map((re, q) => ({ x: r4(re), y: r4(hr.im[q]), series: series[0] })) }, mark: { type: 'point', filled: true, size: 7, opacity: 0.7, clip: true }, encoding: { color } },
          { data: { values: contour(s) }, mark: { type: 'line', strokeWidth: 1.6, clip: true }, encoding: { color, order: { field: 'order', type: 'quantitative' } } },
          { data: { values: [{ x: -1 / F1.tau_z, y: 0, series: series[2] }] }, mark: { type: 'point', shape: 'diamond', filled: true, size: 110, clip: true }, encoding: { color } },
          ...(withDisks
            ? [
                { data: { values: circles }, mark: { type: 'line', strokeWidth: 1, strokeDash: [3, 2], color: '#555555', clip: true }, encoding: { detail: { field: 'disk', type: 'nominal' }, order: { field: 'order', type: 'quantitative' } } },
                { data: { values: labelPts }, mark: { type: 'text', fontSize: 10, color: '#333333', align: 'left' }, encoding: { text: { field: 'text', type: 'nominal' } } },
              ]
            : []),
        ],
      });
    const seedsText = SPEC.seeds.join(', ');
    const vega = {
      $schema: SCHEMA,
      background: 'white',
      title: {
        text: 'Gated RNN: Jacobian spectrum at a stable fixed point [GATE-REF-F1]',
        subtitle: [`${paramText(F1)}, τ_h = 1; full 3N×3N Jacobian [GATE-J-1] at the network's true fixed point, N = ${n}`],
        anchor: 'start',
        fontSize: 14,
        subtitleFontSize: 10,
        subtitleColor: '#444444',
      },
      hconcat: [
        panel('(a) α_z = 5: slow modes pinch the bulk at λ = 0', [`seeds ${seedsText} (${2 * n * k} (h, r) eigenvalues); dashed: disks of the table`, `bulk edge ${fmt(sup.edge, 3)} (pinched), left end ${fmt(sup.left, 3)}`], { re: nets.flatMap((x) => x.hr.re), im: nets.flatMap((x) => x.hr.im) }, sup, true),
        panel('(b) α_z = 0: constant update gate s_z = 1/2', [`seed ${SPEC.constantGate.seed}; the bulk edge stays at ${fmt(sup0.edge, 3)}`, `left end ${fmt(sup0.left, 3)}`], net0.hr, sup0, false),
      ],
      spacing: 24,
      config: BASE_CONFIG,
    };

    const massRows = rows.filter((r) => r.quantity.startsWith('fraction of the 2N'));
    const worstZ = Math.max(...massRows.map((r) => Math.abs(r.difference ?? 0) / (r.noise ?? 1)));
    const [p1, p2] = phiRows;
    const phiText = (/** @type {typeof p1} */ p) => `$\\Phi(${p.q.re}${p.q.im ? ` + ${p.q.im}i` : ''})$: ${fmt(p.inf.phi, 5)} ($N \\to \\infty$) against ${p.sims.map((v) => fmt(v, 4)).join(' and ')} (seeds ${seedsText}); on the units and $J^r$ of seed ${SPEC.seeds[0]} the theory gives ${fmt(p.own.phi, 5)}`;
    return {
      vega,
      record: {
        caption:
          `Eigenvalues of the full $3N\\times3N$ Jacobian [GATE-J-1] of gated networks ($N = ${n}$, seeds ${seedsText}) at their true fixed points (Euler relaxation and Newton, residual ≤ ${fmt(Math.max(...nets.map((x) => x.fp.residual)), 1)}), at the [GATE-REF-F1] parameters. ` +
          `Exactly $N$ eigenvalues sit at $-1/\\tau_z = ${-1 / F1.tau_z}$ (${nets.map((x) => x.zCount).join(' and ')} found within $10^{-8}$; [GATE-RMT-1]); the other $2N$ are those of the $(h, r)$ block and fill the region $F \\ge 1$ [GATE-RMT-2] ` +
          `(red, traced by bisection in $\\operatorname{Im}\\lambda$; ${fmt(supS.m * 100, 3)} % of them inside). ` +
          `(a) With a sharp update gate ($\\alpha_z = 5$) units with a nearly shut gate contribute eigenvalues $\\approx -\\sigma_z(z_i)/\\tau_h$ and the bulk is pinched at the origin: ${slow.join(' and ')} eigenvalues with $|\\lambda| < ${SPEC.slowEpsilon}$ against ${fmt(slowTh, 3)} predicted [GATE-MS-1]. ` +
          `(b) With a constant gate ($\\alpha_z = 0$, same fixed point otherwise) the bulk keeps a gap: its edge is at ${fmt(sup0.edge, 3)} [GATE-RMT-6]. ` +
          `Table: fractions of the $2N$ $(h, r)$ eigenvalues in the dashed disks against the log-potential theory [GATE-RMT-7] (singular values of [GATE-RMT-8] from a seeded sample of ${SPEC.mass.sampleSize} units), within ${fmt(worstZ, 2)} binomial standard deviations; ` +
          `disk 4 holds the $N$ z-eigenvalues too (fraction of all $3N$: ${fmt(masses[3].mass, 4)}). ` +
          `${phiText(p1)}; ${phiText(p2)}. ` +
          `The $N \\to \\infty$ value at $\\lambda = 0.1$ is $-0.99467$, not the fixture's $-0.9816$: that "theory" was evaluated on one $N = 1500$ network's own units, and $\\frac1N\\sum_i\\ln|\\lambda + \\sigma_z(z_i)|$ varies from network to network by $\\approx 0.03$ at $N = 400$ ($\\approx 0.016$ at $N = 1500$); on a network's own units theory and $\\frac1N\\ln|\\det(\\lambda - A_{hr})|$ agree to $O(1/N)$.`,
        setup: {
          model: 'gated',
          n,
          seeds: SPEC.seeds,
          parameters: F1,
          ensemble: 'fixed-point (findFixedPoint, initScale 0.3)',
          constantGate: SPEC.constantGate,
          disks: SPEC.disks,
          mass: SPEC.mass,
          phiPoints: SPEC.phiPoints,
          boundary: SPEC.boundary,
          theory: 'gatedFixedPoint, gatedSupportFunctional, gatedSpectralEdge, gatedSpectralModel + gatedDiskMass, gatedLogPotential, gatedSlowModeCount; simulation: createNetwork, findFixedPoint, jacobianAtState, spectrum of @gatefield/sim',
        },
        theory: {
          fixedPoint: { deltaH: sup.fp.deltaH, deltaZ: sup.fp.deltaZ, deltaR: sup.fp.deltaR, stabilityFunctional: sup.fp.stabilityFunctional },
          support: { edge: sup.edge, left: sup.left, edgeConstantGate: sup0.edge, leftConstantGate: sup0.left },
          masses: masses.map((m) => ({ re: m.re, im: m.im, r: m.r, mass: m.mass, massHr: m.massHr, errorEstimate: m.errorEstimate, evaluations: m.evaluations })),
          phi: phiRows.map((p) => ({ lambda: p.q, nInfinity: p.inf.phi, ownUnits: p.own.phi, inBulk: p.inf.inBulk })),
          slowModes: slowTh,
        },
        agreement: rows,
        summary: {
          maxMassZ: worstZ,
          zCounts: nets.map((x) => x.zCount),
          insideSupport: supS.m,
          text: `disk masses within ${fmt(worstZ, 2)} binomial sd (N = ${n}, ${k} networks); Φ(0.1): ${fmt(p1.inf.phi, 5)} (N → ∞) vs ${fmt(p1.st.m, 4)} ± ${fmt(p1.st.sd, 2)}; Φ(−0.5 + 0.3i): ${fmt(p2.inf.phi, 5)} vs ${fmt(p2.st.m, 4)} ± ${fmt(p2.st.sd, 2)}; slow modes of modulus < ${SPEC.slowEpsilon}: ${slow.join(', ')} vs ${fmt(slowTh, 3)}.`,
        },
      },
    };
  },
});

// ---------------------------------------------------------------------------------------------
// (b) Phase diagram (β_r, g_h) at α_r = 8; topological against dynamical complexity
// ---------------------------------------------------------------------------------------------

/**
 * The (β_r, g_h) plane at α_r = 8, α_z = β_z = 0, τ_h = τ_z = τ_r = 1 (the [GATE-REF-F4] setting).
 * 31 × 51 grid; g_h^chaos by continuation at the 7 β_r values −1, −0.5, …, 2 (the α_r = 8 rows of
 * [GATE-REF-F4] among them), interpolated in between. Cost ≈ 2 min CPU (onsets ≈ 6–12 s each,
 * grid ≈ 20 ms per point).
 */
const PD = {
  phase: {
    x: { name: 'beta_r', lo: -1, hi: 2, count: 31 },
    y: { name: 'g_h', lo: 1, hi: 6, count: 51 },
    parameters: { alpha_r: 8, beta_h: 0, alpha_z: 0, beta_z: 0, tau_z: 1, tau_r: 1 },
    chaos: 'onset-curve',
    chaosSamples: 7,
  },
  workers: 2,
  /** [GATE-REF-F4], α_r = 8 rows: g_h^FP and the chaotic-branch onset (±0.01). */
  reference: [
    { beta_r: 0, gFP: 1.805, gChaos: 1.896 },
    { beta_r: 0.5, gFP: 1.999, gChaos: 2.157 },
    { beta_r: 1, gFP: 2.2, gChaos: 2.43 },
    { beta_r: 1.5, gFP: 2.411, gChaos: 2.709 },
    { beta_r: 2, gFP: 2.637, gChaos: 3.017 },
  ],
  /** Panel (b): Σ₀ along the explicit fixed-point branch [GATE-TR-2] at β_r = 1, u = g_h²Δ_h log-spaced. */
  branch: { beta_r: 1, uMin: 1e-4, uMax: 6, points: 36, sampleSize: 256, seed: 1 },
};

/** (β_r, g_h) phase diagram at α_r = 8 ([GATE-PD]) and Σ₀ against λ_max along β_r = 1. */
export const gatedPhaseDiagram = /** @type {FigureDefinition} */ ({
  id: 'gated-phase-diagram',
  source: SOURCE,
  title: 'Gated RNN: phase diagram (β_r, g_h) at α_r = 8 and topological against dynamical complexity',
  labels: ['GATE-PD', 'GATE-TR-1', 'GATE-TR-2', 'GATE-TR-4', 'GATE-TR-5', 'GATE-KR-4', 'GATE-KR-5', 'GATE-LYA-3', 'GATE-REF-F4', 'GATE-REF-EX'],
  spec: PD,
  status: ({ theory, cli }) => {
    const need = ['gatedPhaseDiagram', 'gatedKacRiceOnBranch', 'gatedChaoticBranchOnset', 'gatedFixedPointSaddleNode', 'gatedOriginGain'];
    const missing = need.filter((f) => typeof theory[f] !== 'function').map((f) => `\`${f}\` from @gatefield/theory`);
    if (typeof cli.gatedPhaseSpec !== 'function') missing.push('`gatedPhaseSpec` from gatefield');
    return missing.length === 0 ? { available: true } : { available: false, todo: `TODO(gated): waiting for ${missing.join(', ')}.` };
  },
  fingerprint: async ({ theory }) => {
    const small = await theory.gatedPhaseDiagram({ ...PD.phase, x: { ...PD.phase.x, count: 4 }, y: { ...PD.phase.y, count: 5 }, chaos: 'off' }, { workers: 0 });
    const p = { ...PD.phase.parameters, beta_r: PD.branch.beta_r };
    return {
      regions: small.points.map((/** @type {any[]} */ row) => row.map((q) => q.region)),
      saddleNode: PD.reference.map((r) => theory.gatedFixedPointSaddleNode({ alpha_r: 8, beta_r: r.beta_r }).gH),
      sigma0: [0.01, 1].map((u) => theory.gatedKacRiceOnBranch(p, u, { sampleSize: PD.branch.sampleSize, seed: PD.branch.seed }).sigma0),
    };
  },
  async generate(api, log) {
    const { theory, cli } = api;
    log(`phase grid ${PD.phase.x.count}×${PD.phase.y.count}, ${PD.phase.chaosSamples} chaos-onset continuations, ${PD.workers} workers`);
    const r = await theory.gatedPhaseDiagram(PD.phase, { workers: PD.workers, onProgress: (/** @type {number} */ d, /** @type {number} */ t) => (d === t ? log(`${t} tasks done`) : undefined) });
    const a = cli.gatedPhaseSpec(r, '(a) phase diagram (β_r, g_h), α_r = 8, α_z = 0 [GATE-PD]');
    delete a.$schema;
    delete a.background;
    delete a.config;
    a.width = 430;
    a.height = 380;
    // a short title block: vega sizes the concat column by the one-line subtitle of gatedPhaseSpec otherwise
    a.title = {
      ...a.title,
      subtitle: [
        `fixed: ${Object.entries(PD.phase.parameters).map(([k, v]) => `${k}=${v}`).join(', ')}`,
        `chaos ${r.settings.chaos} (${r.onsets.filter((/** @type {any} */ o) => o.method === 'continuation').length} DMFT onsets); grid ${r.x.length}×${r.y.length}`,
      ],
    };
    // both legends below the panel (the boundary legend on the right would widen the gap to panel b),
    // and the region legend in one column, so that the legends are no wider than the panel
    for (const l of a.layer ?? []) {
      if (l.encoding?.stroke?.legend) l.encoding.stroke.legend = { ...l.encoding.stroke.legend, orient: 'bottom', direction: 'vertical' };
      if (l.encoding?.color?.legend) l.encoding.color.legend = { ...l.encoding.color.legend, columns: 1 };
    }
    /** @type {AgreementRow[]} */
    const rows = [];
    for (const ref of PD.reference) {
      const o = r.onsets.find((/** @type {any} */ q) => Math.abs(q.value - ref.beta_r) < 1e-9);
      const sn = theory.gatedFixedPointSaddleNode({ alpha_r: 8, beta_r: ref.beta_r }).gH;
      rows.push({ panel: `β_r = ${ref.beta_r}`, quantity: `g_h^FP vs [GATE-REF-F4] ${ref.gFP}`, theory: sn, simulation: null, spread: null, difference: sn - ref.gFP, noise: null, note: 'difference: computed − specification reference value' });
      if (o && o.onset !== null) rows.push({ panel: `β_r = ${ref.beta_r}`, quantity: `g_h^chaos vs [GATE-REF-F4] ${ref.gChaos} (±0.01)`, theory: o.onset, simulation: null, spread: null, difference: o.onset - ref.gChaos, noise: null, note: `continuation, last step ${fmt(o.lastStep, 2)}; C_h(0) = ${fmt(o.onsetVariance, 3)} there` });
    }

    // --- (b) Σ₀ along the fixed-point branch and λ_max of the chaotic branch at β_r = 1
    const P = { ...PD.phase.parameters, beta_r: PD.branch.beta_r };
    const B = PD.branch;
    log(`Σ₀ on the explicit branch at β_r = ${B.beta_r}: ${B.points} points in u`);
    /** @type {{ u: number, g: number, sigma0: number, gamma: number }[]} */
    const kr = [];
    for (let q = 0; q < B.points; q++) {
      const u = B.uMin * (B.uMax / B.uMin) ** (q / (B.points - 1));
      const k = theory.gatedKacRiceOnBranch(P, u, { sampleSize: B.sampleSize, seed: B.seed });
      kr.push({ u, g: k.params.g_h, sigma0: k.sigma0, gamma: k.stabilityFunctional });
    }
    log('chaotic branch with λ_max (continuation [GATE-NUM-6], [GATE-NUM-4])');
    const branch = theory.gatedChaoticBranchOnset(P, { withLyapunov: true });
    const gOrigin = theory.gatedOriginGain(B.beta_r);
    const snB = theory.gatedFixedPointSaddleNode({ alpha_r: 8, beta_r: B.beta_r });
    const krSn = theory.gatedKacRiceOnBranch(P, snB.gH ** 2 * snB.deltaH, { sampleSize: B.sampleSize, seed: B.seed });
    const curveB = ['Σ₀, fixed points with u below the saddle-node', 'Σ₀, fixed points with u above the saddle-node', 'λ_max, chaotic DMFT branch [GATE-LYA-3]'];
    const uSn = snB.gH ** 2 * snB.deltaH;
    const gMax = 4.4;
    const lines = [
      ...kr.filter((p) => p.u <= uSn && p.g <= gMax).map((p) => ({ x: Number(p.g.toFixed(4)), y: Number(p.sigma0.toPrecision(4)), series: curveB[0] })),
      { x: Number(snB.gH.toFixed(4)), y: Number(krSn.sigma0.toPrecision(4)), series: curveB[0] },
      { x: Number(snB.gH.toFixed(4)), y: Number(krSn.sigma0.toPrecision(4)), series: curveB[1] },
      ...kr.filter((p) => p.u > uSn && p.g <= gMax + 0.3).map((p) => ({ x: Number(p.g.toFixed(4)), y: Number(p.sigma0.toPrecision(4)), series: curveB[1] })),
      ...branch.points.map((/** @type {any} */ p) => ({ x: Number(p.gH.toFixed(4)), y: Number(p.lambdaMax.toPrecision(4)), series: curveB[2] })),
    ];
    const marks = [
      { x: snB.gH, text: `g_h^FP = ${fmt(snB.gH, 4)}` },
      { x: branch.onset, text: `g_h^chaos ≈ ${fmt(branch.onset, 3)}` },
      { x: gOrigin, text: `1 + e^β_r = ${fmt(gOrigin, 4)}` },
    ];
    const color = seriesColor(curveB, ['#9467bd', '#ff7f0e', '#d62728'], '');
    const b = lineChart({
      title: `(b) topological vs dynamical complexity, β_r = ${B.beta_r} [GATE-KR-5]`,
      subtitle: [`Σ₀ (per unit, [GATE-KR-4]) of the unstable fixed points; λ_max (per τ_h) of the chaotic state`, `[GATE-REF-EX]: between g_h^FP and g_h^chaos fixed points proliferate without chaos`],
      x: { title: 'g_h', scale: { domain: [2, gMax], nice: false } },
      y: { title: 'Σ₀ (per unit)   /   λ_max (per τ_h)', scale: { domain: [0, 0.24], nice: false } },
      width: 400,
      height: 380,
      layers: [
        { data: { values: marks.map((m) => ({ x: m.x })) }, mark: { type: 'rule', color: '#555555', strokeDash: [4, 3], strokeWidth: 1 }, encoding: { y: null } },
        { data: { values: marks.map((m, i) => ({ x: m.x, y: [0.225, 0.205, 0.225][i], text: m.text })) }, mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333333' }, encoding: { text: { field: 'text', type: 'nominal' } } },
        { data: { values: lines }, mark: { type: 'line', strokeWidth: 2, clip: true, point: { size: 14, filled: true } }, encoding: { color } },
      ],
    });
    const byMethod = (/** @type {string} */ m) => r.onsets.filter((/** @type {any} */ o) => o.method === m).map((/** @type {any} */ o) => o.value).join(', ');
    const unavailable = r.onsets.filter((/** @type {any} */ o) => o.method === 'unavailable');
    const vega = {
      $schema: SCHEMA,
      background: 'white',
      title: { text: 'Gated RNN phase diagram at α_r = 8 (α_z = β_z = 0, τ_h = τ_z = τ_r = 1)', subtitle: [`grid ${r.x.length}×${r.y.length}; g_h^chaos by DMFT continuation at β_r = ${byMethod('continuation')}; continuous at 1 + e^β_r (supercritical) at β_r = ${byMethod('continuous')}${byMethod('unavailable') ? `; no onset at β_r = ${byMethod('unavailable')}` : ''}; linear in between`], anchor: 'start', fontSize: 14, subtitleFontSize: 10, subtitleColor: '#444444' },
      hconcat: [a, b],
      spacing: 30,
      resolve: { scale: { color: 'independent', stroke: 'independent', strokeDash: 'independent' }, legend: { color: 'independent', stroke: 'independent' } },
      config: { ...BASE_CONFIG, axis: { ...(/** @type {any} */ (BASE_CONFIG).axis ?? {}), grid: false } },
    };
    const worst = Math.max(...rows.filter((x) => x.quantity.startsWith('g_h^chaos')).map((x) => Math.abs(x.difference ?? 0)));
    const worstFP = Math.max(...rows.filter((x) => x.quantity.startsWith('g_h^FP')).map((x) => Math.abs(x.difference ?? 0)));
    const sigmaAtOnset = kr.filter((p) => p.u > uSn).reduce((best, p) => (Math.abs(p.g - branch.onset) < Math.abs(best.g - branch.onset) ? p : best), kr[kr.length - 1]);
    const counts = Object.entries(r.regionCounts).map(([k, v]) => `${k} ${v}`).join(', ');
    return {
      vega,
      record: {
        caption:
          `(a) Regions of the $(\\beta_r, g_h)$ plane at $\\alpha_r = 8$, $\\alpha_z = \\beta_z = 0$, $\\tau_h = \\tau_z = \\tau_r = 1$, $\\beta_h = 0$ (\`gatedPhaseDiagram\`, [GATE-PD]; grid ${r.x.length}×${r.y.length}). ` +
          `The zero fixed point is stable below $g_h = 1 + e^{\\beta_r}$ [GATE-TR-1]. Where the branch is subcritical ($\\alpha_r^2(1-s)(2-3s) > 2$, right of the subcriticality line, [GATE-TR-4]) unstable non-zero fixed points, and with them exponentially many ([GATE-KR-5]), appear at the saddle-node $g_h^{FP}$, ` +
          `and a chaotic attractor coexists with the stable origin above $g_h^{\\rm chaos}$ (bistable, [GATE-TR-5]); $g_h^{\\rm chaos}$ is computed by continuation of the chaotic DMFT branch at ${r.onsets.filter((/** @type {any} */ o) => o.method === 'continuation').length} values of $\\beta_r$ (${byMethod('continuation')}) and interpolated between them; where the branch is supercritical ($\\beta_r \\le ${Math.max(...r.onsets.filter((/** @type {any} */ o) => o.method === 'continuous').map((/** @type {any} */ o) => o.value))}$ on the grid) the transition is continuous at $1 + e^{\\beta_r}$. ` +
          (unavailable.length ? `At $\\beta_r = ${byMethod('unavailable')}$, just past the subcriticality threshold (${unavailable.map((/** @type {any} */ o) => `$g_h^{FP} = ${fmt(o.saddleNode, 4)}$ against $1 + e^{\\beta_r} = ${fmt(o.originGain, 4)}$`).join(', ')}), the continuation returned no onset${unavailable[0].note ? ` (${unavailable[0].note})` : ''}; the narrow wedge there is interpolated. ` : '') +
          `Against [GATE-REF-F4] ($\\alpha_r = 8$ rows): $g_h^{FP}$ within ${fmt(worstFP, 1)}, $g_h^{\\rm chaos}$ within ${fmt(worst, 2)} (the table's onsets are quoted to ±0.01). ` +
          `(b) Along $\\beta_r = ${B.beta_r}$ ([GATE-REF-EX]): the annealed complexity $\\Sigma_0$ at the untilted saddle [GATE-KR-4] (\`gatedKacRiceOnBranch\`, singular values from a sample of ${B.sampleSize} units) on the explicit fixed-point branch [GATE-TR-2], ` +
          `both parts of which are unstable and carry $\\Sigma_0 > 0$ from $g_h^{FP} = ${fmt(snB.gH, 4)}$ on, and the DMFT $\\lambda_{\\max}$ of the chaotic branch [GATE-LYA-3], which only exists above $g_h^{\\rm chaos} \\approx ${fmt(branch.onset, 3)}$ and starts there at $\\lambda_{\\max} \\approx ${fmt(branch.points[branch.points.length - 1].lambdaMax, 2)}$. ` +
          `Topological complexity (fixed points) and dynamical complexity (chaos) switch on at different gains: at $g_h^{\\rm chaos}$ the upper fixed points already have $\\Sigma_0 \\approx ${fmt(sigmaAtOnset.sigma0, 2)}$. $\\Sigma_0$ is a lower bound of the full annealed complexity.`,
        setup: { model: 'gated', phase: PD.phase, workers: PD.workers, branch: PD.branch, theory: 'gatedPhaseDiagram, gatedFixedPointSaddleNode, gatedKacRiceOnBranch, gatedChaoticBranchOnset (withLyapunov), gatedOriginGain; gatedPhaseSpec of gatefield for panel (a)' },
        theory: {
          regionCounts: r.regionCounts,
          onsets: r.onsets.map((/** @type {any} */ o) => ({ beta_r: o.value, onset: o.onset, method: o.method, saddleNode: o.saddleNode, originGain: o.originGain, lastStep: o.lastStep })),
          curves: r.curves.map((/** @type {any} */ c) => ({ name: c.name, exact: c.exact, polylines: c.polylines.length })),
          branch: { saddleNode: snB, sigma0AtSaddleNode: krSn.sigma0, kacRice: kr, chaosOnset: branch.onset, lambdaMax: branch.points.map((/** @type {any} */ p) => ({ g: p.gH, lambdaMax: p.lambdaMax })) },
        },
        agreement: rows,
        summary: {
          maxOnsetDifference: worst,
          maxSaddleNodeDifference: worstFP,
          text: `regions: ${counts}; g_h^chaos within ${fmt(worst, 2)} and g_h^FP within ${fmt(worstFP, 1)} of [GATE-REF-F4]; at β_r = ${B.beta_r}: g_h^FP = ${fmt(snB.gH, 4)} < g_h^chaos = ${fmt(branch.onset, 4)} < 1 + e^{β_r} = ${fmt(gOrigin, 4)}.`,
        },
      },
    };
  },
});
