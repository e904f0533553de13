/**
 * Small complex arithmetic on plain `{ re, im }` objects.
 *
 * Used outside hot loops (contours, Green's functions at a point, API values). Hot loops write the
 * real and imaginary parts inline on `Float64Array`s instead, to avoid allocation.
 */

/** A complex number. */
export interface Complex {
  re: number;
  im: number;
}

/** Construct a complex number. */
export const cx = (re: number, im = 0): Complex => ({ re, im });
export const cadd = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
export const csub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
export const cmul = (a: Complex, b: Complex): Complex => ({
  re: a.re * b.re - a.im * b.im,
  im: a.re * b.im + a.im * b.re,
});
export const cscale = (a: Complex, k: number): Complex => ({ re: a.re * k, im: a.im * k });
export const cconj = (a: Complex): Complex => ({ re: a.re, im: -a.im });
/** |a|² */
export const cabs2 = (a: Complex): number => a.re * a.re + a.im * a.im;
/** |a| without overflow (Math.hypot). */
export const cabs = (a: Complex): number => Math.hypot(a.re, a.im);

/** a / b by Smith's algorithm (no overflow for large |b|). */
export function cdiv(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}

/** 1 / b */
export const cinv = (b: Complex): Complex => cdiv({ re: 1, im: 0 }, b);

/** exp(i θ) */
export const cexpi = (theta: number): Complex => ({ re: Math.cos(theta), im: Math.sin(theta) });
