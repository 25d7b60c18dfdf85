import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../config/config.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { providerEntry } from '../test-support/providers.js';
import { firstSignIn } from '../test-support/staff-browser.js';
import { staffWithToken } from '../test-support/staff.js';
import { plannedItem } from '../test-support/stats-data.js';
import { refreshStats } from './refresh.js';

let testApp: TestApp;
let browser: Browser;
let base: string;
let supervisor: Page;
let providerId: number;
const HOUR = 3600;
const lastYear = new Date().getUTCFullYear() - 1;
const period = `from=${lastYear}-01-01&to=${lastYear}-12-31`;
const refusals: string[] = [];

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  const db = testApp.database.db;
  const analyst = (await staffWithToken(db, 'analyst')).user;
  providerId = (await addDirectoryProvider(db, providerEntry({ name: 'Example Hosting' }))).id;
  const base_ = { address: '203.0.113.7', country: 'NL', category: 'csam', outcome: 'illegal' as const, assessedAfterSeconds: HOUR };
  await plannedItem(db, testApp.cipher, analyst, { ...base_, url: 'http://one.test-illegal.example/a', reportedAt: new Date(Date.UTC(lastYear, 2, 2, 10)), removedAfterSeconds: 5 * HOUR });
  await plannedItem(db, testApp.cipher, analyst, { ...base_, url: 'http://two.test-illegal.example/b', reportedAt: new Date(Date.UTC(lastYear, 5, 3, 10)), removedAfterSeconds: 50 * HOUR });
  await plannedItem(db, testApp.cipher, analyst, { ...base_, url: 'http://three.test-illegal.example/c', reportedAt: new Date(Date.UTC(lastYear, 5, 4, 10)), outcome: 'not_illegal' });
  await refreshStats(db);
  supervisor = await firstSignIn(browser, { base, db }, 'sue@hotline.example', 'supervisor');
}, 240_000);

/** The supervisor's session in a context that enforces the CSP (the sign-in context bypasses it for axe-core). */
async function strictPage(): Promise<Page> {
  const context = await browser.newContext({ storageState: await supervisor.context().storageState() });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused/i.test(message.text())) refusals.push(message.text());
  });
  return page;
}

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

/** Every chart image on the page was decoded and drawn. */
const chartsDrawn = (page: Page) =>
  page.locator('img.chart-image').evaluateAll((images) => images.map((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0));

describe('statistics in a browser', () => {
  it('filters the dashboard with a form that works without JavaScript, and draws every chart under the CSP', async () => {
    const page = await strictPage();
    await page.goto(`${base}/staff/stats?lang=en&${period}`);
    await page.getByLabel('Provider').selectOption(String(providerId));
    await page.getByRole('button', { name: 'Show' }).click();
    expect(page.url()).toContain(`provider=${providerId}`);
    expect(await page.getByTestId('key-figures').textContent()).toContain('Items notified to providers2');
    expect(await chartsDrawn(page)).toEqual([true, true, true, true, true, true]);
    expect(await page.getByRole('table', { name: 'Time to removal after a notice' }).textContent()).toContain('within 24 to 72 hours1');
    await page.goto(`${base}/transparency?lang=en`);
    expect(await chartsDrawn(page)).toEqual([true, true, true, true, true]);
    expect(refusals).toEqual([]);
    await page.context().close();
  });

  it('sorts the provider table and opens a provider’s history', async () => {
    await supervisor.goto(`${base}/staff/stats/providers?lang=en&${period}`);
    await supervisor.getByRole('link', { name: 'Median time to removal' }).click();
    expect(await supervisor.locator('th[aria-sort]').textContent()).toBe('Median time to removal');
    await supervisor.getByRole('link', { name: 'Example Hosting' }).click();
    await supervisor.getByRole('heading', { level: 1, name: 'Example Hosting' }).waitFor();
    expect(await chartsDrawn(supervisor)).toEqual([true, true]);
  });

  it.each(LOCALES)('has no accessibility violations on the statistics pages and the transparency page in %s', { timeout: 120_000 }, async (locale) => {
    for (const path of [`/staff/stats?${period}`, `/staff/stats/providers?${period}`, `/staff/stats/providers/${providerId}?${period}`, '/transparency']) {
      await supervisor.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${locale}`);
      expect(await accessibilityViolations(supervisor), `${locale} ${path}`).toEqual([]);
    }
    expect(await chartsDrawn(supervisor)).toEqual([true, true, true, true, true]);
  });
});
