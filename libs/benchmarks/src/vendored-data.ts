/**
 * Locates the vendored data folder (`<repo>/data`) and reads its gzip files. The repo root is the
 * nearest ancestor of this file that holds `nx.json` (@a2v/config), so loading works offline from
 * any working directory (CLI, workers, tests) without configuration.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { findRepoRoot } from '@a2v/config';
import { BenchmarkDataError } from './errors.js';

const gunzipAsync = promisify(gunzip);

/** Absolute path of a file under the vendored `data/` folder, e.g. `nb101/data-20k.json.gz`. */
export function vendoredDataPath(relativePath: string): string {
  return join(findRepoRoot(import.meta.dirname), 'data', relativePath);
}

/** Reads and gunzips a vendored file into a UTF-8 string. */
export async function readVendoredGzipText(relativePath: string): Promise<string> {
  const path = vendoredDataPath(relativePath);
  let compressed: Buffer;
  try {
    compressed = await readFile(path);
  } catch (error) {
    throw new BenchmarkDataError(`cannot read vendored data file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return (await gunzipAsync(compressed)).toString('utf8');
  } catch (error) {
    throw new BenchmarkDataError(`vendored data file ${path} is not valid gzip: ${(error as Error).message}`, { cause: error });
  }
}
