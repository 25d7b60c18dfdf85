import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { DEFAULT_CATEGORIES } from '../domain/categories.js';
import { overrideDecision } from '../domain/routing.js';
import { submitReport } from '../intake/reports.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { releaseHold } from '../police/referrals.js';
import { Cipher } from '../privacy/cipher.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { assessItem, claimForAssessment } from '../review/assess.js';
import { currentRouting, recordRouting, routeItem, routeItems, type RoutingDeps } from '../routing/route-item.js';
import { routingDeps } from '../server/takedown.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { validReport } from '../test-support/reports.js';
import { startSmtpServer, type LoopbackSmtpServer } from '../test-support/smtp-server.js';
import { testSender } from '../test-support/takedown.js';
import { staffWithToken } from '../test-support/staff.js';
import { IpData } from '../trace/ip-data.js';
import { traceItem } from '../triage/triage.js';
import type { StaffUser } from '../auth/users.js';
import { sendNotice, type SenderDeps } from './send.js';
import { createNoticeMailer, type NoticeMailer } from './smtp.js';
import { claimNotice, noticesOfItem, queueNotices, releaseHeldNotices, type QueuedNotice } from './store.js';

let database: DatabaseHandle;
let smtp: LoopbackSmtpServer;
let mailer: NoticeMailer;
let analyst: StaffUser;
let routing: RoutingDeps;
let sender: SenderDeps;
let trace: Parameters<typeof traceItem>[0];
const scheduled: QueuedNotice[] = [];
/** Where each test host resolves to; tracing asks this instead of DNS. */
const addresses = new Map<string, string>();
const cipher = new Cipher(randomBytes(32));
const config = loadConfig({ NOTICE_DELAY: '0s', POLICE_FIRST_CATEGORIES: 'grooming', POLICE_HOLD: '1h', HOTLINE_COUNTRY: 'NL', FOUR_EYES_OUTCOMES: 'none' });
const LATER = () => new Date(Date.now() + 60 * 60_000);

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startSmtpServer();
  mailer = createNoticeMailer(smtp.url);
  analyst = (await staffWithToken(database.db, 'analyst')).user;
  await addDirectoryProvider(database.db, providerEntry({ name: 'Loopback Hosting', cidrs: ['127.0.0.0/8'], abuseEmails: ['abuse@loopback-hosting.example'] }));
  const ipData = IpData.open();
  trace = { db: database.db, ipData: () => ipData, resolve: async (host: string) => [{ address: addresses.get(host) ?? '127.0.0.1', family: 4 }] };
  routing = routingDeps(config, database.db, { rdap: undefined, scheduleNotices: async (notices) => void scheduled.push(...notices) });
  sender = testSender({ db: database.db, mailer, routing, trace, schedule: async (notices: readonly QueuedNotice[]) => void scheduled.push(...notices), retryMaxMs: config.takedown.retryMaxMs });
}, 60_000);

afterAll(async () => {
  mailer.close();
  await smtp.close();
  await database.close();
});

/** A reported URL, traced to `address`, assessed illegal by an analyst. */
async function illegalItem(url: string, category = 'csam', address = '127.0.0.1'): Promise<string> {
  let itemId = '';
  const report = { ...validReport([url]), category };
  await submitReport({ db: database.db, cipher, contactRetentionDays: 30, onItemsReported: (ids) => (itemId = ids[0]!) }, report, { channel: 'api', language: 'en' });
  addresses.set(new URL(url).hostname, address);
  await traceItem(trace, itemId, new URL(url).hostname);
  await database.db.transaction().execute((trx) => changeItemStatus(trx, { itemId, event: 'triage_completed', actor: null }));
  await claimForAssessment(database.db, itemId, analyst, 30, []);
  const classification = { legalBasis: 'baseline', ageGroup: 'pre_pubescent', gender: 'not_determined', contentType: 'image', siteType: 'image_host', commercial: false, paymentMethods: [], virtual: false, userGenerated: false, childModelling: false } as const;
  await assessItem(database.db, { categoryIds: DEFAULT_CATEGORIES.map((c) => c.id), fourEyes: [] }, itemId, analyst, { outcome: 'illegal', classification: { ...classification, paymentMethods: [] } });
  return itemId;
}

describe(`notice and takedown on ${testEngine}`, () => {
  it('sends a notice to the directory provider owning the address: one message for its items, with the X-ARF report', async () => {
    const first = await illegalItem('http://one.test-illegal.example/a.html');
    const second = await illegalItem('http://two.test-illegal.example/b.html');
    expect((await routeItem(routing, first))?.decision).toBe('notice');
    await routeItem(routing, second);
    const [notice] = await noticesOfItem(database.db, first);
    expect((await noticesOfItem(database.db, second))[0]!.id).toBe(notice!.id);
    expect(await sendNotice(sender, notice!.id)).toBe('sent');

    expect(smtp.received).toHaveLength(1);
    const mail = await simpleParser(smtp.received.splice(0)[0]!.raw);
    expect(mail.to).toMatchObject({ value: [{ address: 'abuse@loopback-hosting.example' }] });
    expect(mail.subject).toContain(notice!.reference);
    expect(mail.text).toContain('http://one.test-illegal.example/a.html');
    expect(mail.text).toContain('http://two.test-illegal.example/b.html');
    const xarf = mail.attachments.filter((part) => part.contentType === 'application/json').map((part) => JSON.parse(part.content.toString('utf8')));
    expect(xarf.map((report) => [report.category, report.type, report.url]).sort()).toEqual([
      ['content', 'csam', 'http://one.test-illegal.example/a.html'],
      ['content', 'csam', 'http://two.test-illegal.example/b.html'],
    ]);
    expect((await noticesOfItem(database.db, first))[0]).toMatchObject({ state: 'sent', kind: 'ntd', recipient: 'abuse@loopback-hosting.example' });
    const item = await database.db.selectFrom('content_items').select('status').where('id', '=', first).executeTakeFirstOrThrow();
    expect(item.status).toBe('notified');
    expect(await currentRouting(database.db, first)).toMatchObject({ decision: 'notice', hostingCountry: 'NL', reasons: [{ code: 'hosted_domestically' }, { code: 'provider_in_directory' }, { code: 'police_category' }] });
  }, 30_000);

  it('sends exactly one message when SMTP is down and then back', async () => {
    const itemId = await illegalItem('http://down.test-illegal.example/c.html');
    await routeItem(routing, itemId);
    const [notice] = await noticesOfItem(database.db, itemId);
    smtp.refuseWith(421);
    expect(await sendNotice(sender, notice!.id)).toBe('retry');
    expect((await noticesOfItem(database.db, itemId))[0]).toMatchObject({ state: 'queued', attempts: 1 });
    expect((await noticesOfItem(database.db, itemId))[0]!.lastError).toMatch(/421|temporary/);
    expect(scheduled.at(-1)!.notBefore.getTime() - Date.now()).toBeLessThanOrEqual(5_000);
    smtp.refuseWith(undefined);
    expect(await sendNotice(sender, notice!.id, LATER())).toBe('sent');
    expect(await sendNotice(sender, notice!.id, LATER())).toBe('not_queued');
    expect(smtp.received.splice(0)).toHaveLength(1);
  }, 30_000);

  it('holds the notice of a police-first category until an officer releases it', async () => {
    const itemId = await illegalItem('http://held.test-illegal.example/d.html', 'grooming');
    const decision = await routeItem(routing, itemId);
    expect(decision).toMatchObject({ policeFirst: true, policeReferral: 'category' });
    const [notice] = await noticesOfItem(database.db, itemId);
    expect(notice!.state).toBe('held');
    expect(await sendNotice(sender, notice!.id)).toBe('not_due');
    expect(smtp.received).toHaveLength(0);
    const released = await database.db.transaction().execute(async (trx) => ((await releaseHold(trx, itemId, 'officer@police.example')) ? releaseHeldNotices(trx, itemId, undefined) : []));
    expect(released).toHaveLength(1);
    expect(await sendNotice(sender, notice!.id)).toBe('sent');
    expect(smtp.received.splice(0)).toHaveLength(1);
  }, 30_000);

  it('lists an item without any contact as needing a recipient, and sends to the one a supervisor enters', async () => {
    const itemId = await illegalItem('http://nobody.test-illegal.example/e.html', 'csam', '10.1.2.3');
    const decision = await routeItem({ ...routing, policy: { ...routing.policy, hotlineCountry: 'NL' } }, itemId);
    expect(decision?.decision).toBe('needs_recipient');
    const recipient = { kind: 'ntd' as const, email: 'abuse@found.example', name: null, providerId: null, source: 'manual' as const, language: null, deadlineMs: null };
    const override = overrideDecision({ hostingCountry: null, providerId: null, originUnknown: false }, { decision: 'notice', recipient }, 'found by phone');
    expect(await recordRouting(routing, itemId, override, { event: 'rerouted', actor: 'supervisor@hotline.example', why: 'found by phone' })).toBe(true);
    const [notice] = await noticesOfItem(database.db, itemId);
    expect(notice).toMatchObject({ recipient: 'abuse@found.example', state: 'queued' });
    expect(await currentRouting(database.db, itemId)).toMatchObject({ decision: 'notice', decidedBy: 'supervisor@hotline.example', reasons: [{ code: 'override', reason: 'found by phone' }] });
  }, 30_000);

  it('routes many items in one go: one message per recipient, each item named once', async () => {
    await addDirectoryProvider(database.db, providerEntry({ name: 'Batch Hosting A', cidrs: ['10.30.0.0/24'], abuseEmails: ['abuse@batch-a.example'] }));
    await addDirectoryProvider(database.db, providerEntry({ name: 'Batch Hosting B', cidrs: ['10.31.0.0/24'], abuseEmails: ['abuse@batch-b.example'] }));
    const items = [await illegalItem('http://a1.test-illegal.example/', 'csam', '10.30.0.1'), await illegalItem('http://a2.test-illegal.example/', 'csam', '10.30.0.2'), await illegalItem('http://b1.test-illegal.example/', 'csam', '10.31.0.1')];
    const decisions = await routeItems(routing, items.map((itemId) => ({ itemId, change: { event: 'routed', actor: null } })));
    expect([...decisions.values()].map((decision) => decision.decision)).toEqual(['notice', 'notice', 'notice']);
    const [a1, a2, b1] = await Promise.all(items.map(async (itemId) => (await noticesOfItem(database.db, itemId))[0]!));
    expect([a1!.recipient, a2!.id, b1!.recipient]).toEqual(['abuse@batch-a.example', a1!.id, 'abuse@batch-b.example']);
    expect(await routeItems(routing, items.map((itemId) => ({ itemId, change: { event: 'routed', actor: null } })))).toEqual(new Map());
  }, 30_000);

  it('puts an item due now into its recipient’s late notice that no sender has taken yet, however long after the first it was routed', async () => {
    const items = [await illegalItem('http://lag-1.test-illegal.example/'), await illegalItem('http://lag-2.test-illegal.example/'), await illegalItem('http://lag-3.test-illegal.example/')];
    const recipient = { kind: 'ntd' as const, email: 'abuse@lagging.example', name: null, providerId: null, source: 'manual' as const, language: null, deadlineMs: null };
    const start = Date.now();
    const queue = (itemId: string, minutesLater: number) =>
      database.db.transaction().execute((trx) => queueNotices(trx, [{ itemId, recipient, holdUntil: null }], routing.timing, new Date(start + minutesLater * 60_000)));
    const [first] = await queue(items[0]!, 0);
    expect(await queue(items[1]!, 20)).toEqual([expect.objectContaining({ id: first!.id, isNew: false })]);
    expect((await claimNotice(database.db, first!.id))!.sort()).toEqual(items.slice(0, 2).sort());
    const [after] = await queue(items[2]!, 21);
    expect(after).toMatchObject({ isNew: true });
    expect(after!.id).not.toBe(first!.id);
  }, 30_000);

  it('routes an item again instead of sending when its host moved just before the notice', async () => {
    const itemId = await illegalItem('http://moving.test-illegal.example/f.html');
    await routeItem(routing, itemId);
    const [notice] = await noticesOfItem(database.db, itemId);
    addresses.set('moving.test-illegal.example', '10.9.9.9');
    expect(await sendNotice(sender, notice!.id)).toBe('withdrawn');
    expect(smtp.received).toHaveLength(0);
    expect(await currentRouting(database.db, itemId)).toMatchObject({ decision: 'needs_recipient' });
    expect(await noticesOfItem(database.db, itemId)).toEqual([]);
  }, 30_000);
});
