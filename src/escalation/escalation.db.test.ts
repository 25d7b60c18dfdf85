import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { sendNotice, type SenderDeps } from '../notices/send.js';
import { createNoticeMailer, type NoticeMailer } from '../notices/smtp.js';
import type { QueuedNotice } from '../notices/store.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import { Cipher } from '../privacy/cipher.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { RdapClient } from '../rdap/index.js';
import { routingDeps } from '../server/takedown.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { startSmtpServer, type LoopbackSmtpServer } from '../test-support/smtp-server.js';
import { routedItem, testSender } from '../test-support/takedown.js';
import { loopbackAllowed, startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { IpData } from '../trace/ip-data.js';
import { escalationAlerts } from './lists.js';
import { escalateOverdueNotices, type EscalationDeps } from './sweep.js';

const config = loadConfig({ NOTICE_DELAY: '0s', NOTICE_DEADLINE: '5s', ESCALATION_STEPS: 'reminder@10s,registrar@20s,upstream@30s' });
const fixture = (name: string) => readFile(new URL(`../rdap/fixtures/${name}`, import.meta.url), 'utf8');
const cipher = new Cipher(randomBytes(32));
/** Where each test host resolves to; tracing asks this instead of DNS. */
const addresses = new Map<string, string>();

let database: DatabaseHandle;
let smtp: LoopbackSmtpServer;
let mailer: NoticeMailer;
let rdapServer: LoopbackServer;
let bootstrapDir: string;
let fetcher: SafeFetcher;
let sender: SenderDeps;
let escalation: EscalationDeps;
const scheduled: QueuedNotice[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startSmtpServer();
  mailer = createNoticeMailer(smtp.url);
  await addDirectoryProvider(database.db, providerEntry({ name: 'Loopback Hosting', cidrs: ['127.0.0.0/8'], abuseEmails: ['abuse@loopback-hosting.example'], language: 'en' }));
  rdapServer = await startRdapServer();
  bootstrapDir = await mkdtemp(path.join(os.tmpdir(), 'rdap-bootstrap-'));
  const service = (entries: string[], base: string) => [entries, [`${rdapServer.origin}/${base}/`]];
  const files = { 'ipv4.json': [service(['127.0.0.0/8'], 'rir')], 'ipv6.json': [], 'dns.json': [service(['example'], 'registrar')], 'asn.json': [] };
  for (const [file, services] of Object.entries(files)) await writeFile(path.join(bootstrapDir, file), JSON.stringify({ version: '1.0', publication: '2026-01-01T00:00:00Z', services }));
  fetcher = new SafeFetcher({ limits: { maxBytes: 1_000_000, timeoutMs: 2_000, maxRedirects: 3 }, policy: loopbackAllowed });
  const schedule = async (notices: readonly QueuedNotice[]) => void scheduled.push(...notices);
  const routing = routingDeps(config, database.db, { rdap: undefined, scheduleNotices: schedule });
  const ipData = IpData.open();
  const trace = { db: database.db, ipData: () => ipData, resolve: async (host: string) => [{ address: addresses.get(host) ?? '127.0.0.1', family: 4 }] };
  sender = testSender({ db: database.db, mailer, routing, trace, schedule: schedule, retryMaxMs: config.takedown.retryMaxMs });
  escalation = {
    db: database.db,
    steps: config.takedown.escalationSteps,
    rdap: new RdapClient({ db: database.db, fetcher, bootstrapDir, cacheTtlMs: 3_600_000 }),
    defaultLanguage: 'en',
    defaultDeadlineMs: config.takedown.noticeDeadlineMs,
    sendingHours: undefined,
    schedule,
  };
});

afterAll(async () => {
  mailer.close();
  await smtp.close();
  await fetcher.close();
  await rdapServer.close();
  await rm(bootstrapDir, { recursive: true, force: true });
  await database.close();
});

/**
 * A local RDAP service: the hosting network 127.0.0.0/8 is a block reassigned
 * to a customer whose `up` link names the covering network of the upstream
 * provider; domains under `.example` are answered by their registrar.
 */
async function startRdapServer(): Promise<LoopbackServer> {
  const [reassigned, covering, domain] = await Promise.all([fixture('arin-ip-reassigned.json'), fixture('arin-ip.json'), fixture('registrar-domain.json')]);
  const server: LoopbackServer = await startLoopbackServer((request, response) => {
    const rdapJson = { 'content-type': 'application/rdap+json' };
    const url = request.url ?? '';
    if (url.startsWith('/rir/ip/127.')) return response.writeHead(200, rdapJson).end(reassigned.replaceAll('https://rdap.arin.net/registry/', `${server.origin}/rir/`));
    if (url === '/rir/ip/192.0.2.0/24') return response.writeHead(200, rdapJson).end(covering);
    if (url.startsWith('/registrar/domain/')) return response.writeHead(200, rdapJson).end(domain);
    response.writeHead(404, rdapJson).end(JSON.stringify({ errorCode: 404, title: 'Not Found' }));
  });
  return server;
}

/** An item notified by a notice that the SMTP server accepted; returns the item, the notice and when it was sent. */
async function notifiedItem(url: string) {
  const { itemId, noticeId } = await routedItem(database.db, cipher, url, '127.0.0.1', { NOTICE_DEADLINE: '5s' });
  await database.db.transaction().execute((trx) => changeItemStatus(trx, { itemId, event: 'notice_sent', actor: null }));
  const notice = await database.db.selectFrom('notices').select(['reference', 'sent_at', 'recipient']).where('id', '=', noticeId!).executeTakeFirstOrThrow();
  return { itemId, noticeId: noticeId!, reference: notice.reference, recipient: notice.recipient, after: (seconds: number) => new Date(notice.sent_at!.getTime() + seconds * 1000) };
}

const followUpsOf = (noticeId: string) =>
  database.db.selectFrom('notices').select(['id', 'step', 'kind', 'recipient', 'state']).where('first_notice_id', '=', noticeId).orderBy('created_at').execute();

async function sendAll(noticeIds: readonly string[], at: Date): Promise<string[]> {
  const outcomes: string[] = [];
  for (const id of noticeIds) outcomes.push(await sendNotice(sender, id, at));
  return outcomes;
}

async function receivedMail() {
  return Promise.all(smtp.received.splice(0).map(async (mail) => ({ to: mail.to, parsed: await simpleParser(mail.raw) })));
}

describe(`reminders and escalation on ${testEngine}`, () => {
  it('reminds the same recipient after the deadline, then escalates to the registrar and the upstream network and alerts supervisors, each step once', async () => {
    const first = await notifiedItem('http://stays.test-illegal.example/a.html');
    expect(await escalateOverdueNotices(escalation, first.after(9))).toBe(0);

    expect(await escalateOverdueNotices(escalation, first.after(11))).toBe(1);
    expect(await escalateOverdueNotices(escalation, first.after(11))).toBe(0);
    const [reminder] = await followUpsOf(first.noticeId);
    expect(reminder).toMatchObject({ step: 'reminder', kind: 'ntd', recipient: first.recipient, state: 'queued' });
    expect(await sendAll([reminder!.id], first.after(11))).toEqual(['sent']);
    const [reminderMail] = await receivedMail();
    expect(reminderMail!.to).toEqual([first.recipient]);
    expect(reminderMail!.parsed.subject).toMatch(new RegExp(`^\\[OH-[^\\]]+\\] Reminder: .*\\(first notice ${first.reference}\\)$`));

    expect(await escalateOverdueNotices(escalation, first.after(21))).toBe(1);
    const registrar = (await followUpsOf(first.noticeId)).filter((notice) => notice.kind === 'registrar');
    expect(registrar).toMatchObject([{ step: 'escalation', recipient: 'abuse-desk@registrar.example' }]);
    expect(await sendAll(registrar.map((notice) => notice.id), first.after(21))).toEqual(['sent']);

    expect(await escalateOverdueNotices(escalation, first.after(31))).toBe(1);
    const upstream = (await followUpsOf(first.noticeId)).filter((notice) => notice.kind === 'upstream');
    expect(upstream).toMatchObject([{ step: 'escalation', recipient: 'abuse@hosting-a.example' }]);
    expect(await sendAll(upstream.map((notice) => notice.id), first.after(31))).toEqual(['sent']);

    const escalations = await receivedMail();
    expect(escalations.map((mail) => mail.to)).toEqual([['abuse-desk@registrar.example'], ['abuse@hosting-a.example']]);
    for (const mail of escalations) expect(mail.parsed.subject).toMatch(new RegExp(`^\\[OH-[^\\]]+\\] Escalation: .*\\(first notice ${first.reference}\\)$`));

    expect(await escalateOverdueNotices(escalation, first.after(1000))).toBe(0);
    expect(await sendAll((await followUpsOf(first.noticeId)).map((notice) => notice.id), first.after(1000))).toEqual(['not_queued', 'not_queued', 'not_queued']);
    expect(smtp.received).toHaveLength(0);

    const item = await database.db.selectFrom('content_items').select('status').where('id', '=', first.itemId).executeTakeFirstOrThrow();
    expect(item.status).toBe('escalated');
    const monitoring = await database.db.selectFrom('item_monitoring').select(['reminders', 'escalations']).where('item_id', '=', first.itemId).executeTakeFirstOrThrow();
    expect(monitoring).toEqual({ reminders: 1, escalations: 2 });
    const timeline = await database.db.selectFrom('item_events').select('event').where('item_id', '=', first.itemId).orderBy('id').execute();
    expect(timeline.map((entry) => entry.event)).toEqual(expect.arrayContaining(['reminder_queued', 'reminder_sent', 'escalated', 'escalation_queued', 'escalation_sent']));
    const alerts = (await escalationAlerts(database.db)).filter((alert) => alert.reference === first.reference);
    expect(alerts.map((alert) => [alert.target, alert.outcome, alert.recipients])).toEqual([
      ['registrar', 'queued', ['abuse-desk@registrar.example']],
      ['upstream', 'queued', ['abuse@hosting-a.example']],
    ]);
  });

  it('sends no reminder for content removed before the deadline', async () => {
    const first = await notifiedItem('http://gone.test-illegal.example/b.html');
    await database.db.updateTable('item_monitoring').set({ acted_at: first.after(0), removed_at: first.after(3), time_to_removal_seconds: 3 }).where('item_id', '=', first.itemId).execute();
    await escalateOverdueNotices(escalation, first.after(1000));
    expect(await followUpsOf(first.noticeId)).toEqual([]);
  });

  it('leaves out of a queued reminder the items removed since, and withdraws it when none is left', async () => {
    const first = await notifiedItem('http://later.test-illegal.example/c.html');
    await escalateOverdueNotices(escalation, first.after(11));
    const [reminder] = await followUpsOf(first.noticeId);
    await database.db.updateTable('notice_items').set({ closed_at: first.after(12), closed_as: 'removed', removed_at: first.after(10) }).where('notice_id', '=', first.noticeId).execute();
    expect(await sendAll([reminder!.id], first.after(13))).toEqual(['withdrawn']);
    expect((await followUpsOf(first.noticeId))[0]!.state).toBe('withdrawn');
    expect(smtp.received).toHaveLength(0);
  });

  it('traces the item again before a reminder: content that moved gets no reminder, its notice is closed as moved and it is routed again', async () => {
    const first = await notifiedItem('http://moving.test-illegal.example/d.html');
    await escalateOverdueNotices(escalation, first.after(11));
    const [reminder] = await followUpsOf(first.noticeId);
    addresses.set('moving.test-illegal.example', '10.9.9.9');
    expect(await sendAll([reminder!.id], first.after(11))).toEqual(['withdrawn']);
    expect(smtp.received).toHaveLength(0);
    const closed = await database.db.selectFrom('notice_items').select('closed_as').where('notice_id', '=', first.noticeId).executeTakeFirstOrThrow();
    expect(closed.closed_as).toBe('moved');
    const events = await database.db.selectFrom('item_events').select('event').where('item_id', '=', first.itemId).orderBy('id').execute();
    expect(events.map((entry) => entry.event).slice(-2)).toEqual(['move_detected', 'routed']);
    expect(await escalateOverdueNotices(escalation, first.after(1000))).toBe(0);
  });
});
