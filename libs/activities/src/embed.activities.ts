/**
 * Embed-queue activities: shard s embeds a contiguous slice of the space's architectures with the
 * job's checkpoint (in chunks, heartbeating), storing its rows as an artifact; one activity then
 * assembles the slices into an embedding-set artifact (keys, rows, the checkpoint's sha256) that the
 * search workers load in one read.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PgArtifactStore, readArtifact, sha256Hex } from '@a2v/artifacts';
import { createLogger } from '@a2v/config';
import { CheckpointMismatchError, deserializeCheckpoint, graphEmbeddings, loadDataset, serializeEmbeddingSet, type TrainingState } from '@a2v/model';
import type { EmbedActivities, EmbedJob } from '@a2v/workflows/api';
import { Context } from '@temporalio/activity';
import type pg from 'pg';
import { asActivityFailure, MODEL_SPACE, modelReady, sourceOf, stepperFor } from './model-context.js';
import { processCache } from './process-cache.js';

const log = createLogger('embed-activities');
/** Architectures embedded between heartbeats; bounds memory too (NB101 has 423,624). */
const CHUNK = 4096;

const prefix = (job: EmbedJob): string => `sweeps/${job.sweepId}/embed-${job.space}`;
const partName = (job: EmbedJob, shard: number): string => `${prefix(job)}/part${shard}.f32`;

/** Shard s of S gets architectures [from, to): contiguous, so the assembled rows keep the space's order. */
export function sliceOf(count: number, shards: number, shard: number): { from: number; to: number } {
  const size = Math.ceil(count / shards);
  return { from: Math.min(count, shard * size), to: Math.min(count, (shard + 1) * size) };
}

export function createEmbedActivities(pool: pg.Pool): EmbedActivities {
  const store = new PgArtifactStore(pool);
  const checkpoints = processCache<{ state: TrainingState; sha256: string }>();
  const checkpoint = (job: EmbedJob) =>
    checkpoints(job.checkpointUri, async () => {
      const bytes = await readArtifact(job.checkpointUri, pool);
      const state = deserializeCheckpoint(bytes, job.checkpointUri);
      if (state.config.model.space !== MODEL_SPACE[job.space]) throw new CheckpointMismatchError(job.checkpointUri, 'space', MODEL_SPACE[job.space], state.config.model.space);
      return { state, sha256: sha256Hex(bytes) };
    });

  return {
    embedShard: ({ job, shard }) =>
      asActivityFailure(`embedding ${job.jobId} shard ${shard}`, async () => {
        const context = Context.current();
        await modelReady();
        const { state } = await checkpoint(job);
        const source = sourceOf(job.space);
        const { from, to } = sliceOf(source.count, job.shards, shard);
        const { model } = state.config;
        const rows = new Float32Array((to - from) * model.latent);
        for (let start = from; start < to; start += CHUNK) {
          const data = loadDataset(source, Math.min(CHUNK, to - start), start);
          rows.set(graphEmbeddings(model, state.weights, data, stepperFor(model)), (start - from) * model.latent);
          context.heartbeat({ shard, done: start + data.count - from });
          await yieldToEventLoop();
          if (context.cancellationSignal.aborted) throw new Error(`embedding shard ${shard} cancelled`);
        }
        const stored = await store.put(partName(job, shard), new Uint8Array(rows.buffer), { kind: 'OTHER', meta: { sweepId: job.sweepId, space: job.space, from, to } });
        return { uri: stored.uri, count: to - from };
      }),

    assembleEmbeddings: ({ job }) =>
      asActivityFailure(`embedding ${job.jobId}`, async () => {
        const setName = `${prefix(job)}/embeddings.a2vemb`;
        // A retry after the set was stored (and the parts deleted) returns what is there.
        if (await store.exists(store.uriOf(setName))) {
          const existing = await store.get(store.uriOf(setName));
          return { embeddingsUri: store.uriOf(setName), count: sourceOf(job.space).count, sha256: sha256Hex(existing) };
        }
        const { state, sha256: checkpointSha256 } = await checkpoint(job);
        const source = sourceOf(job.space);
        const parts = await Promise.all(Array.from({ length: job.shards }, (_, s) => store.get(store.uriOf(partName(job, s)))));
        const rows = new Float32Array(new Uint8Array(Buffer.concat(parts)).buffer);
        const keys = Array.from({ length: source.count }, (_, i) => source.keyAt(i));
        const file = serializeEmbeddingSet({ space: state.config.model.space, dim: state.config.model.latent, checkpointSha256, keys, rows });
        const stored = await store.put(setName, file, {
          kind: 'EMBEDDINGS',
          meta: { sweepId: job.sweepId, space: job.space, checkpointSha256, checkpointUri: job.checkpointUri, count: keys.length },
        });
        await Promise.all(parts.map((_, s) => store.delete(store.uriOf(partName(job, s)))));
        log.info({ job: job.jobId, uri: stored.uri, count: keys.length }, 'embedding set stored');
        return { embeddingsUri: stored.uri, count: keys.length, sha256: stored.sha256 };
      }),
  };
}
