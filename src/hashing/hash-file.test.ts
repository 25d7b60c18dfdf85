import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cryptoHashesOfBuffer } from './crypto.js';
import { hashFile, hashImageBuffer } from './hash-file.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const BRIDGE = path.resolve(REPO_ROOT, '../shared/testdata/pdq/bridge-mods/aaa-orig.jpg');
const BRIDGE_PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hash-file-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hashFile', () => {
  it('gives the PDQ hash, quality and cryptographic hashes of an image, in output order', async () => {
    const result = await hashFile(BRIDGE);
    expect(result).toEqual({
      file: BRIDGE,
      pdq: BRIDGE_PDQ,
      quality: 100,
      ...cryptoHashesOfBuffer(await readFile(BRIDGE)),
    });
    expect(Object.keys(result)).toEqual(['file', 'pdq', 'quality', 'md5', 'sha1', 'sha256']);
  });

  it('still gives the cryptographic hashes of a file that is not an image, with pdq null and an error', async () => {
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'abc');
    const result = await hashFile(file);
    expect(result).toMatchObject({
      file,
      pdq: null,
      quality: null,
      md5: '900150983cd24fb0d6963f7d28e17f72',
      sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    expect(Object.keys(result)).toEqual(['file', 'pdq', 'quality', 'md5', 'sha1', 'sha256', 'error']);
    expect(result.error).toMatch(/not a decodable image/);
  });

  it('gives only the file and an error for a missing file', async () => {
    const file = path.join(dir, 'missing.jpg');
    const result = await hashFile(file);
    expect(result).toEqual({ file, error: expect.stringMatching(/cannot read file: ENOENT/) });
  });

  it('gives only the file and an error for a directory', async () => {
    const sub = path.join(dir, 'folder');
    await mkdir(sub);
    expect(await hashFile(sub)).toEqual({ file: sub, error: expect.stringMatching(/cannot read file: EISDIR/) });
  });
});

describe('hashImageBuffer', () => {
  it('hashes image bytes held in memory like the file they came from', async () => {
    const bytes = await readFile(BRIDGE);
    expect({ file: BRIDGE, ...(await hashImageBuffer(bytes)) }).toEqual(await hashFile(BRIDGE));
  });

  it('gives cryptographic hashes and an error for bytes that are not an image', async () => {
    const result = await hashImageBuffer(Buffer.from('abc'));
    expect(result).toMatchObject({ pdq: null, quality: null, md5: '900150983cd24fb0d6963f7d28e17f72' });
    expect(result.error).toMatch(/not a decodable image/);
  });
});
