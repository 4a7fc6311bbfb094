/**
 * Appends bytes and 32-char hex strings (8 packed words) to an MD5 message a word at a time. The
 * '|' separators leave hex strings at any byte alignment, so a misaligned string is written as its
 * words shifted across word boundaries instead of byte by byte.
 */
export class MessageWriter {
  private word = 0;
  /** Bytes already in the pending word (0..3). */
  private shift = 0;
  private pending = 0;

  constructor(private readonly words: Int32Array) {}

  reset(): void {
    this.word = 0;
    this.shift = 0;
    this.pending = 0;
  }

  byte(value: number): void {
    this.pending |= value << (8 * this.shift);
    if (++this.shift === 4) {
      this.words[this.word++] = this.pending;
      this.pending = 0;
      this.shift = 0;
    }
  }

  /** Appends the 32 hex chars stored as 8 little-endian words at source[offset…]. */
  hex(source: Int32Array, offset: number): void {
    const words = this.words;
    let at = this.word;
    if (this.shift === 0) {
      for (let k = 0; k < 8; k++) words[at + k] = source[offset + k];
      this.word = at + 8;
      return;
    }
    const left = 8 * this.shift;
    const right = 32 - left;
    let carry = this.pending;
    for (let k = 0; k < 8; k++) {
      const w = source[offset + k];
      words[at++] = carry | (w << left);
      carry = w >>> right;
    }
    this.word = at;
    this.pending = carry;
  }

  /** Flushes the partial word and returns the message length in bytes. */
  finish(): number {
    if (this.shift > 0) this.words[this.word] = this.pending;
    return this.word * 4 + this.shift;
  }
}
