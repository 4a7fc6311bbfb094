import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashLine } from './commands/space.js';

test('hashLine: a valid cell gives its 32-hex official hash', () => {
  const line = JSON.stringify({ matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'output'] });
  assert.match(hashLine(line), /^[0-9a-f]{32}$/);
});

test('hashLine: bad input gives one error line, never a throw', () => {
  assert.match(hashLine('{'), /^error: invalid JSON/);
  assert.match(hashLine('[1,2]'), /^error: expected an object/);
  assert.match(hashLine(JSON.stringify({ matrix: [[0]], ops: ['input'] })), /^error: /);
});
