import { describe, expect, it } from 'vitest';
import { hammingDistance, hash256FromHex, hash256ToHex } from '../hashing/pdq/hash256.js';
import { PackedHashList, bruteForceSearch, packHashes, popcount32, unpackHash } from './packed-hashes.js';
import { plantNeighbour, randomRows, seededRandom } from './random-hashes.js';

describe('packed hashes', () => {
  it('round-trips hashes through packed rows', () => {
    const hex = 'f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95';
    const rows = packHashes([hash256FromHex(hex), hash256FromHex('0'.repeat(63) + '1')]);
    expect(hash256ToHex(unpackHash(rows, 0))).toBe(hex);
    expect(rows.subarray(8, 16)).toEqual(Uint32Array.of(1, 0, 0, 0, 0, 0, 0, 0));
  });

  it('counts the bits of 32-bit words', () => {
    expect([0, 1, 0xff, 0x80000000, 0xffffffff, 0x12345678].map(popcount32)).toEqual([0, 1, 8, 1, 32, 13]);
  });

  it('grows a list past its first capacity', () => {
    const rows = randomRows(3000, seededRandom(1));
    const list = new PackedHashList();
    for (let row = 0; row < 3000; row++) list.append(unpackHash(rows, row));
    expect(list.count).toBe(3000);
    expect(list.packedRows()).toEqual(rows);
  });

  it('plants neighbours at exactly the requested distance', () => {
    const random = seededRandom(2);
    const rows = randomRows(1, random);
    const planted = new Uint32Array(8 * 257);
    for (let distance = 0; distance <= 256; distance++) plantNeighbour(rows, 0, planted, distance, distance, random);
    for (let distance = 0; distance <= 256; distance++) {
      expect(hammingDistance(unpackHash(rows, 0), unpackHash(planted, distance))).toBe(distance);
    }
  });

  it('brute force finds every row within the distance, nearest first', () => {
    const random = seededRandom(3);
    const rows = randomRows(500, random);
    for (let row = 1; row < 500; row += 3) plantNeighbour(rows, 0, rows, row, random() % 64, random);
    const ids = Float64Array.from({ length: 500 }, (_, row) => 1000 + row);
    const query = unpackHash(rows, 0);
    const expected = Array.from({ length: 500 }, (_, row) => ({
      id: 1000 + row,
      distance: hammingDistance(query, unpackHash(rows, row)),
    }))
      .filter((match) => match.distance <= 40)
      .sort((a, b) => a.distance - b.distance || a.id - b.id);
    expect(bruteForceSearch({ rows, ids, count: 500 }, query, 40)).toEqual(expected);
  });
});
