/**
 * @a2v/search-spaces — the NAS-Bench-101 and NAS-Bench-201 search spaces: cell validation, the
 * official NB101 module hash, the full NB101 enumeration (with a binary cache), the official NB201
 * index order, arch2vec's encodings, mutation neighbours and graph edit distance.
 */
export type { ArchEncoding } from './common/arch-encoding.js';
export { InvalidCellError, type InvalidCellRule } from './common/invalid-cell-error.js';
export type { SearchSpace, SearchSpaceName } from './common/search-space.js';
export { createSeededRandom, type RandomGenerator } from './common/seeded-random.js';

// NAS-Bench-101
export {
  NB101_ENCODING_OPS,
  NB101_INTERIOR_OPS,
  NB101_MAX_EDGES,
  NB101_MAX_VERTICES,
  nb101HashLabel,
  type Nb101InteriorOp,
  type Nb101Op,
} from './nb101/ops.js';
export { createNb101Cell, validateNb101Cell, verticesOnInputOutputPaths, type Nb101Cell } from './nb101/cell.js';
export { hashModule, nb101ModuleHash } from './nb101/cell-hash.js';
export { NB101_K, NB101_N, decodeNb101Encoding, encodeNb101Cell } from './nb101/encoding.js';
export { NB101_CELL_COUNT, Nb101Enumeration, type Nb101EnumerationColumns } from './nb101/enumeration.js';
export { enumerateNb101, type EnumerationOptions } from './nb101/enumerate.js';
export {
  NB101_CACHE_VERSION,
  Nb101CacheError,
  deserializeNb101Enumeration,
  loadOrBuildNb101Enumeration,
  readNb101Cache,
  serializeNb101Enumeration,
  writeNb101Cache,
  type LoadedNb101Enumeration,
} from './nb101/enumeration-cache.js';
export { triangleBit } from './nb101/packed-cell.js';
export { mutateNb101Cell, nb101MutationNeighbours, sampleNb101Cell } from './nb101/mutation.js';
export { nb101EditDistance } from './nb101/edit-distance.js';
export { nasBench101 } from './nb101/nb101-space.js';

// NAS-Bench-201
export {
  NB201_EDGE_COUNT,
  NB201_EDGE_SOURCES,
  NB201_OPS,
  createNb201Cell,
  formatNb201ArchString,
  parseNb201ArchString,
  type Nb201Cell,
  type Nb201Op,
} from './nb201/cell.js';
export { NB201_CELL_COUNT, firstNb201OrderMismatch, nb201ArchStringAt, nb201CellAt, nb201IndexOf } from './nb201/official-index.js';
export { NB201_ENCODING_OPS, NB201_K, NB201_N, decodeNb201Encoding, encodeNb201Cell, nb201Adjacency } from './nb201/encoding.js';
export { mutateNb201Cell, nasBench201, nb201EditDistance, nb201MutationNeighbours, sampleNb201Cell } from './nb201/nb201-space.js';
