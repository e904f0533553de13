/**
 * The per-site 4×4 matrix of the hermitised SCBA for the GRU fixed-point Jacobian, [GRU-SCBA-2],
 * and its inverse G_i = M_i⁻¹ in closed, cancellation-free form.
 *
 * Rows/columns (top-h, top-w, bot-h, bot-w) = 0..3; σ² = variance scale of U_r (1 in [G-6]):
 * ```
 * M = [[ t0,      0,   w,     0   ],        t0  = iε − g² A₂ l²        w = λ + s
 *      [ 0,       t1,  0,     1   ],        t1  = iε − σ² B₂
 *      [ w̄,       0,   b22,   b23 ],        b22 = iε − g² A₁ ρ² − σ² B₁
 *      [ 0,       1,   b23,   b33 ]]        b33 = iε − g² A₁ d²,   b23 = −g² A₁ ρ d
 * ```
 * (w̄ = λ̄ + s.) In the order (0, 2, 3, 1) M is tridiagonal, so its inverse follows from the two
 * continuant recursions θ (leading minors) and φ (trailing minors):
 * ```
 * θ1 = t0,  θ2 = b22 t0 − |w|²,  θ3 = t0 Δ − b33 |w|²,  det = θ4 = |w|² + t0 t1 Δ − t1 b33 |w|² − b22 t0
 * φ4 = t1,  φ3 = b33 t1 − 1,     φ2 = t1 Δ − b22
 * Δ := b22 b33 − b23² = −ε² − iε(g²A₁(ρ² + d²) + σ²B₁) + σ² g² A₁ B₁ d²          (expanded)
 * ```
 * Cancellation: the products g⁴A₁²ρ²d² in b22 b33 and b23² cancel exactly, so Δ is evaluated in
 * its expanded form (never as b22 b33 − b23²); likewise the A₂ combination
 * ρ²G22 + 2ρd G23 + d²G33 = (t0 t1 q − ρ² t0 − d² t1 |w|²)/det with the expanded
 * q := ρ² b33 − 2ρd b23 + d² b22 = iε(ρ² + d²) − σ²B₁ d². On the physical sector (all order
 * parameters in −i·[0, ∞), which the SCBA preserves by chiral symmetry) every remaining sum has terms
 * of one sign: det = |w|²(1 + τ1κ33) + τ0κ22 + τ0τ1D > 0 in the real notation of `scba.ts`.
 * G(λ) = ⟨G_i[2,0]⟩ with G[2,0] = w̄ (1 − b33 t1)/det ([GRU-SCBA-4]); outside the bulk (all order
 * parameters 0, ε → 0) this is 1/(λ + s).
 *
 * @module
 */
import { InvalidParameterError, type Complex } from '@gatefield/numerics';

/** One site of the GRU Jacobian ([GRU-J-2]). */
export interface GruSite {
  s: number;
  /** l = s φ′ */
  l: number;
  rho: number;
  /** d = h σ′_r */
  d: number;
}

/** Order parameters of [GRU-SCBA-3]. */
export interface ScbaOrderParameters {
  A1: Complex;
  B1: Complex;
  A2: Complex;
  B2: Complex;
}

/** Constants of the site matrix. */
export interface ScbaSiteConstants {
  /** g_h² */
  gH2: number;
  /** σ² of U_r (default 1). */
  sigmaUr2?: number;
  /** ε ≥ 0 (default 0). */
  epsilon?: number;
}

/** A dense complex matrix, row-major. */
export interface ComplexMatrix {
  n: number;
  re: Float64Array;
  im: Float64Array;
}

const mul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
const add = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
const sub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
const scl = (a: Complex, k: number): Complex => ({ re: a.re * k, im: a.im * k });
const div = (a: Complex, b: Complex): Complex => {
  const m = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / m, im: (a.im * b.re - a.re * b.im) / m };
};

function entries(site: GruSite, lambda: Complex, op: ScbaOrderParameters, k: ScbaSiteConstants) {
  const g2 = k.gH2;
  const s2 = k.sigmaUr2 ?? 1;
  const eps = k.epsilon ?? 0;
  const { s, l, rho, d } = site;
  const ie: Complex = { re: 0, im: eps };
  const t0 = sub(ie, scl(op.A2, g2 * l * l));
  const t1 = sub(ie, scl(op.B2, s2));
  const b22 = sub(sub(ie, scl(op.A1, g2 * rho * rho)), scl(op.B1, s2));
  const b33 = sub(ie, scl(op.A1, g2 * d * d));
  const b23 = scl(op.A1, -g2 * rho * d);
  const w: Complex = { re: lambda.re + s, im: lambda.im };
  const wb: Complex = { re: lambda.re + s, im: -lambda.im };
  const w2 = w.re * w.re + w.im * w.im;
  // Δ = b22 b33 − b23², expanded
  const delta = add(
    add({ re: -eps * eps, im: 0 }, mul({ re: 0, im: -eps }, add(scl(op.A1, g2 * (rho * rho + d * d)), scl(op.B1, s2)))),
    scl(mul(op.A1, op.B1), s2 * g2 * d * d),
  );
  const q = sub({ re: 0, im: eps * (rho * rho + d * d) }, scl(op.B1, s2 * d * d));
  return { t0, t1, b22, b33, b23, w, wb, w2, delta, q };
}

/** det M_i = |w|² + t0 t1 Δ − t1 b33 |w|² − b22 t0 (continuant θ4). */
function siteDeterminant(e: ReturnType<typeof entries>): Complex {
  const w2: Complex = { re: e.w2, im: 0 };
  return sub(sub(add(w2, mul(mul(e.t0, e.t1), e.delta)), mul(mul(e.t1, e.b33), w2)), mul(e.b22, e.t0));
}

/** The site matrix M_i of [GRU-SCBA-2] (4×4, complex, row-major). */
export function scbaSiteMatrix(site: GruSite, lambda: Complex, op: ScbaOrderParameters, k: ScbaSiteConstants): ComplexMatrix {
  const e = entries(site, lambda, op, k);
  const re = new Float64Array(16);
  const im = new Float64Array(16);
  const set = (i: number, j: number, z: Complex) => {
    re[4 * i + j] = z.re;
    im[4 * i + j] = z.im;
  };
  set(0, 0, e.t0);
  set(0, 2, e.w);
  set(1, 1, e.t1);
  set(1, 3, { re: 1, im: 0 });
  set(2, 0, e.wb);
  set(2, 2, e.b22);
  set(2, 3, e.b23);
  set(3, 1, { re: 1, im: 0 });
  set(3, 2, e.b23);
  set(3, 3, e.b33);
  return { n: 4, re, im };
}

/**
 * G_i = M_i⁻¹ of [GRU-SCBA-2] in the closed continuant form of the module comment (all 16 entries, original
 * order). Used for G and the order parameters at arbitrary complex inputs; the solver in `scba.ts`
 * uses the equivalent real form on the physical sector.
 */
export function scbaSiteResolvent(site: GruSite, lambda: Complex, op: ScbaOrderParameters, k: ScbaSiteConstants): ComplexMatrix {
  const e = entries(site, lambda, op, k);
  const w2: Complex = { re: e.w2, im: 0 };
  // tridiagonal order (0, 2, 3, 1) -> positions 1..4
  const theta: Complex[] = [
    { re: 1, im: 0 },
    e.t0,
    sub(mul(e.b22, e.t0), w2),
    sub(mul(e.t0, e.delta), mul(e.b33, w2)),
  ];
  // det = θ4 = |w|² + t0 t1 Δ − t1 b33 |w|² − b22 t0
  const det = siteDeterminant(e);
  theta.push(det);
  const phi: Complex[] = [];
  phi[5] = { re: 1, im: 0 };
  phi[4] = e.t1;
  phi[3] = sub(mul(e.b33, e.t1), { re: 1, im: 0 });
  phi[2] = sub(mul(e.t1, e.delta), e.b22);
  phi[1] = det;
  const beta = [e.w, e.b23, { re: 1, im: 0 }]; // super-diagonal β1..β3
  const gamma = [e.wb, e.b23, { re: 1, im: 0 }]; // sub-diagonal γ1..γ3
  const order = [0, 2, 3, 1];
  const re = new Float64Array(16);
  const im = new Float64Array(16);
  for (let i = 1; i <= 4; i++) {
    for (let j = 1; j <= 4; j++) {
      let z: Complex;
      if (i <= j) {
        z = mul(theta[i - 1], phi[j + 1]);
        for (let m = i; m < j; m++) z = mul(z, beta[m - 1]);
      } else {
        z = mul(theta[j - 1], phi[i + 1]);
        for (let m = j; m < i; m++) z = mul(z, gamma[m - 1]);
      }
      if ((i + j) % 2 === 1) z = scl(z, -1);
      z = div(z, det);
      const r = order[i - 1];
      const c = order[j - 1];
      re[4 * r + c] = z.re;
      im[4 * r + c] = z.im;
    }
  }
  return { n: 4, re, im };
}

/**
 * The site's contributions to the order parameters [GRU-SCBA-3] and to G [GRU-SCBA-4], from the
 * closed form, with the A₂ combination in its expanded (cancellation-free) form:
 * A₁: l² G00,  B₁: G11,  A₂: ρ²G22 + ρd(G23 + G32) + d²G33,  B₂: G22,  G: G20.
 */
export function scbaSiteTerms(site: GruSite, lambda: Complex, op: ScbaOrderParameters, k: ScbaSiteConstants): ScbaOrderParameters & { G: Complex } {
  const e = entries(site, lambda, op, k);
  const w2: Complex = { re: e.w2, im: 0 };
  const det = siteDeterminant(e);
  const { rho, d, l } = site;
  const A1 = div(scl(sub(mul(e.t1, e.delta), e.b22), l * l), det);
  const B1 = div(sub(mul(e.t0, e.delta), mul(e.b33, w2)), det);
  const A2 = div(sub(sub(mul(mul(e.t0, e.t1), e.q), scl(e.t0, rho * rho)), scl(mul(e.t1, w2), d * d)), det);
  const B2 = div(mul(e.t0, sub(mul(e.b33, e.t1), { re: 1, im: 0 })), det);
  const G = div(mul(e.wb, sub({ re: 1, im: 0 }, mul(e.b33, e.t1))), det);
  return { A1, B1, A2, B2, G };
}

/**
 * Inverse of a dense complex matrix by Gauss–Jordan elimination with partial pivoting (reference
 * implementation used to check the closed form).
 *
 * @throws {InvalidParameterError} if the matrix is singular to working precision.
 */
export function invertComplexPivoted(m: ComplexMatrix): ComplexMatrix {
  const n = m.n;
  const ar = Float64Array.from(m.re);
  const ai = Float64Array.from(m.im);
  const xr = new Float64Array(n * n);
  const xi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) xr[i * n + i] = 1;
  const swap = (a: Float64Array, r1: number, r2: number) => {
    for (let j = 0; j < n; j++) {
      const t = a[r1 * n + j];
      a[r1 * n + j] = a[r2 * n + j];
      a[r2 * n + j] = t;
    }
  };
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = -1;
    for (let r = c; r < n; r++) {
      const v = Math.hypot(ar[r * n + c], ai[r * n + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (!(best > 0)) throw new InvalidParameterError('matrix', 'singular', 'an invertible matrix');
    if (p !== c) {
      swap(ar, p, c);
      swap(ai, p, c);
      swap(xr, p, c);
      swap(xi, p, c);
    }
    const piv = { re: ar[c * n + c], im: ai[c * n + c] };
    for (let j = 0; j < n; j++) {
      const a = div({ re: ar[c * n + j], im: ai[c * n + j] }, piv);
      ar[c * n + j] = a.re;
      ai[c * n + j] = a.im;
      const x = div({ re: xr[c * n + j], im: xi[c * n + j] }, piv);
      xr[c * n + j] = x.re;
      xi[c * n + j] = x.im;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = { re: ar[r * n + c], im: ai[r * n + c] };
      if (f.re === 0 && f.im === 0) continue;
      for (let j = 0; j < n; j++) {
        const a = mul(f, { re: ar[c * n + j], im: ai[c * n + j] });
        ar[r * n + j] -= a.re;
        ai[r * n + j] -= a.im;
        const x = mul(f, { re: xr[c * n + j], im: xi[c * n + j] });
        xr[r * n + j] -= x.re;
        xi[r * n + j] -= x.im;
      }
    }
  }
  return { n, re: xr, im: xi };
}
