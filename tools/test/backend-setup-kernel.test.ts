/**
 * `a2v backend setup`'s build of the fused step kernel (tools/scripts/backend-setup-kernel.mjs): the
 * CPU features it compiles for, the command line, when an existing build is current, and the clear
 * errors for a missing compiler or failing build, which leave no stamp behind. The kernel itself is
 * built by `npm test`'s setup and tested by libs/model/src/step-kernel.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
// @ts-expect-error: a plain ES module script without type declarations
import { buildStepKernel, hostCpuFlags, kernelCompileArgs, stepKernelIsCurrent } from '../scripts/backend-setup-kernel.mjs';
// @ts-expect-error: a plain ES module script without type declarations
import { SetupError } from '../scripts/backend-setup-steps.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'a2v-kernel-setup-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('AVX2 and FMA are used together or not at all, as /proc/cpuinfo lists them', () => {
  assert.deepEqual(hostCpuFlags('processor : 0\nflags\t\t: fpu sse2 avx avx2 bmi2 fma\n'), ['avx2', 'fma']);
  assert.deepEqual(hostCpuFlags('flags : fpu sse2 avx fma\n'), []);
  assert.deepEqual(hostCpuFlags(''), []);
});

test('the compile line targets the host features only when it has them, and the Eigen and N-API headers given', () => {
  const paths = { source: 'k.cc', output: 'k.node', eigenInclude: '/e', nodeInclude: '/n' };
  const fast = kernelCompileArgs({ ...paths, cpuFlags: ['avx2', 'fma'] }) as string[];
  assert.ok(fast.includes('-mavx2') && fast.includes('-mfma') && fast.includes('-O3'));
  assert.deepEqual(fast.slice(-6), ['-I/n', '-isystem', '/e', 'k.cc', '-o', 'k.node']);
  const plain = kernelCompileArgs({ ...paths, cpuFlags: [] }) as string[];
  assert.ok(!plain.some((a) => a.startsWith('-mavx') || a === '-mfma'));
});

test('a build is current only with a stamp from the same source for the same CPU features, and its binary', () => {
  const dir = join(scratch, 'current');
  mkdirSync(dir, { recursive: true });
  const source = join(scratch, 'kernel.cc');
  writeFileSync(source, '// v1\n');
  assert.equal(stepKernelIsCurrent(dir, source), false, 'no stamp');
  const other = createHash('sha256').update('// v0\n').digest('hex');
  writeFileSync(join(dir, 'step-kernel.json'), JSON.stringify({ format: 1, source: other, cpuFlags: hostCpuFlags(), binary: 'k.node' }));
  writeFileSync(join(dir, 'k.node'), '');
  assert.equal(stepKernelIsCurrent(dir, source), false, 'another source');
  const real = createHash('sha256').update('// v1\n').digest('hex');
  writeFileSync(join(dir, 'step-kernel.json'), JSON.stringify({ format: 1, source: real, cpuFlags: hostCpuFlags(), binary: 'k.node' }));
  assert.equal(stepKernelIsCurrent(dir, source), true);
  writeFileSync(join(dir, 'step-kernel.json'), JSON.stringify({ format: 1, source: real, cpuFlags: ['sse9'], binary: 'k.node' }));
  assert.equal(stepKernelIsCurrent(dir, source), false, 'built for other CPU features');
  rmSync(join(dir, 'k.node'));
  writeFileSync(join(dir, 'step-kernel.json'), JSON.stringify({ format: 1, source: real, cpuFlags: hostCpuFlags(), binary: 'k.node' }));
  assert.equal(stepKernelIsCurrent(dir, source), false, 'binary gone');
});

test('a missing compiler and a failing compile are SetupErrors that say so and leave no stamp', () => {
  const eigen = join(scratch, 'eigen');
  mkdirSync(join(eigen, 'Eigen'), { recursive: true });
  writeFileSync(join(eigen, 'Eigen/Core'), '');
  const source = join(scratch, 'broken.cc');
  writeFileSync(source, 'this is not C++;\n');
  const log = join(scratch, 'setup.log');
  const saved = process.env.CXX;
  try {
    process.env.CXX = join(scratch, 'no-such-compiler');
    const absent = join(scratch, 'absent');
    assert.throws(() => buildStepKernel({ dir: absent, source, eigenInclude: eigen, log }), (e: Error) => e instanceof SetupError && /no C\+\+ compiler: .*no-such-compiler/.test(e.message));
    assert.equal(existsSync(join(absent, 'step-kernel.json')), false);
    delete process.env.CXX;
    const broken = join(scratch, 'broken');
    assert.throws(() => buildStepKernel({ dir: broken, source, eigenInclude: eigen, log }), (e: Error) => e instanceof SetupError && /compiling the step kernel failed \(exit 1\):\n.*error:/.test(e.message));
    assert.equal(existsSync(join(broken, 'step-kernel.json')), false);
  } finally {
    if (saved === undefined) delete process.env.CXX;
    else process.env.CXX = saved;
  }
});
