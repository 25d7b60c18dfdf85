import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createScratchDatabase } from '../db/scratch-database.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or, when
 * DATABASE_URL names a PostgreSQL server, a new database on it dropped afterwards.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ databaseUrl: undefined, pgliteDir: undefined });
    await migrateToLatest(handle.db);
    return handle;
  }
  const scratch = await createScratchDatabase(serverUrl, 'openhotline_test');
  const handle = await openDatabase({ databaseUrl: scratch.url, pgliteDir: undefined, poolSize: 4 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

export const testEngine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
