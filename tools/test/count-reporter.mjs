// A node:test reporter that only counts leaf tests, so the runner can print the
// closing "N passed, N failed" line across every file and project.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    const isLeaf = event.data?.details?.type !== 'suite';
    if (event.type === 'test:pass' && isLeaf) {
      if (event.data.skip || event.data.todo) skipped += 1;
      else passed += 1;
    } else if (event.type === 'test:fail' && isLeaf) {
      failed += 1;
    }
  }
  yield JSON.stringify({ passed, failed, skipped });
}
