/**
 * Training checkpoints: everything a run needs to continue exactly where it stopped (weights, BN
 * running statistics, Adam moments and step, the noise generator's state, epoch/step, the per-step
 * loss history) plus the full configuration. Layout (little-endian):
 *
 *   0   8  magic "A2VCKPT1"
 *   8   4  header length H (bytes of UTF-8 JSON, padded with spaces to a multiple of 4)
 *  12   H  header JSON: config, counters, rng state, array lengths
 *  12+H …  Float32 arrays in header.arrays order
 *  end 32  SHA-256 of every byte before it
 *
 * Files are written to a temporary name in the same directory and renamed, so a crash mid-write
 * leaves the previous checkpoint intact.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AdamState } from './adam.js';
import { CheckpointCorruptError, CheckpointMismatchError } from './errors.js';
import type { TrainConfig } from './model-config.js';
import type { ModelWeights } from './train-step.js';

const MAGIC = 'A2VCKPT1';
const FORMAT_VERSION = 1;

export interface TrainingState {
  readonly config: TrainConfig;
  /** Graphs in the dataset the run trains on (the split depends on it). */
  readonly datasetCount: number;
  weights: ModelWeights;
  adam: AdamState;
  /** xoroshiro128+ state of the noise/dropout generator. */
  rngState: number[];
  /** Epochs completed. */
  epoch: number;
  /** Steps of epoch `epoch` already taken. */
  stepInEpoch: number;
  /** Loss of every step taken so far, in order (sharded runs: the mean shard loss of every round). */
  losses: number[];
  /** Present only in checkpoints of sharded runs (sharded-driver.ts). */
  shards?: ShardedProgress;
}

/** Where a sharded run stands: its layout, rounds completed and every shard's own stream and cursor. */
export interface ShardedProgress {
  readonly count: number;
  readonly strategy: 'gradient' | 'local-adam';
  readonly stepsPerRound: number;
  round: number;
  locals: { rngState: number[]; cursor: number; epoch: number }[];
}

interface Header {
  formatVersion: number;
  config: TrainConfig;
  datasetCount: number;
  epoch: number;
  stepInEpoch: number;
  adamStep: number;
  rngState: number[];
  shards?: ShardedProgress;
  arrays: { name: 'params' | 'running' | 'adamM' | 'adamV' | 'losses'; length: number }[];
}

export function serializeCheckpoint(state: TrainingState): Buffer {
  const arrays = {
    params: state.weights.params,
    running: state.weights.running,
    adamM: state.adam.m,
    adamV: state.adam.v,
    losses: Float32Array.from(state.losses),
  };
  const header: Header = {
    formatVersion: FORMAT_VERSION,
    config: state.config,
    datasetCount: state.datasetCount,
    epoch: state.epoch,
    stepInEpoch: state.stepInEpoch,
    adamStep: state.adam.step,
    rngState: state.rngState,
    ...(state.shards ? { shards: state.shards } : {}),
    arrays: (Object.keys(arrays) as (keyof typeof arrays)[]).map((name) => ({ name, length: arrays[name].length })),
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, ' ')]);
  const payloadBytes = header.arrays.reduce((sum, a) => sum + 4 * a.length, 0);
  const file = Buffer.alloc(12 + json.length + payloadBytes + 32);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(json.length, 8);
  json.copy(file, 12);
  let offset = 12 + json.length;
  for (const { name } of header.arrays) {
    const a = arrays[name];
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(file, offset);
    offset += a.byteLength;
  }
  createHash('sha256').update(file.subarray(0, offset)).digest().copy(file, offset);
  return file;
}

/** sha256 (hex) a checkpoint file carries in its trailer: the identity embedding sets refer to. */
export function checkpointChecksum(file: Buffer): string {
  return file.subarray(file.length - 32).toString('hex');
}

export function deserializeCheckpoint(file: Buffer, path = '<buffer>'): TrainingState {
  const corrupt = (reason: string): never => {
    throw new CheckpointCorruptError(path, reason);
  };
  if (file.length < 12 + 32 || file.toString('latin1', 0, 8) !== MAGIC) corrupt('not an a2v checkpoint (bad magic)');
  const body = file.subarray(0, file.length - 32);
  if (!createHash('sha256').update(body).digest().equals(file.subarray(file.length - 32))) corrupt('sha256 mismatch');
  const headerLength = file.readUInt32LE(8);
  if (12 + headerLength > body.length) corrupt('header runs past the end of the file');
  let header: Header;
  try {
    header = JSON.parse(file.toString('utf8', 12, 12 + headerLength)) as Header;
  } catch (error) {
    return corrupt(`header is not JSON (${(error as Error).message})`);
  }
  if (header.formatVersion !== FORMAT_VERSION) corrupt(`format version ${header.formatVersion}, expected ${FORMAT_VERSION}`);
  const payload = header.arrays.reduce((sum, a) => sum + 4 * a.length, 0);
  if (12 + headerLength + payload !== body.length) corrupt(`payload is ${body.length - 12 - headerLength} bytes, header says ${payload}`);
  const arrays = new Map<string, Float32Array>();
  let offset = 12 + headerLength;
  for (const { name, length } of header.arrays) {
    // Copy into fresh, aligned arrays (the file buffer may be pooled or unaligned).
    arrays.set(name, new Float32Array(new Uint8Array(file.subarray(offset, offset + 4 * length)).buffer));
    offset += 4 * length;
  }
  const need = (name: string): Float32Array => arrays.get(name) ?? corrupt(`array ${name} missing`);
  return {
    config: header.config,
    datasetCount: header.datasetCount,
    weights: { params: need('params'), running: need('running') },
    adam: { m: need('adamM'), v: need('adamV'), step: header.adamStep },
    rngState: header.rngState,
    epoch: header.epoch,
    stepInEpoch: header.stepInEpoch,
    losses: Array.from(need('losses')),
    ...(header.shards ? { shards: header.shards } : {}),
  };
}

/** Writes atomically (temp file + rename); returns the checkpoint's sha256. */
export function writeCheckpoint(path: string, state: TrainingState): string {
  mkdirSync(dirname(path), { recursive: true });
  const file = serializeCheckpoint(state);
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, file);
  renameSync(partial, path);
  return checkpointChecksum(file);
}

export function readCheckpoint(path: string): { state: TrainingState; sha256: string } {
  const file = readFileSync(path);
  return { state: deserializeCheckpoint(file, path), sha256: checkpointChecksum(file) };
}

/** The layout of a sharded run, as `assertCheckpointMatches` compares it. */
export type ShardLayout = Pick<ShardedProgress, 'count' | 'strategy' | 'stepsPerRound'>;

/**
 * Throws CheckpointMismatchError unless the checkpoint was written for `expected` (every field but
 * `epochs`, which a resumed run may extend), a dataset of `datasetCount` graphs and the same shard
 * layout (`undefined`: a single-process run).
 */
export function assertCheckpointMatches(path: string, state: TrainingState, expected: TrainConfig, datasetCount: number, shards?: ShardLayout): void {
  if (state.config.model.space !== expected.model.space) throw new CheckpointMismatchError(path, 'model.space', expected.model.space, state.config.model.space);
  const flat = (config: TrainConfig): Record<string, unknown> => {
    const { model, epochs: _epochs, ...rest } = config;
    return { ...Object.fromEntries(Object.entries(model).map(([k, v]) => [`model.${k}`, v])), ...rest };
  };
  const want = flat(expected);
  const got = flat(state.config);
  for (const field of new Set([...Object.keys(want), ...Object.keys(got)])) {
    if (want[field] !== got[field]) throw new CheckpointMismatchError(path, field, want[field], got[field]);
  }
  if (state.datasetCount !== datasetCount) throw new CheckpointMismatchError(path, 'datasetCount', datasetCount, state.datasetCount);
  const layout = (s: ShardLayout | undefined): string => (s ? `${s.count} × ${s.strategy}, ${s.stepsPerRound} step(s) per round` : 'single process');
  if (layout(shards) !== layout(state.shards)) throw new CheckpointMismatchError(path, 'shards', layout(shards), layout(state.shards));
}
