import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { formClient } from '../test-support/form-client.js';
import { issueSetupToken } from './setup.js';
import { countUsers, listUsers } from './users.js';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await openTestApp();
});
afterAll(() => testApp.close());

const PASSWORD = 'a long enough password';

describe(`the one-time setup link on ${testEngine}`, () => {
  it('creates the first admin once, after saying what is wrong with the form', async () => {
    const token = (await issueSetupToken(testApp.database.db))!;
    const client = formClient(testApp.app);
    expect((await client.get(`/setup/${token}`)).statusCode).toBe(200);

    const mismatch = await client.post(`/setup/${token}`, { email: 'first@hotline.example', password: PASSWORD, confirm: 'something else' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The two passwords differ.');
    expect(mismatch.body).toContain('value="first@hotline.example"');
    const short = await client.post(`/setup/${token}`, { email: 'first@hotline.example', password: 'short', confirm: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('at least 12 characters');

    const created = await client.post(`/setup/${token}`, { email: 'first@hotline.example', password: PASSWORD, confirm: PASSWORD });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/staff/login');
    expect((await listUsers(testApp.database.db)).map((user) => [user.email, user.role])).toEqual([['first@hotline.example', 'admin']]);

    const again = await client.post(`/setup/${token}`, { email: 'second@hotline.example', password: PASSWORD, confirm: PASSWORD });
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('This setup link no longer works');
    expect((await client.get(`/setup/${token}`)).statusCode).toBe(404);
    expect(await countUsers(testApp.database.db)).toBe(1);
    expect(await issueSetupToken(testApp.database.db)).toBeUndefined();
  });

  it('refuses a link that was never issued or was replaced by a later start', async () => {
    await testApp.database.db.deleteFrom('users').execute();
    const earlier = (await issueSetupToken(testApp.database.db))!;
    const later = (await issueSetupToken(testApp.database.db))!;
    const client = formClient(testApp.app);
    expect((await client.get(`/setup/${earlier}`)).statusCode).toBe(404);
    expect((await client.get('/setup/ohsetup_guessed')).statusCode).toBe(404);
    expect((await client.get(`/setup/${later}`)).statusCode).toBe(200);
  });
});
