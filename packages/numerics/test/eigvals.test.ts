import fc from 'fast-check';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { eigvals, type EigvalsOptions } from '../src/eigvals.js';
import { ConvergenceError, InvalidParameterError } from '../src/errors.js';
import { lahqr } from '../src/francisQR.js';
import { hessenbergReduce, hessenbergUnblocked } from '../src/hessenberg.js';
import { laqr0, MULTISHIFT_TUNING } from '../src/multishiftQR.js';
import { Rng, ginibre } from '../src/rng.js';
import { trexc, TREXC } from '../src/schurSwap.js';

// ---------------------------------------------------------------------------------------------
// helpers

type Spectrum = { re: Float64Array | number[]; im: Float64Array | number[] };

/** Eigenvalues from ml-matrix's (JAMA) full eigendecomposition, as a reference. */
function mlEigvals(a: Float64Array, n: number): Spectrum {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(a.subarray(i * n, (i + 1) * n)));
  const e = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: false });
  return { re: e.realEigenvalues, im: e.imaginaryEigenvalues };
}

/**
 * Largest distance between two eigenvalue multisets, matching each eigenvalue of `x` greedily to
 * the nearest unmatched one of `y` (robust to ordering and to ties in the real parts).
 */
function multisetDistance(x: Spectrum, y: Spectrum): number {
  const n = x.re.length;
  expect(y.re.length).toBe(n);
  const used = new Uint8Array(n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bestJ = -1;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const d = Math.hypot(x.re[i] - y.re[j], x.im[i] - y.im[j]);
      if (d < best) {
        best = d;
        bestJ = j;
      }
    }
    used[bestJ] = 1;
    worst = Math.max(worst, best);
  }
  return worst;
}

/** Spectrum given as a list of [re, im] pairs. */
function spectrum(pairs: Array<[number, number]>): Spectrum {
  return { re: pairs.map((p) => p[0]), im: pairs.map((p) => p[1]) };
}

function maxModulus(s: Spectrum): number {
  let m = 0;
  for (let i = 0; i < s.re.length; i++) m = Math.max(m, Math.hypot(s.re[i], s.im[i]));
  return m;
}

function frobenius(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x * x;
  return Math.sqrt(s);
}

function trace(a: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i];
  return t;
}

/** log|det a| by LU with partial pivoting (-Infinity if singular). */
function logAbsDet(a: Float64Array, n: number): number {
  const m = Float64Array.from(a);
  let logdet = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
    const piv = m[p * n + k];
    if (piv === 0) return -Infinity;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j];
        m[k * n + j] = m[p * n + j];
        m[p * n + j] = t;
      }
    }
    logdet += Math.log(Math.abs(piv));
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / piv;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
    }
  }
  return logdet;
}

function sumLogModulus(s: Spectrum): number {
  let t = 0;
  for (let i = 0; i < s.re.length; i++) t += Math.log(Math.hypot(s.re[i], s.im[i]));
  return t;
}

function sumRe(s: Spectrum): number {
  let t = 0;
  for (const x of s.re) t += x;
  return t;
}

/**
 * Output structure promised by the doc comment: a complex eigenvalue with positive imaginary part
 * is immediately followed by its exact conjugate.
 */
function expectConjugatePairsAdjacent(s: Spectrum): void {
  const n = s.re.length;
  for (let k = 0; k < n; k++) {
    if (s.im[k] === 0) continue;
    expect(s.im[k]).toBeGreaterThan(0);
    expect(k + 1).toBeLessThan(n);
    expect(s.re[k + 1]).toBe(s.re[k]);
    expect(s.im[k + 1]).toBe(-s.im[k]);
    k++;
  }
}

/** Row-major product of n×n matrices. */
function matmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  return c;
}

/** Inverse of a small well-conditioned matrix by Gauss–Jordan with partial pivoting. */
function inverse(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
    for (const x of [m, inv])
      for (let j = 0; j < n; j++) {
        const t = x[k * n + j];
        x[k * n + j] = x[p * n + j];
        x[p * n + j] = t;
      }
    const piv = m[k * n + k];
    for (let j = 0; j < n; j++) {
      m[k * n + j] /= piv;
      inv[k * n + j] /= piv;
    }
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = m[i * n + k];
      for (let j = 0; j < n; j++) {
        m[i * n + j] -= f * m[k * n + j];
        inv[i * n + j] -= f * inv[k * n + j];
      }
    }
  }
  return inv;
}

/** S D S⁻¹ for a random (seeded) well-conditioned S = I + 0.3·G. */
function similar(d: Float64Array, n: number, seed: number): Float64Array {
  const s = ginibre(new Rng(seed), n, 0.09);
  for (let i = 0; i < n; i++) s[i * n + i] += 1;
  return matmul(matmul(s, d, n), inverse(s, n), n);
}

function fromRows(rows: number[][]): Float64Array {
  return Float64Array.from(rows.flat());
}

// ---------------------------------------------------------------------------------------------

describe('eigvals (balancing + Hessenberg + Francis double-shift QR, eigenvalues only)', () => {
  it('matches ml-matrix on Ginibre matrices of every order from 1 to 40 to 1e-10 relative', () => {
    const rng = new Rng(20240601);
    for (let n = 1; n <= 40; n++) {
      for (let rep = 0; rep < 3; rep++) {
        const a = ginibre(rng, n, 1);
        const ours = eigvals(a, n);
        const ref = mlEigvals(a, n);
        const scale = Math.max(1, maxModulus(ref));
        expect(multisetDistance(ours, ref)).toBeLessThan(1e-10 * scale);
        expectConjugatePairsAdjacent(ours);
      }
    }
  });

  it('matches ml-matrix on sparse, badly scaled and integer matrices with and without balancing', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + rng.int(20);
      const a = new Float64Array(n * n);
      const kind = trial % 3;
      for (let k = 0; k < n * n; k++) {
        // sparse with a full diagonal (exercises the permutations without making the matrix
        // nilpotent, whose defective zero eigenvalue no two codes agree on beyond ε^(1/k))
        if (kind === 0) a[k] = k % (n + 1) !== 0 && rng.uniform() < 0.6 ? 0 : rng.normal();
        else if (kind === 1) a[k] = rng.normal() * 2 ** (rng.int(41) - 20); // entries 1e-6..1e6
        else a[k] = rng.int(7) - 3; // small integers: exact ties and zero subdiagonals
      }
      const ref = mlEigvals(a, n);
      const scale = Math.max(1, maxModulus(ref), frobenius(a));
      for (const balance of [true, false]) {
        const ours = eigvals(a, n, { balance });
        expect(multisetDistance(ours, ref)).toBeLessThan(1e-9 * scale);
      }
    }
  });

  it('satisfies trace, determinant and conjugate-symmetry identities on random small matrices (fast-check)', () => {
    const matrices = fc.record({
      n: fc.integer({ min: 1, max: 16 }),
      seed: fc.nat(),
      scale: fc.constantFrom(1, 1e-3, 1e4),
      zeroFraction: fc.constantFrom(0, 0.3, 0.7),
      balance: fc.boolean(),
    });
    fc.assert(
      fc.property(matrices, ({ n, seed, scale, zeroFraction, balance }) => {
        const rng = new Rng(seed);
        const a = new Float64Array(n * n);
        for (let k = 0; k < n * n; k++) a[k] = rng.uniform() < zeroFraction ? 0 : scale * rng.normal();
        const s = eigvals(a, n, { balance });
        const fro = frobenius(a);
        // sum of eigenvalues = trace
        expect(Math.abs(sumRe(s) - trace(a, n))).toBeLessThanOrEqual(1e-12 * n * fro + 1e-300);
        let sumIm = 0;
        for (const x of s.im) sumIm += x;
        expect(Math.abs(sumIm)).toBeLessThanOrEqual(1e-12 * n * fro + 1e-300);
        // product of moduli = |det| (when the matrix is safely nonsingular)
        const logDet = logAbsDet(a, n);
        if (logDet > n * Math.log(fro / Math.sqrt(n)) - 20) {
          expect(Math.abs(sumLogModulus(s) - logDet)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(logDet)));
        }
        // the spectrum of a real matrix is closed under conjugation, pairs adjacent
        expectConjugatePairsAdjacent(s);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('returns the diagonal of a diagonal matrix exactly', () => {
    const d = [3, -1, 0.5, 7, -2.25, 0];
    const n = d.length;
    const a = new Float64Array(n * n);
    d.forEach((x, i) => (a[i * n + i] = x));
    for (const balance of [true, false]) {
      const s = eigvals(a, n, { balance });
      expect(Array.from(s.re).sort((x, y) => x - y)).toEqual([...d].sort((x, y) => x - y));
      expect(Array.from(s.im)).toEqual(new Array(n).fill(0));
    }
  });

  it('returns the diagonal of an upper triangular matrix exactly', () => {
    const rng = new Rng(3);
    const n = 12;
    const a = new Float64Array(n * n);
    const diag: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) a[i * n + j] = rng.normal();
      diag.push(a[i * n + i]);
    }
    for (const balance of [true, false]) {
      const s = eigvals(a, n, { balance });
      expect(Array.from(s.re).sort((x, y) => x - y)).toEqual([...diag].sort((x, y) => x - y));
      expect(Array.from(s.im).every((x) => x === 0)).toBe(true);
    }
  });

  it('finds the known roots of a polynomial from its companion matrix', () => {
    // p(x) = (x - 1)(x - 2)(x + 3)(x - 0.5)(x² - 2x + 5), roots 1, 2, -3, 0.5, 1 ± 2i
    let coeffs = [1]; // highest degree first
    const mulLinear = (c: number[], r: number): number[] =>
      c.map((x, i) => x - r * (i > 0 ? c[i - 1] : 0)).concat([-r * c[c.length - 1]]);
    for (const r of [1, 2, -3, 0.5]) coeffs = mulLinear(coeffs, r);
    const quad = [1, -2, 5];
    const prod = new Array(coeffs.length + 2).fill(0);
    coeffs.forEach((x, i) => quad.forEach((y, j) => (prod[i + j] += x * y)));
    const n = prod.length - 1;
    const a = new Float64Array(n * n);
    for (let j = 0; j < n; j++) a[j] = -prod[j + 1] / prod[0]; // first row
    for (let i = 1; i < n; i++) a[i * n + i - 1] = 1; // subdiagonal
    const expected = spectrum([[1, 0], [2, 0], [-3, 0], [0.5, 0], [1, 2], [1, -2]]);
    for (const balance of [true, false]) {
      expect(multisetDistance(eigvals(a, n, { balance }), expected)).toBeLessThan(1e-11);
    }
  });

  it('gives the pure imaginary pair of a rotation and cos θ ± i sin θ of a 3-d rotation', () => {
    const r90 = eigvals(fromRows([[0, -1], [1, 0]]), 2);
    expect(multisetDistance(r90, spectrum([[0, 1], [0, -1]]))).toBeLessThan(1e-15);
    expectConjugatePairsAdjacent(r90);
    const t = 0.7;
    const c = Math.cos(t);
    const s = Math.sin(t);
    const r3 = fromRows([[c, -s, 0], [s, c, 0], [0, 0, 1]]);
    // rotate the axis so that the matrix is dense
    const q = similar(r3, 3, 11);
    expect(multisetDistance(eigvals(q, 3), spectrum([[1, 0], [c, s], [c, -s]]))).toBeLessThan(1e-13);
  });

  it('resolves repeated eigenvalues: semisimple ones to full accuracy, a 4×4 Jordan block to about ε^(1/4)', () => {
    const n = 7;
    const d = new Float64Array(n * n);
    [2, 2, 2, -1, -1, 5, 0.5].forEach((x, i) => (d[i * n + i] = x));
    const a = similar(d, n, 5);
    const expected = spectrum([[2, 0], [2, 0], [2, 0], [-1, 0], [-1, 0], [5, 0], [0.5, 0]]);
    expect(multisetDistance(eigvals(a, n), expected)).toBeLessThan(1e-12);

    // Jordan block J_4(3): perturbation theory allows errors ~ (ε‖A‖)^(1/4)
    const j = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      j[i * 4 + i] = 3;
      if (i < 3) j[i * 4 + i + 1] = 1;
    }
    const b = similar(j, 4, 9);
    const sb = eigvals(b, 4);
    expect(multisetDistance(sb, spectrum([[3, 0], [3, 0], [3, 0], [3, 0]]))).toBeLessThan(1e-3);
    expect(Math.abs(sumRe(sb) - 12)).toBeLessThan(1e-12);
  });

  it('returns all zeros for the zero matrix and handles n = 0, 1 and 2', () => {
    const z = eigvals(new Float64Array(25), 5);
    expect(Array.from(z.re)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(z.im)).toEqual([0, 0, 0, 0, 0]);
    const e0 = eigvals(new Float64Array(0), 0);
    expect(e0.re.length).toBe(0);
    expect(e0.im.length).toBe(0);
    const e1 = eigvals(Float64Array.of(-4.5), 1);
    expect([e1.re[0], e1.im[0]]).toEqual([-4.5, 0]);
    const e2 = eigvals(fromRows([[2, 1], [1, 2]]), 2);
    expect(multisetDistance(e2, spectrum([[1, 0], [3, 0]]))).toBeLessThan(1e-15);
  });

  it('computes the complex pair 2 ± 3i of a 2×2 matrix in standardised order', () => {
    // trace 4, determinant 3 + 10 = 13  →  λ = 2 ± 3i
    for (const balance of [true, false]) {
      const s = eigvals(fromRows([[1, -5], [2, 3]]), 2, { balance });
      expect(s.re[0]).toBeCloseTo(2, 14);
      expect(s.im[0]).toBeCloseTo(3, 14);
      expectConjugatePairsAdjacent(s);
    }
  });

  it('accepts a matrix that is already upper Hessenberg and matches ml-matrix on it', () => {
    const rng = new Rng(99);
    const n = 25;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = Math.max(0, i - 1); j < n; j++) a[i * n + j] = rng.normal();
    const ref = mlEigvals(a, n);
    for (const balance of [true, false]) {
      expect(multisetDistance(eigvals(a, n, { balance }), ref)).toBeLessThan(1e-11 * maxModulus(ref));
    }
  });

  it('balancing recovers eigenvalues of a matrix with entries from 1e-30 to 1e30', () => {
    // A = D B D⁻¹ with D = diag(2^(±100)): same spectrum as the harmless matrix B
    const n = 8;
    const b = ginibre(new Rng(12), n, 1);
    const expected = mlEigvals(b, n);
    const e = [0, 100, -100, 50, -50, 80, -80, 20];
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) a[i * n + j] = b[i * n + j] * 2 ** (e[i] - e[j]); // exact
    const balanced = eigvals(a, n, { balance: true });
    expect(multisetDistance(balanced, expected)).toBeLessThan(1e-12 * maxModulus(expected));
    // without balancing the huge entries swamp the relevant ones (documents why it is the default)
    const unbalanced = eigvals(a, n, { balance: false });
    expect(multisetDistance(unbalanced, expected)).toBeGreaterThan(1e-6);
  });

  it('scales matrices whose entries are near underflow or overflow (like dgeev) without losing accuracy', () => {
    const n = 40;
    const g = ginibre(new Rng(13), n, 1);
    const ref = eigvals(g, n);
    for (const factor of [1e-300, 1e-200, 1e200, 1e300]) {
      const s = eigvals(g.map((x) => x * factor), n);
      const unscaled = { re: Array.from(s.re, (x) => x / factor), im: Array.from(s.im, (x) => x / factor) };
      expect(multisetDistance(unscaled, ref)).toBeLessThan(1e-12 * maxModulus(ref));
    }
  });

  it('keeps the trace and log|det| identities to 1e-9 and obeys the circular law for n = 300 Ginibre', () => {
    const n = 300;
    const a = ginibre(new Rng(300), n, 1);
    const s = eigvals(a, n);
    const tr = trace(a, n);
    expect(Math.abs(sumRe(s) - tr)).toBeLessThan(1e-9 * Math.max(1, Math.abs(tr)));
    const logDet = logAbsDet(a, n);
    expect(Math.abs(sumLogModulus(s) - logDet)).toBeLessThan(1e-9 * Math.abs(logDet));
    expectConjugatePairsAdjacent(s);
    // circular law: uniform on the unit disk; edge fluctuations ~ n^(-1/2)
    let outside = 0;
    let innerHalf = 0;
    for (let k = 0; k < n; k++) {
      const r = Math.hypot(s.re[k], s.im[k]);
      if (r > 1) outside++;
      if (r < 0.5) innerHalf++;
    }
    expect(outside / n).toBeLessThan(0.05);
    expect(maxModulus(s)).toBeLessThan(1.2);
    expect(Math.abs(innerHalf / n - 0.25)).toBeLessThan(0.05);
  });

  it('handles the all-ones matrix (rank one, exactly structured) with eigenvalues n and 0', () => {
    // Its trailing Hessenberg columns are pure rounding noise; without the negligible-column
    // threshold of the reduction they decay into subnormal numbers and the reduction of a 1000×1000
    // all-ones matrix took ~30 s instead of ~1 s.
    const n = 200;
    const s = eigvals(new Float64Array(n * n).fill(1), n);
    const mods = Array.from(s.re, (r, k) => Math.hypot(r, s.im[k])).sort((x, y) => y - x);
    expect(mods[0]).toBeCloseTo(n, 10);
    expect(mods[1]).toBeLessThan(1e-12 * n);
  });

  it('does not mutate its input', () => {
    for (const n of [30, 100]) {
      const a = ginibre(new Rng(1), n, 1);
      const copy = Float64Array.from(a);
      eigvals(a, n);
      eigvals(a, n, { balance: false });
      eigvals(a, n, { algorithm: 'multishift' });
      eigvals(a, n, { algorithm: 'simple' });
      expect(Buffer.from(a.buffer).equals(Buffer.from(copy.buffer))).toBe(true);
    }
  });

  it('throws InvalidParameterError for non-finite entries, a wrong length, a bad n or bad options', () => {
    const a = ginibre(new Rng(2), 4, 1);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const b = Float64Array.from(a);
      b[5] = bad;
      expect(() => eigvals(b, 4)).toThrow(InvalidParameterError);
    }
    expect(() => eigvals(a, 3)).toThrow(InvalidParameterError);
    expect(() => eigvals(a, -4)).toThrow(InvalidParameterError);
    expect(() => eigvals(new Float64Array(4), 2.5 as number)).toThrow(InvalidParameterError);
    const badOptions: EigvalsOptions[] = [
      { maxIterationsPerEigenvalue: 0 },
      { maxIterationsPerEigenvalue: 1.5 },
      { algorithm: 'fastest' as EigvalsOptions['algorithm'] },
      { balance: 'yes' as unknown as boolean },
    ];
    for (const o of badOptions) expect(() => eigvals(a, 4, o)).toThrow(InvalidParameterError);
  });

  it('throws ConvergenceError when the iteration budget is too small', () => {
    const n = 60;
    const a = ginibre(new Rng(4), n, 1);
    expect(() => eigvals(a, n, { maxIterationsPerEigenvalue: 1 })).toThrow(ConvergenceError);
  });

  it('multishift QR with aggressive early deflation agrees with the double-shift QR on structured matrices of order 76 and 160', () => {
    const rng = new Rng(2718);
    const kinds: Record<string, (n: number) => Float64Array> = {
      ginibre: (n) => ginibre(rng, n, 1),
      sparse: (n) => {
        const a = new Float64Array(n * n);
        for (let k = 0; k < n * n; k++) a[k] = k % (n + 1) === 0 || rng.uniform() < 0.1 ? rng.normal() : 0;
        return a;
      },
      integer: (n) => {
        const a = new Float64Array(n * n);
        for (let k = 0; k < n * n; k++) a[k] = rng.int(5) - 2;
        return a;
      },
      companion: (n) => {
        const a = new Float64Array(n * n);
        for (let j = 0; j < n; j++) a[j] = rng.normal() / n;
        for (let i = 1; i < n; i++) a[i * n + i - 1] = 1;
        return a;
      },
      cyclicPermutation: (n) => {
        // eigenvalues are the n-th roots of unity: all on one circle, a hard case for shifts
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) a[i * n + ((i + 1) % n)] = 1;
        return a;
      },
      rankOne: (n) => {
        const u = rng.normals(n);
        const v = rng.normals(n);
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = u[i] * v[j];
        return a;
      },
      blockDiagonal: (n) => {
        const a = new Float64Array(n * n);
        for (let b = 0; b < n; b += 10)
          for (let i = b; i < Math.min(n, b + 10); i++)
            for (let j = b; j < Math.min(n, b + 10); j++) a[i * n + j] = rng.normal();
        return a;
      },
    };
    for (const [, make] of Object.entries(kinds)) {
      for (const n of [76, 160]) {
        const a = make(n);
        const fro = frobenius(a);
        const simple = eigvals(a, n, { algorithm: 'simple' });
        const multi = eigvals(a, n, { algorithm: 'multishift' });
        expect(multisetDistance(multi, simple)).toBeLessThan(1e-12 * fro);
        expect(Math.abs(sumRe(multi) - trace(a, n))).toBeLessThan(1e-13 * n * fro);
        expectConjugatePairsAdjacent(multi);
      }
    }
  });

  it('blocked and unblocked Hessenberg reductions give the same Hessenberg matrix', () => {
    for (const [n, nb, nx] of [
      [50, 8, 8],
      [157, 16, 32],
      [300, 32, 128],
    ]) {
      const a = ginibre(new Rng(n), n, 1);
      const h1 = Float64Array.from(a);
      const h2 = Float64Array.from(a);
      hessenbergUnblocked(h1, n, n, 0, new Float64Array(4 * n));
      hessenbergReduce(h2, n, n, nb, nx);
      let diff = 0;
      let below = 0;
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          diff = Math.max(diff, Math.abs(h1[i + j * n] - h2[i + j * n]));
          if (i > j + 1) below = Math.max(below, Math.abs(h2[i + j * n]));
        }
      expect(below).toBe(0);
      expect(diff).toBeLessThan(1e-12);
      // a similarity: trace and Frobenius norm preserved
      let t0 = 0;
      let t2 = 0;
      for (let i = 0; i < n; i++) {
        t0 += a[i * n + i];
        t2 += h2[i * n + i];
      }
      expect(Math.abs(t0 - t2)).toBeLessThan(1e-12 * n);
      expect(Math.abs(frobenius(a) - frobenius(h2))).toBeLessThan(1e-12 * frobenius(a));
    }
  });

  it('the double-shift QR with Schur vectors returns an orthogonal Z and a quasi-triangular T = Zᵀ H Z', () => {
    const n = 30;
    const h = ginibre(new Rng(31), n, 1); // column-major view: any matrix; make it Hessenberg
    for (let j = 0; j < n; j++) for (let i = j + 2; i < n; i++) h[i + j * n] = 0;
    const h0 = Float64Array.from(h);
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) z[i + i * n] = 1;
    const wr = new Float64Array(n);
    const wi = new Float64Array(n);
    expect(lahqr(true, true, n, 0, n - 1, h, n, wr, wi, 0, n - 1, z, n, 30 * n)).toBe(0);
    let orth = 0;
    let resid = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let zz = 0;
        let zhz = 0;
        for (let k = 0; k < n; k++) {
          zz += z[k + i * n] * z[k + j * n];
          let hz = 0;
          for (let l = 0; l < n; l++) hz += h0[k + l * n] * z[l + j * n];
          zhz += z[k + i * n] * hz;
        }
        orth = Math.max(orth, Math.abs(zz - (i === j ? 1 : 0)));
        resid = Math.max(resid, Math.abs(zhz - h[i + j * n]));
      }
    expect(orth).toBeLessThan(1e-13);
    expect(resid).toBeLessThan(1e-12);
    for (let j = 0; j < n; j++) for (let i = j + 2; i < n; i++) expect(h[i + j * n]).toBe(0);
    for (let i = 1; i < n - 1; i++) expect(h[i + (i - 1) * n] === 0 || h[i + 1 + i * n] === 0).toBe(true);
  });

  it('the multishift QR with Schur vectors (nested multishift deflation windows) returns an orthogonal Z and T = Zᵀ H Z', () => {
    const n = 160;
    const h = ginibre(new Rng(160), n, 1);
    hessenbergReduce(h, n, n);
    const h0 = Float64Array.from(h);
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) z[i + i * n] = 1;
    const wr = new Float64Array(n);
    const wi = new Float64Array(n);
    const saved = MULTISHIFT_TUNING.windowNmin;
    MULTISHIFT_TUNING.windowNmin = 16; // deflation windows > 16 use the multishift QR themselves
    try {
      expect(laqr0(true, true, n, 1, n, h, n, wr, wi, 1, n, z, n, 30, true)).toBe(0);
    } finally {
      MULTISHIFT_TUNING.windowNmin = saved;
    }
    // Zᵀ Z = I and Zᵀ H0 Z = T, via Y = H0 Z
    const y = new Float64Array(n * n);
    for (let j = 0; j < n; j++)
      for (let l = 0; l < n; l++) {
        const zlj = z[l + j * n];
        if (zlj !== 0) for (let k = 0; k < n; k++) y[k + j * n] += h0[k + l * n] * zlj;
      }
    let orth = 0;
    let resid = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let zz = 0;
        let zy = 0;
        for (let k = 0; k < n; k++) {
          zz += z[k + i * n] * z[k + j * n];
          zy += z[k + i * n] * y[k + j * n];
        }
        orth = Math.max(orth, Math.abs(zz - (i === j ? 1 : 0)));
        resid = Math.max(resid, Math.abs(zy - h[i + j * n]));
      }
    expect(orth).toBeLessThan(1e-12);
    expect(resid).toBeLessThan(1e-11);
    // quasi-triangular, and the eigenvalues on its diagonal agree with the double-shift QR
    for (let i = 1; i < n - 1; i++) expect(h[i + (i - 1) * n] === 0 || h[i + 1 + i * n] === 0).toBe(true);
    const ref = eigvals(ginibre(new Rng(160), n, 1), n, { algorithm: 'simple', balance: false });
    // ginibre() is row-major, hessenbergReduce read it column-major: the spectrum of the transpose is the same
    expect(multisetDistance(eigvalsOfSchur(h, n), ref)).toBeLessThan(1e-11);
    expect(multisetDistance({ re: wr, im: wi }, ref)).toBeLessThan(1e-11);
  });

  it('reordering a real Schur form (dtrexc) moves blocks, keeps the eigenvalues and stays orthogonal', () => {
    const n = 12;
    // a real Schur form with 1×1 and standardised 2×2 blocks: 2×2 blocks at rows 1-2, 5-6, 9-10
    const t = new Float64Array(n * n);
    const rng = new Rng(8);
    for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) t[i + j * n] = rng.normal();
    const diag = [0.5, 2, 2, -1, 3, -0.7, -0.7, 1.5, 4, 0.1, 0.1, -2];
    diag.forEach((d, i) => (t[i + i * n] = d));
    for (const r of [1, 5, 9]) {
      // [a b; c a] with b·c < 0
      t[r + (r + 1) * n] = 1.3;
      t[r + 1 + r * n] = -0.8;
    }
    const before = eigvalsOfSchur(t, n);
    const t0 = Float64Array.from(t);
    const q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) q[i + i * n] = 1;
    // 1-based: move the 2×2 block at rows 10-11 to the top, then the 1×1 at row 1 to the bottom
    trexc(true, n, t, n, q, n, 10, 1);
    expect(TREXC[1]).toBe(0);
    expect(TREXC[0]).toBe(1);
    trexc(true, n, t, n, q, n, 3, n);
    expect(TREXC[1]).toBe(0);
    expect(multisetDistance(eigvalsOfSchur(t, n), before)).toBeLessThan(1e-12);
    // the first block is now the pair 0.1 ± i·sqrt(1.3·0.8)
    expect(t[1]).not.toBe(0);
    expect(t[0]).toBeCloseTo(0.1, 12);
    // Qᵀ T0 Q = T
    let resid = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) s += q[k + i * n] * t0[k + l * n] * q[l + j * n];
        resid = Math.max(resid, Math.abs(s - t[i + j * n]));
      }
    expect(resid).toBeLessThan(1e-12);
  });
});

/** Eigenvalues read off a real Schur form (1×1 blocks and 2×2 blocks with equal diagonal). */
function eigvalsOfSchur(t: Float64Array, n: number): Spectrum {
  const re: number[] = [];
  const im: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && t[i + 1 + i * n] !== 0) {
      const a = t[i + i * n];
      const d = t[i + 1 + (i + 1) * n];
      const bc = t[i + (i + 1) * n] * t[i + 1 + i * n];
      const tr = (a + d) / 2;
      const disc = ((a - d) / 2) ** 2 + bc;
      if (disc < 0) {
        re.push(tr, tr);
        im.push(Math.sqrt(-disc), -Math.sqrt(-disc));
      } else {
        re.push(tr + Math.sqrt(disc), tr - Math.sqrt(disc));
        im.push(0, 0);
      }
      i++;
    } else {
      re.push(t[i + i * n]);
      im.push(0);
    }
  }
  return { re, im };
}
