/**
 * The one test entry point: `npm test` (every project) and each project's Nx `test` target
 * (`--project libs/x`). Unit tests are `*.test.ts`; integration tests are `*.itest.ts` and get a
 * real PostgreSQL and a real Temporal dev server, started here once per run unless
 * DATABASE_URL / TEMPORAL_ADDRESS already point at running ones. Ends with "N passed, N failed".
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    project: { type: 'string', multiple: true },
    unit: { type: 'boolean', default: false },
    integration: { type: 'boolean', default: false },
    grep: { type: 'string' },
  },
});

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'generated' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.(i?test)\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

const projectDirs = args.project?.length
  ? args.project.map((p) => resolve(root, p))
  : ['apps', 'libs', 'tools'].map((d) => join(root, d));
let files = projectDirs.flatMap((d) => findTests(d)).sort();
if (args.unit) files = files.filter((f) => f.endsWith('.test.ts'));
if (args.integration) files = files.filter((f) => f.endsWith('.itest.ts'));
if (args.grep) files = files.filter((f) => f.includes(args.grep!));

async function runNodeTest(testFiles: string[], env: NodeJS.ProcessEnv): Promise<{ passed: number; failed: number; skipped: number }> {
  if (testFiles.length === 0) return { passed: 0, failed: 0, skipped: 0 };
  const scratch = mkdtempSync(join(tmpdir(), 'a2v-test-'));
  const countsFile = join(scratch, 'counts.json');
  const nodeArgs = [
    '--import', 'tsx', '--test', '--test-concurrency=2', '--test-force-exit', `--test-timeout=${10 * 60_000}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'tools/test/count-reporter.mjs')}`, `--test-reporter-destination=${join(scratch, 'reporter.out')}`,
    ...testFiles.map((f) => relative(root, f)),
  ];
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: root, env: { ...env, A2V_TEST_COUNTS: countsFile }, stdio: 'inherit' });
    child.on('exit', (c) => done(c ?? 1));
  });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  } catch {
    counts.failed = 1; // no test reported at all: never report green
  }
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  rmSync(scratch, { recursive: true, force: true });
  return counts;
}

const unitFiles = files.filter((f) => f.endsWith('.test.ts'));
const integrationFiles = files.filter((f) => f.endsWith('.itest.ts'));
const total = { passed: 0, failed: 0, skipped: 0 };
const add = (c: typeof total) => {
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
};

// Tests train on wasm unless told otherwise: it is on every machine, deterministic, and on this
// model as fast as native TensorFlow on CPU; backend-parity.test.ts runs native beside it.
const testEnv = { ...process.env, A2V_LOG_LEVEL: process.env.A2V_LOG_LEVEL ?? 'warn', A2V_BACKEND: process.env.A2V_BACKEND ?? 'wasm' };
add(await runNodeTest(unitFiles, testEnv));
if (integrationFiles.length > 0) {
  const { withTestStack } = await import('./test-stack.js');
  try {
    await withTestStack(async (env) => {
      add(await runNodeTest(integrationFiles, { ...testEnv, ...env }));
    });
  } catch (error) {
    console.error(`integration test stack failed: ${(error as Error).message}`);
    total.failed += 1;
  }
}

const skippedNote = total.skipped ? `, ${total.skipped} skipped` : '';
console.log(`\n${total.passed} passed, ${total.failed} failed${skippedNote}`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
