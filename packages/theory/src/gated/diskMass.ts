/**
 * Eigenvalue mass of the gated-RNN fixed-point Jacobian inside a disk, from the log-potential of
 * [GATE-RMT-7] —
 * ```
 *   mass_hr = (1/2N) #{(h, r) eigenvalues in the disk} = (1/4π) ∮ ∂_nΦ ds = (1/2πi) ∮ G dλ,   G = ∂_λΦ
 *   mass_all = (2N · mass_hr + N · [−1/τ_z inside]) / 3N                                  [GATE-RMT-1]
 * ```
 * (the flux of ∇Φ/(2π) through the circle counts eigenvalues per N; divided by 2 it is the fraction
 * of the 2N (h, r) eigenvalues, [OQ-18]). Both fractions are returned; `mass` is the 3N fraction,
 * the normalisation of simulated masses (`massInDisks` over the full 3N×3N Jacobian).
 *
 * Numerics (`rmt/contourMass.ts`, [NUM-10]): the closed form (α_r = 0) uses the arcs method — exact
 * pole sums outside the bulk, tanh–sinh inside, islands below the node spacing as points — with
 * tolerance 1e-7 by default. The sampled path (α_r ≠ 0) has G by central differences of Φ (four
 * O((2n)³) evaluations per node), so it uses the periodic trapezoid rule from 24 nodes, doubled until
 * the nested-rule error estimate is below `tolerance` (default 2e-3, well below the binomial noise
 * of any finite-network count at N ≤ 1500) or `maxPoints` (default 384). Circles crossing the real
 * segment (−1/τ_h, 0) of slow-mode poles ([GATE-MS-1]) converge slowly on the sampled path (the
 * sample's poles are isolated islands); prefer disks that cut the real axis outside it.
 *
 * A mass outside [0, 1] (beyond `physicalTolerance`) throws NonPhysicalError; a rule that does not
 * reach its tolerance throws ConvergenceError.
 *
 * @module
 */
import { InvalidParameterError, checkFinite, checkInteger } from '@gatefield/numerics';
import { contourMass } from '../rmt/contourMass.js';
import { type GatedLogPotentialOptions, type GatedSpectralModel, gatedSpectralModel } from './logPotential.js';
import type { GatedParameters } from './parameters.js';

/** A disk |λ − (re + i·im)| < r. */
export interface GatedDisk { re: number; im: number; r: number }

/** Options of {@link gatedDiskMass}. */
export interface GatedDiskMassOptions {
  /** Error target of the contour rule. Default 1e-7 (closed form) / 2e-3 (sampled). */
  tolerance?: number;
  /** Initial nodes. Default 96 (closed form) / 24 (sampled). */
  points?: number;
  /** Node cap. Default 2048 (closed form) / 384 (sampled). */
  maxPoints?: number;
  /** Allowed excursion of the mass outside [0, 1] before NonPhysicalError. Default 1e-6 / 5e-3. */
  physicalTolerance?: number;
}

/** Result of {@link gatedDiskMass}. */
export interface GatedDiskMassResult extends GatedDisk {
  /** Fraction of all 3N eigenvalues in the disk (the simulation's normalisation). */
  mass: number;
  /** Fraction of the 2N (h, r) eigenvalues in the disk. */
  massHr: number;
  /** The N z-eigenvalues at −1/τ_z lie inside the disk. */
  zBlockInside: boolean;
  normalisation: string;
  errorEstimate: number;
  converged: true;
  residual: number;
  iterations: number;
  evaluations: number;
  seed: number | null;
  settings: { method: 'closed-form' | 'sampled'; tolerance: number; points: number; maxPoints: number; physicalTolerance: number; contour: 'arcs' | 'trapezoid' };
}

/** Mass in one disk for a model from {@link gatedSpectralModel}. */
export function gatedDiskMass(model: GatedSpectralModel, disk: GatedDisk, options: GatedDiskMassOptions = {}): GatedDiskMassResult {
  if (typeof disk !== 'object' || disk === null) throw new InvalidParameterError('disk', disk, 'an object { re, im, r }');
  checkFinite('disk.re', disk.re);
  checkFinite('disk.im', disk.im);
  if (!(disk.r >= 0) || !Number.isFinite(disk.r)) throw new InvalidParameterError('disk.r', disk.r, '[0, inf)');
  const sampled = model.settings.method === 'sampled';
  if (disk.r === 0) return pointDisk(model, disk);
  const tolerance = checkFinite('tolerance', options.tolerance ?? (sampled ? 2e-3 : 1e-7), 1e-14, 0.1);
  const points = checkInteger('points', options.points ?? (sampled ? 24 : 96), 8, 1 << 16);
  const maxPoints = checkInteger('maxPoints', options.maxPoints ?? (sampled ? 384 : 2048), points, 1 << 20);
  const physicalTolerance = checkFinite('physicalTolerance', options.physicalTolerance ?? (sampled ? 5e-3 : 1e-6), 0, 0.1);
  const contour = sampled ? 'trapezoid' : 'arcs';
  const r = contourMass(model.green, { centre: { re: disk.re, im: disk.im }, radius: disk.r }, { method: contour, points: points + (points % 2), maxPoints, tolerance, physicalTolerance });
  const massHr = r.mass;
  const zBlockInside = Math.hypot(-1 / model.params.tau_z - disk.re, disk.im) < disk.r;
  return {
    ...disk,
    mass: (2 * massHr + (zBlockInside ? 1 : 0)) / 3,
    massHr,
    zBlockInside,
    normalisation: 'mass: fraction of all 3N eigenvalues (N z-eigenvalues at −1/τ_z included); massHr: fraction of the 2N (h, r) eigenvalues',
    errorEstimate: r.errorEstimate,
    converged: true,
    residual: r.errorEstimate,
    iterations: r.points,
    evaluations: r.evaluations,
    seed: model.seed,
    settings: { method: model.settings.method, tolerance, points, maxPoints, physicalTolerance, contour },
  };
}

/**
 * A radius-0 (closed) disk holds only point masses exactly at its centre: the N z-eigenvalues at
 * −1/τ_z [GATE-RMT-1] and, for α_r = 0, the N r-eigenvalues at −1/τ_r (b = φσ_r′ = 0); the continuous
 * density gives 0.
 */
function pointDisk(model: GatedSpectralModel, disk: GatedDisk): GatedDiskMassResult {
  const p = model.params;
  const zBlockInside = disk.im === 0 && disk.re === -1 / p.tau_z;
  const massHr = p.alpha_r === 0 && disk.im === 0 && disk.re === -1 / p.tau_r ? 0.5 : 0;
  return {
    ...disk, mass: (2 * massHr + (zBlockInside ? 1 : 0)) / 3, massHr, zBlockInside,
    normalisation: 'mass: fraction of all 3N eigenvalues (N z-eigenvalues at −1/τ_z included); massHr: fraction of the 2N (h, r) eigenvalues',
    errorEstimate: 0, converged: true, residual: 0, iterations: 0, evaluations: 0, seed: model.seed,
    settings: { method: model.settings.method, tolerance: 0, points: 0, maxPoints: 0, physicalTolerance: 0, contour: model.settings.method === 'sampled' ? 'trapezoid' : 'arcs' },
  };
}

/** Masses in several disks at `params` (one spectral model shared by all disks). */
export function gatedDiskMasses(params: Readonly<Partial<GatedParameters>>, disks: readonly GatedDisk[], options: GatedLogPotentialOptions & { mass?: GatedDiskMassOptions } = {}): GatedDiskMassResult[] {
  const model = gatedSpectralModel(params, options);
  return disks.map((d) => gatedDiskMass(model, d, options.mass));
}
