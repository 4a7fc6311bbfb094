import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, databaseUrl, loadConfig, temporalAddress } from './index.js';

test('defaults point at the embedded stack', () => {
  const config = loadConfig({});
  assert.equal(databaseUrl(config), 'postgresql://a2v:a2v@127.0.0.1:54329/a2v');
  assert.equal(temporalAddress(config), '127.0.0.1:7233');
  assert.equal(config.temporal.namespace, 'a2v');
  assert.ok(config.stateDir.endsWith('.a2v'));
});

test('external services win over the embedded defaults', () => {
  const config = loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/x', TEMPORAL_ADDRESS: 'temporal:7233' });
  assert.equal(databaseUrl(config), 'postgresql://u:p@db:5432/x');
  assert.equal(temporalAddress(config), 'temporal:7233');
});

test('a malformed DATABASE_URL names the variable and the rule', () => {
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /DATABASE_URL: must start with postgresql:\/\//);
    return true;
  });
});

test('a port out of range is rejected', () => {
  assert.throws(() => loadConfig({ A2V_PG_PORT: '70000' }), /A2V_PG_PORT/);
});
