/**
 * The Jacobian of a network, assembled densely from per-unit partials and the weight matrices
 * (the general form of [GRU-J-1], [LSTM-J-1], [GATE-J-1]):
 * ```
 *   ∂ẋ_v/∂x_w = diag(∂F_v/∂x_w) + Σ_k diag(∂F_v/∂y_k) · dy_k/dx_w
 *   dy_k/dx_w = W_k [ diag(∂p_k/∂x_w) + Σ_m diag(∂p_k/∂y_m) · dy_m/dx_w ]
 * ```
 * For the GRU: J = S[−1 + Φ′U_h(P + D U_r)] + diag(σ′_z F) U_z.
 *
 * Output: dense row-major (nState·N)² Float64Array, state ordered block-wise (row/column v·N + i
 * is state variable v of unit i).
 *
 * Cost: dy_k/dx_w is a column scaling W_k·diag(c) (O(N²)) unless p_k depends on other fields, in
 * which case it is one matrix product W_k·M (O(N³), M formed by row scalings; `matmul`, i.e. the
 * WebAssembly SIMD `gemm` of `@gatefield/numerics`: ≈ 0.2 s of the ≈ 0.25 s assembly of the GRU
 * Jacobian at N = 1000, formerly ≈ 0.8 s of ≈ 1.2 s in a TypeScript loop). Per-unit diagonals
 * that are identically zero (e.g. σ′_r when α_r = 0) are skipped, as are structurally zero blocks.
 *
 * Two sources of per-unit partials ([NUM-11]):
 * - {@link jacobianAtState}: evaluated at the units' actual (x, y) — true-fixed-point mode or any
 *   dynamical state;
 * - {@link iidDiagonalJacobian}: evaluated at given *sites* (x, y), e.g. drawn from the mean-field
 *   law independently of the weights — iid-diagonal mode.
 *
 * @module
 */
import type { Partial as PartialDerivative } from '@gatefield/models';
import { InvalidParameterError } from '@gatefield/numerics';
import { computeFields } from './fields.js';
import { type FlowDefinition, modelFlow } from './fixedPointFlow.js';
import { checkLength } from './layout.js';
import { addScaledRows, isZeroVector, matmul, scaleColumns } from './matmul.js';
import type { Network } from './network.js';

/** Per-unit sites for {@link iidDiagonalJacobian}: block-major like states and fields. */
export interface Sites {
  /** State variables at each site, block-major: `x[v·N + i]` (length N·nState). */
  x: Float64Array;
  /** Fields at each site, block-major: `y[k·N + i]` (length N·nField). */
  y: Float64Array;
}

/**
 * Per-unit partial values (unit-major N × L, `values[i·L + j]` = partialList[j] at unit i) of a
 * flow at block-major sites (x, y).
 */
export function partialValues(network: Network, x: Float64Array, y: Float64Array, flow: FlowDefinition = modelFlow(network.model)): Float64Array {
  const { model, n } = network;
  const nS = model.stateNames.length;
  const nF = model.fieldNames.length;
  const L = flow.partialList.length;
  const values = new Float64Array(n * L);
  const xi = new Float64Array(nS), yi = new Float64Array(nF), out = new Float64Array(L);
  const params = network.params.vector;
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < nS; v++) xi[v] = x[v * n + i];
    for (let k = 0; k < nF; k++) yi[k] = y[k * n + i];
    flow.partials(xi, yi, params, out);
    values.set(out, i * L);
  }
  return values;
}

/**
 * Assemble the dense Jacobian from per-unit partial values.
 *
 * @param values unit-major N × L: `values[i·L + j]` is `partialList[j]` at unit i.
 * @param partialList the partials the columns of `values` hold; default the model's.
 */
export function assembleJacobian(
  network: Network,
  values: Float64Array,
  partialList: readonly PartialDerivative[] = network.model.partialList,
): Float64Array {
  const { model, n } = network;
  const nS = model.stateNames.length;
  const nF = model.fieldNames.length;
  const L = partialList.length;
  checkLength('partial values', values, n * L);
  // Column j of `values` as a vector over units, or null if identically zero.
  const column = (j: number): Float64Array | null => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = values[i * L + j];
    return isZeroVector(c) ? null : c;
  };
  const rhsX: (Float64Array | null)[][] = grid(nS, nS);
  const rhsY: (Float64Array | null)[][] = grid(nS, nF);
  const preX: (Float64Array | null)[][] = grid(nF, nS);
  const preY: (Float64Array | null)[][] = grid(nF, nF);
  partialList.forEach((q, j) => {
    const nOf = q.kind === 'rhs' ? nS : nF;
    const nWrt = q.wrt === 'x' ? nS : nF;
    if (!(q.of >= 0 && q.of < nOf && q.index >= 0 && q.index < nWrt)) {
      throw new InvalidParameterError('partialList', JSON.stringify(q), `partials of model ${model.name}`);
    }
    const target = q.kind === 'rhs' ? (q.wrt === 'x' ? rhsX : rhsY) : q.wrt === 'x' ? preX : preY;
    const c = column(j);
    if (c) target[q.of][q.index] = c;
  });

  const size = nS * n;
  const jac = new Float64Array(size * size);
  for (let w = 0; w < nS; w++) {
    // G[k] = dy_k/dx_w (N×N row-major) or null if zero.
    const G: (Float64Array | null)[] = new Array(nF).fill(null);
    for (const k of model.fieldOrder) {
      const c = preX[k][w];
      const deps = model.fieldNames.map((_, m) => m).filter((m) => preY[k][m] !== null && G[m] !== null);
      if (deps.length === 0) {
        // W_k·diag(c); when c ≡ 1 (e.g. ξ = U_z h) W_k itself — G is only ever read.
        G[k] = c ? (c.every((v) => v === 1) ? network.weights[k] : scaleColumns(network.weights[k], c, n, n)) : null;
        continue;
      }
      // M = diag(c) + Σ_m diag(d_km) G_m, then G_k = W_k · M.
      const M = new Float64Array(n * n);
      for (const m of deps) addScaledRows(M, n, 0, 0, preY[k][m]!, G[m]!, n);
      if (c) for (let i = 0; i < n; i++) M[i * n + i] += c[i];
      G[k] = matmul(network.weights[k], M, n, n, n);
    }
    for (let v = 0; v < nS; v++) {
      const a = rhsX[v][w];
      if (a) for (let i = 0; i < n; i++) jac[(v * n + i) * size + w * n + i] += a[i];
      for (let k = 0; k < nF; k++) {
        const b = rhsY[v][k];
        const g = G[k];
        if (b && g) addScaledRows(jac, size, v * n, w * n, b, g, n);
      }
    }
  }
  return jac;
}

/** Options of {@link jacobianAtState} and {@link iidDiagonalJacobian}. */
export interface JacobianOptions {
  /** Flow whose Jacobian is assembled; default the model's full gated rhs ({@link modelFlow}). */
  flow?: FlowDefinition;
}

/**
 * Jacobian of the network's flow at a state (block-major, length N·nState): the per-unit partials
 * are evaluated at each unit's own (x_i, y_i) with y = fields(x).
 */
export function jacobianAtState(network: Network, state: Float64Array, options: JacobianOptions = {}): Float64Array {
  const flow = options.flow ?? modelFlow(network.model);
  checkLength('state', state, network.n * network.model.stateNames.length);
  const y = computeFields(network, state);
  return assembleJacobian(network, partialValues(network, state, y, flow), flow.partialList);
}

/**
 * iid-diagonal Jacobian ([NUM-11] mode 1): the per-unit partials are evaluated at the given sites
 * (x, y) — block-major, `sites.x[v·N + i]`, `sites.y[k·N + i]` — which need not be consistent with
 * the weights (y ≠ W p(x) in general; e.g. sites drawn from the mean-field law), then assembled with
 * the network's matrices. Passing a state and its fields reproduces {@link jacobianAtState}.
 *
 * @throws {InvalidParameterError} if a site array has the wrong length or a non-finite entry.
 */
export function iidDiagonalJacobian(network: Network, sites: Sites, options: JacobianOptions = {}): Float64Array {
  const flow = options.flow ?? modelFlow(network.model);
  const { n, model } = network;
  checkLength('sites.x', sites.x, n * model.stateNames.length);
  checkLength('sites.y', sites.y, n * model.fieldNames.length);
  return assembleJacobian(network, partialValues(network, sites.x, sites.y, flow), flow.partialList);
}

function grid(r: number, c: number): (Float64Array | null)[][] {
  return Array.from({ length: r }, () => new Array<Float64Array | null>(c).fill(null));
}
