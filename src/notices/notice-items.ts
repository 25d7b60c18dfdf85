import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DisputeReason } from './tables.js';

/** An address of a notice as its recipient sees it: where the content stands and what the recipient answered. */
export interface NoticeItemState {
  noticeId: string;
  itemId: string;
  url: string;
  closedAs: 'removed' | 'moved' | 'withdrawn' | null;
  closedAt: Date | null;
  /** As the notice saw it, else as monitoring found it. */
  removedAt: Date | null;
  response: 'removed' | 'disputed' | null;
  disputeReason: DisputeReason | null;
  responseReason: string | null;
  respondedAt: Date | null;
}

export async function noticeItemStates(db: Kysely<Database>, noticeIds: readonly string[]): Promise<NoticeItemState[]> {
  if (noticeIds.length === 0) return [];
  return db
    .selectFrom('notice_items')
    .innerJoin('content_items', 'content_items.id', 'notice_items.item_id')
    .leftJoin('item_monitoring', 'item_monitoring.item_id', 'notice_items.item_id')
    .select([
      'notice_items.notice_id as noticeId',
      'notice_items.item_id as itemId',
      'content_items.normalized_url as url',
      'notice_items.closed_as as closedAs',
      'notice_items.closed_at as closedAt',
      (eb) => eb.fn.coalesce('notice_items.removed_at', 'item_monitoring.removed_at').as('removedAt'),
      'notice_items.response',
      'notice_items.dispute_reason as disputeReason',
      'notice_items.response_reason as responseReason',
      'notice_items.responded_at as respondedAt',
    ])
    .where('notice_items.notice_id', 'in', noticeIds)
    .orderBy('content_items.normalized_url')
    .execute();
}

/** The content is still there as far as the hotline knows: not closed on the notice, not found removed. */
export const isStillOpen = (item: Pick<NoticeItemState, 'closedAt' | 'removedAt'>): boolean => item.closedAt === null && item.removedAt === null;

/** Open, removed or moved, as the provider's page and the HashCheck API say it. */
export function contentStateOf(item: NoticeItemState): 'open' | 'removed' | 'moved' | 'withdrawn' {
  if (item.closedAs === 'moved' || item.closedAs === 'withdrawn') return item.closedAs;
  return item.removedAt || item.closedAs === 'removed' ? 'removed' : 'open';
}

/** For a query of notices: the notice has an item whose content is still there. */
export function hasOpenItems(eb: ExpressionBuilder<Database, 'notices'>) {
  return eb.exists(
    eb
      .selectFrom('notice_items')
      .leftJoin('item_monitoring', 'item_monitoring.item_id', 'notice_items.item_id')
      .select('notice_items.item_id')
      .whereRef('notice_items.notice_id', '=', 'notices.id')
      .where('notice_items.closed_at', 'is', null)
      .where('item_monitoring.removed_at', 'is', null),
  );
}

/** A provider's first notices sent, with at least one item still open, newest first. */
export async function openNoticesOfProvider(db: Kysely<Database>, providerId: number) {
  const notices = await db
    .selectFrom('notices')
    .select(['id', 'reference', 'kind', 'sent_at as sentAt', 'deadline_seconds as deadlineSeconds'])
    .where('provider_id', '=', providerId)
    .where('step', '=', 'notice')
    .where('state', '=', 'sent')
    .where(hasOpenItems)
    .orderBy('sent_at', 'desc')
    .limit(500)
    .$narrowType<{ sentAt: Date }>()
    .execute();
  const items = await noticeItemStates(db, notices.map((notice) => notice.id));
  return notices.map((notice) => ({ ...notice, items: items.filter((item) => item.noticeId === notice.id) }));
}
