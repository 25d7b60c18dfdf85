import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../config/config.js';
import { noticePageToken } from '../notices/provider-link.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { noticePageKey } from '../server/takedown.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { providerEntry } from '../test-support/providers.js';
import { firstSignIn } from '../test-support/staff-browser.js';
import { routedItem } from '../test-support/takedown.js';

let testApp: TestApp;
let browser: Browser;
let base: string;
let supervisor: Page;
let officer: Page;
let sentItem: string;
let noticePath: string;
let providerId: number;

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  const db = testApp.database.db;
  providerId = (await addDirectoryProvider(db, providerEntry({ cidrs: ['192.0.2.0/24'] }))).id;
  const sent = await routedItem(db, testApp.cipher, 'http://sent.test-illegal.example/a', '192.0.2.9');
  sentItem = sent.itemId;
  noticePath = `/notices/${sent.noticeId}/${noticePageToken(noticePageKey(testApp.secretKey), sent.noticeId!)}`;
  await db.insertInto('escalation_steps').values({ first_notice_id: sent.noticeId!, target: 'registrar', outcome: 'queued', recipients: ['abuse@registrar.example'] }).execute();
  await routedItem(db, testApp.cipher, 'http://held.test-illegal.example/b', '192.0.2.10', { POLICE_FIRST_CATEGORIES: 'csam' });
  await routedItem(db, testApp.cipher, 'http://nobody.test-illegal.example/c', '198.51.100.20', { HOTLINE_COUNTRY: 'NL' });
  supervisor = await firstSignIn(browser, { base, db }, 'sue@hotline.example', 'supervisor');
  officer = await firstSignIn(browser, { base, db }, 'otto@police.example', 'police');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

describe('the takedown pages in a browser', () => {
  it('lets a supervisor add a provider to the directory, and says what is wrong with a bad one', async () => {
    await supervisor.goto(`${base}/staff/providers?lang=en`);
    await supervisor.getByLabel('Name').fill('Browser Hosting');
    await supervisor.getByLabel('Country').fill('NL');
    await supervisor.getByLabel('Networks (CIDR)').fill('300.0.0.0/8');
    await supervisor.getByLabel('Abuse contacts').fill('abuse@browser-hosting.example');
    await supervisor.getByRole('button', { name: 'Add the provider' }).click();
    expect(await supervisor.getByRole('alert').textContent()).toContain('CIDR range');
    expect(await accessibilityViolations(supervisor)).toEqual([]);
    await supervisor.getByLabel('Networks (CIDR)').fill('198.18.0.0/15');
    await supervisor.getByRole('button', { name: 'Add the provider' }).click();
    await supervisor.getByRole('link', { name: 'Browser Hosting' }).waitFor();
  });

  it.each(LOCALES)('has no accessibility violations on the takedown pages in %s', { timeout: 120_000 }, async (locale) => {
    for (const path of ['/staff/providers', `/staff/providers/${providerId}`, '/staff/routing', `/staff/items/${sentItem}`, '/staff/police']) {
      await supervisor.goto(`${base}${path}?lang=${locale}`);
      expect(await accessibilityViolations(supervisor), `${locale} ${path}`).toEqual([]);
    }
    await officer.goto(`${base}/staff/police?lang=${locale}`);
    expect(await accessibilityViolations(officer), `${locale} police`).toEqual([]);
    await officer.goto(`${base}${noticePath}?lang=${locale}`);
    expect(await accessibilityViolations(officer), `${locale} notice page`).toEqual([]);
  });

  it('shows the routing on the item page, and an officer releases a hold', async () => {
    await supervisor.goto(`${base}/staff/items/${sentItem}?lang=en`);
    expect(await supervisor.getByTestId('routing-decision').textContent()).toContain('Notice and takedown to the host');
    expect(await supervisor.getByTestId('notices').textContent()).toContain('abuse@host.example');
    await officer.goto(`${base}/staff/police?lang=en`);
    await officer.getByRole('button', { name: 'Release the notices' }).click();
    await officer.getByText('The hold is released; the notices go out.').waitFor();
  });
});
