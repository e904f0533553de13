// @ts-check
/**
 * LSTM figure: Jacobian spectra at the origin fixed point as the forget, input and output gates vary.
 *
 * At the origin (β_c = 0, [LSTM-MF-4]) every gate sits at its resting value f₀, i₀, o₀ and the 2N
 * eigenvalues solve (λ + 1)(λ + 1 − f₀) = μ, μ ∈ spec(o₀ i₀ U_c) [LSTM-CAS-1]: the support is the
 * Cassini oval |λ + 1|·|λ + 1 − f₀| = R := g_c o₀ i₀ [LSTM-CAS-2], with foci −1 and −(1 − f₀). The
 * forget gate moves the second focus to the origin as f₀ → 1 (slow modes, abscissa [LSTM-CAS-3],
 * instability R > 1 − f₀ [LSTM-CAS-4]); the input and output gates only multiply the gain R (the
 * spectral radius; below R = (f₀/2)² the oval splits in two [LSTM-CAS-5]).
 *
 * Simulation: simulateLstm with the iid ensemble at the imposed C = 0 draws every site at u = 0, so
 * its Jacobian is the origin Jacobian J₀ exactly (stable or not), assembled from the network's own
 * U_c and diagonalised as a 2N×2N matrix (the CAS-1 reduction is not used). The theory boundary is
 * cassiniBoundary (it draws both ovals after the split); the disk masses are the Ψ-formula contour integrals
 * of predictLstm at C = 0 (its steps, without its mean-field root scan), fractions of all 2N eigenvalues ([OQ-18]).
 *
 * Disks are placed on the two foci (radii in `spec.disks`): the −(1 − f₀) disk holds the slow modes
 * when f₀ → 1. N = 500 keeps generation near a minute and a half (a 2N×2N nonsymmetric eigenproblem is
 * ~6 s); the β_i = 0 and β_o = 0 panels are the β_f = 0 parameter set and reuse its simulations.
 */
import { fmt, massSummary } from '../lib/figureKit.mjs';
import { BASE_CONFIG } from '../lib/figureSpecs.mjs';

/** @typedef {import('../lib/figureKit.mjs').FigureDefinition} FigureDefinition */
/** @typedef {import('../lib/figureKit.mjs').FigureApi} FigureApi */
/** @typedef {import('../lib/figureKit.mjs').AgreementRow} AgreementRow */
/** @typedef {{ re: number, im: number, r: number }} Disk */

const SOURCE = 'src/figures/lstm.mjs';

/** Set to true when `generate` and `fingerprint` are implemented. */
const GENERATOR_READY = true;

const BASE = { g_c: 1, beta_c: 0, beta_f: 0, beta_i: 0, beta_o: 0 };
const ROWS = [
  { key: 'forget', vary: 'beta_f', symbol: 'β_f', values: [0, -1.5, -2.2, -4] },
  { key: 'input', vary: 'beta_i', symbol: 'β_i', values: [2, 0, -2] },
  { key: 'output', vary: 'beta_o', symbol: 'β_o', values: [2, 0, -2] },
];
/** Disk radii around the focus −1 and the focus −(1 − f₀). */
const DISKS = { focusMinusOne: 0.25, focusForget: 0.2 };
const N = 500;
const SEEDS = [1, 2];

/** @param {Record<string, number>} params */
const keyOf = (params) => JSON.stringify(params);

/**
 * Disks of one panel: on the foci −1 and −(1 − f₀).
 * @param {{ oneMinusF0: number }} origin
 * @returns {Disk[]}
 */
const disksOf = (origin) => [
  { re: -1, im: 0, r: DISKS.focusMinusOne },
  { re: -origin.oneMinusF0, im: 0, r: DISKS.focusForget },
];

/** @param {Disk} d */
const diskName = (d) => `disk c = ${fmt(d.re, 3)}, r = ${fmt(d.r)}`;

/**
 * Theory of one parameter set: origin, Cassini oval, predictLstm at C = 0 (support and disk masses).
 * @param {FigureApi} api
 * @param {Record<string, number>} params
 * @param {number} boundaryPoints
 */
function originTheory(api, params, boundaryPoints) {
  const { theory } = api;
  const origin = theory.lstmOrigin(theory.resolveLstmParameters(params));
  const disks = disksOf(origin);
  // predictLstm's steps at the imposed C = 0, without its mean-field root scan (which has no bearing
  // on an imposed C; it used to overflow at α_f = 0, β_f = −4 — Γ² = NaN on its C grid — until the
  // issue-8 fix of the gate-pair sums)
  const p = theory.resolveLstmParameters(params);
  const q = theory.resolveLstmQuadrature();
  const root = theory.lstmRootQuantities(0, p, q, 'single');
  const support = theory.lstmSupport(theory.lstmSiteAverages(0, p, q), true, { boundaryPoints: 32 });
  const sites = theory.lstmQuadratureSites(root, p, theory.DEFAULT_LSTM_SITE_QUADRATURE);
  const pr = { support, masses: theory.lstmDiskMasses(sites, disks, {}) };
  const ovals = theory.cassiniBoundary(origin.f0, origin.gain, boundaryPoints);
  return { origin, disks, pr, ovals };
}

/**
 * @param {number[]} xs
 */
function stat(xs) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { m, sd };
}

/**
 * One spectrum panel: eigenvalues, Cassini oval(s), foci, compared disks, the line Re λ = 0.
 * @param {object} o
 * @param {string} o.title
 * @param {string[]} o.subtitle
 * @param {[number, number][]} o.eigenvalues
 * @param {[number, number][][]} o.ovals
 * @param {number[]} o.foci
 * @param {Disk[]} o.disks
 * @param {[number, number]} o.xDomain
 * @param {[number, number]} o.yDomain
 * @param {number} o.width
 * @param {number} o.height
 */
function panel(o) {
  const scale = (/** @type {[number, number]} */ domain) => ({ domain, nice: false, zero: false });
  const x = { field: 're', type: 'quantitative', title: 'Re λ', scale: scale(o.xDomain) };
  const y = { field: 'im', type: 'quantitative', title: 'Im λ', scale: scale(o.yDomain) };
  const r4 = (/** @type {number} */ v) => Math.round(v * 1e4) / 1e4;
  const eig = o.eigenvalues.map(([re, im]) => ({ re: r4(re), im: r4(im) }));
  const bnd = o.ovals.flatMap((poly, part) => [...poly, poly[0]].map(([re, im], order) => ({ re, im, order, part })));
  const diskPts = o.disks.flatMap((d, k) =>
    Array.from({ length: 73 }, (_, j) => ({ re: d.re + d.r * Math.cos((2 * Math.PI * j) / 72), im: d.im + d.r * Math.sin((2 * Math.PI * j) / 72), order: j, disk: k })),
  );
  return {
    title: { text: o.title, subtitle: o.subtitle, anchor: 'start', fontSize: 12, subtitleFontSize: 9.5, subtitleColor: '#444444' },
    width: o.width,
    height: o.height,
    layer: [
      { data: { values: [{ re: 0 }] }, mark: { type: 'rule', color: '#888888', strokeDash: [3, 3], clip: true }, encoding: { x } },
      { data: { values: eig }, mark: { type: 'circle', size: 6, opacity: 0.55, color: '#1f5fa8', clip: true }, encoding: { x, y } },
      {
        data: { values: bnd },
        mark: { type: 'line', color: '#d62728', strokeWidth: 1.5, clip: true },
        encoding: { x, y, order: { field: 'order', type: 'quantitative' }, detail: { field: 'part', type: 'nominal' } },
      },
      {
        data: { values: diskPts },
        mark: { type: 'line', color: '#2ca02c', strokeDash: [4, 3], strokeWidth: 1.2, clip: true },
        encoding: { x, y, order: { field: 'order', type: 'quantitative' }, detail: { field: 'disk', type: 'nominal' } },
      },
      { data: { values: o.foci.map((re) => ({ re, im: 0 })) }, mark: { type: 'point', shape: 'cross', size: 40, color: '#000000', filled: true, clip: true }, encoding: { x, y } },
    ],
  };
}

/** LSTM spectra as the forget / input / output gates vary (origin fixed point, Cassini ovals). */
export const lstmGates = /** @type {FigureDefinition} */ ({
  id: 'lstm-gates',
  source: SOURCE,
  title: 'LSTM spectra as the forget, input and output gates vary',
  labels: ['LSTM-RMT-3', 'LSTM-CAS-2', 'LSTM-CAS-3', 'LSTM-CAS-4', 'LSTM-CAS-5'],
  spec: {
    origin: BASE,
    rows: ROWS,
    disks: DISKS,
    n: N,
    seeds: SEEDS,
    ensemble: 'iid',
    imposedC: 0,
  },
  status: ({ theory, cli }) => {
    const landed = typeof theory.predictLstm === 'function' && typeof theory.cassiniBoundary === 'function' && typeof cli.simulateLstm === 'function';
    if (GENERATOR_READY && landed) return { available: true };
    return {
      available: false,
      todo: 'TODO(lstm): waiting for the LSTM theory (`predictLstm`, `lstmOrigin`, `cassiniBoundary` from @gatefield/theory) and the experiment driver (`simulateLstm` from gatefield).',
    };
  },
  fingerprint: (api) =>
    ROWS.map((row) =>
      row.values.map((v) => {
        const { origin, pr, ovals } = originTheory(api, { ...BASE, [row.vary]: v }, 32);
        return {
          origin,
          ovals,
          support: { abscissa: pr.support.abscissa, leftEdge: pr.support.leftEdge },
          masses: pr.masses.map((/** @type {any} */ m) => m.mass),
        };
      }),
    ),
  async generate(api, log) {
    const { cli } = api;
    /** @type {Map<string, any>} */
    const cache = new Map();
    /** @type {AgreementRow[]} */
    const rows = [];
    /** @type {{ row: typeof ROWS[number], value: number, params: Record<string, number>, t: ReturnType<typeof originTheory>, sims: any[], measured: Record<string, { m: number, sd: number }>, massSim: { m: number, sd: number }[] }[][]} */
    const grid = [];
    for (const row of ROWS) {
      const line = [];
      for (const value of row.values) {
        const params = { ...BASE, [row.vary]: value };
        const key = keyOf(params);
        if (!cache.has(key)) {
          log(`${row.vary} = ${value}: theory + ${SEEDS.length} simulations at N = ${N} (iid, C = 0: the origin Jacobian)`);
          const t = originTheory(api, params, 512);
          const sims = SEEDS.map((seed) => cli.simulateLstm(params, { n: N, seed, ensemble: 'iid', C: 0, disks: t.disks }));
          const { f0, gain } = t.origin;
          const per = sims.map((/** @type {any} */ s) => {
            let maxMod = 0;
            let radius = 0;
            for (const [re, im] of s.eigenvalues) {
              maxMod = Math.max(maxMod, Math.hypot(re + 1, im) * Math.hypot(re + 1 - f0, im));
              radius = Math.max(radius, Math.hypot(re, im));
            }
            return { maxMod: maxMod / gain, abscissa: s.abscissa, radius };
          });
          const measured = {
            maxMod: stat(per.map((q) => q.maxMod)),
            abscissa: stat(per.map((q) => q.abscissa)),
            radius: stat(per.map((q) => q.radius)),
          };
          const massSim = t.disks.map((_, k) => stat(sims.map((/** @type {any} */ s) => s.masses[k].mass)));
          cache.set(key, { t, sims, measured, massSim });
        } else {
          log(`${row.vary} = ${value}: same parameters as an earlier panel (reused)`);
        }
        const c = cache.get(key);
        line.push({ row, value, params, ...c });
        const name = `${row.symbol} = ${value}`;
        const { origin } = c.t;
        const edge = 'finite-N extremes fall short of the edge';
        rows.push({ panel: name, quantity: 'max |λ+1||λ+1−f₀| / R (oval [LSTM-CAS-2])', theory: 1, simulation: c.measured.maxMod.m, spread: c.measured.maxMod.sd, difference: c.measured.maxMod.m - 1, noise: null, note: 'the circular-law edge of μ fluctuates by O(N^{-1/2}) at finite N' });
        rows.push({ panel: name, quantity: 'abscissa max Re λ [LSTM-CAS-3]', theory: origin.rightmost, simulation: c.measured.abscissa.m, spread: c.measured.abscissa.sd, difference: c.measured.abscissa.m - origin.rightmost, noise: null, note: edge });
        rows.push({ panel: name, quantity: 'spectral radius max |λ|', theory: origin.spectralRadius, simulation: c.measured.radius.m, spread: c.measured.radius.sd, difference: c.measured.radius.m - origin.spectralRadius, noise: null, note: edge });
        c.t.pr.masses.forEach((/** @type {any} */ m, /** @type {number} */ k) => {
          const s = c.massSim[k];
          rows.push({
            panel: name,
            quantity: `mass, ${diskName(m)} (${k === 0 ? 'focus −1' : 'focus −(1 − f₀)'})`,
            theory: m.mass,
            simulation: s.m,
            spread: s.sd,
            difference: s.m - m.mass,
            noise: Math.sqrt(Math.max(m.mass * (1 - m.mass), 1 / (2 * N)) / (2 * N * SEEDS.length)),
          });
        });
      }
      grid.push(line);
    }

    // shared axes with equal scales (circles look like circles)
    const xs = grid.flat().flatMap((p) => [p.t.origin.leftmost, p.t.origin.rightmost, 0, ...p.sims[0].eigenvalues.map((/** @type {number[]} */ e) => e[0])]);
    const ys = grid.flat().flatMap((p) => [...p.t.ovals.flat().map((/** @type {number[]} */ b) => Math.abs(b[1])), ...p.sims[0].eigenvalues.map((/** @type {number[]} */ e) => Math.abs(e[1]))]);
    const pad = 0.06;
    const round = (/** @type {number} */ v) => Math.round(v * 20) / 20;
    /** @type {[number, number]} */
    const xDomain = [round(Math.min(...xs) - pad), round(Math.max(...xs) + pad)];
    const yMax = round(Math.max(...ys) + pad);
    const height = 190;
    const width = Math.round((height * (xDomain[1] - xDomain[0])) / (2 * yMax));
    const stability = (/** @type {any} */ o) => (o.unstable ? 'unstable: R > 1 − f₀' : 'stable: R < 1 − f₀');
    const vegaRows = grid.map((line, r) => ({
      title: { text: `(${'abc'[r]}) ${['forget gate: f₀ → 1 moves the focus −(1 − f₀) to the origin', 'input gate: i₀ multiplies the gain R = g_c o₀ i₀', 'output gate: o₀ multiplies the gain R = g_c o₀ i₀'][r]}`, anchor: 'start', fontSize: 12.5 },
      hconcat: line.map((p) => {
        const o = p.t.origin;
        const massText = p.t.pr.masses.map((/** @type {any} */ m, /** @type {number} */ k) => `${fmt(m.mass, 3)}/${fmt(p.massSim[k].m, 3)}`).join(', ');
        return panel({
          title: `${p.row.symbol} = ${p.value}`,
          subtitle: [
            `f₀ = ${fmt(o.f0, 3)}, i₀ = ${fmt(o.i0, 3)}, o₀ = ${fmt(o.o0, 3)}`,
            `R = ${fmt(o.gain, 3)}; ${stability(o)}${o.split ? '; split' : ''}`,
            `x* = ${fmt(o.rightmost, 3)} (sim ${fmt(p.measured.abscissa.m, 3)})`,
            `radius ${fmt(o.spectralRadius, 3)} (sim ${fmt(p.measured.radius.m, 3)})`,
            `masses theory/sim: ${massText}`,
          ],
          eigenvalues: p.sims[0].eigenvalues,
          ovals: p.t.ovals.map((/** @type {[number, number][]} */ poly) => poly.filter((_, i) => i % 4 === 0)),
          foci: o.foci,
          disks: p.t.disks,
          xDomain,
          yDomain: [-yMax, yMax],
          width,
          height,
        });
      }),
    }));
    const vega = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      background: 'white',
      title: {
        text: 'LSTM spectra at the origin as the forget, input and output gates vary',
        subtitle: [
          `origin fixed point (β_c = 0), g_c = ${BASE.g_c}; other gate biases 0; support: Cassini oval |λ + 1|·|λ + 1 − f₀| = R = g_c o₀ i₀`,
          `iid ensemble at C = 0 (the origin Jacobian), 2N = ${2 * N} eigenvalues; seed ${SEEDS[0]} shown, measurements over seeds ${SEEDS.join(', ')}`,
          'blue: eigenvalues · red: Cassini oval [LSTM-CAS-2] · black crosses: foci −1, −(1 − f₀) · green: compared disks · dashed: Re λ = 0',
        ],
        anchor: 'start',
        fontSize: 14,
        subtitleFontSize: 10,
        subtitleColor: '#444444',
      },
      vconcat: vegaRows,
      spacing: 22,
      config: { ...BASE_CONFIG, concat: { spacing: 16 } },
    };

    const s = massSummary(rows);
    const byQ = (/** @type {string} */ q) => rows.filter((r) => r.quantity.startsWith(q));
    const range = (/** @type {AgreementRow[]} */ rs) => {
      const d = rs.map((r) => r.difference ?? 0);
      return [Math.min(...d), Math.max(...d)];
    };
    const [modLo, modHi] = range(byQ('max |λ+1|'));
    const [absLo, absHi] = range(byQ('abscissa'));
    const [radLo, radHi] = range(byQ('spectral radius'));
    const forget = grid[0];
    const inputRow = grid[1];
    const theoryPredictAgreement = Math.max(...grid.flat().map((p) => Math.abs(p.t.pr.support.abscissa - p.t.origin.rightmost)));
    const summaryText =
      `the largest |λ+1||λ+1−f₀| is ${fmt(1 + modLo, 3) === fmt(1 + modHi, 3) ? fmt(1 + modLo, 3) : `${fmt(1 + modLo, 3)}–${fmt(1 + modHi, 3)}`} × R in all ${grid.flat().length} panels (the largest |μ|/R of the seed's U_c; the oval [LSTM-CAS-2] is the N → ∞ edge); ` +
      `simulated abscissas are within ${fmt(Math.max(Math.abs(absLo), Math.abs(absHi)), 2)} of [LSTM-CAS-3] (differences ${fmt(absLo, 2)} to ${fmt(absHi, 2)}) and spectral radii within ${fmt(Math.max(Math.abs(radLo), Math.abs(radHi)), 2)}; ` +
      `all ${s.massRows} disk masses (fractions of the 2N eigenvalues) agree with the Ψ-formula within ${fmt(s.maxAbsMassDifference, 2)} (at most ${fmt(s.maxMassZ, 2)} binomial standard errors).`;
    return {
      vega,
      record: {
        caption:
          `Jacobian spectra at the origin fixed point of the LSTM ($\\beta_c = 0$, $g_c = ${BASE.g_c}$), where every gate rests at $f_0, i_0, o_0$ and the 2N eigenvalues solve $(\\lambda+1)(\\lambda+1-f_0) = \\mu$, $\\mu \\in \\mathrm{spec}(o_0 i_0 U_c)$: ` +
          `the support is the Cassini oval $|\\lambda+1|\\,|\\lambda+1-f_0| = R = g_c o_0 i_0$ [LSTM-CAS-2] with foci $-1$ and $-(1-f_0)$ (at $C = 0$ the general support [LSTM-RMT-3] reduces to it: abscissas agree to ${fmt(theoryPredictAgreement, 2)}). ` +
          `(a) The forget gate moves the focus $-(1-f_0)$ to the origin as $f_0 \\to 1$ (${forget.map((p) => `$f_0 = ${fmt(p.t.origin.f0, 3)}$`).join(', ')}): ` +
          `the abscissa $x^* = [-(2-f_0) + \\sqrt{f_0^2 + 4R}]/2$ [LSTM-CAS-3] rises through 0 (${forget.map((p) => fmt(p.t.origin.rightmost, 3)).join(', ')}) — the origin is unstable once $R > 1 - f_0$ [LSTM-CAS-4] — ` +
          `and the eigenvalues around the focus near 0 are the slow modes (the disk on that focus). ` +
          `(b, c) The input and output gates enter only through the gain $R$: the spectral radius $1 - f_0/2 + \\sqrt{f_0^2/4 + R}$ grows with $i_0$ and $o_0$ (${inputRow.map((p) => `${fmt(p.t.origin.spectralRadius, 3)} at $R = ${fmt(p.t.origin.gain, 3)}$`).join(', ')}), ` +
          `and the two rows are identical, as they must be. Below $R = (f_0/2)^2$ the oval splits into two ovals around the foci, each holding half of the eigenvalues [LSTM-CAS-5] (the $\\beta = 2$ panels). ` +
          `The simulated Jacobian is the exact origin Jacobian (iid ensemble at $C = 0$, diagonalised as a $2N \\times 2N$ matrix); the density inside the oval is $|2\\lambda + 2 - f_0|^2/(2\\pi R^2)$ (over 2N), which vanishes at the centre $\\lambda = -1 + f_0/2$.`,
        setup: {
          model: 'lstm',
          ensemble: 'iid',
          imposedC: 0,
          n: N,
          seeds: SEEDS,
          base: BASE,
          rows: ROWS,
          disks: DISKS,
          theory: 'lstmOrigin + cassiniBoundary (oval, [LSTM-CAS-2]–[LSTM-CAS-5]); lstmSupport and lstmDiskMasses at C = 0, as predictLstm({ C: 0 }) computes them (Ψ-formula disk masses, fractions of all 2N eigenvalues)',
          simulation: 'simulateLstm, iid ensemble at imposed C = 0 (the origin Jacobian, 2N×2N)',
        },
        theory: Object.fromEntries(
          grid.flat().map((p) => [
            `${p.row.vary}=${p.value}`,
            {
              f0: p.t.origin.f0,
              i0: p.t.origin.i0,
              o0: p.t.origin.o0,
              R: p.t.origin.gain,
              foci: p.t.origin.foci,
              rightmost: p.t.origin.rightmost,
              leftmost: p.t.origin.leftmost,
              spectralRadius: p.t.origin.spectralRadius,
              unstable: p.t.origin.unstable,
              split: p.t.origin.split,
              predictAbscissa: p.t.pr.support.abscissa,
              predictLeftEdge: p.t.pr.support.leftEdge,
              disks: p.t.pr.masses.map((/** @type {any} */ m) => ({ re: m.re, im: m.im, r: m.r, mass: m.mass })),
            },
          ]),
        ),
        agreement: rows,
        summary: {
          ...s,
          maxModulusOverR: [1 + modLo, 1 + modHi],
          abscissaDifference: [absLo, absHi],
          radiusDifference: [radLo, radHi],
          text: summaryText,
        },
      },
    };
  },
});
