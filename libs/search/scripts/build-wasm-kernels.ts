/**
 * Regenerates the search lib's WebAssembly kernel modules from their .wat sources (see
 * src/wasm/build-kernels.ts); `--check` exits 1 when a committed module is stale.
 *   npx tsx libs/search/scripts/build-wasm-kernels.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { KERNELS, LIB_ROOT, kernelModule } from '../src/wasm/build-kernels.js';

const check = process.argv.includes('--check');
let stale = 0;
for (const kernel of KERNELS) {
  const text = await kernelModule(kernel.source);
  const path = LIB_ROOT + kernel.module;
  if (!check) {
    writeFileSync(path, text);
    console.log(`wrote ${kernel.module}`);
  } else if (readFileSync(path, 'utf8') !== text) {
    console.error(`${kernel.module} is stale: run npx tsx libs/search/scripts/build-wasm-kernels.ts`);
    stale += 1;
  }
}
process.exitCode = stale > 0 ? 1 : 0;
