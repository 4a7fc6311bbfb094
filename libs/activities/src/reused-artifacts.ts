/**
 * A sweep that reuses a checkpoint or an embedding set is checked before anything starts: the
 * artifact exists, is intact, and belongs to the right search space. Returns every problem found.
 */
import { readArtifact } from '@a2v/artifacts';
import { deserializeCheckpoint, parseEmbeddingSet } from '@a2v/model';
import type { PlannedRepresentation } from '@a2v/sweeps';
import type pg from 'pg';
import { MODEL_SPACE } from './model-context.js';

export async function checkReusedArtifacts(pool: pg.Pool, representations: PlannedRepresentation[]): Promise<string[]> {
  const problems: string[] = [];
  for (const rep of representations) {
    const expected = MODEL_SPACE[rep.space];
    const uri = rep.embeddingsUri ?? rep.checkpointUri;
    if (!uri) continue;
    const field = rep.embeddingsUri ? 'embeddings' : 'checkpoint';
    try {
      const bytes = await readArtifact(uri, pool);
      const space = rep.embeddingsUri ? parseEmbeddingSet(bytes, uri).space : deserializeCheckpoint(bytes, uri).config.model.space;
      if (space !== expected) problems.push(`${field}: ${uri} was made for ${space}, but the sweep's ${rep.space} benchmarks need ${expected}`);
    } catch (error) {
      problems.push(`${field}: ${(error as Error).message}`);
    }
  }
  return problems;
}
