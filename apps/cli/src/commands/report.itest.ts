import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { PgArtifactStore } from '@a2v/artifacts';
import { createTestDatabase, type TestDatabase } from '@a2v/testing';
import { UsageError } from '../output.js';
import { embeddingSetBytes, noiseNb201, oneHotNb201, runCli, supervisedSetBytes } from './report-fixtures.js';
import { analyzeEmbeddings, expectArch2vec, latentOptions, loadEmbedding } from './report-latent.js';

// `a2v report` with embedding sets whose answers are known: "arch2vec" = every NB201 cell as its
// one-hot ops (each nearest neighbour is one edit away, L2 rises with edit distance) and
// "supervised" = seeded noise. Small settings (60 map points, 1 GP seed) keep each run to seconds.
const QUICK = ['--map-points', '60', '--gp-seeds', '1'];
const CKPT = 'c0ffee'.padEnd(64, '0');
let db: TestDatabase;
let scratch: string;
let oneHotFile: string;
let supervisedFile: Buffer;

function run(args: string[]) {
  return runCli(args, db.url);
}

// A running sweep (one completed run, one started) with both embedding sets stored in PostgreSQL
// under the sweep convention (kind EMBEDDINGS, meta {sweepId, space, checkpointSha256}); the
// arch2vec one is also recorded on the sweep row, as the sweep workflow does (listed once).
async function seed(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url });
  try {
    await pool.query(`insert into sweep (id, name, spec, status) values ('lat', 'latent', '{"budget":"2q"}', 'RUNNING')`);
    for (const [seedNo, status] of [[1, 'COMPLETED'], [2, 'RUNNING']] as const) {
      const id = `lat.random.s${seedNo}`;
      await pool.query(`insert into search_run (id, sweep_id, space, benchmark, method, seed, budget_kind, budget_limit, status) values ($1, 'lat', 'nb201', 'nb201-cifar10', 'random', $2, 'QUERIES', 2, 'RUNNING')`, [id, seedNo]);
      const a = await pool.query(`insert into architecture (space, hash, encoding) values ('nb201', $1, '{}') returning id`, [`lat-arch-${seedNo}`]);
      await pool.query(`insert into query (run_id, query_index, architecture_id, metrics, simulated_cost) values ($1, 0, $2, '{"validationAccuracy":0.75,"testAccuracy":0.8125}', 0)`, [id, a.rows[0].id]);
      if (status === 'COMPLETED') await pool.query(`update search_run set status = 'COMPLETED', summary = '{"queries":1,"best":{"key":"k","validationAccuracy":0.75,"testAccuracy":0.8125}}' where id = $1`, [id]);
    }
    const store = new PgArtifactStore(pool);
    const meta = { sweepId: 'lat', space: 'nasbench201', checkpointSha256: CKPT };
    const { uri } = await store.put('sweeps/lat/arch2vec.emb', await embeddingSetBytes(oneHotNb201(), CKPT), { kind: 'EMBEDDINGS', meta });
    await pool.query(`update sweep set embeddings = $1 where id = 'lat'`, [{ nb201: uri }]);
    await store.put('sweeps/lat/supervised.emb', supervisedFile, { kind: 'EMBEDDINGS', meta });
  } finally {
    await pool.end();
  }
}

before(async () => {
  db = await createTestDatabase();
  scratch = mkdtempSync(join(tmpdir(), 'a2v-cli-report-'));
  oneHotFile = join(scratch, 'one-hot.emb');
  writeFileSync(oneHotFile, await embeddingSetBytes(oneHotNb201(), CKPT));
  supervisedFile = await supervisedSetBytes(noiseNb201(16, 5), 'feed'.padEnd(64, '0'), join(scratch, 'supervised.emb'));
  await seed(db.url);
});
after(async () => {
  await db?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('a2v report <sweep> with the sweep\'s embedding sets', () => {
  test('a running sweep: partial banner, arch2vec vs supervised from the stored sets, every plot written', async () => {
    const dir = join(scratch, 'sweep');
    const { code, stderr } = await run(['report', 'lat', '--out', dir, ...QUICK]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /a2v: sweep lat is RUNNING: partial results, 1 of 2 runs completed/);
    assert.match(stderr, /analysed arch2vec \(checkpoint c0ffee000000\) on nb201-cifar10 \(15625 architectures\)/);
    assert.match(stderr, /analysed supervised \(100 labels of nb201-cifar10, weights feed00000000\) on nb201-cifar10/, 'told apart by its header');
    assert.match(stderr, /; 3 latent-space sections/, 'the set recorded on the sweep and as an artifact is analysed once');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(html, /id="partial">Partial results: the sweep is RUNNING/);
    assert.match(html, /<section id="latent-compare-nb201-cifar10"><h2>Latent space: arch2vec vs supervised/);
    // one-hot ops: every greedy nearest neighbour is exactly one edit away
    assert.match(html, /<td>NN-walk edit distance between neighbours<\/td><td>1\.00 ± 0\.00<\/td><td>[2-9]\.\d\d ± /);
    assert.match(html, /pg:\/\/artifacts\/sweeps\/lat\/supervised\.emb/);
    for (const suffix of ['pca', 'tsne', 'l2-vs-edit', 'gp-scatter']) {
      assert.match(html, new RegExp(`<figure class="plot" id="latent-nb201-cifar10-supervised__100_labels_of_nb201-cifar10__weights_feed00000000_-${suffix}"`));
    }
    assert.ok(existsSync(join(dir, 'plots', 'latent-compare-nb201-cifar10-l2-vs-edit.svg')));
  });

  test('--no-latent leaves the sets out and says so', async () => {
    const dir = join(scratch, 'no-latent');
    const { code, stderr } = await run(['report', 'lat', '--out', dir, '--no-latent']);
    assert.equal(code, 0, stderr);
    assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), /Not included \(--no-latent\)/);
  });
});

describe('a2v report embeddings', () => {
  test('any embedding set (a file: URI here): the analyses, the supervised column marked missing, latent.json', async () => {
    const dir = join(scratch, 'standalone');
    const { code, stdout, stderr } = await run(['report', 'embeddings', '--embeddings', pathToFileURL(oneHotFile).href, '--out', dir, ...QUICK]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), join(dir, 'index.html'));
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(html, /No supervised embedding set was given/);
    assert.match(html, /<td>supervised \(ours\)<\/td>|<th>supervised \(ours\)<\/th>/);
    const latent = JSON.parse(readFileSync(join(dir, 'latent.json'), 'utf8'));
    assert.equal(latent.analyses.length, 1);
    assert.equal(latent.analyses[0]['NN-walk edit distance between neighbours'], '1.00 ± 0.00');
    assert.match(latent.analyses[0]['L2 vs edit distance: Pearson r / monotonic'], /^0\.9\d\d \/ yes$/);
    assert.equal(latent.provenance.embeddings[0].checkpointSha256, CKPT);
  });

  test('bad input: one line naming it, exit 2, nothing written', async () => {
    const dir = join(scratch, 'bad');
    const { code, stderr } = await run(['report', 'embeddings', '--embeddings', join(scratch, 'missing.emb'), '--out', dir]);
    assert.equal(code, 2, stderr);
    assert.equal(stderr.trim(), `a2v: embedding set ${join(scratch, 'missing.emb')}: no such file`);
    assert.equal(existsSync(dir), false);
  });

  // The other refusals in process (each CLI start costs seconds): all are UsageErrors (exit 2) naming the input.
  test('refused before anything is written: corrupt set, wrong space, missing artifact, bad settings', async () => {
    const corrupt = join(scratch, 'corrupt.emb');
    const bytes = readFileSync(oneHotFile);
    bytes[100] ^= 1;
    writeFileSync(corrupt, bytes);
    const usage = (message: RegExp) => (error: unknown) => error instanceof UsageError && message.test((error as Error).message);
    await assert.rejects(loadEmbedding(corrupt), usage(/corrupt\.emb: sha256 mismatch \(corrupt file\)$/));
    const pool = new pg.Pool({ connectionString: db.url });
    try {
      await assert.rejects(loadEmbedding('pg://artifacts/none.emb', 'supervised', pool), usage(/^no artifact at pg:\/\/artifacts\/none\.emb$/));
    } finally {
      await pool.end();
    }
    await assert.rejects(loadEmbedding('pg://artifacts/none.emb', 'supervised'), usage(/a pg: URI needs the database/));
    const supervised = await loadEmbedding(join(scratch, 'supervised.emb'));
    assert.equal(supervised.provenance.encoder, 'supervised');
    assert.throws(() => expectArch2vec(supervised, '--embeddings'), usage(/^--embeddings .*supervised\.emb is a supervised encoder's set: pass it as --supervised$/));
    const set = await loadEmbedding(oneHotFile, 'arch2vec');
    const options = latentOptions({ mapPoints: '60', gpSeeds: '1' });
    const quiet = (): void => undefined;
    await assert.rejects(analyzeEmbeddings([set], async () => ['nb101-20k'], options, quiet), usage(/^embedding set .* is for nb201, but benchmark nb101-20k is nb101$/));
    await assert.rejects(analyzeEmbeddings([set], async () => ['nope'], options, quiet), usage(/nope/));
    assert.throws(() => latentOptions({ mapPoints: '60', gpSeeds: '0' }), usage(/^--gp-seeds: '0' must be an integer from 1 to 50$/));
    assert.throws(() => latentOptions({ mapPoints: '1e9', gpSeeds: '1' }), usage(/^--map-points: '1e9' must be an integer from 4 to 5000/));
  });
});
