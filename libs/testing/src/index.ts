export { withTestStack, TEMPLATE_DB } from './test-stack.js';
export { createTestDatabase, testTemporal, uniqueTaskQueue, type TestDatabase } from './fixtures.js';
export { freePort } from './ports.js';
