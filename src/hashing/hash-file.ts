import { createReadStream } from 'node:fs';
import { CryptoHasher, cryptoHashesOfBuffer, toBytes, type CryptoHashes } from './crypto.js';
import { decodeRgb, ImageDecodeError } from './decode.js';
import { hash256ToHex } from './pdq/hash256.js';
import { pdqFromRgb } from './pdq/pdq.js';

/**
 * Files larger than this still get their cryptographic hashes but are not
 * decoded: no image within the decoder's pixel limit needs more.
 */
export const MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024;

/** The hashes of content that could be read; pdq and quality are null when it is not a decodable image. */
export interface ContentHashes extends CryptoHashes {
  pdq: string | null;
  quality: number | null;
  error?: string;
}

export type FileHashes = ({ file: string } & ContentHashes) | { file: string; error: string };

interface PdqOutcome {
  pdq: string | null;
  quality: number | null;
  error?: string;
}

/**
 * MD5, SHA-1, SHA-256 and PDQ of a file, reading it once. A file that is not a
 * decodable image gets `pdq: null`, `quality: null` and an `error`; a file that
 * cannot be read gets only `file` and `error`. Never rejects for bad input.
 */
export async function hashFile(file: string): Promise<FileHashes> {
  let content: ReadContent;
  try {
    content = await readAndHash(file, MAX_IMAGE_FILE_BYTES);
  } catch (error) {
    return { file, error: `cannot read file: ${(error as Error).message}` };
  }
  const outcome: PdqOutcome =
    content.bytes === null
      ? { pdq: null, quality: null, error: `larger than ${MAX_IMAGE_FILE_BYTES} bytes, not decoded as an image` }
      : await pdqOfImage(content.bytes);
  return { file, ...contentHashes(outcome, content.hashes) };
}

/**
 * The same hashes for image bytes held in memory (e.g. an upload that must
 * never be written to disk).
 */
export async function hashImageBuffer(data: Uint8Array): Promise<ContentHashes> {
  return contentHashes(await pdqOfImage(data), cryptoHashesOfBuffer(data));
}

/** Key order is the output format: pdq, quality, md5, sha1, sha256, then error if any. */
function contentHashes(outcome: PdqOutcome, hashes: CryptoHashes): ContentHashes {
  const result: ContentHashes = { pdq: outcome.pdq, quality: outcome.quality, ...hashes };
  if (outcome.error !== undefined) result.error = outcome.error;
  return result;
}

async function pdqOfImage(data: Uint8Array): Promise<PdqOutcome> {
  try {
    const { hash, quality } = pdqFromRgb(await decodeRgb(data));
    return { pdq: hash256ToHex(hash), quality };
  } catch (error) {
    if (error instanceof ImageDecodeError) return { pdq: null, quality: null, error: error.message };
    throw error;
  }
}

interface ReadContent {
  hashes: CryptoHashes;
  /** The whole file, or null when it exceeded the byte limit for decoding. */
  bytes: Buffer | null;
}

/** Streams the file once, hashing every chunk and keeping the bytes while they fit in `keepLimit`. */
async function readAndHash(file: string, keepLimit: number): Promise<ReadContent> {
  const hasher = new CryptoHasher();
  let kept: Uint8Array[] | null = [];
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    const bytes = toBytes(chunk);
    hasher.update(bytes);
    size += bytes.length;
    if (size > keepLimit) kept = null;
    kept?.push(bytes);
  }
  return { hashes: hasher.digest(), bytes: kept === null ? null : Buffer.concat(kept, size) };
}
