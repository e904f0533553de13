/**
 * Discrete-time (Cho / PyTorch convention) state-to-state Jacobians of the GRU and the LSTM, and
 * the map of continuous-time GRU predictions to discrete time ([G-8], [OQ-8]).
 *
 * GRU [GRU-J-5]: the discrete update h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ ([GRU-M-1], z = 1 − s) is one
 * Euler step of unit size of the continuous flow ḣ = F(h) = s ⊙ (−h + φ(η)) ([GRU-M-2]):
 * h_t = h_{t−1} + F(h_{t−1}). Hence ∂h_t/∂h_{t−1} = 1 + J(h_{t−1}) at EVERY state (not only at fixed
 * points), and every eigenvalue maps as μ = 1 + λ.
 *
 * LSTM [LSTM-J-3]: the discrete cell ([LSTM-M-1])
 * ```
 * f, i, o = σ(U h_{t−1}) (gains and biases as in the spec),  c_t = f ⊙ c_{t−1} + i ⊙ φ(U_c h_{t−1} + β_c),  h_t = o ⊙ φ(c_t)
 * ∂c_t/∂c_{t−1} = F,   ∂c_t/∂h_{t−1} = M := B_f U_f + B_i U_i + B_c U_c   (B_f with c_{t−1})
 * ∂h_t/∂h_{t−1} = A U_o + D_c M,   ∂h_t/∂c_{t−1} = D_c F                 (A, D_c with c_t)
 * ```
 * is not an Euler step of [LSTM-M-2] (h_t is set algebraically from c_t, and ∂h_t/∂h_{t−1} contains
 * the product D_c M), so its spectrum is not a shift of the continuous one: {@link toDiscreteTime}
 * refuses LSTM predictions.
 *
 * Networks: these functions take any object with the shape of `@gatefield/sim`'s `Network`
 * ({@link DenseNetworkLike}: compiled model, N, packed parameters, one row-major N×N matrix and one
 * bias per field) — the theory package does not depend on the simulator, so the shape is declared
 * here. Every site quantity comes from the model's compiled kernels (the LSTM factors B_f, B_i,
 * B_c, A, D_c are partials of the continuous rhs [LSTM-J-2], evaluated at the states named above).
 * States are block-major (state[v·N + i]); matrices dense row-major in the same block order.
 */
import { InvalidParameterError } from '@gatefield/numerics';
import type { CompiledModel } from '@gatefield/models';
import type { GruPrediction } from './gru/predict.js';
import type { LstmPrediction } from './lstm/predict.js';

/** The shape of a finite network (structurally `@gatefield/sim`'s `Network`). */
export interface DenseNetworkLike {
  readonly model: CompiledModel;
  readonly n: number;
  readonly params: { readonly vector: Float64Array };
  /** Row-major N×N matrix of each field (index = field index). */
  readonly weights: readonly Float64Array[];
  /** Constant bias of each field. */
  readonly bias: Float64Array;
}

function checkState(net: DenseNetworkLike, state: Float64Array): void {
  const len = net.n * net.model.stateNames.length;
  if (!(state instanceof Float64Array) || state.length !== len) {
    throw new InvalidParameterError('state.length', state instanceof Float64Array ? state.length : typeof state, `a Float64Array of length ${len}`);
  }
  for (let j = 0; j < len; j++) if (!Number.isFinite(state[j])) throw new InvalidParameterError(`state[${j}]`, state[j], 'finite numbers');
}

/** Fields y_k = W_k p_k(x, y) + bias_k of a network at a state (block-major, in field order). */
export function networkFields(net: DenseNetworkLike, state: Float64Array): Float64Array {
  checkState(net, state);
  const { model, n } = net;
  const nS = model.stateNames.length;
  const nF = model.fieldNames.length;
  const y = new Float64Array(nF * n);
  const xi = new Float64Array(nS);
  const yi = new Float64Array(nF);
  const pi = new Float64Array(nF);
  const pre = new Float64Array(n);
  for (const k of model.fieldOrder) {
    for (let i = 0; i < n; i++) {
      for (let v = 0; v < nS; v++) xi[v] = state[v * n + i];
      for (let m = 0; m < nF; m++) yi[m] = y[m * n + i];
      model.presynaptic(xi, yi, net.params.vector, pi);
      pre[i] = pi[k];
    }
    const W = net.weights[k];
    for (let i = 0; i < n; i++) {
      let s = net.bias[k];
      const row = i * n;
      for (let j = 0; j < n; j++) s += W[row + j] * pre[j];
      y[k * n + i] = s;
    }
  }
  return y;
}

/** Per-unit partial values (unit-major N × L) of the model at (state, fields). */
function partials(net: DenseNetworkLike, state: Float64Array, y: Float64Array): Float64Array {
  const { model, n } = net;
  const nS = model.stateNames.length;
  const nF = model.fieldNames.length;
  const L = model.partialList.length;
  const out = new Float64Array(n * L);
  const xi = new Float64Array(nS);
  const yi = new Float64Array(nF);
  const o = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < nS; v++) xi[v] = state[v * n + i];
    for (let k = 0; k < nF; k++) yi[k] = y[k * n + i];
    model.partials(xi, yi, net.params.vector, o);
    out.set(o, i * L);
  }
  return out;
}

/**
 * Dense Jacobian of the continuous flow dx/dt = F(x, y(x)) at a state (the general form of
 * [GRU-J-1], [LSTM-J-1]: ∂ẋ_v/∂x_w = diag(∂F_v/∂x_w) + Σ_k diag(∂F_v/∂y_k) dy_k/dx_w,
 * dy_k/dx_w = W_k[diag(∂p_k/∂x_w) + Σ_m diag(∂p_k/∂y_m) dy_m/dx_w]), (nState·N)² row-major.
 */
export function continuousJacobian(net: DenseNetworkLike, state: Float64Array): Float64Array {
  checkState(net, state);
  const { model, n } = net;
  const nS = model.stateNames.length;
  const nF = model.fieldNames.length;
  const L = model.partialList.length;
  const y = networkFields(net, state);
  const pv = partials(net, state, y);
  const col = (j: number) => Float64Array.from({ length: n }, (_, i) => pv[i * L + j]);
  const size = nS * n;
  const jac = new Float64Array(size * size);
  for (let w = 0; w < nS; w++) {
    const G: (Float64Array | null)[] = new Array(nF).fill(null);
    for (const k of model.fieldOrder) {
      // M = diag(∂p_k/∂x_w) + Σ_m diag(∂p_k/∂y_m) G_m;  G_k = W_k M (W_k·diag(d) when M is diagonal)
      const d = new Float64Array(n);
      let M: Float64Array | null = null;
      let any = false;
      model.partialList.forEach((q, j) => {
        if (q.kind !== 'pre' || q.of !== k) return;
        const c = col(j);
        if (q.wrt === 'x' && q.index === w) {
          for (let i = 0; i < n; i++) d[i] += c[i];
          any = true;
        } else if (q.wrt === 'y' && G[q.index]) {
          const Gm = G[q.index] as Float64Array;
          M ??= new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let jj = 0; jj < n; jj++) M[i * n + jj] += c[i] * Gm[i * n + jj];
          any = true;
        }
      });
      if (!any) continue;
      const W = net.weights[k];
      const Gk = new Float64Array(n * n);
      if (M === null) {
        for (let i = 0; i < n; i++) for (let jj = 0; jj < n; jj++) Gk[i * n + jj] = W[i * n + jj] * d[jj];
      } else {
        const Mf = M as Float64Array;
        for (let i = 0; i < n; i++) Mf[i * n + i] += d[i];
        for (let i = 0; i < n; i++) {
          for (let l = 0; l < n; l++) {
            const a = W[i * n + l];
            if (a === 0) continue;
            const rowM = l * n;
            const rowG = i * n;
            for (let jj = 0; jj < n; jj++) Gk[rowG + jj] += a * Mf[rowM + jj];
          }
        }
      }
      G[k] = Gk;
    }
    model.partialList.forEach((q, j) => {
      if (q.kind !== 'rhs') return;
      const v = q.of;
      const c = col(j);
      if (q.wrt === 'x' && q.index === w) {
        for (let i = 0; i < n; i++) jac[(v * n + i) * size + w * n + i] += c[i];
      } else if (q.wrt === 'y' && G[q.index]) {
        const Gk = G[q.index] as Float64Array;
        for (let i = 0; i < n; i++) {
          const r = (v * n + i) * size + w * n;
          for (let jj = 0; jj < n; jj++) jac[r + jj] += c[i] * Gk[i * n + jj];
        }
      }
    });
  }
  return jac;
}

function requireGru(net: DenseNetworkLike): void {
  if (net.model.stateNames.length !== 1 || !net.model.name.startsWith('gru')) {
    throw new InvalidParameterError('network.model', net.model.name, 'a GRU network (model gru or gru-reset-after)');
  }
}

/**
 * One discrete GRU step (Cho convention with the rate s = 1 − z, [GRU-M-1], [GRU-M-2]):
 * h_t = h_{t−1} + s ⊙ (−h_{t−1} + φ(η)) = h_{t−1} + F(h_{t−1}).
 */
export function gruDiscreteStep(net: DenseNetworkLike, state: Float64Array): Float64Array {
  requireGru(net);
  checkState(net, state);
  const { model, n } = net;
  const y = networkFields(net, state);
  const out = new Float64Array(n);
  const xi = new Float64Array(1);
  const yi = new Float64Array(model.fieldNames.length);
  const f = new Float64Array(1);
  for (let i = 0; i < n; i++) {
    xi[0] = state[i];
    for (let k = 0; k < yi.length; k++) yi[k] = y[k * n + i];
    model.rhs(xi, yi, net.params.vector, f);
    out[i] = state[i] + f[0];
  }
  return out;
}

/**
 * [GRU-J-5] — ∂h_t/∂h_{t−1} = 1 + J(h_{t−1}) (N×N, row-major), J the continuous-time Jacobian of the
 * gated flow [GRU-J-1] at the state; its eigenvalues are μ = 1 + λ.
 */
export function gruDiscreteJacobian(net: DenseNetworkLike, state: Float64Array): Float64Array {
  requireGru(net);
  const J = continuousJacobian(net, state);
  for (let i = 0; i < net.n; i++) J[i * net.n + i] += 1;
  return J;
}

/** Kernel indices of the LSTM factors (relaxation spec, [LSTM-J-2]). */
function lstmIndices(net: DenseNetworkLike) {
  const m = net.model;
  const ok = m.name === 'lstm' && m.stateNames.join() === 'h,c' && m.fieldNames.join() === 'u_f,u_i,u_o,u_c';
  if (!ok) throw new InvalidParameterError('network.model', m.name, 'an LSTM network of the relaxation spec (model lstm: state h, c; fields u_f, u_i, u_o, u_c)');
  const o = (name: string) => m.observableNames.indexOf(name);
  const d = (of: string, wrt: string) => m.partialIndex('rhs', of, wrt);
  return { f: o('f'), i: o('i'), o: o('o'), A: d('h', 'u_o'), Dc: d('h', 'c'), Bf: d('c', 'u_f'), Bi: d('c', 'u_i'), Bc: d('c', 'u_c') };
}

/** Per-unit LSTM factors of one discrete step (module comment). */
interface LstmStepFactors {
  cNext: Float64Array;
  hNext: Float64Array;
  F: Float64Array;
  A: Float64Array;
  Dc: Float64Array;
  Bf: Float64Array;
  Bi: Float64Array;
  Bc: Float64Array;
}

function lstmStepFactors(net: DenseNetworkLike, state: Float64Array): LstmStepFactors {
  const idx = lstmIndices(net);
  checkState(net, state);
  const { model, n } = net;
  const y = networkFields(net, state);
  const p = net.params.vector;
  const out: LstmStepFactors = {
    cNext: new Float64Array(n),
    hNext: new Float64Array(n),
    F: new Float64Array(n),
    A: new Float64Array(n),
    Dc: new Float64Array(n),
    Bf: new Float64Array(n),
    Bi: new Float64Array(n),
    Bc: new Float64Array(n),
  };
  const x = new Float64Array(2);
  const yi = new Float64Array(4);
  const obs = new Float64Array(model.observableNames.length);
  const par = new Float64Array(model.partialList.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 4; k++) yi[k] = y[k * n + i];
    const cPrev = state[n + i];
    // gates and B's at (h_{t−1}, c_{t−1})
    x[0] = state[i];
    x[1] = cPrev;
    model.observables(x, yi, p, obs);
    model.partials(x, yi, p, par);
    const f = obs[idx.f];
    const ig = obs[idx.i];
    out.F[i] = f;
    out.Bf[i] = par[idx.Bf];
    out.Bi[i] = par[idx.Bi];
    out.Bc[i] = par[idx.Bc];
    const cNext = f * cPrev + ig * Math.tanh(yi[3]);
    out.cNext[i] = cNext;
    // A, D_c at c_t
    x[1] = cNext;
    model.observables(x, yi, p, obs);
    model.partials(x, yi, p, par);
    out.A[i] = par[idx.A];
    out.Dc[i] = par[idx.Dc];
    out.hNext[i] = obs[idx.o] * Math.tanh(cNext);
  }
  return out;
}

/** One step of the discrete LSTM [LSTM-M-1]: (h_{t−1}, c_{t−1}) → (h_t, c_t), block-major. */
export function lstmDiscreteStep(net: DenseNetworkLike, state: Float64Array): Float64Array {
  const s = lstmStepFactors(net, state);
  const out = new Float64Array(2 * net.n);
  out.set(s.hNext, 0);
  out.set(s.cNext, net.n);
  return out;
}

/**
 * [LSTM-J-3] — ∂(h_t, c_t)/∂(h_{t−1}, c_{t−1}) at a state, 2N×2N row-major, block order (h, c):
 * [[A U_o + D_c M, D_c F], [M, F]], M = B_f U_f + B_i U_i + B_c U_c.
 */
export function lstmDiscreteJacobian(net: DenseNetworkLike, state: Float64Array): Float64Array {
  const s = lstmStepFactors(net, state);
  const n = net.n;
  const size = 2 * n;
  const [Uf, Ui, Uo, Uc] = net.weights;
  const J = new Float64Array(size * size);
  for (let i = 0; i < n; i++) {
    const rowH = i * size;
    const rowC = (n + i) * size;
    const bf = s.Bf[i];
    const bi = s.Bi[i];
    const bc = s.Bc[i];
    const a = s.A[i];
    const dc = s.Dc[i];
    for (let j = 0; j < n; j++) {
      const m = bf * Uf[i * n + j] + bi * Ui[i * n + j] + bc * Uc[i * n + j];
      J[rowC + j] = m;
      J[rowH + j] = a * Uo[i * n + j] + dc * m;
    }
    J[rowC + n + i] = s.F[i];
    J[rowH + n + i] = dc * s.F[i];
  }
  return J;
}

/** A continuous-time GRU prediction mapped to the discrete map (μ = 1 + λ, [GRU-J-5]). */
export interface DiscreteTimeGruPrediction {
  model: 'gru';
  time: 'discrete';
  convention: 'Cho/PyTorch, Δt = 1: ∂h_t/∂h_{t−1} = 1 + J, μ = 1 + λ [GRU-J-5]';
  /** Support boundary in μ (every point shifted by +1). */
  boundary: [number, number][];
  /** Rightmost real part of the support, 1 + abscissa (μ = 1 is marginal, [G-8]). */
  rightmost: number;
  /** Leftmost real part, 1 + leftEdge. */
  leftmost: number;
  /** The real segment 1 − supp(s) ⊂ [0, 1] (image of −supp(s)). */
  segment: [number, number];
  /** Spectral radius max|μ| over the boundary and the segment: the discrete map is stable iff < 1. */
  spectralRadius: number;
  /** spectralRadius < 1. */
  stable: boolean;
  /** The rightmost point is μ = 1 (abscissa 0: marginal stability / slow modes, [GRU-LIM-8]). */
  marginal: boolean;
  /** Disk masses with centres shifted by +1 (masses unchanged, fraction of the N eigenvalues). */
  masses: GruPrediction['masses'];
  massNormalisation: GruPrediction['massNormalisation'];
}

/**
 * Map a continuous-time prediction to discrete time ([G-8], [OQ-8]). For the GRU every eigenvalue
 * maps as μ = 1 + λ ([GRU-J-5]): boundary, edges, segment and disk centres shift by +1, masses are
 * unchanged, and the discrete spectral radius is max|1 + λ| over the support. For the LSTM no such
 * map exists ([LSTM-J-3]): throws InvalidParameterError explaining why and what to use instead.
 */
export function toDiscreteTime(prediction: GruPrediction | LstmPrediction): DiscreteTimeGruPrediction {
  if (prediction.model === 'lstm') {
    throw new InvalidParameterError(
      'prediction.model',
      'lstm',
      'a GRU prediction',
      'no continuous-to-discrete map exists for the LSTM: its discrete Jacobian [LSTM-J-3] is [[A U_o + D_c M, D_c F], [M, F]] (h_t is set from c_t, not relaxed), not 1 + J of [LSTM-J-1], so the spectrum is not a shift of the continuous one; assemble the discrete Jacobian with lstmDiscreteJacobian and take its eigenvalues',
    );
  }
  if (prediction.model !== 'gru') {
    throw new InvalidParameterError('prediction.model', (prediction as { model?: unknown }).model, "'gru' or 'lstm'");
  }
  const s = prediction.support;
  const boundary = s.boundary.map(([x, y]) => [1 + x, y] as [number, number]);
  const segment: [number, number] = [1 + s.segment[0], 1 + s.segment[1]];
  let spectralRadius = Math.max(Math.abs(segment[0]), Math.abs(segment[1]), Math.abs(1 + s.abscissa), Math.abs(1 + s.leftEdge));
  for (const [x, y] of boundary) spectralRadius = Math.max(spectralRadius, Math.hypot(x, y));
  return {
    model: 'gru',
    time: 'discrete',
    convention: 'Cho/PyTorch, Δt = 1: ∂h_t/∂h_{t−1} = 1 + J, μ = 1 + λ [GRU-J-5]',
    boundary,
    rightmost: 1 + s.abscissa,
    leftmost: 1 + s.leftEdge,
    segment,
    spectralRadius,
    stable: spectralRadius < 1,
    marginal: s.abscissa === 0,
    masses: prediction.masses.map((m) => ({ ...m, re: m.re + 1 })),
    massNormalisation: prediction.massNormalisation,
  };
}
