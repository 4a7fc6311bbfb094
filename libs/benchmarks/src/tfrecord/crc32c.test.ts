import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32c, maskCrc32c, maskedCrc32c } from './crc32c.js';

// RFC 3720 (iSCSI) appendix B.4 test vectors, and the common "check" value of CRC-32C.
test('crc32c matches the RFC 3720 / iSCSI test vectors', () => {
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

test('masking follows TFRecord: rotate right by 15, add 0xa282ead8 mod 2^32', () => {
  assert.equal(maskCrc32c(0), 0xa282ead8);
  // 0xe3069283 rotated right by 15 = 0x2507c60d; + 0xa282ead8 = 0xc78ab0e5.
  assert.equal(maskCrc32c(0xe3069283), 0xc78ab0e5);
  assert.equal(maskedCrc32c(Buffer.from('123456789')), 0xc78ab0e5);
  // The sum wraps: a value near 2^32 must stay an unsigned 32-bit integer.
  assert.equal(maskCrc32c(0xffffffff), (0xffffffff + 0xa282ead8) % 2 ** 32);
});
