import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';

/**
 * Statuses after which nobody needs the captured content as evidence any more:
 * it was not illegal, it was not there, or the item's work is finished.
 * Illegal items keep theirs for the notices, partners and police that follow.
 */
export const SETTLED_STATUSES: readonly ItemStatus[] = ['not_illegal', 'unavailable', 'closed'];

/**
 * Erases the content of media captured for items settled more than
 * `retentionDays` ago; hashes and descriptions stay. Returns how many files.
 */
export async function eraseSettledMedia(db: Kysely<Database>, retentionDays: number, now = new Date()): Promise<number> {
  const settledBefore = new Date(now.getTime() - retentionDays * 86_400_000);
  const result = await db
    .updateTable('captured_media')
    .set({ sealed: null, erased_at: now })
    .where('sealed', 'is not', null)
    .where('item_id', 'in', (eb) =>
      eb
        .selectFrom('content_items')
        .select('id')
        .where('status', 'in', [...SETTLED_STATUSES])
        .where('status_changed_at', '<', sql<Date>`${settledBefore}`),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
