import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SweepResults } from '@a2v/reports';
import { parseFormat, partialNotice } from './results.js';
import { UsageError } from '../output.js';

test('--format takes table, csv or json and names anything else', () => {
  assert.equal(parseFormat('csv'), 'csv');
  assert.throws(() => parseFormat('CSV'), (e: Error) => e instanceof UsageError && /--format: 'CSV' is not one of table, csv, json/.test(e.message));
});

test('the partial notice counts completed runs, and is absent for a finished sweep', () => {
  const runs = [{ complete: true }, { complete: false }, { complete: false }] as SweepResults['runs'];
  const sweep = { id: 's', status: 'RUNNING' } as SweepResults['sweep'];
  assert.equal(partialNotice({ partial: true, runs, sweep } as SweepResults), 'sweep s is RUNNING: partial results, 1 of 3 runs completed (unfinished runs at their incumbent so far)');
  assert.equal(partialNotice({ partial: false, runs, sweep } as SweepResults), undefined);
});
