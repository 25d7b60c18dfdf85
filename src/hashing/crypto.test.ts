import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cryptoHashesOfBuffer, cryptoHashesOfFile, cryptoHashesOfStream } from './crypto.js';

const ABC = {
  md5: '900150983cd24fb0d6963f7d28e17f72',
  sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
  sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
};

const EMPTY = {
  md5: 'd41d8cd98f00b204e9800998ecf8427e',
  sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};

/** Deterministic bytes, delivered in chunks of uneven size. */
function* chunks(total: number): Generator<Buffer> {
  let state = 7;
  for (let sent = 0, size = 1; sent < total; sent += size, size = (size * 7 + 13) % 65_537) {
    const chunk = Buffer.alloc(Math.min(size, total - sent));
    for (let i = 0; i < chunk.length; i++) chunk[i] = state = (state * 33 + 1) & 0xff;
    yield chunk;
  }
}

function oneShot(algorithm: string, data: Buffer): string {
  return createHash(algorithm).update(data).digest('hex');
}

describe('cryptoHashesOfBuffer', () => {
  it('gives the standard MD5, SHA-1 and SHA-256 of "abc"', () => {
    expect(cryptoHashesOfBuffer(Buffer.from('abc'))).toEqual(ABC);
  });

  it('gives the standard digests of empty input', () => {
    expect(cryptoHashesOfBuffer(new Uint8Array(0))).toEqual(EMPTY);
  });
});

describe('cryptoHashesOfStream', () => {
  it('hashes a multi-megabyte stream in chunks exactly as the whole buffer at once', async () => {
    const size = 5 * 1024 * 1024 + 17;
    const whole = Buffer.concat([...chunks(size)]);
    expect(whole.length).toBe(size);
    expect(await cryptoHashesOfStream(Readable.from(chunks(size)))).toEqual({
      md5: oneShot('md5', whole),
      sha1: oneShot('sha1', whole),
      sha256: oneShot('sha256', whole),
    });
  });

  it('hashes a stream of strings as their UTF-8 bytes', async () => {
    expect(await cryptoHashesOfStream(Readable.from(['a', 'bc']))).toEqual(ABC);
  });

  it('rejects when the stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(cryptoHashesOfStream(failing)).rejects.toThrow('disk on fire');
  });
});

describe('cryptoHashesOfFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'crypto-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hashes a file', async () => {
    const file = path.join(dir, 'abc.txt');
    await writeFile(file, 'abc');
    expect(await cryptoHashesOfFile(file)).toEqual(ABC);
  });

  it('rejects for a missing file', async () => {
    await expect(cryptoHashesOfFile(path.join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
