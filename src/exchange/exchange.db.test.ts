import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { testEngine } from '../test-support/database.js';
import { startHotline, makePartners, type LoopbackHotline } from '../test-support/hotlines.js';
import { providerEntry } from '../test-support/providers.js';
import { startSmtpServer, type LoopbackSmtpServer } from '../test-support/smtp-server.js';
import { staffWithToken } from '../test-support/staff.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { generateExchangeKey, MESSAGES_PATH } from './identity.js';
import type { ReportMessage } from './messages.js';
import { signedHeaders } from './signing.js';

/**
 * Two hotlines on loopback, each with its own data and database: A in the
 * Netherlands, B in Czechia. Content hosted "in B" (B's networks, as A's
 * provider directory knows them) is reported to A, forwarded to B, triaged and
 * assessed there, B's notice goes out, B records its removal, and A sees it.
 */
let a: LoopbackHotline;
let b: LoopbackHotline;
let site: LoopbackServer;
let smtp: LoopbackSmtpServer;
const tokens = { a: '', b: '' };

const CLASSIFICATION = { legalBasis: 'baseline', ageGroup: 'pre_pubescent', gender: 'not_determined', contentType: 'image', siteType: 'image_host', commercial: false, paymentMethods: [], virtual: false, userGenerated: false, childModelling: false };
const POLL = { timeout: 90_000, interval: 250 };

beforeAll(async () => {
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 90, b: 30 } } }).png().toBuffer();
  site = await startLoopbackServer((request, response) => {
    if (request.url?.endsWith('.png')) return void response.writeHead(200, { 'content-type': 'image/png' }).end(image);
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><img src="${request.url}-picture.png" alt=""></body></html>`);
  });
  smtp = await startSmtpServer();
  a = await startHotline('Hotline A', 'NL');
  b = await startHotline('Hotline B', 'CZ', { SMTP_URL: smtp.url, NOTICE_FROM: 'notices@hotline-b.example' });
  // Loopback is "in B": A's directory and B's know the same hosting company there.
  const hosting = providerEntry({ name: 'Loopback Hosting CZ', country: 'CZ', cidrs: ['127.0.0.0/8'], abuseEmails: ['abuse@loopback-hosting.example'], language: 'cs' });
  await addDirectoryProvider(a.running.database.db, hosting);
  await addDirectoryProvider(b.running.database.db, hosting);
  await makePartners(a, b);
  tokens.a = (await staffWithToken(a.running.database.db, 'analyst')).token;
  tokens.b = (await staffWithToken(b.running.database.db, 'analyst')).token;
}, 240_000);

afterAll(async () => {
  await a?.destroy();
  await b?.destroy();
  await Promise.all([site?.close(), smtp?.close()]);
});

const dbOf = (hotline: LoopbackHotline) => hotline.running.database.db;
const api = (hotline: LoopbackHotline, method: 'GET' | 'POST', url: string, payload?: object) =>
  hotline.running.app!.inject({ method, url, headers: { authorization: `Bearer ${hotline === a ? tokens.a : tokens.b}` }, ...(payload ? { payload } : {}) });
const statusOf = async (hotline: LoopbackHotline, itemId: string) => (await dbOf(hotline).selectFrom('content_items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow()).status;
const itemOf = async (hotline: LoopbackHotline, url: string) => (await dbOf(hotline).selectFrom('content_items').select('id').where('normalized_url', '=', url).executeTakeFirst())?.id;

/** Waits for triage, then an analyst assesses the item illegal, as the API lets them. */
async function assessIllegal(hotline: LoopbackHotline, itemId: string): Promise<void> {
  await expect.poll(() => statusOf(hotline, itemId), POLL).toBe('triaged');
  expect((await api(hotline, 'POST', `/api/v1/items/${itemId}/claim`)).statusCode).toBe(200);
  expect((await api(hotline, 'POST', `/api/v1/items/${itemId}/assessment`, { outcome: 'illegal', classification: CLASSIFICATION })).json()).toEqual({ status: 'illegal' });
}

async function reportToA(url: string): Promise<string> {
  expect((await a.running.app!.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: [url], category: 'csam' } })).statusCode).toBe(201);
  const itemId = (await itemOf(a, url))!;
  await assessIllegal(a, itemId);
  return itemId;
}

const eventsOf = async (hotline: LoopbackHotline, itemId: string) =>
  (await dbOf(hotline).selectFrom('item_events').select('event').where('item_id', '=', itemId).orderBy('id').execute()).map((row) => row.event);

describe(`hotline-to-hotline exchange on loopback on ${testEngine}`, () => {
  it('forwards to the partner, which triages, notifies the host and reports removal back', async () => {
    const url = `${site.origin}/forwarded.html`;
    const itemA = await reportToA(url);
    await expect.poll(() => statusOf(a, itemA), POLL).toBe('forwarded');
    expect((await api(a, 'GET', `/api/v1/items/${itemA}`)).json().routing).toMatchObject({ decision: 'forward', hostingCountry: 'CZ' });

    // B: a partner report like any other, through triage, with A's classification shown as A's.
    await expect.poll(() => itemOf(b, url), POLL).toBeDefined();
    const itemB = (await itemOf(b, url))!;
    const report = await dbOf(b).selectFrom('reports').innerJoin('report_items', 'report_items.report_id', 'reports.id').select('reports.channel').where('report_items.item_id', '=', itemB).executeTakeFirstOrThrow();
    expect(report.channel).toBe('partner');
    const page = await api(b, 'GET', `/staff/items/${itemB}`);
    expect(page.body).toContain('data-testid="partner-reports"');
    expect(page.body).toContain(`Reported by Hotline A (their reference ${itemA})`);
    expect(page.body).toContain('pre_pubescent');
    await assessIllegal(b, itemB);

    // B's notice reaches the host; A hears that B reported it to the host.
    await expect.poll(() => smtp.received.filter((mail) => mail.raw.toString('utf8').includes('forwarded.html')).length, POLL).toBe(1);
    await expect.poll(() => eventsOf(a, itemA), POLL).toContain('partner_reported_to_isp');

    // B's monitoring, started by its notice, records the removal with its time to removal.
    await dbOf(b).transaction().execute(async (trx) => {
      const removedAt = new Date();
      await trx.updateTable('item_monitoring').set({ acted_at: new Date(removedAt.getTime() - 4321_000), next_check_at: null, removed_at: removedAt, time_to_removal_seconds: 4321 }).where('item_id', '=', itemB).execute();
      await changeItemStatus(trx, { itemId: itemB, event: 'removal_confirmed', actor: null });
    });
    await expect.poll(() => statusOf(a, itemA), POLL).toBe('closed');
    expect(await eventsOf(a, itemA)).toEqual(expect.arrayContaining(['forwarded_to_partner', 'partner_reported_to_isp', 'partner_removed', 'removal_confirmed', 'closed']));
    const monitoring = await dbOf(a).selectFrom('item_monitoring').selectAll().where('item_id', '=', itemA).executeTakeFirstOrThrow();
    expect(monitoring).toMatchObject({ acted_by: 'forward', time_to_removal_seconds: 4321 });
    expect(monitoring.removed_at).toBeInstanceOf(Date);
  }, 300_000);

  it('keeps what it forwards while the partner is down, and delivers it once when it is back', async () => {
    await b.stop();
    const url = `${site.origin}/while-down.html`;
    const itemA = await reportToA(url);
    const outbox = () => dbOf(a).selectFrom('exchange_outbox').select(['attempts', 'last_error', 'delivered_at']).where('item_id', '=', itemA).where('type', '=', 'report').executeTakeFirst();
    await expect.poll(async () => (await outbox())?.attempts ?? 0, POLL).toBeGreaterThanOrEqual(2);
    expect((await outbox())!).toMatchObject({ delivered_at: null, last_error: expect.stringMatching(/fetch failed|ECONNREFUSED/) });
    expect(await statusOf(a, itemA)).toBe('routed');
    await b.start();
    await expect.poll(() => statusOf(a, itemA), POLL).toBe('forwarded');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const received = await dbOf(b).selectFrom('partner_reports').select('report_id').where('reference', '=', itemA).execute();
    expect(received).toHaveLength(1);
  }, 300_000);

  it('refuses a tampered body or signature, an unknown key, a replay and a stale signature, applying nothing', async () => {
    const endpoint = `${b.url}${MESSAGES_PATH}`;
    const message = (): ReportMessage => ({
      type: 'report',
      id: randomUUID(),
      reference: randomUUID(),
      sentAt: new Date().toISOString(),
      urls: [`${site.origin}/signed-${randomUUID()}.html`],
      category: 'csam',
      classification: null,
      hashes: [],
      trace: { host: '127.0.0.1', country: 'CZ', addresses: [] },
    });
    const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
    const post = (headers: Record<string, string>, body: Buffer) => fetch(endpoint, { method: 'POST', headers, body });
    const count = async () => Number((await dbOf(b).selectFrom('exchange_inbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();

    const tampered = Buffer.from(JSON.stringify(message()));
    const bodyChanged = await post(await signedHeaders(a.key, endpoint, tampered), Buffer.from(JSON.stringify(message())));
    expect([bodyChanged.status, (await errorOf(bodyChanged))]).toEqual([400, 'bad_digest']);

    const body = Buffer.from(JSON.stringify(message()));
    const headers = await signedHeaders(a.key, endpoint, body);
    const flipped = headers.signature!.replace(/sig=:(.)/, (_match, first: string) => `sig=:${first === 'A' ? 'B' : 'A'}`);
    const signatureChanged = await post({ ...headers, signature: flipped }, body);
    expect([signatureChanged.status, (await errorOf(signatureChanged))]).toEqual([401, 'bad_signature']);

    const unknown = await post(await signedHeaders(generateExchangeKey(), endpoint, body), body);
    expect([unknown.status, (await errorOf(unknown))]).toEqual([401, 'unknown_key']);

    const stale = await post(await signedHeaders(a.key, endpoint, body, new Date(Date.now() - 10 * 60_000)), body);
    expect([stale.status, (await errorOf(stale))]).toEqual([401, 'stale_signature']);

    const malformedBody = Buffer.from(JSON.stringify({ ...message(), urls: 'not a list' }));
    const malformed = await post(await signedHeaders(a.key, endpoint, malformedBody), malformedBody);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'validation', errors: expect.arrayContaining([expect.objectContaining({ field: 'urls' })]) });
    expect(await count()).toBe(before);

    // The one good message: applied once; the same bytes again are a replay; a fresh signature is a retry.
    expect((await post(headers, body)).status).toBe(202);
    const replay = await post(headers, body);
    expect([replay.status, (await errorOf(replay))]).toEqual([409, 'replay']);
    const retry = await post(await signedHeaders(a.key, endpoint, body), body);
    expect([retry.status, await retry.json()]).toEqual([200, expect.objectContaining({ result: 'duplicate' })]);
    expect(await count()).toBe(before + 1);
  }, 120_000);
});
