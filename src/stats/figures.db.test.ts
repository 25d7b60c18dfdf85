import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../auth/users.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { staffWithToken } from '../test-support/staff.js';
import { plannedItem, type PlannedItem } from '../test-support/stats-data.js';
import { providerHistory, providerTable, summary } from './figures.js';
import { refreshStats } from './refresh.js';

let testApp: TestApp;
let analyst: StaffUser;
let providerId: number;

const HOUR = 3600;
const at = (text: string) => new Date(text);
const period = { from: '2026-03-01', to: '2026-03-31' };

const item = (name: string, plan: Omit<PlannedItem, 'url' | 'address' | 'country' | 'category'> & Partial<PlannedItem>): PlannedItem => ({
  url: `http://${name}.test-illegal.example/page`,
  address: '203.0.113.7',
  country: 'NL',
  category: 'csam',
  ...plan,
});

beforeAll(async () => {
  testApp = await openTestApp();
  const db = testApp.database.db;
  analyst = (await staffWithToken(db, 'analyst')).user;
  providerId = (await addDirectoryProvider(db, providerEntry({ name: 'Example Hosting', deadlineMs: 24 * HOUR * 1000 }))).id;
  const plans = [
    item('removed-fast', { reportedAt: at('2026-03-02T10:00:00Z'), outcome: 'illegal', assessedAfterSeconds: 2 * HOUR, removedAfterSeconds: 5 * HOUR }),
    item('removed-late', { reportedAt: at('2026-03-02T11:00:00Z'), outcome: 'illegal', assessedAfterSeconds: HOUR / 2, removedAfterSeconds: 30 * HOUR, reminders: 1, disputed: true }),
    item('still-there', { reportedAt: at('2026-03-09T09:00:00Z'), outcome: 'illegal', assessedAfterSeconds: HOUR }),
    item('harmless', { reportedAt: at('2026-03-09T12:00:00Z'), outcome: 'not_illegal', assessedAfterSeconds: 600, category: 'drugs', country: 'DE' }),
    item('gone-already', { reportedAt: at('2026-03-20T08:00:00Z'), outcome: 'unavailable', assessedAfterSeconds: 1200, category: 'drugs', country: 'DE' }),
    item('other-month', { reportedAt: at('2026-04-02T08:00:00Z'), outcome: 'unavailable', assessedAfterSeconds: 60 }),
  ];
  for (const plan of plans) await plannedItem(db, testApp.cipher, analyst, plan);
  await refreshStats(db);
}, 180_000);
afterAll(() => testApp?.close());

describe(`statistics on ${testEngine}`, () => {
  it('counts reports, items, outcomes and hosting for a period as computed by hand', async () => {
    const figures = await summary(testApp.database.db, period);
    expect(figures).toMatchObject({
      reports: 5,
      items: 5,
      byOutcome: { illegal: 3, not_illegal: 1, unavailable: 1 },
      shareIllegal: 3 / 5,
      byCategory: { csam: 3, drugs: 2 },
      byCountry: { NL: 3, DE: 2 },
      hosting: { domestic: 3, forwarded: 0, referred: 0 },
      notifiedItems: 3,
      knownMaterial: 0,
      disputes: 1,
      perNotifiedItem: { notices: 1, reminders: 1 / 3, escalations: 0 },
    });
    expect(figures.byStatus).toMatchObject({ removed: 2, notified: 1, not_illegal: 1, unavailable: 1 });
  });

  it('gives time to removal and to assessment as median, p90 and shares within 24 h, 72 h and 7 days', async () => {
    const figures = await summary(testApp.database.db, period);
    // Removed after 5 h and 30 h: the median is the first, p90 the second.
    expect(figures.timeToRemoval).toEqual({ count: 2, median: 5 * HOUR, p90: 30 * HOUR, within24h: 0.5, within72h: 1, within7d: 1 });
    // Assessed after 10 min, 20 min, 30 min, 1 h and 2 h.
    expect(figures.timeToAssessment).toMatchObject({ count: 5, median: HOUR / 2, p90: 2 * HOUR });
  });

  it('narrows by category, country and provider, and spreads items over the days of a short period', async () => {
    const db = testApp.database.db;
    expect((await summary(db, { ...period, category: 'drugs' })).items).toBe(2);
    expect((await summary(db, { ...period, category: 'drugs' })).reports).toBe(2);
    expect((await summary(db, { ...period, country: 'NL' })).byOutcome).toEqual({ illegal: 3, not_illegal: 0, unavailable: 0 });
    expect((await summary(db, { ...period, provider: { providerId } })).items).toBe(3);
    const series = (await summary(db, period)).series;
    expect(series).toHaveLength(31);
    expect(series.filter((point) => point.items > 0)).toEqual([
      { start: '2026-03-02', reports: 2, items: 2, illegal: 2 },
      { start: '2026-03-09', reports: 2, items: 2, illegal: 1 },
      { start: '2026-03-20', reports: 1, items: 1, illegal: 0 },
    ]);
  });

  it('rates each provider: items notified, removal times, share in time, open items, reminders and disputes', async () => {
    const rows = await providerTable(testApp.database.db, period);
    expect(rows).toEqual([
      {
        key: { providerId },
        name: 'Example Hosting',
        asn: null,
        country: 'NL',
        notified: 3,
        removed: 2,
        open: 1,
        medianSeconds: 5 * HOUR,
        p90Seconds: 30 * HOUR,
        shareInTime: 1 / 3,
        reminders: 1,
        escalations: 0,
        disputes: 1,
      },
    ]);
    const history = await providerHistory(testApp.database.db, { from: '2026-02-01', to: '2026-04-30', provider: { providerId } });
    expect(history.map((month) => [month.start, month.notified, month.removed])).toEqual([['2026-02-01', 0, 0], ['2026-03-01', 3, 2], ['2026-04-01', 0, 0]]);
  });

  it('counts again only the items changed since the last refresh', async () => {
    const db = testApp.database.db;
    await refreshStats(db, 0);
    await plannedItem(db, testApp.cipher, analyst, item('late-comer', { reportedAt: at('2026-03-25T08:00:00Z'), outcome: 'unavailable', assessedAfterSeconds: 60 }));
    expect((await refreshStats(db, 0)).items).toBe(1);
    expect((await summary(db, period)).items).toBe(6);
    expect((await refreshStats(db, 0)).items).toBe(0);
  });
});
