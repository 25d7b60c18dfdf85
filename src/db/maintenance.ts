import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { JobDefinition } from '../jobs/queue.js';
import type { DatabaseHandle } from './database.js';

/**
 * The embedded engine has no autovacuum daemon: left alone, its planner never
 * learns how large the tables have grown (a lookup per row turns into a scan
 * per row), and rows that monitoring updates every hour leave dead versions
 * behind. A PostgreSQL server does both by itself; on PGlite this job does them
 * every hour. VACUUM skips pages with nothing to clean, so a quiet hour costs little.
 */
export function maintenanceJobs(database: Pick<DatabaseHandle, 'db' | 'engine'>, logger: Logger): JobDefinition[] {
  if (database.engine !== 'pglite') return [];
  return [
    {
      name: 'db-vacuum-analyze',
      schedule: '53 * * * *',
      retryLimit: 0,
      handle: async () => {
        const started = performance.now();
        await vacuumAnalyze(database);
        logger.info({ ms: Math.round(performance.now() - started) }, 'embedded database vacuumed and analysed');
      },
    },
  ];
}

export async function vacuumAnalyze(database: Pick<DatabaseHandle, 'db'>): Promise<void> {
  await sql`VACUUM (ANALYZE)`.execute(database.db);
}
