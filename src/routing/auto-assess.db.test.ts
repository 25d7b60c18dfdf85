import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { DEFAULT_CATEGORIES } from '../domain/categories.js';
import { hashImageBuffer } from '../hashing/hash-file.js';
import { createList, insertEntries } from '../hashlists/lists.js';
import { HashMatcher } from '../hashlists/matcher.js';
import { submitReport } from '../intake/reports.js';
import { startJobs, type Jobs } from '../jobs/queue.js';
import { noticesOfItem } from '../notices/store.js';
import { Cipher } from '../privacy/cipher.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { takedownServices, type TakedownServices } from '../server/takedown.js';
import { loopbackTriage, startTestSite, testPattern } from '../test-support/captured-media.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { validReport } from '../test-support/reports.js';
import { loopbackAllowed, type LoopbackServer } from '../test-support/web-server.js';
import { triageItem, type TriageDeps } from '../triage/triage.js';
import { currentRouting } from './route-item.js';

const PDQ_PHOTO = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/bridge-mods/aaa-orig.jpg');

let database: DatabaseHandle;
let site: LoopbackServer;
let triage: TriageDeps;
let takedown: TakedownServices;
let jobs: Jobs | undefined;

beforeAll(async () => {
  database = await openTestDatabase();
  const photo = await fs.readFile(PDQ_PHOTO);
  site = await startTestSite({
    '/known': { type: 'text/html', body: Buffer.from('<img src="/listed.jpg">') },
    '/mixed': { type: 'text/html', body: Buffer.from('<img src="/listed.jpg"><img src="/unlisted.png">') },
    // A re-encoded, resized copy of the listed photo: known by PDQ.
    '/listed.jpg': { type: 'image/jpeg', body: await sharp(photo).resize(300).jpeg({ quality: 70 }).toBuffer() },
    '/unlisted.png': { type: 'image/png', body: await testPattern(40, 40) },
  });
  const list = await createList(database.db, { name: 'known-material', source: 'police', category: 'csam', classification: 'baseline', useForTriage: true, offerToHashcheck: false });
  const listed = await hashImageBuffer(photo);
  await insertEntries(database.db, list.id, [{ type: 'pdq', value: listed.pdq!, quality: listed.quality }]);
  const matcher = new HashMatcher(database.db);
  await matcher.load();
  await addDirectoryProvider(database.db, providerEntry({ name: 'Loopback Hosting', cidrs: ['127.0.0.0/8'], abuseEmails: ['abuse@loopback-hosting.example'] }));

  const loopback = loopbackTriage(database, new Cipher(randomBytes(32)), matcher);
  const config = loadConfig({ AUTO_ASSESS_KNOWN: 'true', HOTLINE_COUNTRY: 'NL', NOTICE_DELAY: '1h' });
  const context = { db: database.db, trace: loopback, policy: loopbackAllowed, secretKey: randomBytes(32), categories: DEFAULT_CATEGORIES, jobs: () => jobs!, logger: pino({ level: 'silent' }) };
  takedown = takedownServices(config, context);
  triage = { ...loopback, afterTriage: takedown.afterTriage };
  jobs = await startJobs(database, takedown.jobs, { work: true, pollingIntervalSeconds: 0.5 });
}, 60_000);

afterAll(async () => {
  await jobs?.stop();
  await takedown.close();
  await triage.fetcher.close();
  await site.close();
  await database.close();
});

async function reportedItem(url: string): Promise<string> {
  let itemId = '';
  await submitReport({ db: database.db, cipher: triage.cipher, contactRetentionDays: 30, onItemsReported: (ids) => (itemId = ids[0]!) }, validReport([url]), { channel: 'web', language: 'en' });
  return itemId;
}

const statusOf = async (itemId: string) => (await database.db.selectFrom('content_items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow()).status;

describe(`known material assessed automatically (AUTO_ASSESS_KNOWN) on ${testEngine}`, () => {
  it('assesses an item whose captured files are all known illegal right after triage, as automatic, and routes it without an analyst', async () => {
    const itemId = await reportedItem(`${site.origin}/known`);
    expect(await triageItem(triage, itemId)).toMatchObject({ media: 1, known: 1 });

    const assessments = await database.db.selectFrom('assessments').select(['outcome', 'category', 'automatic', 'analyst_id', 'classification']).where('item_id', '=', itemId).execute();
    expect(assessments).toEqual([{ outcome: 'illegal', category: 'csam', automatic: true, analyst_id: null, classification: expect.objectContaining({ legalBasis: 'baseline' }) }]);
    const assessed = await database.db.selectFrom('item_events').select(['actor', 'detail', 'to_status']).where('item_id', '=', itemId).where('event', '=', 'assessed_illegal').execute();
    expect(assessed).toEqual([{ actor: null, to_status: 'illegal', detail: expect.objectContaining({ automatic: true, knownFiles: 1 }) }]);

    await expect.poll(() => statusOf(itemId), { timeout: 20_000, interval: 250 }).toBe('routed');
    expect(await currentRouting(database.db, itemId)).toMatchObject({ decision: 'notice', decidedBy: null, recipients: [{ kind: 'ntd', email: 'abuse@loopback-hosting.example' }] });
    expect(await noticesOfItem(database.db, itemId)).toMatchObject([{ kind: 'ntd', recipient: 'abuse@loopback-hosting.example', state: 'queued' }]);
    const claims = await database.db.selectFrom('item_claims').select('user_id').where('item_id', '=', itemId).execute();
    expect(claims).toEqual([]);
  }, 30_000);

  it('leaves an item with one file the hash lists do not know to an analyst', async () => {
    const itemId = await reportedItem(`${site.origin}/mixed`);
    expect(await triageItem(triage, itemId)).toMatchObject({ media: 2, known: 1 });
    expect(await statusOf(itemId)).toBe('triaged');
    expect(await database.db.selectFrom('assessments').select('id').where('item_id', '=', itemId).execute()).toEqual([]);
    expect(await currentRouting(database.db, itemId)).toBeNull();
  }, 30_000);
});
