import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHashFile } from './hash-file.js';
import { PACKED_WORDS, bruteForceSearch, unpackHash, type HashRows } from './packed-hashes.js';
import { PdqIndex, PdqIndexReader } from './pdq-index.js';
import { plantNeighbour, randomRows, seededRandom } from './random-hashes.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const testdata = path.resolve(repoRoot, '../shared/testdata/pdq');

function rowsWithIds(rows: Uint32Array): HashRows {
  const count = rows.length / PACKED_WORDS;
  return { rows, ids: Float64Array.from({ length: count }, (_, row) => row), count };
}

function firstRows(rows: Uint32Array, count: number): Uint32Array {
  return rows.subarray(0, count * PACKED_WORDS);
}

/** Random hashes, a third of them near-copies of earlier ones, so that every radius has matches. */
function clusteredRows(count: number, random: () => number): Uint32Array {
  const rows = randomRows(count, random);
  for (let row = 1; row < count; row++) {
    if (random() % 3 === 0) plantNeighbour(rows, random() % row, rows, row, random() % 48, random);
  }
  return rows;
}

/** Half the queries near stored rows (at distances up to 70), half purely random. */
function queriesNear(entries: HashRows, count: number, random: () => number): Uint32Array {
  const queries = randomRows(count, random);
  for (let q = 0; q < count; q += 2) {
    plantNeighbour(entries.rows, random() % entries.count, queries, q, random() % 70, random);
  }
  return queries;
}

function expectSameAsBruteForce(
  index: PdqIndex | PdqIndexReader,
  reference: HashRows,
  queries: Uint32Array,
  radii: number[],
): void {
  for (let q = 0; q < queries.length / PACKED_WORDS; q++) {
    const query = unpackHash(queries, q);
    for (const radius of radii) {
      const expected = bruteForceSearch(reference, query, radius);
      expect(index.search(query, radius), `query ${q} at radius ${radius}`).toEqual(expected);
    }
  }
}

describe('PdqIndex', () => {
  it.each([0, 10, 31, 40, 64])('returns the brute-force matches of the shared needles at %i', async (radius) => {
    const haystack = await readHashFile(path.join(testdata, 'haystack.txt'));
    const needles = await readHashFile(path.join(testdata, 'needles.txt'));
    const reference = rowsWithIds(haystack.packedRows());
    const index = PdqIndex.build(reference);
    let pairs = 0;
    for (let needle = 0; needle < needles.count; needle++) {
      const query = unpackHash(needles.packedRows(), needle);
      const matches = index.search(query, radius);
      expect(matches).toEqual(bruteForceSearch(reference, query, radius));
      pairs += matches.length;
    }
    expect(pairs).toBeGreaterThan(0);
  });

  it('finds planted neighbours at every distance up to 31 and none further away', () => {
    const random = seededRandom(31);
    const background = randomRows(60_000, random);
    const queries = randomRows(5, random);
    const plantedDistances = Array.from({ length: 49 }, (_, distance) => distance);
    for (let q = 0; q < 5; q++) {
      for (const distance of plantedDistances) {
        plantNeighbour(queries, q, background, q * 1000 + distance, distance, random);
      }
    }
    const index = PdqIndex.build(rowsWithIds(background));
    for (let q = 0; q < 5; q++) {
      const expected = plantedDistances
        .filter((distance) => distance <= 31)
        .map((distance) => ({ id: q * 1000 + distance, distance }));
      expect(index.search(unpackHash(queries, q), 31)).toEqual(expected);
    }
  });

  it('uses 31 as the default distance', () => {
    const random = seededRandom(7);
    const rows = randomRows(2, random);
    plantNeighbour(rows, 0, rows, 1, 31, random);
    const index = PdqIndex.build(rowsWithIds(rows));
    expect(index.search(unpackHash(rows, 0))).toEqual([
      { id: 0, distance: 0 },
      { id: 1, distance: 31 },
    ]);
  });

  it.each([
    { seed: 1, count: 2_000, substringCount: undefined },
    { seed: 2, count: 30_000, substringCount: undefined },
    { seed: 3, count: 30_000, substringCount: 11 },
    { seed: 4, count: 30_000, substringCount: 16 },
    { seed: 5, count: 30_000, substringCount: 32 },
  ])(
    'agrees with brute force on random clustered hashes (seed $seed, $count rows, $substringCount substrings)',
    ({ seed, count, substringCount }) => {
      const random = seededRandom(seed);
      const reference = rowsWithIds(clusteredRows(count, random));
      const index = PdqIndex.build(reference, { substringCount });
      expectSameAsBruteForce(index, reference, queriesNear(reference, 40, random), [0, 1, 7, 16, 31, 32, 45, 64]);
    },
    // 11 substrings build 700 MB of 24-bit bucket tables: seconds on a busy machine.
    60_000,
  );

  it('makes added hashes searchable at once, through tail flushes and segment merges', () => {
    const random = seededRandom(11);
    const all = clusteredRows(40_000, random);
    const index = PdqIndex.build(rowsWithIds(firstRows(all, 15_000)));
    for (let row = 15_000; row < 40_000; row++) {
      index.add(unpackHash(all, row), row);
      if (row % 3_001 === 0) {
        const justAdded = all.subarray(row * PACKED_WORDS, (row + 1) * PACKED_WORDS);
        expectSameAsBruteForce(index, rowsWithIds(firstRows(all, row + 1)), justAdded, [0, 31]);
      }
    }
    expect(index.size).toBe(40_000);
    const reference = rowsWithIds(all);
    expectSameAsBruteForce(index, reference, queriesNear(reference, 30, random), [0, 31, 64]);
    // Enough rows for several tail flushes and merges: seconds on a busy machine.
  }, 30_000);

  it('grows from an empty build', () => {
    const random = seededRandom(12);
    const rows = clusteredRows(5_000, random);
    const index = PdqIndex.build(rowsWithIds(new Uint32Array(0)));
    expect(index.search(unpackHash(rows, 0))).toEqual([]);
    for (let row = 0; row < 5_000; row++) index.add(unpackHash(rows, row), row);
    const reference = rowsWithIds(rows);
    expectSameAsBruteForce(index, reference, queriesNear(reference, 20, random), [0, 31]);
  });

  it('removes entries by id from the bulk-built segment, added segments and the tail', () => {
    const random = seededRandom(13);
    const rows = clusteredRows(20_000, random);
    const index = PdqIndex.build(rowsWithIds(firstRows(rows, 10_000)));
    for (let row = 10_000; row < 20_000; row++) index.add(unpackHash(rows, row), row);
    const removedIds = new Set([0, 1, 5_000, 9_999, 10_000, 12_345, 17_000, 19_998, 19_999]);
    for (const id of removedIds) expect(index.remove(id)).toBe(1);
    expect(index.remove(0)).toBe(0);
    expect(index.remove(123_456)).toBe(0);
    expect(index.size).toBe(20_000 - removedIds.size);

    const reference = rowsWithIds(rows);
    for (const id of removedIds) {
      const query = unpackHash(rows, id);
      const remaining = bruteForceSearch(reference, query, 64).filter((match) => !removedIds.has(match.id));
      expect(index.search(query, 64)).toEqual(remaining);
    }
  });

  it('keeps removed entries out after later merges and lets their ids be added again', () => {
    const random = seededRandom(14);
    const rows = randomRows(12_000, random);
    const index = PdqIndex.build(rowsWithIds(firstRows(rows, 4_000)));
    index.remove(100);
    for (let row = 4_000; row < 12_000; row++) index.add(unpackHash(rows, row), row);
    expect(index.search(unpackHash(rows, 100), 0)).toEqual([]);
    index.add(unpackHash(rows, 100), 100);
    expect(index.search(unpackHash(rows, 100), 0)).toEqual([{ id: 100, distance: 0 }]);
    expect(index.size).toBe(12_000);
  });

  it('shares its arrays with readers of a snapshot, which see later removals', () => {
    const random = seededRandom(15);
    const rows = clusteredRows(10_000, random);
    const index = PdqIndex.build(rowsWithIds(firstRows(rows, 9_000)));
    for (let row = 9_000; row < 10_000; row++) index.add(unpackHash(rows, row), row);
    const snapshot = index.snapshot();
    const segmentArrays = snapshot.segments.flatMap((segment) => [
      segment.rows,
      segment.ids,
      segment.deleted,
      ...segment.tables.flatMap((table) => [table.bucketStarts, table.rowsByBucket]),
    ]);
    for (const array of [snapshot.tail.rows, snapshot.tail.deleted, ...segmentArrays]) {
      expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    }

    const reader = new PdqIndexReader(structuredClone(snapshot));
    const reference = rowsWithIds(rows);
    expectSameAsBruteForce(reader, reference, queriesNear(reference, 20, random), [0, 31]);
    index.remove(42);
    index.remove(9_500);
    expect(reader.search(unpackHash(rows, 42), 0)).toEqual([]);
    expect(reader.search(unpackHash(rows, 9_500), 0)).toEqual([]);
  });

  it('rejects a negative or fractional distance', () => {
    const index = PdqIndex.build(rowsWithIds(randomRows(10, seededRandom(16))));
    const query = unpackHash(randomRows(1, seededRandom(17)), 0);
    expect(() => index.search(query, -1)).toThrow(RangeError);
    expect(() => index.search(query, 1.5)).toThrow(RangeError);
  });
});
