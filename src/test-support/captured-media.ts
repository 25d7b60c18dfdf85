import sharp from 'sharp';
import type { DatabaseHandle } from '../db/database.js';
import type { HashMatcher } from '../hashlists/matcher.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import type { Cipher } from '../privacy/cipher.js';
import { IpData } from '../trace/ip-data.js';
import { triageItem, type TriageDeps } from '../triage/triage.js';
import type { TestApp } from './app.js';
import { loopbackAllowed, startLoopbackServer, type LoopbackServer } from './web-server.js';

/** A generated, colourful test pattern: red and blue squares of 8 pixels. */
export function testPattern(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) pixels.set(((x >> 3) + (y >> 3)) % 2 === 0 ? [220, 30, 30] : [30, 30, 220], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

/**
 * What a test can see of an image: its size and format, how far any pixel is
 * from grey (red minus blue), and its contrast (standard deviation of the grey).
 */
export async function measureImage(bytes: Buffer) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let colourfulness = 0;
  for (let i = 0; i < data.length; i += 3) colourfulness = Math.max(colourfulness, Math.abs(data[i]! - data[i + 2]!));
  const stats = await sharp(bytes).greyscale().stats();
  return { width: info.width, height: info.height, colourfulness, contrast: stats.channels[0]!.stdev, format: (await sharp(bytes).metadata()).format };
}

/** The first bytes of an MP4 file: a generated container header, no picture in it. */
export const MP4_HEADER = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(12)]);

export type SiteFiles = Record<string, { type: string; body: Buffer }>;

/** A web site on loopback serving these files by path (the query ignored), 404 for anything else. */
export function startTestSite(files: SiteFiles, port = 0): Promise<LoopbackServer> {
  return startLoopbackServer((request, response) => {
    const file = files[(request.url ?? '').split('?', 1)[0]!];
    if (!file) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  }, port);
}

let ipData: Promise<IpData> | undefined;

/** Triage as the worker runs it, except that it may fetch from loopback test sites. */
export function loopbackTriage(database: DatabaseHandle, cipher: Cipher, matcher: HashMatcher): TriageDeps {
  return {
    db: database.db,
    cipher,
    fetcher: new SafeFetcher({ limits: { maxBytes: 5_000_000, timeoutMs: 3_000, maxRedirects: 3 }, policy: loopbackAllowed }),
    matcher,
    maxMedia: 20,
    captureBudgetMs: 30_000,
    ipData: () => (ipData ??= IpData.open()),
  };
}

/**
 * An item as a reporter leaves it and triage finds it: reported through the
 * API with contact details, its page on a loopback site showing one generated
 * image, captured and sealed. The site is gone once this returns.
 */
export async function reportedAndCaptured(testApp: TestApp): Promise<{ itemId: string; mediaId: string; reportId: string; receipt: string }> {
  const site = await startTestSite({
    '/page': { type: 'text/html', body: Buffer.from('<img src="/pattern.png">') },
    '/pattern.png': { type: 'image/png', body: await testPattern(64, 48) },
  });
  const triage = loopbackTriage(testApp.database, testApp.cipher, testApp.matcher);
  try {
    const payload = { urls: [`${site.origin}/page`], category: 'csam', contact: { email: 'reporter@mail.example', mayContact: true } };
    const { receipt } = (await testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload })).json() as { receipt: string };
    const db = testApp.database.db;
    const { itemId, reportId } = await db
      .selectFrom('report_items')
      .innerJoin('content_items', 'content_items.id', 'report_items.item_id')
      .select(['report_items.item_id as itemId', 'report_items.report_id as reportId'])
      .where('content_items.normalized_url', '=', `${site.origin}/page`)
      .executeTakeFirstOrThrow();
    await triageItem(triage, itemId);
    const media = await db.selectFrom('captured_media').select('id').where('item_id', '=', itemId).executeTakeFirstOrThrow();
    return { itemId, mediaId: media.id, reportId, receipt };
  } finally {
    await triage.fetcher.close();
    await site.close();
  }
}
