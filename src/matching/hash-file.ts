import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { hash256FromHex, isHash256Hex } from '../hashing/pdq/hash256.js';
import { PACKED_WORDS, PackedHashList } from './packed-hashes.js';

const PREVIEW_LENGTH = 80;
/** Bytes read at a time; a line may be split between two reads. */
export const READ_BYTES = 1 << 20;
const HEX_DIGITS = 64;
const DIGITS_PER_WORD = 8;
/** A hash, its line feed: every valid line but perhaps the last has at least this many bytes. */
const MIN_LINE_BYTES = HEX_DIGITS + 1;
const LF = 0x0a;
const CR = 0x0d;
const NOT_HEX = 0x100;

/** The value of every two-hex-digit pair of bytes (first byte high), NOT_HEX for any other pair. */
const HEX_PAIRS = (() => {
  const digits = new Map<number, number>();
  for (let digit = 0; digit < 16; digit++) {
    const text = digit.toString(16);
    digits.set(text.charCodeAt(0), digit);
    digits.set(text.toUpperCase().charCodeAt(0), digit);
  }
  const pairs = new Uint16Array(1 << 16).fill(NOT_HEX);
  for (const [high, highValue] of digits) {
    for (const [low, lowValue] of digits) pairs[(high << 8) | low] = (highValue << 4) | lowValue;
  }
  return pairs;
})();

export class HashFileError extends Error {}

function describeLine(text: string): string {
  if (text === '') return 'an empty line';
  const preview = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
  return JSON.stringify(preview);
}

/**
 * Parses lines of one PDQ hash each straight from the bytes. Lines end as readline ends
 * them (LF, CR LF or a lone CR) and are trimmed as String.prototype.trim trims them.
 * The common line, 64 hex digits and its line break, is decoded without making a
 * string; any other line takes the general path, which makes a string of it.
 */
class HashLineParser {
  private lineNumber = 0;
  private readonly row = new Uint32Array(PACKED_WORDS);

  constructor(
    private readonly path: string,
    readonly hashes: PackedHashList,
  ) {}

  /** Parses the complete lines of bytes[0, end); returns where the unfinished last line starts. */
  parse(bytes: Buffer, end: number, atEnd: boolean): number {
    // Before the end of the file, a CR must not be the last byte read: an LF may follow.
    const lastBareStart = end - HEX_DIGITS - (atEnd ? 1 : 2);
    const view = new DataView(bytes.buffer, bytes.byteOffset, end);
    let start = 0;
    while (start < end) {
      if (start <= lastBareStart && this.decodeBareLine(view, start)) {
        start = this.afterBreak(bytes, start + HEX_DIGITS, end);
        continue;
      }
      const lineFeed = bytes.indexOf(LF, start);
      if (lineFeed !== -1 && lineFeed < end) {
        this.parseLines(bytes, start, lineFeed);
        start = lineFeed + 1;
      } else if (atEnd) {
        this.parseLines(bytes, start, end);
        start = end;
      } else {
        break;
      }
    }
    return start;
  }

  /**
   * Decodes 64 hex digits at `start` followed by LF or CR into the list. Hex digit i
   * holds bits 255 - 4i .. 252 - 4i, so each run of eight digits is one packed word,
   * the first run the last word. Four bytes are read at a time and looked up in pairs.
   */
  private decodeBareLine(bytes: DataView, start: number): boolean {
    const after = bytes.getUint8(start + HEX_DIGITS);
    if (after !== LF && after !== CR) return false;
    const { row } = this;
    let invalid = 0;
    for (let word = 0; word < PACKED_WORDS; word++) {
      const first = start + (PACKED_WORDS - 1 - word) * DIGITS_PER_WORD;
      const high = bytes.getUint32(first);
      const low = bytes.getUint32(first + 4);
      const pair0 = HEX_PAIRS[high >>> 16]!;
      const pair1 = HEX_PAIRS[high & 0xffff]!;
      const pair2 = HEX_PAIRS[low >>> 16]!;
      const pair3 = HEX_PAIRS[low & 0xffff]!;
      invalid |= pair0 | pair1 | pair2 | pair3;
      row[word] = (pair0 << 24) | (pair1 << 16) | (pair2 << 8) | pair3;
    }
    if ((invalid & NOT_HEX) !== 0) return false;
    this.lineNumber += 1;
    this.hashes.appendPacked(row);
    return true;
  }

  /** The start of the next line, given the CR or LF at `lineBreak`. */
  private afterBreak(bytes: Buffer, lineBreak: number, end: number): number {
    return bytes[lineBreak] === CR && lineBreak + 1 < end && bytes[lineBreak + 1] === LF ? lineBreak + 2 : lineBreak + 1;
  }

  /** The general path for bytes[start, end) up to an LF or the end of the file: a CR ends a line too. */
  private parseLines(bytes: Buffer, start: number, end: number): void {
    let text = bytes.toString('utf8', start, end);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    for (const line of text.split('\r')) this.parseLine(line);
  }

  private parseLine(line: string): void {
    this.lineNumber += 1;
    const text = line.trim();
    if (!isHash256Hex(text)) {
      throw new HashFileError(
        `${this.path} line ${this.lineNumber}: expected a PDQ hash of 64 hexadecimal digits, got ${describeLine(text)}`,
      );
    }
    this.hashes.append(hash256FromHex(text));
  }
}

async function parseFile(file: FileHandle, parser: HashLineParser): Promise<void> {
  let bytes = Buffer.allocUnsafe(READ_BYTES);
  let kept = 0;
  for (;;) {
    const { bytesRead } = await file.read(bytes, kept, bytes.length - kept, null);
    const end = kept + bytesRead;
    const atEnd = bytesRead === 0;
    const consumed = parser.parse(bytes, end, atEnd);
    if (atEnd) return;
    kept = end - consumed;
    if (kept === bytes.length) {
      // One line longer than the buffer: only ever a bad line or one padded with blanks.
      const bigger = Buffer.allocUnsafe(bytes.length * 2);
      bytes.copy(bigger, 0, consumed, end);
      bytes = bigger;
    } else {
      bytes.copyWithin(0, consumed, end);
    }
  }
}

/** Reads one 64-hex-digit PDQ hash per line; a bad line is an error naming the file and its line number (from 1). */
export async function readHashFile(path: string): Promise<PackedHashList> {
  const file = await open(path);
  try {
    const { size } = await file.stat();
    const parser = new HashLineParser(path, new PackedHashList(Math.ceil(size / MIN_LINE_BYTES)));
    await parseFile(file, parser);
    return parser.hashes;
  } finally {
    await file.close();
  }
}
