import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hash256FromHex, hash256ToHex } from '../hashing/pdq/hash256.js';
import { READ_BYTES, readHashFile } from './hash-file.js';
import { PACKED_WORDS, unpackHash } from './packed-hashes.js';
import { randomRows, seededRandom } from './random-hashes.js';

function hexHashes(count: number, seed: number): string[] {
  const rows = randomRows(count, seededRandom(seed));
  return Array.from({ length: count }, (_, row) => hash256ToHex(unpackHash(rows, row)));
}

/** The hashes as lower-case hex lines: one string, compared at once. */
function hexLines(hexes: string[]): string {
  return hexes.map((hex) => hash256ToHex(hash256FromHex(hex.trim()))).join('\n');
}

function rowsAsHexLines(rows: Uint32Array): string {
  return Array.from({ length: rows.length / PACKED_WORDS }, (_, row) => hash256ToHex(unpackHash(rows, row))).join('\n');
}

describe('reading a hash file', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'hash-file-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function fileOf(text: string): Promise<string> {
    const file = path.join(directory, 'hashes.txt');
    await writeFile(file, text);
    return file;
  }

  async function hashesIn(text: string): Promise<string> {
    return rowsAsHexLines((await readHashFile(await fileOf(text))).packedRows());
  }

  it('reads upper- and lower-case digits, with or without a last line break', async () => {
    const [a, b] = hexHashes(2, 1);
    expect(await hashesIn(`${a}\n${b!.toUpperCase()}`)).toBe(hexLines([a!, b!]));
    expect(await hashesIn(`${a}\n${b}\n`)).toBe(hexLines([a!, b!]));
    expect(await hashesIn('')).toBe('');
  });

  it('ends lines at LF, CR LF or a lone CR, as readline does', async () => {
    const [a, b, c, d] = hexHashes(4, 2);
    expect(await hashesIn(`${a}\r\n${b}\r${c}\n${d}\r`)).toBe(hexLines([a!, b!, c!, d!]));
  });

  it('ignores what String.prototype.trim ignores around a hash, a byte-order mark included', async () => {
    const [a, b, c] = hexHashes(3, 3);
    const text = `\uFEFF${a}\n \t\v\f${b}\u00a0\u3000\n\u2028${c}\t \r\n`;
    expect(await hashesIn(text)).toBe(hexLines([a!, b!, c!]));
  });

  it.each([
    ['an empty line between CR LF endings', (h: string[]) => `${h[0]}\r\n\r\n${h[1]}\r\n`, 2, 'an empty line'],
    ['a lone CR before CR LF', (h: string[]) => `${h[0]}\r\r\n${h[1]}\r\n`, 2, 'an empty line'],
    ['two hashes on one line', (h: string[]) => `${h[0]}\n${h[0]} ${h[1]}\n`, 2, '"'],
    ['a NUL byte after a hash', (h: string[]) => `${h[0]}\n${h[1]}\u0000\n`, 2, '"'],
    ['a blank line at the end', (h: string[]) => `${h[0]}\n${h[1]}\n \n`, 3, 'an empty line'],
    ['a hash cut short by a CR', (h: string[]) => `${h[0]}\n${h[1]!.slice(0, 40)}\r${h[1]!.slice(40)}\n`, 2, '"'],
  ])('rejects %s, naming the line', async (_name, text, line, got) => {
    const file = await fileOf(text(hexHashes(2, 4)));
    await expect(readHashFile(file)).rejects.toThrow(
      `${file} line ${line}: expected a PDQ hash of 64 hexadecimal digits, got ${got}`,
    );
  });

  it('shows at most 80 characters of a bad line', async () => {
    const file = await fileOf(`${'x'.repeat(200)}\n`);
    await expect(readHashFile(file)).rejects.toThrow(`line 1: expected a PDQ hash of 64 hexadecimal digits, got "${'x'.repeat(80)}…"`);
  });

  it.each([
    ['a hash', -20],
    ['a hash and its CR', 0],
    ['a CR and its LF', 1],
    ['an LF and the next hash', 2],
  ])('joins the lines of two reads that split %s', async (_name, afterCr) => {
    // Blanks before the first hash move the CR of hash 5 to `afterCr` bytes before the second read.
    const hashes = hexHashes(10, 5);
    hashes[0] = `${' '.repeat(READ_BYTES - afterCr - 394)}${hashes[0]}`;
    const text = hashes.map((hash) => `${hash}\r\n`).join('');
    expect(text.indexOf(`${hashes[5]}\r`) + 64).toBe(READ_BYTES - afterCr);
    expect(await hashesIn(text)).toBe(hexLines(hashes));
  });

  it('reads a line longer than a read, and counts lines across reads', async () => {
    const [a, b] = hexHashes(2, 6);
    const padded = `${' '.repeat(READ_BYTES + 10)}${b}`;
    expect(await hashesIn(`${a}\n${padded}\n${a}`)).toBe(hexLines([a!, b!, a!]));
    const file = await fileOf(`${`${a}\n`.repeat(20_000)}${'0'.repeat(63)}\n`);
    await expect(readHashFile(file)).rejects.toThrow(`${file} line 20001:`);
  });
});
