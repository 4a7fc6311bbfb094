// Plain node-postgres helpers for what the wasm engine cannot do itself: the `cli` subcommands
// (can-connect / create / drop database), the shadow database, and Prisma-style (Pxxxx) errors.
import pg from 'pg';
import { location, pgConfig } from './pg-url.mjs';

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOENT']);

/** A pg / socket error as Prisma's user-facing { code, message } (code undefined when unknown). */
export function toPrismaError(error, info, database = info.database) {
  const at = location(info);
  const user = info.user ?? process.env.PGUSER ?? '(default user)';
  if (/^P\d{4}$/.test(error?.code ?? '')) return { code: error.code, message: error.message }; // already mapped
  const dropped = !error?.severity && /timeout|terminated/i.test(error?.message ?? ''); // no SQLSTATE: the socket
  if (UNREACHABLE.has(error?.code) || dropped) {
    return { code: 'P1001', message: `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.` };
  }
  switch (error?.code) {
    case '3D000':
      return { code: 'P1003', message: `Database \`${database}\` does not exist on the database server at \`${at}\`.` };
    case '28P01':
      return {
        code: 'P1000',
        message: `Authentication failed against database server at \`${at}\`, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${at}\`.`,
      };
    case '28000':
    case '42501':
      return { code: 'P1010', message: `User \`${user}\` was denied access on the database \`${database}\`` };
    case '42P04':
      return { code: 'P1009', message: `Database \`${database}\` already exists on the database server at \`${at}\`` };
    default:
      return { code: undefined, message: error?.message ?? String(error) };
  }
}

/** Run statements on one short-lived connection to `database` (default: the URL's). Errors are mapped. */
export async function withClient(info, fn, database = info.database) {
  const client = new pg.Client(pgConfig(info, database));
  client.on('error', () => {}); // a dropped idle connection must not crash the shim
  try {
    await client.connect();
    return await fn(client);
  } catch (error) {
    throw Object.assign(new Error(), toPrismaError(error, info, database), { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}

export const canConnect = (info) => withClient(info, (c) => c.query('SELECT 1'));

/** CREATE DATABASE <info.database>, issued from the `postgres` maintenance database (else template1). */
export async function createDatabase(info) {
  const create = (c) =>
    c.query(`CREATE DATABASE ${quoteIdent(info.database)}`).catch((error) => {
      throw Object.assign(new Error(), toPrismaError(error, info), { cause: error }); // about info.database
    });
  try {
    await withClient(info, create, 'postgres');
  } catch (error) {
    if (error.code !== 'P1003') throw error;
    await withClient(info, create, 'template1');
  }
  return info.database;
}

/** DROP DATABASE IF EXISTS name WITH (FORCE) (PostgreSQL 13+; plain DROP on older servers), issued from `from`. */
export async function dropDatabase(info, name, from = info.database) {
  await withClient(
    info,
    async (c) => {
      try {
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } catch (error) {
        if (error.code !== '42601') throw error; // syntax error: server older than 13
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      }
    },
    from,
  );
}
