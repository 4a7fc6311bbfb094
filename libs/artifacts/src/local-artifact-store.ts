/**
 * Artifacts as files under one directory: `<root>/<name>` holds the content and `<name>.sha256` the
 * checksum and size. Both are written to temporary names and renamed (content first), so a reader
 * sees the old artifact or the new one; a crash between the two renames shows up as a checksum error.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { assertArtifactName, rechunk, sha256Hex, type ArtifactBody, type ArtifactStore, type PutOptions, type StoredArtifact } from './artifact-store.js';
import { ArtifactChecksumError, ArtifactNotFoundError, InvalidArtifactNameError } from './errors.js';

const WRITE_CHUNK = 1 << 20;

export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  uriOf(name: string): string {
    assertArtifactName(name);
    return pathToFileURL(join(this.root, name)).href;
  }

  async put(name: string, body: ArtifactBody, _options?: PutOptions): Promise<StoredArtifact> {
    const uri = this.uriOf(name);
    const path = fileURLToPath(uri);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomUUID()}.partial`;
    const hash = createHash('sha256');
    let bytes = 0;
    const out = createWriteStream(partial);
    try {
      for await (const chunk of rechunk(body, WRITE_CHUNK)) {
        hash.update(chunk);
        bytes += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((done) => out.once('drain', done));
      }
      await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
      const sha256 = hash.digest('hex');
      await rename(partial, path);
      await writeFile(`${partial}.sha256`, `${sha256} ${bytes}\n`);
      await rename(`${partial}.sha256`, `${path}.sha256`);
      return { uri, sha256, bytes };
    } catch (error) {
      out.destroy();
      await rm(partial, { force: true });
      await rm(`${partial}.sha256`, { force: true });
      throw error;
    }
  }

  private pathOf(uri: string): string {
    if (!uri.startsWith('file:')) throw new InvalidArtifactNameError(`${uri} is not a file: URI`);
    const path = fileURLToPath(uri);
    if (!path.startsWith(this.root + '/')) throw new InvalidArtifactNameError(`${uri} is outside the store at ${this.root}`);
    return path;
  }

  async get(uri: string): Promise<Buffer> {
    const path = this.pathOf(uri);
    let data: Buffer;
    let sidecar: string;
    try {
      [data, sidecar] = await Promise.all([readFile(path), readFile(`${path}.sha256`, 'utf8')]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtifactNotFoundError(uri);
      throw error;
    }
    const expected = sidecar.trim().split(' ')[0];
    const actual = sha256Hex(data);
    if (actual !== expected) throw new ArtifactChecksumError(uri, expected, actual);
    return data;
  }

  async exists(uri: string): Promise<boolean> {
    const path = this.pathOf(uri);
    try {
      await Promise.all([stat(path), stat(`${path}.sha256`)]);
      return true;
    } catch {
      return false;
    }
  }

  async delete(uri: string): Promise<boolean> {
    const path = this.pathOf(uri);
    const existed = await this.exists(uri);
    await rm(`${path}.sha256`, { force: true });
    await rm(path, { force: true });
    return existed;
  }
}
