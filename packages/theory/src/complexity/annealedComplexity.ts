/**
 * Annealed Kac–Rice complexity of GRU fixed points at the untilted mean-field saddle,
 * [KR-1]–[KR-10] (default of [OQ-10]: `complexityUntilted`; the tilted maximisation is left as a
 * hook, see {@link ComplexityMethod}).
 *
 * ```
 * [KR-6]   Σ_MF = ½Ψ₀ = (1/N) E log|det ∂F(h*)|,    ∂F(h*) = −1 + Φ′U_h(P + D U_r)   (s ≡ 1)
 * [KR-7]   spec(∂F) ⊂ {|λ + 1| ≤ Γ}:   Σ_MF > 0 ⇔ Γ > 1,   Σ_MF = 0 exactly when Γ ≤ 1
 * [KR-8]   near onset, d ≡ 0:  Σ_MF ≈ (⟨a⟩ − 1)²/(4⟨a²⟩),   a = g_h²ρ²φ′²
 * [KR-9]   d ≡ 0:  Ψ₀ = ⟨log(1 + a u)⟩ − u,  ⟨a/(1 + a u)⟩ = 1      (Ψ-formula [PSI-3] at λ = 0, s ≡ 1)
 * [KR-10]  Ψ₀ = Φ(0) = log(1 + x_e)² + 2 Re∫_{x_e}^0 G(x) dx,   x_e = Γ − 1,   G from the SCBA, s ≡ 1
 * ```
 * Sites ({@link complexitySites}): the MF law at a root ([GRU-MF-1]) with s ≡ 1 (the ungated
 * Jacobian): a tensor rule in (ζ, η), ζ ~ N(0, C) on the gate rule of `quadrature.ts` (Gauss–Hermite,
 * or a resolving uniform grid when α_r√C > 3, [NUM-REF-2], because d = hσ′_r(ζ) is a sharp bump),
 * η ~ N(β_h, Δ_η) on an `etaNodes` Gauss–Hermite rule; nodes with weight below `pruneWeight`×(max
 * weight) are dropped (their total mass is < 1e-13) to keep the SCBA cheap. Gate window ([NUM-2],
 * `gateWindow` of `@gatefield/numerics`): ζ nodes with α_rζ − β_r > 40 all have ρ = σ_r = 1 and
 * |d| ≤ α_r e^{−40} ≈ 4e-18·α_r, those below −40 have ρ, |d| ≤ α_r e^{−40}; each side is lumped into one
 * ζ node (ρ = 1 resp. 0, d = 0, the summed weight, the weighted mean ζ), so a sharp gate (α_r√C up
 * to 10³ on the 4·10⁵-point grid) costs O(window) ζ nodes instead of the whole rule.
 *
 * Warnings: a 'quadrature-insufficient' `NumericsWarning` when the ζ rule is too coarse for the gate
 * at the root (`quadratureWarnings.ts`), in `warnings` (empty otherwise).
 *
 * Integration ([KR-10]): Re G is analytic on [0, x_e] (module `legendre.ts`), so an n-node
 * Gauss–Legendre rule is used and compared with the ⌈n/2⌉-node rule for the error estimate; the
 * SCBA is solved along the nodes from the inside (x ≈ 0, cold start) outwards with warm starts
 * ([NUM-9]). Γ² and x_e are computed from the same sites (Λ(0), [GRU-RMT-8]), so that the integral
 * starts exactly at the edge of the sampled ensemble.
 *
 * Signs: Ψ₀ ≥ 0 mathematically; a computed Σ below −max(10·errorEstimate, 1e-10) throws
 * NonPhysicalError, smaller negative rounding is returned as is (never clamped silently).
 *
 * @module
 */
import { InvalidParameterError, NonPhysicalError, type NumericsWarning, checkFinite, checkInteger, GATE_WINDOW_T_MAX, gaussHermite, logistic, sech2 } from '@gatefield/numerics';
import { type GruMeanFieldRoot, type GruParameters, resolveGruParameters } from '../gru/meanField.js';
import { type QuadratureOptions, type ResolvedQuadrature, describeRule, gateRule, resolveQuadrature } from '../quadrature.js';
import { type PsiRootOptions, psiRoot } from '../rmt/psiFormula.js';
import { type ScbaOptions, scbaPath, scbaSupportFunctional } from '../rmt/scba.js';
import { type GruSites, gruSites } from '../rmt/siteSample.js';
import type { GruParameterInput } from './branchEquation.js';
import { gruBranchRoots } from './branchRoots.js';
import { legendreOnInterval } from './legendre.js';
import { mergeGateWarnings, resetGateWarnings } from './quadratureWarnings.js';

/** Options of the site rule ({@link complexitySites}). */
export interface ComplexitySiteOptions {
  quadrature?: QuadratureOptions | ResolvedQuadrature;
  /** Gauss–Hermite nodes in η. Default 96 (E tanh² to ~1e-9 at Δ_η ≲ 2, [NUM-REF-1]). */
  etaNodes?: number;
  /** Drop nodes with weight < pruneWeight × max weight (per dimension). Default 1e-16. */
  pruneWeight?: number;
}

/** Sites of the ungated Jacobian (s ≡ 1) with the underlying variables. */
export type ComplexitySites = GruSites & { zeta: Float64Array; eta: Float64Array; h: Float64Array; phiPrime: Float64Array };

function pruned(nodes: Float64Array, weights: Float64Array, prune: number): { nodes: number[]; weights: number[] } {
  const max = weights.reduce((m, w) => Math.max(m, w), 0);
  const out = { nodes: [] as number[], weights: [] as number[] };
  nodes.forEach((x, k) => {
    if (weights[k] >= prune * max) {
      out.nodes.push(x);
      out.weights.push(weights[k]);
    }
  });
  return out;
}

/** ζ node of the site rule: position (in units of √C), weight, and the lumped gate value if any. */
interface ZetaNodes {
  nodes: number[];
  weights: number[];
  /** For a lumped node: σ_r fixed to 1 (above the window) or 0 (below), σ′_r = 0; else null. */
  lumped: (0 | 1 | null)[];
}

/**
 * The pruned ζ rule with the nodes outside the gate window |α_r√C·x − β_r| ≤ 40 lumped (module
 * comment): window nodes first, then the lump below and the lump above (each only if non-empty).
 */
function windowedZeta(nodes: Float64Array, weights: Float64Array, prune: number, gain: number, beta: number): ZetaNodes {
  const kept = pruned(nodes, weights, prune);
  const out: ZetaNodes = { nodes: [], weights: [], lumped: [] };
  const lump = { below: { w: 0, wx: 0 }, above: { w: 0, wx: 0 } };
  kept.nodes.forEach((x, k) => {
    const t = gain * x - beta;
    const w = kept.weights[k];
    const side = t > GATE_WINDOW_T_MAX ? lump.above : t < -GATE_WINDOW_T_MAX ? lump.below : null;
    if (side) {
      side.w += w;
      side.wx += w * x;
      return;
    }
    out.nodes.push(x);
    out.weights.push(w);
    out.lumped.push(null);
  });
  for (const [side, value] of [[lump.below, 0], [lump.above, 1]] as const) {
    if (side.w > 0) {
      out.nodes.push(side.wx / side.w);
      out.weights.push(side.w);
      out.lumped.push(value);
    }
  }
  return out;
}

/**
 * MF sites at a root with s ≡ 1 ([KR-6]): s = 1, l = φ′(η), ρ = σ(ζ; α_r, β_r), d = h σ′_r(ζ)
 * ([GRU-J-2]); set `resetDerivative: false` for the d ≡ 0 matrix.
 */
export function complexitySites(root: Pick<GruMeanFieldRoot, 'C' | 'deltaEta'>, p: GruParameters, options: ComplexitySiteOptions & { resetDerivative?: boolean } = {}): ComplexitySites {
  const q = resolveQuadrature(options.quadrature);
  const etaNodes = checkInteger('etaNodes', options.etaNodes ?? 96, 1, 1000);
  const prune = checkFinite('pruneWeight', options.pruneWeight ?? 1e-16, 0, 1e-3);
  const sdC = Math.sqrt(checkFinite('C', root.C, 0, 1));
  const zRule = gateRule(p.alpha_r * sdC, q);
  const zr: ZetaNodes = root.C === 0 || p.alpha_r === 0 ? { nodes: [0], weights: [1], lumped: [null] } : windowedZeta(zRule.nodes, zRule.weights, prune, p.alpha_r * sdC, p.beta_r);
  const gh = gaussHermite(etaNodes);
  const er = root.deltaEta === 0 ? { nodes: [0], weights: [1] } : pruned(gh.nodes, gh.weights, prune);
  const n = zr.nodes.length * er.nodes.length;
  const cols = { s: new Float64Array(n).fill(1), l: new Float64Array(n), rho: new Float64Array(n), d: new Float64Array(n) };
  const zeta = new Float64Array(n);
  const eta = new Float64Array(n);
  const h = new Float64Array(n);
  const phiPrime = new Float64Array(n);
  const w = new Float64Array(n);
  const sdEta = Math.sqrt(root.deltaEta);
  let i = 0;
  for (let a = 0; a < zr.nodes.length; a++) {
    const z = sdC * zr.nodes[a];
    const t = p.alpha_r * z - p.beta_r;
    const lumped = zr.lumped[a];
    const rho = lumped ?? logistic(t);
    const dSig = lumped === null ? p.alpha_r * rho * logistic(-t) : 0; // σ′_r without cancellation ([NUM-4])
    for (let b = 0; b < er.nodes.length; b++) {
      const e = p.beta_h + sdEta * er.nodes[b];
      const hv = Math.tanh(e);
      const dp = sech2(e);
      zeta[i] = z;
      eta[i] = e;
      h[i] = hv;
      phiPrime[i] = dp;
      cols.l[i] = dp;
      cols.rho[i] = rho;
      cols.d[i] = options.resetDerivative === false ? 0 : hv * dSig;
      w[i] = zr.weights[a] * er.weights[b];
      i++;
    }
  }
  return Object.assign(gruSites(cols, w), { zeta, eta, h, phiPrime });
}

/** Evaluation route of Σ_MF ([OQ-11]): full SCBA [KR-10] (headline), or the d ≡ 0 approximations. */
export type ComplexityMethod = 'scba' | 'scba-d0' | 'closed-form' | 'near-onset';

/** Options of the complexity functions. */
export interface ComplexityOptions extends ComplexitySiteOptions {
  /** Gauss–Legendre nodes on [0, x_e] ([KR-10]); the error estimate uses ⌈n/2⌉. Default 24. */
  legendreNodes?: number;
  scba?: ScbaOptions;
  psi?: PsiRootOptions;
}

/** Σ_MF at one root. */
export interface ComplexityResult {
  method: ComplexityMethod;
  /** Σ_MF = ½Ψ₀ ([KR-6]) */
  sigma: number;
  /** Ψ₀ = (1/N) log|det ∂F|² */
  psi0: number;
  /** Γ² of the site sample (Λ(0) with s ≡ 1) */
  gamma2: number;
  /** Σ_MF > 0 ⇔ Γ > 1 ([KR-7]) */
  positive: boolean;
  /** |Σ_n − Σ_{n/2}| (SCBA routes), 0 for closed forms */
  errorEstimate: number;
  converged: true;
  /** Largest SCBA residual or the Ψ-root residual. */
  residual: number;
  /** SCBA Newton iterations, or Ψ-root iterations. */
  iterations: number;
  settings: { quadrature: ResolvedQuadrature; etaNodes: number; pruneWeight: number; legendreNodes: number; sites: number; zetaRule: ReturnType<typeof describeRule> };
  /** 'quadrature-insufficient' when the ζ (reset-gate) rule is too coarse at the root (module comment); else empty. */
  warnings: NumericsWarning[];
}

function settingsOf(sites: GruSites, p: GruParameters, root: Pick<GruMeanFieldRoot, 'C'>, o: ComplexityOptions) {
  const q = resolveQuadrature(o.quadrature);
  return {
    quadrature: q,
    etaNodes: o.etaNodes ?? 96,
    pruneWeight: o.pruneWeight ?? 1e-16,
    legendreNodes: checkInteger('legendreNodes', o.legendreNodes ?? 24, 2, 1000),
    sites: sites.weights.length,
    zetaRule: describeRule(gateRule(p.alpha_r * Math.sqrt(root.C), q)),
  };
}

/**
 * Σ_MF from a site sample with s ≡ 1: `closed-form` [KR-9] (d ignored), `near-onset` [KR-8] (d
 * ignored), or the SCBA integral [KR-10] on the sites as given (`scba`; pass d ≡ 0 sites for the
 * SCBA route of the d ≡ 0 matrix).
 */
export function complexityFromSites(sites: GruSites, gH2: number, method: ComplexityMethod, options: ComplexityOptions = {}): Omit<ComplexityResult, 'settings' | 'warnings'> {
  checkFinite('gH2', gH2, 0, Infinity);
  if (sites.s.some((v) => v !== 1)) throw new InvalidParameterError('sites.s', 'not all 1', 's ≡ 1 (the ungated Jacobian of [KR-6])');
  const { weights } = sites;
  if (method === 'closed-form' || method === 'near-onset') {
    const a = new Float64Array(weights.length);
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < a.length; i++) {
      a[i] = gH2 * sites.rho[i] * sites.rho[i] * sites.l[i] * sites.l[i];
      m1 += weights[i] * a[i];
      m2 += weights[i] * a[i] * a[i];
    }
    if (method === 'near-onset') {
      const sigma = m1 > 1 ? ((m1 - 1) * (m1 - 1)) / (4 * m2) : 0;
      return { method, sigma, psi0: 2 * sigma, gamma2: m1, positive: m1 > 1, errorEstimate: 0, converged: true, residual: 0, iterations: 0 };
    }
    const r = psiRoot(a, weights, options.psi);
    return { method, sigma: 0.5 * r.psi, psi0: r.psi, gamma2: m1, positive: r.inBulk, errorEstimate: 0, converged: true, residual: r.residual, iterations: r.iterations };
  }
  const params = { gH2 };
  const gamma2 = scbaSupportFunctional(sites, params, { re: 0, im: 0 });
  if (!(gamma2 > 1)) return { method, sigma: 0, psi0: 0, gamma2, positive: false, errorEstimate: 0, converged: true, residual: 0, iterations: 0 };
  const xe = Math.sqrt(gamma2) - 1;
  const n = checkInteger('legendreNodes', options.legendreNodes ?? 24, 2, 1000);
  let residual = 0;
  let iterations = 0;
  const integral = (k: number): number => {
    const { x, w } = legendreOnInterval(k, 0, xe);
    const path = scbaPath(sites, params, Array.from(x, (re) => ({ re, im: 0 })), options.scba);
    let acc = 0;
    path.forEach((r, j) => {
      residual = Math.max(residual, r.residual);
      iterations += r.iterations;
      acc += w[j] * r.G.re;
    });
    return acc;
  };
  const fine = integral(n);
  const coarse = integral(Math.ceil(n / 2));
  // Φ(0) = log Γ² + 2∫_{x_e}^0 Re G = log Γ² − 2∫_0^{x_e} Re G
  const psi0 = Math.log(gamma2) - 2 * fine;
  const errorEstimate = Math.abs(fine - coarse);
  const sigma = 0.5 * psi0;
  if (sigma < -Math.max(10 * errorEstimate, 1e-10)) throw new NonPhysicalError('Σ_MF', sigma, 'the complexity [KR-10] must be ≥ 0 (refine legendreNodes or the site rule)');
  return { method, sigma, psi0, gamma2, positive: true, errorEstimate, converged: true, residual, iterations };
}

/** Σ_MF at a root of [GRU-MF-2] by one method (module comment). */
export function complexityAtRoot(params: GruParameters, root: Pick<GruMeanFieldRoot, 'C' | 'deltaEta'>, method: ComplexityMethod = 'scba', options: ComplexityOptions = {}): ComplexityResult {
  const sites = complexitySites(root, params, { ...options, resetDerivative: method === 'scba' });
  const r = complexityFromSites(sites, params.g_h * params.g_h, method, options);
  const settings = settingsOf(sites, params, root, options);
  return { ...r, settings, warnings: resetGateWarnings('complexityAtRoot', [{ C: root.C, alpha_r: params.alpha_r, beta_r: params.beta_r }], settings.quadrature) };
}

/** Σ_MF on every nontrivial branch at one parameter point. */
export interface ComplexityUntiltedResult {
  parameters: GruParameters;
  /** One entry per nontrivial root (ascending C). */
  branches: { root: GruMeanFieldRoot; complexity: ComplexityResult }[];
  /** At most one 'quadrature-insufficient' warning over the branches (`quadratureWarnings.ts`); else empty. */
  warnings: NumericsWarning[];
  /** max over branches (the annealed count is dominated by the largest, [KR-1]); 0 if none. */
  sigma: number;
  converged: true;
}

/**
 * `complexityUntilted` ([OQ-10]): Σ_MF at the untilted saddle ([KR-6]) on every nontrivial MF
 * branch, by `method` (default the full SCBA [KR-10], [OQ-11]).
 */
export function complexityUntilted(params: GruParameterInput, method: ComplexityMethod = 'scba', options: ComplexityOptions = {}): ComplexityUntiltedResult {
  const p = resolveGruParameters(params as Partial<Record<string, unknown>>);
  const roots = gruBranchRoots(p, { quadrature: options.quadrature }).roots;
  const branches = roots.map((root) => ({ root, complexity: complexityAtRoot(p, root, method, options) }));
  const sigma = branches.reduce((m, b) => Math.max(m, b.complexity.sigma), 0);
  return { parameters: p, branches, sigma, converged: true, warnings: mergeGateWarnings('complexityUntilted', branches.map((b) => b.complexity.warnings), 'branches') };
}
