import { describe, expect, it } from 'vitest';
import { eigvals } from '../src/eigvals.js';
import { Rng, ginibre } from '../src/rng.js';

// eigvals with the WebAssembly SIMD kernels (default) against the pure TypeScript path
// (`wasm: false`) and against known spectra, around every size where the code changes path:
// 64/65 (heap used above 64), 128/129 (blocked Hessenberg above 128), 400/401 (multishift QR
// above 400). Both paths are backward stable (backward error ≈ c·n·ε·‖A‖ with modest c), so for
// normal matrices — whose eigenvalues move by at most the norm of the perturbation, even when
// repeated — a bound of 1e-10·‖A‖ leaves a factor ≥ 100 of margin at n ≤ 450 (n·ε ≈ 1e-13).

type Spectrum = { re: ArrayLike<number>; im: ArrayLike<number> };

/** Largest distance after greedy nearest matching of the two multisets (order-independent). */
function distance(x: Spectrum, y: Spectrum): number {
  const n = x.re.length;
  expect(y.re.length).toBe(n);
  const used = new Uint8Array(n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bj = -1;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const d = Math.hypot(x.re[i] - y.re[j], x.im[i] - y.im[j]);
      if (d < best) {
        best = d;
        bj = j;
      }
    }
    used[bj] = 1;
    worst = Math.max(worst, best);
  }
  return worst;
}

/** Q·D·Qᵀ (row-major) with Q a product of three random Householder reflectors (dense, orthogonal). */
function orthogonallySimilar(d: Float64Array, n: number, rng: Rng): Float64Array {
  let a = Float64Array.from(d);
  for (let r = 0; r < 3; r++) {
    const v = rng.normals(n);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += v[i] * v[i];
    const beta = 2 / vv;
    // A ← H A H with H = I − β v vᵀ
    const av = new Float64Array(n); // A v
    const va = new Float64Array(n); // vᵀ A
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        av[i] += a[i * n + j] * v[j];
        va[j] += v[i] * a[i * n + j];
      }
    let vav = 0;
    for (let i = 0; i < n; i++) vav += v[i] * av[i];
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        out[i * n + j] = a[i * n + j] - beta * av[i] * v[j] - beta * v[i] * va[j] + beta * beta * vav * v[i] * v[j];
    a = out;
  }
  return a;
}

/** Block-diagonal D from real eigenvalues and complex pairs a ± ib (as [[a, b], …] 2×2 blocks). */
function blockDiagonal(n: number, reals: number[], pairs: Array<[number, number]>): { d: Float64Array; spec: Spectrum } {
  const d = new Float64Array(n * n);
  const re: number[] = [];
  const im: number[] = [];
  let k = 0;
  for (const [a, b] of pairs) {
    d[k * n + k] = a;
    d[k * n + k + 1] = b;
    d[(k + 1) * n + k] = -b;
    d[(k + 1) * n + k + 1] = a;
    re.push(a, a);
    im.push(b, -b);
    k += 2;
  }
  for (const x of reals) {
    d[k * n + k] = x;
    re.push(x);
    im.push(0);
    k++;
  }
  expect(k).toBe(n);
  return { d, spec: { re, im } };
}

describe('eigvals with WebAssembly SIMD kernels', () => {
  it('agrees with the TypeScript path to 1e-10·max|λ| on Ginibre matrices at every crossover size', () => {
    for (const n of [1, 2, 3, 64, 65, 128, 129, 200, 401]) {
      const a = ginibre(new Rng(7).derive(n), n, 1 / n);
      const w = eigvals(a, n);
      const t = eigvals(a, n, { wasm: false });
      let scale = 0;
      for (let k = 0; k < n; k++) scale = Math.max(scale, Math.hypot(t.re[k], t.im[k]));
      expect(distance(w, t)).toBeLessThanOrEqual(1e-10 * scale);
      if (n <= 64) {
        // no heap below 65: literally the same computation
        expect(Array.from(w.re)).toEqual(Array.from(t.re));
        expect(Array.from(w.im)).toEqual(Array.from(t.im));
      }
    }
  });

  it('returns exact answers for the zero, diagonal and upper triangular matrices of orders 100 and 130', () => {
    const z = eigvals(new Float64Array(100 * 100), 100);
    expect(z.re.every((x) => x === 0) && z.im.every((x) => x === 0)).toBe(true);
    const rng = new Rng(8);
    const n = 130;
    const diag = rng.normals(n);
    const dm = new Float64Array(n * n);
    for (let i = 0; i < n; i++) dm[i * n + i] = diag[i];
    const tri = Float64Array.from(dm);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) tri[i * n + j] = rng.normal();
    const sorted = Array.from(diag).sort((x, y) => x - y);
    for (const m of [dm, tri]) {
      const e = eigvals(m, n);
      expect(Array.from(e.re).sort((x, y) => x - y)).toEqual(sorted);
      expect(e.im.every((x) => x === 0)).toBe(true);
    }
  });

  it('finds the n-th roots of unity from the companion matrix of zⁿ − 1 (cyclic shift, normal) for n = 100 and 161', () => {
    for (const n of [100, 161]) {
      const c = new Float64Array(n * n);
      for (let i = 1; i < n; i++) c[i * n + i - 1] = 1;
      c[n - 1] = 1; // first row, last column: zⁿ = 1
      const e = eigvals(c, n);
      const re: number[] = [];
      const im: number[] = [];
      for (let k = 0; k < n; k++) {
        re.push(Math.cos((2 * Math.PI * k) / n));
        im.push(Math.sin((2 * Math.PI * k) / n));
      }
      expect(distance(e, { re, im })).toBeLessThan(1e-10);
    }
  });

  it('resolves repeated and close eigenvalues of orthogonally similar block-diagonal matrices (n = 131 and 410)', () => {
    const rng = new Rng(9);
    for (const n of [131, 410]) {
      const pairs: Array<[number, number]> = [];
      for (let k = 0; k < 10; k++) pairs.push([0.5, 1.5]); // a complex pair of multiplicity 10
      for (let k = 0; k < 6; k++) pairs.push([-1 + 1e-9 * k, 0.25]); // six close pairs
      const reals: number[] = [];
      while (reals.length < n - 2 * pairs.length) {
        const r = reals.length;
        reals.push(r % 3 === 0 ? 2 : r % 3 === 1 ? -0.5 + 1e-8 * r : 1 - (2 * r) / n); // repeated, close, spread
      }
      const { d, spec } = blockDiagonal(n, reals, pairs);
      const a = orthogonallySimilar(d, n, rng);
      const e = eigvals(a, n);
      expect(distance(e, spec)).toBeLessThan(1e-10 * 2);
      expect(distance(e, eigvals(a, n, { wasm: false }))).toBeLessThan(1e-10 * 2);
    }
  });

  it('gives n and 0 (multiplicity n − 1) for the all-ones matrix of order 202', () => {
    const n = 202;
    const e = eigvals(new Float64Array(n * n).fill(1), n);
    const re = new Array(n).fill(0);
    re[0] = n;
    expect(distance(e, { re, im: new Array(n).fill(0) })).toBeLessThan(1e-10 * n);
  });

  it('throws InvalidParameterError for a non-boolean wasm option', () => {
    expect(() => eigvals(new Float64Array(4), 2, { wasm: 'yes' as unknown as boolean })).toThrow(/wasm/);
  });
});
