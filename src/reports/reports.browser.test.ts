import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../config/config.js';
import { seedDemoData } from '../demo/seed.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { firstSignIn } from '../test-support/staff-browser.js';

let testApp: TestApp;
let browser: Browser;
let base: string;
let auditor: Page;

beforeAll(async () => {
  testApp = await openTestApp();
  await seedDemoData(testApp.database.db, { items: 300, days: 120, now: new Date('2026-06-30T12:00:00Z') });
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  auditor = await firstSignIn(browser, { base, db: testApp.database.db }, 'audrey@hotline.example', 'auditor');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

describe('the reports page in a browser', () => {
  it('leads from the navigation to the annual report, and to another year through the form', async () => {
    await auditor.goto(`${base}/staff/audit?lang=en`);
    await auditor.getByRole('link', { name: 'Reports' }).click();
    await auditor.getByLabel('Year').fill('2026');
    await auditor.getByRole('button', { name: 'Show' }).click();
    expect(await auditor.getByRole('heading', { level: 1 }).textContent()).toBe('Trusted flagger annual report 2026');
    expect(await auditor.getByRole('table', { name: 'Notices by provider' }).getByRole('row').count()).toBeGreaterThan(2);
  });

  it.each(LOCALES)('has no accessibility violations in %s', { timeout: 120_000 }, async (locale) => {
    await auditor.goto(`${base}/staff/reports/annual?year=2026&lang=${locale}`);
    expect(await accessibilityViolations(auditor), locale).toEqual([]);
  });
});
