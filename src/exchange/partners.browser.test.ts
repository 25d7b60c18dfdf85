import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../config/config.js';
import { DEFAULT_CATEGORIES } from '../domain/categories.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { firstSignIn } from '../test-support/staff-browser.js';
import { generateExchangeKey, MESSAGES_PATH } from './identity.js';
import type { ReportMessage } from './messages.js';
import { addPartner } from './partners.js';
import { receiveMessage } from './receive.js';
import { signedHeaders } from './signing.js';

let testApp: TestApp;
let browser: Browser;
let base: string;
let admin: Page;
let supervisor: Page;
let itemId: string;
const partnerKey = generateExchangeKey();

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  const db = testApp.database.db;
  await addPartner(db, { name: 'Hotline SK', country: 'SK', baseUrl: 'https://hotline.example.sk', publicKey: partnerKey.publicKeyPem });
  const message: ReportMessage = {
    type: 'report',
    id: randomUUID(),
    reference: 'SK-2026-0042',
    sentAt: new Date().toISOString(),
    urls: ['https://partner.test-illegal.example/page.html'],
    category: 'csam',
    classification: { legalBasis: 'baseline', ageGroup: 'pre_pubescent' },
    hashes: [{ sha256: 'ab'.repeat(32) }],
    trace: { host: 'partner.test-illegal.example', country: 'NL', addresses: [] },
  };
  const body = Buffer.from(JSON.stringify(message));
  const headers = await signedHeaders(partnerKey, `https://hotline.example.nl${MESSAGES_PATH}`, body);
  let reported: readonly string[] = [];
  const deps = { db, cipher: testApp.cipher, contactRetentionDays: 30, categories: DEFAULT_CATEGORIES, language: 'en', clockSkewMs: 300_000, onItemsReported: (ids: readonly string[]) => (reported = ids) };
  expect((await receiveMessage(deps, { method: 'POST', path: MESSAGES_PATH, headers, body })).status).toBe(202);
  itemId = reported[0]!;
  admin = await firstSignIn(browser, { base, db }, 'ada@hotline.example', 'admin');
  supervisor = await firstSignIn(browser, { base, db }, 'sam@hotline.example', 'supervisor');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

describe('the partner pages in a browser', () => {
  it('lets an admin add a partner hotline, and says what is wrong with a bad key', async () => {
    await admin.goto(`${base}/staff/partners?lang=en`);
    await admin.getByLabel('Name').fill('Hotline CZ');
    await admin.getByLabel('Country').fill('CZ');
    await admin.getByLabel('Base URL').fill('https://hotline.example.cz');
    await admin.getByLabel('Public key').fill('not a key');
    await admin.getByRole('button', { name: 'Save the partner' }).click();
    expect(await admin.getByRole('alert').textContent()).toContain('public key cannot be read');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await admin.getByLabel('Public key').fill(generateExchangeKey().publicKeyPem);
    await admin.getByRole('button', { name: 'Save the partner' }).click();
    await admin.getByText('Hotline CZ saved.').waitFor();
  });

  it.each(LOCALES)('has no accessibility violations on the partner pages in %s', { timeout: 120_000 }, async (locale) => {
    await admin.goto(`${base}/staff/partners?lang=${locale}`);
    expect(await accessibilityViolations(admin), `${locale} partners`).toEqual([]);
    await supervisor.goto(`${base}/staff/items/${itemId}?lang=${locale}`);
    expect(await supervisor.getByTestId('partner-reports').textContent()).toContain('SK-2026-0042');
    expect(await accessibilityViolations(supervisor), `${locale} item`).toEqual([]);
  });

  it('shows the partner’s classification on the item page as the partner’s', async () => {
    await supervisor.goto(`${base}/staff/items/${itemId}?lang=en`);
    const section = await supervisor.getByTestId('partner-reports').textContent();
    expect(section).toContain('Reported by Hotline SK (their reference SK-2026-0042)');
    expect(section).toContain('Hotline SK’s classification, as the partner made it');
    expect(section).toContain('pre_pubescent');
  });
});
