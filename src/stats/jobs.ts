import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { JobDefinition } from '../jobs/queue.js';
import { refreshStats, vacuumRollups } from './refresh.js';

/** Every minute, the rollups catch up with the items that changed; a full first build may take minutes. */
export function statsJobs(deps: { db: Kysely<Database> }, logger: FastifyBaseLogger): JobDefinition[] {
  return [
    {
      name: 'stats-refresh',
      schedule: '* * * * *',
      policy: 'stately',
      retryLimit: 0,
      timeLimitSeconds: 1800,
      handle: async () => {
        const outcome = await refreshStats(deps.db);
        if (outcome.items === null) await vacuumRollups(deps.db);
        if (!outcome.skipped) logger.debug({ items: outcome.items ?? 'all' }, 'statistics refreshed');
      },
    },
  ];
}
