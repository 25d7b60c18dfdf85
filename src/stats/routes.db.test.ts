import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDirectoryProvider } from '../providers/directory.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { staffWithToken } from '../test-support/staff.js';
import { plannedItem } from '../test-support/stats-data.js';
import { refreshStats } from './refresh.js';

const FEED_KEY = 'feed-key-0123456789abcdef';
let testApp: TestApp;
let keyedApp: TestApp;
let auditor: string;
let analyst: string;
let providerId: number;
const HOUR = 3600;
const period = 'from=2026-03-01&to=2026-03-31';

beforeAll(async () => {
  testApp = await openTestApp({ STATS_FEED: 'public' });
  keyedApp = await openTestApp({ STATS_FEED: 'key', STATS_FEED_KEY: FEED_KEY });
  const db = testApp.database.db;
  auditor = (await staffWithToken(db, 'auditor')).token;
  const assessor = await staffWithToken(db, 'analyst');
  analyst = assessor.token;
  providerId = (await addDirectoryProvider(db, providerEntry({ name: 'Example Hosting', deadlineMs: 24 * HOUR * 1000 }))).id;
  const base = { address: '203.0.113.7', country: 'NL', category: 'csam', outcome: 'illegal' as const };
  await plannedItem(db, testApp.cipher, assessor.user, { ...base, url: 'http://one.test-illegal.example/a', reportedAt: new Date('2026-03-02T10:00:00Z'), assessedAfterSeconds: HOUR, removedAfterSeconds: 5 * HOUR });
  await plannedItem(db, testApp.cipher, assessor.user, { ...base, url: 'http://two.test-illegal.example/b', reportedAt: new Date('2026-03-03T10:00:00Z'), assessedAfterSeconds: HOUR });
  await refreshStats(db);
}, 180_000);
afterAll(async () => {
  await testApp?.close();
  await keyedApp?.close();
});

const get = (url: string, token = auditor, app = testApp) => app.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe(`statistics routes on ${testEngine}`, () => {
  it('answers the summary as JSON, narrowed by category and country', async () => {
    const response = await get(`/api/v1/stats/summary?${period}&category=csam&country=nl`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      period: { from: '2026-03-01', to: '2026-03-31' },
      items: 2,
      reports: 2,
      byStatus: { removed: 1, notified: 1 },
      byOutcome: { illegal: 2, not_illegal: 0, unavailable: 0 },
      byCategory: { csam: 2 },
      byCountry: { NL: 2 },
      notifiedItems: 2,
      timeToRemoval: { count: 1, median: 5 * HOUR, p90: 5 * HOUR, within24h: 1, within72h: 1, within7d: 1 },
    });
    expect((await get(`/api/v1/stats/summary?${period}&country=DE`)).json().items).toBe(0);
  });

  it('refuses bad parameters with a 400 that says what is wrong', async () => {
    const cases: [string, string][] = [
      ['from=2026-02-30', 'The start date must be a date'],
      ['from=2026-04-01&to=2026-03-01', 'must not be after the end date'],
      ['from=2000-01-01&to=2026-01-01', 'at most ten years'],
      ['category=nonsense', 'no such category'],
    ];
    for (const [query, message] of cases) {
      const response = await get(`/api/v1/stats/summary?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().message, query).toContain(message);
    }
    expect((await get('/api/v1/stats/summary?country=Netherlands')).statusCode).toBe(400);
    expect((await get('/api/v1/stats/summary?from=yesterday')).statusCode).toBe(400);
    expect((await get('/api/v1/stats/providers?provider=1')).statusCode).toBe(400);
  });

  it('lists provider performance, and keeps it from analysts', async () => {
    const response = await get(`/api/v1/stats/providers?${period}`);
    expect(response.json()).toEqual({
      period: { from: '2026-03-01', to: '2026-03-31' },
      providers: [{ provider: String(providerId), name: 'Example Hosting', asn: null, country: 'NL', notified: 2, removed: 1, open: 1, medianSeconds: 5 * HOUR, p90Seconds: 5 * HOUR, shareInTime: 0.5, reminders: 0, escalations: 0, disputes: 0 }],
    });
    expect((await get(`/api/v1/stats/providers?${period}`, analyst)).statusCode).toBe(403);
    expect((await get(`/staff/stats?${period}`, analyst)).statusCode).toBe(403);
  });

  it('documents the statistics in the OpenAPI document', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/stats/summary', '/api/v1/stats/providers']));
    expect(document.paths['/api/v1/stats/summary'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('timeToRemoval');
  });

  it('draws the dashboard with charts as images, tables beside them and CSV downloads', async () => {
    const page = await get(`/staff/stats?${period}`);
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<img class="chart-image" src="data:image\/svg\+xml;base64,/g)).toHaveLength(6);
    expect(page.body).not.toMatch(/<[^>]+\sstyle=/);
    expect(page.body).toContain(`/staff/stats/csv/outcomes?${period.replace('&', '&amp;')}`);
    const csv = await get(`/staff/stats/csv/outcomes?${period}&lang=en`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe('Outcome,Items\nillegal,2\nnot illegal,0\ncontent unavailable,0\n');
    expect((await get('/staff/stats?from=2026-13-01')).statusCode).toBe(400);
    expect((await get(`/staff/stats/csv/nothing?${period}`)).statusCode).toBe(404);
  });

  it('sorts the provider table, and shows a provider month by month', async () => {
    const table = await get(`/staff/stats/providers?${period}&sort=median&order=asc`);
    expect(table.statusCode).toBe(200);
    expect(table.body).toContain('aria-sort="ascending"');
    const csv = await get(`/staff/stats/providers.csv?${period}`);
    expect(csv.body.split('\n')[1]).toBe(`${providerId},Example Hosting,,NL,2,1,1,18000,18000,0.5,0,0,0`);
    const history = await get(`/staff/stats/providers/${providerId}?from=2026-01-01&to=2026-04-30`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('<h1>Example Hosting</h1>');
    expect(history.body).toContain('2026-03');
    expect((await get('/staff/stats/providers/nobody')).statusCode).toBe(404);
  });

  it('offers the provider feed per STATS_FEED, without URLs or abuse addresses', async () => {
    const feed = await get('/feeds/providers.json', '');
    expect(feed.statusCode).toBe(200);
    expect(feed.body).not.toContain('test-illegal.example');
    expect(feed.body).not.toContain('abuse@');
    expect(feed.json().period.to).toBe(new Date().toISOString().slice(0, 10));
    for (const row of feed.json().providers) expect(Object.keys(row).sort()).toEqual(['asn', 'country', 'disputes', 'escalations', 'medianSeconds', 'name', 'notified', 'open', 'p90Seconds', 'provider', 'reminders', 'removed', 'shareInTime']);
    expect((await get('/feeds/providers.csv', '')).body.split('\n')[0]).toBe('provider,name,asn,country,notified,removed,open,medianSeconds,p90Seconds,shareInTime,reminders,escalations,disputes');
    expect((await get('/feeds/providers.json', '', keyedApp)).statusCode).toBe(401);
    expect((await get('/feeds/providers.json?key=wrong', '', keyedApp)).statusCode).toBe(401);
    expect((await get(`/feeds/providers.json?key=${FEED_KEY}`, '', keyedApp)).statusCode).toBe(200);
    expect((await get('/feeds/providers.json', FEED_KEY, keyedApp)).statusCode).toBe(200);
  });

  it('shows the public transparency page in every language', async () => {
    for (const locale of ['en', 'cs', 'nl', 'sv', 'ru', 'kk']) {
      const page = await get(`/transparency?lang=${locale}`, '');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<html lang="${locale}">`);
      expect(page.body).toContain('data:image/svg+xml;base64,');
    }
  });

  it('pages through the items with a cursor and counts the filtered set', async () => {
    const first = (await get('/api/v1/items?status=removed&limit=1', analyst)).json();
    expect(first).toMatchObject({ total: 1, nextCursor: null });
    const all = (await get('/api/v1/items?routing=notice&limit=1', analyst)).json();
    expect(all.total).toBe(2);
    expect(all.items).toHaveLength(1);
    const second = (await get(`/api/v1/items?routing=notice&limit=1&cursor=${all.nextCursor}`, analyst)).json();
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(all.items[0].id);
    expect(second.nextCursor).toBeNull();
    expect((await get('/api/v1/items?limit=1001', analyst)).json().message).toContain('between 1 and 1000');
    expect((await get('/api/v1/items?limit=0', analyst)).statusCode).toBe(400);
    expect((await get('/api/v1/items?cursor=bm9uc2Vuc2U', analyst)).json()).toMatchObject({ error: 'invalid_cursor' });
  });
});
