// The steps of `a2v backend setup` (see backend-setup.mjs): preflight checks, the pinned TensorFlow
// wheel through pip, the staged deps/ folder of @tensorflow/tfjs-node(-gpu), the addon build and its
// verification. Facts behind each step: shared/reference/tfjs-native.md. Plain ESM, node: builtins only.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const TF_VERSION = '2.21.0';
export const TFJS_NODE_VERSION = '4.22.0';
/** The TF wheels are tagged manylinux_2_27: older C libraries cannot load libtensorflow_cc.so.2. */
export const MIN_GLIBC = [2, 27];

export class SetupError extends Error {}

export const FLAVORS = {
  cpu: { wheel: 'tensorflow-cpu', wheelFile: 'tensorflow_cpu', npmPackage: '@tensorflow/tfjs-node' },
  gpu: { wheel: 'tensorflow', wheelFile: 'tensorflow', npmPackage: '@tensorflow/tfjs-node-gpu' },
};

function has(command, args = ['--version']) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Every reason this machine cannot build the addon, as one error naming each and its fix. */
export function preflight() {
  const problems = [];
  if (process.platform !== 'linux' || process.arch !== 'x64') problems.push(`platform ${process.platform}-${process.arch}: the TensorFlow wheels used here are linux x86_64 only`);
  const glibc = process.report?.getReport().header.glibcVersionRuntime;
  if (!glibc) problems.push('no GNU C library detected (musl/Alpine?): the TensorFlow wheels need glibc ≥ 2.27');
  else {
    const [major, minor] = glibc.split('.').map(Number);
    if (major < MIN_GLIBC[0] || (major === MIN_GLIBC[0] && minor < MIN_GLIBC[1])) problems.push(`glibc ${glibc} is too old: the TensorFlow ${TF_VERSION} wheels need glibc ≥ ${MIN_GLIBC.join('.')} (manylinux_2_27)`);
  }
  if (!has('python3')) problems.push('no python3 on PATH: pip and node-gyp need it (Debian: apt-get install python3 python3-pip)');
  else if (!has('python3', ['-m', 'pip', '--version'])) problems.push('python3 has no pip (Debian: apt-get install python3-pip; or python3 -m ensurepip)');
  if (!has('g++') || !has('make')) problems.push('no C++ compiler or make on PATH: the addon is compiled here (Debian: apt-get install g++ make)');
  if (problems.length) throw new SetupError(`cannot set up the native TensorFlow backend:\n  - ${problems.join('\n  - ')}`);
}

export function pip(args, log) {
  const result = spawnSync('python3', ['-m', 'pip', '--disable-pip-version-check', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(log, `${result.stdout}\n${result.stderr}`, { flag: 'a' });
  if (result.status !== 0) throw new SetupError(`pip ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.trim().split('\n').slice(-5).join('\n')}\n(full output: ${log})`);
}

/** pip download of one pinned binary wheel for CPython 3.11 manylinux x86_64, whatever the local Python. */
export function downloadWheel(requirement, dir, log) {
  pip(['download', '--no-deps', '--only-binary=:all:', '--python-version', '3.11', '--implementation', 'cp', '--abi', 'cp311',
    '--platform', 'manylinux_2_27_x86_64', '--platform', 'manylinux_2_17_x86_64', '--platform', 'manylinux2014_x86_64', '-d', dir, requirement], log);
}

export function findWheel(dir, filePrefix) {
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((f) => f.startsWith(`${filePrefix}-${TF_VERSION}-`) && f.endsWith('.whl'));
  return name && join(dir, name);
}

function python(code, args) {
  return execFileSync('python3', ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Unzips the two libraries and the C headers (the rest of the wheel is Python) into `site/tensorflow`. */
export function extractTensorflow(wheel, site) {
  python(
    `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
keep = [n for n in z.namelist() if n.startswith('tensorflow/include/') or n in ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2')]
z.extractall(sys.argv[2], keep)
print(len(keep))`,
    [wheel, site],
  );
  for (const lib of ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2']) {
    if (!existsSync(join(site, 'tensorflow', lib))) throw new SetupError(`${wheel} holds no tensorflow/${lib}: not a TensorFlow ${TF_VERSION} wheel?`);
  }
}

/** The `[and-cuda]` extra's requirements (the CUDA 12 / cuDNN 9 wheels) from the wheel's own metadata. */
export function cudaRequirements(wheel) {
  const metadata = python(
    `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(z.read(next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))).decode())`,
    [wheel],
  );
  return metadata
    .split('\n')
    .filter((line) => line.startsWith('Requires-Dist:') && /extra\s*==\s*["']and-cuda["']/.test(line))
    .map((line) => line.slice('Requires-Dist:'.length).split(';')[0].replace(/[()\s]/g, ''));
}

function linkFresh(target, path) {
  if (existsSync(path) || isLink(path)) rmSync(path, { recursive: true, force: true });
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(relative(dirname(path), target), path);
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * deps/include → the wheel's headers; deps/lib → the wheel's tensorflow folder, with the link names
 * binding.gyp links against. deps/lib is a link to the folder (not a folder of links) so that the
 * wheel libraries' own RUNPATH ($ORIGIN/../nvidia/…) still reaches the CUDA wheels beside them.
 */
export function stageDeps(packageDir, site) {
  const tensorflow = join(site, 'tensorflow');
  linkFresh(join(tensorflow, 'libtensorflow_cc.so.2'), join(tensorflow, 'libtensorflow.so'));
  linkFresh(join(tensorflow, 'libtensorflow_framework.so.2'), join(tensorflow, 'libtensorflow_framework.so'));
  linkFresh(join(tensorflow, 'include'), join(packageDir, 'deps/include'));
  linkFresh(tensorflow, join(packageDir, 'deps/lib'));
}

/** npm install of tfjs-node(-gpu) into its own prefix, without its install script (it would download libtensorflow 2.9.1). */
export function installPackage(prefix, npmPackage, log) {
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), `${JSON.stringify({ name: 'a2v-tfjs-native', private: true, dependencies: { [npmPackage]: TFJS_NODE_VERSION } }, null, 2)}\n`);
  const result = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', prefix], { encoding: 'utf8', cwd: prefix });
  writeFileSync(log, `${result.stdout}\n${result.stderr}`, { flag: 'a' });
  if (result.status !== 0) throw new SetupError(`npm install ${npmPackage}@${TFJS_NODE_VERSION} failed (exit ${result.status}); see ${log}`);
}

/**
 * One copy of tfjs-core and the CPU backend in the process: the prefix's copies become links to the
 * repository's (same version), so the umbrella package loaded by tfjs-node registers nothing twice.
 */
export function shareTfjsCore(prefix, repoRoot) {
  for (const name of ['tfjs-core', 'tfjs-backend-cpu']) {
    const ours = join(repoRoot, 'node_modules/@tensorflow', name);
    const theirs = join(prefix, 'node_modules/@tensorflow', name);
    if (!existsSync(join(ours, 'package.json'))) continue;
    if (JSON.parse(execFileSync('node', ['-p', `JSON.stringify(require(${JSON.stringify(join(ours, 'package.json'))}).version)`], { encoding: 'utf8' })) !== TFJS_NODE_VERSION) continue;
    linkFresh(ours, theirs);
  }
}

/** Bumped whenever patchAddonSource changes, so that setup rebuilds the addon (it is in setup.json's stamp). */
export const ADDON_PATCH = 1;
const PATCH_MARKER = '// a2v: session config';

/**
 * tfjs-node loads a SavedModel with default session options: its ops then go through TensorFlow's
 * inter-op thread pool, one process-wide pool shared by every session. For a2v's graph step that
 * hand-off costs about a third of the step, and two shards in one process queue behind each other.
 * The patch lets the environment pass a ConfigProto (A2V_TF_SESSION_CONFIG, hex of its bytes), which
 * @a2v/model sets to run each session's ops in its caller's thread. Idempotent.
 */
export function patchAddonSource(packageDir) {
  const file = join(packageDir, 'binding/tfjs_backend.cc');
  const source = readFileSync(file, 'utf8');
  if (source.includes(PATCH_MARKER)) return;
  const anchor = '  TF_SessionOptions *session_options = TF_NewSessionOptions();\n';
  if (source.split(anchor).length !== 2) throw new SetupError(`${file} no longer has the one TF_NewSessionOptions line the session-config patch expects`);
  const patch = `${anchor}  ${PATCH_MARKER} from A2V_TF_SESSION_CONFIG (hex of a serialized ConfigProto), set by @a2v/model.
  if (const char *a2v_hex = std::getenv("A2V_TF_SESSION_CONFIG")) {
    std::string a2v_bytes;
    for (size_t i = 0; a2v_hex[i] && a2v_hex[i + 1]; i += 2) a2v_bytes.push_back(static_cast<char>(std::stoi(std::string(a2v_hex + i, 2), nullptr, 16)));
    TF_AutoStatus a2v_status;
    TF_SetConfig(session_options, a2v_bytes.data(), a2v_bytes.size(), a2v_status.status);
    if (TF_GetCode(a2v_status.status) != TF_OK) {
      TF_DeleteSessionOptions(session_options);
      NAPI_THROW_ERROR(env, "A2V_TF_SESSION_CONFIG is not a valid ConfigProto: %s", TF_Message(a2v_status.status));
      return nullptr;
    }
  }
`;
  writeFileSync(file, source.replace(anchor, patch).replace('#include <algorithm>\n', '#include <algorithm>\n#include <cstdlib>\n'));
}

/** Compiles the addon with the package's own npm script (npm supplies node-gyp and the Node headers). */
export function buildAddon(packageDir, log) {
  const env = { ...process.env };
  const nodePrefix = dirname(dirname(process.execPath));
  // Use the running Node's own headers when installed beside it: node-gyp would otherwise download them.
  if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include/node/node.h'))) env.npm_config_nodedir = nodePrefix;
  const result = spawnSync('npm', ['run', 'build-addon-from-source'], { cwd: packageDir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  writeFileSync(log, `${result.stdout}\n${result.stderr}`, { flag: 'a' });
  if (result.status !== 0) {
    const lines = `${result.stdout}\n${result.stderr}`.split('\n');
    // The compiler's own diagnostics name the cause; node-gyp's ERR! lines after them only say that it failed.
    const compiler = lines.filter((l) => /(fatal )?error:|undefined reference/.test(l)).slice(0, 6);
    const tail = (compiler.length ? compiler : lines.filter((l) => /ERR!/.test(l)).slice(0, 6)).join('\n');
    throw new SetupError(`building the tfjs-node addon failed (exit ${result.status}):\n${tail}\n(full output: ${log})`);
  }
}

/** Loads the built package in a fresh Node process and checks the backend, TF version, a matMul and a string tensor. */
export function verify(packageDir, env = process.env) {
  const script = `
const tf = require(${JSON.stringify(packageDir)});
const binding = tf.backend().binding;
const product = Array.from(tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])).dataSync());
const strings = tf.tensor1d(['a2v', 'τ']).dataSync().map((b) => Buffer.from(b).toString('utf8'));
const gpus = tf.backend().isUsingGpuDevice;
console.log(JSON.stringify({ backend: tf.getBackend(), tfVersion: binding.TF_Version, product, strings: Array.from(strings), gpu: gpus }));`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  let facts;
  try {
    facts = JSON.parse(line);
  } catch {
    throw new SetupError(`the built addon does not load (exit ${result.status}):\n${result.stderr.trim().split('\n').slice(-8).join('\n')}`);
  }
  const problems = [];
  if (facts.backend !== 'tensorflow') problems.push(`backend is ${facts.backend}, not tensorflow`);
  if (facts.tfVersion !== TF_VERSION) problems.push(`TF_Version is ${facts.tfVersion}, not ${TF_VERSION}`);
  if (JSON.stringify(facts.product) !== JSON.stringify([19, 22, 43, 50])) problems.push(`matMul gave ${facts.product}`);
  if (JSON.stringify(facts.strings) !== JSON.stringify(['a2v', 'τ'])) problems.push(`string tensor gave ${facts.strings}`);
  if (problems.length) throw new SetupError(`the built addon loads but is wrong: ${problems.join('; ')}`);
  return { ...facts, stderr: result.stderr };
}

/** The spaces whose training step is exported as a SavedModel (libs/model graph-step.ts loads them). */
export const GRAPH_STEP_SPACES = ['nasbench101', 'nasbench201'];

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Whether `dir` holds every space's export, made by this exporter script with this TensorFlow. */
export function graphStepIsCurrent(dir, exporter) {
  const script = sha256(exporter);
  return GRAPH_STEP_SPACES.every((space) => {
    try {
      const meta = JSON.parse(readFileSync(join(dir, space, 'graph-step.json'), 'utf8'));
      return meta.script === script && meta.tensorflow === TF_VERSION && existsSync(join(dir, space, 'saved_model.pb'));
    } catch {
      return false;
    }
  });
}

/**
 * Exports a2v's training step as one SavedModel per space into `dir` (tools/scripts/backend-graph-step.py),
 * with the Python TensorFlow of the pinned version installed into `pythonSite` (pip --target, the local
 * wheel preferred via --find-links; its dependencies from PyPI; no CUDA wheels: exporting runs on CPU).
 * Written to a sibling folder and swapped in, so a failed export leaves the previous one.
 */
export function exportGraphStep({ dir, exporter, pythonSite, wheels, wheelName, log }) {
  const python = (args, env = {}) =>
    spawnSync('python3', args, { encoding: 'utf8', env: { ...process.env, PYTHONPATH: pythonSite, PYTHONNOUSERSITE: '1', ...env }, maxBuffer: 64 << 20 });
  const importable = () => python(['-c', `import tensorflow as tf; assert tf.__version__ == ${JSON.stringify(TF_VERSION)}, tf.__version__`]).status === 0;
  if (!importable()) {
    rmSync(pythonSite, { recursive: true, force: true });
    pip(['install', '--no-input', '--target', pythonSite, '--find-links', wheels, `${wheelName}==${TF_VERSION}`], log);
    if (!importable()) throw new SetupError(`TensorFlow ${TF_VERSION} installed into ${pythonSite} does not import in python3 (see ${log})`);
  }
  const staging = `${dir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const result = python([exporter, staging, ...GRAPH_STEP_SPACES], { TF_CPP_MIN_LOG_LEVEL: '2', CUDA_VISIBLE_DEVICES: '' });
  writeFileSync(log, `${result.stdout}\n${result.stderr}`, { flag: 'a' });
  if (result.status !== 0) {
    throw new SetupError(`exporting the graph step failed (exit ${result.status}):\n${result.stderr.trim().split('\n').slice(-6).join('\n')}\n(full output: ${log})`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}
