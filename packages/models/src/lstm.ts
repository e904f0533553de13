/**
 * The continuous-time LSTM [LSTM-M-2], the model of the specification (`lstm.md`):
 * ```
 *   dc/dt = −(1 − f) ⊙ c + i ⊙ φ(u_c)
 *   dh/dt = −h + o ⊙ φ(c)
 *   f = σ(u_f; α_f, β_f),  i = σ(u_i; α_i, β_i),  o = σ(u_o; α_o, β_o)        [G-1]
 *   u_k = U_k h  (k = f, i, o),   u_c = U_c h + β_c
 * ```
 * U_c,ij ~ N(0, g_c²/N), U_f, U_i, U_o ~ N(0, 1/N) [G-6]; state order (h, c), so the Jacobian has
 * the block order of [LSTM-J-1]. 1 − f is the per-unit cell rate (f → 1 is slow, [G-10]); it is
 * written as σ(−u_f; α_f, −β_f) ([G-3], [NUM-4]) so that it never underflows to 1 − 1 = 0 while
 * f is still representable — the compiled partial ∂(dc/dt)/∂u_f = c·σ′_f then reads
 * c·α_f σ(t)σ(−t) with no cancellation either.
 *
 * Options ([OQ-7]):
 * - `hForm: 'relaxation'` (default): the h-equation above, [LSTM-M-2].
 * - `hForm: 'algebraic'`: h = o ⊙ φ(c). An algebraic constraint is not a flow, and this one is
 *   implicit (o depends on U_o h), so a spec of fields and flows cannot hold it exactly. It is
 *   realised as its singular-perturbation limit: the h-equation becomes dh/dt = κ_h (−h + o ⊙ φ(c))
 *   with a relaxation-rate parameter `kappa_h` = 1/τ_h (default 100, range [1, 10⁴]; a rate
 *   rather than a time so that no value in range divides by zero). The fixed points are those of
 *   [LSTM-M-3] for every κ_h; of the 2N Jacobian eigenvalues, N move off to ≈ −κ_h and the other
 *   N converge to the spectrum of the reduced (algebraic) Jacobian as κ_h → ∞, with O(1/κ_h)
 *   corrections. κ_h = 1 is the relaxation form.
 *
 * Fixed-point flow ([NUM-12], [NUM-13]): forget gates near 1 make dc/dt = −(1−f)c + iφ(u_c) a very
 * slow relaxation (rate 1 − f), the LSTM form of the frozen-unit problem of the GRU. The companion
 * flow
 * ```
 *   dc/dt = −c + i φ(u_c) / (1 − f),          dh/dt = −h + o φ(c)
 * ```
 * is the c-rhs divided by the positive per-unit factor 1 − f, so it has exactly the zeros of
 * [LSTM-M-3] (c* = iφ(u_c)/(1 − f), [LSTM-MF-2]) and relaxes every unit at rate 1. At a fixed point
 * its Jacobian is diag(1, (1 − F)⁻¹)·J* (the derivative of the factor multiplies a vanishing rhs),
 * as for the GRU's ungated flow S⁻¹J*. The division reads 1/σ(−u_f; α_f, −β_f), finite until
 * α_f u_f − β_f exceeds ≈ 745 (then the fixed point itself has |c*| = ∞ and φ(c*) = ±1).
 */
import type { ModelSpec } from './spec.js';

/** The LSTM h-equation ([OQ-7]). */
export type LstmHForm = 'relaxation' | 'algebraic';

/** LSTM model options. */
export interface LstmOptions {
  /** Default 'relaxation' ([LSTM-M-2]); 'algebraic' is realised as a fast h-relaxation (see the module comment). */
  hForm?: LstmHForm;
}

const GATE = (k: 'f' | 'i' | 'o', what: string): ModelSpec['parameters'] => ({
  [`alpha_${k}`]: { default: 0, min: 0, max: 1000, symbol: `α_${k}`, description: `${what}-gate gain (large: nearly binary gates)` },
  [`beta_${k}`]: { default: 0, min: -50, max: 50, symbol: `β_${k}`, description: `${what}-gate bias (positive closes the gate)` },
});

const LSTM_PARAMETERS: ModelSpec['parameters'] = {
  g_c: { default: 3, min: 0, max: 10, symbol: 'g_c', description: 'cell-input gain: U_c,ij ~ N(0, g_c²/N)' },
  beta_c: { default: 0, min: -50, max: 50, symbol: 'β_c', description: 'cell-input bias inside tanh' },
  ...GATE('f', 'forget'),
  ...GATE('i', 'input'),
  ...GATE('o', 'output'),
};

/** Per-unit gate and nonlinearity expressions (shared by rhs, fixed-point flow and observables). */
const F = 'sigmoid(u_f, alpha_f, beta_f)';
const ONE_MINUS_F = 'sigmoid(-u_f, alpha_f, -beta_f)';
const I = 'sigmoid(u_i, alpha_i, beta_i)';
const O = 'sigmoid(u_o, alpha_o, beta_o)';

/**
 * Spec of the continuous-time LSTM [LSTM-M-2] (state (h, c); fields u_f, u_i, u_o, u_c). See the
 * module comment for the options and the fixed-point flow.
 */
export function lstmSpec(options: LstmOptions = {}): ModelSpec {
  const hForm = options.hForm ?? 'relaxation';
  const algebraic = hForm === 'algebraic';
  const hTarget = `${O}*tanh(c)`;
  const hRhs = algebraic ? `kappa_h*(-h + ${hTarget})` : `-h + ${hTarget}`;
  const parameters: ModelSpec['parameters'] = algebraic
    ? {
        ...LSTM_PARAMETERS,
        kappa_h: { default: 100, min: 1, max: 1e4, symbol: 'κ_h', description: 'h relaxation rate 1/τ_h; κ_h → ∞ is the algebraic h = o ⊙ tanh(c) ([OQ-7])' },
      }
    : LSTM_PARAMETERS;
  return {
    name: algebraic ? 'lstm-algebraic' : 'lstm',
    title: algebraic ? 'Continuous-time LSTM, algebraic h-equation (fast-relaxation realisation)' : 'Continuous-time LSTM',
    labels: ['LSTM-M-2', 'LSTM-M-3', 'LSTM-J-1', 'LSTM-J-2'],
    state: ['h', 'c'],
    parameters,
    fields: [
      { name: 'u_f', matrix: 'U_f', variance: '1', presynaptic: 'h' },
      { name: 'u_i', matrix: 'U_i', variance: '1', presynaptic: 'h' },
      { name: 'u_o', matrix: 'U_o', variance: '1', presynaptic: 'h' },
      { name: 'u_c', matrix: 'U_c', variance: 'g_c^2', presynaptic: 'h', bias: 'beta_c' },
    ],
    rhs: {
      h: hRhs,
      c: `-${ONE_MINUS_F}*c + ${I}*tanh(u_c)`,
    },
    fixedPointRhs: {
      h: `-h + ${hTarget}`,
      c: `-c + ${I}*tanh(u_c)/${ONE_MINUS_F}`,
    },
    observables: {
      f: F,
      oneMinusF: ONE_MINUS_F,
      i: I,
      o: O,
      /** φ(u_c) */
      phi_c: 'tanh(u_c)',
      /** φ′(u_c) */
      phiPrime_c: 'sech2(u_c)',
      /** φ(c) */
      phi: 'tanh(c)',
      /** φ′(c) */
      phiPrime: 'sech2(c)',
      /** fixed-point cell value c* = iφ(u_c)/(1 − f) given the fields [LSTM-MF-2] */
      cStar: `${I}*tanh(u_c)/${ONE_MINUS_F}`,
      /** fixed-point output h* = oφ(c) given the cell state [LSTM-M-3] */
      hStar: hTarget,
    },
  };
}
