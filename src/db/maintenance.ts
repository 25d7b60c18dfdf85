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

/** Table by table: the embedded engine runs one statement at a time, so the hotline's own queries go on between tables rather than waiting for all of them. */
export async function vacuumAnalyze(database: Pick<DatabaseHandle, 'db'>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY schemaname, tablename`.execute(database.db);
  for (const { name } of rows) await sql`VACUUM (ANALYZE) ${sql.raw(name)}`.execute(database.db);
}
