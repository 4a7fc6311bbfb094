/**
 * Compiles the search lib's WebAssembly kernels from their text sources (*.wat) with wabt (a
 * devDependency: only this dev-time module and its script use it) into base64 TypeScript modules,
 * so the library loads them without a build step or a runtime dependency. Not exported from the
 * library's index.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtFactory from 'wabt';

export const KERNELS = [
  { source: 'src/rl/nearest-kernel.wat', module: 'src/rl/nearest-kernel-bytes.ts' },
  { source: 'src/bo/dngo-basis-kernel.wat', module: 'src/bo/dngo-basis-kernel-bytes.ts' },
  { source: 'src/bo/dngo-train-kernel.wat', module: 'src/bo/dngo-train-kernel-bytes.ts' },
] as const;
/** libs/search/ */
export const LIB_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The TypeScript module text for one kernel. */
export async function kernelModule(source: string): Promise<string> {
  const wabt = await wabtFactory();
  const parsed = wabt.parseWat(source, readFileSync(LIB_ROOT + source, 'utf8'), { simd: true });
  parsed.resolveNames();
  parsed.validate();
  const { buffer } = parsed.toBinary({ log: false });
  parsed.destroy();
  return `// Generated from ${source.split('/').pop()} by libs/search/scripts/build-wasm-kernels.ts — do not edit.\nexport const WASM_BASE64 = '${Buffer.from(buffer).toString('base64')}';\n`;
}
