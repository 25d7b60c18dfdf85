import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../domain/permissions.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, computedStyle, launchBrowser } from '../test-support/browser.js';
import { signInFirstTime } from '../test-support/staff-session.js';

let testApp: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

const signIn = (email: string, role: Role) => signInFirstTime(browser, { base, db: testApp.database.db }, email, role);
const passwordHashOf = async (email: string) =>
  (await testApp.database.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash;

describe('accounts and sign-in in a browser', () => {
  it('starts each role on a page it may open', async () => {
    for (const [role, path, heading] of [
      ['admin', '/staff/users', 'Staff accounts'],
      ['analyst', '/staff/queue', 'Items waiting for assessment'],
      ['supervisor', '/staff/queue', 'Items waiting for assessment'],
      ['auditor', '/staff/audit', 'Audit log'],
    ] as const) {
      const { page } = await signIn(`start-${role}@hotline.example`, role);
      expect(new URL(page.url()).pathname, role).toBe(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.context().close();
    }
  });

  it('keeps the workbench frame, its navigation and a way back on pages a role may not open and on unknown pages', async () => {
    const { page } = await signIn('frame@hotline.example', 'admin');
    for (const [path, status, heading] of [
      ['/staff/queue', 403, 'Not allowed'],
      ['/staff/nowhere', 404, 'Page not found'],
      ['/staff/items/00000000-0000-4000-8000-000000000000', 403, 'Not allowed'],
    ] as const) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(status);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      const navigation = page.getByRole('navigation', { name: 'Workbench' });
      expect(await navigation.getByRole('link', { name: 'Users' }).count(), path).toBe(1);
      expect(await navigation.getByRole('button', { name: 'Sign out frame@hotline.example' }).count(), path).toBe(1);
      expect(await page.getByRole('link', { name: 'Report content' }).count(), path).toBe(0);
      expect(await accessibilityViolations(page), path).toEqual([]);
      await page.getByRole('link', { name: 'Go to your start page' }).click();
      expect(new URL(page.url()).pathname).toBe('/staff/users');
    }
  });

  it('asks before resetting an account, and reloading the answer resets nothing again', async () => {
    const { page } = await signIn('reset-admin@hotline.example', 'admin');
    await signIn('lost-phone@hotline.example', 'analyst');
    const before = await passwordHashOf('lost-phone@hotline.example');
    await page.reload();

    await page.getByRole('link', { name: 'Reset lost-phone@hotline.example' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset lost-phone@hotline.example?' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await passwordHashOf('lost-phone@hotline.example')).toBe(before);
    await page.getByRole('link', { name: 'No, back to the accounts' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/users');
    expect(await passwordHashOf('lost-phone@hotline.example')).toBe(before);

    await page.getByRole('link', { name: 'Reset lost-phone@hotline.example' }).click();
    await page.getByRole('button', { name: 'Yes, reset lost-phone@hotline.example' }).click();
    const notice = await page.getByTestId('notice').textContent();
    expect(notice).toMatch(/^Reset lost-phone@hotline\.example: new password \S+; two-factor sign-in must be set up again\.$/);
    const reset = await passwordHashOf('lost-phone@hotline.example');
    expect(reset).not.toBe(before);

    await page.reload();
    expect(await page.getByTestId('notice').textContent()).toBe(notice);
    expect(await passwordHashOf('lost-phone@hotline.example')).toBe(reset);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('offers the least privilege for a new account, and creates it once however often the form is sent', async () => {
    const { page } = await signIn('create-admin@hotline.example', 'admin');
    expect(await page.getByLabel('Role').inputValue()).toBe('auditor');
    expect(await page.locator('#role option').first().getAttribute('value')).toBe('auditor');

    const token = await page.locator('form[action="/staff/users"] input[name="_csrf"]').inputValue();
    const send = () => page.request.post(`${base}/staff/users`, { form: { _csrf: token, email: 'twice@hotline.example', role: 'analyst' } });
    const notices = [];
    for (const answer of [await send(), await send()]) {
      expect(answer.status()).toBe(200);
      notices.push(/data-testid="notice">([^<]+)</.exec(await answer.text())?.[1]);
    }
    expect(notices[0]).toMatch(/^Created twice@hotline\.example\. Their password, to hand over safely: \S+$/);
    expect(notices[1]).toBe(notices[0]);
    const created = await testApp.database.db.selectFrom('users').select('role').where('email', '=', 'twice@hotline.example').execute();
    expect(created).toEqual([{ role: 'analyst' }]);

    await page.getByLabel('E-mail address').fill('reload@hotline.example');
    await page.getByRole('button', { name: 'Add account' }).click();
    const shown = await page.getByTestId('notice').textContent();
    await page.reload();
    expect(await page.getByTestId('notice').textContent()).toBe(shown);
    expect(await testApp.database.db.selectFrom('users').select('role').where('email', '=', 'reload@hotline.example').execute()).toEqual([{ role: 'auditor' }]);
  });

  it('says at once, at the top, that the fifth wrong code locked the account', async () => {
    const { page: first, password } = await signIn('fumbles@hotline.example', 'analyst');
    await first.context().close();
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('E-mail address').fill('fumbles@hotline.example');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel('Six-digit code, or a recovery code').fill('000000');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForLoadState();
    }
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('Too many failed attempts: this account is locked for 15 minutes.');
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.locator('main > *').first().evaluate((element) => element.tagName)).toBe('H1');
    expect(await page.locator('main > *').nth(1).getAttribute('class')).toBe('error-summary');
    expect(await page.getByLabel('E-mail address').getAttribute('aria-invalid')).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows the authenticator key in groups of four that copy as one key', async () => {
    const { password } = await (await import('./users.js')).createUser(testApp.database.db, { email: 'groups@hotline.example', role: 'analyst' });
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('E-mail address').fill('groups@hotline.example');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const key = page.getByTestId('totp-secret');
    const groups = await key.locator('span').allTextContents();
    expect(groups.length).toBeGreaterThan(4);
    expect(groups.slice(0, -1).every((group) => /^[A-Z2-7]{4}$/.test(group))).toBe(true);
    const gaps = await key.locator('span').evaluateAll((spans) => spans.slice(1).map((span, index) => span.getBoundingClientRect().left - spans[index]!.getBoundingClientRect().right));
    expect(Math.min(...gaps)).toBeGreaterThan(4);
    const secret = (await key.textContent())!;
    expect(secret).toBe(groups.join(''));
    await page.getByLabel('Six-digit code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    const codesUrl = page.url();
    await page.reload();
    expect(page.url()).toBe(codesUrl);
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await context.close();
  });

  it('gives an admin an account page without exposure limits, and styles password and number fields like the others', async () => {
    const { page: admin } = await signIn('limits-admin@hotline.example', 'admin');
    await admin.goto(`${base}/staff/account`);
    expect(await admin.getByLabel(/Items per day/).count()).toBe(0);
    expect(await admin.getByText(/^Today: /).count()).toBe(0);
    expect(await accessibilityViolations(admin)).toEqual([]);

    const { page: analyst } = await signIn('limits-analyst@hotline.example', 'analyst');
    await analyst.goto(`${base}/staff/account`);
    const style = async (page: Page, selector: string) => {
      const field = page.locator(selector).first();
      return { css: await computedStyle(field, ['borderTopWidth', 'paddingTop', 'borderTopColor']), height: (await field.boundingBox())!.height };
    };
    const number = await style(analyst, 'input[type="number"]');
    expect(number.css.borderTopWidth).toBe('2px');
    expect(number.height).toBeGreaterThan(36);

    const context = await browser.newContext();
    const login = await context.newPage();
    await login.goto(`${base}/staff/login`);
    expect(await style(login, 'input[type="password"]')).toEqual(await style(login, 'input[type="email"]'));
    await context.close();
  });
});
