import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Lowercase hex digests, as hash lists (NCMEC, ICSE, HashCheck) exchange them. */
export interface CryptoHashes {
  md5: string;
  sha1: string;
  sha256: string;
}

/** MD5, SHA-1 and SHA-256 fed together, so any input is read only once. */
export class CryptoHasher {
  readonly #hashes: [Hash, Hash, Hash] = [createHash('md5'), createHash('sha1'), createHash('sha256')];

  update(chunk: Uint8Array): this {
    for (const hash of this.#hashes) hash.update(chunk);
    return this;
  }

  digest(): CryptoHashes {
    const [md5, sha1, sha256] = this.#hashes.map((hash) => hash.digest('hex')) as [string, string, string];
    return { md5, sha1, sha256 };
  }
}

export function cryptoHashesOfBuffer(data: Uint8Array): CryptoHashes {
  return new CryptoHasher().update(data).digest();
}

/** Hashes a stream of any length in one pass; rejects if the stream fails. */
export async function cryptoHashesOfStream(stream: Readable): Promise<CryptoHashes> {
  const hasher = new CryptoHasher();
  for await (const chunk of stream) hasher.update(toBytes(chunk));
  return hasher.digest();
}

export function cryptoHashesOfFile(path: string): Promise<CryptoHashes> {
  return cryptoHashesOfStream(createReadStream(path));
}

/** A chunk of a byte stream; a stream in string mode has its strings hashed as UTF-8. */
export function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError('expected a byte stream');
}
