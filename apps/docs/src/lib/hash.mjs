// @ts-check
/** Stable hashing of JSON-like data (key order independent, numbers rounded). */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted, so that equal data gives equal text.
 * @param {unknown} value
 * @returns {string}
 */
export function stableStringify(value) {
  return JSON.stringify(sortKeys(value));
}

/**
 * @param {unknown} value
 * @returns {unknown}
 */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(/** @type {ArrayLike<number>} */ (/** @type {unknown} */ (value)), (v) => sortKeys(v));
  if (value && typeof value === 'object') {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(/** @type {Record<string, unknown>} */ (value)[k]);
    return out;
  }
  return value;
}

/**
 * Round every number to `digits` significant digits (non-finite numbers become strings), so that a
 * fingerprint ignores last-bit noise but sees any real change of a prediction.
 * @param {unknown} value
 * @param {number} [digits]
 * @returns {unknown}
 */
export function roundDeep(value, digits = 8) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (value === 0) return 0;
    return Number(value.toPrecision(digits));
  }
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, digits));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(/** @type {ArrayLike<number>} */ (/** @type {unknown} */ (value)), (v) => roundDeep(v, digits));
  if (value && typeof value === 'object') {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = roundDeep(v, digits);
    return out;
  }
  return value;
}

/**
 * sha256 of a string or bytes, hex.
 * @param {string | Uint8Array} data
 */
export function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Hash of rounded, key-sorted data.
 * @param {unknown} value
 * @param {number} [digits]
 */
export function dataHash(value, digits = 8) {
  return sha256(stableStringify(roundDeep(value, digits)));
}
