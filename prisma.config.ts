import { chmodSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Offline: the Prisma 7 CLI would download the native schema-engine binary before almost every command
// (even `generate`). Point it at our wasm-backed stand-in instead, unless the user configured a native
// binary through the same env var. See tools/prisma-engine/schema-engine-shim.mjs.
const shim = path.join(import.meta.dirname, 'tools', 'prisma-engine', 'schema-engine-shim.mjs');
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  try {
    chmodSync(shim, 0o755); // the CLI spawns it directly, so it must be executable
  } catch {
    // read-only checkout: the mode committed in git is used as-is
  }
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = shim;
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://a2v:a2v@127.0.0.1:54329/a2v' },
});
