import type { Kysely } from 'kysely';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createUser } from '../auth/users.js';
import type { Database } from '../db/schema.js';
import type { Role } from '../domain/permissions.js';
import { accessibilityViolations } from './browser.js';

/**
 * Signs a new account in for the first time, enrolling TOTP on the way, in a
 * fresh browser context; every page on the way passes the accessibility check.
 */
export async function firstSignIn(browser: Browser, app: { base: string; db: Kysely<Database> }, email: string, role: Role): Promise<Page> {
  const { password } = await createUser(app.db, { email, role });
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${app.base}/staff/queue`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Six-digit code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await page.getByTestId('recovery-codes').waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Continue to the workbench' }).click();
  return page;
}
