/**
 * Matching benchmarks, in one run:
 *
 * 1. `openhotline match`, the whole command, against a brute-force scan in C on the same
 *    files (bench/match-command.ts): 1 M haystack × 5,000 needles at distance 31 by default.
 * 2. The exact PDQ radius-search index (src/matching/pdq-index.ts) on uniformly random
 *    hashes with planted neighbours: build time, memory after GC, queries/s at distance 31
 *    on one core and on two worker threads sharing the index, a brute-force scan for
 *    comparison, and recall (every planted neighbour found, results identical to brute
 *    force on a sample). Also builds the index with other substring counts to compare
 *    schemes.
 *
 *   npm run bench:match -- [--haystack 1000000] [--needles 5000] [--runs 3]
 *                          [--sizes 1000000,10000000] [--compare 12,13,16]
 *
 * `--runs 0` skips the command, `--sizes ''` the index.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Hash256 } from '../src/hashing/pdq/hash256.js';
import { substringCountFor } from '../src/matching/substrings.js';
import {
  PACKED_WORDS,
  bruteForceSearch,
  unpackHash,
  type HashRows,
  type Match,
} from '../src/matching/packed-hashes.js';
import { PdqIndex, PdqIndexReader, type PdqIndexSnapshot } from '../src/matching/pdq-index.js';
import { plantNeighbour, randomRows, seededRandom } from '../src/matching/random-hashes.js';
import { sharedUint32Array } from '../src/matching/shared-arrays.js';
import { benchmarkMatchCommand } from './match-command.js';

const MAX_DISTANCE = 31;
/** Each planted query gets one neighbour at every distance 0..40: those up to 31 must be found, the others not. */
const PLANTED_DISTANCES = Array.from({ length: 41 }, (_, distance) => distance);
const PLANTED_QUERIES = 1000;
const RANDOM_QUERIES = 1000;
const WORKER_THREADS = 2;
const MIN_TIMING_MS = 2000;
const BRUTE_FORCE_MIN_MS = 1000;
const BRUTE_FORCE_MAX_QUERIES = 30;
const EXACT_SAMPLE = 20;
const MIB = 2 ** 20;

interface Workload {
  entries: HashRows;
  /** Packed query rows on a SharedArrayBuffer: the planted queries first, then random ones. */
  queries: Uint32Array;
  /** For each planted query, the ids of its neighbours with their distances. */
  planted: Match[][];
}

interface Measurement {
  size: number;
  substrings: number;
  buildSeconds: number;
  rssMiB: number;
  typedArrayMiB: number;
  qpsOneCore: number;
  recall: number;
  /** Planted neighbours further than MAX_DISTANCE that were returned: must be 0. */
  strayMatches: number;
  /** Measured for the default scheme only. */
  qpsTwoCores?: number;
  bruteForceQps?: number;
  exactSample?: string;
}

const collectGarbage: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();

/** Array buffers are released a tick after the collection that finds them unreachable. */
async function settleMemory(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 100));
  collectGarbage();
}

function plantedWorkload(size: number): Workload {
  const random = seededRandom(size);
  const rows = randomRows(size, random);
  const queryCount = PLANTED_QUERIES + RANDOM_QUERIES;
  const queries = sharedUint32Array(queryCount * PACKED_WORDS);
  queries.set(randomRows(queryCount, random));
  const stride = Math.floor(size / (PLANTED_QUERIES * PLANTED_DISTANCES.length));
  const planted = Array.from({ length: PLANTED_QUERIES }, (_, query) =>
    PLANTED_DISTANCES.map((distance) => {
      const row = (query * PLANTED_DISTANCES.length + distance) * stride;
      plantNeighbour(queries, query, rows, row, distance, random);
      return { id: row, distance };
    }),
  );
  const ids = Float64Array.from({ length: size }, (_, row) => row);
  return { entries: { rows, ids, count: size }, queries, planted };
}

function queryHashes(queries: Uint32Array): Hash256[] {
  return Array.from({ length: queries.length / PACKED_WORDS }, (_, query) => unpackHash(queries, query));
}

function typedArrayBytes(snapshot: PdqIndexSnapshot): number {
  const { tail } = snapshot;
  let bytes = tail.rows.byteLength + tail.ids.byteLength + tail.deleted.byteLength;
  for (const segment of snapshot.segments) {
    bytes += segment.rows.byteLength + segment.ids.byteLength + segment.deleted.byteLength;
    for (const table of segment.tables) bytes += table.bucketStarts.byteLength + table.rowsByBucket.byteLength;
  }
  return bytes;
}

/**
 * Share of planted neighbours within MAX_DISTANCE that the index returns with the
 * right distance, and the number of planted neighbours further away that it returns.
 */
function plantedRecall(
  index: PdqIndex,
  hashes: Hash256[],
  planted: Match[][],
): Pick<Measurement, 'recall' | 'strayMatches'> {
  let found = 0;
  let expected = 0;
  let strayMatches = 0;
  planted.forEach((neighbours, query) => {
    const matches = new Map(index.search(hashes[query]!, MAX_DISTANCE).map((match) => [match.id, match.distance]));
    for (const neighbour of neighbours) {
      const matched = matches.get(neighbour.id) === neighbour.distance;
      if (neighbour.distance <= MAX_DISTANCE) expected += 1;
      if (matched && neighbour.distance <= MAX_DISTANCE) found += 1;
      if (matches.has(neighbour.id) && neighbour.distance > MAX_DISTANCE) strayMatches += 1;
    }
  });
  return { recall: found / expected, strayMatches };
}

/** Compares index and brute force on planted and random queries spread over the query set. */
function exactSample(index: PdqIndex, reference: HashRows, hashes: Hash256[]): string {
  const step = Math.floor(hashes.length / EXACT_SAMPLE);
  let identical = 0;
  for (let sample = 0; sample < EXACT_SAMPLE; sample++) {
    const hash = hashes[sample * step]!;
    const fromIndex = JSON.stringify(index.search(hash, MAX_DISTANCE));
    identical += fromIndex === JSON.stringify(bruteForceSearch(reference, hash, MAX_DISTANCE)) ? 1 : 0;
  }
  return `${identical}/${EXACT_SAMPLE}`;
}

/** Queries per second, cycling through the query set for minMs or maxQueries queries. */
function queriesPerSecond(
  search: (hash: Hash256) => unknown,
  hashes: Hash256[],
  minMs: number,
  maxQueries = Infinity,
): number {
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < minMs && done < maxQueries) {
    search(hashes[done % hashes.length]!);
    done += 1;
  }
  return (done * 1000) / (performance.now() - start);
}

function startWorker(snapshot: PdqIndexSnapshot, queries: Uint32Array, part: number, passes: number): Worker {
  const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  return new Worker(source, { eval: true, workerData: { snapshot, queries, part, passes } });
}

function nextMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** Every worker searches its share of the queries `passes` times; the clock runs from go to the last result. */
async function queriesPerSecondOnWorkers(
  snapshot: PdqIndexSnapshot,
  queries: Uint32Array,
  passes: number,
): Promise<number> {
  const workers = Array.from({ length: WORKER_THREADS }, (_, part) => startWorker(snapshot, queries, part, passes));
  try {
    await Promise.all(workers.map((worker) => nextMessage<'ready'>(worker)));
    const start = performance.now();
    const finished = workers.map((worker) => nextMessage<number>(worker));
    for (const worker of workers) worker.postMessage('go');
    const searched = (await Promise.all(finished)).reduce((sum, count) => sum + count, 0);
    return (searched * 1000) / (performance.now() - start);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function runWorker(): void {
  const { snapshot, queries, part, passes } = workerData as {
    snapshot: PdqIndexSnapshot;
    queries: Uint32Array;
    part: number;
    passes: number;
  };
  const reader = new PdqIndexReader(snapshot);
  const hashes = queryHashes(queries).filter((_, query) => query % WORKER_THREADS === part);
  for (const hash of hashes) reader.search(hash, MAX_DISTANCE);
  parentPort!.once('message', () => {
    for (let pass = 0; pass < passes; pass++) {
      for (const hash of hashes) reader.search(hash, MAX_DISTANCE);
    }
    parentPort!.postMessage(passes * hashes.length);
  });
  parentPort!.postMessage('ready');
}

function log(message: string): void {
  console.log(`  ${message}`);
}

interface BuiltIndex extends Omit<Workload, 'entries'> {
  index: PdqIndex;
  buildSeconds: number;
}

/** Builds the index; the input rows become garbage when this returns. */
function buildIndex(size: number, substrings: number): BuiltIndex {
  const { entries, queries, planted } = plantedWorkload(size);
  const start = performance.now();
  const index = PdqIndex.build(entries, { substringCount: substrings });
  return { index, buildSeconds: (performance.now() - start) / 1000, queries, planted };
}

async function memoryAfterGc(index: PdqIndex): Promise<{ rssMiB: number; typedArrayMiB: number }> {
  await settleMemory();
  return { rssMiB: process.memoryUsage().rss / MIB, typedArrayMiB: typedArrayBytes(index.snapshot()) / MIB };
}

async function measure(size: number, substrings: number, withComparisons: boolean): Promise<Measurement> {
  const { index, buildSeconds, queries, planted } = buildIndex(size, substrings);
  const { rssMiB, typedArrayMiB } = await memoryAfterGc(index);
  log(
    `${substrings} substrings: built in ${buildSeconds.toFixed(1)} s; ` +
      `RSS ${rssMiB.toFixed(0)} MiB, index arrays ${typedArrayMiB.toFixed(0)} MiB`,
  );
  const hashes = queryHashes(queries);
  const { recall, strayMatches } = plantedRecall(index, hashes, planted);
  const qpsOneCore = queriesPerSecond((hash) => index.search(hash, MAX_DISTANCE), hashes, MIN_TIMING_MS);
  log(
    `1 core: ${qpsOneCore.toFixed(0)} queries/s at distance ${MAX_DISTANCE}; ` +
      `recall ${(recall * 100).toFixed(2)} %, ${strayMatches} planted neighbours beyond ${MAX_DISTANCE} returned`,
  );
  const measurement = { size, substrings, buildSeconds, rssMiB, typedArrayMiB, qpsOneCore, recall, strayMatches };
  if (!withComparisons) return measurement;
  return { ...measurement, ...(await measureWorkersAndBruteForce(index, queries, hashes, qpsOneCore)) };
}

/** Two worker threads on the shared index, then brute force on the same queries. */
async function measureWorkersAndBruteForce(
  index: PdqIndex,
  queries: Uint32Array,
  hashes: Hash256[],
  qpsOneCore: number,
): Promise<Pick<Measurement, 'qpsTwoCores' | 'bruteForceQps' | 'exactSample'>> {
  const snapshot = index.snapshot();
  const passes = Math.max(1, Math.ceil((qpsOneCore * MIN_TIMING_MS) / 1000 / hashes.length));
  const qpsTwoCores = await queriesPerSecondOnWorkers(snapshot, queries, passes);
  log(`${WORKER_THREADS} worker threads: ${qpsTwoCores.toFixed(0)} queries/s`);
  const reference = snapshot.segments[0]!;
  const bruteForceQps = queriesPerSecond(
    (hash) => bruteForceSearch(reference, hash, MAX_DISTANCE),
    hashes,
    BRUTE_FORCE_MIN_MS,
    BRUTE_FORCE_MAX_QUERIES,
  );
  const exact = exactSample(index, reference, hashes);
  log(`brute force: ${bruteForceQps.toFixed(1)} queries/s; identical to brute force on ${exact} sampled queries`);
  return { qpsTwoCores, bruteForceQps, exactSample: exact };
}

function summaryTable(measurements: Measurement[]): string {
  const header = [
    'hashes',
    'substrings',
    'build s',
    'RSS MiB',
    'arrays MiB',
    'qps 1 core',
    `qps ${WORKER_THREADS} cores`,
    'brute-force qps',
    'recall',
    `found > ${MAX_DISTANCE}`,
    'exact sample',
  ];
  const rows = measurements.map((m) => [
    m.size.toLocaleString('en-US'),
    String(m.substrings),
    m.buildSeconds.toFixed(1),
    m.rssMiB.toFixed(0),
    m.typedArrayMiB.toFixed(0),
    m.qpsOneCore.toFixed(0),
    m.qpsTwoCores?.toFixed(0) ?? '-',
    m.bruteForceQps?.toFixed(1) ?? '-',
    `${(m.recall * 100).toFixed(2)} %`,
    String(m.strayMatches),
    m.exactSample ?? '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padStart(widths[column]!)).join(' | ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(line)].join('\n');
}

function parseNumberList(text: string, option: string): number[] {
  const numbers = text.split(',').filter((item) => item !== '').map(Number);
  if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`--${option} takes comma-separated positive whole numbers`);
  }
  return numbers;
}

function parseCount(text: string, option: string, smallest: number): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < smallest) throw new Error(`--${option} takes a whole number from ${smallest}`);
  return count;
}

async function benchmarkIndex(sizes: number[], alternatives: number[]): Promise<boolean> {
  const smallest = PLANTED_QUERIES * PLANTED_DISTANCES.length;
  if (sizes.some((size) => size < smallest)) {
    throw new Error(`--sizes: at least ${smallest} hashes, one per planted neighbour`);
  }
  console.log(
    `PDQ index benchmark at distance ${MAX_DISTANCE}: ${PLANTED_QUERIES} queries with planted neighbours ` +
      `at distances 0..40, ${RANDOM_QUERIES} random queries`,
  );
  const measurements: Measurement[] = [];
  for (const size of sizes) {
    console.log(`${size.toLocaleString('en-US')} random hashes`);
    const chosen = substringCountFor(size);
    measurements.push(await measure(size, chosen, true));
    await settleMemory();
    for (const substrings of alternatives.filter((count) => count !== chosen)) {
      measurements.push(await measure(size, substrings, false));
      await settleMemory();
    }
  }
  console.log(`\n${summaryTable(measurements)}`);
  const allExact = `${EXACT_SAMPLE}/${EXACT_SAMPLE}`;
  return measurements.every((m) => m.recall === 1 && m.strayMatches === 0 && (m.exactSample ?? allExact) === allExact);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      haystack: { type: 'string', default: '1000000' },
      needles: { type: 'string', default: '5000' },
      runs: { type: 'string', default: '3' },
      sizes: { type: 'string', default: '1000000,10000000' },
      compare: { type: 'string', default: '12,13,16' },
    },
  });
  const command = {
    haystack: parseCount(values.haystack, 'haystack', 1),
    needles: parseCount(values.needles, 'needles', 1),
    runs: parseCount(values.runs, 'runs', 0),
  };
  const sizes = parseNumberList(values.sizes, 'sizes');
  const alternatives = parseNumberList(values.compare, 'compare');
  if (command.runs > 0 && !(await benchmarkMatchCommand(command))) {
    console.error('openhotline match and the C scan wrote different pairs');
    process.exitCode = 1;
  }
  if (sizes.length > 0 && !(await benchmarkIndex(sizes, alternatives))) {
    console.error('the index missed planted neighbours or differed from brute force');
    process.exitCode = 1;
  }
}

if (isMainThread) {
  await main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
} else {
  runWorker();
}
