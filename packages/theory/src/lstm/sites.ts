/**
 * The LSTM mean-field site law ([LSTM-MF-1], [LSTM-MF-2]) as weighted site samples, with every site
 * quantity evaluated by the model spec's compiled kernels (so that the theory and the simulator
 * read the same definition of the gates, of c* and of the Jacobian factors of [LSTM-J-2]).
 *
 * ```
 * u_f, u_i, u_o ~ N(0, C),  u_c ~ N(β_c, g_c² C)  independent;   c = i φ(u_c)/(1 − f),  h = o φ(c)
 * A = φ(c)σ′_o = ∂ḣ/∂u_o,   D_c = oφ′(c) = ∂ḣ/∂c,   1 − f = −∂ċ/∂c,
 * B_f = cσ′_f = ∂ċ/∂u_f,    B_i = φ(u_c)σ′_i = ∂ċ/∂u_i,   B_c = iφ′(u_c) = ∂ċ/∂u_c
 * X = A²,   Y = D_c² Q_B,   Q_B = B_f² + B_i² + g_c² B_c²                      ([LSTM-RMT-2])
 * ```
 * (c* and h* are the spec's observables `cStar` and `hStar`; the factors are its compiled partials
 * at (x, y) = ((h*, c*), (u_f, u_i, u_o, u_c))).
 *
 * Three representations ([NUM-11], [OQ-9]):
 * - {@link lstmQuadratureSites}: deterministic sites for the density layer, a randomly shifted
 *   rank-1 lattice rule (quasi-Monte Carlo) in the four standard-normal variables.
 *   Why not a tensor Gauss–Hermite rule as for the GRU: inside the bulk every site contributes an
 *   "island" with a sharp rim to the density (e.g. around −1 the term ½w_i(λ̄+1)/(|λ+1|² + r_i′²),
 *   a uniform disk of radius r_i′, [LSTM-RMT-4] with density.ts), so a disk mass is a kinked
 *   functional of the site law, and a product rule with few distinct values per variable converges
 *   erratically: measured at the [LSTM-REF-1] parameters, the mass of |λ + 1| ≤ 0.3 moved by
 *   ±0.004 between 4×4, 8×8 and 12×12 nodes in (u_i, u_o) (up to 3·10⁵ sites), and the mass of
 *   |λ + 1 − 0.3i| ≤ 0.2 by 10 %. A lattice gives n distinct values in every variable; with
 *   n = 16384 the seven [LSTM-REF-1] masses agree within 2e-4 across shifts and with n = 65536.
 * - {@link sampleLstmSites}: N iid sites drawn from the law (the iid-diagonal ensemble, [NUM-11]
 *   mode 1); {@link lstmSitesFromFields}: the empirical sites of given fields.
 *
 * Numerical guard: when 1 − f underflows (α_f u_f − β_f > 745) c* = iφ(u_c)/(1 − f) is ±∞; it is
 * clamped to ±1e300, where every site quantity that matters is saturated (φ(c) = ±1, φ′(c) = 0,
 * so Y = 0 whatever B_f).
 */
import { checkFinite, checkInteger, InvalidParameterError, normalCdf, normalQuantile, type NumericsWarning, Rng } from '@gatefield/numerics';
import type { CompiledModel } from '@gatefield/models';
import type { SiteSample } from '../rmt/siteSample.js';
import type { LstmMeanFieldRoot } from './meanField.js';
import { type LstmParameters, lstmModel, lstmParameterVector } from './model.js';

/** Column names of an LSTM site sample. */
export type LstmSiteColumn = 'uf' | 'ui' | 'uo' | 'uc' | 'h' | 'c' | 'f' | 'omf' | 'A' | 'Dc' | 'Bf' | 'Bi' | 'Bc' | 'X' | 'Y';

/**
 * Weighted LSTM sites: every column has one entry per site; weights sum to 1. `omf` = 1 − f
 * (without cancellation); `X` = A², `Y` = D_c²Q_B ([LSTM-RMT-2]).
 */
export type LstmSites = SiteSample<LstmSiteColumn>;

/** Options of {@link lstmQuadratureSites}. */
export interface LstmSiteQuadratureOptions {
  /** Lattice points n (number of sites). Default 8192 (mass error ≈ 5e-4 at [LSTM-REF-1], measured). */
  points?: number;
  /** Seed of the random shift of the lattice (reproducible). Default 1. */
  shiftSeed?: number;
}

/** Defaults of {@link LstmSiteQuadratureOptions}. */
export const DEFAULT_LSTM_SITE_QUADRATURE: Required<LstmSiteQuadratureOptions> = { points: 8192, shiftSeed: 1 };

/** Clamp for c* when 1 − f underflows (see the module comment). */
const C_CLAMP = 1e300;

/** Kernel evaluator of the site quantities at fields (u_f, u_i, u_o, u_c). */
class SiteEvaluator {
  private readonly x = new Float64Array(2);
  private readonly y = new Float64Array(4);
  private readonly obs: Float64Array;
  private readonly par: Float64Array;
  private readonly idx: Record<'cStar' | 'hStar' | 'f' | 'A' | 'Dc' | 'mOmf' | 'Bf' | 'Bi' | 'Bc', number>;
  private readonly gc2: number;

  constructor(
    private readonly model: CompiledModel,
    private readonly p: Float64Array,
    gc: number,
  ) {
    this.obs = new Float64Array(model.observableNames.length);
    this.par = new Float64Array(model.partialList.length);
    const o = (n: string) => model.observableNames.indexOf(n);
    const d = (of: string, wrt: string) => model.partialIndex('rhs', of, wrt);
    this.idx = { cStar: o('cStar'), hStar: o('hStar'), f: o('f'), A: d('h', 'u_o'), Dc: d('h', 'c'), mOmf: d('c', 'c'), Bf: d('c', 'u_f'), Bi: d('c', 'u_i'), Bc: d('c', 'u_c') };
    for (const [k, v] of Object.entries(this.idx)) {
      if (v < 0) throw new InvalidParameterError('model', model.name, `an LSTM spec with observable/partial ${k}`);
    }
    this.gc2 = gc * gc;
  }

  /** Evaluate the site quantities at fields (u_f, u_i, u_o, u_c) into `cols` at index `i`. */
  evaluate(uf: number, ui: number, uo: number, uc: number, cols: Record<LstmSiteColumn, Float64Array>, i: number): void {
    const { x, y, obs, par, idx, model, p } = this;
    if (!Number.isFinite(uf) || !Number.isFinite(ui) || !Number.isFinite(uo) || !Number.isFinite(uc)) {
      throw new InvalidParameterError(`site ${i} fields`, `${uf}, ${ui}, ${uo}, ${uc}`, 'finite numbers');
    }
    y[0] = uf;
    y[1] = ui;
    y[2] = uo;
    y[3] = uc;
    x[0] = 0;
    x[1] = 0;
    model.observables(x, y, p, obs);
    let c = obs[idx.cStar];
    if (!Number.isFinite(c)) c = Number.isNaN(c) ? 0 : Math.sign(c) * C_CLAMP;
    else if (Math.abs(c) > C_CLAMP) c = Math.sign(c) * C_CLAMP;
    x[1] = c;
    model.observables(x, y, p, obs);
    x[0] = obs[idx.hStar];
    model.partials(x, y, p, par);
    const A = par[idx.A];
    const Dc = par[idx.Dc];
    const Bf = par[idx.Bf];
    const Bi = par[idx.Bi];
    const Bc = par[idx.Bc];
    cols.uf[i] = uf;
    cols.ui[i] = ui;
    cols.uo[i] = uo;
    cols.uc[i] = uc;
    cols.h[i] = x[0];
    cols.c[i] = c;
    cols.f[i] = obs[idx.f];
    cols.omf[i] = -par[idx.mOmf];
    cols.A[i] = A;
    cols.Dc[i] = Dc;
    cols.Bf[i] = Bf;
    cols.Bi[i] = Bi;
    cols.Bc[i] = Bc;
    cols.X[i] = A * A;
    cols.Y[i] = Dc === 0 ? 0 : Dc * Dc * (Bf * Bf + Bi * Bi + this.gc2 * Bc * Bc);
  }
}

const COLUMNS: LstmSiteColumn[] = ['uf', 'ui', 'uo', 'uc', 'h', 'c', 'f', 'omf', 'A', 'Dc', 'Bf', 'Bi', 'Bc', 'X', 'Y'];

function allocate(n: number): Record<LstmSiteColumn, Float64Array> {
  const out = {} as Record<LstmSiteColumn, Float64Array>;
  for (const k of COLUMNS) out[k] = new Float64Array(n);
  return out;
}

const generatorCache = new Map<number, Int32Array>();

/**
 * Korobov generating vector (1, a, a², a³) mod n of a 4-D rank-1 lattice, with a chosen among 256
 * candidates a_m = ⌊n·frac(m·φ)⌋ (φ the golden ratio; odd, coprime to n) to minimise the
 * product-weight figure of merit P₂ = −1 + (1/n) Σ_k Π_j (1 + 2π² B₂({k g_j/n})), B₂(x) = x² − x + 1/6
 * (the worst-case error for functions with square-integrable mixed first derivatives). Cached per n.
 */
export function latticeGenerator(n: number): Int32Array {
  checkInteger('lattice points', n, 2, 1 << 24);
  const hit = generatorCache.get(n);
  if (hit) return hit;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const phi = (1 + Math.sqrt(5)) / 2;
  const b2 = (x: number) => x * x - x + 1 / 6;
  const c = 2 * Math.PI * Math.PI;
  let best = Int32Array.of(1, 1, 1, 1);
  let bestP = Infinity;
  for (let m = 1; m <= 256; m++) {
    let a = Math.floor(n * ((m * phi) % 1));
    if (a < 2) continue;
    while (gcd(a, n) !== 1 && a < n - 1) a++;
    if (gcd(a, n) !== 1) continue;
    const g = Int32Array.of(1, a % n, Number((BigInt(a) * BigInt(a)) % BigInt(n)), Number((BigInt(a) * BigInt(a) * BigInt(a)) % BigInt(n)));
    let sum = 0;
    for (let k = 0; k < n; k++) {
      let prod = 1;
      for (let j = 0; j < 4; j++) prod *= 1 + c * b2(((k * g[j]) % n) / n);
      sum += prod;
    }
    const P2 = sum / n - 1;
    if (P2 < bestP) {
      bestP = P2;
      best = g;
    }
  }
  generatorCache.set(n, best);
  return best;
}

/**
 * Deterministic sites of the MF law at C ([LSTM-MF-1]): the randomly shifted rank-1 lattice rule
 * of the module comment, point k at quantiles q_j = frac((k g_j mod n + ½)/n + Δ_j) mapped to
 * u_f, u_i, u_o = √C Φ⁻¹(q), u_c = β_c + g_c√C Φ⁻¹(q); equal weights 1/n. The shift Δ is drawn from
 * `new Rng(shiftSeed)`. `root` needs only C (an imposed C works as well as a solved one).
 */
export function lstmQuadratureSites(root: Pick<LstmMeanFieldRoot, 'C'>, params: LstmParameters, options: LstmSiteQuadratureOptions = {}): LstmSites {
  const n = checkInteger('sites.points', options.points ?? DEFAULT_LSTM_SITE_QUADRATURE.points, 2, 1 << 24);
  const shiftSeed = checkInteger('sites.shiftSeed', options.shiftSeed ?? DEFAULT_LSTM_SITE_QUADRATURE.shiftSeed, 0, Number.MAX_SAFE_INTEGER);
  const C = checkFinite('C', root.C, 0, 1);
  const s = Math.sqrt(C);
  const g = latticeGenerator(n);
  const rng = new Rng(shiftSeed).derive('lattice-shift');
  const shift = [rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()];
  const ev = new SiteEvaluator(lstmModel(), lstmParameterVector(params), params.g_c);
  const cols = allocate(n);
  const z = new Float64Array(4);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < 4; j++) {
      let q = ((((k * g[j]) % n) + 0.5) / n + shift[j]) % 1;
      if (!(q > 0)) q = 0.5 / n;
      z[j] = normalQuantile(q);
    }
    ev.evaluate(s * z[0], s * z[1], s * z[2], params.beta_c + params.g_c * s * z[3], cols, k);
  }
  return { weights: new Float64Array(n).fill(1 / n), ...cols };
}

/**
 * N iid sites from the MF law at C: the iid-diagonal ensemble ([NUM-11] mode 1). Streams
 * `site-uf`, `site-ui`, `site-uo`, `site-uc` of `rng`.
 */
export function sampleLstmSites(root: Pick<LstmMeanFieldRoot, 'C'>, params: LstmParameters, n: number, rng: Rng): LstmSites {
  checkInteger('n', n, 1, 1e8);
  const C = checkFinite('C', root.C, 0, 1);
  const model = lstmModel();
  const ev = new SiteEvaluator(model, lstmParameterVector(params), params.g_c);
  const s = Math.sqrt(C);
  const uf = rng.derive('site-uf').normals(n, s);
  const ui = rng.derive('site-ui').normals(n, s);
  const uo = rng.derive('site-uo').normals(n, s);
  const uc = rng.derive('site-uc').normals(n, params.g_c * s, params.beta_c);
  const cols = allocate(n);
  for (let i = 0; i < n; i++) ev.evaluate(uf[i], ui[i], uo[i], uc[i], cols, i);
  return { weights: new Float64Array(n).fill(1 / n), ...cols };
}

/** Empirical LSTM sites (equal weights) from given fields, e.g. a finite network's fixed point. */
export function lstmSitesFromFields(params: LstmParameters, fields: { uf: ArrayLike<number>; ui: ArrayLike<number>; uo: ArrayLike<number>; uc: ArrayLike<number> }): LstmSites {
  const n = fields.uf.length;
  if (n < 1 || fields.ui.length !== n || fields.uo.length !== n || fields.uc.length !== n) {
    throw new InvalidParameterError('fields', n, 'four field arrays of equal length ≥ 1');
  }
  const ev = new SiteEvaluator(lstmModel(), lstmParameterVector(params), params.g_c);
  const cols = allocate(n);
  for (let i = 0; i < n; i++) ev.evaluate(fields.uf[i], fields.ui[i], fields.uo[i], fields.uc[i], cols, i);
  return { weights: new Float64Array(n).fill(1 / n), ...cols };
}

/**
 * 'quadrature-insufficient' warnings for the lattice sites of {@link lstmQuadratureSites} ([NUM-2],
 * [NUM-11], numerics warnings.ts): each 1-D projection of the n-point lattice is the n quantiles
 * (k + ½)/n (shifted), so near a gate transition x₀ = β/(α√C) its spacing in z is
 * Φ⁻¹((k + 3/2)/n) − Φ⁻¹((k + ½)/n) ≈ 1/(n φ(x₀)), and a gate of width 1/(α√C) gets
 * pointsPerWidth = (1/(α√C))/spacing sites. Fewer than `minPointsPerWidth` where the transition
 * carries more than `massTolerance` of the probability means the density layer sees the gate as
 * a step: the disk masses then depend on the lattice (raise `sites.points`). Thresholds 2 points
 * per width and mass 1e-10: numerics `gateRuleWarning` allows 1.5 points per width, a figure
 * measured for its Gauss–Hermite rules; a quantile lattice is not a Gauss rule, so the stricter 2
 * is kept here.
 */
export function lstmSiteWarnings(C: number, params: LstmParameters, points: number = DEFAULT_LSTM_SITE_QUADRATURE.points, minPointsPerWidth = 2, massTolerance = 1e-10): NumericsWarning[] {
  const n = checkInteger('sites.points', points, 2, 1 << 24);
  const s = Math.sqrt(checkFinite('C', C, 0, 1));
  const out: NumericsWarning[] = [];
  for (const [gate, alpha, beta] of [['forget', params.alpha_f, params.beta_f], ['input', params.alpha_i, params.beta_i], ['output', params.alpha_o, params.beta_o]] as const) {
    const a = alpha * s;
    if (!(a > 0) || !Number.isFinite(a)) continue;
    const x0 = beta / a;
    const width = 1 / a;
    const mass = Math.max(0, normalCdf(x0 + width) - normalCdf(x0 - width));
    if (!(mass > massTolerance)) continue;
    const k = Math.min(Math.max(Math.floor(normalCdf(x0) * n - 0.5), 0), n - 2);
    const gap = normalQuantile((k + 1.5) / n) - normalQuantile((k + 0.5) / n);
    const perWidth = gap > 0 ? width / gap : Infinity;
    if (perWidth >= minPointsPerWidth) continue;
    out.push({
      code: 'quadrature-insufficient',
      where: `density sites: ${gate} gate at C = ${C.toPrecision(6)}`,
      message: `the ${n}-point site lattice has ${perWidth.toPrecision(2)} sites per gate width at gain·sd = ${a.toPrecision(4)} (fewer than ${minPointsPerWidth}): disk masses and slow modes see the gate as a step; raise sites.points`,
      details: { gainTimesSd: a, bias: beta, pointsPerWidth: perWidth, points: n, massAtTransition: mass },
    });
  }
  return out;
}
