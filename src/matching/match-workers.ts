import { Worker } from 'node:worker_threads';
import type { BuildTask, MatchTask, PairChunk, SearchTask, WorkerMessage } from './match-worker.js';
import { segmentData, type BucketTable, type SegmentData } from './mih-segment.js';
import type { HashRows } from './packed-hashes.js';
import type { PdqIndexSnapshot } from './pdq-index.js';
import { substringLayout } from './substrings.js';

/** Chunks a worker may send ahead of the writer: bounds the memory held for a slow output. */
const CREDITS_PER_WORKER = 4;

export interface NeedleSearch {
  snapshot: PdqIndexSnapshot;
  /** Packed rows on a SharedArrayBuffer. */
  needles: Uint32Array;
  needleCount: number;
  maxDistance: number;
  needlesPerBlock: number;
  chunkChars: number;
}

/**
 * Starts the worker from the built JavaScript, or from the TypeScript sources (tests,
 * tsx) by registering tsx in the worker first: a worker does not inherit the loader.
 */
function startWorker(): Worker {
  const source = import.meta.url;
  if (!source.endsWith('.ts')) return new Worker(new URL('./match-worker.js', source));
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./match-worker.ts', source).href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

function sharedCounter(length = 1): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

/** Hands the writer each block's chunks in block order, whichever worker searched the block. */
class ChunksInOrder {
  private readonly waiting = new Map<number, PairChunk[]>();
  private wake: (() => void) | null = null;

  add(chunk: PairChunk): void {
    const chunks = this.waiting.get(chunk.block);
    if (chunks === undefined) this.waiting.set(chunk.block, [chunk]);
    else chunks.push(chunk);
    this.wake?.();
  }

  async next(block: number, failure: Promise<never>): Promise<PairChunk> {
    for (;;) {
      const chunk = this.waiting.get(block)?.shift();
      if (chunk !== undefined) {
        if (chunk.last) this.waiting.delete(block);
        return chunk;
      }
      await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), failure]);
      this.wake = null;
    }
  }
}

/**
 * Worker threads that build the bucket tables of one segment and search it for
 * blocks of needles. Each task goes to every worker; they share the work through
 * counters on SharedArrayBuffers, and the index itself is shared, never copied.
 */
export class MatchWorkers {
  private readonly workers: Worker[];
  private readonly failure: Promise<never>;
  private handlers: ((message: WorkerMessage) => void)[] = [];

  constructor(count: number) {
    this.workers = Array.from({ length: count }, startWorker);
    this.failure = new Promise<never>((_, reject) => {
      this.workers.forEach((worker, w) => {
        worker.on('message', (message: WorkerMessage) => this.handlers[w]?.(message));
        worker.on('error', reject);
        worker.on('exit', (code) => reject(new Error(`a match worker stopped early (exit code ${code})`)));
      });
    });
    // Failures surface through the task that is running; none may go unhandled in between.
    this.failure.catch(() => {});
  }

  get count(): number {
    return this.workers.length;
  }

  /** Builds a segment of rows and ids on SharedArrayBuffers (taken, not copied), one table per task taken. */
  async buildSegment(entries: HashRows, substringCount: number): Promise<SegmentData> {
    const tables: BucketTable[] = [];
    const task: BuildTask = { kind: 'build', entries, substringCount, nextTable: sharedCounter() };
    await this.runOnAll(
      () => task,
      (message) => {
        if (message.kind === 'table') tables[message.t] = message.table;
        return message.kind === 'built';
      },
    );
    return segmentData(entries, substringLayout(substringCount), tables);
  }

  /**
   * Searches every needle, handing `write` each block's text in needle order; returns
   * the number of pairs. A worker waits when the writer falls CREDITS_PER_WORKER chunks behind.
   */
  async search(search: NeedleSearch, write: (text: string) => Promise<void>): Promise<number> {
    const credits = sharedCounter(this.count).fill(CREDITS_PER_WORKER);
    const nextBlock = sharedCounter();
    const chunks = new ChunksInOrder();
    const searched = this.runOnAll(
      (worker): SearchTask => ({ kind: 'search', ...search, nextBlock, credits, worker }),
      (message) => {
        if (message.kind === 'chunk') chunks.add(message);
        return message.kind === 'searched';
      },
    );
    const blocks = Math.ceil(search.needleCount / search.needlesPerBlock);
    let pairs = 0;
    for (let block = 0; block < blocks; ) {
      const chunk = await chunks.next(block, this.failure);
      await write(chunk.text);
      Atomics.add(credits, chunk.worker, 1);
      Atomics.notify(credits, chunk.worker);
      if (chunk.last) {
        pairs += chunk.pairs;
        block += 1;
      }
    }
    await searched;
    return pairs;
  }

  async close(): Promise<void> {
    for (const worker of this.workers) worker.removeAllListeners('exit');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private async runOnAll(
    taskFor: (worker: number) => MatchTask,
    onMessage: (message: WorkerMessage, worker: number) => boolean,
  ): Promise<void> {
    const finished = this.workers.map(
      (worker, w) =>
        new Promise<void>((resolve) => {
          this.handlers[w] = (message) => {
            if (onMessage(message, w)) resolve();
          };
          worker.postMessage(taskFor(w));
        }),
    );
    await Promise.race([Promise.all(finished), this.failure]);
  }
}
