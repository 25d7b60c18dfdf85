import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Erases reporters' contact details whose retention period has passed; returns how many. */
export async function purgeExpiredContacts(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const result = await db
    .updateTable('reports')
    .set({ contact_ciphertext: null, may_contact: false, contact_purge_after: null })
    .where('contact_ciphertext', 'is not', null)
    .where('contact_purge_after', '<=', sql<Date>`${now}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
