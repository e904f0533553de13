/**
 * Generic contour masses [GRU-SCBA-6] / [NUM-10] and their quadrature pieces.
 */
import { describe, expect, it } from 'vitest';
import { ConvergenceError, InvalidParameterError, NonPhysicalError, type Complex } from '@gatefield/numerics';
import {
  contourMass,
  crossesRealPoles,
  poleArc,
  poleMassInside,
  psiGreenFunction,
  tanhSinhNodes,
  type GreenFunction,
  type PoleSet,
  type PsiModel,
} from '../../src/rmt/index.js';

/** Circular law of radius r (variance r²), as a Ψ model: a = r²/|λ|², pole 0. */
function circularLaw(r: number): PsiModel {
  return {
    weights: Float64Array.of(1),
    poles: { re: Float64Array.of(0), im: Float64Array.of(0), weights: Float64Array.of(1) },
    siteVariable(lambda, a, daRe, daIm) {
      const m2 = lambda.re * lambda.re + lambda.im * lambda.im;
      a[0] = (r * r) / m2;
      daRe[0] = (-a[0] * lambda.re) / m2;
      daIm[0] = (a[0] * lambda.im) / m2;
    },
  };
}

function lensArea(r1: number, r2: number, d: number): number {
  if (d >= r1 + r2) return 0;
  if (d <= Math.abs(r1 - r2)) return Math.PI * Math.min(r1, r2) ** 2;
  const a1 = Math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1));
  const a2 = Math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2));
  return r1 * r1 * a1 + r2 * r2 * a2 - 0.5 * Math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2));
}

/** A pure pole sum G = Σ c_p/(λ − p) (no bulk). */
function poleGreen(poles: PoleSet): GreenFunction {
  return {
    evaluate(l: Complex) {
      let re = 0;
      let im = 0;
      for (let p = 0; p < poles.weights.length; p++) {
        const xr = l.re - poles.re[p];
        const xi = l.im - poles.im[p];
        const m2 = xr * xr + xi * xi;
        re += (poles.weights[p] * xr) / m2;
        im -= (poles.weights[p] * xi) / m2;
      }
      return { g: { re, im }, inBulk: false };
    },
    bulkMargin: () => -1,
    poles,
  };
}

describe('contour mass [NUM-10]', () => {
  it('splits at the bulk edge: circles crossing the edge of a circular law get the exact area fraction to 1e-10 with the arcs method', () => {
    const green = psiGreenFunction(circularLaw(0.8));
    for (const [c, R] of [[{ re: 0.5, im: 0.5 }, 0.4], [{ re: -0.9, im: 0 }, 0.3], [{ re: 0.1, im: -0.2 }, 1.2]] as [Complex, number][]) {
      const m = contourMass(green, { centre: c, radius: R }, { tolerance: 1e-11 });
      expect(m.method).toBe('arcs');
      expect(Math.abs(m.mass - lensArea(0.8, R, Math.hypot(c.re, c.im)) / (Math.PI * 0.64))).toBeLessThan(1e-10);
      expect(Math.abs(m.imaginaryPart)).toBeLessThan(1e-10);
    }
  });

  it('with the plain trapezoid converges only algebraically across the bulk edge (the derivative of G jumps there), far behind the arcs method at the same budget', () => {
    const green = psiGreenFunction(circularLaw(0.8));
    const circle = { centre: { re: 0.5, im: 0.5 }, radius: 0.4 };
    const exact = lensArea(0.8, 0.4, Math.hypot(0.5, 0.5)) / (Math.PI * 0.64);
    const trap = (K: number) => Math.abs(contourMass(green, circle, { method: 'trapezoid', points: K, maxPoints: K, tolerance: 1 }).mass - exact);
    const arcs = Math.abs(contourMass(green, circle, { method: 'arcs', points: 128, maxPoints: 128, tolerance: 1 }).mass - exact);
    expect(trap(128)).toBeGreaterThan(1e-7);
    expect(trap(512)).toBeGreaterThan(1e-9);
    expect(arcs).toBeLessThan(1e-11);
  });

  it('uses the periodic trapezoid for a circle entirely inside the bulk (spectral accuracy) and the exact residue count for one entirely outside', () => {
    const green = psiGreenFunction(circularLaw(1));
    const inside = contourMass(green, { centre: { re: 0.1, im: 0.5 }, radius: 0.3 }); // off the real axis
    expect(inside.arcs).toHaveLength(1);
    expect(inside.mass).toBeCloseTo(0.09, 12);
    const outside = contourMass(green, { centre: { re: 2, im: 0.5 }, radius: 0.3 });
    expect(outside.mass).toBe(0);
    expect(outside.evaluations).toBe(0);
  });

  it('integrates pole sums exactly whatever the distance of a pole to the contour (exact argument increments along the circle)', () => {
    const poles: PoleSet = {
      re: Float64Array.of(-0.2 + 1e-13, -0.5, 0.3 - 1e-9, -0.2 - 1e-12),
      im: Float64Array.of(0, 0.1, 0, 0),
      weights: Float64Array.of(0.25, 0.25, 0.25, 0.25),
    };
    const circle = { centre: { re: -0.5, im: 0 }, radius: 0.3 }; // passes through -0.2 and 0.3 is far
    const m = contourMass(poleGreen(poles), circle);
    // poles inside: -0.2 - 1e-12 (just inside) and -0.5 + 0.1i; -0.2 + 1e-13 is just outside
    expect(m.mass).toBeCloseTo(0.5, 14);
    expect(poleMassInside(poles, circle)).toBeCloseTo(0.5, 14);
    // an arc and its complement add up to the residue count
    const a = poleArc(poles, circle, 0.3, 2.9);
    const b = poleArc(poles, circle, 2.9, 0.3 + 2 * Math.PI);
    expect(a.re + b.re).toBeCloseTo(0.5, 14);
    expect(a.im + b.im).toBeCloseTo(0, 14);
  });

  it('raises K to minCrossingPoints when the circle crosses the real segment of the poles', () => {
    const poles: PoleSet = { re: Float64Array.of(-0.9, -0.1), im: Float64Array.of(0, 0), weights: Float64Array.of(0.5, 0.5) };
    expect(crossesRealPoles(poles, { centre: { re: 0, im: 0 }, radius: 0.5 })).toBe(true);
    expect(crossesRealPoles(poles, { centre: { re: 0, im: 0.6 }, radius: 0.5 })).toBe(false);
    const green = poleGreen(poles);
    green.bulkMargin = undefined;
    const m = contourMass(green, { centre: { re: -1, im: 0.3 }, radius: 0.4 }, { method: 'trapezoid', points: 32, tolerance: 1 });
    expect(m.points).toBeGreaterThanOrEqual(160);
  });

  it('throws NonPhysicalError when the mass leaves [0, 1] (a Green function normalised to 2)', () => {
    const poles: PoleSet = { re: Float64Array.of(0), im: Float64Array.of(0), weights: Float64Array.of(2) };
    expect(() => contourMass(poleGreen(poles), { centre: { re: 0, im: 0 }, radius: 1 })).toThrow(NonPhysicalError);
  });

  it('throws ConvergenceError when the error estimate cannot reach the tolerance within maxPoints, and InvalidParameterError for a bad circle', () => {
    const green = psiGreenFunction(circularLaw(0.8));
    expect(() => contourMass(green, { centre: { re: 0.5, im: 0.5 }, radius: 0.4 }, { method: 'trapezoid', points: 16, maxPoints: 64, tolerance: 1e-12 })).toThrow(ConvergenceError);
    expect(() => contourMass(green, { centre: { re: 0, im: 0 }, radius: -1 })).toThrow(InvalidParameterError);
  });

  it('has a tanh-sinh rule that integrates bounded end-point singularities (sqrt t + t log t) exponentially, within its nested error estimate', () => {
    // ∫_0^1 (√t + t log t) dt = 2/3 − 1/4: derivative singular at the end point, like the real-axis cusp of G
    for (const nodes of [40, 80]) {
      const rule = tanhSinhNodes(0, 1, nodes);
      let full = 0;
      let half = 0;
      for (let k = 0; k < rule.thetas.length; k++) {
        const t = rule.thetas[k];
        const f = Math.sqrt(t) + (t > 0 ? t * Math.log(t) : 0);
        full += rule.weights[k] * f;
        half += rule.halfWeights[k] * f;
      }
      const err = Math.abs(full - 5 / 12);
      expect(err).toBeLessThan(nodes === 40 ? 1e-8 : 1e-13);
      expect(err).toBeLessThanOrEqual(Math.abs(full - half) + 1e-15);
    }
  });
});
