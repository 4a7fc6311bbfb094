// PostgreSQL connection URL -> discrete pg settings. Only host/port/user/password/database, the
// socket directory (`%2Fvar%2Frun%2Fpostgresql` as host, or `?host=/var/run/postgresql`),
// `?schema=` and `?connect_timeout=` are read; everything else (sslmode, ...) is ignored.

/** Thrown for a URL the shim cannot use; `code` is Prisma's P1013 (invalid database string). */
export class InvalidUrlError extends Error {
  code = 'P1013';
  constructor(details) {
    super(`The provided database string is invalid. ${details}`);
  }
}

const decode = (s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new InvalidUrlError('A part of the URL is not valid percent-encoding.');
  }
};

/**
 * @param {string} url postgresql:// or postgres:// URL
 * @returns {{ host: string, port: number, user?: string, password?: string, database: string,
 *   schema?: string, connectTimeoutSeconds: number }}
 */
export function parsePgUrl(url) {
  if (typeof url !== 'string' || url.trim() === '') throw new InvalidUrlError('The URL is empty.');
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidUrlError('It is not a valid URL (expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE).');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new InvalidUrlError(`The scheme \`${parsed.protocol}\` is not supported: use postgresql:// or postgres://.`);
  }
  const params = parsed.searchParams;
  let host = params.get('host') || decode(parsed.hostname) || 'localhost';
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1); // IPv6 literal
  const port = parsed.port ? Number(parsed.port) : Number(params.get('port') || 5432);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new InvalidUrlError(`Invalid port \`${parsed.port}\`.`);
  const timeout = Number(params.get('connect_timeout') ?? 5);
  return {
    host,
    port,
    user: parsed.username ? decode(parsed.username) : undefined,
    password: parsed.password ? decode(parsed.password) : undefined,
    database: decode(parsed.pathname.replace(/^\//, '')) || 'postgres',
    schema: params.get('schema') || undefined,
    connectTimeoutSeconds: Number.isFinite(timeout) && timeout >= 0 ? timeout : 5,
  };
}

/** node-postgres client/pool settings for a parsed URL, optionally for another database on the same server. */
export function pgConfig(info, database = info.database) {
  return {
    host: info.host,
    port: info.port,
    user: info.user,
    password: info.password,
    database,
    connectionTimeoutMillis: info.connectTimeoutSeconds * 1000,
    // Like the native engine: unqualified names in migration scripts land in the `?schema=` schema.
    ...(info.schema ? { options: `-c search_path=${searchPath(info.schema)}` } : {}),
  };
}

// A quoted identifier, escaped for the server's whitespace-splitting of the `options` startup parameter.
const searchPath = (schema) => `"${schema.replaceAll('"', '""')}"`.replace(/[\\\s]/g, (c) => `\\${c}`);

/** `host:port` as Prisma prints it in connection errors (a socket directory shows as-is). */
export const location = (info) => `${info.host}:${info.port}`;
