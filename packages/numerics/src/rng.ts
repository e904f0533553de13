/**
 * Seeded pseudo-random generator: xoshiro256** seeded through splitmix64.
 *
 * Every random draw in gatefield comes from an instance of {@link Rng}; the seed is part of every
 * simulation result so that the same seed reproduces the same bytes. Streams for independent
 * objects (one weight matrix each, one worker task each) are derived with {@link Rng.derive}, which
 * depends only on the parent seed and a label — never on the order in which work is scheduled —
 * so results do not depend on the number of worker threads.
 *
 * Why xoshiro256**: 256-bit state, passes BigCrush, and is fast with 32-bit integer arithmetic.
 * We implement the 64-bit lanes as pairs of 32-bit halves so no BigInt is needed in the hot path.
 *
 * Normal deviates use the polar Box–Muller (Marsaglia) method, which needs no tables and returns
 * bit-identical results on every platform (only +, *, log, sqrt: IEEE-754 correctly rounded for
 * sqrt; `Math.log` is the only libm call).
 */
import { InvalidParameterError } from './errors.js';

const TWO_POW_M53 = 1 / 9007199254740992;

/** splitmix64 on a pair of 32-bit halves; returns the next state and output halves. */
function splitmix64(stateHi: number, stateLo: number): [number, number, number, number] {
  // state += 0x9E3779B97F4A7C15
  let lo = (stateLo + 0x7f4a7c15) >>> 0;
  const carry = lo < stateLo >>> 0 ? 1 : 0;
  let hi = (stateHi + 0x9e3779b9 + carry) >>> 0;
  const newHi = hi;
  const newLo = lo;
  // z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
  let zHi = hi;
  let zLo = lo;
  [zHi, zLo] = xorShr(zHi, zLo, 30);
  [zHi, zLo] = mul64(zHi, zLo, 0xbf58476d, 0x1ce4e5b9);
  [zHi, zLo] = xorShr(zHi, zLo, 27);
  [zHi, zLo] = mul64(zHi, zLo, 0x94d049bb, 0x133111eb);
  [zHi, zLo] = xorShr(zHi, zLo, 31);
  hi = zHi;
  lo = zLo;
  return [newHi, newLo, hi, lo];
}

function xorShr(hi: number, lo: number, s: number): [number, number] {
  // (hi:lo) ^ ((hi:lo) >>> s), 0 < s < 64
  let sh: number;
  let sl: number;
  if (s < 32) {
    sh = hi >>> s;
    sl = ((lo >>> s) | (hi << (32 - s))) >>> 0;
  } else {
    sh = 0;
    sl = hi >>> (s - 32);
  }
  return [(hi ^ sh) >>> 0, (lo ^ sl) >>> 0];
}

/** 64-bit wrapping multiply of (ah:al)·(bh:bl). */
function mul64(ah: number, al: number, bh: number, bl: number): [number, number] {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lo = ((mid << 16) | (p00 & 0xffff)) >>> 0;
  const carryHi = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  const hi = (carryHi + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  return [hi, lo];
}

/** FNV-1a hash of a label to 32 bits; used to derive independent streams. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A seeded xoshiro256** generator with uniform and standard-normal deviates. */
export class Rng {
  /** The seed this generator was built from (integer in [0, 2^53)), or its derivation path. */
  readonly seed: number;
  readonly path: string;
  private s: Uint32Array; // 8 words: s0hi,s0lo,s1hi,s1lo,s2hi,s2lo,s3hi,s3lo
  private spare = 0;
  private hasSpare = false;

  /**
   * @param seed non-negative safe integer.
   * @param path derivation path (internal; set by {@link Rng.derive}).
   */
  constructor(seed: number, path = '') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      // typed (was a RangeError, found by fuzzing): the CLI maps it to exit 2 with one line
      throw new InvalidParameterError('seed', seed, `integers 0..${Number.MAX_SAFE_INTEGER}`, `seed must be a non-negative safe integer, got ${typeof seed === 'string' ? JSON.stringify(seed) : String(seed)}`);
    }
    this.seed = seed;
    this.path = path;
    let hi = Math.floor(seed / 4294967296) >>> 0;
    let lo = seed >>> 0;
    if (path) {
      for (const part of path.split('/')) {
        const h = hashLabel(part);
        hi = (hi ^ h) >>> 0;
        lo = (lo ^ Math.imul(h, 0x9e3779b1)) >>> 0;
        const r = splitmix64(hi, lo);
        hi = r[2];
        lo = r[3];
      }
    }
    this.s = new Uint32Array(8);
    for (let k = 0; k < 4; k++) {
      const r = splitmix64(hi, lo);
      hi = r[0];
      lo = r[1];
      this.s[2 * k] = r[2];
      this.s[2 * k + 1] = r[3];
    }
  }

  /**
   * An independent generator for a named sub-stream: the result depends only on this generator's
   * seed/path and `label`, not on how many numbers were drawn before, so work split across worker
   * threads draws the same numbers whatever the number of workers.
   */
  derive(label: string | number): Rng {
    const p = this.path ? `${this.path}/${label}` : String(label);
    return new Rng(this.seed, p);
  }

  /** Next 64-bit output as [hi, lo] 32-bit halves (xoshiro256**). */
  private next64(): [number, number] {
    const s = this.s;
    // result = rotl(s1 * 5, 7) * 9
    let [rh, rl] = mul64(s[2], s[3], 0, 5);
    [rh, rl] = rotl(rh, rl, 7);
    [rh, rl] = mul64(rh, rl, 0, 9);
    // t = s1 << 17
    const th = ((s[2] << 17) | (s[3] >>> 15)) >>> 0;
    const tl = (s[3] << 17) >>> 0;
    // s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
    s[4] ^= s[0];
    s[5] ^= s[1];
    s[6] ^= s[2];
    s[7] ^= s[3];
    s[2] ^= s[4];
    s[3] ^= s[5];
    s[0] ^= s[6];
    s[1] ^= s[7];
    s[4] ^= th;
    s[5] ^= tl;
    const [h3, l3] = rotl(s[6], s[7], 45);
    s[6] = h3;
    s[7] = l3;
    return [rh, rl];
  }

  /** Uniform deviate in [0, 1) with 53 random bits. */
  uniform(): number {
    const [hi, lo] = this.next64();
    return ((hi >>> 0) * 2097152 + (lo >>> 11)) * TWO_POW_M53;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let q: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Fill `out` with iid N(mean, sd²) deviates and return it. */
  fillNormal(out: Float64Array, sd = 1, mean = 0): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = mean + sd * this.normal();
    return out;
  }

  /** A new array of `n` iid N(mean, sd²) deviates. */
  normals(n: number, sd = 1, mean = 0): Float64Array {
    return this.fillNormal(new Float64Array(n), sd, mean);
  }
}

function rotl(hi: number, lo: number, k: number): [number, number] {
  if (k === 32) return [lo, hi];
  if (k > 32) {
    [hi, lo] = [lo, hi];
    k -= 32;
  }
  const nh = ((hi << k) | (lo >>> (32 - k))) >>> 0;
  const nl = ((lo << k) | (hi >>> (32 - k))) >>> 0;
  return [nh, nl];
}

/**
 * A real N×N Ginibre matrix (row-major) with iid N(0, variance/N) entries, drawn from `rng`.
 * [G-6] — weight laws of every model are of this form.
 */
export function ginibre(rng: Rng, n: number, variance = 1): Float64Array {
  // found by fuzzing: n = −1 gave NaN entries, n = 2.5 a wrong length
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1e5) throw new InvalidParameterError('n', n, 'integers 1..100000');
  if (typeof variance !== 'number' || !Number.isFinite(variance) || variance < 0) throw new InvalidParameterError('variance', variance, '[0, inf)');
  return rng.normals(n * n, Math.sqrt(variance / n));
}
