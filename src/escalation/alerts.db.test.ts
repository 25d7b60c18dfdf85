import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDirectoryProvider } from '../providers/directory.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { staffWithToken } from '../test-support/staff.js';
import { routedItem } from '../test-support/takedown.js';

let testApp: TestApp;
let supervisor = '';
let analyst = '';

beforeAll(async () => {
  testApp = await openTestApp();
  await addDirectoryProvider(testApp.database.db, providerEntry({ cidrs: ['192.0.2.0/24'] }));
  supervisor = (await staffWithToken(testApp.database.db, 'supervisor')).token;
  analyst = (await staffWithToken(testApp.database.db, 'analyst')).token;
});
afterAll(() => testApp.close());

const asStaff = (token: string, method: 'GET' | 'POST', url: string) => testApp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

describe(`escalations on the supervisors' list on ${testEngine}`, () => {
  it('shows each escalation whose content stays online until a supervisor marks it dealt with, audited', async () => {
    const db = testApp.database.db;
    const { itemId, noticeId } = await routedItem(db, testApp.cipher, 'http://alert.test-illegal.example/a', '192.0.2.5');
    const { reference } = await db.selectFrom('notices').select('reference').where('id', '=', noticeId!).executeTakeFirstOrThrow();
    const step = await db
      .insertInto('escalation_steps')
      .values({ first_notice_id: noticeId!, target: 'upstream', outcome: 'no_contact', detail: 'network of 192.0.2.5: not_found (no "up" link)' })
      .returning('id')
      .executeTakeFirstOrThrow();

    const list = await asStaff(supervisor, 'GET', '/staff/routing');
    expect(list.statusCode).toBe(200);
    const table = /<table data-testid="escalations">[\s\S]*?<\/table>/.exec(list.body)![0];
    expect(table).toContain(reference);
    expect(table).toContain(`/staff/items/${itemId}`);
    expect(table).toContain('nobody to write to: network of 192.0.2.5');

    expect((await asStaff(analyst, 'POST', `/staff/escalations/${step.id}/seen`)).statusCode).toBe(403);
    expect((await asStaff(supervisor, 'POST', `/staff/escalations/${step.id}/seen`)).statusCode).toBe(200);
    expect((await asStaff(supervisor, 'POST', `/staff/escalations/${step.id}/seen`)).statusCode).toBe(404);
    expect((await asStaff(supervisor, 'POST', '/staff/escalations/not-a-number/seen')).statusCode).toBe(404);
    const after = await asStaff(supervisor, 'GET', '/staff/routing');
    expect(/<table data-testid="escalations">[\s\S]*?<\/table>/.exec(after.body)![0]).not.toContain(reference);
    const audited = await db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'escalation_dealt_with').execute();
    expect(audited).toEqual([{ action: 'escalation_dealt_with', object_id: String(step.id) }]);
  });
});
