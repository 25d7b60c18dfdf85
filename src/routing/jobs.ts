import { sql } from 'kysely';
import type { Logger } from 'pino';
import { isUuid } from '../domain/ids.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import { routeItem, type RoutingDeps } from './route-item.js';

export const ROUTE_ITEM_JOB = 'route-item';

/** Queues routing for items just assessed illegal; safe to call twice for one item. */
export type EnqueueRouting = (itemIds: readonly string[]) => Promise<void>;

export function enqueueRoutingOn(jobs: () => Pick<Jobs, 'sendKeyed'>): EnqueueRouting {
  return (itemIds) => jobs().sendKeyed(ROUTE_ITEM_JOB, itemIds.map((itemId) => ({ key: itemId, data: { itemId } })));
}

/** Illegal items still unrouted this long after the assessment were missed: they are queued again. */
const MISSED_AFTER = sql`interval '1 minute'`;

export function routingJobs(deps: RoutingDeps, enqueue: EnqueueRouting, logger: Logger): JobDefinition[] {
  return [
    {
      name: ROUTE_ITEM_JOB,
      policy: 'stately',
      concurrency: 4,
      retryLimit: 5,
      handle: async (data) => {
        const { itemId } = data as { itemId?: unknown };
        if (!isUuid(itemId)) return logger.warn({ data }, 'routing job without a valid item id dropped');
        const decision = await routeItem(deps, itemId);
        if (decision) logger.info({ itemId, decision: decision.decision }, 'item routed');
      },
    },
    {
      name: 'routing-sweep',
      schedule: '* * * * *',
      retryLimit: 0,
      handle: async () => {
        const rows = await deps.db
          .selectFrom('content_items')
          .select('id')
          .where('status', '=', 'illegal')
          .where('status_changed_at', '<', sql<Date>`now() - ${MISSED_AFTER}`)
          .limit(500)
          .execute();
        if (rows.length > 0) await enqueue(rows.map((row) => row.id));
      },
    },
  ];
}
