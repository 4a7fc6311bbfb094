import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConcurrency, parseQueues, WorkerOptionsError } from './worker-process.js';

test('concurrency is one number for every queue or queue=n pairs', () => {
  assert.equal(parseConcurrency('4'), 4);
  assert.deepEqual(parseConcurrency('search=8, pretrain=1'), { search: 8, pretrain: 1 });
  assert.throws(() => parseConcurrency('0'), WorkerOptionsError);
  assert.throws(() => parseConcurrency('search=two'), /whole number ≥ 1 or queue=n pairs/);
  assert.throws(() => parseConcurrency('gpu=2'), /--queues: unknown or empty queue list 'gpu'/);
});

test('queues are checked against the known ones', () => {
  assert.deepEqual(parseQueues('pretrain,embed'), ['pretrain', 'embed']);
  assert.throws(() => parseQueues('search,nope'), /unknown or empty queue list 'search,nope' \(known: control, pretrain, embed, search\)/);
});
