import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDirectoryProvider } from '../providers/directory.js';
import { noticePageKey } from '../server/takedown.js';
import { formPost, openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { routedItem } from '../test-support/takedown.js';
import { noticePageToken } from './provider-link.js';

const RATE_LIMIT = 15;
let testApp: TestApp;
const confirmed: string[][] = [];

beforeAll(async () => {
  testApp = await openTestApp({ RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }, undefined, { onRemovalConfirmed: async (itemIds) => void confirmed.push([...itemIds]) });
  await addDirectoryProvider(testApp.database.db, providerEntry({ cidrs: ['192.0.2.0/24'], language: 'nl' }));
});
afterAll(() => testApp.close());

/** A sent notice about two addresses, and the path of its page. */
async function noticeOfTwo(name: string) {
  const db = testApp.database.db;
  const first = await routedItem(db, testApp.cipher, `http://${name}.test-illegal.example/one`, '192.0.2.5');
  const second = await routedItem(db, testApp.cipher, `http://${name}.test-illegal.example/two`, '192.0.2.6');
  const noticeId = first.noticeId!;
  await db.insertInto('notice_items').values({ notice_id: noticeId, item_id: second.itemId }).execute();
  return { noticeId, itemIds: [first.itemId, second.itemId], path: `/notices/${noticeId}/${noticePageToken(noticePageKey(testApp.secretKey), noticeId)}` };
}

/** Opens the page like a browser and posts the form fields with its CSRF token and cookie. */
async function answer(path: string, fields: Record<string, string>) {
  const page = await testApp.app.inject({ method: 'GET', url: path });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return testApp.app.inject(formPost(path, { _csrf: csrf, ...fields }, { cookie }));
}

const itemRows = (noticeId: string) =>
  testApp.database.db.selectFrom('notice_items').select(['item_id', 'response', 'dispute_reason', 'response_reason']).where('notice_id', '=', noticeId).orderBy('item_id').execute();

describe(`the provider’s page of a notice on ${testEngine}`, () => {
  it('shows each address and where its content stands, in the provider’s language, with no media', async () => {
    const { noticeId, itemIds, path } = await noticeOfTwo('states');
    const removedAt = new Date('2026-05-04T12:34:00Z');
    await testApp.database.db.updateTable('notice_items').set({ closed_at: removedAt, closed_as: 'removed', removed_at: removedAt }).where('notice_id', '=', noticeId).where('item_id', '=', itemIds[1]!).execute();
    const page = await testApp.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'nl' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="nl"');
    const states = [...page.body.matchAll(/data-testid="content-state">(.*?)<\/td>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ''));
    expect(states).toEqual(['online bij onze laatste controle', 'verwijderd 2026-05-04 12:34 UTC']);
    expect(page.body).not.toMatch(/<img|<video|<picture|<source|\/media\//);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('records a confirmation for one address or all, asks for a check, and never marks the content removed by itself', async () => {
    const { noticeId, itemIds, path } = await noticeOfTwo('confirm');
    expect((await answer(path, { item: itemIds[0]!, response: 'removed' })).statusCode).toBe(200);
    expect(confirmed.at(-1)).toEqual([itemIds[0]]);
    expect((await answer(path, { item: 'all', response: 'removed' })).statusCode).toBe(200);
    expect(confirmed.at(-1)!.sort()).toEqual([...itemIds].sort());
    expect((await itemRows(noticeId)).map((row) => row.response)).toEqual(['removed', 'removed']);
    const statuses = await testApp.database.db.selectFrom('content_items').select('status').where('id', 'in', itemIds).execute();
    expect(statuses.map((row) => row.status)).not.toContain('removed');
    const monitoring = await testApp.database.db.selectFrom('item_monitoring').select('removed_at').where('item_id', 'in', itemIds).execute();
    expect(monitoring.filter((row) => row.removed_at !== null)).toEqual([]);
  });

  it('records a dispute with its reason, and asks for the words when the reason is "other"', async () => {
    const { noticeId, itemIds, path } = await noticeOfTwo('dispute');
    expect((await answer(path, { item: itemIds[0]!, response: 'disputed', dispute: 'not_our_customer' })).statusCode).toBe(200);
    const other = await answer(path, { item: itemIds[1]!, response: 'disputed', dispute: 'other', reason: ' ' });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('Say why you dispute the notice.');
    expect((await answer(path, { item: itemIds[1]!, response: 'disputed', dispute: 'made-up' })).statusCode).toBe(400);
    expect((await answer(path, { item: itemIds[1]!, response: 'disputed', dispute: 'not_illegal', reason: 'x'.repeat(2001) })).statusCode).toBe(400);
    expect((await answer(path, { item: itemIds[1]!, response: 'disputed', dispute: 'not_illegal', reason: 'a drawing' })).statusCode).toBe(200);
    const rows = await itemRows(noticeId);
    const byItem = Object.fromEntries(rows.map((row) => [row.item_id, [row.response, row.dispute_reason, row.response_reason]]));
    expect(byItem).toEqual({ [itemIds[0]!]: ['disputed', 'not_our_customer', null], [itemIds[1]!]: ['disputed', 'not_illegal', 'a drawing'] });
  });

  it('is gone once every item of the notice is closed, and refuses a wrong token or a post without its CSRF token', async () => {
    const { noticeId, path } = await noticeOfTwo('closed');
    expect((await testApp.app.inject(formPost(path, { item: 'all', response: 'removed' }))).statusCode).toBe(400);
    expect((await itemRows(noticeId)).map((row) => row.response)).toEqual([null, null]);
    expect((await testApp.app.inject({ method: 'GET', url: `/notices/${noticeId}/not-the-token` })).statusCode).toBe(404);
    await testApp.database.db.updateTable('notice_items').set({ closed_at: new Date(), closed_as: 'moved' }).where('notice_id', '=', noticeId).execute();
    expect((await testApp.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
  });

  it('limits how often one client may open the page', async () => {
    const { path } = await noticeOfTwo('limited');
    const codes: number[] = [];
    for (let request = 0; request <= RATE_LIMIT; request += 1) codes.push((await testApp.app.inject({ method: 'GET', url: path, remoteAddress: '198.51.100.9' })).statusCode);
    expect(codes.slice(0, RATE_LIMIT).every((code) => code === 200)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});
