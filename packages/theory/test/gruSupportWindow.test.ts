import { describe, expect, it } from 'vitest';
import {
  type UpdateGateSites,
  gateRuleWarnings,
  gruSupport,
  pinchingLogAbscissa,
  resolveQuadrature,
  supportFunctional,
  supportFunctionalSlope,
  updateGateAverage,
  updateGateSites,
} from '../src/index.js';

/**
 * Reference: the old per-node terms of ⟨s²/|λ+s|²⟩ and of Σ w s² y²/|λ+s|⁴ over every node, with
 * Neumaier-compensated sums (the plain left-to-right sum over 4·10⁵ nodes is itself off by ~2e-13).
 */
function fullSums(re: number, im: number, sites: UpdateGateSites): [number, number] {
  const { weights, s, sc, invS } = sites;
  const sum = [0, 0];
  const c = [0, 0];
  const add = (i: number, x: number) => {
    const t = sum[i] + x;
    c[i] += Math.abs(sum[i]) >= Math.abs(x) ? sum[i] - t + x : x - t + sum[i];
    sum[i] = t;
  };
  for (let k = 0; k < weights.length; k++) {
    let m: number;
    let num: number;
    if (s[k] < 0.5) {
      const inv = invS![k];
      if (!Number.isFinite(inv)) continue;
      const a = 1 + re * inv;
      const b = im * inv;
      m = a * a + b * b;
      if (m === Infinity) continue; // 1/s beyond 1e154: the term is 0 (b²/m² would be ∞/∞)
      num = 1;
      add(1, (weights[k] * b * b) / (m * m));
    } else {
      const a = re + 1 - sc[k];
      m = a * a + im * im;
      num = s[k] * s[k];
      add(1, (weights[k] * num * im * im) / (m * m));
    }
    add(0, (weights[k] * num) / m);
  }
  return [sum[0] + c[0], sum[1] + c[1]];
}

// interior, near the cusp λ = 0, near λ = −1 (both sides), on the segment's neighbourhood, far out,
// on the real axis, and |λ| below 1e-140 (where the lower tail is dropped instead of summed)
const points: [number, number][] = [
  [-0.5, 0.3],
  [1e-3, 1e-4],
  [0, 1e-8],
  [1e-8, 0],
  [-1 - 1e-6, 0],
  [-1, 1e-9],
  [-0.999, 1e-12],
  [-0.2, 1e-14],
  [-2.5, 0.1],
  [-1.3, 0.7],
  [0.3, 0],
  [1e-150, 0],
  [-1e-150, 1e-160],
];

describe('GRU support: update-gate sums over the gate window [GRU-RMT-5], [NUM-2]', () => {
  it('equals the full-grid sum within 1e-14 relative at gate gains 10, 100 and 1000, for the value and the log-y slope', () => {
    for (const alpha_z of [10, 100, 1000]) {
      for (const beta_z of [0, 3, -40]) {
        const law = { C: 1, alpha_z, beta_z };
        const sites = updateGateSites(law);
        expect(sites.gain).toBe(alpha_z);
        const out = new Float64Array(2);
        for (const [re, im] of points) {
          const [avg, dsum] = fullSums(re, im, sites);
          expect(Math.abs(updateGateAverage(re, im, sites) - avg)).toBeLessThanOrEqual(1e-14 * avg);
          supportFunctionalSlope(re, im, 1.3, sites, out);
          expect(Math.abs(out[0] + 1 - 1.3 * avg)).toBeLessThanOrEqual(1.3e-14 * avg);
          expect(Math.abs(-out[1] / 2.6 - dsum)).toBeLessThanOrEqual(1e-14 * dsum + 1e-300);
        }
      }
    }
  });

  it('agrees with the unwindowed sites (window: false) and returns the exact total weight at λ = 0', () => {
    const law = { C: 0.77, alpha_z: 10, beta_z: 0.5 };
    const windowed = updateGateSites(law);
    const full = updateGateSites(law, {}, { window: false });
    expect(full.gain).toBeUndefined();
    for (const [re, im] of points) {
      const a = updateGateAverage(re, im, windowed);
      expect(Math.abs(a - updateGateAverage(re, im, full))).toBeLessThanOrEqual(1e-13 * a);
    }
    let total = 0;
    for (let k = windowed.weights.length - 1; k >= 0; k--) total += windowed.weights[k];
    expect(supportFunctional(0, 0, 1.7, windowed)).toBe(1.7 * total);
  });

  it('gives the Newton pass and the plain evaluation bit-identical values (so bracket signs agree)', () => {
    const sites = updateGateSites({ C: 0.77, alpha_z: 100, beta_z: 0 });
    const out = new Float64Array(2);
    for (const [re, im] of points) {
      supportFunctionalSlope(re, im, 0.56, sites, out);
      expect(out[0]).toBe(supportFunctional(re, im, 0.56, sites) - 1);
    }
  });

  it('traces the same boundary as the full 4001-node sums at the slow-mode point (α_z = 10)', () => {
    // slow-mode fixed point {g_h: 2.5, β_h: 2, α_z: 10, α_r: 4}: C ≈ 0.7707, Γ² ≈ 0.5636
    const law = { C: 0.7707149116558338, alpha_z: 10, beta_z: 0 };
    const options = { boundaryPoints: 128, boundaryTolerance: 1e-14 };
    const fast = gruSupport(0.5636197290882619, law, options);
    const full = gruSupport(0.5636197290882619, law, { ...options, gateWindow: false });
    expect(fast.settings.quadrature).toEqual({ kind: 'uniform', points: 4001, halfWidth: 12 });
    expect(Math.abs(fast.leftEdge - full.leftEdge)).toBeLessThanOrEqual(4e-15 * Math.abs(full.leftEdge));
    expect(fast.abscissa).toBe(0); // Γ < 1: the cusp
    let traced = 0;
    for (let k = 0; k < fast.boundary.length; k++) {
      const [x, y] = fast.boundary[k];
      const [x0, y0] = full.boundary[k];
      expect(Math.abs(x - x0)).toBeLessThanOrEqual(1e-14);
      if (y0 === 0) {
        expect(y).toBe(0);
        continue;
      }
      traced++;
      // next to the left edge y ∝ √(x − leftEdge) turns the edge's last-bit difference into ~1e-10
      const u = k <= 128 ? k : 256 - k; // index along the upper half
      const near = u < 3;
      expect(Math.abs(y - y0)).toBeLessThanOrEqual((near ? 1e-9 : 1e-11) * Math.abs(y0));
    }
    expect(traced).toBeGreaterThan(200);
    expect(fast.warnings).toEqual([]);
  });

  it('warm-starts each boundary point well enough for ~2.5 Newton passes per point at the slow-mode point', () => {
    // (x, y²)-parabola warm start: 1799 counted iterations for 512 points (the line in log y: 2153)
    const s = gruSupport(0.5636197290882619, { C: 0.7707149116558338, alpha_z: 10, beta_z: 0 }, { boundaryPoints: 512 });
    expect(s.iterations).toBeLessThan(1900);
  });

  it('keeps the traced boundary on Λ = 1 at a gate gain of 1000 (4·10⁵-point grid) without warnings', () => {
    const law = { C: 0.77, alpha_z: 1000, beta_z: 0 };
    const s = gruSupport(1.8, law, { boundaryPoints: 32 });
    expect(s.settings.quadrature).toEqual({ kind: 'uniform', points: 400001, halfWidth: 12 });
    expect(s.warnings).toEqual([]);
    const sites = updateGateSites(law);
    for (const [x, y] of s.boundary) if (y !== 0) expect(Math.abs(supportFunctional(x, y, 1.8, sites) - 1)).toBeLessThan(1e-9);
    expect(Math.abs(supportFunctional(s.abscissa, 0, 1.8, sites) - 1)).toBeLessThan(1e-10);
  });
});

describe('GRU support: quadrature warnings [NUM-2], [NUM-REF-2]', () => {
  it('warns quadrature-insufficient when the sharp-gate grid is capped at maxSharpPoints', () => {
    const quadrature = { maxSharpPoints: 8001 };
    const s = gruSupport(1.5, { C: 1, alpha_z: 100, beta_z: 0 }, { quadrature, boundaryPoints: 16 });
    expect(s.settings.quadrature).toEqual({ kind: 'uniform', points: 8001, halfWidth: 12 });
    expect(s.warnings).toHaveLength(1);
    const [w] = s.warnings;
    expect(w.code).toBe('quadrature-insufficient');
    expect(w.where).toContain('gruSupport');
    expect(w.message).toContain('maxSharpPoints = 8001');
    expect(w.details).toMatchObject({ gainTimesSd: 100, nodes: 8001, wantedNodes: 38400 });
    expect(Number(w.details!.pointsPerWidth)).toBeCloseTo(8000 / 24 / 100, 10);
  });

  it('warns when a pinned Gauss–Hermite rule cannot resolve the gate, and not for smooth or gainless gates', () => {
    const pinned = gruSupport(1.5, { C: 1, alpha_z: 50, beta_z: 0 }, { quadrature: { adaptive: false }, boundaryPoints: 16 });
    expect(pinned.warnings.map((w) => w.code)).toEqual(['quadrature-insufficient']);
    expect(gruSupport(1.5, { C: 1, alpha_z: 2, beta_z: 0 }, { boundaryPoints: 16 }).warnings).toEqual([]);
    expect(gruSupport(1.5, { C: 1, alpha_z: 0, beta_z: 0 }, { boundaryPoints: 16 }).warnings).toEqual([]);
  });

  it('reports an abscissa pinched below the smallest double as 5e-324 with a warning instead of throwing [GRU-LIM-6]', () => {
    const law = { C: 0.8323972524674711, alpha_z: 569.3407356739044, beta_z: 2.333501100540161 };
    const s = gruSupport(1.0455360494584822, law, { boundaryPoints: 16 });
    expect(pinchingLogAbscissa(law.C, 1.0455360494584822, law.alpha_z, law.beta_z)).toBeLessThan(Math.log(Number.MIN_VALUE));
    expect(s.abscissa).toBe(Number.MIN_VALUE);
    expect(s.warnings.map((w) => w.code)).toEqual(['other']);
    // a representable pinched abscissa is found as before, matching the [GRU-LIM-6] asymptote
    const t = gruSupport(1.3, law, { boundaryPoints: 16 });
    expect(t.warnings).toEqual([]);
    expect(Math.log(t.abscissa)).toBeCloseTo(pinchingLogAbscissa(law.C, 1.3, law.alpha_z, law.beta_z), -0.5);
  });

  it('does not warn about a capped grid whose gate transition carries no probability', () => {
    // transition at x₀ = β/(α√C) = 20: beyond the grid, mass < 1e-80
    expect(gateRuleWarnings('test', 2000, 40000, resolveQuadrature())).toBeNull();
    expect(gateRuleWarnings('test', 2000, 0, resolveQuadrature())?.code).toBe('quadrature-insufficient');
    expect(gateRuleWarnings('test', 1000, 0, resolveQuadrature())).toBeNull();
  });
});
