/**
 * Where the architectures come from: every NB101 cell of the 423,624-cell enumeration (in its
 * canonical hash order, from the cache in the a2v state dir) and every NB201 cell in official index
 * order, with arch2vec's padded encodings and the space's canonical key for each.
 */
import { join } from 'node:path';
import { loadConfig } from '@a2v/config';
import {
  encodeNb201Cell,
  formatNb201ArchString,
  loadOrBuildNb101Enumeration,
  nasBench101,
  nasBench201,
  nb201CellAt,
  NB201_CELL_COUNT,
  type ArchEncoding,
  type Nb101Enumeration,
  type SearchSpace,
} from '@a2v/search-spaces';
import { emptyDataset, setEncoding, type GraphDataset } from './graph-data.js';
import { modelConfig, type SpaceName } from './model-config.js';

export interface ArchitectureSource {
  readonly space: SpaceName;
  readonly count: number;
  readonly N: number;
  readonly K: number;
  encodingAt(index: number): ArchEncoding;
  /** Canonical key: NB101 module hash (hex), NB201 arch string. */
  keyAt(index: number): string;
}

export function nb201Source(): ArchitectureSource {
  const { N, K } = modelConfig('nasbench201');
  return {
    space: 'nasbench201',
    count: NB201_CELL_COUNT,
    N,
    K,
    encodingAt: (i) => encodeNb201Cell(nb201CellAt(i)),
    keyAt: (i) => formatNb201ArchString(nb201CellAt(i)),
  };
}

export function defaultNb101CachePath(): string {
  return join(loadConfig().stateDir, 'cache', 'nb101-enumeration.bin');
}

/** NB101 from an enumeration, by default the cached full space (built and cached if missing, ~15 s). */
export function nb101Source(enumeration: Nb101Enumeration = loadOrBuildNb101Enumeration(defaultNb101CachePath()).enumeration): ArchitectureSource {
  const { N, K } = modelConfig('nasbench101');
  return {
    space: 'nasbench101',
    count: enumeration.size,
    N,
    K,
    encodingAt: (i) => enumeration.encodingAt(i),
    keyAt: (i) => enumeration.hashAt(i),
  };
}

export function sourceFor(space: SpaceName): ArchitectureSource {
  return space === 'nasbench101' ? nb101Source() : nb201Source();
}

/** The first `count` architectures of `source` (from `start`) as a byte dataset. */
export function loadDataset(source: ArchitectureSource, count = source.count, start = 0): GraphDataset {
  const n = Math.max(0, Math.min(count, source.count - start));
  const data = emptyDataset(n, source.N, source.K);
  for (let i = 0; i < n; i++) setEncoding(data, i, source.encodingAt(start + i));
  return data;
}

export function searchSpaceFor(space: SpaceName): SearchSpace<unknown> {
  return (space === 'nasbench101' ? nasBench101 : nasBench201) as SearchSpace<unknown>;
}
