import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { DEFAULT_CATEGORIES } from '../domain/categories.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import { HashMatcher } from '../hashlists/matcher.js';
import { submitReport } from '../intake/reports.js';
import { startJobs, type Jobs } from '../jobs/queue.js';
import { noticePageToken } from '../notices/provider-link.js';
import { sendNotice, type SenderDeps } from '../notices/send.js';
import { createNoticeMailer, type NoticeMailer } from '../notices/smtp.js';
import { noticesOfItem } from '../notices/store.js';
import { changeItemStatuses } from '../items/lifecycle-store.js';
import { Cipher } from '../privacy/cipher.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { assessItem, claimForAssessment } from '../review/assess.js';
import { rerouteIfMoved } from '../routing/retrace.js';
import { routeItem, type RoutingDeps } from '../routing/route-item.js';
import { buildApp } from '../server/app.js';
import { noticePageKey, routingDeps } from '../server/takedown.js';
import { loopbackTriage, testPattern } from '../test-support/captured-media.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { routedItem } from '../test-support/takedown.js';
import { validReport } from '../test-support/reports.js';
import { startSmtpServer, type LoopbackSmtpServer } from '../test-support/smtp-server.js';
import { staffWithToken } from '../test-support/staff.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { traceHosts, triageItem, type TriageDeps } from '../triage/triage.js';
import type { StaffUser } from '../auth/users.js';
import type { MonitorDeps } from './check.js';
import { checkSoonOn, monitorJobs, runDueChecks } from './jobs.js';

/** Every duration in seconds, so that three spaced misses take a few seconds. */
const config = loadConfig({
  NOTICE_DELAY: '0s',
  HOTLINE_COUNTRY: 'NL',
  FOUR_EYES_OUTCOMES: 'none',
  RATE_LIMIT_PER_MINUTE: '0',
  MONITOR_FIRST_CHECK: '1s',
  MONITOR_INTERVAL: '1s',
  MONITOR_MISS_SPACING: '1s',
  MONITOR_MISSES: '3',
});
const secretKey = randomBytes(32);
const cipher = new Cipher(secretKey);
/** What the site serves, by path; anything else is a 404. */
const files = new Map<string, { type: string; body: Buffer }>();
/** Where each host resolves to when traced; the fetcher itself always reaches the loopback site. */
const addresses = new Map<string, string>();

let database: DatabaseHandle;
let site: LoopbackServer;
let smtp: LoopbackSmtpServer;
let mailer: NoticeMailer;
let analyst: StaffUser;
let triage: TriageDeps;
let routing: RoutingDeps;
let sender: SenderDeps;
let monitor: MonitorDeps;
let app: FastifyInstance;
let jobs: Jobs | undefined;
let image: Buffer;

beforeAll(async () => {
  database = await openTestDatabase();
  site = await startLoopbackServer((request, response) => {
    const file = files.get((request.url ?? '').split('?', 1)[0]!);
    if (!file) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  smtp = await startSmtpServer();
  mailer = createNoticeMailer(smtp.url);
  image = await testPattern(64, 48);
  analyst = (await staffWithToken(database.db, 'analyst')).user;
  await addDirectoryProvider(database.db, providerEntry({ name: 'Loopback Hosting', cidrs: ['127.0.0.0/24'], abuseEmails: ['abuse@loopback-hosting.example'] }));
  await addDirectoryProvider(database.db, providerEntry({ name: 'Other Hosting', cidrs: ['127.0.1.0/24'], abuseEmails: ['abuse@other-hosting.example'] }));
  const matcher = new HashMatcher(database.db);
  await matcher.load();
  triage = { ...loopbackTriage(database, cipher, matcher), resolve: async (host) => [{ address: addresses.get(host) ?? '127.0.0.1', family: 4 }] };
  routing = routingDeps(config, database.db, { rdap: undefined, scheduleNotices: async () => {} });
  sender = {
    db: database.db,
    mailer,
    hotline: { name: 'Test Hotline', email: 'notices@hotline.example', country: 'NL' },
    publicBaseUrl: 'https://hotline.example',
    pageKey: noticePageKey(secretKey),
    categories: DEFAULT_CATEGORIES,
    retryMaxMs: config.takedown.retryMaxMs,
    rerouteIfMoved: (itemIds) => rerouteIfMoved(routing, (itemsOn) => traceHosts(triage, itemsOn), itemIds),
    schedule: async () => {},
  };
  monitor = {
    db: database.db,
    search: triage,
    trace: triage,
    routing,
    settings: config.monitor,
    enqueueRouting: async (itemIds) => {
      for (const itemId of itemIds) await routeItem(routing, itemId);
    },
  };
  const checkSoon = checkSoonOn(database.db, () => jobs!);
  app = await buildApp({ config, database, cipher, secretKey, categories: DEFAULT_CATEGORIES, matcher, takedown: { routing, onRemovalConfirmed: async (itemIds) => void (await checkSoon(itemIds)) } });
  await app.ready();
}, 180_000);

afterAll(async () => {
  await jobs?.stop();
  await app?.close();
  mailer?.close();
  await smtp?.close();
  await triage?.fetcher.close();
  await site?.close();
  await database?.close();
}, 60_000);

/** A page with some text and one generated image, reported, triaged (its image captured), assessed illegal, routed and notified. */
async function notifiedItem(name: string, origin = site.origin): Promise<string> {
  files.set(`/${name}.html`, { type: 'text/html', body: Buffer.from(`<h1>A page</h1><p>Some text that stays.</p><img src="/${name}.png">`) });
  files.set(`/${name}.png`, { type: 'image/png', body: image });
  let itemId = '';
  await submitReport({ db: database.db, cipher, contactRetentionDays: 30, onItemsReported: (ids) => (itemId = ids[0]!) }, validReport([`${origin}/${name}.html`]), { channel: 'api', language: 'en' });
  expect(await triageItem(triage, itemId)).toMatchObject({ media: 1 });
  await claimForAssessment(database.db, itemId, analyst, 30, []);
  const classification = { legalBasis: 'baseline', ageGroup: 'pre_pubescent', gender: 'not_determined', contentType: 'image', siteType: 'image_host', commercial: false, paymentMethods: [], virtual: false, userGenerated: false, childModelling: false } as const;
  await assessItem(database.db, { categoryIds: DEFAULT_CATEGORIES.map((c) => c.id), fourEyes: [] }, itemId, analyst, { outcome: 'illegal', classification: { ...classification, paymentMethods: [] } });
  expect((await routeItem(routing, itemId))?.decision).toBe('notice');
  const [notice] = await noticesOfItem(database.db, itemId);
  expect(await sendNotice(sender, notice!.id)).toBe('sent');
  return itemId;
}

const statusOf = async (itemId: string): Promise<ItemStatus> => (await database.db.selectFrom('content_items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow()).status;
const watchOf = (itemId: string) => database.db.selectFrom('item_monitoring').selectAll().where('item_id', '=', itemId).executeTakeFirstOrThrow();
const checksOf = (itemId: string) => database.db.selectFrom('monitor_checks').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
const eventsOf = async (itemId: string) => (await database.db.selectFrom('item_events').select('event').where('item_id', '=', itemId).orderBy('id').execute()).map((row) => row.event);

/** Runs the due checks, as the monitor job does, until `done` holds for the item. */
async function checkUntil(itemId: string, done: (status: ItemStatus, checks: number) => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await runDueChecks(monitor, { concurrency: 4, until: Date.now() + 2_000 });
    const status = await statusOf(itemId);
    if (done(status, (await checksOf(itemId)).length)) return;
    if (Date.now() > deadline) throw new Error(`the item is still ${status}`);
    await sleep(100);
  }
}

describe(`monitoring until removal on ${testEngine}`, () => {
  let removedItem = '';

  it('confirms removal after three spaced misses, dated at the first, and reopens the item when the content comes back', async () => {
    const itemId = await notifiedItem('stops');
    const { acted_at: actedAt, acted_by: actedBy } = await watchOf(itemId);
    expect(actedBy).toBe('notice');
    await checkUntil(itemId, (_status, checks) => checks >= 1);
    expect((await checksOf(itemId))[0]).toMatchObject({ outcome: 'present', reason: 'media_present', http_status: 200 });
    expect((await checksOf(itemId))[0]!.checked_at.getTime() - actedAt.getTime()).toBeGreaterThanOrEqual(1000);

    files.delete('/stops.html');
    await checkUntil(itemId, (status) => status === 'removed');
    const misses = (await checksOf(itemId)).filter((check) => check.outcome === 'gone');
    expect(misses.length).toBeGreaterThanOrEqual(3);
    expect(misses.every((check) => check.reason === 'http_404')).toBe(true);
    const watch = await watchOf(itemId);
    expect(watch.removed_at).toEqual(misses[0]!.checked_at);
    expect(watch.time_to_removal_seconds).toBe(Math.round((misses[0]!.checked_at.getTime() - actedAt.getTime()) / 1000));
    expect(misses[2]!.checked_at.getTime() - misses[0]!.checked_at.getTime()).toBeGreaterThanOrEqual(2000);
    const noticeItems = await database.db.selectFrom('notice_items').select(['closed_as', 'removed_at']).where('item_id', '=', itemId).execute();
    expect(noticeItems).toEqual([{ closed_as: 'removed', removed_at: misses[0]!.checked_at }]);
    // One line when the run starts and one when removal is confirmed, however many checks were made.
    const events = await eventsOf(itemId);
    expect(events.slice(events.indexOf('notice_sent'))).toEqual(['notice_sent', 'monitor_run_started', 'removal_confirmed']);

    files.set('/stops.html', { type: 'text/html', body: Buffer.from('<p>Back again.</p><img src="/stops.png">') });
    await checkUntil(itemId, (status) => status !== 'removed');
    expect(await watchOf(itemId)).toMatchObject({ reappearances: 1, removed_at: null, time_to_removal_seconds: null });
    expect((await eventsOf(itemId)).slice(-2)).toEqual(['reappeared', 'routed']);
    expect(await statusOf(itemId)).toBe('routed');
    const notices = await noticesOfItem(database.db, itemId);
    expect(notices.map((notice) => notice.state).sort()).toEqual(['queued', 'sent']);
  }, 120_000);

  it('counts a page that keeps its text but loses its image as removed, and shows it in the API and on the item page', async () => {
    const itemId = await notifiedItem('keeps-text');
    await checkUntil(itemId, (_status, checks) => checks >= 1);
    files.set('/keeps-text.html', { type: 'text/html', body: Buffer.from('<h1>A page</h1><p>Some text that stays.</p>') });
    await checkUntil(itemId, (status) => status === 'removed');
    expect((await checksOf(itemId)).filter((check) => check.outcome === 'gone').map((check) => check.reason)).toEqual(['media_missing', 'media_missing', 'media_missing']);
    removedItem = itemId;

    const { token } = await staffWithToken(database.db, 'analyst');
    const response = await app.inject({ method: 'GET', url: `/api/v1/items/${itemId}`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const watch = await watchOf(itemId);
    expect(body).toMatchObject({ status: 'removed', removedAt: watch.removed_at!.toISOString(), timeToRemovalSeconds: watch.time_to_removal_seconds });
    expect(body.monitoring).toMatchObject({ actedBy: 'notice', missesInRun: 0, checks: watch.checks, moves: 0, reappearances: 0 });
    expect(body.monitoring.recentChecks[0]).toMatchObject({ outcome: 'gone', reason: 'media_missing', httpStatus: 200 });
    expect(body.monitoring.nextCheckAt).toEqual(expect.any(String));
    expect(body.reports).toHaveLength(1);
    const openApi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(openApi.paths['/api/v1/items/{id}'].get.responses['200'].content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['monitoring', 'removedAt', 'timeToRemovalSeconds']));

    const page = await app.inject({ method: 'GET', url: `/staff/items/${itemId}`, headers: { authorization: `Bearer ${token}` } });
    expect(page.body).toContain('data-testid="monitoring"');
    expect(page.body).toContain('media_missing');
    expect(page.body).toContain('content not found (first miss)');
  }, 120_000);

  it('checks at once when the provider confirms removal on its page, and leaves the item notified while the content is there', async () => {
    jobs = await startJobs(database, monitorJobs({ ...monitor, settings: { ...config.monitor, firstCheckMs: 3_600_000 } }, () => jobs!, 4, pino({ level: 'silent' })), { work: true, pollingIntervalSeconds: 0.5 });
    const itemId = await notifiedItem('confirmed');
    const [notice] = await noticesOfItem(database.db, itemId);
    const path = `/notices/${notice!.id}/${noticePageToken(noticePageKey(secretKey), notice!.id)}`;
    const page = await app.inject({ method: 'GET', url: path });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const answered = await app.inject({
      method: 'POST',
      url: path,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, item: itemId, response: 'removed' }).toString(),
    });
    expect(answered.statusCode).toBe(200);
    const deadline = Date.now() + 60_000;
    while ((await checksOf(itemId)).length === 0 && Date.now() < deadline) await sleep(200);
    expect(await checksOf(itemId)).toEqual([expect.objectContaining({ outcome: 'present', reason: 'media_present' })]);
    expect(await statusOf(itemId)).toBe('notified');
    await jobs.stop();
    jobs = undefined;
  }, 120_000);

  it('routes a new notice when the host moves to another directory provider', async () => {
    const origin = `http://localhost:${site.port}`;
    addresses.set('localhost', '127.0.0.1');
    const itemId = await notifiedItem('moving', origin);
    await checkUntil(itemId, (_status, checks) => checks >= 1);
    addresses.set('localhost', '127.0.1.7');
    await checkUntil(itemId, (status) => status !== 'notified');
    expect(await statusOf(itemId)).toBe('routed');
    expect((await watchOf(itemId)).moves).toBe(1);
    const notices = await noticesOfItem(database.db, itemId);
    expect(notices.map((notice) => [notice.recipient, notice.state]).sort()).toEqual([
      ['abuse@loopback-hosting.example', 'sent'],
      ['abuse@other-hosting.example', 'queued'],
    ]);
    const closed = await database.db.selectFrom('notice_items').select(['closed_as']).where('item_id', '=', itemId).where('closed_at', 'is not', null).execute();
    expect(closed).toEqual([{ closed_as: 'moved' }]);
    expect(await eventsOf(itemId)).toContain('move_detected');
  }, 120_000);

  it('starts watching each of several items notified at once on its own provider, network and country, from its latest trace', async () => {
    const planned = [
      { name: 'batch-a', address: '127.0.0.21', provider: 'Loopback Hosting', country: 'NL' },
      { name: 'batch-b', address: '127.0.1.21', provider: 'Other Hosting', country: 'NL' },
      // In no directory network and traced to no country: routed without a country, watched on its latest trace's.
      { name: 'batch-c', address: '127.0.9.21', provider: null, country: 'SE' },
    ];
    const items: ((typeof planned)[number] & { itemId: string; asn: number })[] = [];
    for (const [n, plan] of planned.entries()) {
      const { itemId } = await routedItem(database.db, cipher, `https://${plan.name}.example/page.html`, plan.address);
      // An older trace found another network and country; the latest one is where the item was when acted on.
      const trace = (asn: number, country: string) => ({ item_id: itemId, host: `${plan.name}.example`, country, addresses: JSON.stringify([{ address: plan.address, family: 4, isPublic: true, country, network: { asn, organisation: `AS${asn}` } }]), error: null });
      await database.db.insertInto('item_traces').values(trace(64_400 + n, 'DE')).execute();
      await database.db.insertInto('item_traces').values(trace(64_500 + n, plan.country)).execute();
      items.push({ itemId, ...plan, asn: 64_500 + n });
    }
    const providers = new Map((await database.db.selectFrom('providers').select(['id', 'name']).execute()).map((provider) => [provider.name, provider.id]));

    await database.db.transaction().execute((trx) => changeItemStatuses(trx, items.map(({ itemId }) => ({ itemId, event: 'notice_sent', actor: null }))));
    for (const item of items) {
      expect(await watchOf(item.itemId)).toMatchObject({
        acted_by: 'notice',
        provider_id: item.provider ? providers.get(item.provider) : null,
        asn: item.asn,
        as_organisation: `AS${item.asn}`,
        hosting_country: item.country,
      });
    }
  });

  it('keeps watching a removed item without a timeline line per check, and closes it once MONITOR_WATCH_REMOVED has passed', async () => {
    const before = (await eventsOf(removedItem)).length;
    const checks = (await checksOf(removedItem)).length;
    await checkUntil(removedItem, (_status, count) => count >= checks + 2);
    expect(await statusOf(removedItem)).toBe('removed');
    expect(await eventsOf(removedItem)).toHaveLength(before);

    await database.db.updateTable('item_monitoring').set({ next_check_at: new Date() }).where('item_id', '=', removedItem).execute();
    await runDueChecks({ ...monitor, settings: { ...config.monitor, watchRemovedMs: 0 } }, { concurrency: 4, until: Date.now() + 2_000 });
    expect(await statusOf(removedItem)).toBe('closed');
    expect((await watchOf(removedItem)).next_check_at).toBeNull();
  }, 120_000);
});
