/**
 * @a2v/artifacts — content-addressed-by-checksum storage for model checkpoints, embedding sets and
 * shard weights: a local-directory store and a PostgreSQL store (chunked rows, one transaction).
 */
export { assertArtifactName, rechunk, sha256Hex, type ArtifactBody, type ArtifactKind, type ArtifactStore, type PutOptions, type StoredArtifact } from './artifact-store.js';
export { ArtifactChecksumError, ArtifactError, ArtifactNotFoundError, InvalidArtifactNameError } from './errors.js';
export { LocalArtifactStore } from './local-artifact-store.js';
export { PG_CHUNK_BYTES, PgArtifactStore } from './pg-artifact-store.js';
export { artifactExists, readArtifact } from './read-artifact.js';
