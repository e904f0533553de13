/**
 * One-call GRU prediction: mean field ([GRU-MF-*]), support ([GRU-RMT-*]), eigenvalue masses in
 * disks ([GRU-SCBA-6] / [PSI-3] with [NUM-10]) and the large-α_z limits ([GRU-LIM-*]), as the
 * typed object the CLI prints with `gatefield predict --json`.
 *
 * The density is computed from mean-field sites ({@link gruQuadratureSites}): the hermitised SCBA
 * whenever the reset-derivative term is present (α_r > 0 at a nontrivial fixed point), the
 * closed-form Ψ-formula when d ≡ 0 (identical there, [NUM-9]), or as requested.
 */
import { checkFinite, ConvergenceError, InvalidParameterError, type NumericsWarning, WarningLog } from '@gatefield/numerics';
import { contourMass, type ContourMassOptions, type ContourMassResult } from '../rmt/contourMass.js';
import { gruPsiModel, psiGreenFunction } from '../rmt/logPotential.js';
import { scbaGreenFunction, type ScbaOptions } from '../rmt/scba.js';
import type { QuadratureOptions } from '../quadrature.js';
import { gruOrigin, gruVanillaLimit, marginalStabilityClass, openGateFraction, type SaturationLimit, saturatedSpectrum, slowModeFraction, type StabilityClass } from './limits.js';
import { type GruMeanFieldRoot, type GruParameters, resolveGruParameters, selectRoots, solveGruMeanField } from './meanField.js';
import { DEFAULT_SITE_QUADRATURE, gruQuadratureSites, type GruSiteQuadratureOptions } from './sites.js';
import { gruSupport, type GruSupport } from './support.js';

/** A disk |λ − (re + i im)| ≤ r. */
export interface Disk {
  re: number;
  im: number;
  r: number;
}

/** Options of {@link predictGru}. */
export interface GruPredictionOptions {
  /** Which mean-field root the spectrum is computed at: 'largest' (default), 'smallest', or an index into the ascending roots. */
  root?: 'largest' | 'smallest' | number;
  /** Disks whose eigenvalue mass (fraction of the N eigenvalues) is predicted. */
  disks?: Disk[];
  /** 'auto' (default): SCBA if d ≢ 0, else Ψ; or force 'scba' / 'psi' (psi drops the reset-derivative term). */
  density?: 'auto' | 'scba' | 'psi';
  quadrature?: QuadratureOptions;
  sites?: GruSiteQuadratureOptions;
  boundaryPoints?: number;
  /**
   * Contour options. Default tolerance 1e-5: the site quadrature resolves the law of s to ~1e-3 in
   * probability and finite-N counting noise is ~1e-2 ([NUM-14]), so a tighter contour buys nothing.
   */
  contour?: ContourMassOptions;
  scba?: ScbaOptions;
  /** Saturated-update-gate limit convention ([OQ-3]). Default 'fixed-bias'. */
  saturationLimit?: SaturationLimit;
  /** δ of the slow-mode estimate P(s < δ) ([GRU-LIM-9]). Default 0.03. */
  slowModeDelta?: number;
}

/** A predicted disk mass. */
export interface PredictedMass extends Disk {
  /** Fraction of the N eigenvalues inside the disk. */
  mass: number;
  converged: true;
  errorEstimate: number;
  points: number;
  method: ContourMassResult['method'];
}

/** Result of {@link predictGru}. */
export interface GruPrediction {
  model: 'gru';
  parameters: GruParameters;
  meanField: {
    C: number;
    deltaEta: number;
    gamma2: number;
    gamma2NoResetDerivative: number;
    R2: number;
    Qr: number;
    phiPrime2: number;
    branch: GruMeanFieldRoot['branch'];
    roots: GruMeanFieldRoot[];
    converged: true;
    residual: number;
    iterations: number;
  };
  support: GruSupport;
  masses: PredictedMass[];
  /** Normalisation of `masses` ([OQ-18]). */
  massNormalisation: 'fraction of the N eigenvalues';
  density: 'scba' | 'psi';
  limits: {
    /** [GRU-LIM-3] */
    p1: number;
    /** [GRU-LIM-8] — behaviour of this fixed point as α_z → ∞ */
    saturatedStability: StabilityClass;
    /** [GRU-LIM-4] */
    saturatedSpectrum: ReturnType<typeof saturatedSpectrum>;
    /** [GRU-LIM-9] — P(s < δ) */
    slowModeFraction: { delta: number; fraction: number };
    /** [GRU-LIM-1], only when β_h = 0 */
    origin: ReturnType<typeof gruOrigin> | null;
    /** [GRU-LIM-2] */
    vanillaLimit: ReturnType<typeof gruVanillaLimit>;
  };
  settings: {
    root: 'largest' | 'smallest' | number;
    saturationLimit: SaturationLimit;
    sites: Required<GruSiteQuadratureOptions>;
    siteCount: number;
  };
  /**
   * Quadrature warnings (numerics warnings.ts): a gate rule (reset gate in the mean field, update
   * gate in the support) resolves its gate with fewer than 1.5 nodes per width ([NUM-REF-2]).
   */
  warnings: NumericsWarning[];
}

/** Validate a disk list (finite centre, radius ≥ 0). */
export function checkDisks(disks: Disk[]): Disk[] {
  return disks.map((d, i) => ({
    re: checkFinite(`disk[${i}].re`, d.re),
    im: checkFinite(`disk[${i}].im`, d.im),
    r: checkFinite(`disk[${i}].r`, d.r, 0, 1e6, '[0, 1e6]'),
  }));
}

/**
 * Mean-field warnings plus those of the support ([GRU-RMT-5], [NUM-REF-2]): `gruSupport` reports the
 * update-gate rule at C both when it is too coarse for the gate and when the sharp-gate grid is capped
 * at `maxSharpPoints` (`gateRuleWarnings`).
 */
function predictionWarnings(mfWarnings: readonly NumericsWarning[], supportWarnings: readonly NumericsWarning[]): NumericsWarning[] {
  const log = new WarningLog();
  log.addAll(mfWarnings);
  log.addAll(supportWarnings);
  return log.list();
}

/** Predict everything for a GRU parameter set (see the module comment). */
export function predictGru(params: Partial<Record<string, unknown>>, options: GruPredictionOptions = {}): GruPrediction {
  const p = resolveGruParameters(params);
  const rootChoice = options.root ?? 'largest';
  if (rootChoice !== 'largest' && rootChoice !== 'smallest' && !(typeof rootChoice === 'number' && Number.isInteger(rootChoice) && rootChoice >= 0)) {
    throw new InvalidParameterError('root', rootChoice, "'largest', 'smallest' or a root index ≥ 0");
  }
  const disks = checkDisks(options.disks ?? []);
  const saturationLimit = options.saturationLimit ?? 'fixed-bias';
  const delta = checkFinite('slowModeDelta', options.slowModeDelta ?? 0.03, 0, 1);
  const mf = solveGruMeanField(p as unknown as Record<string, number>, { quadrature: options.quadrature });
  if (typeof rootChoice === 'number' && rootChoice >= mf.roots.length) {
    throw new InvalidParameterError('root', rootChoice, `root indices 0..${mf.roots.length - 1} (there are ${mf.roots.length} mean-field roots)`);
  }
  const [root] = typeof rootChoice === 'number' ? [mf.roots[rootChoice]] : selectRoots(mf.roots, rootChoice);
  const law = { C: root.C, alpha_z: p.alpha_z, beta_z: p.beta_z };
  const support = gruSupport(root.gamma2, law, { quadrature: options.quadrature, boundaryPoints: options.boundaryPoints });
  const siteOptions: Required<GruSiteQuadratureOptions> = { ...DEFAULT_SITE_QUADRATURE, ...options.sites };
  const hasResetDerivative = p.alpha_r > 0 && root.C > 0;
  const density = options.density === 'scba' || options.density === 'psi' ? options.density : hasResetDerivative ? 'scba' : 'psi';
  let masses: PredictedMass[] = [];
  let siteCount = 0;
  if (disks.length > 0) {
    const sites = gruQuadratureSites(root, p, siteOptions);
    siteCount = sites.weights.length;
    const gH2 = p.g_h * p.g_h;
    const green = density === 'scba' ? scbaGreenFunction(sites, { gH2 }, options.scba) : psiGreenFunction(gruPsiModel(sites, gH2));
    masses = disks.map((d) => {
      // A point carries no mass of the (absolutely continuous) N → ∞ density.
      if (d.r === 0) return { ...d, mass: 0, converged: true as const, errorEstimate: 0, points: 0, method: 'trapezoid' as const };
      let r: ContourMassResult;
      try {
        r = contourMass(green, { centre: { re: d.re, im: d.im }, radius: d.r }, { tolerance: 1e-5, ...options.contour });
      } catch (e) {
        if (!(e instanceof ConvergenceError)) throw e;
        // Typically a circle through the pole cluster at λ ≈ −s of a sharp update gate: say what to change.
        throw new ConvergenceError(
          `disk mass |λ − (${d.re}${d.im >= 0 ? '+' : ''}${d.im}i)| ≤ ${d.r} (move or resize the disk so its circle avoids the segment [−1, 0] where the update-gate poles sit, raise contour.maxPoints, or lower α_z), at ${e.message.split(' did not converge')[0]}`,
          e.residual, e.iterations, { ...e.settings },
        );
      }
      return { ...d, mass: r.mass, converged: true as const, errorEstimate: r.errorEstimate, points: r.points, method: r.method };
    });
  }
  const p1 = p.alpha_z > 0 || saturationLimit === 'fixed-bias' ? openGateFraction(root.C, p, saturationLimit) : 0.5;
  return {
    model: 'gru',
    parameters: p,
    meanField: {
      C: root.C,
      deltaEta: root.deltaEta,
      gamma2: root.gamma2,
      gamma2NoResetDerivative: root.gamma2NoResetDerivative,
      R2: root.R2,
      Qr: root.Qr,
      phiPrime2: root.phiPrime2,
      branch: root.branch,
      roots: mf.roots,
      converged: true,
      residual: mf.residual,
      iterations: mf.iterations,
    },
    support,
    masses,
    massNormalisation: 'fraction of the N eigenvalues',
    density,
    limits: {
      p1,
      saturatedStability: marginalStabilityClass(root.gamma2, p1),
      saturatedSpectrum: saturatedSpectrum(root.gamma2, p1),
      slowModeFraction: { delta, fraction: slowModeFraction(delta, root.C, p.alpha_z, p.beta_z) },
      origin: p.beta_h === 0 ? gruOrigin(p) : null,
      vanillaLimit: gruVanillaLimit(p),
    },
    settings: { root: rootChoice, saturationLimit, sites: siteOptions, siteCount },
    warnings: predictionWarnings(mf.warnings, support.warnings),
  };
}
