/**
 * A worker thread of `openhotline match` (see match-workers.ts): it builds bucket
 * tables, then searches blocks of needles, taking the next table or block from a
 * shared counter so that a thread slowed by other work on the machine takes fewer.
 */
import { parentPort } from 'node:worker_threads';
import { BucketTableBuilder, type BucketTable } from './mih-segment.js';
import type { HashRows } from './packed-hashes.js';
import { needlePairs } from './pair-lines.js';
import { PdqIndexReader, type PdqIndexSnapshot } from './pdq-index.js';
import { substringLayout } from './substrings.js';

export interface BuildTask {
  kind: 'build';
  entries: HashRows;
  substringCount: number;
  /** Shared counter: the next substring whose table is to be built. */
  nextTable: Int32Array;
}

export interface SearchTask {
  kind: 'search';
  snapshot: PdqIndexSnapshot;
  needles: Uint32Array;
  needleCount: number;
  maxDistance: number;
  needlesPerBlock: number;
  /** Shared counter: the next block of needles to search. */
  nextBlock: Int32Array;
  /** Per worker: how many more chunks it may send before the writer takes one. */
  credits: Int32Array;
  worker: number;
  chunkChars: number;
}

export type MatchTask = BuildTask | SearchTask;

/** Output of one block, in order; the block's last chunk says how many pairs it had. */
export interface PairChunk {
  kind: 'chunk';
  worker: number;
  block: number;
  text: string;
  last: boolean;
  pairs: number;
}

export type WorkerMessage =
  | { kind: 'table'; t: number; table: BucketTable }
  | { kind: 'built' }
  | PairChunk
  | { kind: 'searched' };

type Post = (message: WorkerMessage) => void;

function buildTables(task: BuildTask, post: Post): void {
  // Made at the first table taken: with more threads than tables, the others need no sort buffers.
  let builder: BucketTableBuilder | undefined;
  for (let t = Atomics.add(task.nextTable, 0, 1); t < task.substringCount; t = Atomics.add(task.nextTable, 0, 1)) {
    builder ??= new BucketTableBuilder(task.entries, substringLayout(task.substringCount));
    post({ kind: 'table', t, table: builder.build(t) });
  }
  post({ kind: 'built' });
}

/** Waits until the writer has taken enough of this worker's chunks: memory stays bounded when the output is slow. */
function takeCredit(credits: Int32Array, worker: number): void {
  while (Atomics.load(credits, worker) === 0) Atomics.wait(credits, worker, 0);
  Atomics.sub(credits, worker, 1);
}

function searchBlocks(task: SearchTask, post: Post): void {
  const index = new PdqIndexReader(task.snapshot);
  const send = (chunk: Omit<PairChunk, 'kind' | 'worker'>): void => {
    takeCredit(task.credits, task.worker);
    post({ kind: 'chunk', worker: task.worker, ...chunk });
  };
  for (;;) {
    const block = Atomics.add(task.nextBlock, 0, 1);
    const first = block * task.needlesPerBlock;
    if (first >= task.needleCount) break;
    const end = Math.min(first + task.needlesPerBlock, task.needleCount);
    let text = '';
    let pairs = 0;
    for (let needle = first; needle < end; needle++) {
      const found = needlePairs(index, task.needles, needle, task.maxDistance);
      text += found.text;
      pairs += found.pairs;
      if (text.length >= task.chunkChars && needle + 1 < end) {
        send({ block, text, last: false, pairs: 0 });
        text = '';
      }
    }
    send({ block, text, last: true, pairs });
  }
  post({ kind: 'searched' });
}

const port = parentPort!;
const post: Post = (message) => port.postMessage(message);
port.on('message', (task: MatchTask) => {
  if (task.kind === 'build') buildTables(task, post);
  else searchBlocks(task, post);
});
