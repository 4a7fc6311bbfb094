import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { findRepoRoot } from '@a2v/config';
import type { BackendChoice } from '@a2v/model';
import { action, EXIT, printJson, UsageError } from '../output.js';

/** The order @a2v/model tries them in (kept here so the CLI loads tfjs only in probe processes). */
const BACKEND_PREFERENCE: readonly BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];

interface Probe {
  choice: BackendChoice;
  loads: boolean;
  detail: string;
}

/** Loads one backend in this (fresh) process and describes it; tfjs initialises one backend per process. */
async function probeHere(choice: BackendChoice): Promise<Probe> {
  const { describeGraphStep, initBackend, modelConfig, nativeTensorflowVersion, nativeUsesGpu, readSetupStamp } = await import('@a2v/model');
  try {
    await initBackend({ force: choice, log: () => undefined });
  } catch (error) {
    return { choice, loads: false, detail: (error as Error).message.replace(/^.*?: /, '').replace(/^\w[\w-]*: /, '') };
  }
  if (choice === 'node' || choice === 'node-gpu') {
    const stamp = readSetupStamp(choice === 'node' ? 'cpu' : 'gpu');
    const device = choice === 'node-gpu' ? (nativeUsesGpu() ? ', ops on the GPU' : ', but no GPU device in use') : '';
    // Whether training runs the fused step kernel, the exported one-call graph step or the eager step, and why.
    const graphStep = describeGraphStep([modelConfig('nasbench101'), modelConfig('nasbench201')]);
    return { choice, loads: true, detail: `TensorFlow ${nativeTensorflowVersion() ?? '?'}${device}${stamp ? ` (a2v backend setup, tfjs-node ${stamp.tfjsNode})` : ' (installed in node_modules)'}; graph step: ${graphStep}` };
  }
  return { choice, loads: true, detail: choice === 'wasm' ? 'WebAssembly (SIMD) from node_modules' : 'plain JavaScript' };
}

/** One child process per backend, running `a2v backend probe <choice>` (all at once: each loads a runtime). */
function probeInChild(choice: BackendChoice): Promise<Probe> {
  return new Promise((done) => {
    const args = [...process.execArgv, process.argv[1], 'backend', 'probe', choice];
    execFile(process.execPath, args, { encoding: 'utf8', env: { ...process.env, A2V_BACKEND: '' } }, (error, stdout, stderr) => {
      try {
        done(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Probe);
      } catch {
        done({ choice, loads: false, detail: `the probe process failed (${error?.message ?? 'no output'}): ${stderr.trim().split('\n').at(-1) ?? ''}` });
      }
    });
  });
}

function chosen(probes: readonly Probe[]): { choice?: BackendChoice; why: string } {
  const forced = process.env.A2V_BACKEND;
  if (forced) {
    const probe = probes.find((p) => p.choice === forced);
    if (!probe) throw new UsageError(`A2V_BACKEND=${forced} is not one of ${BACKEND_PREFERENCE.join(', ')}`);
    return probe.loads ? { choice: probe.choice, why: `forced by A2V_BACKEND=${forced}` } : { why: `A2V_BACKEND=${forced} forces a backend that does not load here: model commands will fail` };
  }
  const first = probes.find((p) => p.loads);
  return first ? { choice: first.choice, why: `the first that loads in the order ${BACKEND_PREFERENCE.join(' → ')} (A2V_BACKEND forces one)` } : { why: 'none loads' };
}

export function backendCommand(): Command {
  const backend = new Command('backend').description('tfjs backends: set up native TensorFlow (CPU/GPU), show which one a2v uses');

  backend
    .command('setup')
    .description('build the native TensorFlow backend against the pinned TensorFlow 2.21 PyPI wheel into .tools/ (idempotent)')
    .option('--cpu', 'tensorflow-cpu wheel and @tensorflow/tfjs-node (default)')
    .option('--gpu', 'tensorflow wheel with its CUDA 12 wheels and @tensorflow/tfjs-node-gpu (needs an NVIDIA driver ≥ 525 to run)')
    .option('--force', 'rebuild even when already set up')
    .action(action(async (opts: { cpu?: boolean; gpu?: boolean; force?: boolean }) => {
      if (opts.cpu && opts.gpu) throw new UsageError('--cpu and --gpu exclude each other');
      const script = join(findRepoRoot(import.meta.dirname), 'tools/scripts/backend-setup.mjs');
      const args = [script, opts.gpu ? '--gpu' : '--cpu', ...(opts.force ? ['--force'] : [])];
      const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
      process.exitCode = result.status ?? EXIT.failed;
    }));

  backend
    .command('status')
    .description('which backends load here, which one a2v would use, and why')
    .option('--json', 'print JSON instead of a table')
    .action(action(async (opts: { json?: boolean }) => {
      const probes = await Promise.all(BACKEND_PREFERENCE.map(probeInChild));
      const use = chosen(probes);
      if (opts.json) return printJson({ backends: probes, uses: use.choice ?? null, why: use.why });
      for (const p of probes) console.log(`${p.choice.padEnd(9)} ${(p.loads ? 'loads' : 'absent').padEnd(7)} ${p.detail}`);
      console.log(`a2v uses: ${use.choice ?? 'nothing'}: ${use.why}`);
      if (!use.choice) process.exitCode = EXIT.failed;
    }));

  backend
    .command('probe', { hidden: true })
    .argument('<backend>', BACKEND_PREFERENCE.join(' | '))
    .action(action(async (choice: string) => {
      if (!(BACKEND_PREFERENCE as readonly string[]).includes(choice)) throw new UsageError(`backend '${choice}': expected one of ${BACKEND_PREFERENCE.join(', ')}`);
      console.log(JSON.stringify(await probeHere(choice as BackendChoice)));
    }));

  return backend;
}
