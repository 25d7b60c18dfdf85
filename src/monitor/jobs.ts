import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import { checkItem, type MonitorDeps } from './check.js';

/**
 * Checks run as pg-boss jobs on any worker. The schedule lives in
 * item_monitoring.next_check_at; a `monitor-checks` job (every minute, and at
 * once when a check is asked for) claims the due items a batch at a time with
 * SKIP LOCKED — so workers never check one item twice at once — and checks
 * them MONITOR_CONCURRENCY at a time. A claim is a lease: an item whose worker
 * died is due again when the lease ends, and checked by another.
 */
export const MONITOR_CHECKS_JOB = 'monitor-checks';

/** Longer than any one check takes: the page and its media, each bounded by the fetch time-out and the capture budget. */
export const CHECK_LEASE_MS = 10 * 60_000;
/** A job stops claiming after this; what is still due goes to the next job, possibly on another worker. */
const RUN_BUDGET_MS = 4 * 60_000;

export interface RunOptions {
  concurrency: number;
  /** Stop claiming once this time is reached. */
  until: number;
  now?: () => Date;
  onError?: (itemId: string, error: unknown) => void;
}

/**
 * Claims up to `limit` due items. An item never checked yet is only due once
 * MONITOR_FIRST_CHECK has passed since the hotline acted (the lifecycle store
 * that starts monitoring does not know the setting, and leaves the row due at
 * the time of acting): such a row is moved to that time instead of being
 * claimed.
 */
export async function claimDueItems(db: Kysely<Database>, limit: number, now: Date, firstCheckMs: number): Promise<string[]> {
  const firstCheck = sql`${firstCheckMs} * interval '1 millisecond'`;
  const lease = new Date(now.getTime() + CHECK_LEASE_MS);
  const { rows } = await sql<{ item_id: string; claimed: boolean }>`
    WITH due AS (
      SELECT item_id FROM item_monitoring
      WHERE next_check_at <= ${now}
      ORDER BY next_check_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ),
    moved AS (
      UPDATE item_monitoring m
      SET next_check_at = CASE WHEN m.next_check_at = m.acted_at AND m.acted_at + ${firstCheck} > ${now} THEN m.acted_at + ${firstCheck} ELSE ${lease} END
      FROM due WHERE m.item_id = due.item_id
      RETURNING m.item_id, m.next_check_at = ${lease} AS claimed
    )
    SELECT item_id, claimed FROM moved`.execute(db);
  return rows.filter((row) => row.claimed).map((row) => row.item_id);
}

/**
 * Checks due items until none is due or the time is up, `concurrency` at a
 * time: each of that many lanes takes the next claimed item as soon as it is
 * free, so one slow site holds up one lane only. True when it stopped for
 * time with items possibly still due.
 */
export async function runDueChecks(deps: MonitorDeps, options: RunOptions): Promise<{ checked: number; more: boolean }> {
  const now = options.now ?? (() => new Date());
  const waiting: string[] = [];
  let exhausted = false;
  let checked = 0;
  let claiming: Promise<void> | undefined;
  const refill = async () => {
    const claimed = await claimDueItems(deps.db, options.concurrency * 2, now(), deps.settings.firstCheckMs);
    if (claimed.length === 0) exhausted = true;
    waiting.push(...claimed);
  };
  const next = async (): Promise<string | undefined> => {
    while (waiting.length === 0) {
      if (exhausted || Date.now() >= options.until) return undefined;
      await (claiming ??= refill().finally(() => (claiming = undefined)));
    }
    return waiting.shift();
  };
  const lane = async () => {
    for (let itemId = await next(); itemId !== undefined; itemId = await next()) {
      try {
        await checkItem(deps, itemId, now());
        checked += 1;
      } catch (error) {
        options.onError?.(itemId, error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return { checked, more: !exhausted };
}

/** Asks for a check of these items now, e.g. when a provider says it removed them; the confirmation itself proves nothing. */
export function checkSoonOn(db: Kysely<Database>, jobs: () => Pick<Jobs, 'send'>): (itemIds: readonly string[]) => Promise<void> {
  return async (itemIds) => {
    if (itemIds.length === 0) return;
    await db.updateTable('item_monitoring').set({ next_check_at: new Date() }).where('item_id', 'in', itemIds).where('next_check_at', 'is not', null).execute();
    await jobs().send(MONITOR_CHECKS_JOB, {});
  };
}

export function monitorJobs(deps: MonitorDeps, jobs: () => Pick<Jobs, 'send'>, concurrency: number, logger: Logger): JobDefinition[] {
  return [
    {
      name: MONITOR_CHECKS_JOB,
      schedule: '* * * * *',
      retryLimit: 0,
      timeLimitSeconds: (RUN_BUDGET_MS + CHECK_LEASE_MS) / 1000,
      handle: async () => {
        const onError = (itemId: string, error: unknown) => logger.warn({ itemId, err: error }, 'check failed; the item is checked again when its lease ends');
        const { checked, more } = await runDueChecks(deps, { concurrency, until: Date.now() + RUN_BUDGET_MS, onError });
        if (checked > 0) logger.info({ checked }, 'monitoring checks done');
        if (more) await jobs().send(MONITOR_CHECKS_JOB, {});
      },
    },
  ];
}
