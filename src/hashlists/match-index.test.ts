import { describe, expect, it } from 'vitest';
import type { EntryRow, ListSettings } from './change-feed.js';
import { MatchIndex } from './match-index.js';

const md5 = 'a'.repeat(32);
const sha256 = 'b'.repeat(64);
const pdq = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

/** The PDQ hash with its first `bits` bits (from the last hex digit up) flipped. */
function flipBits(hex: string, bits: number): string {
  const digits = hex.split('').map((digit) => Number.parseInt(digit, 16));
  for (let bit = 0; bit < bits; bit++) digits[digits.length - 1 - (bit >> 2)]! ^= 1 << (bit & 3);
  return digits.map((digit) => digit.toString(16)).join('');
}

const list = (id: number, overrides: Partial<ListSettings> = {}): ListSettings => ({
  id,
  category: 'csam',
  classification: 'baseline',
  useForTriage: true,
  offerToHashcheck: true,
  ...overrides,
});

let nextId = 1;
const entry = (listId: number, type: EntryRow['type'], value: string, quality: number | null = null): EntryRow => ({
  id: nextId++,
  listId,
  type,
  value,
  quality,
});

async function indexOf(entries: EntryRow[], lists: ListSettings[]): Promise<MatchIndex> {
  const index = await MatchIndex.build([entries]);
  index.setLists(lists);
  return index;
}

describe('MatchIndex', () => {
  it('finds exact hashes and names only category and classification', async () => {
    const index = await indexOf([entry(1, 'md5', md5), entry(1, 'sha256', sha256)], [list(1)]);
    const matches = index.match(
      [
        { type: 'sha256', value: sha256 },
        { type: 'md5', value: 'c'.repeat(32) },
        { type: 'md5', value: md5 },
      ],
      { purpose: 'hashcheck' },
    );
    expect(matches).toEqual([
      { index: 0, type: 'sha256', category: 'csam', classification: 'baseline' },
      { index: 2, type: 'md5', category: 'csam', classification: 'baseline' },
    ]);
  });

  it('matches PDQ within 31 bits and not at 32, with the distance', async () => {
    const index = await indexOf([entry(1, 'pdq', pdq, 100)], [list(1)]);
    const matches = index.match(
      [
        { type: 'pdq', value: flipBits(pdq, 31) },
        { type: 'pdq', value: flipBits(pdq, 32) },
      ],
      { purpose: 'triage' },
    );
    expect(matches).toEqual([{ index: 0, type: 'pdq', distance: 31, category: 'csam', classification: 'baseline' }]);
    expect(index.match([{ type: 'pdq', value: flipBits(pdq, 10) }], { purpose: 'triage', maxDistance: 9 })).toEqual([]);
  });

  it('does not match PDQ of quality below 50, as a query or as an entry', async () => {
    const lowQualityEntry = flipBits(pdq, 128);
    const index = await indexOf([entry(1, 'pdq', pdq, 100), entry(1, 'pdq', lowQualityEntry, 49)], [list(1)]);
    expect(index.match([{ type: 'pdq', value: pdq, quality: 49 }], { purpose: 'triage' })).toEqual([]);
    expect(index.match([{ type: 'pdq', value: pdq, quality: 50 }], { purpose: 'triage' })).toHaveLength(1);
    expect(index.match([{ type: 'pdq', value: lowQualityEntry }], { purpose: 'triage' })).toEqual([]);
  });

  it('lets the allow-list win over every list, for exact and PDQ hashes', async () => {
    const index = await indexOf([entry(1, 'md5', md5), entry(2, 'md5', md5), entry(1, 'pdq', pdq)], [list(1), list(2)]);
    index.allow({ id: 1, type: 'md5', value: md5 });
    index.allow({ id: 2, type: 'pdq', value: flipBits(pdq, 3) });
    const queries = [
      { type: 'md5' as const, value: md5 },
      { type: 'pdq' as const, value: pdq },
    ];
    expect(index.match(queries, { purpose: 'triage' })).toEqual([]);
    index.remove({ id: 1, kind: 'allowed', removedId: 1, type: 'md5', value: md5 });
    index.remove({ id: 2, kind: 'allowed', removedId: 2, type: 'pdq', value: flipBits(pdq, 3) });
    expect(index.match(queries, { purpose: 'triage' }).map((match) => match.index)).toEqual([0, 1]);
  });

  it('leaves out lists not switched on for the purpose', async () => {
    const index = await indexOf(
      [entry(1, 'md5', md5), entry(2, 'md5', md5)],
      [list(1, { offerToHashcheck: false }), list(2, { useForTriage: false, classification: 'national' })],
    );
    const query = [{ type: 'md5' as const, value: md5 }];
    expect(index.match(query, { purpose: 'triage' })).toEqual([{ index: 0, type: 'md5', category: 'csam', classification: 'baseline' }]);
    expect(index.match(query, { purpose: 'hashcheck' })).toEqual([{ index: 0, type: 'md5', category: 'csam', classification: 'national' }]);
  });

  it('answers each category and classification once per hash, with the nearest PDQ distance', async () => {
    const index = await indexOf(
      [entry(1, 'pdq', flipBits(pdq, 20)), entry(2, 'pdq', flipBits(pdq, 5)), entry(3, 'pdq', pdq)],
      [list(1), list(2), list(3, { category: 'grooming' })],
    );
    expect(index.match([{ type: 'pdq', value: pdq }], { purpose: 'triage' })).toEqual([
      { index: 0, type: 'pdq', distance: 0, category: 'grooming', classification: 'baseline' },
      { index: 0, type: 'pdq', distance: 5, category: 'csam', classification: 'baseline' },
    ]);
  });

  it('removes an entry by the id it had, so the same hash added again stays', async () => {
    const index = await indexOf([], [list(1)]);
    const first = entry(1, 'md5', md5);
    const again = entry(1, 'md5', md5);
    const firstPdq = entry(1, 'pdq', pdq);
    index.addEntry(first);
    index.addEntry(firstPdq);
    index.addEntry(again);
    index.remove({ id: 1, kind: 'entry', removedId: first.id, type: 'md5', value: md5 });
    index.remove({ id: 2, kind: 'entry', removedId: firstPdq.id, type: 'pdq', value: pdq });
    const queries = [
      { type: 'md5' as const, value: md5 },
      { type: 'pdq' as const, value: pdq },
    ];
    expect(index.match(queries, { purpose: 'triage' }).map((match) => match.index)).toEqual([0]);
    index.remove({ id: 3, kind: 'entry', removedId: again.id, type: 'md5', value: md5 });
    expect(index.match(queries, { purpose: 'triage' })).toEqual([]);
  });
});
