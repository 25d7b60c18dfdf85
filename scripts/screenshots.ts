/**
 * Screenshots of the workbench for the README: the queue, an item and the
 * users page, at a desk's 1280 px and a phone's 390 px. The application runs
 * in this process on the browser tests' data (an in-memory database, a
 * loopback site for the captured images); Chromium draws the pages.
 *
 *   npm run screenshots            # writes docs/screenshots/*.png
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createUser } from '../src/auth/users.js';
import { openTestApp } from '../src/test-support/app.js';
import { launchBrowser } from '../src/test-support/browser.js';
import { signInFirstTime } from '../src/test-support/staff-session.js';
import { seedWorkbench } from '../src/test-support/workbench-data.js';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const WIDTHS = [
  { name: '1280', viewport: { width: 1280, height: 800 } },
  { name: '390', viewport: { width: 390, height: 844 } },
];
/** A fixed port for the loopback site, so that its address reads the same in every run. */
const SITE_PORT = 47801;

async function shoot(page: Page, url: string, name: string): Promise<void> {
  for (const { name: width, viewport } of WIDTHS) {
    await page.setViewportSize(viewport);
    await page.goto(url);
    const file = path.join(OUT, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

const testApp = await openTestApp();
const browser = await launchBrowser();
try {
  const base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const data = await seedWorkbench(testApp, { sitePort: SITE_PORT });
  const app = { base, db: testApp.database.db };
  await fs.mkdir(OUT, { recursive: true });

  const analyst = await signInFirstTime(browser, app, 'ana@hotline.example', 'analyst');
  await analyst.page.goto(`${base}/staff/items/${data.galleryItemId}`);
  await analyst.page.getByRole('button', { name: 'Claim for assessment' }).click();
  await shoot(analyst.page, `${base}/staff/queue`, 'queue');
  await shoot(analyst.page, `${base}/staff/items/${data.galleryItemId}`, 'item');

  for (const [email, role] of [['bert@hotline.example', 'analyst'], ['sue@hotline.example', 'supervisor'], ['audrey@hotline.example', 'auditor']] as const) {
    await createUser(testApp.database.db, { email, role });
  }
  const admin = await signInFirstTime(browser, app, 'root@hotline.example', 'admin');
  await shoot(admin.page, `${base}/staff/users`, 'users');
  await data.close();
} finally {
  await browser.close();
  await testApp.close();
}
