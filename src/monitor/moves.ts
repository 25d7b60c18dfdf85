import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { closeNoticeItemsOf, takeItemOutOfNotices } from '../notices/store.js';

export interface Move {
  itemId: string;
  at: Date;
  /** What the timeline tells about the move: where a check found the content, or how its hosting changed. */
  detail: Record<string, unknown>;
}

/**
 * The content of an acted-on item is now served elsewhere, whether a check or
 * the re-trace before a reminder found it: no notice not yet sent goes to the
 * old host, the notices sent are closed as moved, the move is counted, and
 * the item becomes `moved`. In the caller's transaction, which has locked the
 * item and made sure it can take `move_detected`.
 */
export async function recordMoveIn(trx: Transaction<Database>, { itemId, at, detail }: Move): Promise<void> {
  await takeItemOutOfNotices(trx, itemId);
  await closeNoticeItemsOf(trx, itemId, 'moved', at, null);
  await trx.updateTable('item_monitoring').set({ moves: sql<number>`moves + 1` }).where('item_id', '=', itemId).execute();
  await changeItemStatus(trx, { itemId, event: 'move_detected', actor: null, detail });
}
