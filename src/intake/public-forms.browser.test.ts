import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../config/config.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { CATALOGUES } from '../web/i18n/index.js';

let testApp: TestApp;
let browser: Browser;
let context: BrowserContext;
let base: string;

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  context = await browser.newContext({ bypassCSP: true });
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

const reportsNaming = async (host: string) =>
  testApp.database.db
    .selectFrom('report_items')
    .innerJoin('content_items', 'content_items.id', 'report_items.item_id')
    .select(['report_items.report_id', 'content_items.reporter_count'])
    .where('content_items.host', '=', host)
    .execute();

describe('the public forms in a browser', () => {
  it('shows the receipt after a redirect, so that reloading it files nothing again', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/report?lang=en`);
    await page.getByLabel('Web addresses (URLs)').fill('https://reload.test-illegal.example/page');
    await page.getByLabel('What kind of content is it?').selectOption('csam');
    await page.getByRole('button', { name: 'Send report' }).click();
    const receipt = await page.getByTestId('receipt').textContent();
    expect(new URL(page.url()).pathname).toBe('/report/receipt');
    await page.reload();
    expect(await page.getByTestId('receipt').textContent()).toBe(receipt);
    expect(await reportsNaming('reload.test-illegal.example')).toEqual([{ report_id: expect.any(String), reporter_count: 1 }]);
    expect(await accessibilityViolations(page)).toEqual([]);

    const elsewhere = await (await browser.newContext()).newPage();
    const gone = await elsewhere.goto(page.url());
    expect(gone?.status()).toBe(410);
    expect(await elsewhere.locator('main').textContent()).not.toContain(receipt);
    await page.close();
  });

  it('files one report when the same form is sent twice, and shows both times the same receipt', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/report?lang=en`);
    const token = await page.locator('input[name="_csrf"]').inputValue();
    const send = () => page.request.post(`${base}/report`, { form: { _csrf: token, urls: 'https://twice.test-illegal.example/page', category: 'hate', contentType: '', description: '' } });
    const receipts = [];
    for (const answer of [await send(), await send()]) receipts.push(/data-testid="receipt">([^<]+)</.exec(await answer.text())?.[1]);
    expect(receipts[0]).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(receipts[1]).toBe(receipts[0]);
    const reports = await reportsNaming('twice.test-illegal.example');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.reporter_count).toBe(1);
    await page.close();
  });

  it('says at the top, not on a field, that a form expired, and keeps the answers', async () => {
    const expiring = await browser.newContext({ bypassCSP: true });
    const page = await expiring.newPage();
    await page.goto(`${base}/report?lang=en`);
    await page.getByLabel('Web addresses (URLs)').fill('https://expired.test-illegal.example/page');
    await page.getByLabel('Description (optional)').fill('kept');
    await expiring.clearCookies();
    await page.getByRole('button', { name: 'Send report' }).click();
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('This form has expired. Please check your answers and send it again.');
    expect(await summary.locator('a').count()).toBe(0);
    expect(await page.locator('.field-error').count()).toBe(0);
    expect(await page.getByLabel('Web addresses (URLs)').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel('Web addresses (URLs)').inputValue()).toBe('https://expired.test-illegal.example/page');
    expect(await page.getByLabel('Description (optional)').inputValue()).toBe('kept');
    expect(await accessibilityViolations(page)).toEqual([]);
    await expiring.close();
  });

  it.each(LOCALES)('checks a receipt code in its own form, and hints at the format of a misshapen one, in %s', async (locale) => {
    const t = CATALOGUES[locale];
    const page = await context.newPage();
    await page.goto(`${base}/report?lang=${locale}`);
    await page.getByLabel(t['report.urls.label']).fill(`https://status-${locale}.test-illegal.example/`);
    await page.getByLabel(t['report.category.label']).selectOption('drugs');
    await page.getByRole('button', { name: t['report.submit'] }).click();
    const receipt = (await page.getByTestId('receipt').textContent())!;

    await page.goto(`${base}/status?lang=${locale}`);
    await page.getByLabel(t['status.code.label']).fill(` ${receipt.toLowerCase().replaceAll('-', ' ')} `);
    await page.getByRole('button', { name: t['status.submit'] }).click();
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(t['status.result'].replace('{code}', receipt));
    expect(await page.getByLabel(t['status.code.label']).inputValue()).toBe(receipt);

    await page.getByLabel(t['status.code.label']).fill('abcd efgh');
    await page.getByRole('button', { name: t['status.submit'] }).click();
    expect(await page.locator('.error-summary').textContent()).toContain(t['error.receipt.format']);
    expect(await page.getByTestId('status').count()).toBe(0);
    expect(await page.getByLabel(t['status.code.label']).inputValue()).toBe('abcd efgh');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('serves an icon for every page instead of a 404', async () => {
    const page = await context.newPage();
    const icons: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/favicon.ico') icons.push(response.status());
    });
    await page.goto(`${base}/`);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.ico');
    const icon = await page.request.get(`${base}/favicon.ico`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/x-icon');
    const bytes = await icon.body();
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const size = await page.evaluate(async (url) => {
      const image = new (globalThis as unknown as { Image: new () => { src: string; decode(): Promise<void>; naturalWidth: number } }).Image();
      image.src = url;
      await image.decode();
      return image.naturalWidth;
    }, `${base}/favicon.ico`);
    expect(size).toBeGreaterThanOrEqual(16);
    expect(icons.every((status) => status === 200)).toBe(true);
    await page.close();
  });
});
