/**
 * npm run bench:monitor [-- --urls 100000] — monitoring checks per second:
 * that many acted-on items, all due, on a local loopback site where most
 * pages still show their captured image, some answer 404, some lost their
 * image, and some answer slowly. The checks run as the monitor job runs them
 * (claimed in batches, MONITOR_CONCURRENCY at a time, default settings), each
 * one fetching the page and its image through the safe fetcher, comparing
 * hashes, tracing the host and recording the check. The ceiling in the same
 * run: plain GETs of the same page and image addresses through the same
 * fetcher at the same concurrency, with nothing else done.
 *
 * PGlite in a fresh folder, or DATABASE_URL (a scratch database is made and dropped).
 * Bounded: it stops claiming after --seconds (600 unless given).
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import sharp from 'sharp';
import { loadConfig } from '../src/config/config.js';
import type { MonitorDeps } from '../src/monitor/check.js';
import { runDueChecks } from '../src/monitor/jobs.js';
import { SafeFetcher } from '../src/outbound/safe-fetch.js';
import { addDirectoryProvider } from '../src/providers/directory.js';
import { routingDeps } from '../src/server/takedown.js';
import { providerEntry } from '../src/test-support/providers.js';
import { loopbackAllowed } from '../src/test-support/web-server.js';
import { IpData } from '../src/trace/ip-data.js';
import { benchDatabase } from './support/database.js';

const { values: args } = parseArgs({ options: { urls: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '600' } } });
const URLS = Number(args.urls);
const MAX_SECONDS = Number(args.seconds);
/** Distinct generated images; item n shows image n % IMAGES. */
const IMAGES = 64;
const SLOW_MS = 300;

/** What the page of item n does: mostly still up; every tenth answers slowly; some are gone or lost their image. */
type Kind = 'up' | 'slow' | 'gone' | 'image_removed';
const kindOf = (n: number): Kind => (['up', 'up', 'up', 'up', 'up', 'up', 'slow', 'gone', 'gone', 'image_removed'] as const)[n % 10]!;

async function generatedImages(): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: IMAGES }, (_, image) => {
      const pixels = Buffer.alloc(32 * 32 * 3, 0);
      for (let i = 0; i < pixels.length; i += 3) pixels.set([(i * (image + 1)) & 255, (i >> 4) & 255, (image * 37) & 255], i);
      return sharp(pixels, { raw: { width: 32, height: 32, channels: 3 } }).png().toBuffer();
    }),
  );
}

/** The local site: /page/n and /image/n.png, answering as kindOf(n) says. */
async function startSite(images: readonly Buffer[]): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const match = /^\/(page|image)\/(\d+)(?:\.png)?$/.exec(request.url ?? '');
    if (!match) return void response.writeHead(404).end();
    const n = Number(match[2]);
    const kind = kindOf(n);
    const answer = () => {
      if (kind === 'gone') return void response.writeHead(404).end('not found');
      if (match[1] === 'image') return void response.writeHead(200, { 'content-type': 'image/png' }).end(images[n % IMAGES]);
      const image = kind === 'image_removed' ? '' : `<img src="/image/${n}.png" alt="">`;
      response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Page ${n}</title><p>Placeholder text ${n}</p>${image}`);
    };
    if (kind === 'slow') setTimeout(answer, SLOW_MS);
    else answer();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function main(): Promise<void> {
  const config = loadConfig({});
  const database = await benchDatabase();
  const db = database.db;
  const images = await generatedImages();
  const site = await startSite(images);
  const fetcher = new SafeFetcher({ limits: { maxBytes: config.capture.maxBytes, timeoutMs: config.capture.timeoutSeconds * 1000, maxRedirects: 5 }, policy: loopbackAllowed });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  // The items as monitoring finds them an hour after the notice: notified, routed to the provider owning loopback, their image captured, due now.
  const provider = await addDirectoryProvider(db, providerEntry({ name: 'Loopback Hosting', cidrs: ['127.0.0.0/8'] }));
  const actedAt = new Date(Date.now() - 3_600_000);
  const due = new Date(Date.now() - 1000);
  const imageSha = images.map((image) => createHash('sha256').update(image).digest('hex'));
  for (let start = 0; start < URLS; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, URLS - start) }, (_, i) => ({ id: randomUUID(), n: start + i }));
    await db.insertInto('content_items').values(batch.map(({ id, n }) => ({ id, normalized_url: `${site.origin}/page/${n}`, host: '127.0.0.1', status: 'notified', category: 'csam' }))).execute();
    await db.insertInto('item_routings').values(batch.map(({ id }) => ({ item_id: id, decision: 'notice', reasons: '[]', recipients: '[]', hosting_country: 'NL', provider_id: provider.id, origin_unknown: false, decided_by: null, override_reason: null }))).execute();
    await db
      .insertInto('captured_media')
      .values(batch.map(({ id, n }) => ({ item_id: id, source_url: `${site.origin}/image/${n}.png`, kind: 'image', media_type: 'image/png', byte_length: images[n % IMAGES]!.length, md5: '0'.repeat(32), sha1: '0'.repeat(40), sha256: imageSha[n % IMAGES]!, pdq: null, pdq_quality: null, known: null, sealed: Buffer.alloc(1) })))
      .execute();
    await db.insertInto('item_monitoring').values(batch.map(({ id }) => ({ item_id: id, acted_at: actedAt, acted_by: 'notice', provider_id: provider.id, hosting_country: 'NL', next_check_at: due, last_checked_at: actedAt, checks: 1 }))).execute();
  }

  // A running database has statistics on its tables (autovacuum); freshly filled ones need them made.
  await sql`ANALYZE`.execute(db);
  const ipData = IpData.open();
  await ipData;
  const routing = routingDeps(config, db, { rdap: undefined, scheduleNotices: async () => {} });
  const deps: MonitorDeps = {
    db,
    search: { fetcher, maxMedia: config.capture.maxMedia, captureBudgetMs: config.capture.timeoutSeconds * 3000 },
    trace: { db, ipData: () => ipData },
    routing,
    settings: config.monitor,
    enqueueRouting: async () => {},
  };
  const started = performance.now();
  const { checked } = await runDueChecks(deps, { concurrency: config.monitor.concurrency, until: Date.now() + MAX_SECONDS * 1000 });
  const seconds = (performance.now() - started) / 1000;
  const outcomes = await db.selectFrom('monitor_checks').select(['outcome', 'reason']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy(['outcome', 'reason']).orderBy('reason').execute();

  // The ceiling: the same GETs (each page, and its image where it shows one) through the same fetcher, same concurrency, nothing else.
  const gets = Array.from({ length: checked }, (_, n) => n);
  let next = 0;
  const ceilingStarted = performance.now();
  await Promise.all(
    Array.from({ length: config.monitor.concurrency }, async () => {
      while (next < gets.length) {
        const n = gets[next++]!;
        const page = await fetcher.fetch(`${site.origin}/page/${n}`);
        if (page.ok && page.status === 200 && kindOf(n) !== 'image_removed') await fetcher.fetch(`${site.origin}/image/${n}.png`);
      }
    }),
  );
  const ceilingSeconds = (performance.now() - ceilingStarted) / 1000;
  clearInterval(sampler);

  const checksPerSecond = checked / seconds;
  const ceiling = checked / ceilingSeconds;
  console.table(outcomes.map((row) => ({ outcome: row.outcome, reason: row.reason, checks: Number(row.n) })));
  console.table([
    {
      engine: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      urls: URLS,
      checked,
      concurrency: config.monitor.concurrency,
      'seconds': seconds.toFixed(1),
      'checks/s': Math.round(checksPerSecond),
      'plain GETs, URLs/s (ceiling)': Math.round(ceiling),
      'checks/s as % of ceiling': `${((100 * checksPerSecond) / ceiling).toFixed(1)} %`,
      'peak RSS (MiB)': Math.round(peakRss / 2 ** 20),
    },
  ]);
  await fetcher.close();
  await site.close();
  await database.close();
}

await main();
