/**
 * Hermitised self-consistent Born approximation (SCBA) for the spectrum of the GRU fixed-point
 * Jacobian J* = S[−1 + Φ′U_h(P + D U_r)], [GRU-SCBA-1]..[GRU-SCBA-6], solved as in [NUM-9] but
 * with the scale symmetry fixed and a Newton root finder, so that convergence is genuine.
 *
 * ## Equations on the physical sector
 * By the chiral symmetry of the hermitisation the order parameters of [GRU-SCBA-3] are purely
 * imaginary, A₁ = −i a₁, …, B₂ = −i b₂ with a, b ≥ 0; the real map x = (a₁, b₁, a₂, b₂) ↦ F(x), its
 * Jacobian and G = ⟨w̄P/det⟩ are in `scbaEquations.ts`. Every sum there has terms of one sign, so F
 * and G are evaluated without cancellation (the naive b22 b33 − b23² and ρ²G22 + 2ρdG23 + d²G33
 * would subtract equal large terms; see `scbaSite.ts`).
 *
 * ## Scale symmetry and gauge fixing ([NUM-9])
 * At ε = 0 the map is equivariant under (a₁, b₁) → c(a₁, b₁), (a₂, b₂) → (a₂, b₂)/c; det, P and G are
 * invariant. Moreover the site identity tr(Σ_top G_top) = tr(Σ_bot G_bot) gives, for all x,
 * g a₂ R_a₁ + σ b₂ R_b₁ = g a₁ R_a₂ + σ b₁ R_b₂ (R = F − x): only three equations are independent.
 * We therefore solve, at ε = 0 (the default, i.e. the exact ε → 0⁺ limit), the a₁, b₁, b₂ equations
 * plus the gauge condition a₁ = a₂ by Newton's method with the analytic 4×4 Jacobian and a
 * backtracking line search on the gauge-invariant relative residual; the dropped a₂ equation is
 * checked in the reported residual. Typically 3–8 evaluations warm, ~15 cold. With ε > 0 the
 * symmetry is broken at O(ε) and all four equations are solved (no gauge), started from the ε = 0
 * solution; G then differs from the limit by O(ε).
 *
 * ## Inside / outside the bulk
 * Linearising F at x = 0 gives two 2×2 blocks with the common spectral radius > 1 iff
 * Λ(λ) = g⟨l²(ρ² + σ⟨d²⟩)/|λ + s|²⟩ > 1 — the support functional [GRU-RMT-3]. The trivial solution
 * x = 0 (the ε → 0 limit outside the bulk, G = ⟨1/(λ + s)⟩ holomorphic) is the answer exactly when it
 * is stable, Λ ≤ 1 (+ `edgeTolerance`); otherwise the nontrivial branch is solved. Cold starts first
 * run the damped iteration of [NUM-9] (damping 0.5, gauge renormalised each step so it cannot drift)
 * until the residual is below `preTolerance`, which puts Newton in the basin of the nontrivial root.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, type Complex } from '@gatefield/numerics';
import type { GreenFunction, PoleSet } from './contourMass.js';
import {
  evalDensityTerms,
  evalMap,
  fixGauge,
  islandRadius2,
  makeCtx,
  residualOf,
  solve4,
  supportOf,
  supportTable,
  densityFromTerms,
  setGaugeRow,
  type Ctx,
  type ScbaParameters,
} from './scbaEquations.js';
import type { ScbaOrderParameters } from './scbaSite.js';
import { evalGaugeJacobianAndDensity, evalMapGauge, gaugeCtx } from './scbaDensityPass.js';
import { evalGreenTensor, evalMapTensor, evalTensorJacobianAndDensity, tensorGaugeCtx } from './scbaTensorPass.js';
import type { GruSites } from './siteSample.js';

export type { ScbaParameters } from './scbaEquations.js';

/** Numerical settings of {@link scbaSolve} (all recorded in the result). */
export interface ScbaOptions {
  /** Regulariser ε of [GRU-SCBA-1]. Default 0 = exact ε → 0⁺ limit with gauge fixing (recommended). */
  epsilon?: number;
  /** Tolerance on the gauge-invariant relative residual max_k |F_k − x_k|/(block scale). Default 1e-12. */
  tolerance?: number;
  /** Maximum Newton iterations. Default 60. */
  maxIterations?: number;
  /** Damping of the cold-start pre-iteration, x ← (1 − η)x + ηF(x). Default 0.5 ([NUM-9]). */
  damping?: number;
  /** Maximum pre-iterations on a cold start. Default 400. */
  preIterations?: number;
  /** The pre-iteration stops when its residual is below this. Default 1e-3. */
  preTolerance?: number;
  /** λ with Λ(λ) − 1 ≤ edgeTolerance are treated as outside (order parameters 0). Default 1e-12. */
  edgeTolerance?: number;
  /**
   * At ε = 0, evaluate the equations of tensor-product site rules (every quadrature rule of the
   * mean-field law: update-gate nodes × the other nodes) as pole sums over the update-gate nodes
   * (`scbaTensorPass.ts`, a WebAssembly SIMD kernel), and Λ(λ) with the sites grouped by s. Default
   * true. Same results up to rounding (F, J, G and the density terms agree with the plain site sums
   * to ~1e-14 relative); 10–20 times fewer operations per evaluation on the default rules.
   * Samples that are not tensor rules (e.g. empirical sites) use the passes over the sites grouped
   * by s (`scbaDensityPass.ts`, identical sites merged); `false` keeps the plain sums of
   * `scbaEquations.ts` (the reference path), except in the density grid, which needs gauge passes
   * and then uses the grouped ones.
   */
  tensorPasses?: boolean;
}

/**
 * Warm-start state: the real order parameters x = (a₁, b₁, a₂, b₂) at a λ (0 outside the bulk), and
 * `carry`, the last nonzero x along a path (so warm starts survive a short excursion outside).
 */
export interface ScbaState {
  readonly x: Float64Array;
  readonly carry?: Float64Array;
}

/** Result of {@link scbaSolve}. */
export interface ScbaResult {
  lambda: Complex;
  /** G(λ) = lim (1/N) tr(λ − J*)⁻¹ ([GRU-SCBA-4]). */
  G: Complex;
  /** Order parameters of [GRU-SCBA-3], A₁ = −i a₁ etc.; at ε = 0 in the gauge A₁ = A₂. */
  orderParameters: ScbaOrderParameters;
  inBulk: boolean;
  /**
   * Λ(λ) of [GRU-RMT-3] (with σ⟨d²⟩ for the reset-derivative part); null where it diverges: λ at a
   * pole −s_i of a site (e.g. λ = −1), or so close to one that |λ + s_i|² underflows. Such a λ is
   * inside the bulk (Λ > 1), and G(λ) is still solved for.
   */
  supportFunctional: number | null;
  converged: true;
  /** Gauge-invariant relative residual of all four equations of [GRU-SCBA-3]. */
  residual: number;
  /** Newton iterations (0 outside the bulk). */
  iterations: number;
  /** Evaluations of the map F (pre-iterations + Newton + line search). */
  evaluations: number;
  /** The start used: 'trivial' (outside), 'warm' or 'cold'. */
  start: 'trivial' | 'warm' | 'cold';
  settings: Required<ScbaOptions> & { gH2: number; sigmaUr2: number };
  state: ScbaState;
}

interface Attempt {
  ok: boolean;
  x: Float64Array;
  /** ∂F/∂x at x (the Newton modes only). */
  J?: Float64Array;
  residual: number;
  iterations: number;
  evaluations: number;
}

/**
 * Newton's method with backtracking, in one of three parametrisations y of x = (a₁, b₁, a₂, b₂):
 * - `'gauge'` (ε = 0, inside the bulk): y = x; the a₂ equation (implied by the other three through
 *   the trace identity) is replaced by the gauge condition a₁ − a₂ = 0;
 * - `'orbit'` (ε > 0, inside): y = (p, q, r, γ), x = (e^γ p, e^γ q, e^{−γ} p, e^{−γ} r). The symmetry
 *   orbit is the straight γ-direction, so Newton can move the O(ε)-selected scale without leaving
 *   the orbit (a straight step in x along the curved orbit is rejected by any line search);
 * - `'plain'` (ε > 0, outside the bulk): y = x, all four equations (the solution is O(ε)).
 * Steps keep a₁, a₂ (resp. p) positive (fraction to the boundary 0.9) and clamp b₁, b₂ at 0; the
 * merit is the squared gauge-invariant relative residual.
 */
function newton(c: Ctx, lr: number, li: number, eps: number, x0: Float64Array, o: Required<ScbaOptions>, mode: 'gauge' | 'orbit' | 'plain', map?: GaugeMap): Attempt {
  const evaluate = map && eps === 0 ? (xx: Float64Array, FF: Float64Array, JJ: Float64Array) => map(lr, li, xx, FF, JJ) : (xx: Float64Array, FF: Float64Array, JJ: Float64Array) => evalMap(c, lr, li, eps, xx, FF, JJ, null);
  const y = new Float64Array(4);
  const x = new Float64Array(4);
  const toX = (yy: Float64Array, out: Float64Array) => {
    if (mode === 'orbit') {
      const e = Math.exp(yy[3]);
      out[0] = e * yy[0];
      out[1] = e * yy[1];
      out[2] = yy[0] / e;
      out[3] = yy[2] / e;
    } else out.set(yy);
  };
  if (mode === 'orbit') {
    // x0 is gauge-fixed (a₁ = a₂): γ = 0, p = a₁ = a₂
    y[0] = Math.sqrt(x0[0] * x0[2]);
    y[1] = x0[1] * Math.sqrt(x0[2] / x0[0]);
    y[2] = x0[3] * Math.sqrt(x0[0] / x0[2]);
    y[3] = 0;
  } else y.set(x0);
  const positive = mode === 'orbit' ? [0] : mode === 'gauge' ? [0, 2] : [];
  const F = new Float64Array(4);
  const J = new Float64Array(16);
  const A = new Float64Array(16);
  const dx = new Float64Array(16);
  const rhs = new Float64Array(4);
  const yt = new Float64Array(4);
  const xt = new Float64Array(4);
  const Ft = new Float64Array(4);
  const Jt = new Float64Array(16);
  toX(y, x);
  let evaluations = 1;
  evaluate(x, F, J);
  let res = residualOf(x, F);
  let iterations = 0;
  for (let it = 1; it <= o.maxIterations; it++) {
    if (res.max <= o.tolerance) return { ok: true, x, J: mode === 'orbit' ? undefined : J, residual: res.max, iterations, evaluations };
    iterations = it;
    // dx/dy
    dx.fill(0);
    if (mode === 'orbit') {
      const e = Math.exp(y[3]);
      dx[0] = e;
      dx[3] = x[0];
      dx[5] = e;
      dx[7] = x[1];
      dx[8] = 1 / e;
      dx[11] = -x[2];
      dx[14] = 1 / e;
      dx[15] = -x[3];
    } else for (let k = 0; k < 4; k++) dx[5 * k] = 1;
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < 4; j++) {
        let v = 0;
        for (let m = 0; m < 4; m++) v += (J[4 * k + m] - (k === m ? 1 : 0)) * dx[4 * m + j];
        A[4 * k + j] = v;
      }
      rhs[k] = x[k] - F[k];
    }
    if (mode === 'gauge') {
      setGaugeRow(A);
      rhs[2] = x[2] - x[0];
    }
    if (!solve4(A, rhs)) break;
    let t = 1;
    for (const k of positive) if (rhs[k] < 0) t = Math.min(t, (0.9 * y[k]) / -rhs[k]);
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let k = 0; k < 4; k++) yt[k] = mode === 'orbit' && k === 3 ? y[k] + t * rhs[k] : Math.max(0, y[k] + t * rhs[k]);
      toX(yt, xt);
      evaluate(xt, Ft, Jt);
      evaluations++;
      const rt = residualOf(xt, Ft);
      if (rt.sq < (1 - 1e-4 * t) * res.sq || (rt.max <= o.tolerance && rt.sq <= res.sq)) {
        y.set(yt);
        x.set(xt);
        F.set(Ft);
        J.set(Jt);
        res = rt;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
  }
  return { ok: res.max <= o.tolerance, x, J: mode === 'orbit' ? undefined : J, residual: res.max, iterations, evaluations };
}

/** Damped iteration of [NUM-9] at ε = 0 with the gauge renormalised every step (cold start). */
function preIterate(c: Ctx, lr: number, li: number, o: Required<ScbaOptions>, map?: GaugeMap): { x: Float64Array; evaluations: number } {
  const x = new Float64Array([1, 1, 1, 1]);
  const F = new Float64Array(4);
  let evaluations = 0;
  for (let k = 0; k < o.preIterations; k++) {
    if (map) map(lr, li, x, F, null);
    else evalMap(c, lr, li, 0, x, F, null, null);
    evaluations++;
    if (residualOf(x, F).max <= o.preTolerance) break;
    for (let j = 0; j < 4; j++) x[j] = (1 - o.damping) * x[j] + o.damping * F[j];
    fixGauge(x);
    if (!(x[0] > 0 && x[2] > 0)) break;
  }
  return { x, evaluations };
}

/** Resolved settings of {@link scbaSolve} (defaults of {@link ScbaOptions} filled in, validated). */
export function scbaSettings(params: ScbaParameters, options: ScbaOptions = {}): Required<ScbaOptions> & { gH2: number; sigmaUr2: number } {
  return settingsOf(params, options);
}

function settingsOf(params: ScbaParameters, options: ScbaOptions): Required<ScbaOptions> & { gH2: number; sigmaUr2: number } {
  const s = {
    epsilon: options.epsilon ?? 0,
    tolerance: options.tolerance ?? 1e-12,
    maxIterations: options.maxIterations ?? 60,
    damping: options.damping ?? 0.5,
    preIterations: options.preIterations ?? 400,
    preTolerance: options.preTolerance ?? 1e-3,
    edgeTolerance: options.edgeTolerance ?? 1e-12,
    tensorPasses: options.tensorPasses ?? true,
    gH2: params.gH2,
    sigmaUr2: params.sigmaUr2 ?? 1,
  };
  if (!(s.epsilon >= 0) || !Number.isFinite(s.epsilon)) throw new InvalidParameterError('epsilon', s.epsilon, '[0, inf)');
  if (!(s.damping > 0 && s.damping <= 1)) throw new InvalidParameterError('damping', s.damping, '(0, 1]');
  if (!(s.tolerance > 0)) throw new InvalidParameterError('tolerance', s.tolerance, '(0, inf)');
  if (!Number.isInteger(s.maxIterations) || s.maxIterations < 1) throw new InvalidParameterError('maxIterations', s.maxIterations, 'integers >= 1');
  if (!Number.isInteger(s.preIterations) || s.preIterations < 0) throw new InvalidParameterError('preIterations', s.preIterations, 'integers >= 0');
  if (typeof s.tensorPasses !== 'boolean') throw new InvalidParameterError('tensorPasses', s.tensorPasses, 'true or false');
  return s;
}

const negI = (v: number): Complex => ({ re: 0, im: v === 0 ? 0 : -v });

/**
 * Solve the SCBA at one λ and return G(λ) ([GRU-SCBA-3], [GRU-SCBA-4], [NUM-9]).
 *
 * @param sites GRU sites (columns s, l = sφ′, rho, d = hσ′_r; weights sum 1).
 * @param params g_h², σ_{U_r}².
 * @param lambda the spectral parameter.
 * @param options numerical settings (documented on {@link ScbaOptions}).
 * @param warm state of a previous solve at a nearby λ (warm start along a path).
 * @throws {ConvergenceError} if neither the warm nor the cold start converges.
 */
export function scbaSolve(sites: GruSites, params: ScbaParameters, lambda: Complex, options: ScbaOptions = {}, warm?: ScbaState): ScbaResult {
  const c = makeCtx(sites, params);
  const o = settingsOf(params, options);
  return solveCtx(c, o, lambda, warm, scbaPasses(c, o));
}

/** Order parameters at one λ without G ({@link scbaSolveCore}). */
export interface ScbaCoreSolution {
  x: Float64Array;
  /** ∂F/∂x at x when the last Newton pass computed it. */
  J?: Float64Array;
  residual: number;
  iterations: number;
  evaluations: number;
  start: ScbaResult['start'];
  inBulk: boolean;
  Lambda: number;
}

/** Throw InvalidParameterError unless λ is a complex number with finite parts. */
function checkLambda(lambda: Complex): void {
  if (lambda === null || typeof lambda !== 'object') throw new InvalidParameterError('lambda', lambda, 'a complex number { re, im } with finite parts');
  for (const part of ['re', 'im'] as const) {
    const v: unknown = lambda[part];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParameterError(`lambda.${part}`, v, '(-inf, inf)', `invalid lambda.${part} = ${typeof v === 'string' ? JSON.stringify(v) : String(v)}: valid range is (-inf, inf) (the spectral parameter λ must be a finite complex number)`);
  }
}

/**
 * An evaluator of the ε = 0 map in the gauge form: F(x) into F and, unless J is null, ∂F/∂x into J
 * (row 2, the a₂ equation, may be left 0: the gauge Newton replaces it). Must equal `evalMap` at
 * ε = 0 up to rounding (e.g. the passes of `scbaDensityPass.ts` / `scbaTensorPass.ts`).
 */
export type GaugeMap = (lr: number, li: number, x: Float64Array, F: Float64Array, J: Float64Array | null) => void;

/**
 * Evaluators that replace the plain site sums of `scbaEquations.ts` (see
 * {@link ScbaOptions.tensorPasses}): Λ(λ) with the sites grouped by s (`supportTable`), and at ε = 0
 * the gauge map (F, optionally J) and the fused J + density pass (F into `F`, J, the terms of
 * `evalDensityTerms` into `t`; J's a₂ row and the a₂ components of ∂F/∂λ are 0, replaced by the
 * gauge row where they are used) — as pole sums for a tensor-product rule (`scbaTensorPass.ts`,
 * which also gives G) or over the sites grouped by s (`scbaDensityPass.ts`). `kind` says which;
 * 'plain' (ε > 0, or `tensorPasses: false` without `gauge`) has only Λ.
 */
export interface ScbaPasses {
  kind: 'tensor' | 'grouped' | 'plain';
  support: (lr: number, li: number) => number;
  map?: GaugeMap;
  green?: (lr: number, li: number, x: Float64Array, G: Float64Array) => void;
  fused?: (lr: number, li: number, x: Float64Array, J: Float64Array, t: Float64Array, F: Float64Array) => void;
}

/**
 * The passes for a context and settings (see {@link ScbaPasses}): at ε = 0 the tensor passes when
 * `tensorPasses` is on and the sites are a tensor rule (`tensorGaugeCtx`), else the grouped passes;
 * with `tensorPasses: false` the plain sums, unless `gauge` asks for gauge passes (the density
 * grid's continuation solver needs them): then the grouped ones.
 */
export function scbaPasses(c: Ctx, o: ScbaResult['settings'], gauge = false): ScbaPasses {
  const support = supportTable(c);
  if (o.epsilon !== 0 || (!o.tensorPasses && !gauge)) return { kind: 'plain', support };
  const tc = o.tensorPasses ? tensorGaugeCtx(c) : null;
  const t = new Float64Array(18);
  if (tc !== null) {
    return {
      kind: 'tensor',
      support,
      map: (lr, li, x, F, J) => {
        if (J) evalTensorJacobianAndDensity(tc, lr, li, x, J, t, F);
        else evalMapTensor(tc, lr, li, x, F);
      },
      green: (lr, li, x, G) => evalGreenTensor(tc, lr, li, x, G),
      fused: (lr, li, x, J, tt, F) => evalTensorJacobianAndDensity(tc, lr, li, x, J, tt, F),
    };
  }
  const gc = gaugeCtx(c);
  return {
    kind: 'grouped',
    support,
    map: (lr, li, x, F, J) => {
      if (J) evalGaugeJacobianAndDensity(gc, lr, li, x, J, t, F);
      else evalMapGauge(gc, lr, li, x, F);
    },
    fused: (lr, li, x, J, tt, F) => evalGaugeJacobianAndDensity(gc, lr, li, x, J, tt, F),
  };
}

/**
 * Solve for the order parameters at λ (no G, λ not validated): the core of {@link scbaSolve} on a
 * prepared context (`makeCtx`) and resolved settings ({@link scbaSettings}), for callers that run
 * many points (the density grid). `J` is ∂F/∂x at x when the last Newton pass computed it.
 * `passes.support` replaces `supportOf`, `passes.map` replaces `evalMap` in the ε = 0 evaluations
 * (pre-iteration and gauge Newton), when given ({@link scbaPasses}).
 */
export function scbaSolveCore(c: Ctx, o: ScbaResult['settings'], lambda: Complex, warm?: ScbaState, passes?: Partial<ScbaPasses>): ScbaCoreSolution {
  return solveCore(c, o, lambda, warm, passes);
}

function solveCore(c: Ctx, o: ScbaResult['settings'], lambda: Complex, warm?: ScbaState, passes?: Partial<ScbaPasses>): ScbaCoreSolution {
  const lr = lambda.re;
  const li = lambda.im;
  const map = passes?.map;
  const Lambda = passes?.support ? passes.support(lr, li) : supportOf(c, lr, li);
  const inBulk = Lambda - 1 > o.edgeTolerance;
  if (!inBulk && o.epsilon === 0) return { x: new Float64Array(4), residual: 0, iterations: 0, evaluations: 0, start: 'trivial', inBulk: false, Lambda };
  let evaluations = 0;
  const attempt = (x0: Float64Array): Attempt => {
    let r: Attempt;
    if (inBulk) {
      r = newton(c, lr, li, 0, x0, o, 'gauge', map);
      if (r.ok && o.epsilon > 0) {
        const e = newton(c, lr, li, o.epsilon, r.x, o, 'orbit');
        r = { ...e, evaluations: r.evaluations + e.evaluations };
      }
    } else {
      // ε > 0 outside the bulk: the O(ε) solution, started from F_ε(0) > 0
      const f0 = new Float64Array(4);
      evalMap(c, lr, li, o.epsilon, new Float64Array(4), f0, null, null);
      r = newton(c, lr, li, o.epsilon, f0, o, 'plain');
      r.evaluations++;
    }
    evaluations += r.evaluations;
    if (r.ok && inBulk && !(r.x[0] > 0 && r.x[2] > 0)) r.ok = false; // collapsed onto the trivial root
    return r;
  };
  const wx = warm ? (warm.x[0] > 0 ? warm.x : warm.carry) : undefined;
  if (wx && wx.length === 4 && wx[0] > 0 && wx[2] > 0 && wx.every(Number.isFinite)) {
    const x0 = Float64Array.from(wx);
    fixGauge(x0);
    const r = attempt(x0);
    if (r.ok) return { x: r.x, J: r.J, residual: r.residual, iterations: r.iterations, evaluations, start: 'warm', inBulk, Lambda };
  }
  const pre = inBulk ? preIterate(c, lr, li, o, map) : { x: new Float64Array(4), evaluations: 0 };
  evaluations += pre.evaluations;
  const r = attempt(pre.x);
  if (r.ok) return { x: r.x, J: r.J, residual: r.residual, iterations: r.iterations, evaluations, start: 'cold', inBulk, Lambda };
  throw new ConvergenceError(`SCBA [GRU-SCBA-3] at lambda = ${lr}${li >= 0 ? '+' : ''}${li}i`, r.residual, r.iterations, { ...o });
}

function stateOf(x: Float64Array, warm?: ScbaState): ScbaState {
  return { x: Float64Array.from(x), carry: x[0] > 0 ? Float64Array.from(x) : warm ? (warm.x[0] > 0 ? warm.x : warm.carry) : undefined };
}

function solveCtx(c: Ctx, o: ScbaResult['settings'], lambda: Complex, warm?: ScbaState, passes?: ScbaPasses): ScbaResult {
  checkLambda(lambda);
  const sol = solveCore(c, o, lambda, warm, passes);
  const G = new Float64Array(2);
  const x = sol.x;
  if (passes?.green) passes.green(lambda.re, lambda.im, x, G);
  else evalMap(c, lambda.re, lambda.im, o.epsilon, x, new Float64Array(4), null, G);
  if (!Number.isFinite(G[0]) || !Number.isFinite(G[1])) {
    throw new ConvergenceError('SCBA Green function [GRU-SCBA-4]', NaN, sol.iterations, { ...o, lambda });
  }
  return {
    lambda,
    G: { re: G[0], im: G[1] },
    orderParameters: { A1: negI(x[0]), B1: negI(x[1]), A2: negI(x[2]), B2: negI(x[3]) },
    inBulk: sol.inBulk,
    supportFunctional: Number.isFinite(sol.Lambda) ? sol.Lambda : null,
    converged: true,
    residual: sol.residual,
    iterations: sol.iterations,
    evaluations: sol.evaluations,
    start: sol.start,
    settings: o,
    state: stateOf(x, warm),
  };
}

/** Result of {@link ScbaGreenFunction.densityAt}. */
export interface ScbaDensityValue {
  /** ρ(λ) = (1/π) Re ∂G/∂λ̄ ([GRU-SCBA-5]), analytic. */
  density: number;
  inBulk: boolean;
  /** Newton iterations of the solve at λ. */
  iterations: number;
  state: ScbaState;
}

/**
 * Analytic eigenvalue density at λ ([GRU-SCBA-5]): solve the SCBA at λ, then differentiate
 * G(λ, x(λ)) by the implicit-function theorem, (I − ∂F/∂x) dx/dλ = ∂F/∂λ, in the same gauge as the
 * solver (at ε = 0 the a₂ row, implied by the others through the trace identity, is replaced by
 * d(a₁ − a₂) = 0; G is gauge invariant so the gauge choice does not matter). Outside the bulk at
 * ε = 0, G = ⟨1/(λ + s)⟩ is holomorphic and ρ = 0 exactly. Costs the solve plus one pass over the
 * sites, versus five solves for central differences.
 */
function densityCtx(c: Ctx, o: ScbaResult['settings'], lambda: Complex, warm?: ScbaState, passes?: ScbaPasses): ScbaDensityValue {
  checkLambda(lambda);
  const sol = solveCore(c, o, lambda, warm, passes);
  const state = stateOf(sol.x, warm);
  if (!sol.inBulk && o.epsilon === 0) return { density: 0, inBulk: false, iterations: 0, state };
  const J = sol.J ?? new Float64Array(16);
  const t = new Float64Array(18);
  if (passes?.fused && sol.inBulk) passes.fused(lambda.re, lambda.im, sol.x, J, t, new Float64Array(4));
  else evalDensityTerms(c, lambda.re, lambda.im, o.epsilon, sol.x, sol.J ? null : J, t);
  const density = densityFromTerms(J, t, sol.inBulk && o.epsilon === 0, new Float64Array(4), new Float64Array(4));
  if (!Number.isFinite(density)) throw new ConvergenceError(`SCBA density [GRU-SCBA-5] at lambda = ${lambda.re}${lambda.im >= 0 ? '+' : ''}${lambda.im}i (singular linearisation or non-finite density)`, NaN, sol.iterations, { ...o });
  return { density, inBulk: sol.inBulk, iterations: sol.iterations, state };
}

/**
 * Λ(λ) of [GRU-RMT-3] for a site sample (with σ_{U_r}²⟨d²⟩ for the reset-derivative part). At a
 * pole λ = −s_i of a site the value is Infinity (the limit; such λ is inside the bulk, Λ > 1).
 */
export function scbaSupportFunctional(sites: GruSites, params: ScbaParameters, lambda: Complex): number {
  checkLambda(lambda);
  const c = makeCtx(sites, params);
  return supportOf(c, lambda.re, lambda.im);
}

/** SCBA along a path of λ values with warm starts ([NUM-9]). */
export function scbaPath(sites: GruSites, params: ScbaParameters, lambdas: readonly Complex[], options: ScbaOptions = {}): ScbaResult[] {
  const c = makeCtx(sites, params);
  const o = settingsOf(params, options);
  const out: ScbaResult[] = [];
  const passes = scbaPasses(c, o);
  let warm: ScbaState | undefined;
  for (const l of lambdas) {
    const r = solveCtx(c, o, l, warm, passes);
    warm = r.state;
    out.push(r);
  }
  return out;
}

/** {@link scbaGreenFunction}: a {@link GreenFunction} with the solver and the analytic density. */
export interface ScbaGreenFunction extends GreenFunction {
  solve: (l: Complex, warm?: ScbaState) => ScbaResult;
  /** Analytic ρ(λ) [GRU-SCBA-5] (see {@link ScbaDensityValue}); `warm` is a previous `state`. */
  densityAt: (l: Complex, warm?: unknown) => ScbaDensityValue;
}

/**
 * The SCBA Green's function [GRU-SCBA-4] as a {@link GreenFunction} for {@link contourMass}
 * ([GRU-SCBA-6], [NUM-10]): G from
 * {@link scbaSolve} (warm-started along the contour), bulk margin Λ(λ) − 1, and the poles −s_i
 * with weights w_i of the holomorphic branch G = ⟨1/(λ + s)⟩ outside the bulk.
 */
export function scbaGreenFunction(sites: GruSites, params: ScbaParameters, options: ScbaOptions = {}): ScbaGreenFunction {
  const c = makeCtx(sites, params);
  const o = settingsOf(params, options);
  const poles: PoleSet = { re: c.s.map((v) => -v), im: new Float64Array(c.n), weights: c.w };
  let built: ScbaPasses | undefined; // at the first use (recognising a tensor rule sorts the sites)
  const passes = () => (built ??= scbaPasses(c, o));
  const solve = (l: Complex, warm?: ScbaState) => solveCtx(c, o, l, warm, passes());
  return {
    evaluate(lambda: Complex, warm?: unknown) {
      const r = solve(lambda, warm as ScbaState | undefined);
      return { g: r.G, inBulk: r.inBulk, state: r.state };
    },
    bulkMargin: (lambda: Complex) => passes().support(lambda.re, lambda.im) - 1,
    poles,
    islandRadius2: (p: number, _lambda: Complex, state: unknown) => islandRadius2(c, o.epsilon, p, (state as ScbaState | undefined)?.x),
    solve,
    densityAt: (l: Complex, warm?: unknown) => densityCtx(c, o, l, warm as ScbaState | undefined, passes()),
  };
}
