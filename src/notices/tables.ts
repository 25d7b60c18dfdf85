import type { ColumnType, Generated } from 'kysely';
import type { NoticeState } from '../domain/notice-lifecycle.js';
import type { NoticeKind } from '../domain/routing.js';

export type NoticeStep = 'notice' | 'reminder' | 'escalation';
export const DISPUTE_REASONS = ['not_our_customer', 'not_illegal', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface NoticesTable {
  id: Generated<string>;
  reference: string;
  kind: NoticeKind;
  recipient: string;
  recipient_name: string | null;
  provider_id: number | null;
  language: string;
  deadline_seconds: number;
  state: NoticeState;
  idempotency_key: string;
  created_at: CreatedAt;
  /** When the first item of this message was due; later items join only within the batch window. */
  first_due_at: Date;
  not_before: Date;
  hold_until: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
  sending_since: Date | null;
  sent_at: Date | null;
  smtp_message_id: string | null;
  smtp_response: string | null;
  /** A reminder or an escalation refers to the first notice about the same items. */
  step: ColumnType<NoticeStep, NoticeStep | undefined, NoticeStep>;
  first_notice_id: string | null;
}

export interface NoticeItemsTable {
  notice_id: string;
  item_id: string;
  added_at: CreatedAt;
  response: 'removed' | 'disputed' | null;
  response_reason: string | null;
  responded_at: Date | null;
  /** Closed when the content was removed or moved, or the item was routed elsewhere. */
  closed_at: Date | null;
  closed_as: 'removed' | 'moved' | 'withdrawn' | null;
  /** The removal time as this notice saw it (the first miss of the confirming run). */
  removed_at: Date | null;
  /** Why the provider disputes the notice; the text in response_reason (needed for `other`). */
  dispute_reason: ColumnType<DisputeReason | null, DisputeReason | null | undefined, DisputeReason | null>;
}

export interface NoticeTables {
  notices: NoticesTable;
  notice_items: NoticeItemsTable;
}
