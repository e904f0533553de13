/**
 * Stationary chaotic state of the gated RNN for α_z = 0 by the deterministic DMFT scheme B
 * ([GATE-NUM-3]). With a constant update gate s_z, h is Gaussian with τ_eff = τ_h/s_z
 * ([GATE-DMFT-4]) and the self-consistency is closed in the lag correlations:
 * ```
 *   (1 − τ_eff² ∂_u²) C_h = C_φ · C_σr                                   [GATE-DMFT-8], [GATE-DMFT-3]
 *   (1 − τ_r² ∂_u²) C_r = C_φ,   (1 − τ_z² ∂_u²) C_z = C_φ                [GATE-DMFT-5]
 *   C_φ(u) = E[φ(x)φ(y)], var C_h(0), cov C_h(u);  C_σr likewise from C_r  [GATE-DMFT-7]
 * ```
 * Numerics (all arguments, recorded in `settings`):
 * - lag grid u_k = k·du, k < points (power of two); defaults du = 0.05 (the Euler step of the
 *   reference simulations) and 4096 points (T ≈ 205 ≈ 100 τ_eff for τ_eff = 2, as in the text);
 * - C_φ, C_σr from Chebyshev tables in c of 48×48 Gauss–Hermite bivariate averages ([NUM-5],
 *   bivariate.ts), re-tabulated every iteration because the variance C(0) changes;
 * - Yukawa solves by FFT of the symmetric extension after removing the plateau (fft.ts);
 * - damped iteration C ← (1 − d)C + d·C_new, d = 0.5, to max-norm change < tol = 1e-10.
 *
 * Output checks: a solution with C_h(0) < |C_h(u)| or a negative power spectrum of C_h − C_h(∞) is
 * rejected with NonPhysicalError; a collapse C_h(0) < collapseTol returns `trivial: true` (the
 * zero fixed point, [GATE-TR-5] continuation uses this).
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, NonPhysicalError, checkFinite, checkInteger } from '@gatefield/numerics';
import { bivariateGaussTable } from './bivariate.js';
import { EvenLagTransform } from './fft.js';
import { type GatedParameters, gatedGate, gatedPhi, resolveGatedParameters, gatedRestingGate } from './parameters.js';

/** Options of {@link solveGatedDmft}. */
export interface GatedDmftOptions {
  /** Lag step; default 0.05. */
  du?: number;
  /** Lag points (power of two); default 4096. */
  points?: number;
  /** Mixing weight of the new iterate; default 0.5 ([GATE-NUM-3]: 0.3–0.5). */
  damping?: number;
  /** Max-norm change of (C_h, C_r) to stop; default 1e-10. */
  tol?: number;
  /** Iteration budget; default 20000 (thousands are needed near a saddle-node). */
  maxIterations?: number;
  /** Chebyshev nodes of the c-tables; default 64. */
  chebyshevNodes?: number;
  /** Gauss–Hermite nodes per axis of the bivariate rule; default 48 ([GATE-NUM-3]). */
  hermiteNodes?: number;
  /** C_h(0) below this counts as collapse to the zero fixed point; default 1e-7. */
  collapseTol?: number;
  /** Initial variance C_h(0) of the default guess C_h(u) = v(1 + |u|/τ)e^{−|u|/τ}; default 1. */
  initialVariance?: number;
  /** Warm start (e.g. the neighbouring solution of a continuation); overrides initialVariance. */
  initial?: { C_h: Float64Array; C_r: Float64Array };
}

/** Resolved settings of {@link solveGatedDmft}. */
export type GatedDmftSettings = Required<Omit<GatedDmftOptions, 'initial'>> & { warmStart: boolean };

/** Result of {@link solveGatedDmft}. */
export interface GatedDmftResult {
  params: GatedParameters;
  /** τ_eff = τ_h / s_z. */
  tauEff: number;
  /** Lags u_k. */
  lags: Float64Array;
  C_h: Float64Array;
  C_z: Float64Array;
  C_r: Float64Array;
  C_phi: Float64Array;
  C_sigmaR: Float64Array;
  C_psi: Float64Array;
  /** True if the iteration collapsed to C_h ≡ 0 (zero fixed point). */
  trivial: boolean;
  /** Timescales [GATE-DMFT-10]. */
  timescales: {
    /** τ_h/⟨σ_z⟩ (= τ_eff at α_z = 0). */
    gateTime: number;
    /**
     * ∫_0^T (C_h − C_h(∞)) du / (C_h(0) − C_h(∞)); 0 when C_h has no decaying part (C_h(0) = C_h(∞),
     * e.g. the trivial solution C_h ≡ 0 or a frozen plateau), matching eFolding = 0 there.
     */
    integral: number;
    /** First u with C_h(u) − C_h(∞) ≤ (C_h(0) − C_h(∞))/e. */
    eFolding: number;
  };
  converged: true;
  residual: number;
  iterations: number;
  /** Interpolation tail of the c-tables (estimate of their relative error). */
  tableTail: number;
  settings: GatedDmftSettings;
}

function resolveOptions(o: GatedDmftOptions): GatedDmftSettings {
  return {
    du: checkFinite('du', o.du ?? 0.05, 1e-4, 10),
    points: checkInteger('points', o.points ?? 4096, 4, 1 << 22),
    damping: checkFinite('damping', o.damping ?? 0.5, 1e-4, 1),
    tol: checkFinite('tol', o.tol ?? 1e-10, 0, 1),
    maxIterations: checkInteger('maxIterations', o.maxIterations ?? 20000, 1, 1e8),
    chebyshevNodes: checkInteger('chebyshevNodes', o.chebyshevNodes ?? 64, 4, 4096),
    hermiteNodes: checkInteger('hermiteNodes', o.hermiteNodes ?? 48, 2, 1000),
    collapseTol: checkFinite('collapseTol', o.collapseTol ?? 1e-7, 0, 1),
    initialVariance: checkFinite('initialVariance', o.initialVariance ?? 1, 1e-12, 1e4),
    warmStart: o.initial !== undefined,
  };
}

/**
 * Solve the α_z = 0 DMFT by scheme B [GATE-NUM-3].
 *
 * @throws InvalidParameterError for α_z ≠ 0 (h is then a Gaussian mixture: scheme A, [GATE-NUM-1]).
 * @throws ConvergenceError if the budget is exhausted; NonPhysicalError for a non-physical solution.
 */
export function solveGatedDmft(params: Readonly<Partial<GatedParameters>>, options: GatedDmftOptions = {}): GatedDmftResult {
  const p = resolveGatedParameters(params);
  if (p.alpha_z !== 0) throw new InvalidParameterError('alpha_z', p.alpha_z, '0', 'scheme B needs a constant update gate (α_z = 0); α_z ≠ 0 requires the sampling scheme [GATE-NUM-1]');
  const s = resolveOptions(options);
  const { du, points: n, damping } = s;
  const ft = new EvenLagTransform(n, du);
  const tauEff = p.tau_h / gatedRestingGate(p.beta_z);
  const lags = new Float64Array(n);
  for (let k = 0; k < n; k++) lags[k] = k * du;
  let Ch = new Float64Array(n), Cr = new Float64Array(n);
  if (options.initial) {
    if (options.initial.C_h.length !== n || options.initial.C_r.length !== n) throw new InvalidParameterError('initial', 'length', String(n), `warm start must have ${n} lag points`);
    Ch.set(options.initial.C_h);
    Cr.set(options.initial.C_r);
  } else {
    for (let k = 0; k < n; k++) {
      const x = lags[k] / tauEff;
      Ch[k] = s.initialVariance * (1 + x) * Math.exp(-x);
      const y = lags[k] / Math.max(p.tau_r, du);
      Cr[k] = 0.5 * (1 + y) * Math.exp(-y);
    }
  }
  const phi = (x: number) => gatedPhi(p, x);
  const sr = (x: number) => gatedGate(x, p.alpha_r, p.beta_r);
  const Cphi = new Float64Array(n), Csr = new Float64Array(n), F = new Float64Array(n);
  const ChNew = new Float64Array(n), CrNew = new Float64Array(n);
  let residual = Infinity, it = 0, tableTail = 0, trivial = false;
  const evaluate = (ch: Float64Array, cr: Float64Array) => {
    const tPhi = bivariateGaussTable(phi, Math.max(ch[0], 0), s.chebyshevNodes, s.hermiteNodes);
    const tSr = bivariateGaussTable(sr, Math.max(cr[0], 0), s.chebyshevNodes, s.hermiteNodes);
    tableTail = Math.max(tPhi.tail, tSr.tail);
    tPhi.map(ch, Cphi);
    tSr.map(cr, Csr);
    for (let k = 0; k < n; k++) F[k] = Cphi[k] * Csr[k];
  };
  while (it < s.maxIterations) {
    it++;
    evaluate(Ch, Cr);
    ft.yukawa(F, tauEff, 1, ChNew);
    ft.yukawa(Cphi, p.tau_r, 1, CrNew);
    residual = 0;
    for (let k = 0; k < n; k++) residual = Math.max(residual, Math.abs(ChNew[k] - Ch[k]), Math.abs(CrNew[k] - Cr[k]));
    for (let k = 0; k < n; k++) {
      Ch[k] = (1 - damping) * Ch[k] + damping * ChNew[k];
      Cr[k] = (1 - damping) * Cr[k] + damping * CrNew[k];
    }
    if (!Number.isFinite(residual)) throw new NonPhysicalError('DMFT residual', residual, 'the iteration left the finite numbers');
    if (Ch[0] < s.collapseTol && p.beta_h === 0) { trivial = true; break; }
    if (residual < s.tol) break;
  }
  if (!trivial && !(residual < s.tol)) throw new ConvergenceError('gated DMFT scheme B [GATE-NUM-3]', residual, it, { ...s });
  if (trivial) {
    Ch = new Float64Array(n);
    Cr = new Float64Array(n);
  }
  evaluate(Ch, Cr);
  const Cz = ft.yukawa(Cphi, p.tau_z, 1);
  const Cpsi = Float64Array.from(F);
  if (!trivial) checkDmftPhysical(Ch, ft);
  const plateau = Ch[n - 1];
  const amp = Ch[0] - plateau;
  let integral = 0, eFolding = NaN;
  for (let k = 0; k < n; k++) {
    integral += (k === 0 || k === n - 1 ? 0.5 : 1) * du * (Ch[k] - plateau);
    if (Number.isNaN(eFolding) && Ch[k] - plateau <= amp / Math.E) eFolding = lags[k];
  }
  return {
    params: p, tauEff, lags, C_h: Ch, C_z: Cz, C_r: Cr, C_phi: Float64Array.from(Cphi), C_sigmaR: Float64Array.from(Csr), C_psi: Cpsi, trivial,
    timescales: { gateTime: tauEff, integral: amp > 0 ? integral / amp : 0, eFolding },
    converged: true, residual, iterations: it, tableTail, settings: s,
  };
}

/**
 * Reject non-physical correlation functions: C_h(0) < |C_h(u)| for some u (Cauchy–Schwarz), or a
 * power spectrum of C_h − C_h(∞) with a negative entry beyond round-off (Bochner), each with a
 * relative tolerance of 1e-9 (iteration tolerance plus FFT round-off).
 */
export function checkDmftPhysical(Ch: Float64Array, ft: EvenLagTransform, relTol = 1e-9): void {
  const n = Ch.length;
  const c0 = Ch[0];
  for (let k = 1; k < n; k++) {
    if (Math.abs(Ch[k]) > c0 * (1 + relTol)) throw new NonPhysicalError('C_h(u)', Ch[k], `|C_h(${k})| exceeds C_h(0) = ${c0}`);
  }
  const plateau = Ch[n - 1];
  const tmp = new Float64Array(n);
  for (let k = 0; k < n; k++) tmp[k] = Ch[k] - plateau;
  const spec = ft.spectrum(tmp);
  let max = 0;
  for (const v of spec) max = Math.max(max, Math.abs(v));
  for (let m = 0; m < spec.length; m++) {
    if (spec[m] < -relTol * 1e3 * max) throw new NonPhysicalError('power spectrum of C_h', spec[m], `negative at frequency ${ft.omega[m]}`);
  }
}
