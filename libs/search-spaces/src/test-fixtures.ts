/** Loads the vendored real-data fixtures in ../testdata (tests only; not exported from the package). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Nb101Enumeration } from './nb101/enumeration.js';

const testdata = join(import.meta.dirname, '..', 'testdata');

function readText(name: string): string {
  const bytes = readFileSync(join(testdata, name));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

export interface HashCase {
  readonly matrix: number[][];
  readonly ops: string[];
  readonly hash: string;
  readonly src: 'nb101-20k' | 'ecnas';
}

export interface InvalidCase {
  readonly matrix: number[][];
  readonly ops: string[];
  readonly why: string;
}

function jsonLines<T>(name: string): T[] {
  return readText(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export const loadHashCases = (): HashCase[] => jsonLines<HashCase>('nb101-hash-cases.jsonl.gz');
export const loadInvalidCases = (): InvalidCase[] => jsonLines<InvalidCase>('nb101-invalid-cases.jsonl');

/** Row i of the NAS-Bench-201 table's arch_str column (header dropped). */
export function loadNb201ArchStrings(): string[] {
  const [header, ...rows] = readText('nb201-arch-strings.csv.gz').trim().split('\n');
  if (header !== 'arch_str') throw new Error(`unexpected header ${header}`);
  return rows;
}

/** Byte-wise column comparison (deepEqual's diff of 423k-element arrays would take minutes to print). */
export const sameColumns = (a: Nb101Enumeration, b: Nb101Enumeration): void => {
  assert.equal(a.size, b.size);
  for (const name of ['hashes', 'vertexCounts', 'adjacencyBits', 'opCodes'] as const) {
    const [x, y] = [a.columns[name], b.columns[name]];
    assert.equal(x.constructor, y.constructor, name);
    assert.ok(Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength)), `${name} differ`);
  }
};
