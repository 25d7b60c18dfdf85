/**
 * npm run bench:stats [-- --items N --checks C --keep DIR_OR_URL] — the demo seed's N items
 * (1,000,000 unless given; each with its whole life, some 2.6 checks per item), and more
 * until there are C monitoring checks (3,000,000); the statistics rollups built from them;
 * then every statistics view timed through the server: the first request (no figures kept:
 * computed, charts drawn), then median and p95 of up to RUNS more (at most SECONDS_PER_VIEW
 * each), which reuse the figures kept until a refresh changes the rollups. The ceiling in the
 * same run: `SELECT count(*) FROM content_items` and GET /healthz, timed the same way.
 *
 * The embedded database in a fresh folder (as a hotline runs it), or DATABASE_URL (a scratch
 * database is made and dropped). With --keep, the database outlives the run: a PGlite folder,
 * or a PostgreSQL URL; a kept database that holds demo items already is only topped up.
 */
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { vacuumAnalyze } from '../src/db/maintenance.js';
import { seedDemoData } from '../src/demo/seed.js';
import { buildAllAtNextRefresh, refreshStats, vacuumRollups } from '../src/stats/refresh.js';
import { openTestApp } from '../src/test-support/app.js';
import { benchDatabase } from './support/database.js';
import { staffWithToken } from '../src/test-support/staff.js';

const { values: args } = parseArgs({ options: { items: { type: 'string', default: process.env.BENCH_ITEMS ?? '1000000' }, checks: { type: 'string', default: process.env.BENCH_CHECKS ?? '3000000' }, keep: { type: 'string' } } });
const ITEMS = Number(args.items);
const CHECKS = Number(args.checks);
const RUNS = 15;
const SECONDS_PER_VIEW = 30;

interface Timing {
  name: string;
  /** The first request, before the figures of its filter are kept and its charts drawn. */
  first: number;
  median: number;
  p95: number;
  runs: number;
}

async function timed(name: string, work: () => Promise<unknown>, forget: () => Promise<unknown>): Promise<Timing> {
  await forget();
  const firstStarted = performance.now();
  await work();
  const first = performance.now() - firstStarted;
  const times: number[] = [];
  const stopAt = performance.now() + SECONDS_PER_VIEW * 1000;
  while (times.length < RUNS && performance.now() < stopAt) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.ceil(share * times.length) - 1)]!;
  return { name, first, median: at(0.5), p95: at(0.95), runs: times.length };
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

interface Volume {
  items: number;
  checks: number;
}

async function volumeOf(db: Kysely<Database>): Promise<Volume> {
  const { rows } = await sql<{ items: string; checks: string }>`SELECT (SELECT count(*) FROM content_items) AS items, (SELECT count(*) FROM monitor_checks) AS checks`.execute(db);
  return { items: Number(rows[0]!.items), checks: Number(rows[0]!.checks) };
}

/** Demo items until there are ITEMS of them, then more until there are CHECKS checks. */
async function seedUpTo(db: Kysely<Database>, present: Volume): Promise<void> {
  const progress = (done: number, total: number) => process.stderr.write(`\rseeding ${done} / ${total}`);
  let volume = present;
  if (volume.items < ITEMS) {
    const seeded = await seedDemoData(db, { items: ITEMS - volume.items, days: 365, onProgress: progress });
    volume = { items: ITEMS, checks: volume.checks + seeded.checks };
  }
  while (volume.checks < CHECKS) {
    const perItem = Math.max(1, volume.checks / Math.max(1, volume.items));
    const more = Math.ceil((CHECKS - volume.checks) / perItem);
    const seeded = await seedDemoData(db, { items: more, days: 365, onProgress: progress });
    volume = { items: volume.items + more, checks: volume.checks + seeded.checks };
  }
  process.stderr.write('\n');
}

async function main(): Promise<void> {
  if (!Number.isInteger(ITEMS) || ITEMS < 1) throw new Error('--items must be a whole number of at least 1');
  if (!Number.isInteger(CHECKS) || CHECKS < 0) throw new Error('--checks must be a whole number');
  const database = await benchDatabase(args.keep);
  const testApp = await openTestApp({ STATS_FEED: 'public' }, undefined, undefined, database);
  const db = testApp.database.db;
  const engine = database.engine;
  try {
    let started = performance.now();
    const before = await volumeOf(db);
    await seedUpTo(db, before);
    const after = await volumeOf(db);
    console.log(`${engine}: ${before.items} items and ${before.checks} checks were there; seeded up to ${after.items} items and ${after.checks} checks in ${seconds(started)} s`);
    // As the embedded database's hourly maintenance leaves it; a PostgreSQL server's autovacuum does the same.
    if (engine === 'pglite') {
      started = performance.now();
      await vacuumAnalyze(database);
      console.log(`VACUUM (ANALYZE), as the hourly job runs it: ${seconds(started)} s`);
    }
    await buildAllAtNextRefresh(db);
    started = performance.now();
    await refreshStats(db);
    console.log(`full build of the rollups: ${seconds(started)} s`);
    started = performance.now();
    await vacuumRollups(db);
    console.log(`VACUUM (ANALYZE) of the rollups, as the refresh job does after a full build: ${seconds(started)} s`);
    const rollup = await sql<{ days: number; durations: number }>`SELECT (SELECT count(*) FROM stats_item_days) AS days, (SELECT count(*) FROM stats_duration_days) AS durations`.execute(db);
    console.log(`rollup rows: ${rollup.rows[0]!.days} item groups, ${rollup.rows[0]!.durations} duration buckets`);

    const { token } = await staffWithToken(db, 'supervisor');
    const provider = (await db.selectFrom('providers').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const category = (await db.selectFrom('content_items').select('category').limit(1).executeTakeFirstOrThrow()).category;
    const get = (url: string, authorised = true) => async () => {
      const response = await testApp.app.inject({ method: 'GET', url, headers: authorised ? { authorization: `Bearer ${token}` } : {} });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    };
    const views: [string, () => Promise<unknown>][] = [
      ['ceiling: SELECT count(*) FROM content_items', () => sql`SELECT count(*) FROM content_items`.execute(db)],
      ['ceiling: GET /healthz', get('/healthz', false)],
      ['GET /staff/stats (last 365 days)', get('/staff/stats')],
      [`GET /staff/stats?category=${category}`, get(`/staff/stats?category=${category}`)],
      ['GET /staff/stats?country=NL', get('/staff/stats?country=NL')],
      [`GET /staff/stats?provider=${provider}`, get(`/staff/stats?provider=${provider}`)],
      ['GET /staff/stats/providers?sort=median', get('/staff/stats/providers?sort=median')],
      [`GET /staff/stats/providers/${provider}`, get(`/staff/stats/providers/${provider}`)],
      ['GET /staff/stats/csv/received', get('/staff/stats/csv/received')],
      ['GET /api/v1/stats/summary', get('/api/v1/stats/summary')],
      ['GET /api/v1/stats/providers', get('/api/v1/stats/providers')],
      ['GET /feeds/providers.json', get('/feeds/providers.json', false)],
      ['GET /feeds/providers.csv', get('/feeds/providers.csv', false)],
      ['GET /transparency', get('/transparency', false)],
      ['GET /api/v1/items?limit=1000', get('/api/v1/items?limit=1000&status=removed')],
      [
        'refresh after an item changed (the days changed in the last 10 minutes rebuilt)',
        async () => {
          await db.updateTable('content_items').set({ status_changed_at: new Date() }).where('id', '=', sql<string>`(SELECT id FROM content_items LIMIT 1)`).execute();
          await refreshStats(db);
        },
      ],
    ];
    const timings: Timing[] = [];
    // Each view's first request finds no figures kept: as if a refresh had just changed the rollups.
    const forget = () => sql`UPDATE stats_refresh SET changed_at = clock_timestamp()`.execute(db);
    for (const [name, work] of views) timings.push(await timed(name, work, forget));
    console.log(`\n| view (${engine}, ${after.items} items, ${after.checks} checks) | first ms | median ms | p95 ms | runs |\n|---|---:|---:|---:|---:|`);
    for (const timing of timings) console.log(`| ${timing.name} | ${timing.first.toFixed(0)} | ${timing.median.toFixed(0)} | ${timing.p95.toFixed(0)} | ${timing.runs} |`);
  } finally {
    await testApp.close();
  }
}

await main();
