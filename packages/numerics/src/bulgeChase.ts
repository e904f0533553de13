/**
 * One small-bulge multishift QR sweep: a port of LAPACK `dlaqr5` (Braman, Byers & Mathias 2002;
 * Karlsson, Kressner & Lang 2014) with `dlaqr1`.
 *
 * A tightly packed chain of `ns/2` 3×3 bulges is introduced at the top of the active block and
 * chased to the bottom in chunks of `ns` columns. Inside a chunk the reflectors are applied only
 * to a window of about `2·ns` rows/columns near the diagonal and accumulated into an orthogonal
 * matrix U; the rows to the right and the columns above the window are then updated with one
 * matrix–matrix product each (skipping U's structural zeros), so the far-from-diagonal part of
 * the matrix is streamed once per chunk instead of once per bulge step.
 *
 * Index convention: line-by-line port, indices inside follow LAPACK's 1-based numbering and
 * `H(i, j)` is `h[i - 1 + (j - 1) * ldh]` (column-major).
 *
 * @internal
 */

import { columnProfile4, copy, gemmAccProfiled, gemmTNProfiled } from './gemmKernels.js';
import { heapF64 } from './wasm/kernels.js';
import { RFG, larfg3, reflectCols2, reflectCols3, reflectRows2, reflectRows3, SAFMIN, ULP } from './qrKernels.js';

/** Scratch arrays for {@link laqr5}. */
export class SweepWorkspace {
  readonly v: Float64Array;
  readonly u: Float64Array;
  readonly wh: Float64Array;
  readonly wv: Float64Array;
  readonly vt = new Float64Array(3);
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly kdumax: number;
  readonly nh: number;
  readonly nv: number;
  constructor(nsmax: number, n: number) {
    const nbmps = Math.max(1, nsmax >> 1);
    this.kdumax = 4 * nbmps;
    this.v = new Float64Array(3 * nbmps);
    // in the WebAssembly heap when one is active (the far-from-diagonal products then run in SIMD)
    this.u = heapF64(this.kdumax * this.kdumax);
    this.nh = Math.max(16, Math.min(n, 256));
    this.nv = this.nh;
    this.wh = heapF64(this.kdumax * this.nh);
    this.wv = heapF64(this.nv * this.kdumax);
    this.lo = new Int32Array((this.kdumax >> 2) + 1);
    this.hi = new Int32Array((this.kdumax >> 2) + 1);
  }
}

/** LAPACK `dlaqr1`: a multiple of the first column of (H − s1 I)(H − s2 I), n = 2 or 3. */
function laqr1(n: number, h: Float64Array, p: number, ldh: number, sr1: number, si1: number, sr2: number, si2: number, out: Float64Array, o: number): void {
  const h11 = h[p];
  const h21 = h[p + 1];
  const h12 = h[p + ldh];
  const h22 = h[p + ldh + 1];
  if (n === 2) {
    const s = Math.abs(h11 - sr2) + Math.abs(si2) + Math.abs(h21);
    if (s === 0) {
      out[o] = 0;
      out[o + 1] = 0;
    } else {
      const h21s = h21 / s;
      out[o] = h21s * h12 + (h11 - sr1) * ((h11 - sr2) / s) - si1 * (si2 / s);
      out[o + 1] = h21s * (h11 + h22 - sr1 - sr2);
    }
    return;
  }
  const h31 = h[p + 2];
  const h32 = h[p + ldh + 2];
  const h13 = h[p + 2 * ldh];
  const h23 = h[p + 2 * ldh + 1];
  const h33 = h[p + 2 * ldh + 2];
  const s = Math.abs(h11 - sr2) + Math.abs(si2) + Math.abs(h21) + Math.abs(h31);
  if (s === 0) {
    out[o] = 0;
    out[o + 1] = 0;
    out[o + 2] = 0;
  } else {
    const h21s = h21 / s;
    const h31s = h31 / s;
    out[o] = (h11 - sr1) * ((h11 - sr2) / s) - si1 * (si2 / s) + h12 * h21s + h13 * h31s;
    out[o + 1] = h21s * (h11 + h22 - sr1 - sr2) + h23 * h31s;
    out[o + 2] = h31s * (h11 + h33 - sr1 - sr2) + h21s * h32;
  }
}

/**
 * Vigilant deflation check of `dlaqr5` at subdiagonal (k+1, k): both the classical
 * small-compared-to-neighbours test and the Ahues–Tisseur test must pass to set it to zero.
 */
function vigilant(h: Float64Array, ldh: number, k: number, ktop: number, kbot: number, smlnum: number): void {
  const H = (i: number, j: number): number => i - 1 + (j - 1) * ldh;
  const hk1k = h[H(k + 1, k)];
  if (hk1k === 0) return;
  let tst1 = Math.abs(h[H(k, k)]) + Math.abs(h[H(k + 1, k + 1)]);
  if (tst1 === 0) {
    if (k >= ktop + 1) tst1 += Math.abs(h[H(k, k - 1)]);
    if (k >= ktop + 2) tst1 += Math.abs(h[H(k, k - 2)]);
    if (k >= ktop + 3) tst1 += Math.abs(h[H(k, k - 3)]);
    if (k <= kbot - 2) tst1 += Math.abs(h[H(k + 2, k + 1)]);
    if (k <= kbot - 3) tst1 += Math.abs(h[H(k + 3, k + 1)]);
    if (k <= kbot - 4) tst1 += Math.abs(h[H(k + 4, k + 1)]);
  }
  if (Math.abs(hk1k) <= Math.max(smlnum, ULP * tst1)) {
    const hkk1 = Math.abs(h[H(k, k + 1)]);
    const h12 = Math.max(Math.abs(hk1k), hkk1);
    const h21 = Math.min(Math.abs(hk1k), hkk1);
    const d = Math.abs(h[H(k, k)] - h[H(k + 1, k + 1)]);
    const h11 = Math.max(Math.abs(h[H(k + 1, k + 1)]), d);
    const h22 = Math.min(Math.abs(h[H(k + 1, k + 1)]), d);
    const scl = h11 + h12;
    const tst2 = h22 * (h11 / scl);
    if (tst2 === 0 || h21 * (h12 / scl) <= Math.max(smlnum, ULP * tst2)) h[H(k + 1, k)] = 0;
  }
}

/**
 * LAPACK `dlaqr5`: one small-bulge multishift QR sweep with the `nshfts` shifts
 * `sr/si[off .. off+nshfts-1]` on the active block `ktop..kbot` (1-based).
 */
export function laqr5(
  wantT: boolean,
  wantZ: boolean,
  kacc22: number,
  n: number,
  ktop: number,
  kbot: number,
  nshfts: number,
  sr: Float64Array,
  si: Float64Array,
  off: number,
  h: Float64Array,
  ldh: number,
  iloz: number,
  ihiz: number,
  z: Float64Array | null,
  ldz: number,
  ws: SweepWorkspace,
): void {
  if (nshfts < 2 || ktop >= kbot) return;
  const H = (i: number, j: number): number => i - 1 + (j - 1) * ldh;
  const SR = (i: number): number => sr[off + i - 1];
  const SI = (i: number): number => si[off + i - 1];
  // shuffle shifts into pairs of real shifts and pairs of complex conjugate shifts
  for (let i = 1; i <= nshfts - 2; i += 2) {
    if (SI(i) !== -SI(i + 1)) {
      const p = off + i - 1;
      let sw = sr[p];
      sr[p] = sr[p + 1];
      sr[p + 1] = sr[p + 2];
      sr[p + 2] = sw;
      sw = si[p];
      si[p] = si[p + 1];
      si[p + 1] = si[p + 2];
      si[p + 2] = sw;
    }
  }
  const ns = nshfts - (nshfts % 2);
  const smlnum = SAFMIN * (n / ULP);
  const accum = kacc22 === 1 || kacc22 === 2;
  if (ktop + 2 <= kbot) h[H(ktop + 2, ktop)] = 0;
  const nbmps = ns / 2;
  const kdu = 4 * nbmps;
  const v = ws.v; // V(i, m) = v[i - 1 + (m - 1) * 3]
  const u = ws.u; // U(i, j) = u[i - 1 + (j - 1) * kdu]
  const vt = ws.vt;
  const rfg = RFG;

  for (let incol = ktop - 2 * nbmps + 1; incol <= kbot - 2; incol += 2 * nbmps) {
    let jtop = accum ? Math.max(ktop, incol) : wantT ? 1 : ktop;
    const ndcol = incol + kdu;
    if (accum) {
      u.fill(0, 0, kdu * kdu);
      for (let j = 0; j < kdu; j++) u[j + j * kdu] = 1;
    }
    const krmax = Math.min(incol + 2 * nbmps - 1, kbot - 2);
    for (let krcol = incol; krcol <= krmax; krcol++) {
      const mtop = Math.max(1, Math.trunc((ktop - krcol) / 2) + 1);
      const mbot = Math.min(nbmps, Math.trunc((kbot - krcol - 1) / 2));
      const m22 = mbot + 1;
      const bmp22 = mbot < nbmps && krcol + 2 * (m22 - 1) === kbot - 2;
      const jbotLeft = accum ? Math.min(ndcol, kbot) : wantT ? n : kbot;

      if (bmp22) {
        // special case: 2×2 reflection at the bottom
        const k = krcol + 2 * (m22 - 1);
        const pv = (m22 - 1) * 3;
        if (k === ktop - 1) {
          laqr1(2, h, H(k + 1, k + 1), ldh, SR(2 * m22 - 1), SI(2 * m22 - 1), SR(2 * m22), SI(2 * m22), v, pv);
          larfg3(v[pv], v[pv + 1], 0);
          v[pv] = rfg[3];
          v[pv + 1] = rfg[1];
        } else {
          larfg3(h[H(k + 1, k)], h[H(k + 2, k)], 0);
          v[pv] = rfg[3];
          v[pv + 1] = rfg[1];
          h[H(k + 1, k)] = rfg[0];
          h[H(k + 2, k)] = 0;
        }
        const v2 = v[pv + 1];
        const t1 = v[pv];
        const t2 = t1 * v2;
        // update from the right, then from the left, within the computational window
        reflectCols2(h, H(1, k + 1) - 1, ldh, jtop, Math.min(kbot, k + 3), v2, t1, t2);
        reflectRows2(h, H(k + 1, k + 1), ldh, jbotLeft - k, v2, t1, t2);
        if (k >= ktop) vigilant(h, ldh, k, ktop, kbot, smlnum);
        // accumulate orthogonal transformations
        if (accum) {
          reflectCols2(u, (k - incol) * kdu - 1, kdu, Math.max(1, ktop - incol), kdu, v2, t1, t2);
        } else if (wantZ && z !== null) {
          reflectCols2(z, k * ldz - 1, ldz, iloz, ihiz, v2, t1, t2);
        }
      }

      // ==== normal case: chain of 3×3 reflections ====
      for (let m = mbot; m >= mtop; m--) {
        const k = krcol + 2 * (m - 1);
        const pv = (m - 1) * 3;
        if (k === ktop - 1) {
          laqr1(3, h, H(ktop, ktop), ldh, SR(2 * m - 1), SI(2 * m - 1), SR(2 * m), SI(2 * m), v, pv);
          larfg3(v[pv], v[pv + 1], v[pv + 2]);
          v[pv] = rfg[3];
          v[pv + 1] = rfg[1];
          v[pv + 2] = rfg[2];
        } else {
          // perform the delayed transformation of the row below the m-th bulge
          const t1 = v[pv];
          const t2 = t1 * v[pv + 1];
          const t3 = t1 * v[pv + 2];
          const refsum = v[pv + 2] * h[H(k + 3, k + 2)];
          h[H(k + 3, k)] = -refsum * t1;
          h[H(k + 3, k + 1)] = -refsum * t2;
          h[H(k + 3, k + 2)] -= refsum * t3;
          // reflection moving the m-th bulge one step
          larfg3(h[H(k + 1, k)], h[H(k + 2, k)], h[H(k + 3, k)]);
          const beta = rfg[0];
          v[pv] = rfg[3];
          v[pv + 1] = rfg[1];
          v[pv + 2] = rfg[2];
          // a bulge may collapse because of vigilant deflation or destructive underflow
          if (h[H(k + 3, k)] !== 0 || h[H(k + 3, k + 1)] !== 0 || h[H(k + 3, k + 2)] === 0) {
            h[H(k + 1, k)] = beta;
            h[H(k + 2, k)] = 0;
            h[H(k + 3, k)] = 0;
          } else {
            // collapsed: try to reintroduce it, ignoring H(k+1,k) and H(k+2,k)
            laqr1(3, h, H(k + 1, k + 1), ldh, SR(2 * m - 1), SI(2 * m - 1), SR(2 * m), SI(2 * m), vt, 0);
            larfg3(vt[0], vt[1], vt[2]);
            vt[0] = rfg[3];
            vt[1] = rfg[1];
            vt[2] = rfg[2];
            const s1 = vt[0];
            const s2 = s1 * vt[1];
            const s3 = s1 * vt[2];
            const rs = h[H(k + 1, k)] + vt[1] * h[H(k + 2, k)];
            if (
              Math.abs(h[H(k + 2, k)] - rs * s2) + Math.abs(rs * s3) >
              ULP * (Math.abs(h[H(k, k)]) + Math.abs(h[H(k + 1, k + 1)]) + Math.abs(h[H(k + 2, k + 2)]))
            ) {
              // a new bulge here would create non-negligible fill: use the old one
              h[H(k + 1, k)] = beta;
              h[H(k + 2, k)] = 0;
              h[H(k + 3, k)] = 0;
            } else {
              h[H(k + 1, k)] -= rs * s1;
              h[H(k + 2, k)] = 0;
              h[H(k + 3, k)] = 0;
              v[pv] = vt[0];
              v[pv + 1] = vt[1];
              v[pv + 2] = vt[2];
            }
          }
        }
        // apply the reflection from the right, and the first column of the left update
        const v2 = v[pv + 1];
        const v3 = v[pv + 2];
        const t1 = v[pv];
        const t2 = t1 * v2;
        const t3 = t1 * v3;
        reflectCols3(h, H(1, k + 1) - 1, ldh, jtop, Math.min(kbot, k + 3), v2, v3, t1, t2, t3);
        reflectRows3(h, H(k + 1, k + 1), ldh, 1, v2, v3, t1, t2, t3);
        if (k < ktop) continue;
        vigilant(h, ldh, k, ktop, kbot, smlnum);
      }

      // ==== multiply H by the reflections from the left ====
      for (let m = mbot; m >= mtop; m--) {
        const k = krcol + 2 * (m - 1);
        const pv = (m - 1) * 3;
        const v2 = v[pv + 1];
        const v3 = v[pv + 2];
        const t1 = v[pv];
        const t2 = t1 * v2;
        const t3 = t1 * v3;
        const j0 = Math.max(ktop, krcol + 2 * m);
        reflectRows3(h, H(k + 1, j0), ldh, jbotLeft - j0 + 1, v2, v3, t1, t2, t3);
      }

      // ==== accumulate the orthogonal transformations ====
      if (accum) {
        for (let m = mbot; m >= mtop; m--) {
          const k = krcol + 2 * (m - 1);
          const kms = k - incol;
          let i2 = Math.max(1, ktop - incol);
          i2 = Math.max(i2, kms - (krcol - incol) + 1);
          const i4 = Math.min(kdu, krcol + 2 * (mbot - 1) - incol + 5);
          const pv = (m - 1) * 3;
          const v2 = v[pv + 1];
          const v3 = v[pv + 2];
          const t1 = v[pv];
          const t2 = t1 * v2;
          const t3 = t1 * v3;
          reflectCols3(u, kms * kdu - 1, kdu, i2, i4, v2, v3, t1, t2, t3);
        }
      } else if (wantZ && z !== null) {
        for (let m = mbot; m >= mtop; m--) {
          const k = krcol + 2 * (m - 1);
          const pv = (m - 1) * 3;
          const v2 = v[pv + 1];
          const v3 = v[pv + 2];
          const t1 = v[pv];
          const t2 = t1 * v2;
          const t3 = t1 * v3;
          reflectCols3(z, k * ldz - 1, ldz, iloz, ihiz, v2, v3, t1, t2, t3);
        }
      }
    }

    // ==== use U to update the far-from-diagonal entries of H (and Z) ====
    if (accum) {
      let jbot: number;
      if (wantT) {
        jtop = 1;
        jbot = n;
      } else {
        jtop = ktop;
        jbot = kbot;
      }
      const k1 = Math.max(1, ktop - incol);
      const nu = kdu - Math.max(0, ndcol - kbot) - k1 + 1;
      const uOff = k1 - 1 + (k1 - 1) * kdu;
      const wh = ws.wh;
      const wv = ws.wv;
      // horizontal multiply: H(incol+k1.., jcol..) := Uᵀ H(...)
      // the accumulated U is block-banded: skip its structural zeros
      columnProfile4(nu, nu, u, uOff, kdu, ws.lo, ws.hi);
      for (let jcol = Math.min(ndcol, kbot) + 1; jcol <= jbot; jcol += ws.nh) {
        const jlen = Math.min(ws.nh, jbot - jcol + 1);
        gemmTNProfiled(nu, jlen, u, uOff, kdu, ws.lo, ws.hi, h, H(incol + k1, jcol), ldh, wh, 0, nu);
        for (let j = 0; j < jlen; j++) copy(wh, j * nu, h, H(incol + k1, jcol + j), nu);
      }
      // vertical multiply: H(jrow.., incol+k1..) := H(...) U
      const rowEnd = Math.max(ktop, incol) - 1;
      for (let jrow = jtop; jrow <= rowEnd; jrow += ws.nv) {
        const jlen = Math.min(ws.nv, rowEnd - jrow + 1);
        wv.fill(0, 0, jlen * nu);
        gemmAccProfiled(jlen, nu, 1, h, H(jrow, incol + k1), ldh, u, uOff, kdu, ws.lo, ws.hi, wv, 0, jlen);
        for (let j = 0; j < nu; j++) copy(wv, j * jlen, h, H(jrow, incol + k1 + j), jlen);
      }
      // Z multiply (also vertical)
      if (wantZ && z !== null) {
        for (let jrow = iloz; jrow <= ihiz; jrow += ws.nv) {
          const jlen = Math.min(ws.nv, ihiz - jrow + 1);
          wv.fill(0, 0, jlen * nu);
          gemmAccProfiled(jlen, nu, 1, z, jrow - 1 + (incol + k1 - 1) * ldz, ldz, u, uOff, kdu, ws.lo, ws.hi, wv, 0, jlen);
          for (let j = 0; j < nu; j++) copy(wv, j * jlen, z, jrow - 1 + (incol + k1 + j - 1) * ldz, jlen);
        }
      }
    }
  }
}
