/**
 * A small GRU site rule for density maps ([GRU-SCBA-5] on a grid, [NUM-9]): the default tensor rule
 * of `gruQuadratureSites` ([GRU-MF-1], [NUM-1]) with its ζ- and η-rules replaced by Gauss rules of
 * the *discrete* laws they define, in the variables the SCBA actually sees.
 *
 * The SCBA map of [GRU-SCBA-3] depends on a site only through (s, l², ρ², d²). For the GRU
 * (φ = tanh, sigmoid gates; [GRU-J-2]) with u = h² = tanh²(η):
 * ```
 * l² = s² (1 − u)²,   ρ² = ρ²,   d² = u · α_r² ρ²(1 − ρ)²        (φ′ = 1 − h², σ′_r = α_r ρ(1 − ρ))
 * ```
 * so, for fixed ξ (fixed s and w = λ + s), the site terms are rational functions of (ρ, u) whose
 * numerators and denominators are polynomials of low degree. The tensor rule integrates them
 * over the product of three discrete laws: ξ (kept as it is: its nodes are the poles −s_i that set
 * the islands of the default-rule density near the real axis, which no other ξ-rule reproduces),
 * ρ(ζ) on the default ζ-rule (16 points) and u(η) on the default η-rule (32 points; 16 distinct
 * values when β_h = 0). Here those two are replaced by their n-point Gauss rules (Golub–Welsch on
 * the Jacobi matrix of the discrete measure, {@link discreteGaussRule}), which reproduce every moment of degree ≤ 2n − 1 of the default rule exactly; a
 * rational integrand with poles away from the support is then reproduced to a geometric rate in n.
 * Nodes lie inside the hull of the original points and weights are positive, so the sites stay
 * on the physical sector.
 *
 * Measured accuracy (smooth gates g_h = 3, α_z = α_r = 2, the bench grid x ∈ [leftEdge − 0.05,
 * abscissa + 0.05], y ∈ [0, 1.05·max y of the support boundary], including the row y = 0 and the
 * bulk edge), default options (40 × 6 × 8 = 1920 sites) against the default 20 480-site rule:
 * - 60×60: max |Δρ| = 1.0e-4 · max ρ (max ρ = 48 at an island on y = 0); same bulk points;
 * - 200×200: max |Δρ| = 5.0e-4 · max ρ (max ρ = 419, a grid point 1e-3 from a pole −s_i on y = 0),
 *   pointwise max |Δρ|/ρ = 7.9e-5 for y ≥ Δy and 4.9e-5 for y ≥ 5Δy; same 27 600 bulk points.
 * Fewer nodes are much worse on the real axis (40 × 6 × 7: 2.5e-2 · max ρ at 200×200, from the
 * island spikes, which are resolved by the u-rule near u = 1, i.e. large |η|); 40 × 8 × 8
 * (2560 sites): 4.0e-4 · max ρ, pointwise 4e-7 for y ≥ Δy.
 * The accuracy depends on the case (40×40 grids over each bulk, y ≥ 0): sharp reset α_r = 10,
 * β_r = 1: 5.7e-4 · max ρ, pointwise 2e-3 for y ≥ Δy (10 × 12 nodes: 5e-10, 1e-8); slow-mode
 * β_h = 2, α_z = 10, α_r = 4 (200 quantile ξ-nodes): 0.22 · max ρ on y = 0, pointwise 5e-3 for
 * y ≥ Δy (10 × 12 nodes: 3.6e-3 · max ρ, 3e-11). Check new cases against the default rule.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, checkInteger, gaussRuleFromJacobi } from '@gatefield/numerics';
import { type GruSiteQuadratureOptions, gruQuadratureSites } from '../gru/sites.js';
import type { GruMeanFieldRoot, GruParameters } from '../gru/meanField.js';
import type { GruSites } from './siteSample.js';

/** Options of {@link gruMapSites}. */
export interface GruMapSiteOptions {
  /** Gauss nodes in ρ replacing the ζ-rule. Default 6 ({@link DEFAULT_GRU_MAP_SITE_OPTIONS}). */
  resetNodes?: number;
  /** Gauss nodes in u = h² replacing the η-rule. Default 8 ({@link DEFAULT_GRU_MAP_SITE_OPTIONS}). */
  candidateNodes?: number;
  /** The tensor rule that is compressed (its ξ-rule is kept). Default: `gruQuadratureSites` defaults. */
  quadrature?: GruSiteQuadratureOptions;
}

/**
 * Defaults of {@link GruMapSiteOptions}: with the default ξ-rule 40 × 6 × 8 = 1920 sites instead of
 * 40 × 16 × 32 = 20 480; measured accuracy in the module comment (1e-4 – 5e-4 of max ρ).
 */
export const DEFAULT_GRU_MAP_SITE_OPTIONS = { resetNodes: 6, candidateNodes: 8 } as const;

/** Sites of {@link gruMapSites}, with the sizes of the three factor rules. */
export type GruMapSites = GruSites & { readonly rule: { xi: number; reset: number; candidate: number } };

/**
 * n-point Gauss rule of the discrete measure Σ w_k δ(t_k) (Golub–Welsch): the Jacobi matrix by
 * Lanczos on diag(t) from the start vector √(w/Σw) with full reorthogonalisation (stable even for
 * points clustered within 1e-9, like u = tanh²(η) near 1, where the Stieltjes recurrence is not),
 * then its eigenvalues (nodes) and the squared first components of its eigenvectors (weights × Σw)
 * by the implicit QL method. n is reduced to the number of numerically distinct points if needed.
 */
export function discreteGaussRule(t: Float64Array, w: Float64Array, n: number): { nodes: Float64Array; weights: Float64Array } {
  const N = t.length;
  let mu0 = 0;
  let span = 0;
  for (let k = 0; k < N; k++) {
    mu0 += w[k];
    span = Math.max(span, Math.abs(t[k]));
  }
  const Q: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = Float64Array.from(w, (v) => Math.sqrt(v / mu0));
  for (let k = 0; k < Math.min(n, N); k++) {
    Q.push(q);
    let a = 0;
    for (let i = 0; i < N; i++) a += t[i] * q[i] * q[i];
    alpha.push(a);
    if (k === n - 1) break;
    const r = new Float64Array(N);
    for (let i = 0; i < N; i++) r[i] = (t[i] - a) * q[i] - (k > 0 ? beta[k - 1] * Q[k - 1][i] : 0);
    for (let pass = 0; pass < 2; pass++) {
      for (const v of Q) {
        let dot = 0;
        for (let i = 0; i < N; i++) dot += v[i] * r[i];
        for (let i = 0; i < N; i++) r[i] -= dot * v[i];
      }
    }
    let b = 0;
    for (let i = 0; i < N; i++) b += r[i] * r[i];
    b = Math.sqrt(b);
    // the measure has no more distinct points: the residual after two Gram–Schmidt passes is then
    // rounding (~N ε · span); 1e-13 · span sits above that and below any real point separation
    if (!(b > 1e-13 * (span || 1))) break;
    beta.push(b);
    q = r.map((v) => v / b);
  }
  try {
    return gaussRuleFromJacobi(alpha, beta, mu0);
  } catch (err) {
    if (err instanceof ConvergenceError) throw new InvalidParameterError('measure', 'QL iteration', 'a discrete measure whose Jacobi matrix converges (60 QL sweeps)');
    throw err;
  }
}

/** Distinct values of `key` in first-seen order with the summed weights and a representative site. */
function marginal(key: Float64Array, weights: Float64Array): { value: number[]; weight: number[]; site: number[] } {
  const at = new Map<number, number>();
  const out = { value: [] as number[], weight: [] as number[], site: [] as number[] };
  for (let i = 0; i < key.length; i++) {
    let k = at.get(key[i]);
    if (k === undefined) {
      k = out.value.length;
      at.set(key[i], k);
      out.value.push(key[i]);
      out.weight.push(0);
      out.site.push(i);
    }
    out.weight[k] += weights[i];
  }
  return out;
}

/**
 * The map rule of the module comment: ξ-rule of {@link GruMapSiteOptions.quadrature} kept, ζ and η
 * replaced by Gauss rules in ρ and u = h² of their discrete laws. Deterministic.
 *
 * @throws {InvalidParameterError} for node counts < 1, or if the tensor sites do not satisfy the
 * GRU identities φ′ = 1 − h² and d = h α_r ρ(1 − ρ) (to 1e-10) on which the compression relies.
 */
export function gruMapSites(root: Pick<GruMeanFieldRoot, 'C' | 'deltaEta'>, params: GruParameters, options: GruMapSiteOptions = {}): GruMapSites {
  const nRho = checkInteger('resetNodes', options.resetNodes ?? DEFAULT_GRU_MAP_SITE_OPTIONS.resetNodes, 1, 1000);
  const nU = checkInteger('candidateNodes', options.candidateNodes ?? DEFAULT_GRU_MAP_SITE_OPTIONS.candidateNodes, 1, 1000);
  const base = gruQuadratureSites(root, params, options.quadrature);
  const ar = params.alpha_r;
  // the identities below hold to rounding (φ′, d are evaluated from the model spec, not from h, ρ);
  // 1e-10 tells a different model (an O(1) mismatch) from rounding with a wide margin
  for (let i = 0; i < base.weights.length; i++) {
    const h = base.h[i];
    const r = base.rho[i];
    const okPhi = Math.abs(base.phiPrime[i] - (1 - h * h)) <= 1e-10;
    const okD = Math.abs(base.d[i] - h * ar * r * (1 - r)) <= 1e-10 * (1 + Math.abs(base.d[i]));
    if (!okPhi || !okD) throw new InvalidParameterError('params', params, 'a GRU with φ = tanh and a sigmoid reset gate (φ′ = 1 − h², d = h α_r ρ(1 − ρ))');
  }
  const xi = marginal(base.xi, base.weights);
  const zeta = marginal(base.zeta, base.weights);
  const eta = marginal(base.eta, base.weights);
  const rhoLaw = marginal(Float64Array.from(zeta.site, (i) => base.rho[i]), Float64Array.from(zeta.weight));
  const uLaw = marginal(Float64Array.from(eta.site, (i) => base.h[i] * base.h[i]), Float64Array.from(eta.weight));
  const rr = discreteGaussRule(Float64Array.from(rhoLaw.value), Float64Array.from(rhoLaw.weight), Math.min(nRho, rhoLaw.value.length));
  const ru = discreteGaussRule(Float64Array.from(uLaw.value), Float64Array.from(uLaw.weight), Math.min(nU, uLaw.value.length));
  const n = xi.value.length * rr.nodes.length * ru.nodes.length;
  const out = { weights: new Float64Array(n), s: new Float64Array(n), l: new Float64Array(n), rho: new Float64Array(n), d: new Float64Array(n) };
  let k = 0;
  for (let a = 0; a < xi.value.length; a++) {
    const s = base.s[xi.site[a]];
    for (let b = 0; b < rr.nodes.length; b++) {
      const r = rr.nodes[b];
      for (let c = 0; c < ru.nodes.length; c++) {
        const u = ru.nodes[c];
        out.weights[k] = xi.weight[a] * rr.weights[b] * ru.weights[c];
        out.s[k] = s;
        out.l[k] = s * (1 - u);
        out.rho[k] = r;
        out.d[k] = Math.sqrt(u) * ar * r * (1 - r);
        k++;
      }
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += out.weights[i];
  for (let i = 0; i < n; i++) out.weights[i] /= total;
  return { ...out, rule: { xi: xi.value.length, reset: rr.nodes.length, candidate: ru.nodes.length } };
}
