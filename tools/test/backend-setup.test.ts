/**
 * `a2v backend setup`'s patch of the tfjs-node addon source (the session ConfigProto from
 * A2V_TF_SESSION_CONFIG): applied once at the one anchor it expects, idempotent, and refused with a
 * clear error when the source no longer has that anchor. The patched addon itself is built and used
 * by the native model tests (libs/model/src/graph-step.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
// @ts-expect-error: a plain ES module script without type declarations
import { SetupError, patchAddonSource } from '../scripts/backend-setup-steps.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'a2v-addon-patch-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A package dir whose binding/tfjs_backend.cc holds `source`. */
function packageWith(name: string, source: string): { dir: string; file: string } {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'binding'), { recursive: true });
  const file = join(dir, 'binding/tfjs_backend.cc');
  writeFileSync(file, source);
  return { dir, file };
}

const SOURCE = `#include "tfjs_backend.h"

#include <algorithm>
#include <cstring>

napi_value TFJSBackend::LoadSavedModel(napi_env env,
                                       napi_value export_dir_value,
                                       napi_value tags_value) {
  TF_SessionOptions *session_options = TF_NewSessionOptions();

  TF_Buffer *run_options = TF_NewBufferFromString("", 0);
}
`;

test('the session-config patch goes in once, after the session options are made, and a second run changes nothing', () => {
  const { dir, file } = packageWith('ok', SOURCE);
  patchAddonSource(dir);
  const patched = readFileSync(file, 'utf8');
  assert.match(patched, /#include <algorithm>\n#include <cstdlib>\n/);
  const made = patched.indexOf('TF_NewSessionOptions();');
  const configured = patched.indexOf('TF_SetConfig(session_options');
  assert.ok(made >= 0 && configured > made && configured < patched.indexOf('TF_NewBufferFromString'), 'TF_SetConfig must follow TF_NewSessionOptions in LoadSavedModel');
  assert.match(patched, /std::getenv\("A2V_TF_SESSION_CONFIG"\)/);
  patchAddonSource(dir);
  assert.equal(readFileSync(file, 'utf8'), patched);
});

test('a source without the one expected anchor is refused with an error naming the file, and left as it was', () => {
  const moved = SOURCE.replace('TF_SessionOptions *session_options = TF_NewSessionOptions();', 'TF_SessionOptions *options = TF_NewSessionOptions();');
  const { dir, file } = packageWith('moved', moved);
  assert.throws(() => patchAddonSource(dir), (e: unknown) => e instanceof SetupError && (e as Error).message.includes(file));
  assert.equal(readFileSync(file, 'utf8'), moved);
});
