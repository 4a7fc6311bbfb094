#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, so the Prisma 7 CLI works offline.
// prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here; the CLI then spawns this file as:
//   schema-engine-shim.mjs --version
//   schema-engine-shim.mjs --datasource '{"url":…}' cli can-connect-to-database|create-database|drop-database
//   schema-engine-shim.mjs [--datamodels FILE]… [--datasource '{"url":…,"shadowDatabaseUrl":…}']
// The last form is a JSON-RPC 2.0 server, one message per line on stdin/stdout, that forwards each
// call to @prisma/schema-engine-wasm (the same engine build) running on a @prisma/adapter-pg adapter.
// Logs are JSON lines on stderr; SCHEMA_ENGINE_SHIM_DEBUG=1 adds the RPC traffic
// (the CLI shows the engine's stderr with DEBUG=prisma:schemaEngine:stderr).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { format, parseArgs } from 'node:util';
import { canConnect, createDatabase, dropDatabase } from './pg-admin.mjs';
import { parsePgUrl } from './pg-url.mjs';
import { createAdapterFactory, lastPanicMessage, loadWasm, offlineAdapterFactory } from './wasm-engine.mjs';

const DEBUG = process.env.SCHEMA_ENGINE_SHIM_DEBUG === '1';

/** One tracing-style JSON log line on stderr, the format the CLI parses (target schema_engine::logger for errors). */
function log(level, message, extra = {}, target = 'schema_engine_shim') {
  const line = { timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}
const debug = DEBUG ? (message) => log('DEBUG', message) : () => {};
console.log = console.info = console.debug = (...args) => debug(format(...args)); // stdout is for JSON-RPC only

const { values: args, positionals } = parseArgs({
  strict: false,
  allowPositionals: true,
  options: {
    version: { type: 'boolean', short: 'V' },
    datamodels: { type: 'string', multiple: true },
    datasource: { type: 'string' },
    'enabled-preview-features': { type: 'string' }, // accepted, unused (like --extension-types)
    'extension-types': { type: 'string' },
  },
});

// --- `cli` subcommands: exit 0 on success; on failure exit 1 with an ERROR line carrying error_code.
// (The CLI skips the first stderr line and JSON-parses every other one.)
async function runCli(command, url) {
  log('INFO', `Starting schema engine CLI (wasm shim): ${command}`);
  try {
    const info = parsePgUrl(url);
    if (command === 'can-connect-to-database') {
      await canConnect(info);
      process.stdout.write('Connection successful\n');
    } else if (command === 'create-database') {
      await createDatabase(info);
      process.stdout.write(`Database '${info.database}' was successfully created.\n`);
    } else if (command === 'drop-database') {
      await dropDatabase(info, info.database, 'postgres');
      process.stdout.write(`The database was successfully dropped.\n`);
    } else {
      throw new Error(`Unknown cli subcommand \`${command}\` (the wasm shim knows can-connect-to-database, create-database, drop-database).`);
    }
    return 0;
  } catch (error) {
    log('ERROR', error.message, error.code ? { error_code: error.code } : {}, 'schema_engine::logger');
    return 1;
  }
}

// --- JSON-RPC server.
const send = (message) => {
  debug(`<- ${JSON.stringify(message)}`);
  process.stdout.write(`${JSON.stringify(message)}\n`);
};
let printId = 0;
/** Asks the CLI to print `content` on its stdout (how the native engine emits `migrate diff` output). */
const print = (content) => send({ jsonrpc: '2.0', id: `print-${++printId}`, method: 'print', params: { content } });

const ENGINE_METHODS = new Set([
  'applyMigrations', 'createMigration', 'dbExecute', 'debugPanic', 'devDiagnostic', 'diagnoseMigrationHistory',
  'ensureConnectionValidity', 'evaluateDataLoss', 'introspect', 'introspectSql', 'markMigrationApplied',
  'markMigrationRolledBack', 'reset', 'schemaPush',
]);

const datasource = args.datasource ? JSON.parse(args.datasource) : {};
let adapters;
let enginePromise;
const engineLog = DEBUG ? (line) => line.trim() && process.stderr.write(`${line.trimEnd()}\n`) : () => {};
const newEngine = async (factory) =>
  (await loadWasm()).SchemaEngine.new({ datamodels: args.datamodels?.map((p) => [p, readFileSync(p, 'utf8')]) }, engineLog, factory);

/** The wasm engine, started on first use (it connects to the database right away). */
function engine() {
  enginePromise ??= (async () => {
    const info = parsePgUrl(datasource.url);
    adapters = createAdapterFactory(info, { shadowDatabaseUrl: datasource.shadowDatabaseUrl, log: debug });
    try {
      return await newEngine(adapters.factory);
    } catch (error) {
      // The engine's connection errors carry no code: ask the server directly for a Pxxxx one.
      await canConnect(info);
      throw error;
    }
  })();
  return enginePromise;
}

/** `migrate diff` between empty and schema files needs no database: run it offline if the server fails. */
async function diffEngine({ from, to }) {
  const offline = [from, to].every((t) => t?.tag === 'empty' || t?.tag === 'schemaDatamodel');
  try {
    return await engine();
  } catch (error) {
    if (!offline || error.code === 'P1013') throw error;
    debug(`database unavailable (${error.message}), diffing offline`);
    return newEngine(offlineAdapterFactory(parsePgUrl(datasource.url)));
  }
}

/**
 * The wasm engine computes the schema of the migrations directory (on a shadow database) only in
 * devDiagnostic/diagnoseMigrationHistory/diff and caches it; evaluateDataLoss and createMigration can
 * only read that cache. After `migrate dev` applied pending migrations the cache can miss: refill it
 * through devDiagnostic and retry once.
 */
async function withMigrationSchema(method, params) {
  const wasm = await engine();
  try {
    return await wasm[method](params);
  } catch (error) {
    if (!/shadow DB must be provided through an external factory/.test(error?.message)) throw error;
    debug(`${method}: migration schema not cached, running devDiagnostic first`);
    await wasm.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
    return wasm[method](params);
  }
}

async function call(method, params) {
  if (method === 'createDatabase') {
    const url = params?.datasource?.tag === 'ConnectionString' ? params.datasource.url : datasource.url;
    return { databaseName: await createDatabase(parsePgUrl(url)) };
  }
  if (method === 'getDatabaseVersion') return (await engine()).version(params);
  if (method === 'diff') {
    const result = await (await diffEngine(params)).diff(params);
    if (result.stdout) print(result.stdout);
    return { exitCode: result.exitCode, stdout: null };
  }
  if (method === 'evaluateDataLoss' || method === 'createMigration') return withMigrationSchema(method, params);
  if (ENGINE_METHODS.has(method)) return (await engine())[method](params); // keep `this` bound to the engine
  throw Object.assign(new Error(`Method \`${method}\` is not supported by the wasm schema-engine shim.`), { rpcCode: -32601 });
}

const isPanic = (error) => error instanceof WebAssembly.RuntimeError || error?.name === 'RuntimeError';

function rpcError(error) {
  if (isPanic(error)) {
    const message = lastPanicMessage() || error.message;
    return { code: 4466, message, data: { is_panic: true, message, error: { message }, backtrace: error.stack } };
  }
  const message = error?.message ?? String(error);
  const errorCode = typeof error?.code === 'string' && /^P\d{4}$/.test(error.code) ? error.code : undefined;
  return {
    code: error?.rpcCode ?? 4466,
    message: 'An error happened. Check the data field for details.',
    data: { is_panic: false, message, error_code: errorCode, meta: error?.meta ?? null },
  };
}

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await adapters?.cleanup(); // shadow databases the engine did not dispose of
  process.exit(code);
}

function serve() {
  let pending; // id of the call being answered
  let queue = Promise.resolve(); // one call at a time, in order, like the native engine
  const handle = async (line) => {
    if (!line.trim()) return;
    debug(`-> ${line}`);
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    if (typeof message.method !== 'string') return; // the CLI's reply to a `print` request
    pending = message.id;
    try {
      const result = await call(message.method, message.params);
      send({ jsonrpc: '2.0', id: message.id, result: result === undefined ? {} : result });
    } catch (error) {
      log('ERROR', (isPanic(error) && lastPanicMessage()) || error?.message || String(error), error?.code ? { error_code: error.code } : {}, 'schema_engine::logger');
      send({ jsonrpc: '2.0', id: message.id, error: rpcError(error) });
      if (isPanic(error)) await shutdown(101); // a trapped wasm instance cannot be used again
    } finally {
      pending = undefined;
    }
  };
  createInterface({ input: process.stdin, crlfDelay: Infinity })
    .on('line', (line) => (queue = queue.then(() => handle(line))))
    .on('close', () => queue.then(() => shutdown(0)));
  // A Rust panic traps inside a wasm-bindgen task, outside any promise of ours: answer the pending call.
  process.on('uncaughtException', (error) => {
    log('ERROR', (isPanic(error) && lastPanicMessage()) || error.stack, {}, 'schema_engine::logger');
    if (pending !== undefined) send({ jsonrpc: '2.0', id: pending, error: rpcError(error) });
    shutdown(isPanic(error) ? 101 : 1);
  });
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(130));
}

if (args.version) {
  process.stdout.write(`schema-engine-cli ${(await loadWasm()).version()} (wasm shim)\n`);
} else if (positionals[0] === 'cli') {
  process.exitCode = await runCli(positionals[1], datasource.url);
} else {
  serve();
}
