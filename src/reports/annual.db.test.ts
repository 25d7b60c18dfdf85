import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDirectoryProvider } from '../providers/directory.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { staffWithToken } from '../test-support/staff.js';
import { routedItem } from '../test-support/takedown.js';
import { annualReport } from './annual.js';
import { inhopeStatistics } from './inhope.js';

const run = promisify(execFile);
const HOUR = 3_600_000;
let testApp: TestApp;
let auditor = '';
const items: { itemId: string; noticeId: string }[] = [];

/** Six items reported, assessed illegal and noticed through the real routing: five in 2026 (A: 1–3, B: 4–5), one in 2025. */
const CASES = [
  { url: 'http://one.test-illegal.example/1', address: '192.0.2.10', sent: '2026-03-01T10:00:00Z', category: 'csam' },
  { url: 'http://two.test-illegal.example/2', address: '192.0.2.11', sent: '2026-03-02T10:00:00Z', category: 'csam' },
  { url: 'http://three.test-illegal.example/3', address: '192.0.2.12', sent: '2026-03-03T10:00:00Z', category: 'hate' },
  { url: 'http://four.test-illegal.example/4', address: '192.0.2.200', sent: '2026-03-04T10:00:00Z', category: 'csam' },
  { url: 'http://five.test-illegal.example/5', address: '192.0.2.201', sent: '2026-03-05T10:00:00Z', category: 'hate' },
  { url: 'http://six.test-illegal.example/6', address: '192.0.2.13', sent: '2025-12-31T23:00:00Z', category: 'csam' },
];

beforeAll(async () => {
  testApp = await openTestApp();
  const db = testApp.database.db;
  await addDirectoryProvider(db, providerEntry({ name: 'Alpha Hosting', cidrs: ['192.0.2.0/25'], abuseEmails: ['abuse@alpha.example'], deadlineMs: 24 * HOUR }));
  await addDirectoryProvider(db, providerEntry({ name: 'Beta Hosting', cidrs: ['192.0.2.128/25'], abuseEmails: ['abuse@beta.example'], deadlineMs: 24 * HOUR }));
  for (const entry of CASES) {
    const { itemId, noticeId } = await routedItem(db, testApp.cipher, entry.url, entry.address);
    items.push({ itemId, noticeId: noticeId! });
    await db.updateTable('notices').set({ sent_at: new Date(entry.sent) }).where('id', '=', noticeId!).execute();
    await db.updateTable('content_items').set({ category: entry.category }).where('id', '=', itemId).execute();
  }
  const sent = (index: number) => new Date(CASES[index]!.sent).getTime();
  const close = (index: number, changes: Record<string, unknown>) =>
    db.updateTable('notice_items').set(changes).where('notice_id', '=', items[index]!.noticeId).where('item_id', '=', items[index]!.itemId).execute();
  await close(0, { removed_at: new Date(sent(0) + 2 * HOUR), closed_at: new Date(sent(0) + 3 * HOUR), closed_as: 'removed' });
  await close(1, { removed_at: new Date(sent(1) + 72 * HOUR), closed_at: new Date(sent(1) + 73 * HOUR), closed_as: 'removed' });
  await close(2, { response: 'disputed', response_reason: 'the provider disagrees', responded_at: new Date(sent(2) + HOUR) });
  await close(3, { closed_at: new Date(sent(3) + 5 * HOUR), closed_as: 'moved' });
  const first = await db.selectFrom('notices').selectAll().where('id', '=', items[4]!.noticeId).executeTakeFirstOrThrow();
  await db
    .insertInto('notices')
    .values({
      ...first,
      id: undefined,
      reference: `${first.reference}-R`,
      idempotency_key: `${first.idempotency_key}:reminder`,
      step: 'reminder',
      first_notice_id: first.id,
      sent_at: new Date(sent(4) + 24 * HOUR),
      created_at: undefined,
      attempts: undefined,
    })
    .execute();
  auditor = (await staffWithToken(db, 'auditor')).token;
}, 60_000);
afterAll(() => testApp.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  testApp.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${auditor}`, ...headers } });
const none = { removed_within_deadline: 0, removed_later: 0, moved: 0, disputed: 0, not_removed: 0 };

describe(`trusted-flagger annual report on ${testEngine}`, () => {
  it('counts the year’s notices by provider and by category with the action taken, as computed by hand', async () => {
    const report = await annualReport(testApp.database.db, 2026);
    expect(report.totals).toEqual({
      notices: 5,
      items: 5,
      actions: { removed_within_deadline: 1, removed_later: 1, moved: 1, disputed: 1, not_removed: 1 },
      reminders: 1,
      escalations: 0,
      providers: 2,
    });
    expect(report.byProvider).toEqual([
      { provider: 'Alpha Hosting', country: 'NL', notices: 3, items: 3, actions: { ...none, removed_within_deadline: 1, removed_later: 1, disputed: 1 } },
      { provider: 'Beta Hosting', country: 'NL', notices: 2, items: 2, actions: { ...none, moved: 1, not_removed: 1 } },
    ]);
    expect(report.byCategory).toEqual([
      { category: 'csam', notices: 3, items: 3, actions: { ...none, removed_within_deadline: 1, removed_later: 1, moved: 1 } },
      { category: 'hate', notices: 2, items: 2, actions: { ...none, disputed: 1, not_removed: 1 } },
    ]);
    expect((await annualReport(testApp.database.db, 2025)).totals).toMatchObject({ notices: 1, items: 1, actions: { ...none, not_removed: 1 } });
  });

  it('gives the CSV with the same figures and no personal data', async () => {
    const response = await get('/staff/reports/annual.csv?year=2026');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.body.trim().split('\n')).toEqual([
      'year,group,name,country,notices,items,removed_within_deadline,removed_later,moved,disputed,not_removed',
      '2026,total,,,5,5,1,1,1,1,1',
      '2026,provider,Alpha Hosting,NL,3,3,1,1,0,1,0',
      '2026,provider,Beta Hosting,NL,2,2,0,0,1,0,1',
      '2026,category,csam,,3,3,1,1,1,0,0',
      '2026,category,hate,,2,2,0,0,0,1,1',
    ]);
    expect(response.body).not.toContain('@');
  });

  it('shows the report page with the statement, in the reader’s language', async () => {
    const page = await get('/staff/reports/annual?year=2026', { 'accept-language': 'nl' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Jaarverslag betrouwbare flagger 2026');
    expect(page.body).toContain('Alpha Hosting');
    expect(page.body).toContain('Verklaring over onafhankelijkheid en werkwijze');
    expect(page.body).not.toContain('abuse@');
    expect(page.body).not.toContain('test-illegal.example');
  });

  it('refuses a year that is not one with a clear 400', async () => {
    const response = await get('/staff/reports/annual.pdf?year=20x6');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The year must be a whole number from 2000 to 2100.');
    expect((await get('/staff/reports/inhope.json?from=2026-02-30&to=2027-01-01')).statusCode).toBe(400);
  });

  it.each(['en', 'ru'])('renders the PDF in %s on three pages (pdftoppm)', async (locale) => {
    const response = await get('/staff/reports/annual.pdf?year=2026', { 'accept-language': locale });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const folder = await mkdtemp(path.join(tmpdir(), 'annual-report-'));
    try {
      await writeFile(path.join(folder, 'report.pdf'), response.rawPayload);
      await run('pdftoppm', ['-r', '20', '-png', path.join(folder, 'report.pdf'), path.join(folder, 'page')]);
      expect((await readdir(folder)).filter((name) => name.startsWith('page')).length).toBe(3);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 30_000);
});

describe(`INHOPE statistics on ${testEngine}`, () => {
  it('counts the assessments in force and the notice-and-takedown times of the period', async () => {
    const db = testApp.database.db;
    const classification = (ageGroup: string, siteType: string) =>
      JSON.stringify({ legalBasis: 'baseline', ageGroup, gender: 'female', contentType: 'image', siteType, commercial: false, paymentMethods: [], virtual: false, userGenerated: false, childModelling: false });
    const decided = new Date('2026-04-01T00:00:00Z');
    const assess = (index: number, ageGroup: string, siteType: string) => ({
      item_id: items[index]!.itemId,
      analyst_id: null,
      automatic: true,
      outcome: 'illegal' as const,
      category: CASES[index]!.category,
      classification: classification(ageGroup, siteType),
      note: null,
      decided_at: decided,
    });
    await db.insertInto('assessments').values([assess(0, 'infant', 'forum'), assess(1, 'pubescent', 'forum'), assess(3, 'pubescent', 'image_host')]).execute();
    await db.updateTable('content_items').set({ hosting_country: 'NL' }).where('id', 'in', [items[0]!.itemId, items[1]!.itemId, items[3]!.itemId]).execute();
    const acted = new Date('2026-04-02T00:00:00Z');
    await db
      .insertInto('item_monitoring')
      .values([0, 1, 3].map((index, position) => ({
        item_id: items[index]!.itemId,
        acted_at: acted,
        acted_by: 'notice' as const,
        provider_id: null,
        hosting_country: 'NL',
        removed_at: position < 2 ? new Date(acted.getTime() + (position + 1) * 10 * HOUR) : null,
        time_to_removal_seconds: position < 2 ? (position + 1) * 36_000 : null,
      })))
      .execute();
    const statistics = await inhopeStatistics(db, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));
    expect(statistics.assessed).toEqual({ illegal: 3 });
    expect(statistics.illegal).toMatchObject({
      age_group: { infant: 1, pubescent: 2 },
      site_type: { forum: 2, image_host: 1 },
      legal_basis: { baseline: 3 },
      hosting_country: { NL: 3 },
      category: { csam: 3 },
    });
    expect(statistics.takedown).toEqual([
      { actedBy: 'notice', items: 3, removed: 2, medianSeconds: 54_000, p90Seconds: 68_400, within24h: 2, within72h: 2, within7d: 2 },
    ]);
    const csv = await get('/staff/reports/inhope.csv?from=2026-01-01&to=2027-01-01');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('illegal.age_group,pubescent,2\n');
    expect(csv.body).toContain('takedown.notice,medianSeconds,54000\n');
  });
});
