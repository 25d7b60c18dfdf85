/**
 * npm run bench:scaleout — two `serve --role web` and two `serve --role worker`
 * processes on one PostgreSQL database (DATABASE_URL, or a throwaway server of
 * Debian's packages), sharing one ENCRYPTION_KEY. Reports flood in through
 * both web processes, naming pages on a loopback server whose images triage
 * really captures; one worker is killed with SIGKILL while triage is under way
 * and the other finishes. Then the database must show every acknowledged
 * report stored once, every item triaged once with its media captured once,
 * nothing left in `received` and no job lost. Exits 1 when anything is amiss.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { createScratchDatabase } from '../src/db/scratch-database.js';
import { startReportedSites, type ReportedSites } from './support/reported-sites.js';
import { startServer, type BenchServer } from './support/server.js';
import { startThrowawayPostgres } from './support/throwaway-postgres.js';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 2000);
/** Every REPEAT_EVERY-th report names a page reported a moment before, so items are joined across web processes. */
const REPEAT_EVERY = 10;
const IMAGES_PER_PAGE = 3;
const SITE_DELAY_MS = 50;
const CONNECTIONS = 16;
const HEALTH_SECONDS = 5;
/** The kill comes once this share of the items is triaged. */
const KILL_AT_SHARE = 0.25;
const FLOOD_LIMIT_MS = 120_000;
const RECOVERY_LIMIT_MS = Number(process.env.BENCH_RECOVERY_SECONDS ?? 300) * 1000;
const TRIAGE_JOB = 'triage-item';
/** Shorter than the default 20 s, so that a dead worker's jobs (time limit: six of these) come back within the run. */
const FETCH_TIMEOUT_SECONDS = 10;

interface Acknowledged {
  receipt: string;
  url: string;
}

interface Flood {
  acknowledged: Acknowledged[];
  results: Result[];
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs autocannon, stopped at `limitMs` whatever it still had to send. */
function drive(options: autocannon.Options, limitMs: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    const timer = setTimeout(() => instance.stop(), limitMs);
    instance.on('done', () => clearTimeout(timer));
  });
}

async function healthCeiling(webs: readonly BenchServer[]): Promise<Result[]> {
  const run = (seconds: number) => Promise.all(webs.map((web) => drive({ url: `${web.url}/healthz`, connections: CONNECTIONS, duration: seconds }, seconds * 2000)));
  await run(2); // warm-up, not measured
  return run(HEALTH_SECONDS);
}

function siteOf(serial: number): number {
  return serial % REPEAT_EVERY === REPEAT_EVERY - 1 ? serial - REPEAT_EVERY / 2 : serial;
}

async function flood(webs: readonly BenchServer[], sites: ReportedSites): Promise<Flood> {
  const acknowledged: Acknowledged[] = [];
  let serial = 0;
  const started = performance.now();
  const results = await Promise.all(
    webs.map((web) =>
      drive(
        {
          url: `${web.url}/api/v1/reports`,
          connections: CONNECTIONS,
          amount: REPORTS / webs.length,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          requests: [
            {
              setupRequest: (request, context: { url?: string }) => {
                context.url = sites.pageUrl(siteOf(serial++));
                return { ...request, body: JSON.stringify({ urls: [context.url], category: 'csam' }) };
              },
              onResponse: (status, body, context: { url?: string }) => {
                if (status === 201) acknowledged.push({ receipt: (JSON.parse(body) as { receipt: string }).receipt, url: context.url! });
              },
            },
          ],
        },
        FLOOD_LIMIT_MS,
      ),
    ),
  );
  return { acknowledged, results, seconds: (performance.now() - started) / 1000 };
}

async function queryOne<T>(db: pg.Pool, text: string, values: unknown[] = []): Promise<T> {
  return (await db.query(text, values)).rows[0] as T;
}

async function triagedCount(db: pg.Pool): Promise<number> {
  return (await queryOne<{ n: number }>(db, `SELECT count(*)::int AS n FROM content_items WHERE status <> 'received'`)).n;
}

interface Kill {
  /** The database's time of the kill. */
  at: Date;
  /** Triage jobs in hand just after it, the killed worker's among them. */
  activeJobIds: string[];
}

/** Waits until a share of the items is triaged, with triage jobs in hand, then kills the worker. */
async function killDuringTriage(db: pg.Pool, worker: BenchServer, items: number): Promise<Kill> {
  const deadline = Date.now() + RECOVERY_LIMIT_MS;
  while (Date.now() < deadline) {
    if ((await triagedCount(db)) >= items * KILL_AT_SHARE) {
      worker.process.kill('SIGKILL');
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM pgboss.job WHERE name = $1 AND state = 'active'`, [TRIAGE_JOB]);
      const { at } = await queryOne<{ at: Date }>(db, 'SELECT clock_timestamp() AS at');
      return { at, activeJobIds: rows.map((row) => row.id) };
    }
    await sleep(100);
  }
  throw new Error('triage did not get under way');
}

/** Waits (bounded) until no item is left in `received` and no triage job is waiting or in hand. */
async function waitForTriage(db: pg.Pool): Promise<boolean> {
  const deadline = Date.now() + RECOVERY_LIMIT_MS;
  while (Date.now() < deadline) {
    const { received, pending } = await queryOne<{ received: number; pending: number }>(
      db,
      `SELECT (SELECT count(*)::int FROM content_items WHERE status = 'received') AS received,
              (SELECT count(*)::int FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')) AS pending`,
      [TRIAGE_JOB],
    );
    if (received === 0 && pending === 0) return true;
    await sleep(500);
  }
  return false;
}

interface Check {
  invariant: string;
  found: number;
  /** 'none' for what must never happen; 'some' for what the run must have done to prove anything. */
  expect: 'none' | 'some' | 'any';
}

const digestOf = (receipt: string) => createHash('sha256').update(receipt).digest();
const passes = (check: Check) => (check.expect === 'none' ? check.found === 0 : check.expect === 'some' ? check.found > 0 : true);

/** Items whose triage job ran more than once: its worker died, or it overran its time limit. */
const RETRIED_ITEMS = `SELECT singleton_key::uuid FROM pgboss.job WHERE name = '${TRIAGE_JOB}' AND retry_count > 0`;
/** Items whose triage job was in hand when the worker was killed and had to be run again: $1 the jobs in hand then. */
const INTERRUPTED_ITEMS = `${RETRIED_ITEMS} AND id = ANY($1::uuid[])`;

async function checkInvariants(db: pg.Pool, acknowledged: readonly Acknowledged[], kill: Kill): Promise<Check[]> {
  const count = async (text: string, values: unknown[] = []) => (await queryOne<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${text}`, values)).n;
  const storedOnce = await count(
    `unnest($1::bytea[], $2::text[]) AS ack (digest, url)
       WHERE (SELECT count(*) FROM reports r JOIN report_items ri ON ri.report_id = r.id JOIN content_items i ON i.id = ri.item_id
               WHERE r.receipt_digest = ack.digest AND i.normalized_url = ack.url) = 1`,
    [acknowledged.map((ack) => digestOf(ack.receipt)), acknowledged.map((ack) => ack.url)],
  );
  const itemsWhere = (condition: string) => count(`content_items i WHERE ${condition}`);
  return [
    { invariant: 'acknowledged reports not stored exactly once, with their URL', found: acknowledged.length - storedOnce, expect: 'none' },
    { invariant: 'reports stored but not acknowledged (answers lost in flight)', found: (await count('reports')) - acknowledged.length, expect: 'any' },
    { invariant: 'items left in received', found: await itemsWhere(`status = 'received'`), expect: 'none' },
    {
      invariant: 'items without exactly one triage_completed event',
      found: await itemsWhere(`(SELECT count(*) FROM item_events e WHERE e.item_id = i.id AND e.event = 'triage_completed') <> 1`),
      expect: 'none',
    },
    {
      invariant: `items without exactly ${IMAGES_PER_PAGE} captured images`,
      found: await itemsWhere(`(SELECT count(*) FROM captured_media m WHERE m.item_id = i.id) <> ${IMAGES_PER_PAGE}`),
      expect: 'none',
    },
    {
      invariant: 'media captured twice for one item and SHA-256',
      found: await count(`(SELECT 1 FROM captured_media GROUP BY item_id, sha256 HAVING count(*) > 1) AS twice`),
      expect: 'none',
    },
    {
      invariant: 'triage_completed events counting other media than was captured',
      found: await count(
        `item_events e WHERE e.event = 'triage_completed' AND (e.detail->>'media')::int <> (SELECT count(*) FROM captured_media m WHERE m.item_id = e.item_id)`,
      ),
      expect: 'none',
    },
    {
      invariant: 'items checked more than once though their triage job ran once',
      found: await itemsWhere(`(SELECT count(*) FROM item_checks c WHERE c.item_id = i.id) > 1 AND i.id NOT IN (${RETRIED_ITEMS})`),
      expect: 'none',
    },
    { invariant: 'triage jobs failed', found: await count(`pgboss.job WHERE name = $1 AND state = 'failed'`, [TRIAGE_JOB]), expect: 'none' },
    {
      invariant: 'items without a completed triage job (a job lost)',
      found: await itemsWhere(`NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = '${TRIAGE_JOB}' AND j.singleton_key = i.id::text AND j.state = 'completed')`),
      expect: 'none',
    },
    { invariant: 'triage jobs the kill interrupted, run again by the other worker', found: await count(`(${INTERRUPTED_ITEMS}) AS interrupted`, [kill.activeJobIds]), expect: 'some' },
  ];
}

interface TriageTimes {
  items: number;
  first: Date;
  last: Date;
  /** Seconds from the report to the item triaged. */
  p50: number;
  p99: number;
  /** Items triaged before the kill, by both workers. */
  beforeKill: number;
  /** Items triaged after the kill by the worker left, besides those the kill interrupted. */
  afterKill: number;
  lastAfterKill: Date;
  lastInterrupted: Date | null;
}

async function triageTimes(db: pg.Pool, kill: Kill): Promise<TriageTimes> {
  const interrupted = `i.id IN (${INTERRUPTED_ITEMS})`;
  return queryOne<TriageTimes>(
    db,
    `SELECT count(*)::int AS items, min(e.at) AS first, max(e.at) AS last,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - i.first_reported_at)) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - i.first_reported_at)) AS p99,
            count(*) FILTER (WHERE e.at <= $2)::int AS "beforeKill",
            count(*) FILTER (WHERE e.at > $2 AND NOT ${interrupted})::int AS "afterKill",
            max(e.at) FILTER (WHERE e.at > $2 AND NOT ${interrupted}) AS "lastAfterKill",
            max(e.at) FILTER (WHERE ${interrupted}) AS "lastInterrupted"
       FROM item_events e JOIN content_items i ON i.id = e.item_id WHERE e.event = 'triage_completed'`,
    [kill.activeJobIds, kill.at],
  );
}

/** CPU time a process has used so far, user and system, in seconds (Linux; clock ticks of 1/100 s). */
function cpuSeconds(server: BenchServer): number {
  const fields = fs.readFileSync(`/proc/${server.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The most memory a process has held so far (peak resident set), in MiB. */
function peakMiB(server: BenchServer): number {
  const kib = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.process.pid}/status`, 'utf8'))![1];
  return Math.round(Number(kib) / 1024);
}

interface Figures {
  health: Result[];
  flood: Flood;
  /** CPU seconds both web processes spent during the flood. */
  floodCpu: number;
  triage: TriageTimes;
  /** CPU seconds the worker left spent from the kill until every item was triaged. */
  survivorCpu: number;
  floodStartedAt: Date;
  kill: Kill;
  peak: { web: number; worker: number };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

function report({ health, flood, floodCpu, triage, survivorCpu, floodStartedAt, kill, peak }: Figures, checks: readonly Check[]): void {
  const healthPerSecond = sum(health.map((result) => result.requests.average));
  const ratio = (perSecond: number) => `${((100 * perSecond) / healthPerSecond).toFixed(2)} % of /healthz`;
  const rate = (count: number, from: Date, to: Date) => count / seconds(from, to);
  const reportsPerSecond = flood.acknowledged.length / flood.seconds;
  const bothWorkers = rate(triage.beforeKill, triage.first, kill.at);
  const oneWorker = rate(triage.afterKill, kill.at, triage.lastAfterKill);
  const overall = rate(triage.items, floodStartedAt, triage.last);
  const interrupted = triage.items - triage.beforeKill - triage.afterKill;
  console.log(`\n2 web + 2 worker processes, one PostgreSQL database; ${REPORTS} reports (${CONNECTIONS} connections per web process), ${IMAGES_PER_PAGE} images a page\n`);
  const row = (target: string, result: Result) => ({
    target,
    'requests/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.non2xx,
  });
  console.table([...health.map((result, web) => row(`GET /healthz, web ${web + 1}`, result)), ...flood.results.map((result, web) => row(`POST /api/v1/reports, web ${web + 1}`, result))]);
  console.table({
    '/healthz, both web processes': { figure: `${Math.round(healthPerSecond)} requests/s`, ratio: '' },
    'reports acknowledged': { figure: `${flood.acknowledged.length} in ${flood.seconds.toFixed(1)} s = ${Math.round(reportsPerSecond)}/s`, ratio: ratio(reportsPerSecond) },
    'web CPU per report': { figure: `${((1000 * floodCpu) / flood.acknowledged.length).toFixed(2)} ms (PostgreSQL's not counted)`, ratio: '' },
    'items triaged, 2 workers': { figure: `${triage.beforeKill} until the kill = ${bothWorkers.toFixed(1)}/s`, ratio: ratio(bothWorkers) },
    'items triaged, 1 worker': { figure: `${triage.afterKill} after the kill = ${oneWorker.toFixed(1)}/s`, ratio: ratio(oneWorker) },
    'items triaged, whole run': { figure: `${triage.items} in ${seconds(floodStartedAt, triage.last).toFixed(1)} s = ${overall.toFixed(1)}/s`, ratio: ratio(overall) },
    'worker CPU per item': { figure: `${((1000 * survivorCpu) / (triage.afterKill + interrupted)).toFixed(1)} ms (the worker left, after the kill)`, ratio: '' },
    'peak memory': { figure: `web ${peak.web} MiB, worker ${peak.worker} MiB`, ratio: '' },
    'report to triaged': { figure: `p50 ${triage.p50.toFixed(1)} s, p99 ${triage.p99.toFixed(1)} s`, ratio: '' },
    'SIGKILL of worker 1': { figure: `${seconds(floodStartedAt, kill.at).toFixed(1)} s into the run, ${kill.activeJobIds.length} triage jobs in hand (both workers)`, ratio: '' },
    'kill to interrupted items triaged': { figure: triage.lastInterrupted ? `${seconds(kill.at, triage.lastInterrupted).toFixed(1)} s` : 'none interrupted', ratio: '' },
    'kill to every item triaged': { figure: `${seconds(kill.at, triage.last).toFixed(1)} s`, ratio: '' },
  });
  console.table(checks.map((check) => ({ invariant: check.invariant, found: check.found, ok: passes(check) ? 'yes' : 'NO' })));
}

async function startProcesses(env: Record<string, string>): Promise<BenchServer[]> {
  // All four start at once on the new database, as an orchestrator would start them.
  const started = await Promise.allSettled([startServer(env, 3911, 'web'), startServer(env, 3912, 'web'), startServer(env, 3913, 'worker'), startServer(env, 3914, 'worker')]);
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (!failed) return started.map((outcome) => (outcome as PromiseFulfilledResult<BenchServer>).value);
  await Promise.all(started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : undefined)));
  throw failed.reason;
}

async function run(db: pg.Pool, databaseUrl: string): Promise<boolean> {
  const sites = await startReportedSites({ imagesPerPage: IMAGES_PER_PAGE, delayMs: SITE_DELAY_MS });
  const env = {
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    FETCH_ALLOW_CIDRS: '127.0.0.0/8',
    FETCH_TIMEOUT_SECONDS: String(FETCH_TIMEOUT_SECONDS),
  };
  const processes = await startProcesses(env).catch(async (error: unknown) => {
    await sites.close();
    throw error;
  });
  const [web1, web2, victim, survivor] = processes as [BenchServer, BenchServer, BenchServer, BenchServer];
  try {
    const health = await healthCeiling([web1, web2]);
    const { at: floodStartedAt } = await queryOne<{ at: Date }>(db, 'SELECT clock_timestamp() AS at');
    const killing = killDuringTriage(db, victim, REPORTS * (1 - 1 / REPEAT_EVERY));
    const webCpu = () => cpuSeconds(web1) + cpuSeconds(web2);
    const webCpuBefore = webCpu();
    const flooded = await flood([web1, web2], sites);
    const floodCpu = webCpu() - webCpuBefore;
    const kill = await killing;
    const survivorCpuAtKill = cpuSeconds(survivor);
    const drained = await waitForTriage(db);
    const survivorCpu = cpuSeconds(survivor) - survivorCpuAtKill;
    const checks = await checkInvariants(db, flooded.acknowledged, kill);
    if (!drained) checks.push({ invariant: `triage not finished within ${RECOVERY_LIMIT_MS / 1000} s`, found: 1, expect: 'none' });
    const peak = { web: Math.max(peakMiB(web1), peakMiB(web2)), worker: peakMiB(survivor) };
    report({ health, flood: flooded, floodCpu, triage: await triageTimes(db, kill), survivorCpu, floodStartedAt, kill, peak }, checks);
    return checks.every(passes);
  } finally {
    await Promise.all(processes.map((server) => server.stop()));
    await sites.close();
  }
}

async function main(): Promise<void> {
  const throwaway = process.env.DATABASE_URL ? undefined : startThrowawayPostgres();
  const serverUrl = process.env.DATABASE_URL ?? throwaway?.url;
  if (!serverUrl) {
    console.log('skipped: set DATABASE_URL or install the postgresql package');
    return;
  }
  const scratch = await createScratchDatabase(serverUrl, 'openhotline_bench');
  const db = new pg.Pool({ connectionString: scratch.url, max: 2 });
  try {
    if (!(await run(db, scratch.url))) process.exitCode = 1;
  } finally {
    await db.end();
    await scratch.drop();
    throwaway?.stop();
  }
}

await main();
