import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Md5Hasher, md5HexOfAscii } from './fast-md5.js';

const reference = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

test('matches node:crypto for every length 0..600 (1 to 11 blocks, all padding boundaries)', () => {
  const hasher = new Md5Hasher();
  const out = new Uint8Array(32);
  let state = 12345;
  for (let len = 0; len <= 600; len++) {
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      bytes[i] = 32 + (state >>> 25);
    }
    hasher.message.set(bytes);
    hasher.digestHexInto(len, out, 0);
    assert.equal(Buffer.from(out).toString('latin1'), reference(bytes), `length ${len}`);
  }
});

test('known digests (RFC 1321 test suite)', () => {
  assert.equal(md5HexOfAscii(''), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(md5HexOfAscii('abc'), '900150983cd24fb0d6963f7d28e17f72');
  assert.equal(md5HexOfAscii('12345678901234567890123456789012345678901234567890123456789012345678901234567890'), '57edf4a22be3c955ac49da2e2107b67a');
});

test('rejects non-ASCII text and oversized messages', () => {
  assert.throws(() => md5HexOfAscii('é'), RangeError);
  assert.throws(() => new Md5Hasher().digestHexInto(5000, new Uint8Array(32), 0), RangeError);
});
