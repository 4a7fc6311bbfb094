// Loads @prisma/schema-engine-wasm (Node 20 cannot `import` a .wasm, so it is instantiated by hand)
// and builds the @prisma/adapter-pg driver-adapter factory the engine runs its SQL through.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, DriverAdapterError, bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { dropDatabase, withClient } from './pg-admin.mjs';
import { parsePgUrl, pgConfig } from './pg-url.mjs';

let bindings;
let panicMessage = '';
/** The message of the last Rust panic (the wasm then traps with a bare "unreachable" RuntimeError). */
export const lastPanicMessage = () => panicMessage;

/** The wasm-bindgen module ({ SchemaEngine, version }), instantiated once. */
export function loadWasm() {
  // The engine's panic hook reports through this global (the Prisma CLI defines it for its own wasm).
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => (panicMessage = message), get: () => panicMessage };
  const bgUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  bindings ??= import(bgUrl).then((bg) => {
    const wasmPath = fileURLToPath(new URL('schema_engine_bg.wasm', bgUrl));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return bg;
  });
  return bindings;
}

const CHAR_OID = 18; // Postgres' internal one-byte "char" (pg_catalog: contype, confdeltype, ...)
const TEXT_OID = 25;

/** Patches an adapter-pg connection: "char" columns readable; scripts run whole (simple protocol). */
function patchAdapter(adapter) {
  // queryRaw lives on adapter-pg's (unexported) PgQueryable prototype, shared with its transactions.
  // It rejects OID 18, while the engine's schema describer reads those columns as Character (like the
  // native driver does): present them as text to adapter-pg, then retype the columns as Character.
  let proto = adapter;
  while (proto && !Object.hasOwn(proto, 'queryRaw')) proto = Object.getPrototypeOf(proto);
  if (proto && !proto.queryRaw.readsChar) {
    const { queryRaw, performIO } = proto;
    proto.queryRaw = async function (query) {
      const charColumns = [];
      const performIOCharAsText = async (q) => {
        const result = await performIO.call(this, q);
        result?.fields.forEach((field, i) => {
          if (field.dataTypeID !== CHAR_OID) return;
          field.dataTypeID = TEXT_OID; // a one-character string either way
          charColumns.push(i);
        });
        return result;
      };
      const result = await queryRaw.call(Object.create(this, { performIO: { value: performIOCharAsText } }), query);
      for (const i of charColumns) result.columnTypes[i] = ColumnTypeEnum.Character;
      return result;
    };
    proto.queryRaw.readsChar = true;
  }
  // adapter-pg splits scripts on every ';', which breaks `$$ ... ; ... $$` bodies in migrations.
  // Like the native engine, send the script as one multi-statement simple query instead.
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

/** An error the engine reports as a database error (a plain JS error would only read "GenericJs"). */
const adapterError = (error) =>
  new DriverAdapterError({ kind: 'postgres', code: error.code ?? 'N/A', severity: 'ERROR', message: error.message });
/** Runs SQL on a short-lived connection, failing with the server's own error. */
const execute = (target, sql) =>
  withClient(target, (c) => c.query(sql)).catch((error) => {
    throw adapterError(error.cause ?? error);
  });

/**
 * The engine's driver-adapter factory for `info` (a parsed URL). Without a shadowDatabaseUrl the shadow
 * database is a fresh `prisma_migrate_shadow_db_<uuid>` on the same server, dropped WITH (FORCE) when
 * the engine disposes it, or by cleanup() at exit at the latest.
 */
export function createAdapterFactory(info, { shadowDatabaseUrl, log = () => {} } = {}) {
  const shadows = new Set();
  const open = async (target, database) =>
    patchAdapter(await new PrismaPg(pgConfig(target, database), { schema: target.schema }).connect());

  const dropShadow = async (name) => {
    if (!shadows.delete(name)) return;
    await dropDatabase(info, name);
    log(`dropped shadow database ${name}`);
  };

  // datasource.shadowDatabaseUrl: emptied before each use (like the native engine), never the main database.
  const openConfiguredShadow = async (shadow) => {
    if (shadow.host === info.host && shadow.port === info.port && shadow.database === info.database) {
      throw adapterError({ message: 'The shadow database you configured appears to be the same as the main database.' });
    }
    const schema = `"${(shadow.schema ?? 'public').replaceAll('"', '""')}"`;
    await execute(shadow, `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    return open(shadow);
  };

  const factory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => open(info),
    async connectToShadowDb() {
      if (shadowDatabaseUrl) return openConfiguredShadow(parsePgUrl(shadowDatabaseUrl));
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await execute(info, `CREATE DATABASE "${name}"`);
      shadows.add(name);
      log(`created shadow database ${name}`);
      const adapter = await open(info, name);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await dropShadow(name);
      };
      return adapter;
    },
  };
  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    cleanup: () => Promise.allSettled([...shadows].map(dropShadow)),
  };
}

/**
 * A factory for when the server cannot be reached but the call needs no database (`migrate diff`
 * between empty and schema files): it answers the engine's start-up probe, and fails anything else
 * with DatabaseNotReachable.
 */
export function offlineAdapterFactory(info) {
  const unreachable = async () => {
    throw new DriverAdapterError({ kind: 'DatabaseNotReachable', host: info.host, port: info.port });
  };
  const adapter = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async queryRaw(query) {
      if (!query.sql.includes('server_version_num')) return unreachable();
      const { Boolean, Text, Int32 } = ColumnTypeEnum; // EXISTS(schema), version(), numeric version
      return { columnNames: ['exists', 'version', 'numeric_version'], columnTypes: [Boolean, Text, Int32], rows: [[true, 'PostgreSQL 16.0 (offline)', 160000]] };
    },
    executeRaw: unreachable,
    executeScript: unreachable,
    startTransaction: unreachable,
    getConnectionInfo: () => ({ schemaName: info.schema, supportsRelationJoins: true }),
    dispose: async () => {},
  };
  const connect = async () => adapter;
  return bindMigrationAwareSqlAdapterFactory({ provider: 'postgres', adapterName: '@prisma/adapter-pg', connect, connectToShadowDb: connect });
}
