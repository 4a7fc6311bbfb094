import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { KERNELS, LIB_ROOT, kernelModule } from '../wasm/build-kernels.js';

it('the committed WebAssembly kernels are compiled from their current .wat sources', async () => {
  for (const kernel of KERNELS) {
    const committed = readFileSync(LIB_ROOT + kernel.module, 'utf8');
    assert.equal(committed, await kernelModule(kernel.source), `${kernel.module} is stale: run npx tsx libs/search/scripts/build-wasm-kernels.ts`);
  }
});
