import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema.js';
import * as reports from './migrations/0001-reports.js';
import * as audit from './migrations/0002-audit.js';
import * as staff from './migrations/0003-staff.js';
import * as fourEyes from './migrations/0004-four-eyes.js';
import * as wellbeing from './migrations/0005-wellbeing.js';
import * as hashLists from './migrations/0006-hash-lists.js';
import * as triage from './migrations/0007-triage.js';
import * as mediaRetention from './migrations/0008-media-retention.js';
import * as setup from './migrations/0009-setup.js';
import * as rdapCache from './migrations/0010-rdap-cache.js';
import * as takedown from './migrations/0011-takedown.js';
import * as formSubmissions from './migrations/0012-form-submissions.js';
import * as monitoring from './migrations/0013-monitoring.js';
import * as escalation from './migrations/0016-escalation.js';
import * as exchange from './migrations/0017-exchange.js';
import * as stats from './migrations/0018-stats.js';
import * as demoData from './migrations/0019-demo-data.js';
import * as statsScopes from './migrations/0020-stats-scopes.js';
import * as itemListing from './migrations/0021-item-listing.js';
import * as statsFacts from './migrations/0022-stats-facts.js';

/** Append-only: a released migration is never edited, only followed by a new one. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-reports': reports,
  '0002-audit': audit,
  '0003-staff': staff,
  '0004-four-eyes': fourEyes,
  '0005-wellbeing': wellbeing,
  '0006-hash-lists': hashLists,
  '0007-triage': triage,
  '0008-media-retention': mediaRetention,
  '0009-setup': setup,
  '0010-rdap-cache': rdapCache,
  '0011-takedown': takedown,
  '0012-form-submissions': formSubmissions,
  '0013-monitoring': monitoring,
  '0016-escalation': escalation,
  '0017-exchange': exchange,
  '0018-stats': stats,
  '0019-demo-data': demoData,
  '0020-stats-scopes': statsScopes,
  '0021-item-listing': itemListing,
  '0022-stats-facts': statsFacts,
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
