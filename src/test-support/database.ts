import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createScratchDatabase } from '../db/scratch-database.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or, when
 * DATABASE_URL names a PostgreSQL server, a new database on it dropped afterwards.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const handle = await openEmptyTestDatabase();
  await migrateToLatest(handle.db);
  return handle;
}

/** The same, before any migration ran: for tests of what a migration does to existing rows. */
export async function openEmptyTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ databaseUrl: undefined, pgliteDir: undefined });
  const scratch = await createScratchDatabase(serverUrl, 'openhotline_test');
  const handle = await openDatabase({ databaseUrl: scratch.url, pgliteDir: undefined, poolSize: 4 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

export const testEngine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
