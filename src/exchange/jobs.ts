import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { isUuid } from '../domain/ids.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import { deliverItemMessages, itemsWithDueMessages, type DeliveryDeps } from './delivery.js';

export const DELIVER_JOB = 'exchange-deliver';

export function exchangeJobs(deps: DeliveryDeps & { clockSkewMs: number }, logger: Logger): JobDefinition[] {
  return [
    {
      name: DELIVER_JOB,
      concurrency: 4,
      retryLimit: 5,
      timeLimitSeconds: 600,
      handle: async (data) => {
        const { itemId } = data as { itemId?: unknown };
        if (!isUuid(itemId)) return logger.warn({ data }, 'delivery job without a valid item id dropped');
        const outcome = await deliverItemMessages(deps, itemId);
        if (outcome.delivered > 0) logger.info({ itemId, delivered: outcome.delivered }, 'messages delivered to partner');
      },
    },
    {
      name: 'exchange-forget-signatures',
      schedule: '* * * * *',
      retryLimit: 0,
      // A signature older than twice the clock skew is refused for its `created` time anyway.
      handle: async () => {
        await deps.db.deleteFrom('exchange_signatures').where('seen_at', '<', sql<Date>`now() - ${`${2 * deps.clockSkewMs} milliseconds`}::interval`).execute();
      },
    },
  ];
}

/**
 * Outbox rows are written inside the transactions of status changes, where no
 * job can be queued; a worker looks for due rows every `intervalMs` (one small
 * indexed query) and queues one delivery job per item that has none. The same
 * look finds messages whose retry time came and those of a worker that died.
 */
export function watchOutbox(db: Kysely<Database>, jobs: () => Pick<Jobs, 'sendKeyed'>, logger: Logger, intervalMs = 1000): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const look = async () => {
    try {
      const itemIds = await itemsWithDueMessages(db);
      if (itemIds.length > 0) await jobs().sendKeyed(DELIVER_JOB, itemIds.map((itemId) => ({ key: itemId, data: { itemId } })));
    } catch (error) {
      logger.warn({ err: error }, 'could not look for messages to deliver to partners');
    }
    if (!stopped) timer = setTimeout(look, intervalMs).unref();
  };
  timer = setTimeout(look, intervalMs).unref();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
