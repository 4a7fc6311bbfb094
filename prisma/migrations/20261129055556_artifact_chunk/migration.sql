-- Artifact content stored in PostgreSQL by @a2v/artifacts' PgArtifactStore: ≤ 1 MiB chunks, each with
-- its own sha256; the whole content's sha256 and size stay in "artifact". No foreign key (see the
-- ArtifactChunk model): the store writes and deletes an artifact's row and chunks in one transaction.

-- CreateTable
CREATE TABLE "artifact_chunk" (
    "artifact_id" TEXT NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "artifact_chunk_pkey" PRIMARY KEY ("artifact_id","chunk_index")
);
