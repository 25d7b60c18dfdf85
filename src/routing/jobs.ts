import { sql } from 'kysely';
import type { Logger } from 'pino';
import { idsOfJobs } from '../jobs/job-data.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import { routeItems, type RoutingDeps } from './route-item.js';

export const ROUTE_ITEM_JOB = 'route-item';

/** Queues routing for items just assessed illegal; safe to call twice for one item. */
export type EnqueueRouting = (itemIds: readonly string[]) => Promise<void>;

export function enqueueRoutingOn(jobs: () => Pick<Jobs, 'sendKeyed'>): EnqueueRouting {
  return (itemIds) => jobs().sendKeyed(ROUTE_ITEM_JOB, itemIds.map((itemId) => ({ key: itemId, data: { itemId } })));
}

/** Illegal items still unrouted this long after the assessment were missed: they are queued again. */
const MISSED_AFTER = sql`interval '1 minute'`;

/** Items routed together: one directory look-up and one transaction for all of them. */
export const ROUTING_BATCH = 100;

export function routingJobs(deps: RoutingDeps, enqueue: EnqueueRouting, logger: Logger): JobDefinition[] {
  const route = async (jobs: object[]) => {
    const itemIds = idsOfJobs(jobs, 'itemId', logger);
    const decisions = await routeItems(deps, itemIds.map((itemId) => ({ itemId, change: { event: 'routed', actor: null } })));
    for (const [itemId, decision] of decisions) logger.info({ itemId, decision: decision.decision }, 'item routed');
  };
  return [
    {
      name: ROUTE_ITEM_JOB,
      policy: 'stately',
      concurrency: 4,
      retryLimit: 5,
      batchSize: ROUTING_BATCH,
      handle: (data) => route([data]),
      handleBatch: route,
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
