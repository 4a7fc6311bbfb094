/**
 * Writes the embedding set of every architecture of a checkpoint's space.
 *   npx tsx libs/model/src/embed-cli.ts --checkpoint nb201.ckpt --out nb201.emb [--chunk 8192]
 */
import { parseArgs } from 'node:util';
import { initBackend, readCheckpoint, sourceFor, writeEmbeddingSet } from './index.js';

const { values } = parseArgs({ options: { checkpoint: { type: 'string' }, out: { type: 'string' }, chunk: { type: 'string', default: '8192' } } });
if (!values.checkpoint || !values.out) throw new Error('usage: embed-cli --checkpoint <file> --out <file> [--chunk n]');
await initBackend();
const { state, sha256 } = readCheckpoint(values.checkpoint);
const started = performance.now();
const written = writeEmbeddingSet(values.out, {
  model: state.config.model,
  weights: state.weights,
  source: sourceFor(state.config.model.space),
  checkpointSha256: sha256,
  chunkSize: Number(values.chunk),
});
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ ...written, out: values.out, seconds: Math.round(seconds * 10) / 10, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
