import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const KEY_FILE_NAME = 'encryption.key';

export interface KeySource {
  key: Buffer;
  /** Set when a new key file was written: the operator must back it up. */
  created: string | undefined;
}

/**
 * The key for personal data: ENCRYPTION_KEY when set, otherwise a key file in
 * the data folder, made on first start (readable by the owner only).
 */
export async function loadEncryptionKey(configured: Buffer | undefined, dataDir: string): Promise<KeySource> {
  if (configured) return { key: configured, created: undefined };
  const file = path.join(dataDir, KEY_FILE_NAME);
  const existing = await readKeyFile(file);
  if (existing) return { key: existing, created: undefined };
  await fs.mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    await fs.writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made the file first: use its key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: (await readKeyFile(file))!, created: undefined };
    throw error;
  }
  return { key, created: file };
}

async function readKeyFile(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
