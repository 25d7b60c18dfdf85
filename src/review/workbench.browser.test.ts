import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../domain/permissions.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { firstSignIn as signIn } from '../test-support/staff-browser.js';

let testApp: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  await testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: ['https://workbench.test-illegal.example/gallery'], category: 'hate' } });
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

const firstSignIn = (email: string, role: Role) => signIn(browser, { base, db: testApp.database.db }, email, role);

async function answerNotIllegal(page: Page): Promise<void> {
  await page.getByRole('group', { name: '1. Does the link work?' }).getByLabel('Yes').check();
  await page.getByRole('group', { name: '2. Is the content available?' }).getByLabel('Yes').check();
  await page.getByRole('group', { name: '3. Is it illegal?' }).getByLabel('No').check();
  await page.getByRole('button', { name: 'Record assessment' }).click();
}

describe('the workbench in a browser', () => {
  it('lets an analyst enrol, claim and assess an item, a colleague confirm it only afterwards, and the auditor see it', async () => {
    const analyst = await firstSignIn('ana@hotline.example', 'analyst');
    await analyst.getByRole('heading', { name: 'Items waiting for assessment' }).waitFor();
    expect(await accessibilityViolations(analyst)).toEqual([]);
    await analyst.getByRole('link', { name: 'workbench.test-illegal.example/gallery' }).click();
    expect(await analyst.getByTestId('item-url').textContent()).toBe('https://workbench.test-illegal.example/gallery');
    expect(await analyst.locator('a[href^="https://workbench"]').count()).toBe(0);
    await analyst.getByRole('button', { name: 'Claim for assessment' }).click();
    expect(await analyst.getByTestId('claim').textContent()).toContain('ana@hotline.example');
    expect(await accessibilityViolations(analyst)).toEqual([]);

    const colleague = await firstSignIn('bert@hotline.example', 'analyst');
    await colleague.goto(analyst.url());
    expect(await colleague.getByRole('button', { name: 'Claim for assessment' }).count()).toBe(0);
    expect(await colleague.getByTestId('claim').textContent()).toContain('ana@hotline.example');

    await answerNotIllegal(analyst);
    expect(await analyst.getByTestId('item-status').textContent()).toBe('second opinion needed');
    expect(await analyst.getByTestId('timeline').textContent()).toContain('second opinion requested (received → second opinion needed) by ana@hotline.example');
    expect(await accessibilityViolations(analyst)).toEqual([]);

    await colleague.reload();
    await colleague.getByRole('button', { name: 'Claim for assessment' }).click();
    await answerNotIllegal(colleague);
    expect(await colleague.getByTestId('item-status').textContent()).toBe('not illegal');
    expect(await colleague.getByTestId('timeline').textContent()).toContain('assessed not illegal (second opinion needed → not illegal) by bert@hotline.example');

    const auditor = await firstSignIn('audrey@hotline.example', 'auditor');
    await auditor.goto(`${base}/staff/audit?action=assessment_decided`);
    expect(await auditor.locator('table').textContent()).toContain('ana@hotline.example');
    expect(await accessibilityViolations(auditor)).toEqual([]);
  });

  it('shows a supervisor the team’s exposure and lets them set their own limits', async () => {
    const supervisor = await firstSignIn('sue@hotline.example', 'supervisor');
    await supervisor.getByRole('link', { name: 'Team' }).click();
    await supervisor.getByRole('heading', { name: 'Team exposure' }).waitFor();
    expect(await accessibilityViolations(supervisor)).toEqual([]);
    await supervisor.getByRole('link', { name: 'Account' }).click();
    await supervisor.getByLabel('Items per day (1–500)').fill('40');
    await supervisor.getByRole('button', { name: 'Save settings' }).click();
    await supervisor.getByText('Your settings are saved.').waitFor();
    expect(await supervisor.getByLabel('Items per day (1–500)').inputValue()).toBe('40');
    expect(await accessibilityViolations(supervisor)).toEqual([]);
  });

  it('gives an admin the users page and nothing of the queue', async () => {
    const admin = await firstSignIn('root@hotline.example', 'admin');
    await admin.goto(`${base}/staff/users`);
    expect(await admin.locator('table').textContent()).toContain('root@hotline.example');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await admin.goto(`${base}/staff/account`);
    expect(await accessibilityViolations(admin)).toEqual([]);
    const refused = await admin.goto(`${base}/staff/queue`);
    expect(refused?.status()).toBe(403);
  });
});
