// Fixtures for integration tests; the harness that starts the servers is tools/test/test-stack.ts.
export { createTestDatabase, testTemporal, uniqueTaskQueue, type TestDatabase } from './fixtures.js';
export { freePort } from './ports.js';
