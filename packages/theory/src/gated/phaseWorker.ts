/**
 * Per-task kernels of the gated-RNN phase diagram ({@link gatedPhaseDiagram}, [GATE-PD]) and the
 * worker-thread entry that runs them. Every kernel is a pure function of a plain, serialisable
 * {@link GatedPhaseSpec} and an index, so the results do not depend on which thread (or how many)
 * computed them. The module-level caches below only memoise pure functions of their keys.
 *
 * Labels at a grid point (parameters = the fixed ones with the two axis values set):
 * - zero fixed point (β_h = 0 only): stable ⇔ g_h ≤ 1 + e^{β_r} — [GATE-TR-1], [GATE-RMT-5] (a point
 *   exactly on the line counts as stable);
 * - non-zero fixed points (β_h = 0): every root u of g_h(u) = g_h on the explicit branch
 *   [GATE-TR-2] (log-spaced scan in u, sign changes refined by Brent in ln u), each with its stability
 *   functional Γ [GATE-RMT-4] (stable ⇔ Γ < 1); for β_h ≠ 0 the unique fixed point of [GATE-FP-1] by
 *   damped iteration;
 * - subcritical ⇔ α_r²(1 − s)(2 − 3s) > 2 and the saddle-node g_h^FP — [GATE-TR-3], [GATE-TR-4];
 * - topological complexity on ⇔ an unstable non-zero fixed point exists — [GATE-KR-5];
 * - chaotic attractor — [GATE-TR-5]: for g_h > 1 + e^{β_r} with no stable fixed point, present (the
 *   "chaos only" row of [GATE-REF-EX]); below g_h^FP absent (ordering g_h^FP < g_h^chaos); in
 *   between, from the chaos-onset curve (g_h ≥ g_h^chaos, computed by continuation at sample values
 *   of the other axis, {@link gatedPhaseOnset}) or, with `chaos: 'per-point'`, from a cold-started
 *   DMFT at the point itself ([GATE-NUM-3]); null where it cannot be decided (α_z ≠ 0 below the origin
 *   line: scheme B needs α_z = 0; `chaos: 'off'`; β_h ≠ 0);
 * - marginal stability — [GATE-MS-1], [GATE-MS-2]: a stable fixed point whose fraction of units with
 *   σ_z(z) < ε τ_h is at least `marginalFraction` (an extensive number of eigenvalues near λ = 0).
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConvergenceError, InvalidParameterError, NonPhysicalError, brent, logGrid } from '@gatefield/numerics';
import { type ResolvedQuadrature, resolveQuadrature } from '../quadrature.js';
import { gatedChaoticBranchOnset } from './chaoticBranch.js';
import { type GatedDmftOptions, solveGatedDmft } from './dmft.js';
import { gatedFixedPoint } from './fixedPoint.js';
import { type GatedParameters, gatedRestingGate, resolveGatedParameters } from './parameters.js';
import type { GatedPhaseOnset, GatedPhasePoint, GatedPhaseRegion, GatedPhaseRoot, GatedPhaseSpec } from './phaseDiagram.js';
import { gatedSlowModeCount } from './support.js';
import { type GatedSaddleNodeResult, gatedBranchCurvature, gatedBranchGain, gatedBranchPoint, gatedFixedPointSaddleNode, gatedOriginGain } from './transitions.js';

/** Axis value k (k = 0..count−1): lo + k(hi − lo)/(count − 1), exactly hi at the end (as the GRU diagram). */
export function gatedAxisValue(a: Pick<GatedPhaseSpec['x'], 'lo' | 'hi' | 'count'>, k: number): number {
  return k === a.count - 1 ? a.hi : a.lo + ((a.hi - a.lo) * k) / (a.count - 1);
}

/** Resolved numerical settings of a phase spec (defaults documented on {@link GatedPhaseSpec}). */
export function gatedPhaseSettings(spec: GatedPhaseSpec) {
  return {
    chaos: spec.chaos ?? 'onset-curve',
    marginalEpsilon: spec.marginalEpsilon ?? 0.02,
    marginalFraction: spec.marginalFraction ?? 0.1,
    uMin: spec.branchScan?.uMin ?? 1e-6,
    uMax: spec.branchScan?.uMax ?? 400,
    scanPoints: spec.branchScan?.points ?? 240,
    rootTolerance: spec.branchScan?.tol ?? 1e-12,
    quadrature: resolveQuadrature(spec.quadrature),
  };
}

/** Parameters at grid point (i, j). */
export function gatedPointParameters(spec: GatedPhaseSpec, i: number, j: number): GatedParameters {
  return resolveGatedParameters({ ...spec.parameters, [spec.x.name]: gatedAxisValue(spec.x, i), [spec.y.name]: gatedAxisValue(spec.y, j) });
}

const scanCache = new Map<string, { lu: Float64Array; g: Float64Array }>();
const saddleCache = new Map<string, GatedSaddleNodeResult>();
const bounded = <T>(m: Map<string, T>, k: string, make: () => T): T => {
  let v = m.get(k);
  if (v === undefined) {
    if (m.size > 4096) m.clear();
    v = make();
    m.set(k, v);
  }
  return v;
};

/** g_h(u) of [GATE-TR-2] on the log-spaced scan grid (memoised per (α_r, β_r, settings)). */
function branchScan(alphaR: number, betaR: number, s: ReturnType<typeof gatedPhaseSettings>) {
  const key = `${alphaR}|${betaR}|${s.uMin}|${s.uMax}|${s.scanPoints}|${JSON.stringify(s.quadrature)}`;
  return bounded(scanCache, key, () => {
    const grid = logGrid(s.uMin, s.uMax, s.scanPoints);
    const lu = new Float64Array(grid.length);
    const g = new Float64Array(grid.length);
    for (let k = 0; k < grid.length; k++) {
      lu[k] = Math.log(grid[k]);
      g[k] = gatedBranchGain(alphaR, betaR, grid[k], s.quadrature);
    }
    return { lu, g };
  });
}

/** Saddle-node g_h^FP [GATE-TR-4] (memoised per (α_r, β_r, quadrature)). */
export function gatedPhaseSaddleNode(alphaR: number, betaR: number, q: ResolvedQuadrature): GatedSaddleNodeResult {
  return bounded(saddleCache, `${alphaR}|${betaR}|${JSON.stringify(q)}`, () => gatedFixedPointSaddleNode({ alpha_r: alphaR, beta_r: betaR }, { quadrature: q }));
}

/** Non-zero fixed points at β_h = 0: roots of g_h(u) = g_h on the explicit branch [GATE-TR-2]. */
function branchRoots(p: GatedParameters, s: ReturnType<typeof gatedPhaseSettings>): { roots: GatedPhaseRoot[]; evaluations: number } {
  const { lu, g } = branchScan(p.alpha_r, p.beta_r, s);
  const roots: GatedPhaseRoot[] = [];
  let evaluations = 0;
  for (let k = 0; k + 1 < lu.length; k++) {
    const fa = g[k] - p.g_h, fb = g[k + 1] - p.g_h;
    if (fa === 0 || fa * fb < 0) {
      const r = brent((l) => { evaluations++; return gatedBranchGain(p.alpha_r, p.beta_r, Math.exp(l), s.quadrature) - p.g_h; }, lu[k], lu[k + 1], { xtol: s.rootTolerance });
      const bp = gatedBranchPoint({ ...p, g_h: p.g_h }, Math.exp(r.root), s.quadrature);
      roots.push({ u: bp.u, deltaH: bp.deltaH, deltaR: bp.deltaR, stabilityFunctional: bp.stabilityFunctional, stable: bp.stabilityFunctional < 1 });
    }
  }
  return { roots, evaluations };
}

/**
 * Fraction of units with σ_z(z) < ε τ_h at a fixed point with gate variance Δ_z [GATE-MS-1]; at
 * Δ_z = 0 or α_z = 0 every unit has σ_z = s_z, so the fraction is 0 or 1.
 */
export function gatedSlowFraction(p: GatedParameters, deltaZ: number, epsilon: number): number {
  if (p.alpha_z > 0 && deltaZ > 0) return gatedSlowModeCount(p, deltaZ, 1, epsilon);
  return gatedRestingGate(p.beta_z) < epsilon * p.tau_h ? 1 : 0;
}

/** g_h^chaos at grid index k of the other axis, exact or interpolated (null if unknown). */
function onsetAt(spec: GatedPhaseSpec, onsets: readonly GatedPhaseOnset[], k: number): { value: number; interpolated: boolean } | null {
  const exact = onsets.find((o) => o.index === k);
  if (exact) return exact.onset === null ? null : { value: exact.onset, interpolated: false };
  let lo: GatedPhaseOnset | undefined, hi: GatedPhaseOnset | undefined;
  for (const o of onsets) {
    if (o.onset === null) continue;
    if (o.index < k && (!lo || o.index > lo.index)) lo = o;
    if (o.index > k && (!hi || o.index < hi.index)) hi = o;
  }
  if (!lo || !hi) return null;
  const t = (k - lo.index) / (hi.index - lo.index);
  return { value: (lo.onset as number) + t * ((hi.onset as number) - (lo.onset as number)), interpolated: true };
}

/** Classify one grid point (module comment). `onsets`: the chaos-onset samples (onset-curve mode). */
export function gatedPhasePoint(spec: GatedPhaseSpec, i: number, j: number, onsets: readonly GatedPhaseOnset[] = []): GatedPhasePoint {
  const s = gatedPhaseSettings(spec);
  const p = gatedPointParameters(spec, i, j);
  const zeroFp = p.beta_h === 0;
  let roots: GatedPhaseRoot[];
  let evaluations = 0;
  if (zeroFp) {
    const b = branchRoots(p, s);
    roots = b.roots;
    evaluations = b.evaluations;
  } else {
    const fp = gatedFixedPoint(p, { quadrature: s.quadrature });
    roots = [{ u: p.g_h * p.g_h * fp.deltaH, deltaH: fp.deltaH, deltaR: fp.deltaR, stabilityFunctional: fp.stabilityFunctional, stable: fp.stable }];
    evaluations = fp.iterations;
  }
  const originGain = zeroFp ? gatedOriginGain(p.beta_r) : null;
  const originStable = originGain === null ? null : p.g_h <= originGain;
  const curvature = gatedBranchCurvature(p.alpha_r, p.beta_r);
  const subcritical = zeroFp ? curvature > 2 : null;
  const saddleNode = zeroFp && subcritical ? gatedPhaseSaddleNode(p.alpha_r, p.beta_r, s.quadrature).gH : null;
  const stableRoot = roots.find((r) => r.stable);
  const complexity = roots.some((r) => !r.stable);
  // chaos [GATE-TR-5]
  let chaos: boolean | null = null;
  let chaosSource: GatedPhasePoint['chaosSource'] = null;
  if (zeroFp && originGain !== null) {
    if (!originStable) {
      chaos = !stableRoot;
      chaosSource = 'origin-unstable';
    } else if (roots.length === 0 && (saddleNode === null || p.g_h < saddleNode)) {
      chaos = false;
      chaosSource = 'below-saddle-node';
    } else if (s.chaos === 'onset-curve' && onsets.length > 0) {
      const gAxis = spec.x.name === 'g_h' ? 'x' : 'y';
      const o = onsetAt(spec, onsets, gAxis === 'y' ? i : j);
      if (o) {
        chaos = p.g_h >= o.value;
        chaosSource = o.interpolated ? 'interpolated-onset' : 'onset';
      }
    } else if (s.chaos === 'per-point' && p.alpha_z === 0) {
      try {
        const d = solveGatedDmft(p, spec.chaosOptions?.dmft ?? {});
        chaos = !d.trivial;
      } catch (e) {
        if (!(e instanceof ConvergenceError)) throw e;
        chaos = false;
      }
      chaosSource = 'dmft';
    }
  }
  // marginal stability [GATE-MS-2]: needs a stable fixed point
  let slowFraction: number | null = null;
  if (stableRoot) slowFraction = gatedSlowFraction(p, stableRoot.deltaR, s.marginalEpsilon);
  else if (originStable) slowFraction = gatedSlowFraction(p, 0, s.marginalEpsilon);
  const marginal = slowFraction !== null && slowFraction >= s.marginalFraction;
  let region: GatedPhaseRegion;
  if (!zeroFp) region = marginal ? 'marginal' : stableRoot ? 'fp-stable' : 'fp-unstable';
  else if (originStable) region = chaos ? 'bistable' : marginal ? 'marginal' : complexity ? 'zero-stable-complex' : 'zero-stable';
  else region = stableRoot ? (marginal ? 'marginal' : 'nonzero-stable') : 'chaotic';
  return {
    i, j, x: gatedAxisValue(spec.x, i), y: gatedAxisValue(spec.y, j),
    originStable, originGain, subcritical, curvature, saddleNode, roots, complexity,
    chaos, chaosSource, slowFraction, marginal, region, evaluations,
  };
}

/** Row j (fixed y, all x): the unit of grid work of the worker threads. */
export function gatedPhaseRow(spec: GatedPhaseSpec, j: number, onsets: readonly GatedPhaseOnset[] = []): GatedPhasePoint[] {
  const out: GatedPhasePoint[] = [];
  for (let i = 0; i < spec.x.count; i++) out.push(gatedPhasePoint(spec, i, j, onsets));
  return out;
}

/**
 * Chaos onset g_h^chaos [GATE-TR-5] at index k of the non-g_h axis. Supercritical: the transition is
 * continuous at the origin line (g_h^chaos = 1 + e^{β_r}, last row of [GATE-REF-F4]). Subcritical
 * with α_z = 0: {@link gatedChaoticBranchOnset} ([GATE-NUM-6]) started (cold) at g_h^FP + 1 when the
 * window 1 + e^{β_r} − g_h^FP exceeds 1.5, else (or if there is no chaotic solution there) at
 * min(1 + e^{β_r} + 0.05, 10), above the origin line where the chaotic state exists; first step
 * (gStart − g_h^FP)/4 (at least 0.05), halved on every failure down to `minStep` (default 0.005:
 * the onset lies in (onset − lastStep, onset]). Windows narrower than 10·minStep are not attempted
 * (e.g. α_r = 4, β_r = 0: "not computed" in [GATE-REF-F4]), and a continuation that never gets
 * minStep below the origin line (weakly subcritical cases, where the DMFT needs more iterations
 * than the budget near the saddle-node) is reported as unavailable rather than as a wrong onset.
 * The fast default DMFT rules (32 nodes) can give a slightly negative power spectrum of C_h
 * (NonPhysicalError, seen at α_r = 8, β_r ≥ 1.5); the continuation is then repeated with the 48-node
 * rules of [GATE-NUM-3] (damping plays no role there).
 * Otherwise (α_z ≠ 0, β_h ≠ 0, or no chaotic solution at gStart) the onset is null.
 */
export function gatedPhaseOnset(spec: GatedPhaseSpec, k: number): GatedPhaseOnset {
  const s = gatedPhaseSettings(spec);
  const other = spec.x.name === 'g_h' ? spec.y : spec.x;
  const value = gatedAxisValue(other, k);
  const p = resolveGatedParameters({ ...spec.parameters, g_h: 1, [other.name]: value });
  const originGain = gatedOriginGain(p.beta_r);
  const base = { index: k, value, originGain, saddleNode: null as number | null, onsetVariance: null as number | null, lastStep: null as number | null, iterations: 0 };
  if (p.beta_h !== 0) return { ...base, onset: null, method: 'unavailable', note: 'β_h ≠ 0: no zero fixed point' };
  if (gatedBranchCurvature(p.alpha_r, p.beta_r) <= 2) return { ...base, onset: originGain, method: 'continuous' };
  const gFP = gatedPhaseSaddleNode(p.alpha_r, p.beta_r, s.quadrature).gH;
  if (p.alpha_z !== 0) return { ...base, saddleNode: gFP, onset: null, method: 'unavailable', note: 'α_z ≠ 0: scheme B needs α_z = 0' };
  const o = spec.chaosOptions ?? {};
  const minStep = o.minStep ?? 0.005;
  if (originGain - gFP < 10 * minStep) return { ...base, saddleNode: gFP, onset: null, method: 'unavailable', note: `window g_h^FP = ${gFP} .. 1 + e^{β_r} = ${originGain} narrower than 10·minStep: not resolved` };
  const dmft = { du: 0.1, points: 1024, hermiteNodes: 32, chebyshevNodes: 32, damping: 1, maxIterations: 1500, tol: 1e-9, ...o.dmft };
  // starts: one g_h unit above g_h^FP when the window is wider (short continuation; a cold start
  // lands on the chaotic branch there in the computed cases), else just above the origin line,
  // where the zero FP is unstable and the chaotic state exists
  const starts = originGain - gFP > 1.5 ? [gFP + 1, Math.min(originGain + 0.05, 10)] : [Math.min(originGain + 0.05, 10)];
  const continuation = (gStart: number, d: GatedDmftOptions) => gatedChaoticBranchOnset(p, { gStart, step: o.step ?? Math.max(0.05, (gStart - gFP) / 4), minStep, dmft: d });
  try {
    let r: ReturnType<typeof gatedChaoticBranchOnset> | null = null;
    let lastError: unknown = null;
    for (const gStart of starts) {
      try {
        r = continuation(gStart, dmft);
      } catch (e) {
        // the 32-node rules can give a slightly negative power spectrum at larger C_h(0): retry with 48
        if (e instanceof NonPhysicalError && o.dmft === undefined) {
          try { r = continuation(gStart, { ...dmft, hermiteNodes: 48, chebyshevNodes: 48 }); } catch (e2) { lastError = e2; }
        } else if (e instanceof InvalidParameterError) lastError = e; // no chaotic solution at this start
        else throw e;
      }
      if (r) break;
    }
    if (!r) throw lastError;
    if (!(r.onset < originGain - minStep)) return { ...base, saddleNode: gFP, onset: null, method: 'unavailable', note: `the continuation did not pass below the origin line (stopped at g_h = ${r.onset})` };
    return { ...base, saddleNode: gFP, onset: r.onset, method: 'continuation', onsetVariance: r.onsetVariance, lastStep: r.lastStep, iterations: r.iterations };
  } catch (e) {
    if (!(e instanceof InvalidParameterError || e instanceof ConvergenceError || e instanceof NonPhysicalError)) throw e;
    return { ...base, saddleNode: gFP, onset: null, method: 'unavailable', note: (e as Error).message };
  }
}

/** A task of the worker pool. */
export type GatedPhaseTask = { kind: 'row'; spec: GatedPhaseSpec; index: number; onsets: GatedPhaseOnset[] } | { kind: 'onset'; spec: GatedPhaseSpec; index: number };

/** Run one task (in a worker or in the calling thread). */
export function runGatedPhaseTask(t: GatedPhaseTask): GatedPhasePoint[] | GatedPhaseOnset {
  return t.kind === 'row' ? gatedPhaseRow(t.spec, t.index, t.onsets) : gatedPhaseOnset(t.spec, t.index);
}

if (parentPort && (workerData as { gatedPhaseWorker?: boolean } | null)?.gatedPhaseWorker) {
  const port = parentPort;
  port.on('message', (t: GatedPhaseTask) => {
    try {
      port.postMessage({ kind: t.kind, index: t.index, value: runGatedPhaseTask(t) });
    } catch (e) {
      port.postMessage({ kind: t.kind, index: t.index, error: String((e as Error)?.message ?? e) });
    }
  });
}
