import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/database.js';

/**
 * A kind of background work. Capabilities declare theirs; `startJobs` creates
 * the queues, schedules the periodic ones and, on worker processes, works them.
 */
export interface JobDefinition<Data extends object = object> {
  name: string;
  handle(data: Data): Promise<void>;
  /** Works up to `batchSize` jobs fetched together in one go, where that is cheaper than one by one. */
  handleBatch?(data: Data[]): Promise<void>;
  batchSize?: number;
  /** Cron expression (UTC) for work that runs on a schedule. */
  schedule?: string;
  retryLimit?: number;
  /** How many of these jobs one worker process works at a time; 1 unless given. */
  concurrency?: number;
  /** 'stately': at most one job per key waiting, so the same work asked for twice is queued once. */
  policy?: 'standard' | 'stately';
  /**
   * Longest one job may take (pg-boss's default: 15 minutes). Past it the job
   * counts as failed and is retried: this is also how the jobs of a worker that
   * died are taken up by another, so work bounded in time should say its bound.
   */
  timeLimitSeconds?: number;
}

export interface JobsOptions {
  /** False on web-only processes: they enqueue but do not work jobs. */
  work: boolean;
  pollingIntervalSeconds?: number;
  onError?: (error: Error) => void;
}

export interface Jobs {
  boss: PgBoss;
  send(name: string, data: object): Promise<string | null>;
  /** Queues many jobs at once, each under its key (see JobDefinition.policy), leaving out keys that have a job waiting or in hand. */
  sendKeyed(name: string, jobs: readonly { key: string; data: object }[]): Promise<void>;
  /** Queues jobs under their keys to start no sooner than their time. */
  sendKeyedAt(name: string, jobs: readonly { key: string; data: object; startAfter: Date }[]): Promise<void>;
  stop(): Promise<void>;
}

const SCHEMA = 'pgboss';
/** Key of the advisory lock under which processes set up the queues one at a time. */
const QUEUE_SETUP_LOCK_KEY = 0x6a6f6273;
/** How often a worker process looks for jobs past their time limit (and archives old ones). */
const MAINTENANCE_INTERVAL_SECONDS = 30;

export async function startJobs(
  database: DatabaseHandle,
  definitions: readonly JobDefinition[],
  options: JobsOptions,
): Promise<Jobs> {
  const boss = new PgBoss({
    schema: SCHEMA,
    ...(database.executor ? { db: database.executor } : { connectionString: database.connectionString, max: 4 }),
    supervise: options.work,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
    schedule: options.work,
  });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  await oneProcessAtATime(database, async () => {
    for (const definition of definitions) await setUpQueue(boss, definition);
  });
  if (options.work) for (const definition of definitions) await startWorking(boss, definition, options.pollingIntervalSeconds ?? 2);
  return {
    boss,
    send: (name, data) => boss.send(name, data),
    sendKeyed: async (name, keyed) => {
      const busy = await keysWithAJob(boss, name, keyed.map((job) => job.key));
      const idle = keyed.filter((job) => !busy.has(job.key));
      if (idle.length > 0) await boss.insert(idle.map(({ key, data }) => ({ name, data, singletonKey: key })));
    },
    sendKeyedAt: (name, keyed) => boss.insert(keyed.map(({ key, data, startAfter }) => ({ name, data, singletonKey: key, startAfter }))),
    // Waits for jobs in hand to finish; unfinished ones are retried by any worker later.
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 20_000 }),
  };
}

/**
 * Keys that have a job waiting, waiting to be retried, or in hand. No second job
 * may be queued for one: taking it while the first is in hand would break the
 * rule of one job in hand per key, so pg-boss's fetch fails on it, silently, and
 * workers find no work until the first job ends.
 */
async function keysWithAJob(boss: PgBoss, name: string, keys: readonly string[]): Promise<Set<string>> {
  const { rows } = await boss
    .getDb()
    .executeSql(`SELECT DISTINCT singleton_key FROM ${SCHEMA}.job WHERE name = $1 AND singleton_key = ANY($2::text[]) AND state < 'completed'`, [name, keys]);
  return new Set((rows as { singleton_key: string }[]).map((row) => row.singleton_key));
}

/** pg-boss's queue creation deadlocks when processes started together create the same queues at once. */
async function oneProcessAtATime(database: DatabaseHandle, work: () => Promise<void>): Promise<void> {
  // An embedded database has one process.
  if (database.engine !== 'postgres') return work();
  await database.db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${QUEUE_SETUP_LOCK_KEY})`.execute(connection);
    try {
      await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${QUEUE_SETUP_LOCK_KEY})`.execute(connection);
    }
  });
}

async function setUpQueue(boss: PgBoss, definition: JobDefinition): Promise<void> {
  const queue = {
    name: definition.name,
    policy: definition.policy ?? 'standard',
    retryLimit: definition.retryLimit ?? 5,
    retryBackoff: true,
    ...(definition.timeLimitSeconds ? { expireInSeconds: definition.timeLimitSeconds } : {}),
  };
  await boss.createQueue(definition.name, queue);
  // createQueue leaves a queue that exists as it was: what changed since (a new time limit, say) is applied here.
  await boss.updateQueue(definition.name, queue);
}

async function startWorking(boss: PgBoss, definition: JobDefinition, pollingIntervalSeconds: number): Promise<void> {
  for (let worker = 0; worker < (definition.concurrency ?? 1); worker += 1) {
    // The handler first runs once a fetch has found a job, long after `work` has returned the worker's id.
    const workerId: string = await boss.work<object>(definition.name, { pollingIntervalSeconds, batchSize: definition.batchSize ?? 1 }, async (jobs) => {
      if (definition.handleBatch) await definition.handleBatch(jobs.map((job) => job.data));
      else for (const job of jobs) await definition.handle(job.data);
      // pg-boss waits a polling interval after every job; told there may be more, it asks again at once, so a backlog is worked without pauses.
      boss.notifyWorker(workerId);
    });
  }
  if (definition.schedule) await boss.schedule(definition.name, definition.schedule, {}, { tz: 'UTC' });
  else await boss.unschedule(definition.name);
}
