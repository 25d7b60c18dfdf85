import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/database.js';

/**
 * A kind of background work. Capabilities declare theirs; `startJobs` creates
 * the queues, schedules the periodic ones and, on worker processes, works them.
 */
export interface JobDefinition<Data extends object = object> {
  name: string;
  handle(data: Data): Promise<void>;
  /** Cron expression (UTC) for work that runs on a schedule. */
  schedule?: string;
  retryLimit?: number;
  /** How many of these jobs one worker process works at a time; 1 unless given. */
  concurrency?: number;
  /** 'stately': at most one job per key waiting, so the same work asked for twice is queued once. */
  policy?: 'standard' | 'stately';
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
  /** Queues many jobs in one statement, each under its key (see JobDefinition.policy). */
  sendKeyed(name: string, jobs: readonly { key: string; data: object }[]): Promise<void>;
  /** Queues jobs under their keys to start no sooner than their time. */
  sendKeyedAt(name: string, jobs: readonly { key: string; data: object; startAfter: Date }[]): Promise<void>;
  stop(): Promise<void>;
}

const SCHEMA = 'pgboss';

export async function startJobs(
  database: DatabaseHandle,
  definitions: readonly JobDefinition[],
  options: JobsOptions,
): Promise<Jobs> {
  const boss = new PgBoss({
    schema: SCHEMA,
    ...(database.executor ? { db: database.executor } : { connectionString: database.connectionString, max: 4 }),
    supervise: options.work,
    schedule: options.work,
  });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  for (const definition of definitions) {
    await boss.createQueue(definition.name, {
      name: definition.name,
      policy: definition.policy ?? 'standard',
      retryLimit: definition.retryLimit ?? 5,
      retryBackoff: true,
    });
    if (options.work) await startWorking(boss, definition, options.pollingIntervalSeconds ?? 2);
  }
  return {
    boss,
    send: (name, data) => boss.send(name, data),
    sendKeyed: (name, keyed) => boss.insert(keyed.map(({ key, data }) => ({ name, data, singletonKey: key }))),
    sendKeyedAt: (name, keyed) => boss.insert(keyed.map(({ key, data, startAfter }) => ({ name, data, singletonKey: key, startAfter }))),
    // Waits for jobs in hand to finish; unfinished ones are retried by any worker later.
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 20_000 }),
  };
}

async function startWorking(boss: PgBoss, definition: JobDefinition, pollingIntervalSeconds: number): Promise<void> {
  for (let worker = 0; worker < (definition.concurrency ?? 1); worker += 1) {
    await boss.work<object>(definition.name, { pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await definition.handle(job.data);
    });
  }
  if (definition.schedule) await boss.schedule(definition.name, definition.schedule, {}, { tz: 'UTC' });
  else await boss.unschedule(definition.name);
}
