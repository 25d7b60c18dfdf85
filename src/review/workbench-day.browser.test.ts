import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../config/config.js';
import { AGE_GROUPS, GENDERS, LEGAL_BASES, SITE_TYPES } from '../domain/assessment.js';
import { ITEM_STATUSES } from '../domain/item-lifecycle.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, computedStyle, focusedId, launchBrowser } from '../test-support/browser.js';
import { firstSignIn } from '../test-support/staff-browser.js';
import { seedWorkbench, type WorkbenchData } from '../test-support/workbench-data.js';
import { CATALOGUES } from '../web/i18n/index.js';

let testApp: TestApp;
let browser: Browser;
let base: string;
let data: WorkbenchData;
let analyst: Page;

const BEACH_17 = 'https://test-illegal.example/galleries/2026/summer/beach/page-17.html';
const BEACH_18 = 'https://test-illegal.example/galleries/2026/summer/beach/page-18.html';
const item = (url: string) => `${base}/staff/items/${data.items.get(url)!}`;

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  data = await seedWorkbench(testApp);
  analyst = await firstSignIn(browser, { base, db: testApp.database.db }, 'day@hotline.example', 'analyst');
});

afterAll(async () => {
  await browser?.close();
  await data?.close();
  await testApp?.close();
});

const assessmentsOf = async (url: string) =>
  (await testApp.database.db.selectFrom('assessments').select('outcome').where('item_id', '=', data.items.get(url)!).execute()).length;

async function claim(page: Page, url: string): Promise<void> {
  await page.goto(item(url));
  await page.getByRole('button', { name: 'Claim for assessment' }).click();
  await page.getByRole('heading', { name: 'Assessment' }).waitFor();
}

describe('an analyst’s day at the workbench', () => {
  it('brings an assessment sent with nothing chosen back with its answers and working links, and records it when sent again', async () => {
    await claim(analyst, BEACH_18);
    await analyst.getByLabel('Note').fill('checked from the hotline’s own network');
    await analyst.getByRole('group', { name: '1. Does the link work?' }).getByLabel('Yes').check();
    await analyst.getByRole('button', { name: 'Record assessment' }).click();

    const links = analyst.locator('.error-summary a');
    expect(await links.allTextContents()).toEqual(['Answer whether the content is available.', 'Answer whether the content is illegal.']);
    for (const link of await links.all()) {
      const target = (await link.getAttribute('href'))!;
      expect(await analyst.locator(target).count(), target).toBe(1);
      await link.click();
      expect(await focusedId(analyst)).toBe(target.slice(1));
    }
    expect(await analyst.getByLabel('Note').inputValue()).toBe('checked from the hotline’s own network');
    expect(await analyst.getByRole('group', { name: '1. Does the link work?' }).getByLabel('Yes').isChecked()).toBe(true);
    expect(await accessibilityViolations(analyst)).toEqual([]);

    await analyst.getByRole('group', { name: '2. Is the content available?' }).getByLabel('Yes').check();
    await analyst.getByRole('group', { name: '3. Is it illegal?' }).getByLabel('No').check();
    const answer = analyst.waitForResponse((response) => response.request().method() === 'POST');
    await analyst.getByRole('button', { name: 'Record assessment' }).click();
    expect((await answer).status()).toBe(303);
    expect(new URL(analyst.url()).pathname).toBe(`/staff/items/${data.items.get(BEACH_18)}`);
    expect(await analyst.getByTestId('notice').textContent()).toBe('Assessment recorded: the item is now second opinion needed.');
    expect(await assessmentsOf(BEACH_18)).toBe(1);

    await analyst.reload();
    expect(await analyst.getByTestId('notice').textContent()).toBe('Assessment recorded: the item is now second opinion needed.');
    expect(await analyst.locator('.error-summary').count()).toBe(0);
    expect(await assessmentsOf(BEACH_18)).toBe(1);
  });

  it('records an assessment sent twice with the same form once, and answers both with its outcome', async () => {
    const url = 'https://test-illegal.example/shop/item/5531';
    await claim(analyst, url);
    const form = analyst.locator(`form[action$="/assessment"]`);
    const fields = { _csrf: await form.locator('input[name="_csrf"]').inputValue(), linkWorks: 'yes', contentAvailable: 'yes', illegal: 'no', category: 'drugs', note: '' };
    const action = `${base}${await form.getAttribute('action')}`;
    const send = () => analyst.request.post(action, { form: fields });
    const answers = [await send(), await send()];
    for (const answer of answers) {
      expect(answer.status()).toBe(200);
      expect(await answer.text()).toContain('Assessment recorded: the item is now second opinion needed.');
    }
    expect(await assessmentsOf(url)).toBe(1);
  });

  it('tells queue rows apart by path, full address on focus, reference and the categories reporters chose', async () => {
    await analyst.setViewportSize({ width: 1280, height: 800 });
    await analyst.goto(`${base}/staff/queue`);
    const row = (url: string) => analyst.locator('tr', { has: analyst.locator(`a[href="/staff/items/${data.items.get(url)}"]`) });
    const link = row(BEACH_17).getByRole('link');
    expect(await link.textContent()).toBe('test-illegal.example/…/beach/page-17.html');
    expect(await row(BEACH_18).getByRole('link').textContent()).toBe('test-illegal.example/…/beach/page-18.html');
    expect(await row(BEACH_17).textContent()).toContain(`Reference ${data.items.get(BEACH_17)!.slice(0, 8)}`);
    expect(await row(BEACH_17).textContent()).toContain('reported as Inappropriate images of children (nudity)');
    expect(await row(BEACH_18).textContent()).not.toContain('reported as');

    const full = analyst.locator(`#url-${data.items.get(BEACH_17)}`);
    expect(await full.textContent()).toBe(BEACH_17);
    expect(await link.getAttribute('aria-describedby')).toBe(`url-${data.items.get(BEACH_17)}`);
    expect((await full.boundingBox())!.width).toBeLessThan(2);
    await link.focus();
    const shown = (await full.boundingBox())!;
    expect(shown.width).toBeGreaterThan(200);
    expect(shown.height).toBeGreaterThan(10);
    expect(await accessibilityViolations(analyst)).toEqual([]);
  });

  it('counts in the plural forms of every language', async () => {
    const one = `${base}/staff/queue?url=${encodeURIComponent('comments/991')}`;
    const all = `${base}/staff/queue`;
    const expected = {
      en: ['1 item, most urgent first', /^\d+ items, most urgent first$/, '3 files, 0 known'],
      cs: ['1 položka, nejnaléhavější první', /^\d+ položek, nejnaléhavější první$/, '3 soubory, z toho známých: 0'],
      nl: ['1 item, meest urgente eerst', /^\d+ items, meest urgente eerst$/, '3 bestanden, waarvan 0 bekend'],
      sv: ['1 objekt, mest brådskande först', /^\d+ objekt, mest brådskande först$/, '3 filer, varav 0 kända'],
      ru: ['1 объект, сначала самые срочные', /^\d+ объект(а|ов), сначала самые срочные$/, '3 файла, известных: 0'],
      kk: ['1 нысан, ең шұғылы бірінші', /^\d+ нысан, ең шұғылы бірінші$/, '3 файл, белгілісі: 0'],
    } as const;
    for (const locale of LOCALES) {
      await analyst.goto(`${one}&lang=${locale}`);
      expect(await analyst.locator('caption').textContent(), locale).toBe(expected[locale][0]);
      await analyst.goto(`${all}?lang=${locale}`);
      expect(await analyst.locator('caption').textContent(), locale).toMatch(expected[locale][1]);
      expect(await analyst.locator('table').textContent(), locale).toContain(expected[locale][2]);
    }
    await analyst.goto(`${all}?lang=en`);
  });

  it('names every status and classification option in words, in every language', async () => {
    await claim(analyst, 'https://test-illegal.example/comments/991');
    for (const locale of LOCALES) {
      const t = CATALOGUES[locale];
      await analyst.goto(`${item('https://test-illegal.example/comments/991')}?lang=${locale}`);
      const options = await analyst.locator('#legalBasis option, #ageGroup option, #gender option, #siteType option').allTextContents();
      expect(options.filter((option) => option.includes('_')), locale).toEqual([]);
      expect(options, locale).toHaveLength(1 + LEGAL_BASES.length + 1 + AGE_GROUPS.length + 1 + GENDERS.length + 1 + SITE_TYPES.length);
      const status = (await analyst.getByTestId('item-status').textContent())!;
      expect(status, locale).toBe(t['staff.status.triaged']);
      for (const itemStatus of ITEM_STATUSES) expect(t[`staff.status.${itemStatus}`], `${locale} ${itemStatus}`).not.toMatch(/_/);
      expect(await analyst.getByTestId('timeline').textContent(), locale).not.toMatch(/[a-z]_[a-z]/);
    }
    await analyst.goto(`${item('https://test-illegal.example/comments/991')}?lang=en`);
    expect(await analyst.locator('#legalBasis option').allTextContents()).toEqual(['Choose', 'baseline – illegal everywhere', 'national – illegal under national law']);
    expect(await analyst.locator('#ageGroup option[value="pre_pubescent"]').textContent()).toBe('pre-pubescent');
    expect(await analyst.locator('#siteType option[value="file_host"]').textContent()).toBe('file-hosting service');
  });

  it('says once, in words, where an item is hosted, shows the evidence before the form, and makes releasing secondary', async () => {
    await analyst.goto(item(BEACH_17));
    await analyst.getByRole('button', { name: 'Claim for assessment' }).click();
    const text = (await analyst.locator('main').textContent())!;
    expect(await analyst.getByTestId('hosted-in').textContent()).toBe('unknown: the name does not exist (test-illegal.example)');
    expect(text).not.toContain('ENOTFOUND');
    expect(text).not.toContain('not known yet');
    expect(await analyst.getByText('Hosted in', { exact: true }).count()).toBe(1);
    expect(await analyst.getByTestId('link-check').textContent()).toContain('no answer: name not resolved (the name does not exist)');

    const headings = await analyst.locator('main h2').allTextContents();
    for (const evidence of ['Triage', 'Captured media', 'Reports']) expect(headings.indexOf(evidence), evidence).toBeLessThan(headings.indexOf('Assessment'));

    const background = async (name: string) => (await computedStyle(analyst.getByRole('button', { name }), ['backgroundColor'])).backgroundColor;
    expect(await background('Release')).toBe('rgb(255, 255, 255)');
    expect(await background('Record assessment')).toBe('rgb(29, 78, 216)');
    await analyst.getByRole('link', { name: 'Go to the assessment form' }).click();
    expect(new URL(analyst.url()).hash).toBe('#assessment');
    expect(await accessibilityViolations(analyst)).toEqual([]);
  });

  it('has no accessibility violations on any workbench page in any language', { timeout: 900_000 }, async () => {
    const gallery = `${base}/staff/items/${data.galleryItemId}`;
    const supervisor = await firstSignIn(browser, { base, db: testApp.database.db }, 'a11y-sue@hotline.example', 'supervisor');
    const admin = await firstSignIn(browser, { base, db: testApp.database.db }, 'a11y-root@hotline.example', 'admin');
    const lostId = (await testApp.database.db.selectFrom('users').select('id').where('email', '=', 'day@hotline.example').executeTakeFirstOrThrow()).id;
    const pages: [Page, string][] = [
      [analyst, `${base}/staff/queue`],
      [analyst, gallery],
      [analyst, `${gallery}/media/${(await testApp.database.db.selectFrom('captured_media').select('id').where('item_id', '=', data.galleryItemId).executeTakeFirstOrThrow()).id}`],
      [analyst, `${base}/staff/account`],
      [supervisor, `${base}/staff/team`],
      [admin, `${base}/staff/users`],
      [admin, `${base}/staff/users/${lostId}/reset`],
      [admin, `${base}/staff/audit`],
      [admin, `${base}/staff/queue`],
    ];
    for (const locale of LOCALES) {
      for (const [page, url] of pages) {
        await page.goto(`${url}${url.includes('?') ? '&' : '?'}lang=${locale}`);
        expect(await page.getAttribute('html', 'lang')).toBe(locale);
        expect(await accessibilityViolations(page), `${locale} ${url}`).toEqual([]);
      }
      await analyst.goto(`${item(BEACH_17)}?lang=${locale}`);
      await analyst.locator('form[action$="/assessment"] button[type="submit"]').click();
      expect(await accessibilityViolations(analyst), `${locale} assessment errors`).toEqual([]);
    }
  });
});
