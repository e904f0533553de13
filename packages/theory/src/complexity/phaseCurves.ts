/**
 * Boundary curves of a GRU phase diagram [KR-PD] as polylines: marching squares on the labelled
 * grid decides which grid edges a curve crosses; each crossing is then solved exactly along its
 * (axis-aligned, hence one-parameter) edge:
 *
 * | curve | grid field | crossing equation on the edge |
 * |---|---|---|
 * | origin line [KR-11] | g_h ρ₀ − 1 | Brent on g_h ρ₀ − 1 |
 * | saddle-node [KR-15] | ±1: ≥ 2 nontrivial roots | Newton on the fold conditions ({@link solveFold}); edges where the root count changes by an odd number (a branch ending on the origin line) are not folds and are dropped; the first refined crossing then seeds {@link traceFoldCurve}, whose trace (over the grid's x values, ends bisected) replaces the marching-squares polyline, because the two-branch region can be thinner than a grid cell |
 * | complexity boundary [KR-16] | ±1: Σ_MF > 0 | origin-line Brent if the root count changes by 1 across the origin line; else fold Newton if the count changes (accepted within one grid step of the edge); else (or if that fails) Brent on Γ² − 1 along the tracked branch of largest Γ² |
 * | marginal contour [KR-17] | p₁Γ² − 1 on the upper (resp. lower) branch | Brent on p₁Γ² − 1 along the tracked branch ({@link marginalCrossing}) |
 *
 * | subcritical threshold [KR-13] (only when the axes are β_r and α_r) | — | closed form α_r*(β_r) = √(2/((1 − ρ₀)(2 − 3ρ₀))) at the grid's β_r values (the continuous / discontinuous onset line of [KR-PD]) |
 *
 * A crossing whose solve fails, or (for folds) lands more than one grid step outside its edge, is
 * dropped together with its segments and counted in `dropped`. Curves are in axis coordinates.
 *
 * @module
 */
import { ConvergenceError, InvalidParameterError, brent } from '@gatefield/numerics';
import type { GruParameters } from '../gru/meanField.js';
import { resolvedOnce, withParameter } from './branchEquation.js';
import { branchRootQuantities, gruBranchRoots, refineBranchRootValue } from './branchRoots.js';
import { traceFoldCurve } from './foldCurve.js';
import { solveFold } from './foldNewton.js';
import { marginalCrossing } from './marginal.js';
import { type CurvePoint, type GridEdge, type Polyline, marchingSquares } from './marchingSquares.js';
import { type PhasePoint, type PhaseSpec, axisValue, pointParameters } from './phaseGrid.js';
import { subcriticalThreshold } from './onset.js';
import { originLine } from './originLine.js';

/** Names of the boundary curves. */
export type PhaseCurveName = 'origin' | 'saddle-node' | 'complexity' | 'marginal-upper' | 'marginal-lower' | 'subcritical-threshold';

/** One boundary curve. */
export interface PhaseCurve {
  name: PhaseCurveName;
  label: string;
  polylines: Polyline[];
  /** Edge crossings solved exactly. */
  refined: number;
  /** Crossings dropped (solve failed, or not a crossing of this curve). */
  dropped: number;
  /** Saddle-node only: the polyline is the fold curve traced by continuation ({@link traceFoldCurve}) through a refined crossing. */
  traced?: boolean;
}

type Grid = PhasePoint[][]; // [j][i]

/** The two ends of an edge as parameter sets, and the varied parameter's values. */
function edgeEnds(spec: PhaseSpec, e: GridEdge) {
  const a = pointParameters(spec, e.i, e.j);
  const axis = e.kind === 'h' ? spec.x : spec.y;
  const ia = e.kind === 'h' ? e.i : e.j;
  return { base: a, name: axis.name, from: axisValue(axis, ia), to: axisValue(axis, ia + 1), step: (axis.hi - axis.lo) / (axis.count - 1) };
}

function pointOn(spec: PhaseSpec, e: GridEdge, value: number): CurvePoint {
  return e.kind === 'h' ? { x: value, y: axisValue(spec.y, e.j) } : { x: axisValue(spec.x, e.i), y: value };
}

const endPoints = (grid: Grid, e: GridEdge): [PhasePoint, PhasePoint] => [grid[e.j][e.i], e.kind === 'h' ? grid[e.j][e.i + 1] : grid[e.j + 1][e.i]];

/** The curves in the order {@link phaseCurves} returns them (each only when it applies). */
export const PHASE_CURVE_ORDER: readonly PhaseCurveName[] = ['origin', 'saddle-node', 'complexity', 'marginal-upper', 'marginal-lower', 'subcritical-threshold'];

/**
 * Compute the boundary curves of a labelled grid: all of them, or only those named in `only` (each
 * curve is independent of the others, so {@link phaseDiagram} computes them as separate tasks on
 * its worker threads and concatenates them in {@link PHASE_CURVE_ORDER}).
 */
export function phaseCurves(spec: PhaseSpec, grid: Grid, only?: readonly PhaseCurveName[]): PhaseCurve[] {
  const want = (name: PhaseCurveName) => !only || only.includes(name);
  const q = resolvedOnce(spec.quadrature ?? {});
  const tol = spec.curveTolerance ?? 1e-11;
  const curves: PhaseCurve[] = [];
  const run = (name: PhaseCurveName, label: string, field: (p: PhasePoint) => number | null, solve: (e: GridEdge) => number | null) => {
    let refined = 0;
    let dropped = 0;
    const values = grid.map((row) => row.map(field));
    const polylines = marchingSquares(values, (e) => {
      let v: number | null = null;
      try {
        v = solve(e);
      } catch (err) {
        if (!(err instanceof ConvergenceError || err instanceof InvalidParameterError)) throw err;
      }
      if (v === null || !Number.isFinite(v)) {
        dropped++;
        return null;
      }
      refined++;
      return pointOn(spec, e, v);
    });
    curves.push({ name, label, polylines, refined, dropped });
  };
  const originSolve = (e: GridEdge): number | null => {
    const { base, name, from, to } = edgeEnds(spec, e);
    const f = (v: number) => originLine(withParameter(base, name, v)).margin;
    return brent(f, from, to, { xtol: tol }).root;
  };
  const attempt = (f: () => number | null): number | null => {
    try {
      return f();
    } catch (err) {
      if (err instanceof ConvergenceError || err instanceof InvalidParameterError) return null;
      throw err;
    }
  };
  const foldSolve = (e: GridEdge): number | null => {
    const [a, b] = endPoints(grid, e);
    const more = a.roots.length >= b.roots.length ? a : b;
    if (more.roots.length === 0) return null;
    const { base, name, from, to, step } = edgeEnds(spec, e);
    // guess: between the two roots that merge, or below the single root
    const guessC = more.roots.length >= 2 ? Math.sqrt(more.roots[0].C * more.roots[1].C) : 0.5 * more.roots[0].C;
    const mid = 0.5 * (from + to);
    const f = solveFold(withParameter(base, name, mid), { C: guessC, value: mid }, { parameter: name, quadrature: q });
    const lo = Math.min(from, to) - Math.abs(step);
    const hi = Math.max(from, to) + Math.abs(step);
    return f.value >= lo && f.value <= hi ? f.value : null;
  };
  const trackedSolve = (e: GridEdge, target: (C: number, gamma2: number, p: GruParameters) => number, pick: (p: PhasePoint) => number | null): number | null => {
    const [a, b] = endPoints(grid, e);
    const { base, name, from, to } = edgeEnds(spec, e);
    const start = pick(a) !== null ? { end: a, v: from } : { end: b, v: to };
    const idx = pick(start.end);
    if (idx === null) return null;
    const mem: { v: number; C: number }[] = [{ v: start.v, C: start.end.roots[idx].C }];
    const f = (v: number) => {
      const near = mem.reduce((m, x) => (Math.abs(x.v - v) < Math.abs(m.v - v) ? x : m));
      const pv = withParameter(base, name, v);
      const e = refineBranchRootValue(near.C, pv, q);
      const C = e.C;
      mem.push({ v, C });
      return target(C, branchRootQuantities(e, pv, 'single').gamma2, pv);
    };
    return brent(f, from, to, { xtol: tol }).root;
  };
  // origin line
  if (want('origin') && grid.every((row) => row.every((p) => p.originMargin !== null))) {
    run('origin', 'origin instability g_h ρ₀ = 1 [KR-11]', (p) => p.originMargin, originSolve);
  }
  // saddle-node: marching squares for seeds, then the fold curve traced through the first seed
  if (want('saddle-node')) {
    run('saddle-node', 'saddle-node g_sn [KR-15]', (p) => (p.roots.length >= 2 ? 1 : -1), (e) => {
      const [a, b] = endPoints(grid, e);
      return Math.abs(a.roots.length - b.roots.length) % 2 === 1 ? null : foldSolve(e);
    });
    const sn = curves[curves.length - 1];
    const seedEdge = sn.polylines.flatMap((pl) => pl.points)[0];
    if (seedEdge) {
      const base = pointParameters(spec, 0, 0);
      const at = withParameter(withParameter(base, spec.x.name, seedEdge.x), spec.y.name, seedEdge.y);
      const roots = gruBranchRoots(at, { quadrature: q }).roots;
      const guessC = roots.length >= 2 ? Math.sqrt(roots[0].C * roots[1].C) : roots.length === 1 ? roots[0].C : 0.05;
      try {
        const f = solveFold(at, { C: guessC, value: seedEdge.y }, { parameter: spec.y.name, quadrature: q });
        const xs = Array.from({ length: spec.x.count }, (_, i) => axisValue(spec.x, i));
        const traced = traceFoldCurve(base, spec.x.name, spec.y.name, xs, { x: seedEdge.x, y: f.value, C: f.C }, { quadrature: q, yRange: [spec.y.lo, spec.y.hi] });
        sn.polylines = [{ points: traced.map((t) => ({ x: t.x, y: t.y })), closed: false }];
        sn.traced = true;
      } catch (err) {
        if (!(err instanceof ConvergenceError || err instanceof InvalidParameterError)) throw err;
      }
    }
  }

  // complexity boundary
  if (want('complexity')) run('complexity', 'Σ_MF > 0 boundary [KR-16]', (p) => (p.complexityPositive ? 1 : -1), (e) => {
    const [a, b] = endPoints(grid, e);
    const dn = Math.abs(a.roots.length - b.roots.length);
    if (dn % 2 === 1 && a.originMargin !== null && b.originMargin !== null && (a.originMargin > 0) !== (b.originMargin > 0)) return originSolve(e);
    if (dn > 0) {
      // a branch appears inside the edge: a fold (with an odd count change only when an end lies
      // exactly on the origin line)
      const v = attempt(() => foldSolve(e));
      if (v !== null) return v;
    }
    const maxG = (p: PhasePoint) => (p.roots.length === 0 ? null : p.roots.reduce((k, r, m) => (r.gamma2 > p.roots[k].gamma2 ? m : k), 0));
    return trackedSolve(e, (_C, g2) => g2 - 1, maxG);
  });
  // marginal contours on the upper and lower branches ([OQ-17])
  const limit = spec.saturationLimit ?? 'fixed-bias';
  for (const which of ['upper', 'lower'] as const) {
    if (!want(`marginal-${which}`)) continue;
    const pick = (p: PhasePoint): number | null => (p.roots.length === 0 ? null : which === 'upper' ? p.roots.length - 1 : p.roots.length >= 2 ? 0 : null);
    run(`marginal-${which}`, `Γ² = 1/p₁ on the ${which} branch [KR-17]`, (p) => {
      const k = pick(p);
      return k === null ? null : p.roots[k].marginalMargin;
    }, (e) => {
      const { base, name, from, to } = edgeEnds(spec, e);
      const [a, b] = endPoints(grid, e);
      const startAtA = pick(a) !== null;
      const startPoint = startAtA ? a : b;
      const k = pick(startPoint);
      // the branch root at the start end is known from the grid (no fresh root scan)
      const startC = k === null ? undefined : startPoint.roots[k].C;
      const r = marginalCrossing(withParameter(base, name, startAtA ? from : to), startAtA ? from : to, startAtA ? to : from, { parameter: name, branch: which, limit, quadrature: q, tolerance: tol, startC });
      return r.value;
    });
  }
  // the subcriticality threshold of [KR-13] in the (β_r, α_r) plane (closed form)
  const names = [spec.x.name, spec.y.name];
  if (want('subcritical-threshold') && names.includes('beta_r') && names.includes('alpha_r')) {
    const bAxis = spec.x.name === 'beta_r' ? spec.x : spec.y;
    const aAxis = spec.x.name === 'alpha_r' ? spec.x : spec.y;
    const pts: CurvePoint[] = [];
    for (let k = 0; k < bAxis.count; k++) {
      const b = axisValue(bAxis, k);
      const a = subcriticalThreshold(b);
      if (a >= aAxis.lo && a <= aAxis.hi) pts.push(spec.x.name === 'beta_r' ? { x: b, y: a } : { x: a, y: b });
    }
    curves.push({ name: 'subcritical-threshold', label: 'α_r²(1 − ρ₀)(2 − 3ρ₀) = 2 [KR-13]', polylines: pts.length > 1 ? [{ points: pts, closed: false }] : [], refined: pts.length, dropped: 0 });
  }
  return curves;
}

export type { Polyline, CurvePoint };
