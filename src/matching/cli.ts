import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { HASH256_BITS } from '../hashing/pdq/hash256.js';
import { readHashFile } from './hash-file.js';
import { unpackHash } from './packed-hashes.js';
import { DEFAULT_MAX_DISTANCE, PdqIndex } from './pdq-index.js';

export interface MatchFilesOptions {
  haystack: string;
  needles: string;
  maxDistance: number;
}

const OUTPUT_CHUNK_CHARS = 64 * 1024;

/** Collects lines into chunks and waits for the stream to drain when it asks to. */
class ChunkedLineWriter {
  private chunk = '';

  constructor(private readonly output: Writable) {}

  async writeLine(line: string): Promise<void> {
    this.chunk += `${line}\n`;
    if (this.chunk.length >= OUTPUT_CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunk === '') return;
    const accepted = this.output.write(this.chunk);
    this.chunk = '';
    if (!accepted) await once(this.output, 'drain');
  }
}

/**
 * Writes `{"needle": i, "match": j, "distance": d}` for every needle and haystack hash
 * within maxDistance (i and j are 0-based line numbers), nearest matches of each
 * needle first. Both files are read and checked before anything is written.
 * Returns the number of pairs.
 */
export async function matchHashFiles(options: MatchFilesOptions, output: Writable): Promise<number> {
  const haystack = await readHashFile(options.haystack);
  const needles = await readHashFile(options.needles);
  const lineNumbers = Float64Array.from({ length: haystack.count }, (_, line) => line);
  const index = PdqIndex.build({ rows: haystack.packedRows(), ids: lineNumbers, count: haystack.count });
  const writer = new ChunkedLineWriter(output);
  let pairs = 0;
  for (let needle = 0; needle < needles.count; needle++) {
    for (const match of index.search(unpackHash(needles.packedRows(), needle), options.maxDistance)) {
      await writer.writeLine(`{"needle": ${needle}, "match": ${match.id}, "distance": ${match.distance}}`);
      pairs += 1;
    }
  }
  await writer.flush();
  return pairs;
}

function parseMaxDistance(text: string): number {
  const distance = Number(text);
  if (!/^\d+$/.test(text) || distance > HASH256_BITS) {
    throw new InvalidArgumentError(`expected a whole number of bits from 0 to ${HASH256_BITS}`);
  }
  return distance;
}

export function registerMatchCommand(program: Command): void {
  program
    .command('match')
    .requiredOption('--haystack <file>', 'PDQ hashes to search, one of 64 hex digits per line')
    .requiredOption('--needles <file>', 'PDQ hashes to look up, one of 64 hex digits per line')
    .option(
      '--max-distance <bits>',
      'largest Hamming distance that counts as a match',
      parseMaxDistance,
      DEFAULT_MAX_DISTANCE,
    )
    .action(async (options: MatchFilesOptions) => {
      try {
        await matchHashFiles(options, process.stdout);
      } catch (error) {
        process.stderr.write(`match: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
