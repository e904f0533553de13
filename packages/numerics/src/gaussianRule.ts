/**
 * Quadrature rules for expectations over a standard normal variable, ⟨f⟩ = ∫Dx f(x).
 *
 * [NUM-1] Gauss–Hermite in probabilists' form with weights normalised to 1:
 *   ⟨f⟩_Δ = ∫Dx f(√Δ x) ≈ Σ_k w_k f(√Δ x_k),   Σ_k w_k = 1.
 * [NUM-2] A dense uniform grid (trapezoid in the standard-normal variable) for integrands too sharp
 * for Gauss–Hermite (very large gate gains): 4·10⁵ points on [−12, 12] in the reference numerics.
 *
 * Nodes are built by the Golub–Welsch method (eigenvalues of the Jacobi matrix by implicit QL),
 * polished by Newton on the orthonormal Hermite recurrence; weights are Christoffel numbers from a
 * rescaled recurrence, so the rule is stable up to n = 1000 (tail weights underflow to 0 harmlessly).
 * Seeding Newton with the classical asymptotic guesses (Numerical Recipes' gauher) was tried first
 * and skips roots for n ≳ 150.
 * Rules are cached per (kind, size); uniform rules least-recently-used up to {@link UNIFORM_CACHE_MAX_POINTS} nodes.
 */
import { ConvergenceError, InvalidParameterError } from './errors.js';

/** A quadrature rule for E f(X), X ~ N(0, 1): Σ_k weights[k] f(nodes[k]); weights sum to 1. */
export interface GaussianRule {
  readonly kind: 'gauss-hermite' | 'uniform';
  /** Number of nodes. */
  readonly size: number;
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  /** For 'uniform': the half-width L of the grid [−L, L]. */
  readonly halfWidth?: number;
}

const cache = new Map<string, GaussianRule>();

/**
 * Gauss–Hermite rule with `n` nodes for the standard normal measure [NUM-1].
 *
 * Accuracy (measured, [NUM-REF-1]): E tanh²(√q z) at q = 2.12 has error 1.9e-6 at n = 64, 6e-12 at
 * n = 200, 8e-15 at n = 300. Use n ≥ 200 near critical lines.
 *
 * @param n number of nodes, 1 ≤ n ≤ 1000.
 */
export function gaussHermite(n: number): GaussianRule {
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new InvalidParameterError('quadratureNodes', n, 'integers 1..1000');
  }
  const key = `gh:${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix of the probabilists' Hermite
  // polynomials (zero diagonal, off-diagonal √k), found by implicit QL without eigenvectors.
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let k = 1; k < n; k++) e[k - 1] = Math.sqrt(k);
  tridiagonalQL(d, e);
  const nodes = Float64Array.from(d).sort();
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Newton polish on the orthonormal recurrence: p̂_n(x) = 0, p̂_n′ = √n p̂_{n−1}.
    let x = nodes[i];
    for (let it = 0; it < 3; it++) {
      const r = hermiteRecurrence(x, n);
      const step = r.pn / (Math.sqrt(n) * r.pn1);
      if (!Number.isFinite(step)) break;
      x -= step;
      if (Math.abs(step) < 1e-16 * Math.max(1, Math.abs(x))) break;
    }
    nodes[i] = x;
    // Christoffel number: w = 1 / Σ_{k<n} p̂_k(x)² (computed with rescaling; underflows to 0 far out).
    weights[i] = hermiteRecurrence(x, n).christoffel;
  }
  // Exact symmetry: average mirrored nodes and weights.
  for (let i = 0; i < n >> 1; i++) {
    const j = n - 1 - i;
    const x = 0.5 * (nodes[j] - nodes[i]);
    nodes[i] = -x;
    nodes[j] = x;
    const w = 0.5 * (weights[i] + weights[j]);
    weights[i] = w;
    weights[j] = w;
  }
  if (n % 2 === 1) nodes[n >> 1] = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  for (let i = 0; i < n; i++) weights[i] /= sum;
  const rule: GaussianRule = { kind: 'gauss-hermite', size: n, nodes, weights };
  cache.set(key, rule);
  return rule;
}

/**
 * Orthonormal probabilists' Hermite recurrence p̂_0 = 1, p̂_{k+1} = (x p̂_k − √k p̂_{k−1})/√(k+1)
 * at x, with rescaling so that no intermediate overflows. Returns p̂_n and p̂_{n−1} (common scale)
 * and the Christoffel weight 1/Σ_{k<n} p̂_k².
 */
function hermiteRecurrence(x: number, n: number): { pn: number; pn1: number; christoffel: number } {
  let pPrev = 0;
  let p = 1;
  let sumsq = 0;
  let logScale = 0; // true p̂ = p · e^{logScale}
  for (let k = 0; k < n; k++) {
    sumsq += p * p;
    const next = (x * p - Math.sqrt(k) * pPrev) / Math.sqrt(k + 1);
    pPrev = p;
    p = next;
    if (Math.abs(p) > 1e100) {
      p *= 1e-100;
      pPrev *= 1e-100;
      sumsq *= 1e-200;
      logScale += 100 * Math.LN10;
    }
  }
  const christoffel = Math.exp(-Math.log(sumsq) - 2 * logScale);
  return { pn: p, pn1: pPrev, christoffel };
}

/**
 * Eigenvalues of a symmetric tridiagonal matrix by the implicit QL method. `d` holds the diagonal
 * (overwritten by the eigenvalues), `e[0..n−2]` the off-diagonal (destroyed). With `z` (a row
 * vector, e.g. [1, 0, …, 0]) the plane rotations are also applied to it, which turns it into the
 * first components of the eigenvectors: the Golub–Welsch weights ({@link gaussRuleFromJacobi}).
 * Without `z` no eigenvector work is done (the Gauss–Hermite nodes are refined by Newton instead).
 *
 * @throws {ConvergenceError} after 60 QL sweeps for one eigenvalue.
 */
function tridiagonalQL(d: Float64Array, e: Float64Array, z?: Float64Array): void {
  const n = d.length;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new ConvergenceError('tridiagonal QL eigenvalues', Math.abs(e[l]), 60, { sweepsPerEigenvalue: 60 });
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          let f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          if (z) {
            f = z[i + 1];
            z[i + 1] = s * z[i] + c * f;
            z[i] = c * z[i] - s * f;
          }
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}

/**
 * Gauss rule of a measure from its Jacobi matrix (Golub–Welsch): diagonal `alpha[0..m−1]`,
 * off-diagonal `beta[0..m−2]` (the three-term recurrence coefficients), total mass `mu0`. The nodes
 * are the eigenvalues, the weights mu0·(first eigenvector components)², sorted by node ([NUM-1]).
 *
 * @throws {InvalidParameterError} on mismatched lengths, non-finite entries or mu0 ≤ 0.
 * @throws {ConvergenceError} if the QL iteration does not converge.
 */
export function gaussRuleFromJacobi(alpha: ArrayLike<number>, beta: ArrayLike<number>, mu0: number): { nodes: Float64Array; weights: Float64Array } {
  const m = alpha.length;
  if (m < 1) throw new InvalidParameterError('alpha.length', m, 'at least 1');
  if (beta.length < m - 1) throw new InvalidParameterError('beta.length', beta.length, `at least ${m - 1} (alpha.length − 1)`);
  if (!(mu0 > 0) || !Number.isFinite(mu0)) throw new InvalidParameterError('mu0', mu0, '(0, inf)');
  const d = Float64Array.from(alpha);
  const e = new Float64Array(m);
  for (let k = 0; k + 1 < m; k++) e[k] = beta[k];
  for (let k = 0; k < m; k++) if (!Number.isFinite(d[k]) || !Number.isFinite(e[k])) throw new InvalidParameterError(`jacobi[${k}]`, Number.isFinite(d[k]) ? e[k] : d[k], 'finite numbers');
  const z = new Float64Array(m);
  z[0] = 1;
  tridiagonalQL(d, e, z);
  const order = Array.from({ length: m }, (_, k) => k).sort((i, j) => d[i] - d[j]);
  return { nodes: Float64Array.from(order, (k) => d[k]), weights: Float64Array.from(order, (k) => mu0 * z[k] * z[k]) };
}

/**
 * Uniform rules are cached least-recently-used up to this many nodes in total (2·10⁶ nodes ≈ 32 MB
 * of nodes and weights): callers whose rule size follows a continuous parameter (the LSTM cell
 * quadrature sizes its grid from C) would otherwise grow the cache by one multi-megabyte rule per
 * solve. The most recent rule is always kept, whatever its size.
 */
export const UNIFORM_CACHE_MAX_POINTS = 2_000_000;
const uniformCache = new Map<string, GaussianRule>();
let uniformCachePoints = 0;

/**
 * Uniform-grid (trapezoid) rule on [−L, L] in the standard-normal variable [NUM-2], weights
 * ∝ e^{−x²/2} renormalised to sum 1. Exponentially accurate for smooth integrands and robust for
 * very sharp gate functions (α_z ≥ 40), where Gauss–Hermite needs hundreds of nodes.
 *
 * @param points number of grid points (odd keeps x = 0 on the grid), 3 ≤ points ≤ 10⁷; default 4·10⁵+1.
 * @param halfWidth L, default 12 (mass beyond is < 1e-32).
 */
export function uniformGaussianRule(points = 400001, halfWidth = 12): GaussianRule {
  if (!Number.isInteger(points) || points < 3 || points > 1e7) {
    throw new InvalidParameterError('quadraturePoints', points, 'integers 3..10000000');
  }
  if (!Number.isFinite(halfWidth) || halfWidth <= 0 || halfWidth > 40) {
    throw new InvalidParameterError('quadratureHalfWidth', halfWidth, '(0, 40]');
  }
  const key = `u:${points}:${halfWidth}`;
  const hit = uniformCache.get(key);
  if (hit) {
    uniformCache.delete(key); // most recently used last
    uniformCache.set(key, hit);
    return hit;
  }
  const nodes = new Float64Array(points);
  const weights = new Float64Array(points);
  const h = (2 * halfWidth) / (points - 1);
  let sum = 0;
  for (let i = 0; i < points; i++) {
    const x = -halfWidth + i * h;
    nodes[i] = x;
    const w = Math.exp(-0.5 * x * x);
    weights[i] = w;
    sum += w;
  }
  for (let i = 0; i < points; i++) weights[i] /= sum;
  const rule: GaussianRule = { kind: 'uniform', size: points, nodes, weights, halfWidth };
  uniformCache.set(key, rule);
  uniformCachePoints += points;
  for (const [k, r] of uniformCache) {
    if (uniformCachePoints <= UNIFORM_CACHE_MAX_POINTS || k === key) break;
    uniformCache.delete(k);
    uniformCachePoints -= r.size;
  }
  return rule;
}

/** Quadrature choice as a plain, serialisable object (recorded with every result). */
export type QuadratureSpec =
  | { kind: 'gauss-hermite'; nodes: number }
  | { kind: 'uniform'; points: number; halfWidth: number };

/** Default quadrature: 201-node Gauss–Hermite ([NUM-1]: 121–201 nodes used for the GRU MF). */
export const DEFAULT_QUADRATURE: QuadratureSpec = { kind: 'gauss-hermite', nodes: 201 };

/** Build the rule described by a {@link QuadratureSpec}. */
export function gaussianRule(spec: QuadratureSpec = DEFAULT_QUADRATURE): GaussianRule {
  return spec.kind === 'gauss-hermite'
    ? gaussHermite(spec.nodes)
    : uniformGaussianRule(spec.points, spec.halfWidth);
}

/** ⟨f⟩_Δ = ∫Dx f(mean + √Δ x) with the given rule ([G-5], [NUM-1]). */
export function gaussianAverage(
  f: (x: number) => number,
  variance = 1,
  mean = 0,
  rule: GaussianRule = gaussianRule(),
): number {
  const sd = Math.sqrt(variance);
  const { nodes, weights } = rule;
  let acc = 0;
  for (let k = 0; k < nodes.length; k++) acc += weights[k] * f(mean + sd * nodes[k]);
  return acc;
}

/** The part of a rule where a gate σ(a·x − b) is neither 0 nor 1 in double precision. */
export interface GateWindow {
  /** First node index with a·x − b ≥ −tMax. */
  lo: number;
  /** One past the last node index with a·x − b ≤ tMax. */
  hi: number;
  /** Σ of the weights of nodes with a·x − b > tMax (where σ = 1 exactly in double precision). */
  weightAbove: number;
}

const suffixCache = new WeakMap<GaussianRule, Float64Array>();

/** suffix[k] = Σ_{j ≥ k} weights[j] (summed from the small tail end), cached per rule. */
function suffixWeights(rule: GaussianRule): Float64Array {
  let s = suffixCache.get(rule);
  if (!s) {
    s = new Float64Array(rule.size + 1);
    for (let k = rule.size - 1; k >= 0; k--) s[k] = s[k + 1] + rule.weights[k];
    suffixCache.set(rule, s);
  }
  return s;
}

/**
 * Default half-width of {@link gateWindow} in t = a·x − b. Above it σ(t) = 1/(1 + e^{−t}) is exactly
 * 1 in double precision: 1 + e^{−t} rounds to 1 once e^{−t} ≤ 2^{−53} (half an ulp of 1), i.e. for
 * t ≥ 53·ln 2 ≈ 36.7; 40 is a round value with a margin above that threshold (e^{−40} ≈ 4·10⁻¹⁸,
 * 26× below 2^{−53} ≈ 1.1·10⁻¹⁶, which also absorbs the rounding of `Math.exp`). The callers that
 * sum gate moments over the window (GRU, complexity, gated) share it.
 */
export const GATE_WINDOW_T_MAX = 40;

/**
 * Window of a gate integrand on a rule ([NUM-2], [NUM-4]): for t = a·x − b with a ≥ 0 and the
 * rule's nodes ascending, the node range where |t| ≤ tMax, and the weight above it. For t > tMax = 40
 * σ(t) = 1/(1 + e^{−t}) is exactly 1 in double precision (e^{−t} < e^{−40} < 2^{−53},
 * see {@link GATE_WINDOW_T_MAX}) and σ′ = a·σ(t)σ(−t) ≤ a·e^{−40}; for t < −tMax, σ, σ′/a ≤ e^{−40}.
 * Summing a gate moment ⟨σ²⟩ or ⟨σ′²⟩ over the window and adding `weightAbove` for σ² therefore drops at most a²·e^{−80} ≈ 2e-35·a² in absolute value —
 * and makes the 4·10⁵-point sharp-gate grid cost O(window) ≈ 80/(a·h) points instead of 4·10⁵
 * (found investigating "solveGruMeanField at gate gains ~10³ takes ~10 s": each of the 400 scan
 * points summed the whole grid).
 *
 * @param tMax half-width of the window in t; ≥ 53·ln 2 ≈ 36.7 keeps σ = 1 exact above it
 *   (e^{−t} ≤ 2^{−53}), a few units more leave a margin. Default {@link GATE_WINDOW_T_MAX} = 40.
 */
export function gateWindow(rule: GaussianRule, a: number, b: number, tMax = GATE_WINDOW_T_MAX): GateWindow {
  const { nodes } = rule;
  const n = nodes.length;
  if (!(a > 0) || !Number.isFinite(a) || !Number.isFinite(b)) return { lo: 0, hi: n, weightAbove: 0 };
  const xLo = (b - tMax) / a;
  const xHi = (b + tMax) / a;
  // first index with x ≥ xLo, first index with x > xHi (binary searches on the ascending nodes)
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (nodes[m] < xLo) lo = m + 1;
    else hi = m;
  }
  const first = Math.max(0, lo - 1); // one node of margin against rounding of xLo
  lo = first;
  hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (nodes[m] <= xHi) lo = m + 1;
    else hi = m;
  }
  const end = Math.min(n, lo + 1);
  return { lo: first, hi: end, weightAbove: suffixWeights(rule)[end] };
}
