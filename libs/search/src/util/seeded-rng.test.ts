import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRng } from './seeded-rng.js';

describe('SeededRng', () => {
  it('restores mid-sequence exactly, including a cached Gaussian', () => {
    const a = SeededRng.fromSeed(42);
    a.uniform();
    a.normal(); // leaves the pair's second value cached
    const b = SeededRng.fromState(JSON.parse(JSON.stringify(a.state())));
    const draw = (r: SeededRng): number[] => [r.normal(), r.uniform(), r.int(0, 1000), r.normal(), r.normal()];
    assert.deepEqual(draw(b), draw(a));
  });

  it('differs across seeds and samples distinct indices', () => {
    assert.notEqual(SeededRng.fromSeed(1).uniform(), SeededRng.fromSeed(2).uniform());
    const picks = SeededRng.fromSeed(3).sampleIndices(50, 50);
    assert.deepEqual([...picks].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  });
});
