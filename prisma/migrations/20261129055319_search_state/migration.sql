-- AlterTable
ALTER TABLE "search_run" ADD COLUMN     "state" JSONB,
ADD COLUMN     "state_query_count" INTEGER,
ADD COLUMN     "summary" JSONB;
