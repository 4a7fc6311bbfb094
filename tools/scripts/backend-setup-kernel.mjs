// The fused CPU step kernel of `a2v backend setup --cpu` (libs/model/native/step-kernel.cc; @a2v/model's
// step-kernel.ts loads it): compiled here, for this machine, against the Eigen headers of the TensorFlow
// wheel the setup already unpacked and the running Node's N-API headers, then loaded once to check it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SetupError } from './backend-setup-steps.mjs';

export const KERNEL_BINARY = 'a2v_step_kernel.node';
/** x86 features the kernel is compiled for when the host has them all (Eigen's GEMM then uses 8-wide FMA). */
const FAST_FLAGS = { avx2: '-mavx2', fma: '-mfma' };

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The /proc/cpuinfo feature names of FAST_FLAGS this host has (all or none: they are used together). */
export function hostCpuFlags(cpuinfo = readCpuinfo()) {
  const flags = new Set((/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? '').trim().split(/\s+/));
  const wanted = Object.keys(FAST_FLAGS);
  return wanted.every((f) => flags.has(f)) ? wanted : [];
}

function readCpuinfo() {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

/** Whether `dir` holds a kernel built from this `source` for this host's features. */
export function stepKernelIsCurrent(dir, source) {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, 'step-kernel.json'), 'utf8'));
    return stamp.source === sha256(source) && stamp.cpuFlags.join() === hostCpuFlags().join() && existsSync(join(dir, stamp.binary));
  } catch {
    return false;
  }
}

/** The compiler command line (exported for the tests: what a build would run). */
export function kernelCompileArgs({ source, output, eigenInclude, nodeInclude, cpuFlags }) {
  return [
    '-std=c++17', '-O3', '-DNDEBUG', '-fPIC', '-shared', '-fvisibility=hidden', '-fno-math-errno',
    ...cpuFlags.map((f) => FAST_FLAGS[f]),
    '-DNAPI_VERSION=8', '-DNODE_GYP_MODULE_NAME=a2v_step_kernel',
    `-I${nodeInclude}`, '-isystem', eigenInclude, source, '-o', output,
  ];
}

/**
 * Compiles `source` into `dir`, loads it in a fresh Node to read its format, and writes the stamp last:
 * a failed build leaves no stamp, so @a2v/model keeps using the graph step and says why.
 */
export function buildStepKernel({ dir, source, eigenInclude, log }) {
  const compiler = process.env.CXX ?? 'g++';
  const nodeInclude = join(dirname(dirname(process.execPath)), 'include/node');
  if (!existsSync(join(nodeInclude, 'node_api.h'))) throw new SetupError(`no Node N-API headers in ${nodeInclude} (install Node with its headers, e.g. the nodejs package's include/)`);
  if (!existsSync(join(eigenInclude, 'Eigen/Core'))) throw new SetupError(`no Eigen headers in ${eigenInclude}: the wheel's include/ was not unpacked (re-run with --force)`);
  const cpuFlags = hostCpuFlags();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const staging = join(dir, `${KERNEL_BINARY}.tmp`);
  const started = performance.now();
  const result = spawnSync(compiler, kernelCompileArgs({ source, output: staging, eigenInclude, nodeInclude, cpuFlags }), { encoding: 'utf8', maxBuffer: 64 << 20 });
  writeFileSync(log, `${compiler} step-kernel.cc: exit ${result.status}\n${result.stdout ?? ''}${result.stderr ?? ''}\n`, { flag: 'a' });
  if (result.error) throw new SetupError(`no C++ compiler: ${compiler} did not run (${result.error.message}); set CXX or install g++`);
  if (result.status !== 0) {
    const errors = result.stderr.split('\n').filter((l) => /error:/.test(l)).slice(0, 6).join('\n');
    throw new SetupError(`compiling the step kernel failed (exit ${result.status}):\n${errors}\n(full output: ${log})`);
  }
  const binary = join(dir, KERNEL_BINARY);
  renameSync(staging, binary);
  const probe = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(binary)}).format)`], { encoding: 'utf8' });
  const format = Number(probe.stdout.trim());
  if (probe.status !== 0 || !Number.isInteger(format)) throw new SetupError(`the built step kernel does not load: ${probe.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const seconds = Math.round((performance.now() - started) / 1000);
  writeFileSync(join(dir, 'step-kernel.json'), `${JSON.stringify({ format, source: sha256(source), cpuFlags, binary: KERNEL_BINARY, compiler, seconds }, null, 2)}\n`);
  return { format, cpuFlags, seconds };
}
