import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Cipher } from './cipher.js';
import { KEY_FILE_NAME, loadEncryptionKey } from './encryption-key.js';

describe('Cipher', () => {
  const cipher = new Cipher(randomBytes(32));

  it('decrypts what it encrypted in the same context', () => {
    const sealed = cipher.encrypt('{"email":"me@mail.example"}', 'report:1');
    expect(sealed.includes(Buffer.from('mail.example'))).toBe(false);
    expect(cipher.decrypt(sealed, 'report:1')).toBe('{"email":"me@mail.example"}');
  });

  it('gives a different ciphertext each time', () => {
    expect(cipher.encrypt('same', 'c').equals(cipher.encrypt('same', 'c'))).toBe(false);
  });

  it('refuses a ciphertext moved to another context, altered, or sealed with another key', () => {
    const sealed = cipher.encrypt('secret', 'report:1');
    expect(() => cipher.decrypt(sealed, 'report:2')).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => cipher.decrypt(altered, 'report:1')).toThrow();
    expect(() => new Cipher(randomBytes(32)).decrypt(sealed, 'report:1')).toThrow();
  });
});

describe('loadEncryptionKey', () => {
  it('prefers the configured key', async () => {
    const key = randomBytes(32);
    expect(await loadEncryptionKey(key, '/nonexistent')).toEqual({ key, created: undefined });
  });

  it('makes a private key file once and reads it back afterwards', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'oh-key-'));
    const first = await loadEncryptionKey(undefined, dir);
    expect(first.created).toBe(path.join(dir, KEY_FILE_NAME));
    expect((await fs.stat(first.created!)).mode & 0o777).toBe(0o600);
    const second = await loadEncryptionKey(undefined, dir);
    expect(second).toEqual({ key: first.key, created: undefined });
    await fs.rm(dir, { recursive: true });
  });

  it('refuses a damaged key file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'oh-key-'));
    await fs.writeFile(path.join(dir, KEY_FILE_NAME), 'short');
    await expect(loadEncryptionKey(undefined, dir)).rejects.toThrow(/32-byte/);
    await fs.rm(dir, { recursive: true });
  });
});
