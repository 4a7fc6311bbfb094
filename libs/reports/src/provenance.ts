/**
 * Where a report's numbers come from: the code version (git, when the report is made inside a
 * checkout) and each benchmark's own description of its data (BenchmarkInfo).
 */
import { execFileSync } from 'node:child_process';
import { getBenchmark, type BenchmarkInfo } from '@a2v/benchmarks';

export interface CodeVersion {
  /** `git rev-parse HEAD`, or undefined outside a git checkout / without git. */
  commit?: string;
  /** Tracked files differ from the commit. */
  dirty?: boolean;
  detail?: string;
}

export interface BenchmarkProvenance {
  name: string;
  info?: BenchmarkInfo;
  size?: number;
  /** Why the info is missing (e.g. a benchmark imported on another machine). */
  unavailable?: string;
}

/** One embedding set a report analysed: where it was read from and what produced it. */
export interface EmbeddingProvenance {
  name: string;
  encoder: string;
  /** The path or artifact URI it was read from. */
  source: string;
  sha256: string;
  checkpointSha256: string;
  space: string;
  count: number;
  dim: number;
}

export interface Provenance {
  generatedAt: string;
  code: CodeVersion;
  benchmarks: BenchmarkProvenance[];
  embeddings?: EmbeddingProvenance[];
}

export function codeVersion(cwd = process.cwd()): CodeVersion {
  const git = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  try {
    const commit = git(['rev-parse', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no']).length > 0;
    return { commit, dirty };
  } catch (error) {
    return { detail: `no git version: ${(error as Error).message.split('\n')[0]}` };
  }
}

export async function benchmarkProvenance(names: string[]): Promise<BenchmarkProvenance[]> {
  const out: BenchmarkProvenance[] = [];
  for (const name of names) {
    try {
      const benchmark = await getBenchmark(name);
      out.push({ name, info: benchmark.info, size: benchmark.size });
    } catch (error) {
      out.push({ name, unavailable: (error as Error).message });
    }
  }
  return out;
}

export async function collectProvenance(benchmarks: string[], cwd?: string, now = new Date()): Promise<Provenance> {
  return { generatedAt: now.toISOString(), code: codeVersion(cwd), benchmarks: await benchmarkProvenance(benchmarks) };
}
