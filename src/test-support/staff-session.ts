import type { Kysely } from 'kysely';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../auth/users.js';
import type { Database } from '../db/schema.js';
import type { Role } from '../domain/permissions.js';

export interface SignedIn {
  page: Page;
  password: string;
  /** The authenticator secret, to make codes for later sign-ins. */
  secret: string;
}

/**
 * Signs a new account in for the first time in a fresh browser context, as a
 * person would: password, then the authenticator set up from the key shown,
 * then on from the recovery codes to the start page. `onPage` is called on
 * each page on the way (tests check accessibility there).
 */
export async function signInFirstTime(
  browser: Browser,
  app: { base: string; db: Kysely<Database> },
  email: string,
  role: Role,
  onPage: (page: Page) => Promise<void> = async () => {},
): Promise<SignedIn> {
  const { password } = await createUser(app.db, { email, role });
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${app.base}/staff/login`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await onPage(page);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
  await onPage(page);
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  await page.getByLabel('Six-digit code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await page.getByTestId('recovery-codes').waitFor();
  await onPage(page);
  await page.getByRole('link', { name: 'Continue to the workbench' }).click();
  await page.waitForLoadState();
  return { page, password, secret };
}
