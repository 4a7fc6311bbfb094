import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeGraph } from './metrics.js';
import { nb201ReferenceRuleKey } from './reference-validity.js';

test('decoding: argmax op per row, an all-negative row is padding, edges where the logit is positive (upper triangle only)', () => {
  const N = 3;
  const K = 2;
  const ops = [0.5, -1, -2, 3, -0.1, -0.2];
  const adj = [9, 1, -1, 5, 9, 2, 7, 7, 9];
  assert.deepEqual(decodeGraph(ops, adj, 0, N, K), {
    ops: [
      [1, 0],
      [0, 1],
      [0, 0],
    ],
    adjacency: [
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ],
  });
});

test("the official NB201 rule checks rows 0, N-1 and 2..N-2 by argmax and ignores row 1 and the adjacency", () => {
  const N = 8;
  const K = 7;
  const logits = (opOfRow: number[]): number[] => opOfRow.flatMap((op) => Array.from({ length: K }, (_, k) => (k === op ? 1 : -1)));
  const adj = new Array<number>(N * N).fill(-1);
  assert.equal(nb201ReferenceRuleKey(logits([0, 1, 2, 3, 4, 5, 1, 6]), adj, N, K), `01234516:${'0'.repeat(28)}`);
  assert.notEqual(nb201ReferenceRuleKey(logits([0, 6, 2, 3, 4, 5, 1, 6]), adj, N, K), null); // row 1 unchecked
  assert.equal(nb201ReferenceRuleKey(logits([0, 1, 0, 3, 4, 5, 1, 6]), adj, N, K), null);
  assert.equal(nb201ReferenceRuleKey(logits([1, 1, 2, 3, 4, 5, 1, 6]), adj, N, K), null);
  assert.equal(nb201ReferenceRuleKey(logits([0, 1, 2, 3, 4, 5, 1, 5]), adj, N, K), null);
});
