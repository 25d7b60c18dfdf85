import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openTestDatabase } from '../../src/test-support/database.js';

/**
 * The migrated database a benchmark runs on: PGlite in a fresh folder, as a hotline runs
 * it, removed afterwards; or a scratch database on DATABASE_URL, dropped afterwards. `keep`
 * (a PostgreSQL URL or a folder) names a database that outlives the run instead.
 */
export async function benchDatabase(keep?: string): Promise<DatabaseHandle> {
  if (keep?.startsWith('postgres')) return migrated(await openDatabase({ databaseUrl: keep, pgliteDir: undefined }));
  if (process.env.DATABASE_URL && !keep) return openTestDatabase();
  const folder = path.resolve(keep ?? (await mkdtemp(path.join(tmpdir(), 'openhotline-bench-'))));
  const database = await migrated(await openDatabase({ databaseUrl: undefined, pgliteDir: folder }));
  if (keep) return database;
  return {
    ...database,
    close: async () => {
      await database.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

async function migrated(database: DatabaseHandle): Promise<DatabaseHandle> {
  await migrateToLatest(database.db);
  return database;
}
