/**
 * The GRU mean-field site law ([GRU-MF-1]) as weighted site samples, with every site quantity
 * evaluated by the model spec's compiled kernels (so the theory and the simulator read the same
 * definition of s, ρ, φ′ and the Jacobian factors of [GRU-J-2]).
 *
 * ```
 * ξ, ζ ~ N(0, C),  η ~ N(β_h, Δ_η),  independent;  h = φ(η)   (fixed point: F = 0)
 * s = σ(ξ; α_z, β_z),  ρ = σ(ζ; α_r, β_r),  l = s φ′(η) = ∂F/∂η,  d = h σ′_r(ζ) = ∂p_η/∂ζ
 * ```
 * Two representations ([NUM-11], [OQ-9]):
 * - {@link gruQuadratureSites}: a tensor product of 1-D rules (deterministic), fed to the density
 *   layer (SCBA, Ψ-formula). The ξ-rule switches to equal-probability (quantile) nodes when the
 *   update gate is sharp, because the mass near λ = 0 is set by the law of s near 0, which
 *   Gauss–Hermite with a few dozen nodes cannot resolve.
 * - {@link sampleGruSites}: N iid sites drawn from the law (the iid-diagonal ensemble, [NUM-11] mode 1).
 */
import { checkInteger, gaussHermite, normalCdf, normalQuantile, type Rng } from '@gatefield/numerics';
import { gaussLegendre } from '../complexity/legendre.js';
import { type CompiledModel, getModel } from '@gatefield/models';
import type { GruMeanFieldRoot, GruParameters } from './meanField.js';

/** Weighted GRU sites: every array has one entry per site; weights sum to 1. */
export interface GruMeanFieldSites {
  weights: Float64Array;
  xi: Float64Array;
  zeta: Float64Array;
  eta: Float64Array;
  h: Float64Array;
  /** update rate s = −∂F/∂h */
  s: Float64Array;
  /** reset gate ρ = ∂p_η/∂h */
  rho: Float64Array;
  phiPrime: Float64Array;
  /** l = s φ′ = ∂F/∂η */
  l: Float64Array;
  /** d = h σ′_r = ∂p_η/∂ζ (reset-derivative factor) */
  d: Float64Array;
}

/** Options of {@link gruQuadratureSites}. */
export interface GruSiteQuadratureOptions {
  /** Gauss–Hermite nodes in ξ when α_z√C ≤ 3. Default 40. */
  xiNodes?: number;
  /**
   * Equal-probability nodes in ξ when α_z√C > 3. Default 200: the law of s is then resolved to
   * 1/400 in probability, well below the counting noise ~1e-2 of finite-N masses ([NUM-14]).
   */
  xiQuantileNodes?: number;
  /** Gauss–Hermite nodes in ζ (reset) when α_r√C ≤ 3. Default 16. */
  zetaNodes?: number;
  /**
   * Gauss–Legendre nodes across the reset-gate window |α_r ζ − β_r| ≤ 12 when α_r√C > 3 (outside it
   * ρ is constant to e^{−12} and 4 quantile nodes per side suffice). Default 24: the spike of
   * σ′_r = α_r σ(1 − σ), of width 1/α_r in ζ, carries the reset-derivative term C·Q_r of Γ² and
   * falls between Gauss–Hermite nodes at large α_r.
   */
  zetaGateNodes?: number;
  /**
   * Gauss–Hermite nodes in η. Default 32: ⟨tanh²⟩ at Var η ≈ 2 has error 9e-4 with 16 nodes,
   * 2e-4 with 24 and 4e-5 with 32 (measured at g_h = 2.5, β_h = 2, α_r = 4).
   */
  etaNodes?: number;
}

/** Defaults of {@link GruSiteQuadratureOptions}. */
export const DEFAULT_SITE_QUADRATURE: Required<GruSiteQuadratureOptions> = { xiNodes: 40, xiQuantileNodes: 200, zetaNodes: 16, zetaGateNodes: 24, etaNodes: 32 };

/**
 * Standard-normal rule for a sharp gate σ(g x − β), g > 3: Gauss–Legendre (× the normal density)
 * on the window |g x − β| ≤ 12 and 4 equal-probability nodes on each side. Weights sum to 1.
 */
function sharpGateRule(g: number, beta: number, windowNodes: number): { nodes: Float64Array; weights: Float64Array } {
  const x0 = beta / g;
  const half = 12 / g;
  const a = x0 - half;
  const b = x0 + half;
  const pLeft = normalCdf(a);
  const pRight = normalCdf(-b);
  const nodes: number[] = [];
  const weights: number[] = [];
  const side = 4;
  for (let k = 0; k < side; k++) {
    if (pLeft > 0) {
      nodes.push(normalQuantile((pLeft * (k + 0.5)) / side));
      weights.push(pLeft / side);
    }
    if (pRight > 0) {
      nodes.push(-normalQuantile((pRight * (k + 0.5)) / side));
      weights.push(pRight / side);
    }
  }
  const gl = gaussLegendre(windowNodes);
  for (let k = 0; k < gl.nodes.length; k++) {
    const x = x0 + half * gl.nodes[k];
    const w = (half * gl.weights[k] * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
    if (w > 0) {
      nodes.push(x);
      weights.push(w);
    }
  }
  let total = 0;
  for (const w of weights) total += w;
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights, (w) => w / total) };
}

/** Fill the spec-derived site quantities for sites given by (ξ, ζ, η) with h = φ(η). */
function evaluateSites(model: CompiledModel, p: Float64Array, xi: Float64Array, zeta: Float64Array, eta: Float64Array, weights: Float64Array): GruMeanFieldSites {
  const n = xi.length;
  const out: GruMeanFieldSites = {
    weights,
    xi,
    zeta,
    eta,
    h: new Float64Array(n),
    s: new Float64Array(n),
    rho: new Float64Array(n),
    phiPrime: new Float64Array(n),
    l: new Float64Array(n),
    d: new Float64Array(n),
  };
  const iS = model.observableNames.indexOf('s');
  const iRho = model.observableNames.indexOf('rho');
  const iPhi = model.observableNames.indexOf('phi');
  const iPhiP = model.observableNames.indexOf('phiPrime');
  const iL = model.partialIndex('rhs', 'h', 'eta');
  const iD = model.partialIndex('pre', 'eta', 'zeta');
  const x = new Float64Array(1);
  const y = new Float64Array(3);
  const obs = new Float64Array(model.observableNames.length);
  const par = new Float64Array(model.partialList.length);
  for (let i = 0; i < n; i++) {
    y[0] = xi[i];
    y[1] = zeta[i];
    y[2] = eta[i];
    x[0] = 0;
    model.observables(x, y, p, obs);
    x[0] = obs[iPhi]; // fixed point: h = φ(η)
    model.partials(x, y, p, par);
    out.h[i] = x[0];
    out.s[i] = obs[iS];
    out.rho[i] = obs[iRho];
    out.phiPrime[i] = obs[iPhiP];
    out.l[i] = par[iL];
    out.d[i] = iD >= 0 ? par[iD] : 0;
  }
  return out;
}

/** Deterministic tensor-product sites of the MF law at a root ([GRU-MF-1]). */
export function gruQuadratureSites(root: Pick<GruMeanFieldRoot, 'C' | 'deltaEta'>, params: GruParameters, options: GruSiteQuadratureOptions = {}): GruMeanFieldSites {
  const model = getModel('gru');
  const p = model.resolve(params as unknown as Record<string, number>).vector;
  const sdC = Math.sqrt(root.C);
  const sharp = params.alpha_z * sdC > 3;
  let xiNodes: Float64Array;
  let xiW: Float64Array;
  if (sharp) {
    const m = checkInteger('xiQuantileNodes', options.xiQuantileNodes ?? DEFAULT_SITE_QUADRATURE.xiQuantileNodes, 2, 1e5);
    xiNodes = new Float64Array(m);
    xiW = new Float64Array(m).fill(1 / m);
    for (let k = 0; k < m; k++) xiNodes[k] = sdC * normalQuantile((k + 0.5) / m);
  } else {
    const r = gaussHermite(checkInteger('xiNodes', options.xiNodes ?? DEFAULT_SITE_QUADRATURE.xiNodes, 1, 1000));
    xiNodes = r.nodes.map((v) => sdC * v);
    xiW = r.weights;
  }
  const rz = gaussHermite(checkInteger('zetaNodes', options.zetaNodes ?? DEFAULT_SITE_QUADRATURE.zetaNodes, 1, 1000));
  const re = gaussHermite(checkInteger('etaNodes', options.etaNodes ?? DEFAULT_SITE_QUADRATURE.etaNodes, 1, 1000));
  const sdEta = Math.sqrt(root.deltaEta);
  // Collapse dimensions that carry no spread (C = 0 or α_r = 0 keep one node where possible).
  const sharpReset = params.alpha_r * sdC > 3;
  const zetaGateNodes = checkInteger('zetaGateNodes', options.zetaGateNodes ?? DEFAULT_SITE_QUADRATURE.zetaGateNodes, 2, 1000);
  const zetaN = root.C === 0 || params.alpha_r === 0
    ? { nodes: Float64Array.of(0), weights: Float64Array.of(1) }
    : sharpReset ? sharpGateRule(params.alpha_r * sdC, params.beta_r, zetaGateNodes) : { nodes: rz.nodes, weights: rz.weights };
  const etaN = root.deltaEta === 0 ? { nodes: Float64Array.of(0), weights: Float64Array.of(1) } : { nodes: re.nodes, weights: re.weights };
  const xiN = root.C === 0 || params.alpha_z === 0 ? { nodes: Float64Array.of(0), weights: Float64Array.of(1) } : { nodes: xiNodes, weights: xiW };
  const total = xiN.nodes.length * zetaN.nodes.length * etaN.nodes.length;
  const xi = new Float64Array(total);
  const zeta = new Float64Array(total);
  const eta = new Float64Array(total);
  const w = new Float64Array(total);
  let i = 0;
  for (let a = 0; a < xiN.nodes.length; a++) {
    for (let b = 0; b < zetaN.nodes.length; b++) {
      for (let c = 0; c < etaN.nodes.length; c++) {
        xi[i] = xiN.nodes[a];
        zeta[i] = sdC * zetaN.nodes[b];
        eta[i] = params.beta_h + sdEta * etaN.nodes[c];
        w[i] = xiN.weights[a] * zetaN.weights[b] * etaN.weights[c];
        i++;
      }
    }
  }
  return evaluateSites(model, p, xi, zeta, eta, w);
}

/** N iid sites from the MF law at a root: the iid-diagonal ensemble [NUM-11] mode 1. */
export function sampleGruSites(root: Pick<GruMeanFieldRoot, 'C' | 'deltaEta'>, params: GruParameters, n: number, rng: Rng): GruMeanFieldSites {
  checkInteger('n', n, 1, 1e8);
  const model = getModel('gru');
  const p = model.resolve(params as unknown as Record<string, number>).vector;
  const sdC = Math.sqrt(root.C);
  const xi = rng.derive('site-xi').normals(n, sdC);
  const zeta = rng.derive('site-zeta').normals(n, sdC);
  const eta = rng.derive('site-eta').normals(n, Math.sqrt(root.deltaEta), params.beta_h);
  return evaluateSites(model, p, xi, zeta, eta, new Float64Array(n).fill(1 / n));
}
