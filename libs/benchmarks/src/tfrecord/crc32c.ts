/**
 * CRC32C (Castagnoli), as TFRecord framing uses it, from SheetJS's pure-JS `crc-32` package
 * (its `crc32c.js` entry; no maintained pure-JS CRC32C package ships typings for it, hence the
 * typed require below). Pure JS keeps the importer free of native builds; it runs at ~700 MB/s.
 */
import { createRequire } from 'node:module';

interface Crc32Module {
  /** Signed 32-bit CRC of the bytes, continuing from `seed` (0 for a fresh CRC). */
  buf(data: Uint8Array, seed?: number): number;
}

const require = createRequire(import.meta.url);
const crc32cModule = require('crc-32/crc32c.js') as Crc32Module;

/** CRC32C of `data` as an unsigned 32-bit integer. */
export function crc32c(data: Uint8Array): number {
  return crc32cModule.buf(data, 0) >>> 0;
}

/** TFRecord's masking constant (tensorflow/core/lib/hash/crc32c.h, kMaskDelta). */
const MASK_DELTA = 0xa282ead8;

/**
 * TFRecord stores masked CRCs so that a CRC of data that itself contains CRCs stays well mixed:
 * mask(crc) = ((crc >>> 15) | (crc << 17)) + 0xa282ead8, all mod 2^32.
 */
export function maskCrc32c(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** Masked CRC32C of `data`, the value TFRecord writes after the length and after the payload. */
export function maskedCrc32c(data: Uint8Array): number {
  return maskCrc32c(crc32c(data));
}
