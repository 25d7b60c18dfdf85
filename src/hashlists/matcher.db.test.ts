import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { importHashes } from './import.js';
import { addConfirmedMedia, allowHash, createList, disallowHash, ownListName, removeEntry, findList, type NewHashList } from './lists.js';
import { HashMatcher } from './matcher.js';

let database: DatabaseHandle;
const matchers: HashMatcher[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await Promise.all(matchers.map((matcher) => matcher.stop()));
  await database.close();
});

function newMatcher(refreshIntervalMs?: number): HashMatcher {
  const matcher = new HashMatcher(database.db, refreshIntervalMs === undefined ? {} : { refreshIntervalMs });
  matchers.push(matcher);
  return matcher;
}

const listInput = (name: string, overrides: Partial<NewHashList> = {}): NewHashList => ({
  name,
  source: 'partner_hotline',
  category: 'csam',
  classification: 'national',
  useForTriage: true,
  offerToHashcheck: true,
  ...overrides,
});

async function importCsv(listId: number, rows: string[]): Promise<void> {
  await importHashes(database.db, Readable.from([['type,value', ...rows].join('\n')]), { listId, format: 'csv' });
}

const hex = (seed: number, digits: number) => seed.toString(16).padStart(digits, '0');
const sha256Query = (seed: number) => ({ type: 'sha256' as const, value: hex(seed, 64) });

describe(`hash matcher on ${testEngine}`, () => {
  it('loads every list at start and picks up a newly imported hash at its next refresh', async () => {
    const list = await createList(database.db, listInput('matcher-load'));
    await importCsv(list.id, [`sha256,${hex(1, 64)}`, `md5,${hex(2, 32)}`]);
    const web = newMatcher();
    const worker = newMatcher();
    const stats = await web.load();
    await worker.load();
    expect(stats).toMatchObject({ entries: 2, allowed: 0 });
    expect(stats.milliseconds).toBeGreaterThanOrEqual(0);
    expect(web.match([sha256Query(1)], { purpose: 'triage' })).toEqual([
      { index: 0, type: 'sha256', category: 'csam', classification: 'national' },
    ]);

    await importCsv(list.id, [`sha256,${hex(3, 64)}`]);
    expect(web.match([sha256Query(3)], { purpose: 'triage' })).toEqual([]);
    for (const matcher of [web, worker]) {
      expect(await matcher.refresh()).toEqual({ added: 1, allowed: 0, removed: 0 });
      expect(matcher.match([sha256Query(3)], { purpose: 'hashcheck' })).toHaveLength(1);
    }
  });

  it('follows removals and the allow-list, and the allow-list wins over every list', async () => {
    const police = await createList(database.db, listInput('matcher-police', { source: 'police', classification: 'baseline' }));
    const ngo = await createList(database.db, listInput('matcher-ngo', { source: 'ngo' }));
    await importCsv(police.id, [`sha256,${hex(10, 64)}`]);
    await importCsv(ngo.id, [`sha256,${hex(10, 64)}`]);
    const matcher = newMatcher();
    await matcher.load();
    expect(matcher.match([sha256Query(10)], { purpose: 'triage' })).toHaveLength(2);

    await allowHash(database.db, 'sha256', hex(10, 64), 'generic icon');
    await matcher.refresh();
    expect(matcher.match([sha256Query(10)], { purpose: 'triage' })).toEqual([]);

    await disallowHash(database.db, 'sha256', hex(10, 64));
    await removeEntry(database.db, ngo.id, 'sha256', hex(10, 64));
    expect(await matcher.refresh()).toEqual({ added: 0, allowed: 0, removed: 2 });
    expect(matcher.match([sha256Query(10)], { purpose: 'triage' })).toEqual([
      { index: 0, type: 'sha256', category: 'csam', classification: 'baseline' },
    ]);

    const restarted = newMatcher();
    await restarted.load();
    expect(restarted.match([sha256Query(10)], { purpose: 'triage' })).toHaveLength(1);
  });

  it('does not match lists switched off for the purpose', async () => {
    const triageOnly = await createList(database.db, listInput('matcher-triage-only', { offerToHashcheck: false }));
    const matcher = newMatcher();
    await matcher.load();
    await importCsv(triageOnly.id, [`sha256,${hex(20, 64)}`]);
    await matcher.refresh();
    expect(matcher.match([sha256Query(20)], { purpose: 'hashcheck' })).toEqual([]);
    expect(matcher.match([sha256Query(20)], { purpose: 'triage' })).toHaveLength(1);
  });

  it('adds confirmed media to the own list of its category and classification', async () => {
    const matcher = newMatcher();
    await matcher.load();
    const media = {
      category: 'csam',
      classification: 'baseline' as const,
      md5: hex(30, 32),
      sha1: hex(30, 40),
      sha256: hex(30, 64),
      pdq: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22',
      quality: 100,
    };
    expect(await addConfirmedMedia(database.db, media)).toBe(4);
    expect(await addConfirmedMedia(database.db, { ...media, md5: hex(31, 32) })).toBe(1);
    const own = await findList(database.db, ownListName('csam', 'baseline'));
    expect(own).toMatchObject({ source: 'own_confirmed', useForTriage: true, offerToHashcheck: true });
    await matcher.refresh();
    const matches = matcher.match(
      [
        { type: 'sha1', value: media.sha1 },
        { type: 'pdq', value: media.pdq, quality: 100 },
      ],
      { purpose: 'triage' },
    );
    expect(matches).toEqual([
      { index: 0, type: 'sha1', category: 'csam', classification: 'baseline' },
      { index: 1, type: 'pdq', distance: 0, category: 'csam', classification: 'baseline' },
    ]);
  });

  it('refreshes by itself once started, until stopped', async () => {
    const list = await createList(database.db, listInput('matcher-polling'));
    const matcher = newMatcher(20);
    await matcher.start();
    await importCsv(list.id, [`sha256,${hex(40, 64)}`]);
    await vi.waitFor(() => expect(matcher.match([sha256Query(40)], { purpose: 'triage' })).toHaveLength(1), { timeout: 5000, interval: 20 });
    await matcher.stop();
    await importCsv(list.id, [`sha256,${hex(41, 64)}`]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(matcher.match([sha256Query(41)], { purpose: 'triage' })).toEqual([]);
  });
});
