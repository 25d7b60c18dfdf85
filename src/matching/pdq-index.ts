/**
 * Exact Hamming radius search over 256-bit PDQ hashes by multi-index hashing
 * (Norouzi, Punjani, Fleet 2014).
 *
 * The 256 bits are split into m disjoint runs of consecutive bits ("substrings");
 * each substring has a bucket table: the rows sorted by that substring's value,
 * with the start of every one of the 2^bits buckets. If radii r_t satisfy
 * sum(r_t + 1) > maxDistance, a hash within maxDistance of the query is within r_t
 * of it on some substring t (pigeonhole), so probing every bucket within r_t of
 * the query's substrings and checking the full distance of what they hold finds
 * every match. A match is reported only by the first substring that reaches it,
 * which de-duplicates without any per-row state.
 *
 * The scheme, measured with bench/match.ts on 10 M uniformly random hashes at
 * distance 31 on one core: random memory reads dominate, about one per bucket
 * probed and one per candidate row, so the best m balances the two.
 *   m = 16 × 16 bits, radius 1:          272 buckets, ~41 500 candidates,  ~700 queries/s
 *   m = 13 × 19-20 bits:               ~1 400 buckets, ~14 000 candidates, ~1 500 queries/s
 *   m = 12 × 21-22 bits:               ~2 000 buckets,  ~7 300 candidates, ~2 900 queries/s
 *   m = 11 × 23-24 bits, radius 2 (1): ~2 900 buckets,  ~2 900 candidates, ~4 500 queries/s
 *   m = 10 × 25-26 bits:               ~8 000 buckets,  ~2 100 candidates, ~2 200 queries/s
 *                                      and 2 GB of bucket starts
 *   m = 8 × 32 bits, radius 3: ~44 000 probes of a hash table per query.
 * So m ≈ 256 / log2(rows), about one row per bucket, and at least 11 (substrings
 * of at most 24 bits). A cost model picks the radius of each substring for the
 * requested distance, or a linear scan when that is cheaper (small segments, large
 * distances); every plan is exact. Gathering all candidates before checking them,
 * with a pass that only touches their rows so the cache misses overlap, and
 * rejecting most after three words raised ~900 to ~4 500 queries/s.
 *
 * Layout: hashes as rows of eight 32-bit words and every table in typed arrays on
 * SharedArrayBuffers (≈ 130 bytes per hash at 10 M), so worker threads search one
 * index through snapshot() and PdqIndexReader.
 *
 * Updates: added hashes go to a small tail that is scanned linearly; a full tail
 * becomes a segment of its own, and segments are merged when a newer one grows to
 * half the size of the one before it (amortised O(log n) rebuild work per hash).
 * Removal marks rows deleted; merges drop them.
 */
import type { Hash256 } from '../hashing/pdq/hash256.js';
import { buildSegmentData, liveRowCount, MihSegment, type SegmentData } from './mih-segment.js';
import {
  byDistanceThenId,
  PACKED_WORDS,
  packedQuery,
  packHash,
  scanRows,
  type HashRows,
  type Match,
} from './packed-hashes.js';
import { sharedFloat64Array, sharedUint32Array, sharedUint8Array } from './shared-arrays.js';

export const DEFAULT_MAX_DISTANCE = 31;
const TAIL_CAPACITY = 4096;

export interface TailData extends HashRows {
  deleted: Uint8Array;
}

/** Everything a worker thread needs to search the index, without copying the arrays. */
export interface PdqIndexSnapshot {
  segments: SegmentData[];
  tail: TailData;
}

export interface BuildOptions {
  /** Overrides the substring count chosen from the number of rows. */
  substringCount?: number;
}

function emptyTail(): TailData {
  return {
    rows: sharedUint32Array(TAIL_CAPACITY * PACKED_WORDS),
    ids: sharedFloat64Array(TAIL_CAPACITY),
    deleted: sharedUint8Array(TAIL_CAPACITY),
    count: 0,
  };
}

function checkMaxDistance(maxDistance: number): void {
  if (!Number.isInteger(maxDistance) || maxDistance < 0) {
    throw new RangeError(`maxDistance must be a non-negative integer, got ${maxDistance}`);
  }
}

function searchParts(segments: readonly MihSegment[], tail: TailData, hash: Hash256, maxDistance: number): Match[] {
  checkMaxDistance(maxDistance);
  const query = packedQuery(hash);
  const found: Match[] = [];
  for (const segment of segments) segment.search(query, maxDistance, found);
  scanRows(tail, tail.deleted, query, maxDistance, (row, distance) => {
    found.push({ id: tail.ids[row]!, distance });
  });
  return found.sort(byDistanceThenId);
}

/** The snapshot of an index that is one bulk-built segment, e.g. one whose tables several threads built. */
export function segmentSnapshot(segment: SegmentData): PdqIndexSnapshot {
  return { segments: [segment], tail: emptyTail() };
}

/**
 * Read-only view of a snapshot, e.g. in a worker thread. It sees later removals
 * from the arrays it shares (until the owner merges them away), not later
 * additions: take a fresh snapshot for those.
 */
export class PdqIndexReader {
  private readonly segments: MihSegment[];
  private readonly tail: TailData;

  constructor(snapshot: PdqIndexSnapshot) {
    this.segments = snapshot.segments.map((data) => new MihSegment(data));
    this.tail = snapshot.tail;
  }

  /** Every entry within maxDistance of the hash, nearest first (then by id). */
  search(hash: Hash256, maxDistance = DEFAULT_MAX_DISTANCE): Match[] {
    return searchParts(this.segments, this.tail, hash, maxDistance);
  }
}

export class PdqIndex {
  private segments: MihSegment[];
  private tail = emptyTail();

  private constructor(segments: MihSegment[]) {
    this.segments = segments;
  }

  /** Bulk build from packed rows (see packHash) and the caller's id for each row; both are copied. */
  static build(entries: HashRows, options: BuildOptions = {}): PdqIndex {
    if (entries.count === 0) return new PdqIndex([]);
    return new PdqIndex([new MihSegment(buildSegmentData(entries, options.substringCount))]);
  }

  /** Number of entries not removed. */
  get size(): number {
    const inSegments = this.segments.reduce((sum, segment) => sum + segment.liveCount, 0);
    return inSegments + liveRowCount(this.tail);
  }

  /** Every entry within maxDistance of the hash, nearest first (then by id). */
  search(hash: Hash256, maxDistance = DEFAULT_MAX_DISTANCE): Match[] {
    return searchParts(this.segments, this.tail, hash, maxDistance);
  }

  /** Makes the hash searchable at once; occasionally merges segments (a 10 M merge takes seconds). */
  add(hash: Hash256, id: number): void {
    packHash(hash, this.tail.rows, this.tail.count);
    this.tail.ids[this.tail.count] = id;
    this.tail.count += 1;
    if (this.tail.count === TAIL_CAPACITY) {
      this.segments.push(new MihSegment(buildSegmentData(liveRows([this.tail]))));
      this.tail = emptyTail();
      this.mergeSmallSegments();
    }
  }

  /** Removes every entry with this id (a scan over all ids: ~10 ms per 10 M); returns how many. */
  remove(id: number): number {
    let removed = markDeleted(this.tail, id);
    for (const segment of this.segments) {
      const removedHere = markDeleted(segment.data, id);
      segment.liveCount -= removedHere;
      removed += removedHere;
    }
    return removed;
  }

  snapshot(): PdqIndexSnapshot {
    return { segments: this.segments.map((segment) => segment.data), tail: { ...this.tail } };
  }

  private mergeSmallSegments(): void {
    for (;;) {
      const [older, newer] = this.segments.slice(-2);
      if (older === undefined || newer === undefined) return;
      if (older.liveCount > 2 * newer.liveCount) return;
      this.segments.splice(-2, 2, new MihSegment(buildSegmentData(liveRows([older.data, newer.data]))));
    }
  }
}

function markDeleted(part: TailData, id: number): number {
  let marked = 0;
  for (let row = 0; row < part.count; row++) {
    if (part.ids[row] === id && part.deleted[row] === 0) {
      part.deleted[row] = 1;
      marked += 1;
    }
  }
  return marked;
}

function liveRows(parts: readonly TailData[]): HashRows {
  const count = parts.reduce((sum, part) => sum + liveRowCount(part), 0);
  const merged: HashRows = { rows: new Uint32Array(count * PACKED_WORDS), ids: new Float64Array(count), count };
  let next = 0;
  for (const part of parts) {
    for (let row = 0; row < part.count; row++) {
      if (part.deleted[row] !== 0) continue;
      merged.rows.set(part.rows.subarray(row * PACKED_WORDS, (row + 1) * PACKED_WORDS), next * PACKED_WORDS);
      merged.ids[next] = part.ids[row]!;
      next += 1;
    }
  }
  return merged;
}
