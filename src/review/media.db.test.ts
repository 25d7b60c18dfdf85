import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashImageBuffer } from '../hashing/hash-file.js';
import { createList, insertEntries } from '../hashlists/lists.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { loopbackTriage, measureImage, MP4_HEADER, startTestSite, testPattern } from '../test-support/captured-media.js';
import { testEngine } from '../test-support/database.js';
import { SAMPLE_CLASSIFICATION } from '../test-support/fixtures.js';
import { staffWithToken } from '../test-support/staff.js';
import type { LoopbackServer } from '../test-support/web-server.js';
import { triageItem, type TriageDeps } from '../triage/triage.js';
import { exposureToday } from '../wellbeing/exposure.js';

const LISTED_PHOTO = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/bridge-mods/aaa-orig.jpg');

let testApp: TestApp;
let site: LoopbackServer;
let triage: TriageDeps;
let itemId: string;
const tokens: Record<'analyst' | 'supervisor' | 'auditor', string> = { analyst: '', supervisor: '', auditor: '' };
let analystId: string;
const media: Record<'image' | 'video' | 'known', string> = { image: '', video: '', known: '' };
let videoBytes: Buffer;

const call = (url: string, token: string) => testApp.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  testApp = await openTestApp();
  const db = testApp.database.db;
  const analyst = await staffWithToken(db, 'analyst');
  [tokens.analyst, analystId] = [analyst.token, analyst.user.id];
  tokens.supervisor = (await staffWithToken(db, 'supervisor')).token;
  tokens.auditor = (await staffWithToken(db, 'auditor')).token;

  const photo = await fs.readFile(LISTED_PHOTO);
  const list = await createList(db, { name: 'viewer-list', source: 'police', category: 'csam', classification: 'baseline', useForTriage: true, offerToHashcheck: false });
  const listed = await hashImageBuffer(photo);
  await insertEntries(db, list.id, [{ type: 'sha256', value: listed.sha256, quality: null }]);
  await testApp.matcher.refresh();

  videoBytes = MP4_HEADER;
  site = await startTestSite({
    '/page': { type: 'text/html', body: Buffer.from('<img src="/pattern.png"><video src="/clip.mp4"></video><img src="/listed.jpg">') },
    '/pattern.png': { type: 'image/png', body: await testPattern(640, 480) },
    '/clip.mp4': { type: 'video/mp4', body: videoBytes },
    '/listed.jpg': { type: 'image/jpeg', body: photo },
  });
  triage = loopbackTriage(testApp.database, testApp.cipher, testApp.matcher);
  await testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: [`${site.origin}/page`], category: 'csam' } });
  const { items } = (await call(`/api/v1/items?url=${encodeURIComponent(site.origin)}`, tokens.analyst)).json() as { items: { id: string }[] };
  itemId = items[0]!.id;
  await triageItem(triage, itemId);
  const rows = await db.selectFrom('captured_media').select(['id', 'source_url', 'known']).where('item_id', '=', itemId).execute();
  const idOf = (suffix: string) => rows.find((row) => row.source_url.endsWith(suffix))!.id;
  Object.assign(media, { image: idOf('/pattern.png'), video: idOf('/clip.mp4'), known: idOf('/listed.jpg') });
}, 60_000);

afterAll(async () => {
  await triage.fetcher.close();
  await site.close();
  await testApp.close();
});

const mediaUrl = (mediaId: string, suffix = '') => `/staff/items/${itemId}/media/${mediaId}${suffix}`;

describe(`media viewer on ${testEngine}`, () => {
  it('shows an analyst blurred previews on the item page, never the known material, and the video unplayed', async () => {
    const page = await call(`/staff/items/${itemId}`, tokens.analyst);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`src="${mediaUrl(media.image, '/preview')}"`);
    expect(page.body).not.toContain(`${mediaUrl(media.known, '/preview')}`);
    expect(page.body).not.toContain('<video');
    expect(page.body).toContain('Known material on a hash list');
    expect(page.body).toContain('Video: not shown or played until you reveal it.');
    expect(page.body).toContain('HTTP 200, text/html');
    expect(page.body).toContain('<code>127.0.0.1</code>');
    expect(page.body).toContain('(not a public address: 127.0.0.0/8 Loopback)');
  });

  it('draws previews on the server: small, grey and blurred, and never of known material or video', async () => {
    const preview = await call(mediaUrl(media.image, '/preview'), tokens.analyst);
    expect(preview.headers['content-type']).toBe('image/webp');
    expect(preview.headers['cache-control']).toBe('no-store');
    expect(await measureImage(preview.rawPayload)).toMatchObject({ width: 160, height: 120, colourfulness: expect.any(Number) });
    expect((await measureImage(preview.rawPayload)).colourfulness).toBeLessThanOrEqual(3);
    expect((await call(mediaUrl(media.known, '/preview'), tokens.analyst)).statusCode).toBe(404);
    expect((await call(mediaUrl(media.video, '/preview'), tokens.analyst)).statusCode).toBe(404);
  });

  it('follows the analyst’s own viewer settings', async () => {
    const supervisor = { authorization: `Bearer ${tokens.supervisor}` };
    const saved = await testApp.app.inject({
      method: 'POST',
      url: '/staff/account/wellbeing',
      headers: supervisor,
      payload: { dailyItemLimit: '60', breakAfterMinutes: '50', previewSize: '320', previewGreyscale: 'no', previewBlur: 'no' },
    });
    expect(saved.statusCode).toBe(200);
    const preview = await measureImage((await call(mediaUrl(media.image, '/preview'), tokens.supervisor)).rawPayload);
    expect(preview).toMatchObject({ width: 320, height: 240 });
    expect(preview.colourfulness).toBeGreaterThan(100);
  });

  it('reveals one file on request, records it and counts it toward the analyst’s day', async () => {
    const before = await exposureToday(testApp.database.db, analystId);
    const viewer = await call(mediaUrl(media.image), tokens.analyst);
    expect(viewer.statusCode).toBe(200);
    expect(viewer.body).toContain(`src="${mediaUrl(media.image, '/content')}"`);
    expect(viewer.body).toContain('Reveal the next file');
    expect((await exposureToday(testApp.database.db, analystId)).mediaRevealed).toBe(before.mediaRevealed + 1);
    const logged = await testApp.database.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'media_revealed').execute();
    expect(logged).toContainEqual({ action: 'media_revealed', object_id: itemId });

    const content = await call(mediaUrl(media.image, '/content'), tokens.analyst);
    expect(content.headers['content-type']).toBe('image/webp');
    expect(await measureImage(content.rawPayload)).toMatchObject({ width: 640, height: 480 });
    expect((await measureImage(content.rawPayload)).colourfulness).toBeGreaterThan(100);
  });

  it('reveals a video muted, with controls, and never playing by itself', async () => {
    const viewer = await call(mediaUrl(media.video), tokens.analyst);
    const video = /<video[^>]*>/.exec(viewer.body)![0];
    expect(video).toMatch(/\bmuted\b/);
    expect(video).toMatch(/\bcontrols\b/);
    expect(video).toContain('preload="none"');
    expect(video).not.toMatch(/autoplay/);
    const content = await call(mediaUrl(media.video, '/content'), tokens.analyst);
    expect(content.headers['content-type']).toBe('video/mp4');
    expect(content.rawPayload.equals(videoBytes)).toBe(true);
  });

  it('shows known material only when revealed, with what the lists say of it', async () => {
    const viewer = await call(mediaUrl(media.known), tokens.analyst);
    expect(viewer.body).toContain('Known material on a hash list');
    expect(viewer.body).toContain('baseline');
  });

  it('keeps media from auditors, who see only that files were captured', async () => {
    for (const suffix of ['', '/preview', '/content']) expect((await call(mediaUrl(media.image, suffix), tokens.auditor)).statusCode).toBe(403);
    const page = await call(`/staff/items/${itemId}`, tokens.auditor);
    expect(page.body).toContain('3 files were captured. Only analysts and supervisors see them.');
    expect(page.body).not.toContain('/preview');
  });

  it('answers 404 for media of another item or ids that are not ids', async () => {
    const other = `/staff/items/00000000-0000-4000-8000-000000000000/media/${media.image}`;
    for (const url of [other, `${other}/preview`, `${other}/content`, mediaUrl('not-an-id'), mediaUrl('not-an-id', '/content')]) {
      expect((await call(url, tokens.analyst)).statusCode, url).toBe(404);
    }
  });

  it('counts captured and known media in the queue, without showing any', async () => {
    const { items } = (await call(`/api/v1/items?url=${encodeURIComponent(site.origin)}`, tokens.analyst)).json() as { items: { media: unknown }[] };
    expect(items[0]!.media).toEqual({ captured: 3, known: 1 });
    const queue = await call('/staff/queue', tokens.analyst);
    expect(queue.body).toContain('<td>3, 1 known</td>');
    expect(queue.body).not.toContain('/preview');
  });

  it('gives the captured media’s description, never its content, through the API', async () => {
    const item = (await call(`/api/v1/items/${itemId}`, tokens.analyst)).json() as { triage: { media: Record<string, unknown>[]; check: { httpStatus: number } } };
    expect(item.triage.check.httpStatus).toBe(200);
    expect(item.triage.media).toHaveLength(3);
    expect(Object.keys(item.triage.media[0]!).sort()).toEqual(['byteLength', 'capturedAt', 'erasedAt', 'id', 'kind', 'known', 'mediaType', 'pdq', 'sha256', 'sourceUrl']);
  });

  it('lets an analyst add a file of an item assessed illegal to the own hash list, and only then', async () => {
    const post = (token: string) => testApp.app.inject({ method: 'POST', url: mediaUrl(media.image, '/confirm'), headers: { authorization: `Bearer ${token}` } });
    expect((await call(mediaUrl(media.image), tokens.analyst)).body).not.toContain('/confirm"');
    const early = await post(tokens.analyst);
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('on an item assessed illegal');

    const assess = (url: string, payload?: object) =>
      testApp.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${tokens.analyst}` }, ...(payload ? { payload } : {}) });
    await assess(`/api/v1/items/${itemId}/claim`);
    expect((await assess(`/api/v1/items/${itemId}/assessment`, { outcome: 'illegal', category: 'csam', classification: SAMPLE_CLASSIFICATION })).statusCode).toBe(200);
    expect((await call(mediaUrl(media.image), tokens.analyst)).body).toContain('/confirm"');
    expect((await post(tokens.auditor)).statusCode).toBe(403);

    const confirmed = await post(tokens.analyst);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Added to the hash list own-confirmed:csam:baseline.');
    const db = testApp.database.db;
    const file = await db.selectFrom('captured_media').select(['sha256', 'known']).where('id', '=', media.image).executeTakeFirstOrThrow();
    expect(file.known).toMatchObject({ category: 'csam', classification: 'baseline' });
    await testApp.matcher.refresh();
    expect(testApp.matcher.match([{ type: 'sha256', value: file.sha256 }], { purpose: 'hashcheck' })).toEqual([
      { index: 0, type: 'sha256', category: 'csam', classification: 'baseline' },
    ]);
    expect(await db.selectFrom('audit_log').select('action').where('action', '=', 'media_confirmed').execute()).toHaveLength(1);
    expect((await post(tokens.analyst)).statusCode).toBe(409);
  });

  it('tells that erased content was erased, and has nothing left to reveal', async () => {
    const erasedAt = new Date('2026-11-20T08:00:00Z');
    await testApp.database.db.updateTable('captured_media').set({ sealed: null, erased_at: erasedAt }).where('id', '=', media.image).execute();
    const page = await call(`/staff/items/${itemId}`, tokens.analyst);
    expect(page.body).toContain('Erased on 2026-11-20 after its retention period; its hashes are kept.');
    expect(page.body).not.toContain(`href="${mediaUrl(media.image)}"`);
    const revealedBefore = (await exposureToday(testApp.database.db, analystId)).mediaRevealed;
    const viewer = await call(mediaUrl(media.image), tokens.analyst);
    expect(viewer.body).toContain('Erased on 2026-11-20');
    expect(viewer.body).not.toContain('/content"');
    expect((await exposureToday(testApp.database.db, analystId)).mediaRevealed).toBe(revealedBefore);
    for (const suffix of ['/preview', '/content']) expect((await call(mediaUrl(media.image, suffix), tokens.analyst)).statusCode).toBe(404);
  });
});
