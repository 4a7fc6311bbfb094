/**
 * The bridge to @a2v/search-spaces for NAS-Bench-101: the full enumeration (sorted by module hash)
 * recovers a cell from its hash, for nb101-20k. Enumerating takes ~15 s, so the enumeration is
 * read from search-spaces' binary cache in the a2v state dir (`$A2V_HOME` or `<repo>/.a2v`) and
 * built and written there only when the cache is missing or unusable.
 */
import { join } from 'node:path';
import { loadConfig } from '@a2v/config';
import { loadOrBuildNb101Enumeration, type Nb101Enumeration } from '@a2v/search-spaces';
import type { Nb101CellLookup } from './nb101-sample-20k.js';

/** Where the NAS-Bench-101 enumeration cache lives. */
export function nb101EnumerationCachePath(): string {
  return join(loadConfig().stateDir, 'cache', 'nb101-enumeration.bin');
}

let enumeration: Nb101Enumeration | undefined;

/** The full NAS-Bench-101 enumeration, loaded once per process (from the cache when possible). */
export function nb101Enumeration(): Nb101Enumeration {
  enumeration ??= loadOrBuildNb101Enumeration(nb101EnumerationCachePath()).enumeration;
  return enumeration;
}

/** A hash → cell lookup over the full NAS-Bench-101 enumeration (binary search by hash). */
export async function nb101CellLookupFromSearchSpace(): Promise<Nb101CellLookup> {
  const space = nb101Enumeration();
  return (hash) => {
    const index = space.indexOfHash(hash);
    return index < 0 ? undefined : space.cellAt(index);
  };
}
