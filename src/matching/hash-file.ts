import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { hash256FromHex, isHash256Hex } from '../hashing/pdq/hash256.js';
import { PackedHashList } from './packed-hashes.js';

const PREVIEW_LENGTH = 80;

export class HashFileError extends Error {}

function describeLine(text: string): string {
  if (text === '') return 'an empty line';
  const preview = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
  return JSON.stringify(preview);
}

/** Reads one 64-hex-digit PDQ hash per line; a bad line is an error naming the file and its line number (from 1). */
export async function readHashFile(path: string): Promise<PackedHashList> {
  const input = (await open(path)).createReadStream();
  const hashes = new PackedHashList();
  let lineNumber = 0;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber += 1;
      const text = line.trim();
      if (!isHash256Hex(text)) {
        throw new HashFileError(
          `${path} line ${lineNumber}: expected a PDQ hash of 64 hexadecimal digits, got ${describeLine(text)}`,
        );
      }
      hashes.append(hash256FromHex(text));
    }
  } finally {
    input.destroy();
  }
  return hashes;
}
