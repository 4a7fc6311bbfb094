import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.js';

/** Prisma for the relational CRUD (sweeps, runs, artifacts). */
export function createPrisma(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

/** Plain `pg` for the hot paths (ledger writes, COPY), where Prisma's overhead matters. */
export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing
  return pool;
}

export type { PrismaClient };
export { Prisma } from './generated/prisma/client.js';
