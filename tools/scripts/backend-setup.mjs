#!/usr/bin/env node
// `a2v backend setup [--cpu|--gpu] [--force]`: builds the native TensorFlow backend of tfjs against
// TensorFlow's own PyPI wheel (tfjs-node's install would download libtensorflow 2.9.1, impossible
// offline and without Hopper/CUDA 12 support; shared/reference/tfjs-native.md). Everything lands in
// .tools/tfjs-native/<cpu|gpu>/ (never committed); @a2v/model finds it there. Idempotent: a second
// run checks its stamp and does nothing. Exit 0 set up, 1 a step failed, 2 bad usage or unusable machine.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  FLAVORS, SetupError, TFJS_NODE_VERSION, TF_VERSION, buildAddon, cudaRequirements, downloadWheel, exportGraphStep, extractTensorflow, findWheel,
  graphStepIsCurrent, installPackage, patchAddonSource, pip, preflight, shareTfjsCore, stageDeps, verify, ADDON_PATCH,
} from './backend-setup-steps.mjs';
import { buildStepKernel, stepKernelIsCurrent } from './backend-setup-kernel.mjs';

const root = resolve(import.meta.dirname, '../..');
const say = (line) => process.stderr.write(`[backend setup] ${line}\n`);

let options;
try {
  options = parseArgs({ options: { cpu: { type: 'boolean' }, gpu: { type: 'boolean' }, force: { type: 'boolean' }, quiet: { type: 'boolean' } } }).values;
  if (options.cpu && options.gpu) throw new Error('--cpu and --gpu exclude each other');
} catch (error) {
  console.error(`usage: backend-setup.mjs [--cpu|--gpu] [--force]: ${error.message}`);
  process.exit(2);
}
const flavor = options.gpu ? 'gpu' : 'cpu';
const { wheel: wheelName, wheelFile, npmPackage } = FLAVORS[flavor];
const tools = process.env.A2V_TFJS_NATIVE_DIR ?? join(root, '.tools/tfjs-native'); // @a2v/model reads the same variable
const prefix = join(tools, flavor);
const site = join(prefix, 'site');
const packageDir = join(prefix, 'node_modules', npmPackage);
const stampFile = join(prefix, 'setup.json');
const log = join(prefix, 'setup.log');
const graphStepDir = join(prefix, 'graph-step');
const exporter = join(root, 'tools/scripts/backend-graph-step.py');
const kernelDir = join(prefix, 'step-kernel');
const kernelSource = join(root, 'libs/model/native/step-kernel.cc');
const wanted = { flavor, tensorflow: TF_VERSION, tfjsNode: TFJS_NODE_VERSION, napi: process.versions.napi, node: process.versions.modules, addonPatch: ADDON_PATCH };

function stampIsCurrent() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    return Object.entries(wanted).every(([k, v]) => stamp[k] === v) && existsSync(join(packageDir, stamp.binding));
  } catch {
    return false;
  }
}

/**
 * The training step as one TensorFlow graph per space (tools/scripts/backend-graph-step.py; @a2v/model's
 * graph-step.ts runs it). Redone whenever the exporter script changes. Needs the wheel (downloaded if absent).
 */
function ensureGraphStep(force) {
  if (!force && graphStepIsCurrent(graphStepDir, exporter)) return false;
  const started = performance.now();
  const wheels = join(tools, 'wheels');
  if (!findWheel(wheels, wheelFile)) downloadWheel(`${wheelName}==${TF_VERSION}`, wheels, log);
  say('exporting the training step as a TensorFlow graph per search space (Python TensorFlow into site-python/ on first use, ≈ 1-2 min)');
  exportGraphStep({ dir: graphStepDir, exporter, pythonSite: join(prefix, 'site-python'), wheels, wheelName, log });
  say(`graph step exported in ${Math.round((performance.now() - started) / 1000)} s to ${graphStepDir}`);
  return true;
}

/**
 * The fused CPU step kernel (libs/model/native/step-kernel.cc), CPU flavor only: a GPU worker trains
 * with the graph step on its device. Rebuilt whenever the source or this host's CPU features change.
 */
function ensureStepKernel(force) {
  if (flavor !== 'cpu' || (!force && stepKernelIsCurrent(kernelDir, kernelSource))) return false;
  say('compiling the fused step kernel for this CPU (g++ against the wheel\'s Eigen headers, ≈ 30 s)');
  const built = buildStepKernel({ dir: kernelDir, source: kernelSource, eigenInclude: join(site, 'tensorflow/include'), log });
  say(`step kernel built in ${built.seconds} s${built.cpuFlags.length ? ` with ${built.cpuFlags.join(', ')}` : ' for baseline x86-64 (no AVX2/FMA here)'}`);
  return true;
}

if (!options.force && stampIsCurrent()) {
  try {
    const exported = ensureGraphStep(false);
    const compiled = ensureStepKernel(false);
    if (!options.quiet && !exported && !compiled) say(`${npmPackage} on TensorFlow ${TF_VERSION}, its graph step and step kernel are already set up in ${prefix} (--force rebuilds)`);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    say(`the native backend works, but ${error.message}`);
    process.exit(1);
  }
  process.exit(0);
}

const started = performance.now();
try {
  preflight();
  mkdirSync(prefix, { recursive: true });
  writeFileSync(log, `a2v backend setup --${flavor} ${new Date().toISOString()}\n`);

  const wheels = join(tools, 'wheels');
  let wheel = findWheel(wheels, wheelFile);
  if (!wheel) {
    say(`downloading ${wheelName}==${TF_VERSION} with pip (${flavor === 'gpu' ? '≈ 0.6 GB' : '≈ 0.3 GB'})`);
    downloadWheel(`${wheelName}==${TF_VERSION}`, wheels, log);
    wheel = findWheel(wheels, wheelFile);
    if (!wheel) throw new SetupError(`pip reported success but no ${wheelFile}-${TF_VERSION}-*.whl is in ${wheels}`);
  }
  if (!existsSync(join(site, 'tensorflow/libtensorflow_cc.so.2')) || options.force) {
    say(`extracting libtensorflow and its C headers from ${wheel.split('/').at(-1)}`);
    rmSync(join(site, 'tensorflow'), { recursive: true, force: true });
    extractTensorflow(wheel, site);
  }
  if (flavor === 'gpu' && !existsSync(join(site, 'nvidia'))) {
    const cuda = cudaRequirements(wheel);
    if (cuda.length === 0) throw new SetupError(`${wheel} declares no [and-cuda] requirements`);
    say(`installing the CUDA 12 wheels beside it (${cuda.length} packages, several GB): ${cuda.join(' ')}`);
    pip(['install', '--no-deps', '--only-binary=:all:', '--target', site, '--upgrade', ...cuda], log);
  }
  if (!existsSync(join(packageDir, 'package.json')) || options.force) {
    say(`installing ${npmPackage}@${TFJS_NODE_VERSION} without its install script`);
    installPackage(prefix, npmPackage, log);
  }
  shareTfjsCore(prefix, root);
  stageDeps(packageDir, site);
  patchAddonSource(packageDir);
  say('compiling the addon against the wheel (node-gyp, ≈ 1 min)');
  buildAddon(packageDir, log);
  const runtimeEnv = flavor === 'gpu' ? { ...process.env, TF_FORCE_GPU_ALLOW_GROWTH: 'true' } : process.env;
  const facts = verify(packageDir, runtimeEnv);
  const binding = `lib/napi-v${Math.min(8, Number(process.versions.napi))}/tfjs_binding.node`;
  const seconds = Math.round((performance.now() - started) / 1000);
  writeFileSync(stampFile, `${JSON.stringify({ ...wanted, binding, wheel: wheel.split('/').at(-1), gpuDevice: facts.gpu ?? false, seconds, at: new Date().toISOString() }, null, 2)}\n`);
  if (flavor === 'gpu' && /not built with CUDA kernel binaries/.test(facts.stderr)) say('warning: TensorFlow reports "not built with CUDA kernel binaries" for this GPU');
  say(`done in ${seconds} s: backend ${facts.backend}, TensorFlow ${facts.tfVersion}${flavor === 'gpu' ? `, GPU device ${facts.gpu ? 'in use' : 'NOT in use (no driver/GPU visible?)'}` : ''}; matMul and string tensors verified`);
  ensureGraphStep(options.force);
  ensureStepKernel(options.force);
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  say(error.message);
  process.exit(/cannot set up/.test(error.message) ? 2 : 1);
}
