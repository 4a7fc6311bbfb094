-- The embedding sets a sweep's arch2vec runs searched, per search space (reports and reuse read it).
ALTER TABLE "sweep" ADD COLUMN "embeddings" JSONB;
