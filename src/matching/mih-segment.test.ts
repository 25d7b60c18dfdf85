import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHashFile } from './hash-file.js';
import { buildSegmentData, MihSegment } from './mih-segment.js';
import {
  PACKED_WORDS,
  bruteForceSearch,
  byDistanceThenId,
  unpackHash,
  type HashRows,
  type Match,
} from './packed-hashes.js';
import { seededRandom } from './random-hashes.js';

const testdata = path.resolve(import.meta.dirname, '../..', '../shared/testdata/pdq');

/**
 * Random radii with sum(radius + 1) = maxDistance + 1, often leaving substrings
 * unprobed; capped so that no substring enumerates millions of buckets.
 */
function randomTightRadii(substrings: number, maxDistance: number, random: () => number): number[] {
  const cap = Math.floor((maxDistance + 1) / substrings) + 1;
  const radii = Array.from({ length: substrings }, () => -1);
  for (let step = 0; step <= maxDistance; ) {
    const t = random() % substrings;
    if (radii[t]! < cap) {
      radii[t]! += 1;
      step += 1;
    }
  }
  return radii;
}

/** Every fifth needle: each still has matches at every distance tested, at a fifth of the probing. */
const NEEDLE_STRIDE = 5;
/** Large radii on long substrings probe many buckets: seconds on a busy machine. */
const PROBING_TIMEOUT_MS = 30_000;

describe('multi-index segment probing', () => {
  it('returns the brute-force matches of the shared needles for any radii meeting the pigeonhole bound', async () => {
    const haystack = await readHashFile(path.join(testdata, 'haystack.txt'));
    const needles = await readHashFile(path.join(testdata, 'needles.txt'));
    const entries: HashRows = {
      rows: haystack.packedRows(),
      ids: Float64Array.from({ length: haystack.count }, (_, row) => row),
      count: haystack.count,
    };
    const random = seededRandom(2);
    // Not 11 substrings: its 24-bit tables of bucket starts take 700 MB to build for 1,350 hashes.
    for (const substrings of [13, 16, 24]) {
      const segment = new MihSegment(buildSegmentData(entries, substrings));
      for (const maxDistance of [0, 10, 31, 40, 64]) {
        const radii = randomTightRadii(substrings, maxDistance, random);
        for (let needle = 0; needle < needles.count; needle += NEEDLE_STRIDE) {
          const found: Match[] = [];
          segment.probe(needles.packedRows().subarray(needle * PACKED_WORDS), maxDistance, radii, found);
          const query = unpackHash(needles.packedRows(), needle);
          const expected = bruteForceSearch(entries, query, maxDistance);
          expect(found.sort(byDistanceThenId), `radii ${radii.join(',')}`).toEqual(expected);
        }
      }
    }
  }, PROBING_TIMEOUT_MS);
});
