/**
 * All roots in [0, 1] of a scalar self-consistency equation f(C) = RHS(C) − C for an order
 * parameter C = ⟨h²⟩ with |h| < 1 ([NUM-6]), shared by the GRU ([GRU-MF-2]) and vanilla ([VAN-1])
 * mean fields.
 *
 * 1. If the model has the trivial root (no bias), C = 0 is a root exactly.
 * 2. Scan a log grid [scanMin, 1]; with a bias the grid starts at C = 0, where f(0) > 0, so a root
 *    below scanMin (tiny biases) is still bracketed.
 * 3. Refine every sign change with Brent.
 * Tangential double roots (exactly at a saddle-node) have no sign change and are not returned.
 */
import { brent, ConvergenceError, logGrid, scanSignChanges } from '@gatefield/numerics';

/** A root with its residual and Brent iterations. */
export interface OrderParameterRoot {
  C: number;
  residual: number;
  iterations: number;
}

/** Settings of {@link orderParameterRoots}. */
export interface OrderParameterScan {
  scanMin: number;
  scanPoints: number;
  tolerance: number;
}

/** Every root of f on [0, 1], ascending. Throws ConvergenceError if none is found. */
export function orderParameterRoots(f: (C: number) => number, trivialRoot: boolean, s: OrderParameterScan): { roots: OrderParameterRoot[]; iterations: number } {
  const roots: OrderParameterRoot[] = trivialRoot ? [{ C: 0, residual: 0, iterations: 0 }] : [];
  let grid: Float64Array;
  if (trivialRoot) {
    grid = logGrid(s.scanMin, 1, s.scanPoints);
  } else {
    const f0 = f(0);
    // floor 1e-300: a subnormal f(0) (bias ~1e-160) must not send the log grid to log 0
    const lo = f0 > 0 ? Math.max(1e-300, Math.min(s.scanMin, 0.01 * f0)) : s.scanMin;
    grid = Float64Array.from([0, ...logGrid(lo, 1, s.scanPoints)]);
  }
  let iterations = 0;
  for (const b of scanSignChanges(f, grid)) {
    if (b.lo === b.hi) {
      if (!(trivialRoot && b.lo === 0)) roots.push({ C: b.lo, residual: 0, iterations: 0 });
      continue;
    }
    const r = brent(f, b.lo, b.hi, { xtol: s.tolerance });
    iterations += r.iterations;
    roots.push({ C: r.root, residual: Math.abs(f(r.root)), iterations: r.iterations });
  }
  if (roots.length === 0) {
    throw new ConvergenceError('order-parameter root scan', Math.abs(f(1)), s.scanPoints, { ...s });
  }
  roots.sort((a, b) => a.C - b.C);
  return { roots, iterations };
}
