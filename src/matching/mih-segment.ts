import { PACKED_WORDS, popcount32, rowDistance, scanRows, type HashRows, type Match } from './packed-hashes.js';
import { sharedFloat64Array, sharedUint32Array, sharedUint8Array } from './shared-arrays.js';
import {
  neighbourMasks,
  probeRadii,
  substringCountFor,
  substringKey,
  substringLayout,
  type SubstringLayout,
} from './substrings.js';

/** Rows sorted by one substring's value: bucket k is rowsByBucket[bucketStarts[k] .. bucketStarts[k + 1]). */
export interface BucketTable {
  bucketStarts: Uint32Array;
  rowsByBucket: Uint32Array;
}

/** An immutable multi-index segment: plain typed arrays on SharedArrayBuffers plus its layout. */
export interface SegmentData extends HashRows {
  deleted: Uint8Array;
  layout: SubstringLayout;
  tables: BucketTable[];
}

const RADIX_BITS = 12;

/** Bulk build from packed rows and ids, which are copied onto SharedArrayBuffers. */
export function buildSegmentData(entries: HashRows, substringCount = substringCountFor(entries.count)): SegmentData {
  const shared = sharedCopy(entries);
  const layout = substringLayout(substringCount);
  const builder = new BucketTableBuilder(shared, layout);
  return segmentData(shared, layout, layout.lengths.map((_, t) => builder.build(t)));
}

function sharedCopy(entries: HashRows): HashRows {
  const { count } = entries;
  const rows = sharedUint32Array(count * PACKED_WORDS);
  rows.set(entries.rows.subarray(0, count * PACKED_WORDS));
  const ids = sharedFloat64Array(count);
  ids.set(entries.ids.subarray(0, count));
  return { rows, ids, count };
}

/** A segment of rows and ids already on SharedArrayBuffers (taken, not copied) and their bucket tables. */
export function segmentData(entries: HashRows, layout: SubstringLayout, tables: BucketTable[]): SegmentData {
  return { ...entries, deleted: sharedUint8Array(entries.count), layout, tables };
}

/**
 * Builds the bucket table of one substring at a time, reusing its sort buffers;
 * tables of one segment can be built by several threads, each with its own builder.
 */
export class BucketTableBuilder {
  private readonly keys: Uint32Array;
  private readonly spare: { keys: Uint32Array; rows: Uint32Array };

  constructor(
    private readonly entries: HashRows,
    private readonly layout: SubstringLayout,
  ) {
    this.keys = new Uint32Array(entries.count);
    this.spare = { keys: new Uint32Array(entries.count), rows: new Uint32Array(entries.count) };
  }

  build(t: number): BucketTable {
    const { entries, keys, layout } = this;
    const start = layout.starts[t]!;
    const length = layout.lengths[t]!;
    for (let row = 0; row < entries.count; row++) {
      keys[row] = substringKey(entries.rows, row * PACKED_WORDS, start, length);
    }
    const rowsByBucket = sharedUint32Array(entries.count);
    const sortedKeys = sortRowsByKey(keys, length, this.spare, rowsByBucket);
    return { bucketStarts: bucketStartsOf(sortedKeys, length), rowsByBucket };
  }
}

/**
 * Stable LSD radix sort of the row numbers by key, into rowsByBucket; returns the
 * sorted keys. Two passes over 4096 buckets each keep the scattered writes
 * cache-friendly: twice as fast as counting rows straight into 2^23 buckets.
 */
function sortRowsByKey(
  keys: Uint32Array,
  keyBits: number,
  spare: { keys: Uint32Array; rows: Uint32Array },
  rowsByBucket: Uint32Array,
): Uint32Array {
  const passes = Math.ceil(keyBits / RADIX_BITS);
  let [fromKeys, toKeys] = [keys, spare.keys];
  let [fromRows, toRows] = passes % 2 === 0 ? [rowsByBucket, spare.rows] : [spare.rows, rowsByBucket];
  for (let row = 0; row < keys.length; row++) fromRows[row] = row;
  for (let pass = 0; pass < passes; pass++) {
    const shift = pass * RADIX_BITS;
    radixPass(fromKeys, fromRows, toKeys, toRows, shift, Math.min(RADIX_BITS, keyBits - shift));
    [fromKeys, toKeys] = [toKeys, fromKeys];
    [fromRows, toRows] = [toRows, fromRows];
  }
  return fromKeys;
}

function radixPass(
  fromKeys: Uint32Array,
  fromRows: Uint32Array,
  toKeys: Uint32Array,
  toRows: Uint32Array,
  shift: number,
  bits: number,
): void {
  const digitMask = (1 << bits) - 1;
  const next = new Uint32Array(1 << bits);
  for (let i = 0; i < fromKeys.length; i++) next[(fromKeys[i]! >>> shift) & digitMask]! += 1;
  let start = 0;
  for (let digit = 0; digit < next.length; digit++) {
    const size = next[digit]!;
    next[digit] = start;
    start += size;
  }
  for (let i = 0; i < fromKeys.length; i++) {
    const key = fromKeys[i]!;
    const slot = next[(key >>> shift) & digitMask]!++;
    toKeys[slot] = key;
    toRows[slot] = fromRows[i]!;
  }
}

function bucketStartsOf(sortedKeys: Uint32Array, keyBits: number): Uint32Array {
  const bucketCount = 2 ** keyBits;
  const bucketStarts = sharedUint32Array(bucketCount + 1);
  let bucket = 0;
  for (let i = 0; i < sortedKeys.length; i++) {
    const key = sortedKeys[i]!;
    while (bucket <= key) bucketStarts[bucket++] = i;
  }
  bucketStarts.fill(sortedKeys.length, bucket);
  return bucketStarts;
}

export function liveRowCount(part: { count: number; deleted: Uint8Array }): number {
  let live = 0;
  for (let row = 0; row < part.count; row++) live += part.deleted[row] === 0 ? 1 : 0;
  return live;
}

/** Per-thread buffers reused by every query: a search never yields, so one set suffices. */
const scratch = {
  bucketStarts: new Uint32Array(1024),
  bucketEnds: new Uint32Array(1024),
  candidates: new Uint32Array(4096),
  sink: 0,
};

function reserveBuckets(buckets: number): void {
  if (scratch.bucketStarts.length >= buckets) return;
  scratch.bucketStarts = new Uint32Array(buckets);
  scratch.bucketEnds = new Uint32Array(buckets);
}

function reserveCandidates(candidates: number): void {
  if (scratch.candidates.length < candidates) scratch.candidates = new Uint32Array(candidates * 2);
}

/** Search over one segment; probe plans depend on the segment size and the radius, so they are kept per radius. */
export class MihSegment {
  private readonly plans = new Map<number, number[] | null>();
  /** Kept up to date by the index that owns the segment. */
  liveCount: number;

  constructor(readonly data: SegmentData) {
    this.liveCount = liveRowCount(data);
  }

  search(query: Uint32Array, maxDistance: number, found: Match[]): void {
    const radii = this.plan(maxDistance);
    if (radii === null) {
      scanRows(this.data, this.data.deleted, query, maxDistance, (row, distance) => {
        found.push({ id: this.data.ids[row]!, distance });
      });
    } else {
      this.probe(query, maxDistance, radii, found);
    }
  }

  /** Searches the buckets within radii[t] on each substring t; exact if sum(radii[t] + 1) > maxDistance. */
  probe(query: Uint32Array, maxDistance: number, radii: readonly number[], found: Match[]): void {
    radii.forEach((radius, t) => {
      if (radius < 0) return;
      const candidateCount = this.gatherCandidates(query, t, radius);
      this.verifyCandidates(query, maxDistance, radii, t, candidateCount, found);
    });
  }

  private plan(maxDistance: number): number[] | null {
    let radii = this.plans.get(maxDistance);
    if (radii === undefined) {
      radii = probeRadii(this.data.layout, this.data.count, maxDistance);
      this.plans.set(maxDistance, radii);
    }
    return radii;
  }

  /**
   * Copies the rows of every bucket within `radius` of the query's substring `t`
   * into scratch.candidates. Reading all bucket bounds first, in a loop without
   * data-dependent branches, lets the CPU overlap those cache misses.
   */
  private gatherCandidates(query: Uint32Array, t: number, radius: number): number {
    const { layout } = this.data;
    const { bucketStarts, rowsByBucket } = this.data.tables[t]!;
    const masks = neighbourMasks(layout.lengths[t]!, radius);
    const queryKey = substringKey(query, 0, layout.starts[t]!, layout.lengths[t]!);
    reserveBuckets(masks.length);
    const { bucketStarts: starts, bucketEnds: ends } = scratch;
    let total = 0;
    for (let m = 0; m < masks.length; m++) {
      const key = queryKey ^ masks[m]!;
      starts[m] = bucketStarts[key]!;
      ends[m] = bucketStarts[key + 1]!;
      total += ends[m]! - starts[m]!;
    }
    reserveCandidates(total);
    const { candidates } = scratch;
    let count = 0;
    for (let m = 0; m < masks.length; m++) {
      const end = ends[m]!;
      for (let i = starts[m]!; i < end; i++) candidates[count++] = rowsByBucket[i]!;
    }
    return count;
  }

  /**
   * Full distance check of the gathered rows. A first pass only reads one word of
   * each row (kept in scratch.sink so the compiler cannot drop the reads) so that
   * the cache misses overlap; the second pass drops most rows after three words (a
   * random row differs from the query in ~48 of those 96 bits), keeping it short.
   */
  private verifyCandidates(
    query: Uint32Array,
    maxDistance: number,
    radii: readonly number[],
    t: number,
    candidateCount: number,
    found: Match[],
  ): void {
    const { rows } = this.data;
    const { candidates } = scratch;
    let touched = 0;
    for (let c = 0; c < candidateCount; c++) touched ^= rows[candidates[c]! * PACKED_WORDS]!;
    scratch.sink = touched;
    const [q0, q1, q2] = [query[0]!, query[1]!, query[2]!];
    for (let c = 0; c < candidateCount; c++) {
      const row = candidates[c]!;
      const base = row * PACKED_WORDS;
      const prefixDistance =
        popcount32(rows[base]! ^ q0) + popcount32(rows[base + 1]! ^ q1) + popcount32(rows[base + 2]! ^ q2);
      if (prefixDistance > maxDistance) continue;
      const distance = rowDistance(rows, base, query);
      if (distance <= maxDistance && this.isFirstFind(query, row, radii, t)) {
        found.push({ id: this.data.ids[row]!, distance });
      }
    }
  }

  /** A live row is reported only by the first probed substring that reaches it, so exactly once. */
  private isFirstFind(query: Uint32Array, row: number, radii: readonly number[], t: number): boolean {
    const { deleted, layout, rows } = this.data;
    if (deleted[row] !== 0) return false;
    for (let earlier = 0; earlier < t; earlier++) {
      const start = layout.starts[earlier]!;
      const length = layout.lengths[earlier]!;
      const keyDistance = popcount32(
        substringKey(query, 0, start, length) ^ substringKey(rows, row * PACKED_WORDS, start, length),
      );
      if (keyDistance <= radii[earlier]!) return false;
    }
    return true;
  }
}
