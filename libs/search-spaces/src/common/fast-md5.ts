/**
 * MD5 tuned for the NAS-Bench-101 module hash: tens of millions of digests of short ASCII strings
 * (≤ ~300 bytes). node:crypto costs about a microsecond of call overhead per digest, which would
 * dominate the enumeration, so this writes the message into a reusable scratch buffer, pads it in
 * place and runs the compression rounds over an Int32Array view of it (no allocation per digest).
 */

const HEX = new TextEncoder().encode('0123456789abcdef');
/** Two hex ASCII chars of a byte packed little-endian in 16 bits, so a digest word becomes two message words. */
const HEX_PAIR = Uint16Array.from({ length: 256 }, (_, b) => HEX[b >>> 4] | (HEX[b & 15] << 8));
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Longest message one hasher accepts; the module hash never needs more than ~300 bytes. */
export const MD5_MAX_MESSAGE_BYTES = 4096 - 72;

export class Md5Hasher {
  /** Write the message here (bytes 0..len-1), then call one of the digest methods with len. */
  readonly message: Uint8Array;
  /** The same scratch memory as little-endian 32-bit words, for writing the message a word at a time. */
  readonly words: Int32Array;
  /** The digest of the last call: MD5's four state words (their little-endian bytes are the raw digest). */
  readonly state = new Int32Array(4);

  constructor() {
    // The word view reads the scratch buffer directly, which is only correct on little-endian hosts.
    if (!LITTLE_ENDIAN) throw new Error('Md5Hasher needs a little-endian host');
    const buffer = new ArrayBuffer(4096);
    this.message = new Uint8Array(buffer);
    this.words = new Int32Array(buffer);
  }

  /** MD5 of message[0..len) as 32 lowercase hex ASCII bytes written to out[offset..offset+32). */
  digestHexInto(len: number, out: Uint8Array, offset: number): void {
    this.digest(len);
    for (let k = 0; k < 4; k++) writeWordHex(this.state[k], out, offset + 8 * k);
  }

  /** MD5 of message[0..len) as hex ASCII packed into 8 little-endian words at out[wordOffset…]. */
  digestHexWordsInto(len: number, out: Int32Array, wordOffset: number): void {
    this.digest(len);
    for (let k = 0; k < 4; k++) {
      const s = this.state[k];
      out[wordOffset + 2 * k] = HEX_PAIR[s & 0xff] | (HEX_PAIR[(s >>> 8) & 0xff] << 16);
      out[wordOffset + 2 * k + 1] = HEX_PAIR[(s >>> 16) & 0xff] | (HEX_PAIR[s >>> 24] << 16);
    }
  }

  /** MD5 of message[0..len) into `state`. */
  digest(len: number): void {
    if (len > MD5_MAX_MESSAGE_BYTES) throw new RangeError(`md5 message of ${len} bytes exceeds ${MD5_MAX_MESSAGE_BYTES}`);
    const m = this.message;
    const w = this.words;
    // Standard MD5 padding: 0x80, zeros up to 56 mod 64, then the bit length (little-endian u64).
    m[len] = 0x80;
    const blocks = ((len + 8) >>> 6) + 1;
    const end = blocks * 64;
    m.fill(0, len + 1, end - 8);
    w[(end >>> 2) - 2] = len << 3;
    w[(end >>> 2) - 1] = len >>> 29;

    let a0 = 0x67452301;
    let b0 = 0xefcdab89 | 0;
    let c0 = 0x98badcfe | 0;
    let d0 = 0x10325476;
    for (let block = 0; block < blocks; block++) {
      const k = block << 4;
      let a = a0;
      let b = b0;
      let c = c0;
      let d = d0;
      const x0 = w[k], x1 = w[k + 1], x2 = w[k + 2], x3 = w[k + 3], x4 = w[k + 4], x5 = w[k + 5];
      const x6 = w[k + 6], x7 = w[k + 7], x8 = w[k + 8], x9 = w[k + 9], x10 = w[k + 10], x11 = w[k + 11];
      const x12 = w[k + 12], x13 = w[k + 13], x14 = w[k + 14], x15 = w[k + 15];

      // The 64 steps are written out inline: V8 stops inlining helper calls in a function this large.
      let n = 0;
      n = (a + ((b & c) | (~b & d)) + x0 + -680876936) | 0; a = (((n << 7) | (n >>> 25)) + b) | 0;
      n = (d + ((a & b) | (~a & c)) + x1 + -389564586) | 0; d = (((n << 12) | (n >>> 20)) + a) | 0;
      n = (c + ((d & a) | (~d & b)) + x2 + 606105819) | 0; c = (((n << 17) | (n >>> 15)) + d) | 0;
      n = (b + ((c & d) | (~c & a)) + x3 + -1044525330) | 0; b = (((n << 22) | (n >>> 10)) + c) | 0;
      n = (a + ((b & c) | (~b & d)) + x4 + -176418897) | 0; a = (((n << 7) | (n >>> 25)) + b) | 0;
      n = (d + ((a & b) | (~a & c)) + x5 + 1200080426) | 0; d = (((n << 12) | (n >>> 20)) + a) | 0;
      n = (c + ((d & a) | (~d & b)) + x6 + -1473231341) | 0; c = (((n << 17) | (n >>> 15)) + d) | 0;
      n = (b + ((c & d) | (~c & a)) + x7 + -45705983) | 0; b = (((n << 22) | (n >>> 10)) + c) | 0;
      n = (a + ((b & c) | (~b & d)) + x8 + 1770035416) | 0; a = (((n << 7) | (n >>> 25)) + b) | 0;
      n = (d + ((a & b) | (~a & c)) + x9 + -1958414417) | 0; d = (((n << 12) | (n >>> 20)) + a) | 0;
      n = (c + ((d & a) | (~d & b)) + x10 + -42063) | 0; c = (((n << 17) | (n >>> 15)) + d) | 0;
      n = (b + ((c & d) | (~c & a)) + x11 + -1990404162) | 0; b = (((n << 22) | (n >>> 10)) + c) | 0;
      n = (a + ((b & c) | (~b & d)) + x12 + 1804603682) | 0; a = (((n << 7) | (n >>> 25)) + b) | 0;
      n = (d + ((a & b) | (~a & c)) + x13 + -40341101) | 0; d = (((n << 12) | (n >>> 20)) + a) | 0;
      n = (c + ((d & a) | (~d & b)) + x14 + -1502002290) | 0; c = (((n << 17) | (n >>> 15)) + d) | 0;
      n = (b + ((c & d) | (~c & a)) + x15 + 1236535329) | 0; b = (((n << 22) | (n >>> 10)) + c) | 0;

      n = (a + ((b & d) | (c & ~d)) + x1 + -165796510) | 0; a = (((n << 5) | (n >>> 27)) + b) | 0;
      n = (d + ((a & c) | (b & ~c)) + x6 + -1069501632) | 0; d = (((n << 9) | (n >>> 23)) + a) | 0;
      n = (c + ((d & b) | (a & ~b)) + x11 + 643717713) | 0; c = (((n << 14) | (n >>> 18)) + d) | 0;
      n = (b + ((c & a) | (d & ~a)) + x0 + -373897302) | 0; b = (((n << 20) | (n >>> 12)) + c) | 0;
      n = (a + ((b & d) | (c & ~d)) + x5 + -701558691) | 0; a = (((n << 5) | (n >>> 27)) + b) | 0;
      n = (d + ((a & c) | (b & ~c)) + x10 + 38016083) | 0; d = (((n << 9) | (n >>> 23)) + a) | 0;
      n = (c + ((d & b) | (a & ~b)) + x15 + -660478335) | 0; c = (((n << 14) | (n >>> 18)) + d) | 0;
      n = (b + ((c & a) | (d & ~a)) + x4 + -405537848) | 0; b = (((n << 20) | (n >>> 12)) + c) | 0;
      n = (a + ((b & d) | (c & ~d)) + x9 + 568446438) | 0; a = (((n << 5) | (n >>> 27)) + b) | 0;
      n = (d + ((a & c) | (b & ~c)) + x14 + -1019803690) | 0; d = (((n << 9) | (n >>> 23)) + a) | 0;
      n = (c + ((d & b) | (a & ~b)) + x3 + -187363961) | 0; c = (((n << 14) | (n >>> 18)) + d) | 0;
      n = (b + ((c & a) | (d & ~a)) + x8 + 1163531501) | 0; b = (((n << 20) | (n >>> 12)) + c) | 0;
      n = (a + ((b & d) | (c & ~d)) + x13 + -1444681467) | 0; a = (((n << 5) | (n >>> 27)) + b) | 0;
      n = (d + ((a & c) | (b & ~c)) + x2 + -51403784) | 0; d = (((n << 9) | (n >>> 23)) + a) | 0;
      n = (c + ((d & b) | (a & ~b)) + x7 + 1735328473) | 0; c = (((n << 14) | (n >>> 18)) + d) | 0;
      n = (b + ((c & a) | (d & ~a)) + x12 + -1926607734) | 0; b = (((n << 20) | (n >>> 12)) + c) | 0;

      n = (a + (b ^ c ^ d) + x5 + -378558) | 0; a = (((n << 4) | (n >>> 28)) + b) | 0;
      n = (d + (a ^ b ^ c) + x8 + -2022574463) | 0; d = (((n << 11) | (n >>> 21)) + a) | 0;
      n = (c + (d ^ a ^ b) + x11 + 1839030562) | 0; c = (((n << 16) | (n >>> 16)) + d) | 0;
      n = (b + (c ^ d ^ a) + x14 + -35309556) | 0; b = (((n << 23) | (n >>> 9)) + c) | 0;
      n = (a + (b ^ c ^ d) + x1 + -1530992060) | 0; a = (((n << 4) | (n >>> 28)) + b) | 0;
      n = (d + (a ^ b ^ c) + x4 + 1272893353) | 0; d = (((n << 11) | (n >>> 21)) + a) | 0;
      n = (c + (d ^ a ^ b) + x7 + -155497632) | 0; c = (((n << 16) | (n >>> 16)) + d) | 0;
      n = (b + (c ^ d ^ a) + x10 + -1094730640) | 0; b = (((n << 23) | (n >>> 9)) + c) | 0;
      n = (a + (b ^ c ^ d) + x13 + 681279174) | 0; a = (((n << 4) | (n >>> 28)) + b) | 0;
      n = (d + (a ^ b ^ c) + x0 + -358537222) | 0; d = (((n << 11) | (n >>> 21)) + a) | 0;
      n = (c + (d ^ a ^ b) + x3 + -722521979) | 0; c = (((n << 16) | (n >>> 16)) + d) | 0;
      n = (b + (c ^ d ^ a) + x6 + 76029189) | 0; b = (((n << 23) | (n >>> 9)) + c) | 0;
      n = (a + (b ^ c ^ d) + x9 + -640364487) | 0; a = (((n << 4) | (n >>> 28)) + b) | 0;
      n = (d + (a ^ b ^ c) + x12 + -421815835) | 0; d = (((n << 11) | (n >>> 21)) + a) | 0;
      n = (c + (d ^ a ^ b) + x15 + 530742520) | 0; c = (((n << 16) | (n >>> 16)) + d) | 0;
      n = (b + (c ^ d ^ a) + x2 + -995338651) | 0; b = (((n << 23) | (n >>> 9)) + c) | 0;

      n = (a + (c ^ (b | ~d)) + x0 + -198630844) | 0; a = (((n << 6) | (n >>> 26)) + b) | 0;
      n = (d + (b ^ (a | ~c)) + x7 + 1126891415) | 0; d = (((n << 10) | (n >>> 22)) + a) | 0;
      n = (c + (a ^ (d | ~b)) + x14 + -1416354905) | 0; c = (((n << 15) | (n >>> 17)) + d) | 0;
      n = (b + (d ^ (c | ~a)) + x5 + -57434055) | 0; b = (((n << 21) | (n >>> 11)) + c) | 0;
      n = (a + (c ^ (b | ~d)) + x12 + 1700485571) | 0; a = (((n << 6) | (n >>> 26)) + b) | 0;
      n = (d + (b ^ (a | ~c)) + x3 + -1894986606) | 0; d = (((n << 10) | (n >>> 22)) + a) | 0;
      n = (c + (a ^ (d | ~b)) + x10 + -1051523) | 0; c = (((n << 15) | (n >>> 17)) + d) | 0;
      n = (b + (d ^ (c | ~a)) + x1 + -2054922799) | 0; b = (((n << 21) | (n >>> 11)) + c) | 0;
      n = (a + (c ^ (b | ~d)) + x8 + 1873313359) | 0; a = (((n << 6) | (n >>> 26)) + b) | 0;
      n = (d + (b ^ (a | ~c)) + x15 + -30611744) | 0; d = (((n << 10) | (n >>> 22)) + a) | 0;
      n = (c + (a ^ (d | ~b)) + x6 + -1560198380) | 0; c = (((n << 15) | (n >>> 17)) + d) | 0;
      n = (b + (d ^ (c | ~a)) + x13 + 1309151649) | 0; b = (((n << 21) | (n >>> 11)) + c) | 0;
      n = (a + (c ^ (b | ~d)) + x4 + -145523070) | 0; a = (((n << 6) | (n >>> 26)) + b) | 0;
      n = (d + (b ^ (a | ~c)) + x11 + -1120210379) | 0; d = (((n << 10) | (n >>> 22)) + a) | 0;
      n = (c + (a ^ (d | ~b)) + x2 + 718787259) | 0; c = (((n << 15) | (n >>> 17)) + d) | 0;
      n = (b + (d ^ (c | ~a)) + x9 + -343485551) | 0; b = (((n << 21) | (n >>> 11)) + c) | 0;

      a0 = (a0 + a) | 0;
      b0 = (b0 + b) | 0;
      c0 = (c0 + c) | 0;
      d0 = (d0 + d) | 0;
    }
    this.state[0] = a0;
    this.state[1] = b0;
    this.state[2] = c0;
    this.state[3] = d0;
  }
}

/** MD5 emits each state word little-endian, so the low byte's hex comes first. */
function writeWordHex(word: number, out: Uint8Array, offset: number): void {
  for (let i = 0; i < 4; i++) {
    const byte = (word >>> (i * 8)) & 0xff;
    out[offset + 2 * i] = HEX[byte >>> 4];
    out[offset + 2 * i + 1] = HEX[byte & 15];
  }
}

const sharedHasher = new Md5Hasher();
const latin1 = new TextDecoder('latin1');

/** Convenience: MD5 hex of an ASCII string (tests and one-off use; the hot path uses Md5Hasher directly). */
export function md5HexOfAscii(text: string): string {
  const { message } = sharedHasher;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw new RangeError(`md5HexOfAscii: non-ASCII character at ${i}`);
    message[i] = code;
  }
  const out = new Uint8Array(32);
  sharedHasher.digestHexInto(text.length, out, 0);
  return latin1.decode(out);
}
