/**
 * Mean-field theory of LSTM fixed points ([LSTM-MF-1]–[LSTM-MF-4]) with every root of the scalar
 * self-consistency equation ([NUM-6]).
 *
 * ```
 * [LSTM-MF-1]  C = ⟨h²⟩;  u_f, u_i, u_o ~ N(0, C),  u_c ~ N(β_c, g_c² C),  independent
 * [LSTM-MF-2]  c = i φ(u_c)/(1 − f) = r φ(u_c),  r := i/(1 − f);   h = o φ(c)
 * [LSTM-MF-3]  C = ⟨o²⟩ · ⟨ φ( i φ(u_c)/(1 − f) )² ⟩
 * [LSTM-MF-4]  β_c = 0: C = 0 (the origin) is a root
 * ```
 * [LSTM-MF-3] is a 1-D Gauss average (u_o) times a 3-D one (u_f, u_i, u_c). The (u_f, u_i) part
 * uses {@link lstmGateRule} (Gauss–Hermite, or a resolving trapezoid grid for sharp gates); 1 − f
 * is σ(−u_f; α_f, −β_f) and never 1 − σ ([G-3], [NUM-4]), and r = i/(1 − f) is formed in log space.
 * The u_c average depends on (u_f, u_i) only through r, so it is tabulated once per C in log r
 * ({@link CellTable}, piecewise Chebyshev, ~10³ exact evaluations instead of one per (u_f, u_i)
 * pair: 140 ms instead of 1.9 s per evaluation at the [LSTM-REF-1] parameters, same result to
 * 2e-12), each exact value by {@link lstmCellRule}, which resolves the narrow window φ(u_c) ≈ 0
 * that a forget gate near 1 (large r) creates (see cellQuadrature.ts for why Gauss–Hermite fails
 * there). The (u_f, u_i) double sum itself is reduced in gatePairs.ts ({@link gatePairAverages}:
 * closed-form ranges of the table by prefix sums, saturated gates collapsed with numerics
 * `gateWindow`), exact to rounding and O(n_f·160 + n_i) instead of O(n_f·n_i): measured CPU per
 * solve (g_c = 2, α_f = α_i = α_o = α, β_f = 1, β_i = 0.5, β_o = −0.5; with the cell table's
 * cached u_c pieces) 1.7 → 1.1 s at α = 10, 36 → 2.5 s at α = 100; at α = 10³ one evaluation at
 * C = 1 costs 1.1 s instead of ~400 s (3.6·10⁹ pairs) and a solve 7–16 s. Site averages are kept
 * in a small LRU per (C, parameters, quadrature).
 *
 * The same averages give the value of the support functional at the origin,
 * ```
 * Γ² := Λ(0) = ⟨A²⟩ + ⟨ D_c² Q_B / (1 − f)² ⟩        ([LSTM-RMT-3] at λ = 0)
 * A = φ(c) σ′_o,  D_c = o φ′(c),  Q_B = (c σ′_f)² + (φ(u_c) σ′_i)² + g_c² (i φ′(u_c))²   ([LSTM-J-2], [LSTM-RMT-2])
 * ```
 * the LSTM analogue of [GRU-RMT-8]: λ = 0 lies inside the 2-D bulk iff Γ² > 1. Note that
 * ⟨D_c²Q_B/(1 − f)²⟩ contains ⟨1/(1 − f)⟩-like moments, ~e^{α_f²C/2}: sites with a forget gate near 1
 * but φ(u_c) ≈ 0 (c small, the unit still coupled) dominate it, so Γ² grows fast with α_f√C. The
 * average is taken over |z_f| ≤ 12; when α_f√C approaches 12 that truncation matters, but Γ² is
 * then astronomically large anyway.
 */
import { checkFinite, checkInteger, type GaussianRule, gateRuleWarning, logistic, NonPhysicalError, type NumericsWarning, WarningLog } from '@gatefield/numerics';
import { CellTable } from './cellTable.js';
import { exactCellLaw, gatePairAverages, gatePairRhs, logRRange, tableCellLaw } from './gatePairs.js';
import { orderParameterRoots } from '../orderParameterRoots.js';
import {
  type LstmCellRuleOptions,
  type LstmGateRuleOptions,
  lstmGateRule,
  type ResolvedLstmCellRule,
  type ResolvedLstmGateRule,
  resolveLstmCellRule,
  resolveLstmGateRule,
} from './cellQuadrature.js';
import { type LstmParameterInput, type LstmParameters, resolveLstmParameters } from './model.js';
import { describeRule } from '../quadrature.js';

/** Quadrature options of the LSTM mean field (all recorded in results). */
export interface LstmQuadratureOptions {
  /** Rule for the gate variables u_f, u_i, u_o. */
  gate?: LstmGateRuleOptions;
  /** Rule for the cell input u_c. */
  cell?: LstmCellRuleOptions;
  /** Chebyshev nodes per unit of log r in the cell-average table ({@link CellTable}). Default 14. */
  cellTableNodes?: number;
}

/** Resolved {@link LstmQuadratureOptions}. */
export interface ResolvedLstmQuadrature {
  gate: ResolvedLstmGateRule;
  cell: ResolvedLstmCellRule;
  cellTableNodes: number;
}

/** Validate and fill {@link LstmQuadratureOptions}. */
export function resolveLstmQuadrature(q: LstmQuadratureOptions | ResolvedLstmQuadrature = {}): ResolvedLstmQuadrature {
  return { gate: resolveLstmGateRule(q.gate), cell: resolveLstmCellRule(q.cell), cellTableNodes: checkInteger('cellTableNodes', q.cellTableNodes ?? 14, 2, 64) };
}

/**
 * The forget-gate law reduced for the support ([LSTM-RMT-3]): per u_f node a (weight w_a),
 * 1 − f_a and the coupling strength
 * ```
 * zbar_a = ⟨ E_{u_c}[φ′(c)² Q_B] ⟩_{u_i} / (1 − f_a)²
 * ```
 * so that ⟨D_c²Q_B/|λ + 1 − f|²⟩ = ⟨o²⟩ Σ_a w_a zbar_a / |1 + λ/(1 − f_a)|² (u_o enters D_c² only
 * through o², independent of the rest).
 */
export interface LstmForgetLaw {
  weights: Float64Array;
  /** f_a */
  f: Float64Array;
  /** 1 − f_a, computed as σ(−u_f; α_f, −β_f) */
  omf: Float64Array;
  /** log(1 − f_a) (log-space, [NUM-3]) */
  logOmf: Float64Array;
  /** zbar_a (see above) */
  zbar: Float64Array;
}

/** The single-site averages of [LSTM-MF-3] and of Γ² at a given C. */
export interface LstmSiteAverages {
  /** ⟨o²⟩ */
  o2: number;
  /** ⟨σ′_o²⟩ */
  sigmaPrimeO2: number;
  /** ⟨φ(c)²⟩ (3-D average) */
  phiC2: number;
  /** ⟨f⟩ */
  meanF: number;
  /** RHS of [LSTM-MF-3] = ⟨o²⟩⟨φ(c)²⟩ */
  rhs: number;
  /** ⟨A²⟩ = ⟨φ(c)²⟩⟨σ′_o²⟩ */
  meanA2: number;
  /** Γ² = ⟨A²⟩ + ⟨D_c²Q_B/(1−f)²⟩ */
  gamma2: number;
  /** The reduced forget-gate law for the support. */
  forgetLaw: LstmForgetLaw;
  /** (u_f, u_i) node pairs the average stands for (n_f·n_i; gatePairs.ts sums far fewer). */
  pairs: number;
  /** Exact cell averages computed (table nodes or direct). */
  cellEvaluations: number;
  /**
   * 'quadrature-insufficient' warnings ({@link lstmRuleWarnings}): a gate rule at this C with fewer
   * than 1.25 nodes per gate width. Carried into the support ([LSTM-RMT-3]) computed from this law.
   */
  warnings: NumericsWarning[];
}

/**
 * The averages of [LSTM-MF-3] and Γ² at C: the (u_f, u_i) double average of the tabulated cell
 * averages K_j(r) ({@link CellTable}), r = i/(1 − f) evaluated in log space.
 */
export function lstmSiteAverages(C: number, p: LstmParameters, quadrature: LstmQuadratureOptions | ResolvedLstmQuadrature = {}): LstmSiteAverages {
  return siteAverages(C, p, quadrature, true);
}

/**
 * {@link lstmSiteAverages}; with `checkGamma2` false a Γ² beyond double range is returned as +∞
 * instead of throwing. The RHS of [LSTM-MF-3] does not use Γ² and no longer comes through here
 * (`rhsOnly`; found by fuzzing: the root scan of α_f = 10³ aborted at a C far from the root because
 * Γ² overflowed there).
 */
function siteAverages(C: number, p: LstmParameters, quadrature: LstmQuadratureOptions | ResolvedLstmQuadrature, checkGamma2: boolean): LstmSiteAverages {
  const q = resolveLstmQuadrature(quadrature);
  if (!(C >= 0) || !Number.isFinite(C)) throw new NonPhysicalError('C', C, 'C = ⟨h²⟩ must be finite and ≥ 0');
  const key = JSON.stringify([C, p, q]);
  let av = averagesCache.get(key);
  if (av) {
    averagesCache.delete(key); // most recently used last
    averagesCache.set(key, av);
  } else {
    av = computeSiteAverages(C, p, q);
    averagesCache.set(key, av);
    if (averagesCache.size > AVERAGES_CACHE_SIZE) averagesCache.delete(averagesCache.keys().next().value as string);
  }
  if (!Number.isFinite(av.gamma2) && checkGamma2) {
    throw new NonPhysicalError('Γ²', Number.isNaN(av.gamma2) ? Infinity : av.gamma2, `overflows (α_f√C = ${(p.alpha_f * Math.sqrt(C)).toPrecision(3)}: forget gates saturate beyond double range)`);
  }
  const l = av.forgetLaw;
  // copies of the law and warnings: the cached entry stays as computed whatever callers do with theirs
  return {
    ...av,
    forgetLaw: { weights: l.weights.slice(), f: l.f.slice(), omf: l.omf.slice(), logOmf: l.logOmf.slice(), zbar: l.zbar.slice() },
    warnings: av.warnings.map((w) => ({ ...w })),
  };
}

/**
 * Site averages computed at the same (C, parameters, quadrature) are reused: {@link lstmRootQuantities}
 * and `predictLstm` ask for the same C (two identical evaluations per prediction, each up to a
 * second at gate gains ~10³). Small LRU. The RHS does not read it: the root scan evaluates the RHS
 * before any averages at the root exist, so a lookup there could only hit on a repeated solve.
 */
const AVERAGES_CACHE_SIZE = 8;
const averagesCache = new Map<string, LstmSiteAverages>();

/** The gate rules, the output-gate averages ⟨o²⟩, ⟨σ′_o²⟩ and the cell law at C. */
function gateSetup(C: number, p: LstmParameters, q: ResolvedLstmQuadrature) {
  const s = Math.sqrt(C);
  const one: GaussianRule = { kind: 'gauss-hermite', size: 1, nodes: Float64Array.of(0), weights: Float64Array.of(1) };
  const rf = C === 0 ? one : lstmGateRule(p.alpha_f * s, q.gate);
  const ri = C === 0 ? one : lstmGateRule(p.alpha_i * s, q.gate);
  const ro = C === 0 ? one : lstmGateRule(p.alpha_o * s, q.gate);
  // output gate: a 1-D sum over the whole rule (cheap; tails of σ² below the window may be all of ⟨o²⟩)
  let o2 = 0;
  let sigmaPrimeO2 = 0;
  for (let k = 0; k < ro.size; k++) {
    const t = p.alpha_o * s * ro.nodes[k] - p.beta_o;
    const o = logistic(t);
    const d = p.alpha_o * o * logistic(-t);
    o2 += ro.weights[k] * o * o;
    sigmaPrimeO2 += ro.weights[k] * d * d;
  }
  const [logMin, logMax] = logRRange(s, p.alpha_f, p.beta_f, p.alpha_i, p.beta_i, rf, ri);
  const sdC = p.g_c * s;
  const cell = sdC > 0 ? tableCellLaw(new CellTable(logMin, logMax, p.beta_c, sdC, q.cell, { nodes: q.cellTableNodes })) : exactCellLaw(p.beta_c, q.cell);
  return { s, rf, ri, o2, sigmaPrimeO2, cell };
}

/** RHS of [LSTM-MF-3] = ⟨o²⟩⟨φ(c)²⟩ alone (clamped as in {@link computeSiteAverages}, bitwise the same). */
function rhsOnly(C: number, p: LstmParameters, q: ResolvedLstmQuadrature): number {
  const g = gateSetup(C, p, q);
  return Math.min(g.o2, 1) * Math.min(gatePairRhs(g.s, p, g.rf, g.ri, g.cell).phiC2, 1);
}

/** The uncached body of {@link siteAverages}. */
function computeSiteAverages(C: number, p: LstmParameters, q: ResolvedLstmQuadrature): LstmSiteAverages {
  const { s, rf, ri, o2: o2Sum, sigmaPrimeO2, cell } = gateSetup(C, p, q);
  let o2 = o2Sum;
  const pairs = gatePairAverages(s, p, rf, ri, cell);
  // Averages of quantities in [0, 1] (o², φ(c)², f): Σw = 1 + O(1e-16) can push them just above 1
  // (found by fuzzing: ⟨f⟩ = 1.0000000000000004 at β_f = −50). Clamp, as the GRU clamps ⟨tanh²⟩.
  o2 = Math.min(o2, 1);
  const phiC2 = Math.min(pairs.phiC2, 1);
  const meanF = Math.min(pairs.meanF, 1);
  const rhs = o2 * phiC2;
  const meanA2 = phiC2 * sigmaPrimeO2;
  const gamma2 = meanA2 + o2 * pairs.coupling;
  return {
    o2,
    sigmaPrimeO2,
    phiC2,
    meanF,
    rhs,
    meanA2,
    gamma2,
    forgetLaw: pairs.law,
    pairs: rf.size * ri.size,
    cellEvaluations: cell.evaluations(),
    warnings: C === 0 ? [] : lstmRuleWarnings(C, p, q),
  };
}

/** Right-hand side of [LSTM-MF-3] at C. */
export function lstmMeanFieldRhs(C: number, p: LstmParameters, quadrature: LstmQuadratureOptions | ResolvedLstmQuadrature = {}): number {
  const q = resolveLstmQuadrature(quadrature);
  if (!(C >= 0) || !Number.isFinite(C)) throw new NonPhysicalError('C', C, 'C = ⟨h²⟩ must be finite and ≥ 0');
  // ⟨o²⟩ and ⟨φ(c)²⟩ alone (gatePairRhs: bitwise the `rhs` of the full averages)
  const rhs = rhsOnly(C, p, q);
  if (!Number.isFinite(rhs)) throw new NonPhysicalError('RHS(C)', Infinity, `the mean-field right-hand side at C = ${C} is not a finite number`);
  return rhs;
}

/** One root of [LSTM-MF-3] with the quantities derived from it. */
export interface LstmMeanFieldRoot {
  /** C = ⟨h²⟩ */
  C: number;
  /** 'trivial' (C = 0, β_c = 0), else nontrivial roots ordered by C: 'lower' / 'upper' when two. */
  branch: 'trivial' | 'single' | 'lower' | 'upper' | 'other';
  /** ⟨o²⟩ */
  o2: number;
  /** ⟨φ(c)²⟩ */
  phiC2: number;
  /** ⟨σ′_o²⟩ */
  sigmaPrimeO2: number;
  /** ⟨A²⟩ = ⟨φ(c)²⟩⟨σ′_o²⟩ */
  meanA2: number;
  /** ⟨f⟩ */
  meanF: number;
  /** Γ² = Λ(0) ([LSTM-RMT-3] at λ = 0): λ = 0 is inside the 2-D bulk iff Γ² > 1. */
  gamma2: number;
  /** |RHS(C) − C| at the root */
  residual: number;
  iterations: number;
}

/** Options of {@link solveLstmMeanField}. */
export interface LstmMeanFieldOptions {
  quadrature?: LstmQuadratureOptions;
  /**
   * Scan grid [scanMin, 1] on a log scale ([NUM-6]). Defaults 1e-6 and 60 points: one evaluation of
   * [LSTM-MF-3] costs ~10⁶ tanh (three nested averages), against one 1-D average for the GRU, so
   * the scan is coarser than the GRU's 400 points (about 10 per decade).
   */
  scanMin?: number;
  scanPoints?: number;
  /** Brent tolerance on C. Default 1e-12. */
  tolerance?: number;
}

/** Result of {@link solveLstmMeanField}. */
export interface LstmMeanFieldResult {
  roots: LstmMeanFieldRoot[];
  converged: true;
  /** Largest residual over roots. */
  residual: number;
  /** Total Brent iterations. */
  iterations: number;
  parameters: LstmParameters;
  settings: { quadrature: ResolvedLstmQuadrature; scanMin: number; scanPoints: number; tolerance: number };
  /** Quadrature warnings (numerics warnings.ts): a gate rule at a root with < 1.25 nodes per gate width ({@link lstmRuleWarnings}). */
  warnings: NumericsWarning[];
}

/**
 * Warnings for the forget / input / output gate rules at C ([LSTM-MF-3], [NUM-REF-2]): the rules
 * are raised automatically to a resolving grid above `sharpThreshold`, so this fires only when
 * the options pin a coarse rule (a high `sharpThreshold`, a low `pointsPerWidth`).
 *
 * Threshold: `minPointsPerWidth` nodes per gate width, default 1.25 — not the 1.5 of numerics
 * `gateRuleWarning`, which is the resolution of the GRU's 201-node rule at its switch gain·sd = 3:
 * the default 64-node Gauss–Hermite rule (node spacing at 0: 0.391 in the standard-normal variable,
 * ≈ π/√64.5) has 0.5/0.391 = 1.28 nodes per width at its switch gain·sd = 2, where it is still
 * accurate (measured: ⟨σ²⟩ to 7e-10, ⟨σ′²⟩ to 2e-8; at gain·sd = 3, 0.85 nodes per width, 7e-7 and
 * 3e-5). With 1.5 the default rules would warn on every root with α√C in (1.70, 2] (transition
 * near 0).
 */
export function lstmRuleWarnings(C: number, p: LstmParameters, q: ResolvedLstmQuadrature, minPointsPerWidth = 1.25): NumericsWarning[] {
  const log = new WarningLog();
  const s = Math.sqrt(C);
  for (const [gate, a, b] of [['forget', p.alpha_f, p.beta_f], ['input', p.alpha_i, p.beta_i], ['output', p.alpha_o, p.beta_o]] as const) {
    log.add(gateRuleWarning(`${gate} gate at C = ${C.toPrecision(6)}`, lstmGateRule(a * s, q.gate), a * s, b, minPointsPerWidth));
  }
  return log.list();
}

/**
 * Every root of [LSTM-MF-3] ([NUM-6]): scan C on a log grid in [scanMin, 1], bracket the sign
 * changes of RHS(C) − C, refine each with Brent; C = 0 is added exactly when β_c = 0
 * ([LSTM-MF-4]). C ≤ 1 always (|h| = o|φ(c)| < 1). Roots touching without a sign change are not
 * resolved (stay off critical lines). Throws ConvergenceError if no root is found.
 */
export function solveLstmMeanField(params: LstmParameterInput, options: LstmMeanFieldOptions = {}): LstmMeanFieldResult {
  const p = resolveLstmParameters(params);
  const q = resolveLstmQuadrature(options.quadrature);
  const scanMin = checkFinite('scanMin', options.scanMin ?? 1e-6, 1e-300, 0.1);
  const scanPoints = checkInteger('scanPoints', options.scanPoints ?? 60, 10, 1e5);
  const tolerance = checkFinite('tolerance', options.tolerance ?? 1e-12, 1e-16, 1e-3);
  const f = (C: number) => lstmMeanFieldRhs(C, p, q) - C;
  const found = orderParameterRoots(f, p.beta_c === 0, { scanMin, scanPoints, tolerance });
  const nontrivial = found.roots.filter((c) => c.C > 0).length;
  let rank = 0;
  const log = new WarningLog();
  const roots = found.roots.map((c) => {
    const branch: LstmMeanFieldRoot['branch'] =
      c.C === 0 ? 'trivial' : nontrivial === 1 ? 'single' : nontrivial === 2 ? (rank++ === 0 ? 'lower' : 'upper') : 'other';
    checkRootC(c.C);
    const av = lstmSiteAverages(c.C, p, q);
    log.addAll(av.warnings); // lstmRuleWarnings at C (none at C = 0, where every gate gain·sd is 0)
    return rootOf(c.C, av, branch, c.residual, c.iterations);
  });
  const residual = Math.max(...roots.map((r) => r.residual));
  return { roots, converged: true, residual, iterations: found.iterations, parameters: p, settings: { quadrature: q, scanMin, scanPoints, tolerance }, warnings: log.list() };
}

/**
 * Derived quantities at a given C ([LSTM-MF-1], [LSTM-MF-3], Γ² of the module comment); also the
 * way to impose C instead of solving for it (as in the iid-diagonal ensemble of [LSTM-REF-1]).
 */
export function lstmRootQuantities(
  C: number,
  p: LstmParameters,
  quadrature: LstmQuadratureOptions | ResolvedLstmQuadrature = {},
  branch: LstmMeanFieldRoot['branch'] = 'single',
  residual = 0,
  iterations = 0,
): LstmMeanFieldRoot {
  checkRootC(C);
  return rootOf(C, lstmSiteAverages(C, p, quadrature), branch, residual, iterations);
}

/** A root C = ⟨h²⟩ lies in [0, 1] (|h| = o|φ(c)| < 1). */
function checkRootC(C: number): void {
  if (!(C >= 0 && C <= 1)) throw new NonPhysicalError('C', C, 'C = ⟨h²⟩ must lie in [0, 1]');
}

/** The {@link LstmMeanFieldRoot} at C from the site averages there. */
function rootOf(C: number, av: LstmSiteAverages, branch: LstmMeanFieldRoot['branch'], residual: number, iterations: number): LstmMeanFieldRoot {
  return {
    C,
    branch,
    o2: av.o2,
    phiC2: av.phiC2,
    sigmaPrimeO2: av.sigmaPrimeO2,
    meanA2: av.meanA2,
    meanF: av.meanF,
    gamma2: av.gamma2,
    residual,
    iterations,
  };
}

/** Pick a root: 'largest' (default), 'smallest', or all of them. */
export function selectLstmRoots(roots: LstmMeanFieldRoot[], which: 'largest' | 'smallest' | 'all' = 'largest'): LstmMeanFieldRoot[] {
  if (which === 'all') return roots;
  const sorted = [...roots].sort((a, b) => a.C - b.C);
  return [which === 'largest' ? sorted[sorted.length - 1] : sorted[0]];
}

/** Describe the gate rules used at C (for result records). */
export function describeLstmRules(C: number, p: LstmParameters, q: ResolvedLstmQuadrature): Record<'forget' | 'input' | 'output', ReturnType<typeof describeRule>> {
  const s = Math.sqrt(C);
  return {
    forget: describeRule(lstmGateRule(p.alpha_f * s, q.gate)),
    input: describeRule(lstmGateRule(p.alpha_i * s, q.gate)),
    output: describeRule(lstmGateRule(p.alpha_o * s, q.gate)),
  };
}
