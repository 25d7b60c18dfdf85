import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/log.js';
import { recordHostingCountry } from '../items/lifecycle-store.js';
import { formPost, openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { SAMPLE_CLASSIFICATION } from '../test-support/fixtures.js';
import { staffWithToken } from '../test-support/staff.js';

let testApp: TestApp;
let analyst: string;
let colleague: string;
let supervisor: string;
let auditor: string;

const classification = SAMPLE_CLASSIFICATION;

beforeAll(async () => {
  testApp = await openTestApp();
  const db = testApp.database.db;
  analyst = (await staffWithToken(db, 'analyst')).token;
  colleague = (await staffWithToken(db, 'analyst')).token;
  supervisor = (await staffWithToken(db, 'supervisor')).token;
  auditor = (await staffWithToken(db, 'auditor')).token;
});
afterAll(() => testApp.close());

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  testApp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

async function reportedItem(host: string, category = 'csam'): Promise<string> {
  await testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: [`https://${host}/page`], category } });
  const { items } = (await call('GET', `/api/v1/items?url=${host}`, analyst)).json() as { items: { id: string }[] };
  return items[0]!.id;
}

describe(`assessment on ${testEngine}`, () => {
  it('orders the queue by severity, then reporters, then age, and never shows content', async () => {
    await reportedItem('drugs.test-illegal.example', 'drugs');
    await reportedItem('abuse.test-illegal.example', 'csam');
    const { items } = (await call('GET', '/api/v1/items', analyst)).json() as { items: { host: string; category: string }[] };
    const hosts = items.map((item) => item.host);
    expect(hosts.indexOf('abuse.test-illegal.example')).toBeLessThan(hosts.indexOf('drugs.test-illegal.example'));
    expect(Object.keys(items[0]!).sort()).toEqual(['category', 'claimExpiresAt', 'claimedBy', 'firstReportedAt', 'host', 'hostingCountry', 'id', 'media', 'normalizedUrl', 'reportedCategories', 'reporterCount', 'status']);
  });

  it('filters the queue by hosting country, and refuses a country that is not a code', async () => {
    const hosted = await reportedItem('hosted-cz.test-illegal.example');
    await reportedItem('untraced.test-illegal.example');
    await testApp.database.db.transaction().execute((trx) => recordHostingCountry(trx, hosted, 'CZ', { country: 'CZ' }));
    const { items } = (await call('GET', '/api/v1/items?country=cz', analyst)).json() as { items: { id: string; hostingCountry: string }[] };
    expect(items.map((item) => [item.id, item.hostingCountry])).toEqual([[hosted, 'CZ']]);
    expect((await call('GET', '/api/v1/items?country=Czechia', analyst)).statusCode).toBe(400);
    const page = await call('GET', '/staff/queue?country=CZ', analyst);
    expect(page.body).toContain('hosted-cz.test-illegal.example');
    expect(page.body).not.toContain('untraced.test-illegal.example');
    expect((await call('GET', '/staff/queue?country=%3Cscript%3E', analyst)).body).toContain('untraced.test-illegal.example');
  });

  it('gives an item to one analyst at a time, and lets a supervisor release it', async () => {
    const id = await reportedItem('claimed.test-illegal.example');
    expect((await call('POST', `/api/v1/items/${id}/claim`, analyst)).statusCode).toBe(200);
    const second = await call('POST', `/api/v1/items/${id}/claim`, colleague);
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toContain('analyst-');
    expect((await call('POST', `/api/v1/items/${id}/release`, colleague)).json()).toEqual({ released: false });
    expect((await call('POST', `/api/v1/items/${id}/release`, supervisor)).json()).toEqual({ released: true });
    expect((await call('POST', `/api/v1/items/${id}/claim`, colleague)).statusCode).toBe(200);
  });

  it('records an assessment through the lifecycle, on the timeline and in the audit log', async () => {
    const id = await reportedItem('assessed.test-illegal.example', 'hate');
    await call('POST', `/api/v1/items/${id}/claim`, analyst);
    const decided = await call('POST', `/api/v1/items/${id}/assessment`, analyst, { outcome: 'illegal', category: 'csam', classification, note: 'checked' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toEqual({ status: 'illegal' });

    const item = (await call('GET', `/api/v1/items/${id}`, auditor)).json();
    expect(item.status).toBe('illegal');
    expect(item.category).toBe('csam');
    expect(item.claim).toBeNull();
    expect(item.assessments).toHaveLength(1);
    expect(item.assessments[0].classification).toEqual(classification);
    expect(item.timeline.map((entry: { event: string }) => entry.event)).toEqual(['reported', 'category_corrected', 'assessed_illegal']);

    const logged = await testApp.database.db.selectFrom('audit_log').select(['action', 'object_id']).where('object_id', '=', id).execute();
    expect(logged.map((row) => row.action)).toContain('assessment_decided');
    expect(await verifyAuditLog(testApp.database.db)).toMatchObject({ ok: true });
  });

  it('refuses a decision without a lease, by another analyst, or without a classification', async () => {
    const id = await reportedItem('refused.test-illegal.example');
    expect((await call('POST', `/api/v1/items/${id}/assessment`, analyst, { outcome: 'not_illegal' })).statusCode).toBe(400);
    await call('POST', `/api/v1/items/${id}/claim`, analyst);
    expect((await call('POST', `/api/v1/items/${id}/assessment`, colleague, { outcome: 'not_illegal' })).statusCode).toBe(409);
    const incomplete = await call('POST', `/api/v1/items/${id}/assessment`, analyst, { outcome: 'illegal' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().message).toContain('classification.required');
    const badEnum = await call('POST', `/api/v1/items/${id}/assessment`, analyst, { outcome: 'maybe' });
    expect(badEnum.statusCode).toBe(400);
    expect(badEnum.json().errors[0].field).toBe('outcome');
  });

  it('answers 404 for an unknown item and 400 for an id that is not one', async () => {
    expect((await call('GET', '/api/v1/items/00000000-0000-4000-8000-000000000000', analyst)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/items/not-an-id', analyst)).statusCode).toBe(400);
  });
});

describe(`the four-eyes rule on ${testEngine}`, () => {
  it('holds a not-illegal decision until a colleague agrees', async () => {
    const id = await reportedItem('four-eyes.test-illegal.example');
    await call('POST', `/api/v1/items/${id}/claim`, analyst);
    expect((await call('POST', `/api/v1/items/${id}/assessment`, analyst, { outcome: 'not_illegal' })).json()).toEqual({ status: 'second_opinion' });
    const own = await call('POST', `/api/v1/items/${id}/claim`, analyst);
    expect(own.statusCode).toBe(400);
    expect(own.json().message).toContain('own_proposal');
    await call('POST', `/api/v1/items/${id}/claim`, colleague);
    expect((await call('POST', `/api/v1/items/${id}/assessment`, colleague, { outcome: 'not_illegal' })).json()).toEqual({ status: 'not_illegal' });
    const item = (await call('GET', `/api/v1/items/${id}`, auditor)).json();
    expect(item.timeline.map((entry: { event: string }) => entry.event)).toEqual(['reported', 'second_opinion_requested', 'assessed_not_illegal']);
  });

  it('sends a disagreement to a supervisor, whose decision is final', async () => {
    const id = await reportedItem('dispute.test-illegal.example');
    await call('POST', `/api/v1/items/${id}/claim`, analyst);
    await call('POST', `/api/v1/items/${id}/assessment`, analyst, { outcome: 'not_illegal' });
    await call('POST', `/api/v1/items/${id}/claim`, colleague);
    expect((await call('POST', `/api/v1/items/${id}/assessment`, colleague, { outcome: 'illegal', classification })).json()).toEqual({ status: 'disputed' });
    expect((await call('POST', `/api/v1/items/${id}/claim`, analyst)).json().message).toContain('supervisor_only');
    await call('POST', `/api/v1/items/${id}/claim`, supervisor);
    expect((await call('POST', `/api/v1/items/${id}/assessment`, supervisor, { outcome: 'illegal', classification })).json()).toEqual({ status: 'illegal' });
  });
});

describe(`the workbench in the reader’s language on ${testEngine}`, () => {
  const page = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, fields?: Record<string, string>) => {
    const withToken = { authorization: `Bearer ${analyst}`, ...headers };
    return testApp.app.inject(fields ? formPost(url, fields, withToken) : { method, url, headers: withToken });
  };

  it('shows the queue and an item in Swedish, chosen with ?lang= or by the browser', async () => {
    const id = await reportedItem('svenska.test-illegal.example');
    const queue = await page('GET', '/staff/queue?lang=sv');
    expect(queue.body).toContain('<html lang="sv">');
    expect(queue.body).toContain('<title>Kö – OpenHotline arbetsyta</title>');
    expect(queue.body).toContain('<h1>Objekt som väntar på bedömning</h1>');
    expect(queue.body).toContain('<th scope="col">Väntar sedan</th>');
    expect(queue.body).not.toContain('Items waiting for assessment');

    const item = await page('GET', `/staff/items/${id}`, { 'accept-language': 'sv-SE,sv;q=0.9' });
    expect(item.body).toContain('<html lang="sv">');
    expect(item.body).toContain('<h1>Objekt på svenska.test-illegal.example</h1>');
    expect(item.body).toContain('<dd data-testid="item-status">mottaget</dd>');
    expect(item.body).toContain('<h2>Anmälningar</h2>');
    expect(item.body).toContain('<h2>Tidslinje</h2>');
    expect(item.body).toContain('Ta för bedömning');
    expect(item.body).not.toContain('Reports that named this address');
  });

  it('answers the assessment form in Russian, keeping the machine codes of a refusal', async () => {
    const id = await reportedItem('russkiy.test-illegal.example');
    await call('POST', `/api/v1/items/${id}/claim`, analyst);
    const incomplete = await page('POST', `/staff/items/${id}/assessment?lang=ru`, {}, { linkWorks: 'yes' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('<html lang="ru">');
    expect(incomplete.body).toContain('Оценка</h2>');
    expect(incomplete.body).toContain('Ответьте, доступен ли контент.');

    const answered = await page('POST', `/staff/items/${id}/assessment`, { cookie: 'lang=ru' }, { linkWorks: 'yes', contentAvailable: 'yes', illegal: 'no' });
    expect(answered.statusCode).toBe(303);
    const proposed = await page('GET', String(answered.headers.location), { cookie: 'lang=ru' });
    expect(proposed.body).toContain('Оценка записана: новый статус объекта — второе мнение.');
    expect(proposed.body).toMatch(/запрошено второе мнение \(получен → второе мнение\) — analyst-/);

    const own = await page('POST', `/staff/items/${id}/claim`, { 'accept-language': 'ru' });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('Эту оценку нельзя записать: Второе мнение должен дать другой аналитик (own_proposal).');
  });
});
