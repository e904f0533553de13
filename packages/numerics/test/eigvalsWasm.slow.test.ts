import { describe, expect, it } from 'vitest';
import { eigvals } from '../src/eigvals.js';
import { Rng, ginibre } from '../src/rng.js';

// Benchmark-size checks of the WebAssembly SIMD path (GATEFIELD_SLOW=1; about a minute on one core).
// Bounds: both paths are backward stable, backward error ≈ c·n·ε·‖A‖ (‖A‖₂ ≈ 2 for a Ginibre
// matrix of variance 1/n); Σλ = tr A and Σλ² = tr A² hold up to rounding of order n·ε·Σ|λ|^k.

/** Greedy nearest matching of the two spectra (sorted windows would do; n² is fine at n = 1000). */
function distance(x: { re: Float64Array; im: Float64Array }, y: { re: Float64Array; im: Float64Array }): number {
  const n = x.re.length;
  const used = new Uint8Array(n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bj = -1;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const d = Math.hypot(x.re[i] - y.re[j], x.im[i] - y.im[j]);
      if (d < best) {
        best = d;
        bj = j;
      }
    }
    used[bj] = 1;
    worst = Math.max(worst, best);
  }
  return worst;
}

describe.skipIf(process.env.GATEFIELD_SLOW !== '1')('eigvals with WebAssembly SIMD kernels at benchmark sizes', () => {
  it('agrees with the TypeScript path to 1e-10 on the n = 1000 Ginibre benchmark matrix', () => {
    const n = 1000;
    const a = ginibre(new Rng(20240601).derive(n), n, 1 / n);
    const w = eigvals(a, n);
    const t = eigvals(a, n, { wasm: false });
    expect(distance(w, t)).toBeLessThan(1e-10);
  });

  it('keeps Σλ = tr A and Σλ² = tr A² to 1e-9 at n = 1001 and 2000', () => {
    for (const n of [1001, 2000]) {
      const a = ginibre(new Rng(3).derive(n), n, 1 / n);
      const { re, im } = eigvals(a, n);
      let tr = 0;
      let tr2 = 0;
      for (let i = 0; i < n; i++) {
        tr += a[i * n + i];
        for (let k = 0; k < n; k++) tr2 += a[i * n + k] * a[k * n + i];
      }
      let s = 0;
      let s2 = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        s += re[k];
        si += im[k];
        s2 += re[k] * re[k] - im[k] * im[k];
      }
      expect(Math.abs(s - tr)).toBeLessThan(1e-9 * n);
      expect(Math.abs(si)).toBeLessThan(1e-12 * n); // conjugate pairs cancel exactly up to sums
      expect(Math.abs(s2 - tr2)).toBeLessThan(1e-9 * n);
    }
  });
});
