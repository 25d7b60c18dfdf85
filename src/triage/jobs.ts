import { sql } from 'kysely';
import type { Logger } from 'pino';
import { isUuid } from '../domain/ids.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import { eraseSettledMedia } from './media-retention.js';
import { triageItem, type TriageDeps } from './triage.js';

export const TRIAGE_ITEM_JOB = 'triage-item';

/** Queues triage for the items; safe to call twice for one item. */
export type EnqueueTriage = (itemIds: readonly string[]) => Promise<void>;

/** Triage through the job queue: one job per item, never two waiting for the same item. */
export function enqueueTriageOn(jobs: () => Pick<Jobs, 'sendKeyed'>): EnqueueTriage {
  return (itemIds) => jobs().sendKeyed(TRIAGE_ITEM_JOB, itemIds.map((itemId) => ({ key: itemId, data: { itemId } })));
}

/** Items still untriaged this long after they were reported were missed (or failed): they are queued again. */
const MISSED_AFTER = sql`interval '2 minutes'`;
/** An item whose address was fetched this often without completing triage is left to the analysts. */
const MAX_ATTEMPTS = 3;

export interface TriageJobOptions {
  /** Days the captured content of a settled item is kept (see eraseSettledMedia). */
  retentionDays: number;
  /** The fetcher's time-out for one address. */
  fetchTimeoutSeconds: number;
}

/**
 * One item's triage at its slowest: the page, then its media until the capture
 * budget runs out and the file under way then, each bounded by the fetch
 * time-out; one time-out more for the trace and the hashing. A job past it is
 * retried, which is how items held by a worker that died are triaged.
 */
export function triageTimeLimitSeconds(deps: Pick<TriageDeps, 'captureBudgetMs'>, fetchTimeoutSeconds: number): number {
  return Math.ceil(3 * fetchTimeoutSeconds + deps.captureBudgetMs / 1000);
}

export function triageJobs(deps: TriageDeps, enqueue: EnqueueTriage, options: TriageJobOptions, logger: Logger): JobDefinition[] {
  return [
    {
      name: TRIAGE_ITEM_JOB,
      policy: 'stately',
      // Most of triage is waiting for remote sites; a few items at a time keep one slow site from holding up the rest.
      concurrency: 4,
      retryLimit: 2,
      timeLimitSeconds: triageTimeLimitSeconds(deps, options.fetchTimeoutSeconds),
      handle: async (data) => {
        const { itemId } = data as { itemId?: unknown };
        if (!isUuid(itemId)) return logger.warn({ data }, 'triage job without a valid item id dropped');
        logger.info(await triageItem(deps, itemId), 'item triaged');
      },
    },
    {
      name: 'triage-sweep',
      schedule: '* * * * *',
      retryLimit: 0,
      handle: async () => {
        const missed = await missedItems(deps);
        if (missed.length > 0) {
          await enqueue(missed);
          logger.info({ items: missed.length }, 'queued triage for items it had missed');
        }
      },
    },
    {
      name: 'triage-erase-settled-media',
      schedule: '41 * * * *',
      handle: async () => {
        const erased = await eraseSettledMedia(deps.db, options.retentionDays);
        if (erased > 0) logger.info({ erased }, 'erased captured media of settled items past their retention period');
      },
    },
  ];
}

async function missedItems(deps: TriageDeps): Promise<string[]> {
  const rows = await deps.db
    .selectFrom('content_items')
    .select('id')
    .where('status', '=', 'received')
    .where('first_reported_at', '<', sql<Date>`now() - ${MISSED_AFTER}`)
    .where((eb) =>
      eb(eb.selectFrom('item_checks').select(eb.fn.countAll<number>().as('n')).whereRef('item_checks.item_id', '=', 'content_items.id'), '<', MAX_ATTEMPTS),
    )
    .limit(500)
    .execute();
  return rows.map((row) => row.id);
}
