/**
 * Statistics of a finite spectrum {λ_a} (a = 1..M, M = number of eigenvalues = nState·N) used to
 * compare finite networks with the theory ([NUM-10], [NUM-14], [GRU-REF-2], [GRU-REF-5]).
 *
 * **Mass convention:** the mass of a region is the *fraction* of all eigenvalues inside it,
 * count / M (so the whole plane has mass 1), matching (1/2πi)∮G dλ with G normalised by 1/M.
 * Disks are closed: |λ − c| ≤ r. With one realisation the counting noise of a mass m is about
 * √(m(1−m)/M) (±0.01 at M ~ 10³, [NUM-14]). Prefer masses to extremes: extreme eigenvalues fall
 * short of predicted edges at finite N ([NUM-13]).
 *
 * @module
 */
import { InvalidParameterError } from '@gatefield/numerics';
import type { Eigenvalues } from './spectrum.js';

/** A closed disk {λ : |λ − (re + i·im)| ≤ r} of the complex plane. */
export interface Disk {
  re: number;
  im: number;
  r: number;
}

/** A point of the complex plane. */
export interface ComplexPoint {
  re: number;
  im: number;
}

function count(eigs: Eigenvalues): number {
  if (eigs.re.length !== eigs.im.length) throw new InvalidParameterError('eigenvalues', `${eigs.re.length} re / ${eigs.im.length} im`, 're and im of equal length');
  if (eigs.re.length === 0) throw new InvalidParameterError('eigenvalues', 0, 'a non-empty spectrum');
  return eigs.re.length;
}

/** Mass (count / total number of eigenvalues) inside the closed disk. */
export function massInDisk(eigs: Eigenvalues, disk: Disk): number {
  return massInDisks(eigs, [disk])[0];
}

/** Mass (count / total number of eigenvalues) inside each closed disk. */
export function massInDisks(eigs: Eigenvalues, disks: readonly Disk[]): number[] {
  const m = count(eigs);
  return disks.map((d) => {
    if (!(d.r >= 0) || !Number.isFinite(d.re) || !Number.isFinite(d.im)) throw new InvalidParameterError('disk', JSON.stringify(d), 'finite centre and radius r ≥ 0');
    const r2 = d.r * d.r;
    let c = 0;
    for (let a = 0; a < m; a++) {
      const x = eigs.re[a] - d.re, y = eigs.im[a] - d.im;
      if (x * x + y * y <= r2) c++;
    }
    return c / m;
  });
}

/** Spectral abscissa max_a Re λ_a (stability: < 0). */
export function abscissa(eigs: Eigenvalues): number {
  const m = count(eigs);
  let v = -Infinity;
  for (let a = 0; a < m; a++) v = Math.max(v, eigs.re[a]);
  return v;
}

/** Left edge min_a Re λ_a. */
export function leftEdge(eigs: Eigenvalues): number {
  const m = count(eigs);
  let v = Infinity;
  for (let a = 0; a < m; a++) v = Math.min(v, eigs.re[a]);
  return v;
}

/** Distances |λ_a − centre|, sorted ascending. */
export function sortedRadii(eigs: Eigenvalues, center: ComplexPoint): Float64Array {
  const m = count(eigs);
  const d = new Float64Array(m);
  for (let a = 0; a < m; a++) d[a] = Math.hypot(eigs.re[a] - center.re, eigs.im[a] - center.im);
  return d.sort();
}

/**
 * Radial CDF about `center`: out[q] = mass of the closed disk of radius radii[q] about the centre,
 * i.e. #{a : |λ_a − centre| ≤ radii[q]} / total ([GRU-REF-5]).
 */
export function radialCdf(eigs: Eigenvalues, center: ComplexPoint, radii: ArrayLike<number>): Float64Array {
  const d = sortedRadii(eigs, center);
  const m = d.length;
  const out = new Float64Array(radii.length);
  for (let q = 0; q < radii.length; q++) {
    const r = radii[q];
    // number of d ≤ r: first index with d > r
    let lo = 0, hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (d[mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    out[q] = lo / m;
  }
  return out;
}
