/**
 * Squared singular values of Y(λ) D_z(λ) for the gated-RNN log-potential [GATE-RMT-7],
 * [GATE-RMT-8], from one seeded sample of units and one sampled output-gate coupling matrix J^r.
 *
 * ```
 *   Y(λ) = [a] + β(λ) [b] J^r [c],    β = 1/(1 + λτ_r),    D_z = [ σ_z/(λτ_h + σ_z) ]      [GATE-RMT-3]
 *   a = φ′σ_r,  b = φσ_r′,  c = φ′   (unit-wise, at the fixed point)
 *   s_j² = eigenvalues of H = (Y D_z)† (Y D_z)                                               [GATE-RMT-8]
 * ```
 * For α_r = 0 the b-term vanishes and s_j = |a_j σ_z,j/(λτ_h + σ_z,j)| in closed form (see
 * logPotential.ts, which then uses quadrature instead of a sample). For α_r ≠ 0 the empirical law of
 * s² is self-averaging: linear statistics (1/n) Σ f(s_j²) fluctuate by O(1/n) between samples.
 *
 * The sample ("stratified"): unit k gets h_k = √Δ_h q_{π₁(k)}, z_k = √Δ_z q_{π₂(k)},
 * r_k = √Δ_r q_{π₃(k)} with the normal quantiles q_j = Φ_G⁻¹((j + ½)/n) and three independent seeded
 * permutations π (h, z, r are independent at a fixed point, [GATE-RMT-2]); J^r has iid N(0, 1/n)
 * entries. All randomness comes from `new Rng(seed).derive(...)`.
 *
 * Eigenvalues of the complex Hermitian H: through the real symmetric embedding
 * [[Re H, −Im H], [Im H, Re H]] (each eigenvalue twice), Householder tridiagonalisation and the
 * implicit QL iteration with Wilkinson shifts. Cost O((2n)³) per λ.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, Rng, checkFinite, checkInteger, normalQuantile } from '@gatefield/numerics';
import { type GatedParameters, gatedGate, gatedGatePrime, gatedPhi, gatedPhiPrime } from './parameters.js';

/** A seeded sample of fixed-point units and of J^r (see the module comment). */
export interface GatedUnitSample {
  n: number;
  seed: number;
  /** a = φ′σ_r, b = φσ_r′, c = φ′ and σ_z per unit. */
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  sigmaZ: Float64Array;
  /** J^r, row-major n×n, entries N(0, 1/n). */
  jr: Float64Array;
  params: GatedParameters;
}

function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}

/**
 * Draw the stratified unit sample and J^r at the fixed-point variances (Δ_h, Δ_z, Δ_r) of
 * [GATE-FP-1].
 *
 * @param n number of units (≥ 8).
 * @param seed seed of the generator (`derive('pairing-h' | 'pairing-z' | 'pairing-r' | 'J^r')`).
 */
export function gatedUnitSample(p: GatedParameters, deltaH: number, deltaZ: number, deltaR: number, n: number, seed: number): GatedUnitSample {
  checkInteger('sampleSize', n, 8, 4096);
  checkInteger('seed', seed, 0, Number.MAX_SAFE_INTEGER);
  checkFinite('deltaH', deltaH, 0, Infinity);
  checkFinite('deltaZ', deltaZ, 0, Infinity);
  checkFinite('deltaR', deltaR, 0, Infinity);
  const rng = new Rng(seed);
  const q = new Float64Array(n);
  for (let j = 0; j < n; j++) q[j] = normalQuantile((j + 0.5) / n);
  const ph = permutation(rng.derive('pairing-h'), n), pz = permutation(rng.derive('pairing-z'), n), pr = permutation(rng.derive('pairing-r'), n);
  const sh = Math.sqrt(deltaH), sz = Math.sqrt(deltaZ), sr = Math.sqrt(deltaR);
  const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n), sigmaZ = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const h = sh * q[ph[k]], z = sz * q[pz[k]], r = sr * q[pr[k]];
    const d = gatedPhiPrime(p, h), f = gatedPhi(p, h), g = gatedGate(r, p.alpha_r, p.beta_r);
    a[k] = d * g;
    b[k] = f * gatedGatePrime(r, p.alpha_r, p.beta_r);
    c[k] = d;
    sigmaZ[k] = gatedGate(z, p.alpha_z, p.beta_z);
  }
  const jr = rng.derive('J^r').normals(n * n, 1 / Math.sqrt(n));
  return { n, seed, a, b, c, sigmaZ, jr, params: p };
}

/**
 * A unit sample from given per-unit states (e.g. the empirical (h, z, r) of a finite network at a
 * fixed point, equal weights), with a seeded J^r of iid N(0, 1/n) entries (`derive('J^r')`), or the
 * given `jr` (row-major n×n, e.g. the network's own output-gate couplings).
 */
export function gatedUnitSampleFromStates(p: GatedParameters, h: ArrayLike<number>, z: ArrayLike<number>, r: ArrayLike<number>, seed: number, jr?: Float64Array): GatedUnitSample {
  for (const [name, a] of [['units.h', h], ['units.z', z], ['units.r', r], ['jr', jr ?? []]] as const) {
    if (a === null || typeof a !== 'object' || typeof (a as { length?: unknown }).length !== 'number') throw new InvalidParameterError(name, a, 'an array of finite numbers');
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new InvalidParameterError(`${name}[${i}]`, a[i], 'finite numbers');
  }
  const n = h.length;
  checkInteger('units.length', n, 8, 4096);
  if (z.length !== n || r.length !== n) throw new InvalidParameterError('units', `${n}/${z.length}/${r.length}`, 'equal lengths of h, z and r');
  if (jr !== undefined && jr.length !== n * n) throw new InvalidParameterError('jr.length', jr.length, `${n * n}`);
  checkInteger('seed', seed, 0, Number.MAX_SAFE_INTEGER);
  const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n), sigmaZ = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const d = gatedPhiPrime(p, h[k]), g = gatedGate(r[k], p.alpha_r, p.beta_r);
    a[k] = d * g;
    b[k] = gatedPhi(p, h[k]) * gatedGatePrime(r[k], p.alpha_r, p.beta_r);
    c[k] = d;
    sigmaZ[k] = gatedGate(z[k], p.alpha_z, p.beta_z);
  }
  return { n, seed, a, b, c, sigmaZ, jr: jr ?? new Rng(seed).derive('J^r').normals(n * n, 1 / Math.sqrt(n)), params: p };
}

/** The Hermitian matrix H = (Y D_z)†(Y D_z) at λ, as full n×n real and imaginary parts (row-major). */
export interface HermitianMatrix { n: number; re: Float64Array; im: Float64Array }

/**
 * H(λ) = (Y(λ)D_z(λ))† (Y(λ)D_z(λ)) on the sample, λ = re + i·im ([GATE-RMT-3]). Units whose σ_z
 * underflows to 0 contribute D_z = 0 (a decoupled unit).
 */
export function gatedSampleGram(s: GatedUnitSample, re: number, im: number): HermitianMatrix {
  const { n, a, b, c, sigmaZ, jr, params: p } = s;
  // β = 1/(1 + λτ_r)
  const br = 1 + re * p.tau_r, bi = im * p.tau_r, bm = br * br + bi * bi;
  const betaRe = br / bm, betaIm = -bi / bm;
  // D_j = σ_j/(λτ_h + σ_j)
  const dRe = new Float64Array(n), dIm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const xr = re * p.tau_h + sigmaZ[j], xi = im * p.tau_h, m = xr * xr + xi * xi;
    if (sigmaZ[j] === 0 || m === 0) continue;
    dRe[j] = (sigmaZ[j] * xr) / m;
    dIm[j] = (-sigmaZ[j] * xi) / m;
  }
  // M_ij = (a_i δ_ij + β b_i J_ij c_j) D_j, row-major real and imaginary parts.
  const mr = new Float64Array(n * n), mi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const bRe = betaRe * b[i], bIm = betaIm * b[i];
    for (let j = 0; j < n; j++) {
      let yr = bRe * jr[i * n + j] * c[j], yi = bIm * jr[i * n + j] * c[j];
      if (i === j) yr += a[i];
      mr[i * n + j] = yr * dRe[j] - yi * dIm[j];
      mi[i * n + j] = yr * dIm[j] + yi * dRe[j];
    }
  }
  // H_jk = Σ_i conj(M_ij) M_ik  (upper triangle accumulated row by row, then mirrored).
  const hr = new Float64Array(n * n), hi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const ar = mr[row + j], ai = mi[row + j];
      if (ar === 0 && ai === 0) continue;
      const out = j * n;
      for (let k = j; k < n; k++) {
        const xr = mr[row + k], xi = mi[row + k];
        hr[out + k] += ar * xr + ai * xi;
        hi[out + k] += ar * xi - ai * xr;
      }
    }
  }
  for (let j = 0; j < n; j++) for (let k = j + 1; k < n; k++) { hr[k * n + j] = hr[j * n + k]; hi[k * n + j] = -hi[j * n + k]; }
  return { n, re: hr, im: hi };
}

/**
 * Squared singular values of Y(λ)D_z(λ) on the sample (ascending): the eigenvalues of H, through
 * the real symmetric embedding [[Re H, −Im H], [Im H, Re H]] (each eigenvalue twice) [GATE-RMT-8].
 */
export function gatedSampleSingularValues2(s: GatedUnitSample, re: number, im: number): Float64Array {
  return hermitianEigenvalues(gatedSampleGram(s, re, im));
}

/** Eigenvalues (ascending, clipped at 0 for a Gram matrix) of a Hermitian matrix via its real embedding. */
export function hermitianEigenvalues(h: HermitianMatrix): Float64Array {
  const n = h.n, m2 = 2 * n;
  const e = new Float64Array(m2 * m2);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const x = h.re[j * n + k], y = h.im[j * n + k];
      e[j * m2 + k] = x;
      e[(n + j) * m2 + n + k] = x;
      e[(n + j) * m2 + k] = y;
      e[j * m2 + n + k] = -y;
    }
  }
  const ev = symmetricEigenvalues(e, m2);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.max(0, 0.5 * (ev[2 * k] + ev[2 * k + 1]));
  return out;
}

/**
 * ln det(1 + u H) for a Hermitian positive semi-definite H and u ≥ 0, by the complex Cholesky
 * factorisation of 1 + uH (O(n³/3) complex operations, no eigenvalues).
 *
 * @throws InvalidParameterError on a non-positive pivot (1 + uH is positive definite for u ≥ 0 and a
 *   Gram matrix H, so only a corrupted H can cause it).
 */
export function logDetOnePlus(h: HermitianMatrix, u: number): number {
  const n = h.n;
  const lr = new Float64Array(n * n), li = new Float64Array(n * n);
  let logDet = 0;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = 1 + u * h.re[rj + j];
    for (let k = 0; k < j; k++) d -= lr[rj + k] * lr[rj + k] + li[rj + k] * li[rj + k];
    if (!(d > 0)) throw new InvalidParameterError('1 + uH', d, 'positive definite matrices');
    const ljj = Math.sqrt(d);
    logDet += 2 * Math.log(ljj);
    lr[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      // A_ij = u H_ij (i > j): L_ij = (A_ij − Σ_k L_ik conj(L_jk)) / L_jj
      let sr = u * h.re[ri + j], si = u * h.im[ri + j];
      for (let k = 0; k < j; k++) {
        const ar = lr[ri + k], ai = li[ri + k], br = lr[rj + k], bi = li[rj + k];
        sr -= ar * br + ai * bi;
        si -= ai * br - ar * bi;
      }
      lr[ri + j] = sr / ljj;
      li[ri + j] = si / ljj;
    }
  }
  return logDet;
}

/**
 * Eigenvalues (ascending) of a real symmetric n×n matrix (row-major; its lower triangle is read and
 * overwritten): Householder reduction to tridiagonal form, then implicit QL with Wilkinson shifts.
 *
 * @throws ConvergenceError if an eigenvalue needs more than `maxIterations` QL sweeps (default 60).
 */
export function symmetricEigenvalues(a: Float64Array, n: number, maxIterations = 60): Float64Array {
  if (a.length !== n * n) throw new InvalidParameterError('a.length', a.length, `${n * n}`);
  const d = new Float64Array(n), e = new Float64Array(n);
  const v = new Float64Array(n), w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // Householder vector for column k below the diagonal.
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += a[i * n + k] * a[i * n + k];
    d[k] = a[k * n + k];
    if (norm2 === 0) { e[k] = 0; continue; }
    const x0 = a[(k + 1) * n + k];
    const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    e[k] = alpha;
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k];
    v[k + 1] -= alpha;
    const vtv = norm2 - x0 * x0 + v[k + 1] * v[k + 1];
    const beta = 2 / vtv;
    // p = β A v on the trailing block; K = β vᵀp/2; w = p − K v; A ← A − v wᵀ − w vᵀ.
    // Only the lower triangle (j ≤ i) is read and updated (A stays symmetric).
    for (let i = k + 1; i < n; i++) w[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const row = i * n, vi = v[i];
      let s = a[row + i] * vi;
      for (let j = k + 1; j < i; j++) {
        const aij = a[row + j];
        s += aij * v[j];
        w[j] += aij * vi;
      }
      w[i] += s;
    }
    let vtp = 0;
    for (let i = k + 1; i < n; i++) { w[i] *= beta; vtp += v[i] * w[i]; }
    const kk = (beta * vtp) / 2;
    for (let i = k + 1; i < n; i++) w[i] -= kk * v[i];
    for (let i = k + 1; i < n; i++) {
      const row = i * n, vi = v[i], wi = w[i];
      for (let j = k + 1; j <= i; j++) a[row + j] -= vi * w[j] + wi * v[j];
    }
  }
  if (n >= 2) { d[n - 2] = a[(n - 2) * n + n - 2]; e[n - 2] = a[(n - 1) * n + n - 2]; }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + n - 1];
  e[n - 1] = 0;
  tridiagonalQL(d, e, maxIterations);
  d.sort();
  return d;
}

/** Implicit QL with Wilkinson shifts on the symmetric tridiagonal (d, e), e[i] couples i and i+1. */
function tridiagonalQL(d: Float64Array, e: Float64Array, maxIterations: number): void {
  const n = d.length;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iter > maxIterations) throw new ConvergenceError('symmetric tridiagonal QL', Math.abs(e[l]), iter, { maxIterations });
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i], bb = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) { d[i + 1] -= p; e[m] = 0; underflow = true; break; }
        s = f / r; c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * bb;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - bb;
      }
      if (underflow) continue;
      d[l] -= p; e[l] = g; e[m] = 0;
    }
  }
}
