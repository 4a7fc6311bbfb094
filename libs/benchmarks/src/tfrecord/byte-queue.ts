/**
 * A FIFO of byte chunks from a stream. Taking n bytes that lie inside one chunk is a zero-copy
 * view; only a record that straddles chunk boundaries is copied. Memory stays bounded by the
 * stream's chunk size plus one record, whatever the file size.
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  /** Read position inside chunks[0]. */
  private head = 0;
  /** Bytes available to take. */
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Removes and returns the next `n` bytes; the caller checks `length >= n` first. */
  take(n: number): Buffer {
    if (n > this.length) throw new RangeError(`ByteQueue.take(${n}) with only ${this.length} bytes queued`);
    this.length -= n;
    const first = this.chunks[0];
    if (first !== undefined && first.length - this.head >= n) {
      const view = first.subarray(this.head, this.head + n);
      this.advanceWithin(first, n);
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const count = Math.min(chunk.length - this.head, n - filled);
      chunk.copy(out, filled, this.head, this.head + count);
      filled += count;
      this.advanceWithin(chunk, count);
    }
    return out;
  }

  private advanceWithin(chunk: Buffer, count: number): void {
    this.head += count;
    if (this.head === chunk.length) {
      this.chunks.shift();
      this.head = 0;
    }
  }
}
