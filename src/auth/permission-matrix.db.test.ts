import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleHas, type Role } from '../domain/permissions.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { staffWithToken } from '../test-support/staff.js';
import guard, { UndeclaredAccessError } from './guard.js';
import security from '../server/security.js';
import i18n from '../web/i18n-plugin.js';

let testApp: TestApp;
const tokens = {} as Record<Role, string>;
const ITEM = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  testApp = await openTestApp();
  for (const role of ROLES) tokens[role] = (await staffWithToken(testApp.database.db, role)).token;
});
afterAll(() => testApp.close());

const concreteUrl = (url: string) => url.replace(/:id\b/, ITEM).replace(/:mediaId\b/, ITEM).replace(/:reportId\b/, ITEM).replace(/:receipt\b/, '0000-0000-0000-0000').replace(/\*$/, 'x');

describe(`permission matrix on ${testEngine}`, () => {
  it('knows the access of every route', () => {
    expect(testApp.app.routeAccess.length).toBeGreaterThan(20);
    expect(testApp.app.routeAccess.filter((route) => route.access !== 'public').length).toBeGreaterThan(10);
  });

  it('answers every route for every role and for anonymous callers exactly as declared', async () => {
    const problems: string[] = [];
    for (const route of testApp.app.routeAccess.filter((r) => r.method !== 'HEAD')) {
      const url = concreteUrl(route.url);
      const callers: (Role | 'anonymous')[] = ['anonymous', ...ROLES];
      for (const caller of callers) {
        const headers = caller === 'anonymous' ? {} : { authorization: `Bearer ${tokens[caller]}` };
        const response = await testApp.app.inject({ method: route.method as 'GET', url, headers });
        const refused = response.statusCode === 401 || response.statusCode === 403 || (response.statusCode === 303 && String(response.headers.location).startsWith('/staff/login?next='));
        if (route.access === 'provider') {
          if (response.statusCode !== 401) problems.push(`${route.method} ${route.url} as ${caller}: ${response.statusCode}, expected 401 without a provider key`);
          continue;
        }
        const allowed = route.access === 'public' || (caller !== 'anonymous' && roleHas(caller, route.access));
        if (allowed === refused) problems.push(`${route.method} ${route.url} as ${caller}: ${response.statusCode} (${route.access})`);
        if (!allowed && caller !== 'anonymous' && response.statusCode !== 403) problems.push(`${route.method} ${route.url} as ${caller}: ${response.statusCode}, expected 403`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses a bearer token that is unknown', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/items', headers: { authorization: 'Bearer oht_nonsense' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses to start with a route that declares no access', async () => {
    const app = Fastify();
    await app.register(security, { secretKey: Buffer.alloc(32), secureCookies: false });
    await app.register(i18n, { defaultLocale: 'en' });
    await app.register(guard, { db: testApp.database.db, sessions: { idleMinutes: 1, absoluteHours: 1 }, publicPrefixes: [] });
    await expect(
      app.register(async (child) => {
        child.get('/forgotten', async () => 'open');
      }).ready(),
    ).rejects.toThrow(UndeclaredAccessError);
    await app.close();
  });
});
