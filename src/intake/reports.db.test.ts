import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { Cipher } from '../privacy/cipher.js';
import { purgeExpiredContacts } from '../privacy/retention.js';
import { validReport } from '../test-support/reports.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { contactContext, receiptStatus, ReportWriter, submitReport, type IntakeDeps } from './reports.js';

let handle: DatabaseHandle;
let deps: IntakeDeps;
const web = { channel: 'web', language: 'en' } as const;

const reportOf = (...urls: string[]) => validReport(urls);

beforeAll(async () => {
  handle = await openTestDatabase();
  deps = { db: handle.db, cipher: new Cipher(randomBytes(32)), contactRetentionDays: 30 };
});
afterAll(() => handle.close());

describe(`report intake on ${testEngine}`, () => {
  it('stores a report with its items and answers its receipt', async () => {
    const submitted = await submitReport(deps, reportOf('http://one.test-illegal.example/'), web);
    expect(submitted.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(submitted.items).toEqual([{ url: 'http://one.test-illegal.example/', normalizedUrl: 'http://one.test-illegal.example/' }]);
    expect(await receiptStatus(handle.db, submitted.receipt)).toBe('received');
    expect(await receiptStatus(handle.db, submitted.receipt.toLowerCase().replaceAll('-', ' '))).toBe('received');
  });

  it('knows no status for an unknown or malformed receipt', async () => {
    expect(await receiptStatus(handle.db, '0000-0000-0000-0000')).toBeUndefined();
    expect(await receiptStatus(handle.db, 'nonsense')).toBeUndefined();
  });

  it('joins a URL reported again to its open item and counts the reporters', async () => {
    const url = 'http://again.test-illegal.example/x';
    await submitReport(deps, reportOf(url), web);
    await submitReport(deps, reportOf(url), { channel: 'api', language: 'nl' });
    const items = await handle.db.selectFrom('content_items').selectAll().where('normalized_url', '=', url).execute();
    expect(items).toHaveLength(1);
    expect(items[0]!.reporter_count).toBe(2);
    const events = await handle.db.selectFrom('item_events').select('event').where('item_id', '=', items[0]!.id).orderBy('id').execute();
    expect(events.map((e) => e.event)).toEqual(['reported', 'reported_again']);
  });

  it('opens a new item when the earlier one is closed', async () => {
    const url = 'http://closed.test-illegal.example/';
    await submitReport(deps, reportOf(url), web);
    const first = await handle.db.selectFrom('content_items').select('id').where('normalized_url', '=', url).executeTakeFirstOrThrow();
    await handle.db.transaction().execute(async (trx) => {
      await changeItemStatus(trx, { itemId: first.id, event: 'assessed_not_illegal', actor: 'test' });
      await changeItemStatus(trx, { itemId: first.id, event: 'closed', actor: 'test' });
    });
    await submitReport(deps, reportOf(url), web);
    const items = await handle.db.selectFrom('content_items').select(['status', 'reporter_count']).where('normalized_url', '=', url).orderBy('first_reported_at').execute();
    expect(items.map((item) => item.status).sort()).toEqual(['closed', 'received']);
  });

  it('takes many reports of the same URL at once without losing a reporter', async () => {
    const url = 'http://busy.test-illegal.example/';
    await Promise.all(Array.from({ length: 20 }, () => submitReport(deps, reportOf(url), web)));
    const item = await handle.db.selectFrom('content_items').select('reporter_count').where('normalized_url', '=', url).executeTakeFirstOrThrow();
    expect(item.reporter_count).toBe(20);
  });

  it('stores reports arriving together in one statement, each with its own items, counting every reporter', async () => {
    const writer = new ReportWriter(handle.db, { windowMs: 50, maxSize: 100 });
    const grouped = { ...deps, store: writer.store };
    const shared = 'http://grouped.test-illegal.example/shared';
    const submitted = await Promise.all(
      Array.from({ length: 12 }, (_, n) => submitReport(grouped, reportOf(shared, `http://grouped.test-illegal.example/own-${n}`), web)),
    );
    expect(new Set(submitted.map((report) => report.receipt)).size).toBe(12);
    for (const report of submitted) expect(await receiptStatus(handle.db, report.receipt)).toBe('received');
    const item = await handle.db.selectFrom('content_items').select(['id', 'reporter_count']).where('normalized_url', '=', shared).executeTakeFirstOrThrow();
    expect(item.reporter_count).toBe(12);
    const events = await handle.db.selectFrom('item_events').select('event').where('item_id', '=', item.id).execute();
    expect(events.map((row) => row.event).sort()).toEqual(['reported', ...Array<string>(11).fill('reported_again')]);
    const links = await handle.db.selectFrom('report_items').select('report_id').where('item_id', '=', item.id).execute();
    expect(links).toHaveLength(12);
  });

  it('fails only the report the database refuses when it arrives with others', async () => {
    const writer = new ReportWriter(handle.db, { windowMs: 50, maxSize: 100 });
    const grouped = { ...deps, store: writer.store };
    const refused = { ...reportOf('http://refused.test-illegal.example/'), description: 'text with a \u0000 byte' };
    const results = await Promise.allSettled([
      submitReport(grouped, reportOf('http://kept-1.test-illegal.example/'), web),
      submitReport(grouped, refused, web),
      submitReport(grouped, reportOf('http://kept-2.test-illegal.example/'), web),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await handle.db.selectFrom('content_items').select('normalized_url').where('host', 'like', '%.test-illegal.example').where('normalized_url', 'like', 'http://kept-%').execute();
    expect(stored).toHaveLength(2);
  });

  it('shows the report as in progress, then closed, as its items move on', async () => {
    const { receipt } = await submitReport(deps, reportOf('http://moves.test-illegal.example/'), web);
    const item = await handle.db.selectFrom('content_items').select('id').where('normalized_url', '=', 'http://moves.test-illegal.example/').executeTakeFirstOrThrow();
    await handle.db.transaction().execute((trx) => changeItemStatus(trx, { itemId: item.id, event: 'triage_completed', actor: null }));
    expect(await receiptStatus(handle.db, receipt)).toBe('in_progress');
    await handle.db.transaction().execute(async (trx) => {
      await changeItemStatus(trx, { itemId: item.id, event: 'assessed_unavailable', actor: 'analyst' });
      await changeItemStatus(trx, { itemId: item.id, event: 'closed', actor: 'analyst' });
    });
    expect(await receiptStatus(handle.db, receipt)).toBe('closed');
  });

  it('refuses a forbidden status change and leaves the item as it was', async () => {
    await submitReport(deps, reportOf('http://refuse.test-illegal.example/'), web);
    const item = await handle.db.selectFrom('content_items').select('id').where('normalized_url', '=', 'http://refuse.test-illegal.example/').executeTakeFirstOrThrow();
    await expect(
      handle.db.transaction().execute((trx) => changeItemStatus(trx, { itemId: item.id, event: 'removal_confirmed', actor: 'x' })),
    ).rejects.toThrow(/cannot take/);
    const after = await handle.db.selectFrom('content_items').select('status').where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('received');
  });

  it('keeps contact details encrypted, bound to their report, and erases them after retention', async () => {
    const report = { ...reportOf('http://contact.test-illegal.example/'), contact: { name: 'R', email: 'r@mail.example', mayContact: true } };
    await submitReport(deps, report, web);
    const row = await handle.db
      .selectFrom('reports')
      .innerJoin('report_items', 'report_items.report_id', 'reports.id')
      .innerJoin('content_items', 'content_items.id', 'report_items.item_id')
      .select(['reports.id', 'reports.contact_ciphertext', 'reports.may_contact', 'reports.contact_purge_after'])
      .where('content_items.normalized_url', '=', 'http://contact.test-illegal.example/')
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.contact_ciphertext!).includes(Buffer.from('mail.example'))).toBe(false);
    expect(JSON.parse(deps.cipher.decrypt(row.contact_ciphertext!, contactContext(row.id)))).toEqual(report.contact);
    expect(row.may_contact).toBe(true);

    expect(await purgeExpiredContacts(handle.db, new Date())).toBe(0);
    expect(await purgeExpiredContacts(handle.db, new Date(row.contact_purge_after!.getTime() + 1))).toBeGreaterThanOrEqual(1);
    const purged = await handle.db.selectFrom('reports').select('contact_ciphertext').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(purged.contact_ciphertext).toBeNull();
  });
});
