import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { accessibilityViolations, launchBrowser } from '../test-support/browser.js';
import { loopbackTriage, MP4_HEADER, startTestSite, testPattern } from '../test-support/captured-media.js';
import { firstSignIn } from '../test-support/staff-browser.js';
import type { LoopbackServer } from '../test-support/web-server.js';
import { triageItem, type TriageDeps } from '../triage/triage.js';

let testApp: TestApp;
let browser: Browser;
let base: string;
let site: LoopbackServer;
let triage: TriageDeps;
let itemId: string;

beforeAll(async () => {
  testApp = await openTestApp();
  base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  site = await startTestSite({
    '/gallery': { type: 'text/html', body: Buffer.from('<img src="/one.png"><video src="/clip.mp4"></video>') },
    '/one.png': { type: 'image/png', body: await testPattern(640, 480) },
    '/clip.mp4': { type: 'video/mp4', body: MP4_HEADER },
  });
  await testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: [`${site.origin}/gallery`], category: 'csam' } });
  const item = await testApp.database.db.selectFrom('content_items').select('id').where('host', '=', '127.0.0.1').executeTakeFirstOrThrow();
  itemId = item.id;
  triage = loopbackTriage(testApp.database, testApp.cipher, testApp.matcher);
  await triageItem(triage, itemId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await triage?.fetcher.close();
  await site?.close();
  await testApp?.close();
});

const naturalWidth = (page: Page, selector: string) =>
  page.locator(selector).evaluate(async (image: { decode(): Promise<void>; naturalWidth: number }) => {
    await image.decode();
    return image.naturalWidth;
  });

describe('the media viewer in a browser', () => {
  it('shows a blurred preview, reveals one file at a time on request, and never plays a video by itself', async () => {
    const analyst = await firstSignIn(browser, { base, db: testApp.database.db }, 'viewer@hotline.example', 'analyst');
    await analyst.goto(`${base}/staff/items/${itemId}`);
    await analyst.getByTestId('media').waitFor();
    expect(await naturalWidth(analyst, 'img.media-preview')).toBe(160);
    expect(await analyst.locator('video').count()).toBe(0);
    expect(await analyst.getByTestId('hosted-in').textContent()).toBe('unknown (no public address)');
    expect(await accessibilityViolations(analyst)).toEqual([]);

    await analyst.getByRole('link', { name: 'Reveal image 1' }).click();
    await analyst.getByTestId('revealed-image').waitFor();
    expect(await naturalWidth(analyst, '[data-testid="revealed-image"]')).toBe(640);
    expect(await accessibilityViolations(analyst)).toEqual([]);

    await analyst.getByRole('link', { name: 'Reveal the next file' }).click();
    const video = analyst.getByTestId('revealed-video');
    await video.waitFor();
    expect(await video.evaluate((element: { paused: boolean; muted: boolean; autoplay: boolean; controls: boolean }) => ({ paused: element.paused, muted: element.muted, autoplay: element.autoplay, controls: element.controls }))).toEqual({
      paused: true,
      muted: true,
      autoplay: false,
      controls: true,
    });
    expect(await accessibilityViolations(analyst)).toEqual([]);
    await analyst.getByRole('link', { name: 'Back to the item' }).click();
    await analyst.getByTestId('media').waitFor();
  });
});
