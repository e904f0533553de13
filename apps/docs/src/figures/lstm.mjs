// @ts-check
/**
 * TODO(lstm): LSTM spectra as the forget / input / output gates vary — a hook for the LSTM work.
 *
 * Status: "pending" until GENERATOR_READY is set. While the LSTM API is absent the caption says so;
 * once predictLstm / compareLstm are exported the check prints a notice (it does not fail the
 * build) asking for this generator to be written. To finish it: implement `fingerprint` and
 * `generate` below (Cassini-oval panels at the origin as f₀, i₀, o₀ vary [LSTM-CAS-2], contour
 * masses against simulation as in [LSTM-REF-1]; see gru.mjs for the pattern), set
 * GENERATOR_READY = true, run `pnpm figures --only lstm-gates` and commit docs/figures.
 */

/** @typedef {import('../lib/figureKit.mjs').FigureDefinition} FigureDefinition */

const SOURCE = 'src/figures/lstm.mjs';

/** Set to true when `generate` and `fingerprint` are implemented. */
const GENERATOR_READY = false;

/** LSTM spectra as the forget / input / output gates vary; needs the LSTM work. */
export const lstmGates = /** @type {FigureDefinition} */ ({
  id: 'lstm-gates',
  source: SOURCE,
  title: 'LSTM spectra as the forget, input and output gates vary',
  labels: ['LSTM-RMT-3', 'LSTM-CAS-2', 'LSTM-CAS-4', 'LSTM-CAS-5'],
  // Intended panels (origin fixed point, β_c = 0, where the support is the Cassini oval
  // |λ + 1|·|λ + 1 − f₀| = g_c o₀ i₀ [LSTM-CAS-2]): vary β_f (f₀ → 1 moves a focus to the origin:
  // slow modes), β_i and β_o (they multiply the gain g_c o₀ i₀: radius); plus the [LSTM-REF-1]
  // ensemble α_f = 6, β_f = −1, α_i = α_o = 3, g_c = 3 with its contour masses.
  spec: {
    origin: { g_c: 1, beta_c: 0 },
    forget: { vary: 'beta_f', values: [0, -1.5, -2.2, -4] },
    input: { vary: 'beta_i', values: [2, 0, -2] },
    output: { vary: 'beta_o', values: [2, 0, -2] },
    n: 1000,
    seeds: [1, 2],
  },
  status: ({ theory, cli }) => {
    const landed = typeof theory.predictLstm === 'function' && (typeof cli.compareLstm === 'function' || typeof cli.simulateLstm === 'function');
    if (GENERATOR_READY && landed) return { available: true };
    if (landed) {
      return {
        available: false,
        todo: 'TODO(lstm): the LSTM theory and experiment driver have landed, but this figure\'s generator is not written yet (apps/docs/src/figures/lstm.mjs): Cassini-oval panels [LSTM-CAS-2] as f₀, i₀, o₀ vary, contour masses against simulation as in [LSTM-REF-1].',
        notice: 'lstm-gates: predictLstm / compareLstm are exported now — implement the generator in apps/docs/src/figures/lstm.mjs and set GENERATOR_READY',
      };
    }
    return {
      available: false,
      todo: 'TODO(lstm): waiting for the LSTM theory (`predictLstm` from @gatefield/theory, packages/theory/src/lstm/) and experiment driver (`compareLstm` / `simulateLstm` from gatefield, apps/cli/src/experimentsLstm.ts); then the generator in apps/docs/src/figures/lstm.mjs draws Cassini-oval panels [LSTM-CAS-2] as f₀, i₀, o₀ vary and compares contour masses with simulation as in [LSTM-REF-1].',
    };
  },
  fingerprint: () => {
    throw new Error('TODO(lstm): implement the LSTM fingerprint once predictLstm has landed (apps/docs/src/figures/lstm.mjs)');
  },
  generate: async () => {
    throw new Error('TODO(lstm): implement the LSTM figure once predictLstm and compareLstm have landed (apps/docs/src/figures/lstm.mjs)');
  },
});
