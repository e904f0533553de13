/**
 * One-call LSTM prediction: mean field ([LSTM-MF-*]), support ([LSTM-RMT-3]), eigenvalue masses in
 * disks ([LSTM-RMT-4], [LSTM-RMT-5] with [NUM-10]), slow modes ([OQ-15]), the origin's Cassini
 * oval ([LSTM-CAS-*]) and the spectral radius, as the typed object the CLI prints with
 * `gatefield predict --json`. The JSON fields shared with `predictGru` have the same names and
 * meanings (meanField.C, meanField.roots, support.abscissa, support.leftEdge, support.boundary,
 * masses[].mass), except that **masses are fractions of all 2N eigenvalues** of the (h, c)
 * Jacobian ([OQ-18]), as `massNormalisation` says.
 *
 * The spectrum is computed at a mean-field root, or at an imposed C (`C` option: the iid-diagonal
 * ensemble of [LSTM-REF-1] is defined by C = 0.4 rather than by a root). Only the relaxation form of
 * the h-equation ([LSTM-M-2], [OQ-7] default) has a spectral theory here.
 */
import { checkFinite, InvalidParameterError, type NumericsWarning, WarningLog } from '@gatefield/numerics';
import type { ContourMassOptions } from '../rmt/contourMass.js';
import { lstmOrigin, type LstmOrigin } from './cassini.js';
import { type LstmDisk, lstmDiskMasses, type LstmPredictedMass, type LstmRootOptions } from './density.js';
import {
  type LstmMeanFieldRoot,
  type LstmQuadratureOptions,
  lstmRootQuantities,
  lstmSiteAverages,
  type ResolvedLstmQuadrature,
  resolveLstmQuadrature,
  selectLstmRoots,
  solveLstmMeanField,
} from './meanField.js';
import { type LstmParameterInput, type LstmParameters, resolveLstmParameters } from './model.js';
import { DEFAULT_LSTM_SITE_QUADRATURE, lstmQuadratureSites, type LstmSiteQuadratureOptions, lstmSiteWarnings } from './sites.js';
import { type LstmSlowModes, lstmSlowModes } from './slowModes.js';
import { lstmSupportSpectralRadius } from './spectralRadius.js';
import { type LstmSupport, lstmSupport } from './support.js';

/** Options of {@link predictLstm}. */
export interface LstmPredictionOptions {
  /** Which mean-field root: 'largest' (default), 'smallest', or an index into the ascending roots. */
  root?: 'largest' | 'smallest' | number;
  /** Impose C = ⟨h²⟩ instead of a root (iid-diagonal ensembles, [LSTM-REF-1]). */
  C?: number;
  /** h-equation ([OQ-7]); only 'relaxation' (default) has a spectral theory. */
  hForm?: 'relaxation' | 'algebraic';
  /** Disks whose eigenvalue mass (fraction of the 2N eigenvalues) is predicted. */
  disks?: LstmDisk[];
  quadrature?: LstmQuadratureOptions;
  /** Lattice sites of the density ({@link lstmQuadratureSites}). */
  sites?: LstmSiteQuadratureOptions;
  boundaryPoints?: number;
  /** Contour options; default tolerance 1e-6 (counting noise at N ~ 10³ is ~1e-2, [NUM-14]). */
  contour?: ContourMassOptions;
  /** Ψ-root options. */
  psi?: LstmRootOptions;
  /** δ of the slow-mode count #{|λ| < δ}/N against P(1 − f < δ) ([OQ-15]). Default 0.02 ([LSTM-REF-1]). */
  slowModeDelta?: number;
}

/** Result of {@link predictLstm}. */
export interface LstmPrediction {
  model: 'lstm';
  parameters: LstmParameters;
  hForm: 'relaxation';
  meanField: {
    /** C used for the spectrum (a root, or the imposed value). */
    C: number;
    /** True when C was imposed (then `branch` is 'imposed'). */
    imposed: boolean;
    branch: LstmMeanFieldRoot['branch'] | 'imposed';
    o2: number;
    phiC2: number;
    sigmaPrimeO2: number;
    meanA2: number;
    meanF: number;
    /** Γ² = Λ(0): λ = 0 inside the bulk iff > 1. */
    gamma2: number;
    /** Every root of [LSTM-MF-3] ([NUM-6]). */
    roots: LstmMeanFieldRoot[];
    converged: true;
    residual: number;
    iterations: number;
  };
  support: LstmSupport;
  /** Disk masses, each a fraction of all 2N eigenvalues. */
  masses: LstmPredictedMass[];
  /** Normalisation of `masses` ([OQ-18]). */
  massNormalisation: 'fraction of all 2N eigenvalues';
  density: 'psi';
  slowModes: LstmSlowModes;
  /** [LSTM-MF-4], [LSTM-CAS-*]: only when β_c = 0. */
  origin: LstmOrigin | null;
  /** max |λ| over the support ([LSTM-RMT-3]). */
  spectralRadius: number;
  settings: {
    root: 'largest' | 'smallest' | number;
    quadrature: ResolvedLstmQuadrature;
    sites: Required<LstmSiteQuadratureOptions>;
    siteCount: number;
  };
  /**
   * Quadrature warnings (numerics warnings.ts): the gate rules of the mean field at every root and
   * at the C used (`lstmRuleWarnings`, also on `support.warnings`), and the site lattice of the
   * density and slow modes ({@link lstmSiteWarnings}).
   */
  warnings: NumericsWarning[];
}

/** Validate a disk list (finite centre, radius > 0). */
export function checkLstmDisks(disks: LstmDisk[]): LstmDisk[] {
  return disks.map((d, i) => ({
    re: checkFinite(`disk[${i}].re`, d.re),
    im: checkFinite(`disk[${i}].im`, d.im),
    r: checkFinite(`disk[${i}].r`, d.r, 0, 1e6, '[0, 1e6]'),
  }));
}

/** The warnings of a prediction, without duplicates: mean field, support (rules at C), site lattice. */
function predictionWarnings(...lists: readonly NumericsWarning[][]): NumericsWarning[] {
  const log = new WarningLog();
  for (const l of lists) log.addAll(l);
  return log.list();
}

/** Predict everything for an LSTM parameter set (see the module comment). */
export function predictLstm(params: LstmParameterInput, options: LstmPredictionOptions = {}): LstmPrediction {
  const p = resolveLstmParameters(params);
  if (options.hForm !== undefined && options.hForm !== 'relaxation') {
    throw new InvalidParameterError(
      'hForm',
      options.hForm,
      "'relaxation'",
      `hForm ${JSON.stringify(options.hForm)} has no spectral theory in this library: the algebraic h = o ⊙ tanh(c) changes the Jacobian ([OQ-7]); use hForm 'relaxation' (the default)`,
    );
  }
  const rootChoice = options.root ?? 'largest';
  if (rootChoice !== 'largest' && rootChoice !== 'smallest' && !(typeof rootChoice === 'number' && Number.isInteger(rootChoice) && rootChoice >= 0)) {
    throw new InvalidParameterError('root', rootChoice, "'largest', 'smallest' or a root index ≥ 0");
  }
  const disks = checkLstmDisks(options.disks ?? []);
  const delta = checkFinite('slowModeDelta', options.slowModeDelta ?? 0.02, 0, 1);
  if (!(delta > 0)) throw new InvalidParameterError('slowModeDelta', delta, '(0, 1]');
  const q = resolveLstmQuadrature(options.quadrature);
  const mf = solveLstmMeanField(p, { quadrature: q });
  if (typeof rootChoice === 'number' && rootChoice >= mf.roots.length) {
    throw new InvalidParameterError('root', rootChoice, `root indices 0..${mf.roots.length - 1} (there are ${mf.roots.length} mean-field roots)`);
  }
  const imposed = options.C !== undefined;
  const root: LstmMeanFieldRoot = imposed
    ? lstmRootQuantities(checkFinite('C', options.C, 0, 1), p, q, 'single')
    : typeof rootChoice === 'number'
      ? mf.roots[rootChoice]
      : selectLstmRoots(mf.roots, rootChoice)[0];
  const averages = lstmSiteAverages(root.C, p, q);
  const support = lstmSupport(averages, p.alpha_f === 0 || root.C === 0, { boundaryPoints: options.boundaryPoints });
  const siteOptions: Required<LstmSiteQuadratureOptions> = { ...DEFAULT_LSTM_SITE_QUADRATURE, ...options.sites };
  const sites = lstmQuadratureSites(root, p, siteOptions);
  const massOptions = { contour: options.contour, root: options.psi };
  const masses = lstmDiskMasses(sites, disks, massOptions);
  const slowModes = lstmSlowModes(sites, root.C, p, delta, massOptions);
  return {
    model: 'lstm',
    parameters: p,
    hForm: 'relaxation',
    meanField: {
      C: root.C,
      imposed,
      branch: imposed ? 'imposed' : root.branch,
      o2: root.o2,
      phiC2: root.phiC2,
      sigmaPrimeO2: root.sigmaPrimeO2,
      meanA2: root.meanA2,
      meanF: root.meanF,
      gamma2: root.gamma2,
      roots: mf.roots,
      converged: true,
      residual: mf.residual,
      iterations: mf.iterations,
    },
    support,
    masses,
    massNormalisation: 'fraction of all 2N eigenvalues',
    density: 'psi',
    slowModes,
    origin: p.beta_c === 0 ? lstmOrigin(p) : null,
    spectralRadius: lstmSupportSpectralRadius(support),
    settings: { root: rootChoice, quadrature: q, sites: siteOptions, siteCount: sites.weights.length },
    warnings: predictionWarnings(mf.warnings, support.warnings, lstmSiteWarnings(root.C, p, siteOptions.points)),
  };
}
