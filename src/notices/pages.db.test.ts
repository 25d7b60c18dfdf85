import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDirectoryProvider } from '../providers/directory.js';
import { noticePageKey } from '../server/takedown.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { staffWithToken } from '../test-support/staff.js';
import { routedItem } from '../test-support/takedown.js';
import { noticePageToken } from './provider-link.js';
import { noticesOfItem } from './store.js';

let testApp: TestApp;
let itemId = '';
let noticeId = '';

beforeAll(async () => {
  testApp = await openTestApp();
  const db = testApp.database.db;
  await addDirectoryProvider(db, providerEntry({ cidrs: ['192.0.2.0/24'] }));
  ({ itemId, noticeId: noticeId = '' } = await routedItem(db, testApp.cipher, 'http://page.test-illegal.example/x', '192.0.2.5'));
});
afterAll(() => testApp.close());

describe(`pages of notice and takedown on ${testEngine}`, () => {
  it('shows the item’s routing and notices in the API', async () => {
    const { token } = await staffWithToken(testApp.database.db, 'analyst');
    const response = await testApp.app.inject({ method: 'GET', url: `/api/v1/items/${itemId}`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.routing).toMatchObject({ decision: 'notice', recipients: [{ kind: 'ntd', email: 'abuse@host.example', source: 'directory' }] });
    expect(body.notices).toEqual([expect.objectContaining({ id: noticeId, kind: 'ntd', recipient: 'abuse@host.example', state: 'sent' })]);
  });

  it('refuses the provider page without the right token, and records a dispute with its reason', async () => {
    expect((await testApp.app.inject({ method: 'GET', url: `/notices/${noticeId}/wrong-token` })).statusCode).toBe(404);
    const key = noticePageKey(testApp.secretKey);
    const path = `/notices/${noticeId}/${noticePageToken(key, noticeId)}`;
    const page = await testApp.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('http://page.test-illegal.example/x');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const answered = await testApp.app.inject({
      method: 'POST',
      url: path,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, item: itemId, response: 'disputed', dispute: 'other', reason: 'the file is a test pattern' }).toString(),
    });
    expect(answered.statusCode).toBe(200);
    expect((await noticesOfItem(testApp.database.db, itemId))[0]).toMatchObject({ response: 'disputed', responseReason: 'the file is a test pattern' });
  });

  it('gives officers the referral package, audited, and nobody else in the workbench', async () => {
    const officer = await staffWithToken(testApp.database.db, 'police');
    const json = await testApp.app.inject({ method: 'GET', url: '/staff/police/package.json', headers: { authorization: `Bearer ${officer.token}` } });
    expect(json.statusCode).toBe(200);
    expect(json.json().items[0].item).toMatchObject({ itemId, reason: 'category' });
    const csv = await testApp.app.inject({ method: 'GET', url: '/staff/police/package.csv', headers: { authorization: `Bearer ${officer.token}` } });
    expect(csv.body.split('\n')[0]).toBe('item,url,category,hosting_country,addresses,legal_basis,reason,referred_at,sha256,md5,sha1,pdq');
    const audited = await testApp.database.db.selectFrom('audit_log').select('action').where('action', '=', 'police_package_downloaded').execute();
    expect(audited).toHaveLength(2);
    expect((await testApp.app.inject({ method: 'GET', url: '/staff/queue', headers: { authorization: `Bearer ${officer.token}` } })).statusCode).toBe(403);
  });
});
