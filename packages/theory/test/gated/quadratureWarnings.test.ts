/**
 * The warning channel of the gated fixed point and support (numerics warnings.ts, [NUM-2],
 * [NUM-REF-2]): 'quadrature-insufficient' when a gate rule has fewer than 1.5 nodes per gate width
 * (`GATE_RULE_MIN_POINTS_PER_WIDTH`) where the gate's transition carries probability (a pinned rule
 * or a capped sharp-gate grid); an empty list with the default adaptive quadrature, at any gain up
 * to 10³ (including gain·sd ∈ (2.3, 3], where the 201-node Gauss–Hermite rule has 1.5–2 nodes per
 * width and is still accurate to ~1e-9).
 */
import { describe, expect, it } from 'vitest';
import { gatedFixedPoint } from '../../src/gated/fixedPoint.js';
import { gatedSpectralEdge, gatedSupportInputOf, gatedSupportWarnings } from '../../src/gated/support.js';

const pinned = { quadrature: { adaptive: false } };

describe('gatedFixedPoint warnings', () => {
  it('are empty with the default adaptive quadrature, at [GATE-REF-F1] (α_z√Δ_z = 2.32: 1.95 Gauss–Hermite nodes per width) and at gate gains 10³', () => {
    for (const P of [{ g_h: 1.6, beta_h: 0.4, alpha_r: 2, alpha_z: 5, tau_z: 2, tau_r: 1.5 }, { g_h: 3, alpha_r: 1000, alpha_z: 1000 }, { g_h: 2, alpha_r: 1000, beta_r: -3, beta_z: 50 }]) {
      expect(gatedFixedPoint(P).warnings, JSON.stringify(P)).toEqual([]);
    }
  });

  it('report an unresolved output gate for a pinned 201-node Gauss–Hermite rule at α_r = 100, naming the gate, Δ_r and the resolution', () => {
    const fp = gatedFixedPoint({ g_h: 3, alpha_r: 100 }, pinned);
    expect(fp.warnings).toHaveLength(1);
    const [w] = fp.warnings;
    expect(w.code).toBe('quadrature-insufficient');
    expect(w.where).toMatch(/gatedFixedPoint: output gate/);
    expect(w.where).toContain(fp.deltaR.toPrecision(6));
    expect(Number(w.details?.pointsPerWidth)).toBeLessThan(1.5);
    expect(w.details?.nodes).toBe(201);
    // plain and serialisable (the CLI writes results as JSON)
    expect(JSON.parse(JSON.stringify(fp.warnings))).toEqual(fp.warnings);
  });

  it('report the update gate (only) for a pinned rule at α_z = 100, α_r = 0', () => {
    const fp = gatedFixedPoint({ g_h: 3, alpha_z: 100 }, pinned);
    expect(fp.warnings.map((w) => w.where.split(' ⟨')[0])).toEqual(['gatedFixedPoint: update gate']);
  });

  it('report both gates when the sharp-gate grid is capped (maxSharpPoints 4001 at gains 10³)', () => {
    const fp = gatedFixedPoint({ g_h: 3, alpha_r: 1000, alpha_z: 1000 }, { quadrature: { maxSharpPoints: 4001 } });
    expect(fp.warnings.map((w) => w.code)).toEqual(['quadrature-insufficient', 'quadrature-insufficient']);
    expect(fp.settings.rules).toMatchObject({ r: { kind: 'uniform', points: 4001 }, z: { kind: 'uniform', points: 4001 } });
  });

  it('stay empty for a pinned rule when the gate transition carries no probability (β_r = 50 at α_r = 5: transition ~13 sd out)', () => {
    const fp = gatedFixedPoint({ g_h: 3, alpha_r: 5, beta_r: 50 }, pinned);
    expect(fp.warnings).toEqual([]);
  });
});

describe('gatedSpectralEdge warnings', () => {
  it('are empty by default and carry the fixed point warnings plus the update gate of F(λ) when pinned', () => {
    const P = { g_h: 1.6, beta_h: 0.4, alpha_r: 100, alpha_z: 100, tau_z: 2 };
    const ok = gatedSpectralEdge(gatedSupportInputOf(P, gatedFixedPoint(P)));
    expect(ok.warnings).toEqual([]);
    const fp = gatedFixedPoint(P, pinned);
    const s = gatedSupportInputOf(P, fp);
    const e = gatedSpectralEdge(s, pinned);
    expect(e.warnings.slice(0, fp.warnings.length)).toEqual(fp.warnings);
    expect(e.warnings.map((w) => w.where.split(' in ')[0])).toContain('gatedSpectralEdge: update gate');
    expect(e.warnings.every((w) => w.code === 'quadrature-insufficient')).toBe(true);
    // gatedSupportWarnings is the same list, and an input without warnings yields only the F(λ) one
    expect(gatedSupportWarnings(s, { ...fp.settings.quadrature })).toEqual(e.warnings);
    const bare = { ...s, warnings: undefined };
    expect(gatedSpectralEdge(bare, pinned).warnings).toHaveLength(1);
  });
});
