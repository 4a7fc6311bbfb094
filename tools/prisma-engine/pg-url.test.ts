import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPrismaError } from './pg-admin.mjs';
import { InvalidUrlError, location, parsePgUrl, pgConfig } from './pg-url.mjs';

describe('parsePgUrl', () => {
  it('reads host, port, user, percent-decoded password, database and ?schema=', () => {
    assert.deepEqual(parsePgUrl('postgresql://a2v:p%40ss%3Aw0rd@db.example:6543/ledger?schema=nas&sslmode=disable'), {
      host: 'db.example',
      port: 6543,
      user: 'a2v',
      password: 'p@ss:w0rd',
      database: 'ledger',
      schema: 'nas',
      connectTimeoutSeconds: 5,
    });
  });

  it('defaults like libpq/Prisma: localhost, 5432, database postgres, no user or schema', () => {
    const info = parsePgUrl('postgres://localhost');
    assert.equal(info.host, 'localhost');
    assert.equal(info.port, 5432);
    assert.equal(info.database, 'postgres');
    assert.equal(info.user, undefined);
    assert.equal(info.password, undefined);
    assert.equal(info.schema, undefined);
  });

  it('takes a percent-encoded Unix socket directory as host', () => {
    const info = parsePgUrl('postgresql://a2v@%2Fvar%2Frun%2Fpostgresql:5433/a2v');
    assert.equal(info.host, '/var/run/postgresql');
    assert.equal(info.port, 5433);
    assert.equal(info.user, 'a2v');
  });

  it('lets ?host= name the socket directory, and strips IPv6 brackets', () => {
    assert.equal(parsePgUrl('postgresql://a2v@localhost/a2v?host=/tmp/pg').host, '/tmp/pg');
    assert.equal(parsePgUrl('postgresql://a2v@[::1]:5432/a2v').host, '::1');
  });

  it('reads connect_timeout in seconds', () => {
    assert.equal(parsePgUrl('postgresql://h/d?connect_timeout=12').connectTimeoutSeconds, 12);
  });

  for (const [label, url, pattern] of [
    ['an empty URL', '', /empty/],
    ['a non-URL', 'not a url', /not a valid URL/],
    ['another database scheme', 'mysql://root@localhost/a2v', /scheme `mysql:` is not supported/],
    ['a port out of range', 'postgresql://localhost:70000/a2v', /not a valid URL|Invalid port/],
  ] as const) {
    it(`rejects ${label} with P1013`, () => {
      assert.throws(
        () => parsePgUrl(url),
        (error: unknown) =>
          error instanceof InvalidUrlError &&
          error.code === 'P1013' &&
          error.message.startsWith('The provided database string is invalid.') &&
          pattern.test(error.message),
      );
    });
  }
});

describe('pgConfig', () => {
  it('gives discrete settings, with a search_path for ?schema= and another database on request', () => {
    const info = parsePgUrl('postgresql://u:p@h:1234/main?schema=my%20schema');
    assert.equal(info.schema, 'my schema');
    const config = pgConfig(info, 'prisma_migrate_shadow_db_x');
    assert.deepEqual(
      { ...config, options: undefined },
      { host: 'h', port: 1234, user: 'u', password: 'p', database: 'prisma_migrate_shadow_db_x', connectionTimeoutMillis: 5000, options: undefined },
    );
    assert.equal(config.options, '-c search_path="my\\ schema"');
    assert.equal(pgConfig(parsePgUrl('postgresql://u@h/main')).options, undefined);
    assert.equal(pgConfig(parsePgUrl('postgresql://u@h/main')).database, 'main');
  });
});

describe('toPrismaError', () => {
  const info = parsePgUrl('postgresql://a2v:x@127.0.0.1:55432/ledger');
  it('maps an unreachable server to P1001 with host:port', () => {
    const mapped = toPrismaError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), info);
    assert.equal(mapped.code, 'P1001');
    assert.match(mapped.message, /^Can't reach database server at `127\.0\.0\.1:55432`/);
    assert.equal(location(info), '127.0.0.1:55432');
  });
  it('maps a missing database to P1003 and bad credentials to P1000', () => {
    assert.equal(toPrismaError({ code: '3D000', message: 'database "ledger" does not exist' }, info).code, 'P1003');
    const auth = toPrismaError({ code: '28P01', message: 'password authentication failed' }, info);
    assert.equal(auth.code, 'P1000');
    assert.match(auth.message, /credentials for `a2v` are not valid/);
  });
  it('keeps other errors uncoded, with their message', () => {
    assert.deepEqual(toPrismaError({ code: '42601', message: 'syntax error' }, info), { code: undefined, message: 'syntax error' });
  });
});
