import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { openDatabase, type DatabaseHandle } from './database.js';
import { migrateToLatest } from './migrate.js';

export function embeddedDatabaseDir(config: Config): string {
  return path.join(config.dataDir, 'pglite');
}

/** The configured database, brought up to date: PostgreSQL when DATABASE_URL is set, else the embedded one. */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: embeddedDatabaseDir(config),
    onIdleConnectionError: (error) => logger.warn({ err: error }, 'an idle database connection failed; it will be replaced'),
  });
  const { applied } = await migrateToLatest(database.db);
  logger.info({ engine: database.engine, applied }, 'database ready');
  return database;
}
