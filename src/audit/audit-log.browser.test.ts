import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { firstSignIn } from '../test-support/staff-browser.js';
import { audit } from './log.js';

let testApp: TestApp;
let browser: Browser;
let base: string;
const itemIds = Array.from({ length: 12 }, () => randomUUID());

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  for (const [index, id] of itemIds.entries()) {
    await audit(testApp.database.db, { actor: `analyst-${index}@hotline.example`, action: 'item_viewed', objectType: 'item', objectId: id });
    await audit(testApp.database.db, {
      actor: `analyst-${index}@hotline.example`,
      action: 'assessment_decided',
      objectType: 'item',
      objectId: id,
      detail: { outcome: 'not_illegal', category: 'child_nudity', opinion: 'proposal', media: randomUUID(), note: 'x'.repeat(120) },
    });
  }
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

describe('the audit log in a browser', () => {
  it('fits a 1280 px window, with a compact filter bar and short ids that show whole on focus', async () => {
    const auditor = await firstSignIn(browser, { base, db: testApp.database.db }, 'fits@hotline.example', 'auditor');
    await auditor.setViewportSize({ width: 1280, height: 800 });
    await auditor.goto(`${base}/staff/audit`);
    const width = await auditor.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(1280);
    expect((await auditor.getByRole('search').boundingBox())!.height).toBeLessThan(200);

    const id = itemIds.at(-1)!;
    const link = auditor.getByRole('link', { name: `${id.slice(0, 8)}…` }).first();
    expect((await link.boundingBox())!.height).toBeLessThan(30);
    expect(await auditor.locator('td', { hasText: 'assessment recorded' }).count()).toBeGreaterThan(0);
    expect(await auditor.locator('table').textContent()).not.toContain('assessment_decided');
    const full = auditor.locator(`#${await link.getAttribute('aria-describedby')}`);
    expect(await full.textContent()).toBe(id);
    await link.focus();
    expect((await full.boundingBox())!.width).toBeGreaterThan(100);
    expect(await accessibilityViolations(auditor)).toEqual([]);

    await link.click();
    expect(new URL(auditor.url()).searchParams.get('objectId')).toBe(id);
    expect(await auditor.locator('tbody tr').count()).toBe(2);
    expect(await auditor.getByLabel('Object id').inputValue()).toBe(id);
  });
});
