import { describe, expect, it } from 'vitest';
import { gruOrigin, gruVanillaLimit, marginalStabilityClass, openGateFraction, resolveGruParameters, saturatedSpectrum, slowModeFraction } from '../../src/index.js';

describe('GRU limits [GRU-LIM-*]', () => {
  it('puts the origin spectrum in the disk centred at −s₀ with radius s₀ρ₀g_h, stable iff g_h < 1 + e^{β_r} [GRU-LIM-1]', () => {
    const o = gruOrigin(resolveGruParameters({ g_h: 1.9, beta_z: 0.3, beta_r: 0 }));
    expect(o.s0).toBeCloseTo(1 / (1 + Math.exp(0.3)), 15);
    expect(o.radius).toBeCloseTo(o.s0 * 0.5 * 1.9, 15);
    expect(o.stable).toBe(true);
    expect(gruOrigin(resolveGruParameters({ g_h: 2.01 })).stable).toBe(false);
    expect(gruOrigin(resolveGruParameters({ g_h: 3.6, beta_r: 1 })).stable).toBe(true); // 1 + e = 3.718
    expect(() => gruOrigin(resolveGruParameters({ beta_h: 0.1 }))).toThrow(/beta_h/);
  });

  it('maps gates off to a vanilla network with gain g_h ρ₀ and time constant 1/s₀ [GRU-LIM-2]', () => {
    const v = gruVanillaLimit(resolveGruParameters({ g_h: 3, beta_r: Math.log(2), beta_z: -Math.log(3) }));
    expect(v.gain).toBeCloseTo(1, 14);
    expect(v.timeConstant).toBeCloseTo(4 / 3, 14);
  });

  it('gives p₁ = 1/2 at fixed bias and 1 − Φ(θ/√C) at fixed threshold [GRU-LIM-3]', () => {
    expect(openGateFraction(0.5, { alpha_z: 100, beta_z: 3 })).toBe(0.5);
    expect(openGateFraction(0.25, { alpha_z: 10, beta_z: 5 }, 'fixed-threshold')).toBeCloseTo(1 - 0.8413447460685429, 12);
  });

  it('splits the saturated spectrum into a δ(λ) of weight 1 − p₁ and a disk of radius √p₁Γ [GRU-LIM-4]', () => {
    const s = saturatedSpectrum(2.25, 0.5);
    expect(s.zeroMass).toBe(0.5);
    expect(s.diskRadius).toBeCloseTo(Math.sqrt(0.5) * 1.5, 15);
  });

  it('classifies stability under a saturating update gate by the window 1 < Γ² < 1/p₁ [GRU-LIM-8]', () => {
    expect(marginalStabilityClass(0.9, 0.5)).toBe('stable');
    expect(marginalStabilityClass(1.5, 0.5)).toBe('marginal');
    expect(marginalStabilityClass(2.1, 0.5)).toBe('unstable');
  });

  it('estimates the slow-mode fraction P(s < δ) ≈ 0.35 for α_z = 10, C = 0.77, δ = 0.03 [GRU-LIM-9]', () => {
    expect(slowModeFraction(0.03, 0.77, 10, 0)).toBeCloseTo(0.35, 2);
  });
});
