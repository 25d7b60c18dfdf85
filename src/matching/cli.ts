import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { HASH256_BITS } from '../hashing/pdq/hash256.js';
import { readHashFile } from './hash-file.js';
import { MatchWorkers } from './match-workers.js';
import type { HashRows, PackedHashList } from './packed-hashes.js';
import { needlePairs } from './pair-lines.js';
import { DEFAULT_MAX_DISTANCE, PdqIndex, segmentSnapshot } from './pdq-index.js';
import { sharedFloat64Array } from './shared-arrays.js';
import { substringCountForBatch } from './substrings.js';

export interface MatchFilesOptions {
  haystack: string;
  needles: string;
  maxDistance: number;
}

/** How the work is shared out; the defaults suit the files, tests choose small values. */
export interface WorkSplit {
  /** Worker threads that build the index and search it; 0: all of it on this thread. */
  threads: number;
  needlesPerBlock: number;
}

const OUTPUT_CHUNK_CHARS = 64 * 1024;
/** Below this many hashes in both files, starting threads costs more than it saves. */
const THREADS_MIN_HASHES = 50_000;
const HASH_LINE_BYTES = 65;
/** Blocks per thread: enough that a thread slowed by other work does not hold up the end. */
const BLOCKS_PER_THREAD = 16;
const MAX_NEEDLES_PER_BLOCK = 64;

/** Collects text into chunks and waits for the stream to drain when it asks to. */
class ChunkedWriter {
  private chunk = '';

  constructor(private readonly output: Writable) {}

  async write(text: string): Promise<void> {
    this.chunk += text;
    if (this.chunk.length >= OUTPUT_CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunk === '') return;
    const accepted = this.output.write(this.chunk);
    this.chunk = '';
    if (!accepted) await once(this.output, 'drain');
  }
}

/** One worker thread per core, from files of THREADS_MIN_HASHES lines (estimated from their sizes) on. */
async function defaultThreads(options: MatchFilesOptions): Promise<number> {
  const sizeOf = (file: string) => stat(file).then(({ size }) => size, () => 0);
  const hashes = ((await sizeOf(options.haystack)) + (await sizeOf(options.needles))) / HASH_LINE_BYTES;
  const cores = availableParallelism();
  return hashes >= THREADS_MIN_HASHES && cores > 1 ? cores : 0;
}

function linesAsIds(hashes: PackedHashList): HashRows {
  const ids = sharedFloat64Array(hashes.count);
  for (let line = 0; line < hashes.count; line++) ids[line] = line;
  return { rows: hashes.packedRows(), ids, count: hashes.count };
}

/** The haystack with line numbers as ids, the needles, and the index's shape for this batch. */
interface MatchInput {
  haystack: HashRows;
  needles: PackedHashList;
  maxDistance: number;
  substringCount: number;
}

async function matchOnThisThread(input: MatchInput, writer: ChunkedWriter): Promise<number> {
  const index = PdqIndex.build(input.haystack, { substringCount: input.substringCount });
  let pairs = 0;
  for (let needle = 0; needle < input.needles.count; needle++) {
    const found = needlePairs(index, input.needles.packedRows(), needle, input.maxDistance);
    await writer.write(found.text);
    pairs += found.pairs;
  }
  return pairs;
}

async function matchOnWorkers(
  workers: MatchWorkers,
  input: MatchInput,
  needlesPerBlock: number | undefined,
  writer: ChunkedWriter,
): Promise<number> {
  const segment = await workers.buildSegment(input.haystack, input.substringCount);
  const { needles } = input;
  const search = {
    snapshot: segmentSnapshot(segment),
    needles: needles.packedRows(),
    needleCount: needles.count,
    maxDistance: input.maxDistance,
    needlesPerBlock:
      needlesPerBlock ??
      Math.min(MAX_NEEDLES_PER_BLOCK, Math.max(1, Math.ceil(needles.count / (workers.count * BLOCKS_PER_THREAD)))),
    chunkChars: OUTPUT_CHUNK_CHARS,
  };
  return workers.search(search, (text) => writer.write(text));
}

/**
 * Writes `{"needle": i, "match": j, "distance": d}` for every needle and haystack hash
 * within maxDistance (i and j are 0-based line numbers), needle by needle, nearest
 * matches of each needle first (then by line): the same output whatever the threads.
 * Both files are read and checked before anything is written. Returns the number of pairs.
 */
export async function matchHashFiles(
  options: MatchFilesOptions,
  output: Writable,
  split: Partial<WorkSplit> = {},
): Promise<number> {
  const threads = split.threads ?? (await defaultThreads(options));
  // Started first, so that they load while this thread reads the files.
  const workers = threads > 0 ? new MatchWorkers(threads) : null;
  try {
    const haystack = linesAsIds(await readHashFile(options.haystack));
    const needles = await readHashFile(options.needles);
    const { maxDistance } = options;
    const input = {
      haystack,
      needles,
      maxDistance,
      substringCount: substringCountForBatch(haystack.count, needles.count, maxDistance),
    };
    const writer = new ChunkedWriter(output);
    const pairs =
      workers === null
        ? await matchOnThisThread(input, writer)
        : await matchOnWorkers(workers, input, split.needlesPerBlock, writer);
    await writer.flush();
    return pairs;
  } finally {
    await workers?.close();
  }
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
