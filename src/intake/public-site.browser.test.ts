import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../config/config.js';
import { CATALOGUES } from '../web/i18n/index.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';

let testApp: TestApp;
let browser: Browser;
let context: BrowserContext;
let base: string;

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  // axe-core is injected as an inline script, which the site's own policy rightly forbids.
  context = await browser.newContext({ bypassCSP: true });
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

describe('the public site in a browser', () => {
  it.each(LOCALES)('takes a report in %s, shows a receipt and its status', async (locale) => {
    const t = CATALOGUES[locale];
    const page = await context.newPage();
    await page.goto(`${base}/report?lang=${locale}`);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);

    await page.getByLabel(t['report.urls.label']).fill(`https://${locale}.test-illegal.example/page\nhttps://${locale}.test-illegal.example/other`);
    await page.getByLabel(t['report.category.label']).selectOption('csam');
    await page.getByRole('button', { name: t['report.submit'] }).click();

    const receipt = (await page.getByTestId('receipt').textContent())!.trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t['receipt.title']);

    await page.getByRole('link', { name: t['receipt.status'] }).click();
    await page.getByLabel(t['status.code.label']).fill(receipt.toLowerCase());
    await page.getByRole('button', { name: t['status.submit'] }).click();
    expect(await page.getByTestId('status').textContent()).toBe(t['status.received']);
    await page.close();
  });

  it('shows errors on the form, linked from a summary, with the typed text kept', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/report?lang=en`);
    await page.getByLabel('Web addresses (URLs)').fill('ftp://files.test-illegal.example/x');
    await page.getByLabel('Description (optional)').fill('kept');
    await page.getByRole('button', { name: 'Send report' }).click();
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    expect(await page.getByLabel('Description (optional)').inputValue()).toBe('kept');
    await page.getByRole('link', { name: 'Choose a category.' }).click();
    expect(new URL(page.url()).hash).toBe('#category');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('works with JavaScript turned off', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(`${base}/report?lang=nl`);
    await page.getByLabel(CATALOGUES.nl['report.urls.label']).fill('https://nojs.test-illegal.example/');
    await page.getByLabel(CATALOGUES.nl['report.category.label']).selectOption('hate');
    await page.getByRole('button', { name: CATALOGUES.nl['report.submit'] }).click();
    expect(await page.getByTestId('receipt').count()).toBe(1);
    await noScript.close();
  });

  it.each(LOCALES)('has no accessibility violations on any public page in %s', async (locale) => {
    const page = await context.newPage();
    for (const path of ['/', '/report', '/status', '/nowhere']) {
      await page.goto(`${base}${path}?lang=${locale}`);
      expect(await accessibilityViolations(page), `${locale} ${path}`).toEqual([]);
    }
    await page.goto(`${base}/report?lang=${locale}`);
    await page.getByLabel(CATALOGUES[locale]['report.urls.label']).fill(`https://a11y-${locale}.test-illegal.example/`);
    await page.getByLabel(CATALOGUES[locale]['report.category.label']).selectOption('drugs');
    await page.getByRole('button', { name: CATALOGUES[locale]['report.submit'] }).click();
    expect(await accessibilityViolations(page), `${locale} receipt`).toEqual([]);
    await page.goto(`${base}/status?lang=${locale}`);
    await page.getByRole('button', { name: CATALOGUES[locale]['status.submit'] }).click();
    expect(await accessibilityViolations(page), `${locale} status error`).toEqual([]);
    await page.close();
  });
});
