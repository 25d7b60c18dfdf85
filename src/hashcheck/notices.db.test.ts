import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDirectoryProvider } from '../providers/directory.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { routedItem } from '../test-support/takedown.js';
import { addProvider } from './providers.js';

let testApp: TestApp;
let key = '';
let otherKey = '';

beforeAll(async () => {
  testApp = await openTestApp({ PUBLIC_BASE_URL: 'https://hotline.example' });
  const db = testApp.database.db;
  await addDirectoryProvider(db, providerEntry({ name: 'Example Hosting', cidrs: ['192.0.2.0/24'] }));
  key = (await addProvider(db, { name: 'Example Hosting', rateLimitPerMinute: 100 })).apiKey;
  otherKey = (await addProvider(db, { name: 'Other Hosting', rateLimitPerMinute: 100 })).apiKey;
});
afterAll(() => testApp.close());

const openNotices = (apiKey: string | undefined) =>
  testApp.app.inject({ method: 'GET', url: '/api/v1/hashcheck/notices', headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });

describe(`a provider’s open notices in the HashCheck API on ${testEngine}`, () => {
  it('lists the provider’s own open notices with their addresses and states, and only while something is open', async () => {
    const db = testApp.database.db;
    const { itemId, noticeId } = await routedItem(db, testApp.cipher, 'http://open.test-illegal.example/a', '192.0.2.5');
    const response = await openNotices(key);
    expect(response.statusCode).toBe(200);
    const { notices } = response.json();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'ntd', page: expect.stringMatching(new RegExp(`^https://hotline\\.example/notices/${noticeId}/[A-Za-z0-9_-]{43}$`)), items: [{ url: 'http://open.test-illegal.example/a', state: 'open', removedAt: null, response: null }] });
    expect(Date.parse(notices[0].deadline) - Date.parse(notices[0].sentAt)).toBe(24 * 3_600_000);

    expect((await openNotices(otherKey)).json()).toEqual({ notices: [] });
    expect((await openNotices(undefined)).statusCode).toBe(401);

    await db.insertInto('item_monitoring').values({ item_id: itemId, acted_at: new Date(), acted_by: 'notice', removed_at: new Date(), time_to_removal_seconds: 0 }).execute();
    expect((await openNotices(key)).json()).toEqual({ notices: [] });
  });

  it('is in the OpenAPI document under the HashCheck key', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.paths['/api/v1/hashcheck/notices'].get).toMatchObject({ tags: ['hashcheck'], security: [{ hashcheckKey: [] }] });
  });
});
