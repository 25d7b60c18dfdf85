import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { fitsBatch, nextNoticeState, noticeStatesTaking, shownNoticeState, type NoticeEvent, type NoticeState } from '../domain/notice-lifecycle.js';
import type { NoticeKind, RoutingRecipient } from '../domain/routing.js';
import { nextSendingTime, type SendingHours } from '../domain/sending-hours.js';
import type { NoticeStep } from './tables.js';

/**
 * Notice rows: one message to one recipient for the items due together. The
 * lifecycle (src/domain/notice-lifecycle.ts) says which state may follow
 * which; every change here asks it and checks the state in the same statement,
 * so two workers can never both move one notice.
 */
type Executor = Kysely<Database> | Transaction<Database>;

export interface NoticeTiming {
  /** Time for a second look after the decision. */
  delayMs: number;
  batchWindowMs: number;
  sendingHours: SendingHours | undefined;
  /** Removal deadline when the provider has none. */
  defaultDeadlineMs: number;
  defaultLanguage: string;
}

export interface QueuedNotice {
  id: string;
  notBefore: Date;
  /** False when the item joined a message already queued, whose sending is scheduled. */
  isNew: boolean;
}

/** A reference a person can read and quote: the year and ten random base-32 characters. */
function newReference(now: Date): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = [...randomBytes(10)].map((byte) => alphabet[byte % 32]).join('');
  return `OH-${now.getUTCFullYear()}-${random.slice(0, 5)}-${random.slice(5)}`;
}

/** An item to be notified to one recipient; held for the police until `holdUntil` when set. */
export interface NoticeEntry {
  itemId: string;
  recipient: RoutingRecipient;
  holdUntil: Date | null;
}

/**
 * Puts items in the notices for their recipients, in a few statements however
 * many items and recipients: into the recipient's queued message not yet
 * claimed that they fit in (fitsBatch), else a new one. A police-first item
 * gets a held message of its own, released by an officer or when `holdUntil` passes.
 */
export async function queueNotices(trx: Transaction<Database>, entries: readonly NoticeEntry[], timing: NoticeTiming, now = new Date()): Promise<QueuedNotice[]> {
  if (entries.length === 0) return [];
  const due = new Date(now.getTime() + timing.delayMs);
  const sendAt = nextSendingTime(due, timing.sendingHours);
  const held = entries.filter((entry) => entry.holdUntil !== null).map((entry) => ({ recipient: entry.recipient, itemIds: [entry.itemId], holdUntil: entry.holdUntil }));
  const batches = new Map<string, { recipient: RoutingRecipient; itemIds: string[]; holdUntil: null }>();
  for (const entry of entries.filter((candidate) => candidate.holdUntil === null)) {
    const key = recipientKey(entry.recipient);
    const batch = batches.get(key) ?? batches.set(key, { recipient: entry.recipient, itemIds: [], holdUntil: null }).get(key)!;
    batch.itemIds.push(entry.itemId);
  }
  const open = await openNotices(trx, [...batches.values()].map((batch) => batch.recipient), due, timing, now);
  const joining = [...batches.entries()].filter(([key]) => open.has(key));
  const fresh = [...held, ...[...batches.entries()].filter(([key]) => !open.has(key)).map(([, batch]) => batch)];
  const joined = joining.length === 0 ? [] : await trx
    .updateTable('notices')
    .set({ not_before: sql<Date>`greatest(not_before, ${sendAt})` })
    .where('id', 'in', joining.map(([key]) => open.get(key)!))
    .returning(['id', 'not_before'])
    .execute();
  const references = fresh.map(() => newReference(now));
  const created = fresh.length === 0 ? [] : await trx
    .insertInto('notices')
    .values(fresh.map((batch, n) => newNoticeRow(batch.recipient, references[n]!, timing, due, batch.holdUntil)))
    .returning(['id', 'reference', 'not_before'])
    .execute();
  const createdAs = new Map(created.map((notice) => [notice.reference, notice.id]));
  const items = [
    ...joining.flatMap(([key, batch]) => batch.itemIds.map((itemId) => ({ notice_id: open.get(key)!, item_id: itemId }))),
    ...fresh.flatMap((batch, n) => batch.itemIds.map((itemId) => ({ notice_id: createdAs.get(references[n]!)!, item_id: itemId }))),
  ];
  await trx.insertInto('notice_items').values(items).onConflict((conflict) => conflict.doNothing()).execute();
  return [...joined.map((notice) => ({ id: notice.id, notBefore: notice.not_before, isNew: false })), ...created.map((notice) => ({ id: notice.id, notBefore: notice.not_before, isNew: true }))];
}

const recipientKey = (recipient: { kind: NoticeKind; email: string }) => `${recipient.kind} ${recipient.email}`;

/** The queued messages not yet claimed by a sender that items due at `due` fit in, locked, by recipient key. */
async function openNotices(trx: Transaction<Database>, recipients: readonly RoutingRecipient[], due: Date, timing: NoticeTiming, now: Date): Promise<Map<string, string>> {
  if (recipients.length === 0) return new Map();
  const candidates = await trx
    .selectFrom('notices')
    .select(['id', 'recipient', 'kind', 'first_due_at', 'not_before'])
    .where('state', '=', 'queued')
    .where('attempts', '=', 0)
    .where('recipient', 'in', [...new Set(recipients.map((recipient) => recipient.email))])
    .orderBy('id')
    .forUpdate()
    .execute();
  const open = new Map<string, string>();
  for (const notice of candidates.sort((a, b) => a.first_due_at.getTime() - b.first_due_at.getTime())) {
    const key = recipientKey({ kind: notice.kind, email: notice.recipient });
    if (!open.has(key) && fitsBatch({ firstDue: notice.first_due_at, notBefore: notice.not_before }, due, now, timing.batchWindowMs)) open.set(key, notice.id);
  }
  return open;
}

function newNoticeRow(recipient: RoutingRecipient, reference: string, timing: NoticeTiming, due: Date, holdUntil: Date | null) {
  return {
    reference,
    kind: recipient.kind,
    recipient: recipient.email,
    recipient_name: recipient.name,
    provider_id: recipient.providerId,
    language: recipient.language ?? timing.defaultLanguage,
    deadline_seconds: Math.round((recipient.deadlineMs ?? timing.defaultDeadlineMs) / 1000),
    state: holdUntil ? ('held' as const) : ('queued' as const),
    idempotency_key: `notice:${reference}`,
    first_due_at: due,
    not_before: nextSendingTime(holdUntil && holdUntil > due ? holdUntil : due, timing.sendingHours),
    hold_until: holdUntil,
  };
}

/** Who a notice is written to, in which language, with which deadline. */
export type Addressee = Pick<NoticeRow, 'kind' | 'recipient' | 'recipientName' | 'providerId' | 'language' | 'deadlineSeconds'>;

/** Who a reminder or an escalation goes to, and the first notice's items it is about. */
export type FollowUp = Addressee & {
  step: Exclude<NoticeStep, 'notice'>;
  first: Pick<NoticeRow, 'id' | 'reference'>;
  itemIds: readonly string[];
};

/**
 * Queues a reminder or an escalation as a notice of its own that refers to
 * the first notice; its idempotency key names the first notice, the step and
 * the recipient, so the same follow-up can never be queued twice.
 */
export async function queueFollowUp(trx: Transaction<Database>, followUp: FollowUp, target: string, sendingHours: SendingHours | undefined, now = new Date()): Promise<QueuedNotice> {
  const notice = await trx
    .insertInto('notices')
    .values({
      reference: newReference(now),
      kind: followUp.kind,
      recipient: followUp.recipient,
      recipient_name: followUp.recipientName,
      provider_id: followUp.providerId,
      language: followUp.language,
      deadline_seconds: followUp.deadlineSeconds,
      state: 'queued',
      idempotency_key: `${target}:${followUp.first.reference}:${followUp.recipient.toLowerCase()}`,
      first_due_at: now,
      not_before: nextSendingTime(now, sendingHours),
      step: followUp.step,
      first_notice_id: followUp.first.id,
    })
    .returning(['id', 'not_before'])
    .executeTakeFirstOrThrow();
  await trx.insertInto('notice_items').values(followUp.itemIds.map((itemId) => ({ notice_id: notice.id, item_id: itemId }))).execute();
  return { id: notice.id, notBefore: notice.not_before, isNew: true };
}

/**
 * A reminder or escalation about to go out leaves out the items whose content
 * was removed or that were closed on the first notice since it was queued; one
 * left with no items is withdrawn.
 */
export async function dropSettledItems(db: Kysely<Database>, notice: Pick<NoticeRow, 'id' | 'firstNoticeId'>): Promise<void> {
  if (!notice.firstNoticeId) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('notice_items')
      .where('notice_id', '=', notice.id)
      .where((eb) =>
        eb.or([
          eb('item_id', 'in', eb.selectFrom('item_monitoring').select('item_id').where('removed_at', 'is not', null)),
          eb('item_id', 'in', eb.selectFrom('notice_items as first').select('first.item_id').where('first.notice_id', '=', notice.firstNoticeId!).where('first.closed_at', 'is not', null)),
        ]),
      )
      .execute();
    const left = await trx.selectFrom('notice_items').select('item_id').where('notice_id', '=', notice.id).executeTakeFirst();
    if (!left) await moveNotice(trx, notice.id, 'withdrawn');
  });
}

/** Moves a notice by one lifecycle event when it is in a state that takes it; false when it was not. */
export async function moveNotice(db: Executor, noticeId: string, event: NoticeEvent, changes: Partial<{ last_error: string | null; not_before: Date; smtp_response: string; attempts: number }> = {}): Promise<boolean> {
  const from = noticeStatesTaking(event);
  const to = nextNoticeState(from[0]!, event)!;
  const result = await db
    .updateTable('notices')
    .set({
      ...changes,
      state: to,
      sending_since: to === 'sending' ? new Date() : null,
      sent_at: to === 'sent' ? new Date() : null,
      ...(to === 'held' ? {} : { hold_until: null }),
      ...(event === 'temporary_failure' || event === 'permanent_failure' ? { attempts: sql<number>`attempts + 1` } : {}),
    })
    .where('id', '=', noticeId)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Claims a queued notice for sending and reads, in the same transaction, the
 * items it carries: an item joining it (queueNotices) or leaving it (routed
 * elsewhere) does so before the claim or not at all, so the message names
 * exactly the items recorded as notified. Undefined when the notice is not
 * queued; no items when it was withdrawn, or left empty and withdrawn now.
 */
export async function claimNotice(db: Kysely<Database>, noticeId: string): Promise<string[] | undefined> {
  return db.transaction().execute(async (trx) => {
    const notice = await trx.selectFrom('notices').select('state').where('id', '=', noticeId).forUpdate().executeTakeFirst();
    if (notice?.state === 'withdrawn') return [];
    if (notice?.state !== 'queued') return undefined;
    const items = await trx.selectFrom('notice_items').select('item_id').where('notice_id', '=', noticeId).execute();
    await moveNotice(trx, noticeId, items.length > 0 ? 'claimed' : 'withdrawn');
    return items.map((item) => item.item_id);
  });
}

export interface NoticeRow {
  id: string;
  reference: string;
  kind: NoticeKind;
  recipient: string;
  recipientName: string | null;
  providerId: number | null;
  language: string;
  deadlineSeconds: number;
  state: NoticeState;
  idempotencyKey: string;
  notBefore: Date;
  holdUntil: Date | null;
  attempts: number;
  lastError: string | null;
  sendingSince: Date | null;
  sentAt: Date | null;
  createdAt: Date;
  smtpResponse: string | null;
  step: NoticeStep;
  firstNoticeId: string | null;
}

export const NOTICE_COLUMNS = [
  'notices.id',
  'notices.reference',
  'notices.kind',
  'notices.recipient',
  'notices.recipient_name as recipientName',
  'notices.provider_id as providerId',
  'notices.language',
  'notices.deadline_seconds as deadlineSeconds',
  'notices.state',
  'notices.idempotency_key as idempotencyKey',
  'notices.not_before as notBefore',
  'notices.hold_until as holdUntil',
  'notices.attempts',
  'notices.last_error as lastError',
  'notices.sending_since as sendingSince',
  'notices.sent_at as sentAt',
  'notices.created_at as createdAt',
  'notices.smtp_response as smtpResponse',
  'notices.step',
  'notices.first_notice_id as firstNoticeId',
] as const;

export function noticeById(db: Executor, noticeId: string): Promise<NoticeRow | undefined> {
  return db.selectFrom('notices').select(NOTICE_COLUMNS).where('id', '=', noticeId).executeTakeFirst();
}

export async function noticesById(db: Executor, noticeIds: readonly string[]): Promise<Map<string, NoticeRow>> {
  if (noticeIds.length === 0) return new Map();
  const rows = await db.selectFrom('notices').select(NOTICE_COLUMNS).where('id', 'in', noticeIds).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export async function itemsOfNotice(db: Executor, noticeId: string): Promise<{ itemId: string; url: string; response: 'removed' | 'disputed' | null; responseReason: string | null; respondedAt: Date | null }[]> {
  return db
    .selectFrom('notice_items')
    .innerJoin('content_items', 'content_items.id', 'notice_items.item_id')
    .select(['notice_items.item_id as itemId', 'content_items.normalized_url as url', 'notice_items.response', 'notice_items.response_reason as responseReason', 'notice_items.responded_at as respondedAt'])
    .where('notice_items.notice_id', '=', noticeId)
    .orderBy('content_items.normalized_url')
    .execute();
}

/** Closes an item's open notice items: its content was removed (at the first miss of the run) or moved away. */
export async function closeNoticeItemsOf(trx: Transaction<Database>, itemId: string, closedAs: 'removed' | 'moved', at: Date, removedAt: Date | null): Promise<void> {
  await trx.updateTable('notice_items').set({ closed_at: at, closed_as: closedAs, removed_at: removedAt }).where('item_id', '=', itemId).where('closed_at', 'is', null).execute();
}

/** An item leaves a notice not yet sent (it was routed elsewhere); a notice left empty is withdrawn. */
export async function takeItemOutOfNotices(trx: Transaction<Database>, itemId: string): Promise<void> {
  const open = await trx
    .selectFrom('notice_items')
    .innerJoin('notices', 'notices.id', 'notice_items.notice_id')
    .select('notices.id')
    .where('notice_items.item_id', '=', itemId)
    .where('notices.state', 'in', [...noticeStatesTaking('withdrawn')])
    .forUpdate()
    .execute();
  for (const { id } of open) {
    await trx.deleteFrom('notice_items').where('notice_id', '=', id).where('item_id', '=', itemId).execute();
    const left = await trx.selectFrom('notice_items').select('item_id').where('notice_id', '=', id).executeTakeFirst();
    if (!left) await moveNotice(trx, id, 'withdrawn');
  }
}

/** The notices about an item, as the API and the item page show them. */
export async function noticesOfItem(db: Executor, itemId: string) {
  const rows = await db
    .selectFrom('notice_items')
    .innerJoin('notices', 'notices.id', 'notice_items.notice_id')
    .select([...NOTICE_COLUMNS, 'notice_items.response', 'notice_items.response_reason as responseReason'])
    .where('notice_items.item_id', '=', itemId)
    .orderBy('notices.created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    recipient: row.recipient,
    state: shownNoticeState(row.state),
    sentAt: row.sentAt,
    notBefore: row.notBefore,
    holdUntil: row.holdUntil,
    attempts: row.attempts,
    lastError: row.lastError,
    response: row.response,
    responseReason: row.responseReason,
  }));
}

export type ItemNotice = Awaited<ReturnType<typeof noticesOfItem>>[number];

/** Notices whose sending failed, newest first, for supervisors. */
export function failedNotices(db: Executor): Promise<NoticeRow[]> {
  return db.selectFrom('notices').select(NOTICE_COLUMNS).where('state', '=', 'failed').orderBy('created_at', 'desc').limit(200).execute();
}

/** Notices due (or released) but not sent, e.g. while no SMTP server is configured. */
export async function waitingNoticeCount(db: Executor, now = new Date()): Promise<number> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', '=', 'queued')
    .where('not_before', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Held notices of an item go into the queue: the police released them. */
export async function releaseHeldNotices(trx: Transaction<Database>, itemId: string, sendingHours: SendingHours | undefined, now = new Date()): Promise<QueuedNotice[]> {
  const held = await trx
    .selectFrom('notice_items')
    .innerJoin('notices', 'notices.id', 'notice_items.notice_id')
    .select(['notices.id', 'notices.first_due_at'])
    .where('notice_items.item_id', '=', itemId)
    .where('notices.state', '=', 'held')
    .execute();
  const released: QueuedNotice[] = [];
  for (const notice of held) {
    const notBefore = nextSendingTime(notice.first_due_at > now ? notice.first_due_at : now, sendingHours);
    if (await moveNotice(trx, notice.id, 'released', { not_before: notBefore })) released.push({ id: notice.id, notBefore, isNew: true });
  }
  return released;
}
