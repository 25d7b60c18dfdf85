import { sql, type Kysely, type Transaction } from 'kysely';
import { nextStatus, type ItemEvent, type ItemStatus } from '../domain/item-lifecycle.js';
import type { Database } from '../db/schema.js';

/**
 * The only code that writes an item's status. Every change is decided by the
 * pure lifecycle and recorded on the item's timeline in the same transaction.
 */
type Executor = Kysely<Database> | Transaction<Database>;

export const INITIAL_STATUS: ItemStatus = 'received';

export interface OpenedItem {
  id: string;
  /** False when the URL joined an item that was already open. */
  created: boolean;
}

/** Opens an item for a reported URL, or joins the open item of the same URL (one more reporter). */
export async function openOrJoinItem(
  trx: Transaction<Database>,
  url: { normalized: string; host: string },
  category: string,
): Promise<OpenedItem> {
  const row = await trx
    .insertInto('content_items')
    .values({ normalized_url: url.normalized, host: url.host, status: INITIAL_STATUS, category })
    .onConflict((conflict) =>
      conflict
        .column('normalized_url')
        .where('status', '<>', 'closed')
        .doUpdateSet({
          reporter_count: sql`content_items.reporter_count + 1`,
          last_reported_at: sql`now()`,
        }),
    )
    .returning(['id', sql<boolean>`xmax = 0`.as('created')])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('item_events')
    .values({
      item_id: row.id,
      event: row.created ? 'reported' : 'reported_again',
      from_status: null,
      to_status: INITIAL_STATUS,
      actor: null,
      detail: null,
    })
    .execute();
  return { id: row.id, created: row.created };
}

export interface StatusChange {
  itemId: string;
  event: ItemEvent;
  actor: string | null;
  detail?: Record<string, unknown>;
}

/** Applies one event to an item, locking its row; throws ForbiddenTransition when the lifecycle says no. */
export async function changeItemStatus(trx: Transaction<Database>, change: StatusChange): Promise<ItemStatus> {
  const item = await trx
    .selectFrom('content_items')
    .select('status')
    .where('id', '=', change.itemId)
    .forUpdate()
    .executeTakeFirstOrThrow(() => new Error(`no item ${change.itemId}`));
  const status = nextStatus(item.status, change.event);
  await trx
    .updateTable('content_items')
    .set({ status, status_changed_at: new Date() })
    .where('id', '=', change.itemId)
    .execute();
  await trx
    .insertInto('item_events')
    .values({
      item_id: change.itemId,
      event: change.event,
      from_status: item.status,
      to_status: status,
      actor: change.actor,
      detail: change.detail ? JSON.stringify(change.detail) : null,
    })
    .execute();
  return status;
}

export async function statusesOfReport(db: Executor, reportId: string): Promise<ItemStatus[]> {
  const rows = await db
    .selectFrom('report_items')
    .innerJoin('content_items', 'content_items.id', 'report_items.item_id')
    .select('content_items.status')
    .where('report_items.report_id', '=', reportId)
    .execute();
  return rows.map((row) => row.status);
}

/** An analyst's correction of the category the reporter chose. */
export async function correctItemCategory(trx: Transaction<Database>, itemId: string, category: string, actor: string): Promise<void> {
  const item = await trx.selectFrom('content_items').select(['status', 'category']).where('id', '=', itemId).executeTakeFirstOrThrow();
  if (item.category === category) return;
  await trx.updateTable('content_items').set({ category }).where('id', '=', itemId).execute();
  await trx
    .insertInto('item_events')
    .values({
      item_id: itemId,
      event: 'category_corrected',
      from_status: item.status,
      to_status: item.status,
      actor,
      detail: JSON.stringify({ from: item.category, to: category }),
    })
    .execute();
}
