import type { Kysely } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Database } from '../db/schema.js';
import type { Role } from '../domain/permissions.js';
import { accessibilityViolations } from './browser.js';
import { signInFirstTime } from './staff-session.js';

/**
 * Signs a new account in for the first time, enrolling TOTP on the way, in a
 * fresh browser context; every page on the way passes the accessibility check.
 */
export async function firstSignIn(browser: Browser, app: { base: string; db: Kysely<Database> }, email: string, role: Role): Promise<Page> {
  const { page } = await signInFirstTime(browser, app, email, role, async (shown) => expect(await accessibilityViolations(shown)).toEqual([]));
  return page;
}
