// @ts-check
/**
 * The GRU phase diagram ([KR-PD]) from the complexity work (phaseDiagram, saddleNodeGain of
 * @gatefield/theory; phaseSpec of gatefield). Its status hook checks that those APIs are exported:
 * without them the pipeline writes a clearly marked "pending" caption and the build passes; when
 * they appear, the up-to-date check fails until `pnpm figures` draws the figure.
 */
import { fmt } from '../lib/figureKit.mjs';
import { BASE_CONFIG } from '../lib/figureSpecs.mjs';

/** @typedef {import('../lib/figureKit.mjs').FigureDefinition} FigureDefinition */
/** @typedef {import('../lib/figureKit.mjs').AgreementRow} AgreementRow */

/** [KR-REF-1]: saddle-node values g_sn at β_r = 0. */
const KR_REF_1 = [
  { alpha_r: 3, g_sn: 1.9987 },
  { alpha_r: 4, g_sn: 1.9638 },
  { alpha_r: 6, g_sn: 1.8739 },
  { alpha_r: 8, g_sn: 1.8046 },
  { alpha_r: 10, g_sn: 1.754 },
];

const SOURCE = 'src/figures/phase.mjs';

const PHASE_SPEC = {
  x: { name: 'alpha_r', lo: 0, hi: 10, count: 51 },
  y: { name: 'g_h', lo: 1.5, hi: 3, count: 61 },
  parameters: { beta_h: 0, beta_r: 0, beta_z: 0 },
  branch: 'upper',
  saturationLimit: 'fixed-bias',
  complexity: 'sign',
};

/** GRU phase diagram in the (α_r, g_h) plane ([KR-PD]); needs the complexity work. */
export const gruPhaseDiagram = /** @type {FigureDefinition} */ ({
  id: 'gru-phase-diagram',
  source: SOURCE,
  title: 'GRU phase diagram in the (α_r, g_h) plane',
  labels: ['KR-11', 'KR-13', 'KR-15', 'KR-16', 'KR-17', 'KR-PD'],
  spec: { phase: PHASE_SPEC, reference: KR_REF_1 },
  status: ({ theory, cli }) => {
    const missing = [
      typeof theory.phaseDiagram === 'function' ? null : '`phaseDiagram` from @gatefield/theory (packages/theory/src/complexity/index.ts re-exported by packages/theory/src/index.ts)',
      typeof theory.saddleNodeGain === 'function' ? null : '`saddleNodeGain` from @gatefield/theory',
      typeof cli.phaseSpec === 'function' ? null : '`phaseSpec` from gatefield (apps/cli/src/phasePlot.ts re-exported by apps/cli/src/index.ts)',
    ].filter(Boolean);
    return missing.length === 0
      ? { available: true }
      : { available: false, todo: `TODO(phase-diagram): the complexity / phase-diagram work has not landed yet. Waiting for ${missing.join('; ')}. When it lands, \`pnpm figures\` draws the diagram (origin line [KR-11], saddle-node curve g_sn [KR-15], Σ_MF > 0 region [KR-16], marginal contour Γ² = 1/p₁ [KR-17]) and compares g_sn with [KR-REF-1].` };
  },
  fingerprint: async ({ theory }) => ({
    grid: (await theory.phaseDiagram({ ...PHASE_SPEC, x: { ...PHASE_SPEC.x, count: 6 }, y: { ...PHASE_SPEC.y, count: 6 } }, { workers: 0, skipCurves: true })).points.map((/** @type {any[]} */ row) =>
      row.map((p) => ({ region: p.region, roots: p.roots.map((/** @type {any} */ r) => [r.C, r.gamma2]) })),
    ),
    gsn: KR_REF_1.map((r) => theory.saddleNodeGain({ alpha_r: r.alpha_r, beta_r: 0 }).g_sn),
  }),
  async generate({ theory, cli }, log) {
    log(`phase grid ${PHASE_SPEC.x.count}×${PHASE_SPEC.y.count} on worker threads`);
    const r = await theory.phaseDiagram(PHASE_SPEC, { workers: 2 });
    const spec = cli.phaseSpec(r, 'GRU phase diagram, β_h = β_r = 0 (reconstruction, [KR-PD])');
    const vega = { ...spec, config: { ...(spec.config ?? {}), font: BASE_CONFIG.font, aria: false } };
    /** @type {AgreementRow[]} */
    const rows = KR_REF_1.map((ref) => {
      const g = theory.saddleNodeGain({ alpha_r: ref.alpha_r, beta_r: 0 }).g_sn;
      return { panel: `α_r = ${ref.alpha_r}`, quantity: `g_sn, reference [KR-REF-1] = ${ref.g_sn}`, theory: g, simulation: null, spread: null, difference: g === null ? null : g - ref.g_sn, noise: null, note: 'difference: computed − reference' };
    });
    const worst = Math.max(...rows.map((x) => Math.abs(x.difference ?? Infinity)));
    return {
      vega,
      record: {
        caption:
          `Regions of the (α_r, g_h) plane at β_h = β_r = 0: the origin is unstable above the line $g_h\\rho_0 = 1$ [KR-11]; for $\\alpha_r > 2\\sqrt2$ nontrivial fixed points appear discontinuously at the saddle-node $g_{sn}(\\alpha_r) < 2$ [KR-13], [KR-15], ` +
          `so that exponentially many unstable fixed points ($\\Sigma_{MF} > 0$, [KR-16]) surround a stable origin; the green contour $\\Gamma^2 = 1/p_1$ bounds the fixed points that a saturated update gate makes marginally stable [KR-17].`,
        setup: { model: 'gru', phase: PHASE_SPEC, grid: `${r.x.length}×${r.y.length}`, workers: 2 },
        theory: { regionCounts: r.regionCounts },
        agreement: rows,
        summary: { maxAbsGsnDifference: worst, text: `the computed saddle-node gains reproduce [KR-REF-1] within ${fmt(worst, 2)}.` },
      },
    };
  },
});
