import { describe, expect, it } from 'vitest';
import { HASH256_BITS, getBit } from '../hashing/pdq/hash256.js';
import { popcount32, unpackHash } from './packed-hashes.js';
import { randomRows, seededRandom } from './random-hashes.js';
import {
  neighbourMasks,
  probeRadii,
  substringCountFor,
  substringCountForBatch,
  substringKey,
  substringLayout,
} from './substrings.js';

describe('substring layout', () => {
  it.each([11, 12, 13, 16, 25, 32])('splits the 256 bits into %i disjoint runs covering every bit', (count) => {
    const { starts, lengths } = substringLayout(count);
    expect(lengths).toHaveLength(count);
    expect(starts[0]).toBe(0);
    lengths.forEach((length, t) => expect(starts[t]! + length).toBe(t + 1 < count ? starts[t + 1] : HASH256_BITS));
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
  });

  it('rejects splits whose bucket tables would be too large', () => {
    expect(() => substringLayout(9)).toThrow(RangeError);
  });

  it('picks shorter substrings, quicker to build, for an index that serves one small batch of queries', () => {
    expect(substringCountForBatch(1_000_000, 5_000, 31)).toBe(13);
    expect(substringCountForBatch(1_000_000, 1_000_000, 31)).toBe(substringCountFor(1_000_000));
    expect(substringCountForBatch(10_000_000, 100_000, 31)).toBe(substringCountFor(10_000_000));
    const counts = [100, 5_000, 50_000, 1_000_000].map((queries) => substringCountForBatch(1_000_000, queries, 31));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('picks substrings of about log2(rows) bits, never longer than 24', () => {
    expect(substringCountFor(10_000_000)).toBe(11);
    expect(substringCountFor(1_000_000)).toBe(12);
    expect(substringCountFor(100_000_000)).toBe(11);
    expect(substringCountFor(10)).toBe(32);
  });

  it('reads each substring key bit by bit as the hash defines them, also across word boundaries', () => {
    const rows = randomRows(50, seededRandom(1));
    for (const count of [11, 13, 16]) {
      const { starts, lengths } = substringLayout(count);
      for (let row = 0; row < 50; row++) {
        const hash = unpackHash(rows, row);
        starts.forEach((start, t) => {
          let expected = 0;
          for (let bit = lengths[t]! - 1; bit >= 0; bit--) expected = expected * 2 + getBit(hash, start + bit);
          expect(substringKey(rows, row * 8, start, lengths[t]!)).toBe(expected);
        });
      }
    }
  });
});

describe('neighbour masks', () => {
  it('lists every mask within the radius exactly once', () => {
    const masks = [...neighbourMasks(12, 3)];
    expect(masks).toHaveLength(1 + 12 + 66 + 220);
    expect(new Set(masks).size).toBe(masks.length);
    for (const mask of masks) {
      expect(mask).toBeLessThan(2 ** 12);
      expect(popcount32(mask)).toBeLessThanOrEqual(3);
    }
  });
});

describe('probe radii', () => {
  it.each([1_000, 100_000, 1_000_000, 10_000_000])(
    'satisfy the pigeonhole bound for every distance up to 64 with %i rows, or choose a scan',
    (rows) => {
      const layout = substringLayout(substringCountFor(rows));
      for (let maxDistance = 0; maxDistance <= 64; maxDistance++) {
        const radii = probeRadii(layout, rows, maxDistance);
        if (radii === null) continue;
        expect(radii.reduce((sum, radius) => sum + radius + 1, 0)).toBeGreaterThan(maxDistance);
        radii.forEach((radius, t) => expect(radius).toBeLessThanOrEqual(layout.lengths[t]!));
      }
    },
  );

  it('probes radius 2 on ten substrings and radius 1 on one for 10 M rows at distance 31', () => {
    const radii = probeRadii(substringLayout(11), 10_000_000, 31)!;
    expect([...radii].sort()).toEqual([1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('looks up a single bucket for an exact match', () => {
    expect(probeRadii(substringLayout(11), 10_000_000, 0)!.filter((radius) => radius >= 0)).toEqual([0]);
  });

  it('scans when probing would cost more: few rows or a very large distance', () => {
    expect(probeRadii(substringLayout(32), 100, 31)).toBeNull();
    expect(probeRadii(substringLayout(12), 1_000_000, 31)).not.toBeNull();
    expect(probeRadii(substringLayout(12), 1_000_000, 100)).toBeNull();
  });
});
