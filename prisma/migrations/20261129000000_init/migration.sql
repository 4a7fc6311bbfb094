-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SweepStatus" AS ENUM ('PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "BudgetKind" AS ENUM ('QUERIES', 'SECONDS');

-- CreateEnum
CREATE TYPE "ArtifactKind" AS ENUM ('CHECKPOINT', 'EMBEDDINGS', 'SHARD_WEIGHTS', 'SEARCH_STATE', 'OTHER');

-- CreateTable
CREATE TABLE "sweep" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "spec" JSONB NOT NULL,
    "status" "SweepStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "sweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "search_run" (
    "id" TEXT NOT NULL,
    "sweep_id" TEXT NOT NULL,
    "space" TEXT NOT NULL,
    "benchmark" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "budget_kind" "BudgetKind" NOT NULL,
    "budget_limit" DOUBLE PRECISION NOT NULL,
    "budget_charged" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "query_count" INTEGER NOT NULL DEFAULT 0,
    "status" "RunStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "search_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "architecture" (
    "id" BIGSERIAL NOT NULL,
    "space" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "encoding" JSONB NOT NULL,

    CONSTRAINT "architecture_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "query" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "query_index" INTEGER NOT NULL,
    "architecture_id" BIGINT NOT NULL,
    "metrics" JSONB NOT NULL,
    "simulated_cost" DOUBLE PRECISION NOT NULL,
    "charged" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "cumulative_cost" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "wall_clock_ms" DOUBLE PRECISION,
    "worker_id" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "query_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact" (
    "id" TEXT NOT NULL,
    "kind" "ArtifactKind" NOT NULL,
    "uri" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "meta" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "search_run_sweep_id_idx" ON "search_run"("sweep_id");

-- CreateIndex
CREATE UNIQUE INDEX "search_run_sweep_id_benchmark_method_seed_key" ON "search_run"("sweep_id", "benchmark", "method", "seed");

-- CreateIndex
CREATE UNIQUE INDEX "architecture_space_hash_key" ON "architecture"("space", "hash");

-- CreateIndex
CREATE INDEX "query_architecture_id_idx" ON "query"("architecture_id");

-- CreateIndex
CREATE UNIQUE INDEX "query_run_id_query_index_key" ON "query"("run_id", "query_index");

-- CreateIndex
CREATE UNIQUE INDEX "query_run_id_architecture_id_key" ON "query"("run_id", "architecture_id");

-- CreateIndex
CREATE UNIQUE INDEX "artifact_uri_key" ON "artifact"("uri");

-- AddForeignKey
ALTER TABLE "search_run" ADD CONSTRAINT "search_run_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "query" ADD CONSTRAINT "query_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "search_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "query" ADD CONSTRAINT "query_architecture_id_fkey" FOREIGN KEY ("architecture_id") REFERENCES "architecture"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- ---------------------------------------------------------------------------------------------
-- Ledger rules, enforced by PostgreSQL for every writer (Prisma's schema language cannot say these).
-- ---------------------------------------------------------------------------------------------

ALTER TABLE "search_run"
  ADD CONSTRAINT "search_run_budget_limit_positive" CHECK ("budget_limit" > 0),
  ADD CONSTRAINT "search_run_budget_within_limit" CHECK ("budget_charged" >= 0 AND "budget_charged" <= "budget_limit"),
  ADD CONSTRAINT "search_run_query_count_nonnegative" CHECK ("query_count" >= 0);

ALTER TABLE "query"
  ADD CONSTRAINT "query_index_nonnegative" CHECK ("query_index" >= 0),
  ADD CONSTRAINT "query_simulated_cost_nonnegative" CHECK ("simulated_cost" >= 0);

-- Charges a query to its run in the same statement that inserts it. The run row is locked
-- (FOR UPDATE), so concurrent writers to one run are serialised; the index must be the run's next
-- one, so a run's ledger is gap-free and each index is written exactly once; the budget check
-- runs before anything is written. If the INSERT then fails (say, the architecture was already
-- charged in this run), the whole statement rolls back, charge included.
CREATE FUNCTION "a2v_charge_query"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run "search_run"%ROWTYPE;
  cost DOUBLE PRECISION;
BEGIN
  SELECT * INTO run FROM "search_run" WHERE "id" = NEW."run_id" FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'search run % does not exist', NEW."run_id" USING ERRCODE = 'A2V03';
  END IF;
  IF run."status" NOT IN ('PENDING', 'RUNNING') THEN
    RAISE EXCEPTION 'search run % is %: it takes no more queries', run."id", run."status" USING ERRCODE = 'A2V03';
  END IF;
  IF NEW."query_index" <> run."query_count" THEN
    RAISE EXCEPTION 'search run %: query index % is out of order (next is %)', run."id", NEW."query_index", run."query_count"
      USING ERRCODE = 'A2V01';
  END IF;
  cost := CASE run."budget_kind" WHEN 'QUERIES' THEN 1 ELSE NEW."simulated_cost" END;
  IF run."budget_charged" + cost > run."budget_limit" THEN
    RAISE EXCEPTION 'search run %: charging % would exceed the budget (% of % used)', run."id", cost, run."budget_charged", run."budget_limit"
      USING ERRCODE = 'A2V02';
  END IF;
  UPDATE "search_run"
     SET "budget_charged" = "budget_charged" + cost, "query_count" = "query_count" + 1
   WHERE "id" = run."id";
  NEW."charged" := cost;
  NEW."cumulative_cost" := run."budget_charged" + cost;
  RETURN NEW;
END
$$;

CREATE TRIGGER "query_charge_budget" BEFORE INSERT ON "query"
  FOR EACH ROW EXECUTE FUNCTION "a2v_charge_query"();

-- The ledger is append-only: a recorded query's charge can never be rewritten.
CREATE FUNCTION "a2v_query_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'query rows are append-only (run %, index %)', OLD."run_id", OLD."query_index" USING ERRCODE = 'A2V04';
END
$$;

CREATE TRIGGER "query_append_only" BEFORE UPDATE ON "query"
  FOR EACH ROW EXECUTE FUNCTION "a2v_query_immutable"();

-- Budget counters move only through the charge trigger (pg_trigger_depth() > 0 inside it).
CREATE FUNCTION "a2v_budget_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW."budget_charged" IS DISTINCT FROM OLD."budget_charged" OR NEW."query_count" IS DISTINCT FROM OLD."query_count")
     AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'search run %: budget_charged and query_count are maintained by the ledger only', OLD."id" USING ERRCODE = 'A2V04';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "search_run_budget_guard" BEFORE UPDATE ON "search_run"
  FOR EACH ROW EXECUTE FUNCTION "a2v_budget_guard"();
