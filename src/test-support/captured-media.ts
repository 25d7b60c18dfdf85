import sharp from 'sharp';
import type { DatabaseHandle } from '../db/database.js';
import type { HashMatcher } from '../hashlists/matcher.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import type { Cipher } from '../privacy/cipher.js';
import { IpData } from '../trace/ip-data.js';
import type { TriageDeps } from '../triage/triage.js';
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
export function startTestSite(files: SiteFiles): Promise<LoopbackServer> {
  return startLoopbackServer((request, response) => {
    const file = files[(request.url ?? '').split('?', 1)[0]!];
    if (!file) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
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
