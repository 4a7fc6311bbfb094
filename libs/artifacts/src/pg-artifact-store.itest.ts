/** PgArtifactStore against a freshly migrated PostgreSQL database. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@a2v/testing';
import pg from 'pg';
import { ArtifactChecksumError, ArtifactNotFoundError, PgArtifactStore, sha256Hex } from './index.js';

let db: TestDatabase;
let pool: pg.Pool;
let store: PgArtifactStore;

before(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  store = new PgArtifactStore(pool);
});
after(async () => {
  await pool.end();
  await db.drop();
});

test('a 2.5 MiB artifact is stored as three checksummed chunks and recorded in the artifact table', async () => {
  const body = Buffer.alloc(2.5 * (1 << 20));
  for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
  const stored = await store.put('nb201/embeddings.bin', body, { kind: 'EMBEDDINGS', meta: { space: 'nasbench201' } });
  assert.equal(stored.uri, 'pg://artifacts/nb201/embeddings.bin');
  assert.equal(stored.sha256, sha256Hex(body));
  assert.equal(stored.bytes, body.length);
  const row = await pool.query('select kind, checksum, bytes, meta from artifact where uri = $1', [stored.uri]);
  assert.deepEqual(row.rows[0], { kind: 'EMBEDDINGS', checksum: stored.sha256, bytes: String(body.length), meta: { space: 'nasbench201' } });
  const chunks = await pool.query('select chunk_index, length(data) as n from artifact_chunk order by chunk_index');
  assert.deepEqual(chunks.rows, [
    { chunk_index: 0, n: 1 << 20 },
    { chunk_index: 1, n: 1 << 20 },
    { chunk_index: 2, n: 1 << 19 },
  ]);
  assert.ok((await store.get(stored.uri)).equals(body));
  assert.equal(await store.exists(stored.uri), true);
});

test('put replaces an artifact with the same name in one transaction, streaming input included', async () => {
  const first = await store.put('ckpt/run.ckpt', Buffer.from('epoch 1'), { kind: 'CHECKPOINT' });
  const second = await store.put('ckpt/run.ckpt', Readable.from([Buffer.from('epoch '), Buffer.from('2')]), { kind: 'CHECKPOINT' });
  assert.equal(first.uri, second.uri);
  assert.equal((await store.get(second.uri)).toString(), 'epoch 2');
  const rows = await pool.query(`select count(*)::int as n from artifact where uri = $1`, [second.uri]);
  assert.equal(rows.rows[0].n, 1);
});

test('a failing stream leaves the previous artifact untouched', async () => {
  const kept = await store.put('ckpt/safe.ckpt', Buffer.from('good'));
  async function* broken(): AsyncIterable<Buffer> {
    yield Buffer.from('partial');
    throw new Error('disk gone');
  }
  await assert.rejects(store.put('ckpt/safe.ckpt', broken()), /disk gone/);
  assert.equal((await store.get(kept.uri)).toString(), 'good');
});

test('a damaged chunk is reported with its index; delete removes row and chunks', async () => {
  const stored = await store.put('damaged.bin', Buffer.alloc(10, 1));
  await pool.query(`update artifact_chunk set data = '\\x00'::bytea where artifact_id = (select id from artifact where uri = $1)`, [stored.uri]);
  await assert.rejects(store.get(stored.uri), (error: unknown) => error instanceof ArtifactChecksumError && error.chunk === 0);
  assert.equal(await store.delete(stored.uri), true);
  assert.equal(await store.delete(stored.uri), false);
  await assert.rejects(store.get(stored.uri), ArtifactNotFoundError);
  const orphans = await pool.query('select count(*)::int as n from artifact_chunk c where not exists (select 1 from artifact a where a.id = c.artifact_id)');
  assert.equal(orphans.rows[0].n, 0);
});
