/**
 * Francis implicit double-shift QR on an upper Hessenberg matrix: a port of LAPACK `dlahqr`.
 *
 * Storage: column-major, element (r, c) of an `ld`-leading-dimension matrix is `h[r + c * ld]`,
 * all indices 0-based. With `wantT = false` only the active diagonal block is transformed, which
 * is what makes the eigenvalues-only path (LAPACK `dhseqr` with `job = 'E'`) several times cheaper
 * than computing the Schur form.
 *
 * @internal
 */

import {
  LANV2,
  RFG,
  lanv2,
  larfg3,
  reflectCols2,
  reflectCols3,
  reflectRows2,
  reflectRows3,
  SAFMIN,
  ULP,
} from './qrKernels.js';

/** Exceptional-shift constants of `dlahqr`. */
const DAT1 = 0.75;
const DAT2 = -0.4375;
/** Iterations without deflation after which an exceptional shift is used (`KEXSH`). */
export const KEXSH = 10;

/**
 * LAPACK `dlahqr`: eigenvalues (and optionally the Schur form `T` and Schur vectors) of the
 * upper Hessenberg block `h[ilo..ihi, ilo..ihi]` by the Francis double-shift QR algorithm.
 *
 * - Deflation: the Ahues–Tisseur small-subdiagonal criterion of `dlahqr`.
 * - Exceptional shifts after {@link KEXSH} and 2·{@link KEXSH} iterations without deflation.
 * - 2×2 blocks are standardised with {@link lanv2}.
 *
 * @param wantT transform the whole matrix (rows 0.., columns ..n-1) so that it ends in real
 *   Schur form; if false only the active block is transformed (eigenvalues only).
 * @param wantZ accumulate the transformations into `z[iloz..ihiz, ilo..ihi]`.
 * @param itmax total budget of QR sweeps for this call.
 * @returns 0 on success; otherwise `i + 1` where rows/columns `ilo..i` did not converge within
 *   the budget (eigenvalues `i+1..ihi` are then valid), as LAPACK's `info`.
 * @internal
 */
export function lahqr(
  wantT: boolean,
  wantZ: boolean,
  n: number,
  ilo: number,
  ihi: number,
  h: Float64Array,
  ld: number,
  wr: Float64Array,
  wi: Float64Array,
  iloz: number,
  ihiz: number,
  z: Float64Array | null,
  ldz: number,
  itmax: number,
): number {
  if (n === 0 || ihi < ilo) return 0;
  if (ilo === ihi) {
    wr[ilo] = h[ilo + ilo * ld];
    wi[ilo] = 0;
    return 0;
  }
  // clear out the trash
  for (let j = ilo; j <= ihi - 3; j++) {
    h[j + 2 + j * ld] = 0;
    h[j + 3 + j * ld] = 0;
  }
  if (ilo <= ihi - 2) h[ihi + (ihi - 2) * ld] = 0;
  const nh = ihi - ilo + 1;
  const smlnum = SAFMIN * (nh / ULP);
  let i1 = 0;
  let i2 = n - 1;
  let kdefl = 0;
  let its = 0;
  const rfg = RFG;

  let i = ihi;
  while (i >= ilo) {
    // QR iterations on rows and columns l..i until a 1×1 or 2×2 block splits off at the bottom
    let l = ilo;
    for (;;) {
      // look for a single small subdiagonal element
      let k = i;
      for (; k > l; k--) {
        const hkk1 = Math.abs(h[k + (k - 1) * ld]);
        if (hkk1 <= smlnum) break;
        const hk1k1 = h[k - 1 + (k - 1) * ld];
        const hkk = h[k + k * ld];
        let tst = Math.abs(hk1k1) + Math.abs(hkk);
        if (tst === 0) {
          if (k - 2 >= ilo) tst += Math.abs(h[k - 1 + (k - 2) * ld]);
          if (k + 1 <= ihi) tst += Math.abs(h[k + 1 + k * ld]);
        }
        // conservative small-subdiagonal deflation criterion of Ahues & Tisseur (LAWN 122, 1997)
        if (hkk1 <= ULP * tst) {
          const hk1k = Math.abs(h[k - 1 + k * ld]);
          const ab = Math.max(hkk1, hk1k);
          const ba = Math.min(hkk1, hk1k);
          const dd = Math.abs(hk1k1 - hkk);
          const aa = Math.max(Math.abs(hkk), dd);
          const bb = Math.min(Math.abs(hkk), dd);
          const s = aa + ab;
          if (ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)))) break;
        }
      }
      l = k;
      if (l > ilo) h[l + (l - 1) * ld] = 0; // H(l, l-1) is negligible
      if (l >= i - 1) break; // a 1×1 or 2×2 block has split off
      if (its >= itmax) return i + 1;
      its++;
      kdefl++;
      if (!wantT) {
        i1 = l;
        i2 = i;
      }

      // shifts
      let h11: number;
      let h12: number;
      let h21: number;
      let h22: number;
      if (kdefl % (2 * KEXSH) === 0) {
        const s = Math.abs(h[i + (i - 1) * ld]) + Math.abs(h[i - 1 + (i - 2) * ld]);
        h11 = DAT1 * s + h[i + i * ld];
        h12 = DAT2 * s;
        h21 = s;
        h22 = h11;
      } else if (kdefl % KEXSH === 0) {
        const s = Math.abs(h[l + 1 + l * ld]) + Math.abs(h[l + 2 + (l + 1) * ld]);
        h11 = DAT1 * s + h[l + l * ld];
        h12 = DAT2 * s;
        h21 = s;
        h22 = h11;
      } else {
        // Francis double shift (2nd-degree generalised Rayleigh quotient)
        h11 = h[i - 1 + (i - 1) * ld];
        h21 = h[i + (i - 1) * ld];
        h12 = h[i - 1 + i * ld];
        h22 = h[i + i * ld];
      }
      let rt1r: number;
      let rt1i: number;
      let rt2r: number;
      let rt2i: number;
      {
        const s = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
        if (s === 0) {
          rt1r = 0;
          rt1i = 0;
          rt2r = 0;
          rt2i = 0;
        } else {
          h11 /= s;
          h21 /= s;
          h12 /= s;
          h22 /= s;
          const tr = (h11 + h22) / 2;
          const det = (h11 - tr) * (h22 - tr) - h12 * h21;
          const rtdisc = Math.sqrt(Math.abs(det));
          if (det >= 0) {
            // complex conjugate shifts
            rt1r = tr * s;
            rt2r = rt1r;
            rt1i = rtdisc * s;
            rt2i = -rt1i;
          } else {
            // real shifts (use only one of them)
            rt1r = tr + rtdisc;
            rt2r = tr - rtdisc;
            if (Math.abs(rt1r - h22) <= Math.abs(rt2r - h22)) {
              rt1r *= s;
              rt2r = rt1r;
            } else {
              rt2r *= s;
              rt1r = rt2r;
            }
            rt1i = 0;
            rt2i = 0;
          }
        }
      }

      // look for two consecutive small subdiagonal elements
      let m = i - 2;
      let v1 = 0;
      let v2 = 0;
      let v3 = 0;
      for (; m >= l; m--) {
        const hmm = h[m + m * ld];
        let h21s = h[m + 1 + m * ld];
        let s = Math.abs(hmm - rt2r) + Math.abs(rt2i) + Math.abs(h21s);
        h21s /= s;
        v1 = h21s * h[m + (m + 1) * ld] + (hmm - rt1r) * ((hmm - rt2r) / s) - rt1i * (rt2i / s);
        v2 = h21s * (hmm + h[m + 1 + (m + 1) * ld] - rt1r - rt2r);
        v3 = h21s * h[m + 2 + (m + 1) * ld];
        s = Math.abs(v1) + Math.abs(v2) + Math.abs(v3);
        v1 /= s;
        v2 /= s;
        v3 /= s;
        if (m === l) break;
        const h00 = Math.abs(h[m + (m - 1) * ld]) * (Math.abs(v2) + Math.abs(v3));
        const h01 =
          ULP *
          Math.abs(v1) *
          (Math.abs(h[m - 1 + (m - 1) * ld]) + Math.abs(hmm) + Math.abs(h[m + 1 + (m + 1) * ld]));
        if (h00 <= h01) break;
      }

      // double-shift QR sweep: chase the bulge from row m to the bottom
      for (let k = m; k <= i - 1; k++) {
        const nr = Math.min(3, i - k + 1);
        const kc = (k - 1) * ld;
        if (k > m) {
          v1 = h[k + kc];
          v2 = h[k + 1 + kc];
          v3 = nr === 3 ? h[k + 2 + kc] : 0;
        }
        larfg3(v1, v2, nr === 3 ? v3 : 0);
        const t1 = rfg[3];
        v2 = rfg[1];
        v3 = rfg[2];
        if (k > m) {
          h[k + kc] = rfg[0];
          h[k + 1 + kc] = 0;
          if (k < i - 1) h[k + 2 + kc] = 0;
        } else if (m > l) {
          // avoids a bug when v2 and v3 underflow (instead of H(k,k-1) = -H(k,k-1))
          h[k + kc] *= 1 - t1;
        }
        const t2 = t1 * v2;
        if (nr === 3) {
          const t3 = t1 * v3;
          // apply G from the left to rows k..k+2, columns k..i2; from the right to columns
          // k..k+2, rows i1..min(k+3, i)
          reflectRows3(h, k + k * ld, ld, i2 - k + 1, v2, v3, t1, t2, t3);
          reflectCols3(h, k * ld, ld, i1, Math.min(k + 3, i), v2, v3, t1, t2, t3);
          if (wantZ && z !== null) reflectCols3(z, k * ldz, ldz, iloz, ihiz, v2, v3, t1, t2, t3);
        } else if (nr === 2) {
          reflectRows2(h, k + k * ld, ld, i2 - k + 1, v2, t1, t2);
          reflectCols2(h, k * ld, ld, i1, i, v2, t1, t2);
          if (wantZ && z !== null) reflectCols2(z, k * ldz, ldz, iloz, ihiz, v2, t1, t2);
        }
      }
    }

    if (l === i) {
      // one eigenvalue has converged
      wr[i] = h[i + i * ld];
      wi[i] = 0;
    } else if (l === i - 1) {
      // a pair has converged: standardise the 2×2 block
      const p11 = i - 1 + (i - 1) * ld;
      const p12 = i - 1 + i * ld;
      const p21 = i + (i - 1) * ld;
      const p22 = i + i * ld;
      lanv2(h[p11], h[p12], h[p21], h[p22]);
      const o = LANV2;
      h[p11] = o[0];
      h[p12] = o[1];
      h[p21] = o[2];
      h[p22] = o[3];
      wr[i - 1] = o[4];
      wi[i - 1] = o[5];
      wr[i] = o[6];
      wi[i] = o[7];
      const cs = o[8];
      const sn = o[9];
      if (wantT) {
        // apply the rotation to the rest of H
        for (let j = i + 1; j <= i2; j++) {
          const x = h[i - 1 + j * ld];
          const y = h[i + j * ld];
          h[i - 1 + j * ld] = cs * x + sn * y;
          h[i + j * ld] = cs * y - sn * x;
        }
        for (let j = i1; j <= i - 2; j++) {
          const x = h[j + (i - 1) * ld];
          const y = h[j + i * ld];
          h[j + (i - 1) * ld] = cs * x + sn * y;
          h[j + i * ld] = cs * y - sn * x;
        }
      }
      if (wantZ && z !== null) {
        for (let j = iloz; j <= ihiz; j++) {
          const x = z[j + (i - 1) * ldz];
          const y = z[j + i * ldz];
          z[j + (i - 1) * ldz] = cs * x + sn * y;
          z[j + i * ldz] = cs * y - sn * x;
        }
      }
    }
    kdefl = 0;
    i = l - 1;
  }
  return 0;
}

/*
 * Reflector applications, kept as small separate functions: the engine optimises each of them
 * after a few calls with complete type feedback, instead of on-stack-replacing a huge loop nest
 * and deoptimising whenever a rarely taken branch is reached.
 */
