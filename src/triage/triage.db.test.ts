import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { hashImageBuffer } from '../hashing/hash-file.js';
import { createList, insertEntries } from '../hashlists/lists.js';
import { HashMatcher } from '../hashlists/matcher.js';
import { submitReport } from '../intake/reports.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { startJobs, type Jobs } from '../jobs/queue.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import { Cipher } from '../privacy/cipher.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { loopbackTriage, MP4_HEADER, startTestSite, testPattern, type SiteFiles } from '../test-support/captured-media.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { validReport } from '../test-support/reports.js';
import { enqueueTriageOn, triageJobs } from './jobs.js';
import { openCapturedMedia, triageFindings } from './findings.js';
import { eraseSettledMedia } from './media-retention.js';
import { mediaContext, triageItem, type TriageDeps } from './triage.js';
import { pino } from 'pino';

const PDQ_PHOTO = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/bridge-mods/aaa-orig.jpg');

let database: DatabaseHandle;
let site: LoopbackServer;
let deps: TriageDeps;
const files: SiteFiles = {};


const PAGE = `<!doctype html><html><head><meta property="og:image" content="/a.jpg"></head><body>
<img src="/a.jpg"><img srcset="/small.png 1x, /b.png 2x"><video src="/clip.mp4" poster="/missing.png"></video>
<a href="/known.jpg">more</a><img src="/pretend.jpg"><img src="http://169.254.169.254/secret.png"><img src="data:image/png;base64,AAAA">
</body></html>`;

beforeAll(async () => {
  database = await openTestDatabase();
  const photo = await fs.readFile(PDQ_PHOTO);
  Object.assign(files, {
    '/page': { type: 'text/html', body: Buffer.from(PAGE) },
    '/a.jpg': { type: 'image/jpeg', body: await testPattern(64, 48, 'jpeg') },
    '/b.png': { type: 'image/png', body: await testPattern(40, 40, 'png') },
    '/clip.mp4': { type: 'video/mp4', body: MP4_HEADER },
    '/pretend.jpg': { type: 'image/jpeg', body: Buffer.from('<html>not an image</html>') },
    // A re-encoded, resized copy of a listed photo: only PDQ can know it.
    '/known.jpg': { type: 'image/jpeg', body: await sharp(photo).resize(300).jpeg({ quality: 70 }).toBuffer() },
    '/direct.png': { type: 'image/png', body: await testPattern(32, 32, 'png') },
  });
  site = await startTestSite(files);
  const list = await createList(database.db, {
    name: 'triage-test-list',
    source: 'police',
    category: 'csam',
    classification: 'baseline',
    useForTriage: true,
    offerToHashcheck: false,
  });
  const listed = await hashImageBuffer(photo);
  await insertEntries(database.db, list.id, [{ type: 'pdq', value: listed.pdq!, quality: listed.quality }]);
  const matcher = new HashMatcher(database.db);
  await matcher.load();
  deps = loopbackTriage(database, new Cipher(randomBytes(32)), matcher);
}, 60_000);

afterAll(async () => {
  await deps.fetcher.close();
  await site.close();
  await database.close();
});

async function reportedItem(url: string): Promise<string> {
  const itemIds: string[] = [];
  await submitReport(
    { db: database.db, cipher: deps.cipher, contactRetentionDays: 30, onItemsReported: (ids) => itemIds.push(...ids) },
    validReport([url]),
    { channel: 'web', language: 'en' },
  );
  return itemIds[0]!;
}

const mediaOf = (itemId: string) =>
  database.db.selectFrom('captured_media').selectAll().where('item_id', '=', itemId).orderBy('source_url').execute();
const statusOf = async (itemId: string) =>
  (await database.db.selectFrom('content_items').select(['status', 'hosting_country']).where('id', '=', itemId).executeTakeFirstOrThrow());
const eventsOf = async (itemId: string) =>
  (await database.db.selectFrom('item_events').select('event').where('item_id', '=', itemId).orderBy('id').execute()).map((row) => row.event);

describe(`triage on ${testEngine}`, () => {
  it('captures the images and videos a page shows, seals them, and marks known material', async () => {
    const itemId = await reportedItem(`${site.origin}/page`);
    expect(await triageItem(deps, itemId)).toEqual({ itemId, country: null, httpStatus: 200, media: 4, known: 1 });

    const media = await mediaOf(itemId);
    expect(media.map((file) => [file.source_url.replace(site.origin, ''), file.kind, file.media_type])).toEqual([
      ['/a.jpg', 'image', 'image/jpeg'],
      ['/b.png', 'image', 'image/png'],
      ['/clip.mp4', 'video', 'video/mp4'],
      ['/known.jpg', 'image', 'image/jpeg'],
    ]);
    const known = media.find((file) => file.source_url.endsWith('/known.jpg'))!;
    expect(known.known).toMatchObject({ category: 'csam', classification: 'baseline', matchedBy: ['pdq'] });
    expect(known.known!.pdqDistance).toBeLessThanOrEqual(31);
    expect(media.filter((file) => file.known === null)).toHaveLength(3);

    const first = media[0]!;
    const sealed = first.sealed!;
    expect(Buffer.from(sealed).includes(files['/a.jpg']!.body.subarray(0, 64))).toBe(false);
    expect(deps.cipher.open(sealed, mediaContext(itemId, first.sha256)).equals(files['/a.jpg']!.body)).toBe(true);
    expect(() => deps.cipher.open(sealed, mediaContext(itemId, media[1]!.sha256))).toThrow();

    expect(await statusOf(itemId)).toEqual({ status: 'triaged', hosting_country: null });
    expect(await eventsOf(itemId)).toEqual(['reported', 'traced', 'triage_completed']);
    const check = await database.db.selectFrom('item_checks').selectAll().where('item_id', '=', itemId).executeTakeFirstOrThrow();
    expect(check).toMatchObject({ http_status: 200, content_type: 'text/html', failure: null, hops: [`${site.origin}/page`] });
    expect(site.requests).not.toContain('/secret.png');
  });

  it('captures an address that is itself an image', async () => {
    const itemId = await reportedItem(`${site.origin}/direct.png`);
    expect(await triageItem(deps, itemId)).toMatchObject({ httpStatus: 200, media: 1, known: 0 });
    expect((await mediaOf(itemId)).map((file) => file.pdq)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('records a dead link and still completes triage', async () => {
    const itemId = await reportedItem(`${site.origin}/gone`);
    expect(await triageItem(deps, itemId)).toMatchObject({ httpStatus: 404, media: 0 });
    expect((await statusOf(itemId)).status).toBe('triaged');
  });

  it('never fetches a private address, and says so', async () => {
    const itemId = await reportedItem('http://10.20.30.40/page');
    const strict = { ...deps, fetcher: new SafeFetcher({ limits: { maxBytes: 1000, timeoutMs: 1000, maxRedirects: 1 } }) };
    expect(await triageItem(strict, itemId)).toMatchObject({ httpStatus: null, media: 0 });
    const check = await database.db.selectFrom('item_checks').selectAll().where('item_id', '=', itemId).executeTakeFirstOrThrow();
    expect(check).toMatchObject({ http_status: null, failure: 'blocked_address' });
    await strict.fetcher.close();
  });

  it('finds the hosting country of a public address', async () => {
    const itemId = await reportedItem('http://hosted.test-illegal.example/page');
    const traced = { ...deps, resolve: async () => [{ address: '8.8.8.8', family: 4 }] };
    expect(await triageItem(traced, itemId)).toMatchObject({ country: 'US' });
    expect((await statusOf(itemId)).hosting_country).toBe('US');
    const trace = await database.db.selectFrom('item_traces').selectAll().where('item_id', '=', itemId).executeTakeFirstOrThrow();
    expect(trace).toMatchObject({ host: 'hosted.test-illegal.example', country: 'US', error: null });
    expect(trace.addresses).toEqual([expect.objectContaining({ address: '8.8.8.8', network: expect.objectContaining({ asn: 15169 }) })]);
  });

  it('stops capturing a page’s media when its time is up', async () => {
    const slow = await startLoopbackServer((request, response) => {
      if (request.url === '/page') return void response.writeHead(200, { 'content-type': 'text/html' }).end('<img src="/1.png"><img src="/2.png"><img src="/3.png">');
      setTimeout(() => response.writeHead(404).end(), 300);
    });
    try {
      const itemId = await reportedItem(`${slow.origin}/page`);
      await triageItem({ ...deps, captureBudgetMs: 100 }, itemId);
      expect(slow.requests).toEqual(['/page', '/1.png']);
      expect((await statusOf(itemId)).status).toBe('triaged');
    } finally {
      await slow.close();
    }
  });

  it('leaves an item alone that is no longer waiting for triage', async () => {
    const itemId = await reportedItem(`${site.origin}/direct.png?again`);
    await triageItem(deps, itemId);
    expect(await triageItem(deps, itemId)).toEqual({ itemId, skipped: 'not_waiting' });
  });

  it('erases captured content of items settled without needing it, after the retention period, keeping the hashes', async () => {
    const settled = await reportedItem(`${site.origin}/direct.png?settled`);
    const illegal = await reportedItem(`${site.origin}/direct.png?illegal`);
    for (const itemId of [settled, illegal]) await triageItem(deps, itemId);
    await database.db.transaction().execute(async (trx) => {
      await changeItemStatus(trx, { itemId: settled, event: 'assessed_not_illegal', actor: 'analyst@hotline.example' });
      await changeItemStatus(trx, { itemId: illegal, event: 'assessed_illegal', actor: 'analyst@hotline.example' });
    });
    const now = new Date();
    expect(await eraseSettledMedia(database.db, 30, now)).toBe(0);
    const later = new Date(now.getTime() + 31 * 86_400_000);
    expect(await eraseSettledMedia(database.db, 30, later)).toBeGreaterThanOrEqual(1);
    const [erased] = await mediaOf(settled);
    expect(erased).toMatchObject({ sealed: null, erased_at: later, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await openCapturedMedia(database.db, deps.cipher, settled, erased!.id)).toBeUndefined();
    expect((await mediaOf(illegal))[0]!.sealed).not.toBeNull();
    expect((await triageFindings(database.db, settled)).media[0]!.erasedAt).toEqual(later);
  });

  it('triages a reported item through the job queue', async () => {
    const enqueue = enqueueTriageOn(() => jobs);
    const jobs: Jobs = await startJobs(database, triageJobs(deps, enqueue, { retentionDays: 30 }, pino({ level: 'silent' })), { work: true, pollingIntervalSeconds: 0.5 });
    try {
      const itemId = await reportedItem(`${site.origin}/direct.png?queued`);
      await enqueue([itemId]);
      await expect.poll(async () => (await statusOf(itemId)).status, { timeout: 20_000, interval: 250 }).toBe('triaged');
    } finally {
      await jobs.stop();
    }
  }, 30_000);
});
