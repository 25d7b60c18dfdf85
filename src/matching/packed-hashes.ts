import { HASH256_WORDS, emptyHash256, type Hash256 } from '../hashing/pdq/hash256.js';
import { sharedUint32Array } from './shared-arrays.js';

/**
 * Hashes inside the index are rows of eight 32-bit words in one typed array:
 * hash bit k is bit (k & 31) of word (k >> 5) of its row.
 */
export const PACKED_WORDS = 8;

export interface Match {
  id: number;
  distance: number;
}

/** Rows of packed hashes with the caller's id for each row. */
export interface HashRows {
  rows: Uint32Array;
  ids: Float64Array;
  count: number;
}

/** A growable list of packed hashes, on a SharedArrayBuffer so that worker threads can read it without a copy. */
export class PackedHashList {
  private rows: Uint32Array;
  count = 0;

  constructor(capacity = 1024) {
    this.rows = sharedUint32Array(Math.max(capacity, 1) * PACKED_WORDS);
  }

  append(hash: Hash256): void {
    const row = this.addRow();
    packHash(hash, this.rows, row);
  }

  /** Appends a hash already packed into eight words (see packHash). */
  appendPacked(packed: Uint32Array): void {
    const base = this.addRow() * PACKED_WORDS;
    // A loop: TypedArray.set costs more than the copy for eight words.
    for (let word = 0; word < PACKED_WORDS; word++) this.rows[base + word] = packed[word]!;
  }

  /** Makes room for one more row (which may replace this.rows) and returns its number. */
  private addRow(): number {
    if ((this.count + 1) * PACKED_WORDS > this.rows.length) {
      const bigger = sharedUint32Array(this.rows.length * 2);
      bigger.set(this.rows);
      this.rows = bigger;
    }
    return this.count++;
  }

  /** The packed rows, without the unused capacity. */
  packedRows(): Uint32Array {
    return this.rows.subarray(0, this.count * PACKED_WORDS);
  }
}

export function packHash(hash: Hash256, rows: Uint32Array, row: number): void {
  const base = row * PACKED_WORDS;
  for (let word = 0; word < PACKED_WORDS; word++) {
    rows[base + word] = (hash[2 * word]! | (hash[2 * word + 1]! << 16)) >>> 0;
  }
}

export function packHashes(hashes: readonly Hash256[]): Uint32Array {
  const rows = new Uint32Array(hashes.length * PACKED_WORDS);
  hashes.forEach((hash, row) => packHash(hash, rows, row));
  return rows;
}

export function packedQuery(hash: Hash256): Uint32Array {
  const query = new Uint32Array(PACKED_WORDS);
  packHash(hash, query, 0);
  return query;
}

export function unpackHash(rows: Uint32Array, row: number): Hash256 {
  const hash = emptyHash256();
  for (let word = 0; word < HASH256_WORDS; word++) {
    hash[word] = rows[row * PACKED_WORDS + (word >> 1)]! >>> ((word & 1) * 16);
  }
  return hash;
}

export function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Hamming distance between the row starting at `base` and an 8-word query. */
export function rowDistance(rows: Uint32Array, base: number, query: Uint32Array): number {
  return (
    popcount32(rows[base]! ^ query[0]!) +
    popcount32(rows[base + 1]! ^ query[1]!) +
    popcount32(rows[base + 2]! ^ query[2]!) +
    popcount32(rows[base + 3]! ^ query[3]!) +
    popcount32(rows[base + 4]! ^ query[4]!) +
    popcount32(rows[base + 5]! ^ query[5]!) +
    popcount32(rows[base + 6]! ^ query[6]!) +
    popcount32(rows[base + 7]! ^ query[7]!)
  );
}

/**
 * Calls `found` for every row within `maxDistance` of the query, skipping deleted
 * rows. Most rows are rejected on their first three words (random rows differ in
 * ~48 of those 96 bits), which halves the work per row.
 */
export function scanRows(
  entries: HashRows,
  deleted: Uint8Array | null,
  query: Uint32Array,
  maxDistance: number,
  found: (row: number, distance: number) => void,
): void {
  const { rows, count } = entries;
  const [q0, q1, q2] = [query[0]!, query[1]!, query[2]!];
  for (let row = 0; row < count; row++) {
    const base = row * PACKED_WORDS;
    const prefixDistance =
      popcount32(rows[base]! ^ q0) + popcount32(rows[base + 1]! ^ q1) + popcount32(rows[base + 2]! ^ q2);
    if (prefixDistance > maxDistance) continue;
    const distance = rowDistance(rows, base, query);
    if (distance <= maxDistance && (deleted === null || deleted[row] === 0)) found(row, distance);
  }
}

export function byDistanceThenId(a: Match, b: Match): number {
  return a.distance - b.distance || a.id - b.id;
}

/** The reference: a linear scan comparing the query with every row. */
export function bruteForceSearch(entries: HashRows, query: Hash256, maxDistance: number): Match[] {
  const matches: Match[] = [];
  scanRows(entries, null, packedQuery(query), maxDistance, (row, distance) => {
    matches.push({ id: entries.ids[row]!, distance });
  });
  return matches.sort(byDistanceThenId);
}
