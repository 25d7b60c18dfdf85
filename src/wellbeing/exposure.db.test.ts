import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { formPost, openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { staffWithToken } from '../test-support/staff.js';
import { exposureToday, recordExposure, teamTotals } from './exposure.js';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await openTestApp();
});
afterAll(() => testApp.close());

describe(`exposure counting on ${testEngine}`, () => {
  it('counts opened items and minutes on item pages toward the analyst’s day', async () => {
    const { user } = await createUser(testApp.database.db, { email: 'count@hotline.example', role: 'analyst' });
    const start = new Date();
    await recordExposure(testApp.database.db, user.id, 'view', start);
    await recordExposure(testApp.database.db, user.id, 'heartbeat', new Date(start.getTime() + 60_000));
    await recordExposure(testApp.database.db, user.id, 'view', new Date(start.getTime() + 90_000));
    await recordExposure(testApp.database.db, user.id, 'reveal', new Date(start.getTime() + 100_000));
    expect(await exposureToday(testApp.database.db, user.id, new Date(start.getTime() + 100_000))).toEqual({
      itemsViewed: 2,
      secondsViewed: 60,
      secondsSinceBreak: 60,
      mediaRevealed: 1,
    });
  });

  it('advises the analyst once their own daily limit is reached', async () => {
    const { token, user } = await staffWithToken(testApp.database.db, 'analyst');
    const headers = { authorization: `Bearer ${token}` };
    await testApp.app.inject(formPost('/staff/account/wellbeing', { dailyItemLimit: '2', breakAfterMinutes: '50' }, headers));
    const before = await testApp.app.inject({ method: 'GET', url: '/staff/queue', headers });
    expect(before.body).not.toContain('data-testid="exposure-advice"');
    await recordExposure(testApp.database.db, user.id, 'view');
    await recordExposure(testApp.database.db, user.id, 'view');
    const after = await testApp.app.inject({ method: 'GET', url: '/staff/queue', headers });
    expect(after.body).toContain('You have reached your daily limit of items.');
  });

  it('refuses limits out of bounds and keeps the form', async () => {
    const { token } = await staffWithToken(testApp.database.db, 'analyst');
    const response = await testApp.app.inject(formPost('/staff/account/wellbeing', { dailyItemLimit: '100000', breakAfterMinutes: '50' }, { authorization: `Bearer ${token}` }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('items per day');
  });

  it('shows a supervisor the team’s totals only', async () => {
    const { token } = await staffWithToken(testApp.database.db, 'supervisor');
    const totals = await teamTotals(testApp.database.db, 14);
    expect(totals[0]!.analysts).toBeGreaterThanOrEqual(2);
    const page = await testApp.app.inject({ method: 'GET', url: '/staff/team', headers: { authorization: `Bearer ${token}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('count@hotline.example');
  });
});
