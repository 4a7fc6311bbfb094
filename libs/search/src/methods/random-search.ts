/**
 * Random search: each proposal is drawn uniformly from the labelled architectures not proposed
 * yet (sampling without replacement, so no query is ever wasted on a repeat).
 */
import type { MethodName } from '../types.js';
import { MethodBase } from './method-base.js';

export class RandomSearch extends MethodBase {
  readonly name: MethodName = 'random';

  protected chooseNext(k: number): number[] {
    return Array.from({ length: k }, () => this.claim(this.randomUnvisited()));
  }

  protected learn(): void {
    // Random search ignores results.
  }

  protected methodState(): null {
    return null;
  }

  protected restoreMethodState(): void {
    // Nothing beyond the shared state (proposals and the generator).
  }
}
