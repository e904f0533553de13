/**
 * Eigenvalues of a dense real (Jacobian) matrix, with the cross-check of [NUM-11]: Σλ = trace.
 *
 * Uses `eigvals` of `@gatefield/numerics` (LAPACK-style balancing + Hessenberg + Francis QR,
 * eigenvalues only). While that function is not yet exported from the numerics package, this
 * falls back to ml-matrix's `EigenvalueDecomposition` (which also builds eigenvectors, so it is
 * several times slower); `spectrum(...).solver` says which one ran.
 *
 * @module
 */
import * as numerics from '@gatefield/numerics';
import { InvalidParameterError } from '@gatefield/numerics';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Eigenvalues as parallel arrays of real and imaginary parts. */
export interface Eigenvalues {
  re: Float64Array;
  im: Float64Array;
}

/** Result of {@link spectrum}. */
export interface Spectrum extends Eigenvalues {
  n: number;
  /** trace(A). */
  trace: number;
  /** |Σ Re λ − trace(A)| / max(1, Σ_i |A_ii|): should be ~1e-13 ([NUM-11]). */
  traceError: number;
  /** Which eigen-solver ran. */
  solver: 'numerics.eigvals' | 'ml-matrix';
}

type EigvalsFn = (a: Float64Array, n: number) => Eigenvalues;

/** `eigvals` from @gatefield/numerics if that package exports it, else null. */
function numericsEigvals(): EigvalsFn | null {
  const f = (numerics as unknown as { eigvals?: unknown }).eigvals;
  return typeof f === 'function' ? (f as EigvalsFn) : null;
}

/** All eigenvalues of the row-major n×n matrix `a` (not modified). */
export function spectrum(a: Float64Array, n: number): Spectrum {
  if (!Number.isInteger(n) || n < 0) throw new InvalidParameterError('n', n, 'non-negative integers');
  if (!(a instanceof Float64Array) || a.length !== n * n) {
    throw new InvalidParameterError('matrix.length', a instanceof Float64Array ? a.length : typeof a, `a Float64Array of length n² = ${n * n}`);
  }
  const fast = numericsEigvals();
  let eig: Eigenvalues;
  if (fast) {
    eig = fast(a, n);
  } else {
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(a.subarray(i * n, (i + 1) * n)));
    const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: false });
    eig = { re: Float64Array.from(evd.realEigenvalues), im: Float64Array.from(evd.imaginaryEigenvalues) };
  }
  let trace = 0, absDiag = 0, sum = 0;
  for (let i = 0; i < n; i++) {
    trace += a[i * n + i];
    absDiag += Math.abs(a[i * n + i]);
    sum += eig.re[i];
  }
  return { ...eig, n, trace, traceError: Math.abs(sum - trace) / Math.max(1, absDiag), solver: fast ? 'numerics.eigvals' : 'ml-matrix' };
}
