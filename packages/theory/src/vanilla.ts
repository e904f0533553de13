/**
 * The vanilla random network [VAN-1], [VAN-2]: the bridge to the classical
 * Sompolinsky–Crisanti–Sommers / Wainrib–Touboul results and the gates-off limit of the GRU
 * ([GRU-LIM-2]).
 * ```
 * fixed points:  C = ⟨φ(β_h + √(g² C) x)²⟩,   Δ_η = g² C
 * [VAN-2]        spec(J) = disk |λ + 1| ≤ g ⟨φ′²⟩^{1/2}
 * ```
 */
import { sech2 } from '@gatefield/numerics';
import { orderParameterRoots } from './orderParameterRoots.js';
import { getModel } from '@gatefield/models';
import { type QuadratureOptions, resolveQuadrature, smoothRule } from './quadrature.js';

/** One vanilla fixed-point root. */
export interface VanillaRoot {
  C: number;
  deltaEta: number;
  /** g ⟨φ′²⟩^{1/2}: radius of the disk centred at −1 [VAN-2] */
  radius: number;
  /** radius < 1 */
  stable: boolean;
}

/** Every root of the vanilla fixed-point equation and its spectral disk ([VAN-1], [VAN-2]). */
export function vanillaMeanField(params: Partial<Record<string, unknown>>, options: { quadrature?: QuadratureOptions; scanPoints?: number } = {}): { roots: VanillaRoot[]; converged: true; parameters: { g: number; beta_h: number } } {
  const { g, beta_h } = getModel('vanilla').resolve(params).values as { g: number; beta_h: number };
  const q = resolveQuadrature(options.quadrature);
  const { nodes, weights } = smoothRule(q);
  const avg = (C: number, f: (x: number) => number) => {
    const sd = g * Math.sqrt(C);
    let a = 0;
    for (let k = 0; k < nodes.length; k++) a += weights[k] * f(beta_h + sd * nodes[k]);
    return a;
  };
  const F = (C: number) => Math.min(avg(C, (x) => Math.tanh(x) ** 2), 1) - C; // ⟨tanh²⟩ ≤ 1 (see gruMeanFieldRhs)
  const Cs = orderParameterRoots(F, beta_h === 0, { scanMin: 1e-7, scanPoints: options.scanPoints ?? 400, tolerance: 1e-14 }).roots.map((r) => r.C);
  const roots = Cs.map((C) => {
    const radius = g * Math.sqrt(avg(C, (x) => sech2(x) ** 2));
    return { C, deltaEta: g * g * C, radius, stable: radius < 1 };
  });
  return { roots, converged: true, parameters: { g, beta_h } };
}
