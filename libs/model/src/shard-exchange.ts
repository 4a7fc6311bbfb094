/**
 * The all-reduce of sharded 'gradient' training: S resident shards (worker threads, or one thread in
 * turn) publish each round's gradient, running statistics, loss and gradient norm into one
 * SharedArrayBuffer, meet at a barrier, and each then reads all S contributions and applies the same
 * averaged update to its own copy of the state. Nothing goes through the coordinator per round.
 *
 * Two slots per shard, used by round parity: a shard may publish round r+1 while a slower one still
 * reads round r, since nobody can publish r+2 before everyone has passed r+1's barrier, which comes
 * after their apply of round r.
 */
import { ModelError } from './errors.js';

/** One shard's contribution to a round. */
export interface ShardGradient {
  readonly loss: number;
  readonly gradNorm: number;
  readonly grads: Float32Array;
  /** The BN running statistics after this batch ('train' phase), or the unchanged ones. */
  readonly running: Float32Array;
}

/** Arrays a shard's gradient and BN statistics may be written into directly (ShardExchange.target). */
export interface GradientTarget {
  readonly grads: Float32Array;
  readonly running: Float32Array;
}

const COUNT = 0;
const GENERATION = 1;
const ABORTED = 2;
/** How long a shard waits at the barrier before checking it is still wanted. */
const WAIT_MS = 1000;

export class ShardAbortedError extends ModelError {
  constructor(readonly by: string) {
    super(`sharded training stopped: ${by}`);
    this.name = 'ShardAbortedError';
  }
}

export interface ShardExchangeInit {
  readonly buffer: SharedArrayBuffer;
  readonly shards: number;
  readonly size: number;
  readonly runningSize: number;
}

export class ShardExchange {
  private readonly control: Int32Array;
  private readonly stats: Float64Array;
  private readonly grads: Float32Array;
  private readonly running: Float32Array;
  /** Why this thread aborted (other threads only see the shared flag). */
  private reason = 'another shard failed';

  /** A new exchange for `shards` shards of `size` parameters and `runningSize` running statistics. */
  static create(shards: number, size: number, runningSize: number): ShardExchange {
    const bytes = 16 + 8 * 2 * shards * 2 + 4 * 2 * shards * (size + runningSize);
    return new ShardExchange({ buffer: new SharedArrayBuffer(bytes), shards, size, runningSize });
  }

  constructor(readonly init: ShardExchangeInit) {
    const { buffer, shards, size, runningSize } = init;
    this.control = new Int32Array(buffer, 0, 4);
    this.stats = new Float64Array(buffer, 16, 2 * shards * 2);
    const gradsAt = 16 + this.stats.byteLength;
    this.grads = new Float32Array(buffer, gradsAt, 2 * shards * size);
    this.running = new Float32Array(buffer, gradsAt + this.grads.byteLength, 2 * shards * runningSize);
  }

  private slot(round: number, shard: number): number {
    return (round % 2) * this.init.shards + shard;
  }

  /** Where `shard` publishes `round`'s gradient and statistics: a shard may compute them there, and `publish` then copies nothing. */
  target(round: number, shard: number): GradientTarget {
    const { size, runningSize } = this.init;
    const slot = this.slot(round, shard);
    return { grads: this.grads.subarray(slot * size, (slot + 1) * size), running: this.running.subarray(slot * runningSize, (slot + 1) * runningSize) };
  }

  publish(round: number, shard: number, gradient: ShardGradient): void {
    const { grads, running } = this.target(round, shard);
    if (gradient.grads !== grads) grads.set(gradient.grads);
    if (gradient.running !== running) running.set(gradient.running);
    const slot = this.slot(round, shard);
    this.stats[2 * slot] = gradient.loss;
    this.stats[2 * slot + 1] = gradient.gradNorm;
  }

  /** All shards' gradients of `round`, one [S × size] block in shard order (a view: valid until round + 2 is published). */
  gradients(round: number): Float32Array {
    const { shards, size } = this.init;
    const first = this.slot(round, 0);
    return this.grads.subarray(first * size, (first + shards) * size);
  }

  runnings(round: number): Float32Array[] {
    const { shards, runningSize } = this.init;
    return Array.from({ length: shards }, (_, s) => this.running.subarray(this.slot(round, s) * runningSize, (this.slot(round, s) + 1) * runningSize));
  }

  losses(round: number): number[] {
    return Array.from({ length: this.init.shards }, (_, s) => this.stats[2 * this.slot(round, s)]);
  }

  /** The first shard whose loss or gradient norm is not finite in `round`, with the offending value. */
  nonFinite(round: number): { shard: number; value: number } | undefined {
    for (let s = 0; s < this.init.shards; s++) {
      const [loss, norm] = [this.stats[2 * this.slot(round, s)], this.stats[2 * this.slot(round, s) + 1]];
      if (!Number.isFinite(loss) || !Number.isFinite(norm)) return { shard: s, value: Number.isFinite(loss) ? norm : loss };
    }
    return undefined;
  }

  /**
   * Blocks until all shards have called it (worker threads only: Atomics.wait is not allowed on the
   * main thread). Throws ShardAbortedError once any party has called `abort`.
   */
  barrier(): void {
    const generation = Atomics.load(this.control, GENERATION);
    this.throwIfAborted();
    if (Atomics.add(this.control, COUNT, 1) === this.init.shards - 1) {
      Atomics.store(this.control, COUNT, 0);
      Atomics.add(this.control, GENERATION, 1);
      Atomics.notify(this.control, GENERATION);
      return;
    }
    while (Atomics.load(this.control, GENERATION) === generation) {
      Atomics.wait(this.control, GENERATION, generation, WAIT_MS);
      this.throwIfAborted();
    }
  }

  /** Releases every shard waiting at (or arriving at) the barrier with ShardAbortedError(`by`). */
  abort(by: string): void {
    Atomics.store(this.control, ABORTED, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    this.reason = by;
  }

  private throwIfAborted(): void {
    if (Atomics.load(this.control, ABORTED) === 1) throw new ShardAbortedError(this.reason);
  }
}
