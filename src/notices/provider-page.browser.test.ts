import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../config/config.js';
import { addDirectoryProvider } from '../providers/directory.js';
import { noticePageKey } from '../server/takedown.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { providerEntry } from '../test-support/providers.js';
import { routedItem } from '../test-support/takedown.js';
import { noticePageToken } from './provider-link.js';

let testApp: TestApp;
let browser: Browser;
/** axe is injected as a script: this page's context lets it past the CSP. */
let axePage: Page;
/** The provider's browser, with the CSP enforced. */
let page: Page;
let base: string;
let noticePath: string;
const confirmed: string[][] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  testApp = await openTestApp({}, undefined, { onRemovalConfirmed: async (itemIds) => void confirmed.push([...itemIds]) });
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const db = testApp.database.db;
  await addDirectoryProvider(db, providerEntry({ cidrs: ['192.0.2.0/24'] }));
  const first = await routedItem(db, testApp.cipher, 'http://page.test-illegal.example/one', '192.0.2.5');
  const second = await routedItem(db, testApp.cipher, 'http://page.test-illegal.example/two', '192.0.2.5');
  const third = await routedItem(db, testApp.cipher, 'http://page.test-illegal.example/three', '192.0.2.5');
  const removedAt = new Date('2026-05-04T12:34:00Z');
  await db.insertInto('notice_items').values([{ notice_id: first.noticeId!, item_id: second.itemId }, { notice_id: first.noticeId!, item_id: third.itemId, closed_at: removedAt, closed_as: 'removed', removed_at: removedAt }]).execute();
  noticePath = `/notices/${first.noticeId}/${noticePageToken(noticePageKey(testApp.secretKey), first.noticeId!)}`;
  browser = await launchBrowser();
  axePage = await (await browser.newContext({ bypassCSP: true })).newPage();
  page = await browser.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

describe('the provider’s page of a notice in a browser', () => {
  it.each(LOCALES)('has no accessibility violations in %s', async (locale) => {
    await axePage.goto(`${base}${noticePath}?lang=${locale}`);
    expect(await accessibilityViolations(axePage), locale).toEqual([]);
  });

  it('confirms removal of one address, disputes another with a reason, and shows no media', async () => {
    await page.goto(`${base}${noticePath}?lang=en`);
    expect(await page.locator('img, video, picture, iframe, object, embed').count()).toBe(0);
    expect(await page.getByTestId('content-state').allTextContents()).toEqual(['online when we last checked', 'removed 2026-05-04 12:34 UTC', 'online when we last checked']);

    const rows = page.locator('tbody tr');
    await rows.nth(0).getByRole('button', { name: 'Removed' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Thank you');
    expect(confirmed).toHaveLength(1);

    const row = page.locator('tbody tr').nth(2);
    await row.getByLabel('Why do you dispute it?').selectOption('other');
    await row.getByLabel('Reason for disputing').fill('the file is a test pattern');
    await row.getByRole('button', { name: 'Dispute' }).click();
    await page.getByText('disputed: Other reason (say which): the file is a test pattern').waitFor();
    expect(cspViolations).toEqual([]);
    await axePage.goto(`${base}${noticePath}?lang=en`);
    expect(await accessibilityViolations(axePage)).toEqual([]);
  });
});
