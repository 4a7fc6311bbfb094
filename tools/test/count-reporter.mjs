// A node:test reporter that counts leaf tests, so the runner can print the closing
// "N passed, N failed" line across every file and project. It rewrites the counts file
// (A2V_TEST_COUNTS) after every result, so --test-force-exit can never lose them.
import { writeFileSync } from 'node:fs';

export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const file = process.env.A2V_TEST_COUNTS;
  for await (const event of source) {
    const isLeaf = event.data?.details?.type !== 'suite';
    if (!isLeaf || (event.type !== 'test:pass' && event.type !== 'test:fail')) continue;
    if (event.type === 'test:fail') counts.failed += 1;
    else if (event.data.skip || event.data.todo) counts.skipped += 1;
    else counts.passed += 1;
    if (file) writeFileSync(file, JSON.stringify(counts));
  }
  yield '';
}
