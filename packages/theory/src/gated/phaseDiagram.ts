/**
 * Phase diagram of the gated RNN over any two parameters [GATE-PD], e.g. (α_r, g_h) or (β_r, g_h)
 * at fixed others: a labelled grid (regions below; kernels in `phaseWorker.ts`) and the boundary
 * curves as polylines.
 *
 * Regions ({@link GatedPhaseRegion}), β_h = 0:
 * - `zero-stable`: only the zero fixed point, stable (g_h ≤ 1 + e^{β_r}, [GATE-TR-1]);
 * - `zero-stable-complex`: stable zero fixed point plus unstable non-zero fixed points (topological
 *   complexity on, [GATE-KR-5]), no chaotic attractor (g_h^FP < g_h < g_h^chaos, [GATE-TR-4]);
 * - `bistable`: stable zero fixed point together with a chaotic attractor ([GATE-TR-5], [GATE-REF-EX]);
 * - `chaotic`: zero fixed point unstable, no stable fixed point;
 * - `nonzero-stable`: zero fixed point unstable, a stable non-zero fixed point ([GATE-RMT-4] < 1);
 * - `marginal`: a stable fixed point with an extensive fraction of slow units — large α_z
 *   ([GATE-MS-1], [GATE-MS-2]);
 * and for β_h ≠ 0 (no zero fixed point) `fp-stable` / `fp-unstable` ([GATE-RMT-4]) or `marginal`.
 *
 * Curves ({@link GatedPhaseCurve}); `exact` says whether each point solves the boundary equation:
 * | curve | how |
 * |---|---|
 * | `origin` g_h = 1 + e^{β_r} [GATE-TR-1] | marching squares, Brent along each crossed grid edge |
 * | `subcritical-threshold` α_r²(1 − s)(2 − 3s) = 2 [GATE-TR-4] | marching squares + Brent |
 * | `saddle-node` g_h^FP [GATE-TR-4] | g_h an axis: g_h^FP at every grid value of the other axis, ending on the origin line at the subcriticality threshold (Brent); else marching squares + Brent |
 * | `chaos-onset` g_h^chaos [GATE-TR-5] | g_h an axis: continuation ({@link gatedChaoticBranchOnset}) at `chaosSamples` values of the other axis, exact 1 + e^{β_r} where supercritical |
 * | `stability` Γ = 1 [GATE-RMT-4] (upper non-zero branch / the β_h ≠ 0 fixed point) | linear interpolation of Γ − 1 on the grid |
 * | `marginal` slow fraction = threshold [GATE-MS-2] | linear interpolation on the grid |
 *
 * Chaos (option `chaos`): 'onset-curve' (default; needs g_h as an axis) labels the points between
 * g_h^FP and the origin line by g_h ≥ g_h^chaos, linearly interpolated between the sampled values
 * of the other axis (points say `chaosSource: 'interpolated-onset'`); 'per-point' solves the DMFT
 * at each such point (expensive); 'off' leaves them null.
 *
 * Parallelism: onset samples, then grid rows, are tasks for a pool of worker threads (entry
 * `phaseWorker.js` in `dist/`), assembled by index; every task is a pure function of (spec, index),
 * so the result is byte-identical for any worker count, including 0 (calling thread).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConvergenceError, InvalidParameterError, brent, checkFinite, checkInteger } from '@gatefield/numerics';
import { type CurvePoint, type GridEdge, type Polyline, marchingSquares } from '../complexity/marchingSquares.js';
import type { QuadratureOptions } from '../quadrature.js';
import type { GatedDmftOptions } from './dmft.js';
import { type GatedParameters, GATED_DEFAULTS, resolveGatedParameters } from './parameters.js';
import { type GatedPhaseTask, gatedAxisValue, gatedPhaseSaddleNode, gatedPhaseSettings, gatedPointParameters, runGatedPhaseTask } from './phaseWorker.js';
import { gatedBranchCurvature, gatedOriginGain } from './transitions.js';

/** One axis: parameter NAME sampled at COUNT points from LO to HI (inclusive). */
export interface GatedPhaseAxis {
  name: keyof GatedParameters;
  lo: number;
  hi: number;
  count: number;
}

/** Everything a gated phase-diagram task needs (plain data: it is posted to worker threads). */
export interface GatedPhaseSpec {
  x: GatedPhaseAxis;
  y: GatedPhaseAxis;
  /** Fixed parameters (the axis parameters override them). */
  parameters: Partial<Record<string, number>>;
  /** Chaos labels (module comment); default 'onset-curve'. */
  chaos?: 'onset-curve' | 'per-point' | 'off';
  /** Values of the other axis at which g_h^chaos is solved (evenly spaced grid indices, ends included; 1 = the first only); default 5, at most its count. */
  chaosSamples?: number;
  /** Continuation settings (defaults in {@link gatedPhaseOnset}); DMFT defaults: du 0.1, 1024 lags (T ≈ 102 ≈ 50 τ_eff at τ_eff = 2), 32×32 Hermite, 32 Chebyshev nodes, undamped (damping 1), tol 1e-9, 1500 iterations — at α_r = 8, β_r = 1 the onset is the same to 1e-12 as with 2048 lags at du 0.05, damping 0.5 and 4000 iterations: 2.4224 against 2.43 ± 0.01 of [GATE-REF-F4]. */
  chaosOptions?: { step?: number; minStep?: number; dmft?: GatedDmftOptions };
  /** ε of the slow-unit count σ_z < ε τ_h [GATE-MS-1]; default 0.02. */
  marginalEpsilon?: number;
  /** Slow fraction from which a stable fixed point is labelled marginal [GATE-MS-2]; default 0.1. */
  marginalFraction?: number;
  /** Scan of the explicit branch [GATE-TR-2] in u = g_h²Δ_h: defaults uMin 1e-6, uMax 400, 240 points, Brent tol 1e-12 in ln u. */
  branchScan?: { uMin?: number; uMax?: number; points?: number; tol?: number };
  quadrature?: QuadratureOptions;
  /** Brent tolerance (in the axis parameter) of exact edge crossings; default 1e-10. */
  curveTolerance?: number;
}

/** Heat-map region of a grid point (module comment). */
export type GatedPhaseRegion = 'zero-stable' | 'zero-stable-complex' | 'bistable' | 'chaotic' | 'nonzero-stable' | 'marginal' | 'fp-stable' | 'fp-unstable';

/** A non-zero fixed point [GATE-TR-2] / [GATE-FP-1] with its stability functional [GATE-RMT-4]. */
export interface GatedPhaseRoot {
  u: number;
  deltaH: number;
  deltaR: number;
  stabilityFunctional: number;
  stable: boolean;
}

/** One grid point. */
export interface GatedPhasePoint {
  i: number;
  j: number;
  x: number;
  y: number;
  /** g_h ≤ 1 + e^{β_r} (null when β_h ≠ 0) [GATE-TR-1]. */
  originStable: boolean | null;
  originGain: number | null;
  /** κ > 2 [GATE-TR-4] (null when β_h ≠ 0); κ = α_r²(1 − s)(2 − 3s). */
  subcritical: boolean | null;
  curvature: number;
  /** g_h^FP when subcritical, else null. */
  saddleNode: number | null;
  /** Non-zero fixed points, ascending in u. */
  roots: GatedPhaseRoot[];
  /** An unstable non-zero fixed point exists [GATE-KR-5]. */
  complexity: boolean;
  /** Chaotic attractor present [GATE-TR-5] (null: not decided). */
  chaos: boolean | null;
  chaosSource: 'origin-unstable' | 'below-saddle-node' | 'onset' | 'interpolated-onset' | 'dmft' | null;
  /** Fraction of slow units of the stable fixed point [GATE-MS-1] (null without one). */
  slowFraction: number | null;
  marginal: boolean;
  region: GatedPhaseRegion;
  evaluations: number;
}

/** g_h^chaos at one value of the non-g_h axis. */
export interface GatedPhaseOnset {
  index: number;
  value: number;
  onset: number | null;
  method: 'continuous' | 'continuation' | 'unavailable';
  originGain: number;
  saddleNode: number | null;
  onsetVariance: number | null;
  lastStep: number | null;
  iterations: number;
  note?: string;
}

/** Names of the boundary curves. */
export type GatedPhaseCurveName = 'origin' | 'subcritical-threshold' | 'saddle-node' | 'chaos-onset' | 'stability' | 'marginal';

/** One boundary curve, in axis coordinates. */
export interface GatedPhaseCurve {
  name: GatedPhaseCurveName;
  label: string;
  polylines: Polyline[];
  /** True if every point solves the boundary equation (else linear interpolation on the grid). */
  exact: boolean;
  refined: number;
  dropped: number;
}

/** Options of {@link gatedPhaseDiagram}. */
export interface GatedPhaseDiagramOptions {
  /** Worker threads; 0 computes in the calling thread. Default min(2, available cores). */
  workers?: number;
  /** Called after each finished task with (tasks done, tasks total). */
  onProgress?: (done: number, total: number) => void;
  /** Compiled worker entry (default: `phaseWorker.js` next to this module, else in `dist/`). */
  workerUrl?: URL;
}

/** Result of {@link gatedPhaseDiagram}. */
export interface GatedPhaseDiagramResult {
  spec: GatedPhaseSpec;
  x: number[];
  y: number[];
  /** points[j][i] at (x[i], y[j]). */
  points: GatedPhasePoint[][];
  curves: GatedPhaseCurve[];
  onsets: GatedPhaseOnset[];
  regionCounts: Partial<Record<GatedPhaseRegion, number>>;
  converged: true;
  /** Largest final continuation step (bracket of g_h^chaos) over the DMFT onsets; 0 if none. */
  residual: number;
  /** DMFT iterations of the accepted continuation points plus branch evaluations of the grid. */
  iterations: number;
  evaluations: number;
  settings: ReturnType<typeof gatedPhaseSettings> & { chaosSamples: number; curveTolerance: number; workers: number; workerMode: 'threads' | 'in-thread' | 'in-thread (no compiled worker found)' };
  /** Wall-clock timings (ms); the only non-deterministic field. */
  timing: { onsetMs: number; gridMs: number; curvesMs: number };
}

const NAMES = Object.keys(GATED_DEFAULTS) as (keyof GatedParameters)[];

/** Validate a spec (throws InvalidParameterError naming the offending field). */
export function checkGatedPhaseSpec(spec: GatedPhaseSpec): void {
  if (typeof spec !== 'object' || spec === null) throw new InvalidParameterError('spec', spec, 'an object { x, y, parameters, … }');
  if (spec.parameters !== undefined && (typeof spec.parameters !== 'object' || spec.parameters === null)) throw new InvalidParameterError('parameters', spec.parameters, 'an object of gated-RNN parameters');
  for (const [k, a] of [['x', spec.x], ['y', spec.y]] as const) {
    if (typeof a !== 'object' || a === null) throw new InvalidParameterError(k, a, 'an axis { name, lo, hi, count }');
    if (!NAMES.includes(a.name)) throw new InvalidParameterError(`${k}.name`, a.name, NAMES.join(', '), `unknown ${k}-axis parameter ${a.name}: valid parameters are ${NAMES.join(', ')}`);
    checkInteger(`${k}.count`, a.count, 2, 2000);
    if (!(Number.isFinite(a.lo) && Number.isFinite(a.hi) && a.hi > a.lo)) throw new InvalidParameterError(`${k} range`, [a.lo, a.hi], 'finite lo < hi');
  }
  if (spec.x.name === spec.y.name) throw new InvalidParameterError('axes', spec.x.name, 'two different parameters');
  resolveGatedParameters({ ...spec.parameters, [spec.x.name]: spec.x.lo, [spec.y.name]: spec.y.lo });
  resolveGatedParameters({ ...spec.parameters, [spec.x.name]: spec.x.hi, [spec.y.name]: spec.y.hi });
  if (spec.chaosSamples !== undefined) checkInteger('chaosSamples', spec.chaosSamples, 1, 2000);
  checkFinite('marginalEpsilon', spec.marginalEpsilon ?? 0.02, 1e-12, 1);
  checkFinite('marginalFraction', spec.marginalFraction ?? 0.1, 0, 1);
  if (spec.chaos !== undefined && !['onset-curve', 'per-point', 'off'].includes(spec.chaos)) throw new InvalidParameterError('chaos', spec.chaos, 'onset-curve, per-point, off');
}

/** Locate the compiled worker entry. */
export function defaultGatedPhaseWorkerUrl(): URL | null {
  for (const rel of ['./phaseWorker.js', '../../dist/gated/phaseWorker.js']) {
    const u = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(u))) return u;
  }
  return null;
}

async function runTasks<T>(tasks: GatedPhaseTask[], workers: number, url: URL | null, tick: () => void): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  if (workers === 0 || !url || tasks.length === 0) {
    tasks.forEach((t, k) => { out[k] = runGatedPhaseTask(t) as T; tick(); });
    return out;
  }
  let next = 0, done = 0;
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () => new Worker(url, { workerData: { gatedPhaseWorker: true } }));
  try {
    await new Promise<void>((resolve, reject) => {
      for (const w of pool) {
        let current = -1;
        const feed = () => { if (next < tasks.length) { current = next++; w.postMessage(tasks[current]); } };
        w.on('message', (m: { value?: unknown; error?: string }) => {
          if (m.error !== undefined) {
            try { out[current] = runGatedPhaseTask(tasks[current]) as T; } catch (e) { reject(e); return; } // rethrow the typed error here
          } else out[current] = m.value as T;
          done++;
          tick();
          if (done === tasks.length) resolve();
          else feed();
        });
        w.on('error', reject);
        feed();
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}

/** Evenly spaced indices 0..count−1 (ends included). */
function sampleIndices(count: number, samples: number): number[] {
  const n = Math.min(samples, count);
  if (n === 1) return [0];
  return Array.from(new Set(Array.from({ length: n }, (_, k) => Math.round((k * (count - 1)) / (n - 1)))));
}

/**
 * Compute the gated phase diagram (module comment). Deterministic: the same spec gives the same
 * points, onsets and curves for any worker count.
 *
 * @throws {InvalidParameterError} for an invalid spec; {@link ConvergenceError} if a β_h ≠ 0 fixed point does not converge.
 */
export async function gatedPhaseDiagram(spec: GatedPhaseSpec, options: GatedPhaseDiagramOptions = {}): Promise<GatedPhaseDiagramResult> {
  checkGatedPhaseSpec(spec);
  const s = gatedPhaseSettings(spec);
  const workers = checkInteger('workers', options.workers ?? Math.min(2, availableParallelism()), 0, 256);
  const url = options.workerUrl ?? (workers > 0 ? defaultGatedPhaseWorkerUrl() : null);
  const curveTolerance = checkFinite('curveTolerance', spec.curveTolerance ?? 1e-10, 0, 1);
  const gAxis = spec.x.name === 'g_h' ? spec.x : spec.y.name === 'g_h' ? spec.y : null;
  const other = gAxis === spec.x ? spec.y : spec.x;
  const chaosSamples = spec.chaosSamples ?? 5;
  // onset tasks: sampled values of the other axis, plus every supercritical value (exact and cheap)
  const onsetIdx: number[] = [];
  if (gAxis && s.chaos === 'onset-curve') {
    const sampled = new Set(sampleIndices(other.count, chaosSamples));
    for (let k = 0; k < other.count; k++) {
      const p = resolveGatedParameters({ ...spec.parameters, g_h: 1, [other.name]: gatedAxisValue(other, k) });
      if (sampled.has(k) || (p.beta_h === 0 && gatedBranchCurvature(p.alpha_r, p.beta_r) <= 2)) onsetIdx.push(k);
    }
  }
  const total = onsetIdx.length + spec.y.count;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const t0 = performance.now();
  const onsets = await runTasks<GatedPhaseOnset>(onsetIdx.map((index) => ({ kind: 'onset', spec, index })), workers, url, tick);
  const t1 = performance.now();
  const points = await runTasks<GatedPhasePoint[]>(Array.from({ length: spec.y.count }, (_, index) => ({ kind: 'row', spec, index, onsets })), workers, url, tick);
  const t2 = performance.now();
  const curves = gatedPhaseCurves(spec, points, onsets, curveTolerance);
  const t3 = performance.now();
  const regionCounts: Partial<Record<GatedPhaseRegion, number>> = {};
  let evaluations = 0;
  for (const row of points) for (const p of row) { regionCounts[p.region] = (regionCounts[p.region] ?? 0) + 1; evaluations += p.evaluations; }
  const workerMode: GatedPhaseDiagramResult['settings']['workerMode'] = workers === 0 ? 'in-thread' : url ? 'threads' : 'in-thread (no compiled worker found)';
  return {
    spec,
    x: Array.from({ length: spec.x.count }, (_, i) => gatedAxisValue(spec.x, i)),
    y: Array.from({ length: spec.y.count }, (_, j) => gatedAxisValue(spec.y, j)),
    points, curves, onsets, regionCounts, converged: true,
    residual: onsets.reduce((m, o) => Math.max(m, o.lastStep ?? 0), 0),
    iterations: onsets.reduce((n, o) => n + o.iterations, 0) + evaluations,
    evaluations,
    settings: { ...s, chaosSamples, curveTolerance, workers: workerMode === 'threads' ? workers : 0, workerMode },
    timing: { onsetMs: t1 - t0, gridMs: t2 - t1, curvesMs: t3 - t2 },
  };
}

/** Boundary curves of a labelled grid (module comment). */
export function gatedPhaseCurves(spec: GatedPhaseSpec, grid: GatedPhasePoint[][], onsets: readonly GatedPhaseOnset[], tol = 1e-10): GatedPhaseCurve[] {
  const curves: GatedPhaseCurve[] = [];
  const gAxis = spec.x.name === 'g_h' ? 'x' : spec.y.name === 'g_h' ? 'y' : null;
  const at = (e: GridEdge, v: number): CurvePoint => (e.kind === 'h' ? { x: v, y: gatedAxisValue(spec.y, e.j) } : { x: gatedAxisValue(spec.x, e.i), y: v });
  /** Marching squares; crossings by Brent on f along the edge (exact) or linear interpolation (f null). */
  const contour = (name: GatedPhaseCurveName, label: string, field: (p: GatedPhasePoint) => number | null, f: ((p: GatedParameters) => number) | null) => {
    let refined = 0, dropped = 0;
    const polylines = marchingSquares(grid.map((row) => row.map(field)), (e) => {
      const axis = e.kind === 'h' ? spec.x : spec.y;
      const a = gatedAxisValue(axis, e.kind === 'h' ? e.i : e.j), b = gatedAxisValue(axis, (e.kind === 'h' ? e.i : e.j) + 1);
      if (!f) { refined++; return at(e, a + (b - a) * (e.va / (e.va - e.vb))); }
      const base = gatedPointParameters(spec, e.i, e.j);
      try {
        const r = brent((v) => f({ ...base, [axis.name]: v }), a, b, { xtol: tol });
        refined++;
        return at(e, r.root);
      } catch (err) {
        if (!(err instanceof ConvergenceError || err instanceof InvalidParameterError)) throw err;
        dropped++;
        return null;
      }
    });
    curves.push({ name, label, polylines, exact: f !== null, refined, dropped });
  };
  const q = gatedPhaseSettings(spec).quadrature;
  const zero = (p: GatedPhasePoint) => p.originGain !== null;
  contour('origin', 'zero FP unstable: g_h = 1 + e^{β_r}', (p) => (zero(p) ? gOf(spec, p) - (p.originGain as number) : null), (p) => p.g_h - gatedOriginGain(p.beta_r));
  contour('subcritical-threshold', 'subcriticality α_r²(1−s)(2−3s) = 2', (p) => (zero(p) ? p.curvature - 2 : null), (p) => gatedBranchCurvature(p.alpha_r, p.beta_r) - 2);
  // saddle-node g_h^FP [GATE-TR-4]
  if (gAxis) {
    const other = gAxis === 'x' ? spec.y : spec.x;
    const lines: Polyline[] = [];
    let cur: CurvePoint[] = [];
    const pt = (v: number, g: number): CurvePoint => (gAxis === 'x' ? { x: g, y: v } : { x: v, y: g });
    let prevOk: boolean | null = null;
    for (let k = 0; k < other.count; k++) {
      const p = gatedPointParameters(spec, gAxis === 'x' ? 0 : k, gAxis === 'x' ? k : 0);
      const ok = p.beta_h === 0 && gatedBranchCurvature(p.alpha_r, p.beta_r) > 2;
      if (prevOk !== null && ok !== prevOk && p.beta_h === 0) {
        // the saddle-node meets the origin line where the branch turns subcritical (κ = 2, [GATE-TR-3])
        try {
          const kappa = (v: number) => { const pv = resolveGatedParameters({ ...p, [other.name]: v }); return gatedBranchCurvature(pv.alpha_r, pv.beta_r) - 2; };
          const v = brent(kappa, gatedAxisValue(other, k - 1), gatedAxisValue(other, k), { xtol: tol }).root;
          cur.push(pt(v, gatedOriginGain(resolveGatedParameters({ ...p, [other.name]: v }).beta_r)));
        } catch (err) {
          if (!(err instanceof ConvergenceError || err instanceof InvalidParameterError)) throw err;
        }
      }
      if (ok) cur.push(pt(gatedAxisValue(other, k), gatedPhaseSaddleNode(p.alpha_r, p.beta_r, q).gH));
      else if (cur.length) { lines.push({ points: cur, closed: false }); cur = []; }
      prevOk = ok;
    }
    if (cur.length) lines.push({ points: cur, closed: false });
    curves.push({ name: 'saddle-node', label: 'FP saddle-node g_h^FP', polylines: lines, exact: true, refined: lines.reduce((n, l) => n + l.points.length, 0), dropped: 0 });
  } else {
    const sn = (p: GatedParameters) => p.g_h - gatedPhaseSaddleNode(p.alpha_r, p.beta_r, q).gH;
    contour('saddle-node', 'FP saddle-node g_h^FP', (p) => (p.saddleNode === null ? null : gOf(spec, p) - p.saddleNode), (p) => {
      if (gatedBranchCurvature(p.alpha_r, p.beta_r) <= 2) throw new InvalidParameterError('alpha_r', p.alpha_r, 'subcritical', 'supercritical: no saddle-node');
      return sn(p);
    });
  }
  // chaos onset [GATE-TR-5]: the exact onsets at their grid values
  if (gAxis && onsets.length) {
    const other = gAxis === 'x' ? spec.y : spec.x;
    const lines: Polyline[] = [];
    let cur: CurvePoint[] = [];
    for (const o of onsets) {
      if (o.onset === null) {
        if (cur.length) lines.push({ points: cur, closed: false });
        cur = [];
      } else cur.push(gAxis === 'x' ? { x: o.onset, y: gatedAxisValue(other, o.index) } : { x: gatedAxisValue(other, o.index), y: o.onset });
    }
    if (cur.length) lines.push({ points: cur, closed: false });
    curves.push({ name: 'chaos-onset', label: 'chaos onset g_h^chaos', polylines: lines, exact: true, refined: onsets.filter((o) => o.onset !== null).length, dropped: onsets.filter((o) => o.onset === null).length });
  }
  contour('stability', 'non-zero FP stability Γ = 1', (p) => (p.roots.length ? p.roots[p.roots.length - 1].stabilityFunctional - 1 : null), null);
  contour('marginal', 'marginal stability (slow fraction threshold)', (p) => (p.slowFraction === null ? null : p.slowFraction - (spec.marginalFraction ?? 0.1)), null);
  return curves;
}

/** g_h at a grid point. */
function gOf(spec: GatedPhaseSpec, p: GatedPhasePoint): number {
  return spec.x.name === 'g_h' ? p.x : spec.y.name === 'g_h' ? p.y : (spec.parameters.g_h ?? GATED_DEFAULTS.g_h);
}
