/**
 * Slow check (GATEFIELD_SLOW=1) of the gradient growth law [GATE-ADJ-4] with [GATE-LYA-3] at
 * N = 400: terminal loss ½Σh_i(T)², horizons T = 10..40, g_h = 3.5, α_r = 8, β_r = 1
 * ([GATE-REF-F3] row 1, DMFT λ_max = 0.1973).
 *
 * Tolerances. (i) Finite-N identity: the RMS gradient grows at the network's own λ_max (adjoint =
 * transposed tangent propagator). The QR λ_max over T = 200 scatters by ≈ 0.015 per seed and the
 * gradient slope over T ≤ 40 by ≈ 0.03, so the 4-seed means differ by σ ≈ 0.017; we allow 0.05 (3σ).
 * (ii) Against the DMFT: the finite-N bias of the QR λ_max is ≈ 8 % at N = 400 (19 % at N = 200),
 * within the [GATE-REF-F3] bound of 10–15 %; we allow 15 % plus 2 standard errors of the 4-seed mean
 * (≈ 2 × 0.015). Measured (seeds 1–4): gradient growth 0.195, 0.162, 0.220, 0.204 (mean 0.195);
 * QR 0.173, 0.172, 0.203, 0.180 (mean 0.182); DMFT 0.1973. Runtime ≈ 4 min on a loaded 2-core box.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '@gatefield/models';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const load = (p: string): Promise<Any> => import(/* @vite-ignore */ new URL(p, import.meta.url).href);
const models: Any = await load('../../packages/models/src/gatedRnn.ts');
const network: Any = await load('../../packages/sim/src/network.ts');
const lyap: Any = await load('../../packages/sim/src/lyapunovQR.ts');
const stats: Any = await load('../../packages/sim/src/adjointStatistics.ts');
const gradTheory: Any = await load('../../packages/theory/src/gated/gradientStatistics.ts');

const gated = compileModel(models.gatedRnnSpec());
const F3 = { g_h: 3.5, alpha_r: 8, beta_r: 1, alpha_z: 0, beta_z: 0, tau_r: 1 };
const GRID = { points: 1024, du: 0.2, chebyshevNodes: 32, hermiteNodes: 48, damping: 1, tol: 1e-9, initialVariance: 0.2 };

describe('gradient growth at N = 400 [GATE-ADJ-4] [GATE-LYA-3] [GATE-REF-F3]', () => {
  it('grows at the QR λ_max of the same networks and at the DMFT λ_max within the finite-N bias', () => {
    const th = gradTheory.gatedGradientGrowthRate(F3, { dmft: GRID });
    const seeds = [1, 2, 3, 4];
    const growth: number[] = [], qr: number[] = [];
    for (const seed of seeds) {
      const net = network.createNetwork(gated, F3, 400, seed);
      growth.push(stats.gradientGrowth(net, { horizons: [10, 20, 30, 40], transient: 50 }).rmsGrowthRate[0]);
      qr.push(lyap.networkLyapunovQR(net, { dt: 0.05, steps: 4000, transientSteps: 1000, reorthEvery: 20 }).exponents[0]);
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean(growth) - mean(qr))).toBeLessThan(0.05);
    expect(Math.abs(mean(growth) - th.lambdaMax)).toBeLessThan(0.15 * th.lambdaMax + 0.03);
  });
});
