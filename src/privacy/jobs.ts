import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import type { JobDefinition } from '../jobs/queue.js';
import { eraseOldSubmissions } from '../forms/submissions.js';
import { purgeExpiredContacts } from './retention.js';

export function privacyJobs(deps: { db: Kysely<Database> }, logger: Logger): JobDefinition[] {
  return [
    {
      name: 'privacy-purge-contacts',
      schedule: '17 * * * *',
      handle: async () => {
        const purged = await purgeExpiredContacts(deps.db);
        if (purged > 0) logger.info({ purged }, 'erased contact details past their retention period');
      },
    },
    {
      // Outcomes of forms hold receipt codes and new passwords: kept only as long as the page after the form shows them.
      name: 'privacy-erase-form-outcomes',
      schedule: '*/10 * * * *',
      handle: async () => {
        await eraseOldSubmissions(deps.db);
      },
    },
  ];
}
