/**
 * Instantiates one of the lib's WebAssembly kernels from its generated base64 bytes (compiled once
 * per process), with memory grown to hold `bytes`.
 */

// The WebAssembly global, typed here: the lib's TypeScript setup has no DOM/WebAssembly declarations.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

export interface KernelMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE = 65_536;
const modules = new Map<string, object>();

export function instantiateKernel<E extends { memory: KernelMemory }>(base64: string, bytes: number): E {
  let module = modules.get(base64);
  if (module === undefined) modules.set(base64, (module = new WebAssembly.Module(Buffer.from(base64, 'base64'))));
  const exports = new WebAssembly.Instance(module).exports as E;
  exports.memory.grow(Math.max(0, Math.ceil(bytes / PAGE) - exports.memory.buffer.byteLength / PAGE));
  return exports;
}
