/**
 * Test fixtures of `a2v report`: embedding-set files with rows chosen by the test (so the analyses'
 * answers are known), written by @a2v/model's own serialisers (so a format change shows up here):
 * an arch2vec-style set and a supervised encoder's set (its header says so). Also how the results
 * and report tests run the CLI.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot } from '@a2v/config';
import type { Embedding } from '@a2v/reports';
import { NB201_CELL_COUNT, NB201_OPS, nasBench201, nb201CellAt } from '@a2v/search-spaces';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** An NB201 embedding set file's bytes, as the sweep's embedding activities serialise one. */
export async function embeddingSetBytes(e: Embedding, checkpointSha256: string): Promise<Buffer> {
  const { serializeEmbeddingSet } = await import('@a2v/model');
  return serializeEmbeddingSet({ space: 'nasbench201', dim: e.dim, checkpointSha256, keys: e.keys, rows: e.vectors });
}

/** The bytes of a supervised encoder's NB201 set (written to `path` first, as `a2v search supervised-encoder` does). */
export async function supervisedSetBytes(e: Embedding, weightsSha256: string, path: string): Promise<Buffer> {
  const { writeSupervisedEmbeddingSet } = await import('@a2v/model');
  const provenance = { kind: 'supervised', benchmark: 'nb201-cifar10', labelledArchitectures: 100, seed: 1, epochs: 1, finalLoss: 0.5 } as const;
  writeSupervisedEmbeddingSet(path, { space: 'nasbench201', dim: e.dim, keys: e.keys, rows: e.vectors, weightsSha256, provenance });
  return readFileSync(path);
}

const nb201Keys = () => Array.from({ length: NB201_CELL_COUNT }, (_, i) => nasBench201.key(nb201CellAt(i)));

/** Every NB201 cell as its one-hot ops (6 edges × 5 ops): L2² = 2 × edit distance, nearest neighbours one edit away. */
export function oneHotNb201(): Embedding {
  const dim = 6 * NB201_OPS.length;
  const vectors = new Float32Array(NB201_CELL_COUNT * dim);
  for (let i = 0; i < NB201_CELL_COUNT; i++) nb201CellAt(i).ops.forEach((op, edge) => { vectors[i * dim + edge * NB201_OPS.length + NB201_OPS.indexOf(op)] = 1; });
  return { keys: nb201Keys(), vectors, dim };
}

/** Every NB201 cell as seeded uniform noise: no structure at all. */
export function noiseNb201(dim: number, seed: number): Embedding {
  const rng = xoroshiro128plus(seed);
  return { keys: nb201Keys(), vectors: Float32Array.from({ length: NB201_CELL_COUNT * dim }, () => uniformFloat64(rng) - 0.5), dim };
}

const execFileAsync = promisify(execFile);
const a2v = join(findRepoRoot(), 'node_modules/.bin/a2v');

/** Runs the a2v binary against a database; the exit code, never a throw. */
export async function runCli(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(a2v, args, { env: { ...process.env, DATABASE_URL: databaseUrl } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
