import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema.js';
import * as reports from './migrations/0001-reports.js';
import * as audit from './migrations/0003-audit.js';
import * as staff from './migrations/0004-staff.js';
import * as fourEyes from './migrations/0005-four-eyes.js';
import * as wellbeing from './migrations/0006-wellbeing.js';

/** Append-only: a released migration is never edited, only followed by a new one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-reports': reports,
  '0003-audit': audit,
  '0004-staff': staff,
  '0005-four-eyes': fourEyes,
  '0006-wellbeing': wellbeing,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  }
  return { applied: results.map((result) => result.migrationName) };
}
