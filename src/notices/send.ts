import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import { isLocale } from '../config/config.js';
import type { Database } from '../db/schema.js';
import type { Classification } from '../domain/assessment.js';
import type { Category } from '../domain/categories.js';
import { canTake, type ItemStatus } from '../domain/item-lifecycle.js';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from '../domain/notice-lifecycle.js';
import { changeItemStatuses, noteOnTimeline } from '../items/lifecycle-store.js';
import { countFollowUp } from '../monitor/records.js';
import { categoryLabel } from '../web/category-label.js';
import { translator } from '../web/i18n/index.js';
import { composeNoticeEmail, type NoticeEmailInput, type NoticeEmailItem, type NoticeLocale } from './email.js';
import { noticePageUrl } from './provider-link.js';
import { NoticeSendError, type NoticeMailer } from './smtp.js';
import { inParallel } from '../jobs/in-parallel.js';
import { claimNotice, dropSettledItems, moveNotice, noticeById, noticesById, type NoticeRow, type QueuedNotice } from './store.js';

/**
 * Sending one notice. Exactly-once towards the recipient rests on three steps:
 *
 * 1. The notice is claimed by moving it from `queued` to `sending` in one
 *    statement; only one worker can win that, so only one ever talks to SMTP.
 * 2. The SMTP conversation runs; nodemailer resolves only once the server said
 *    250 to the message, i.e. accepted responsibility for it.
 * 3. `sent` is recorded with the server's answer.
 *
 * If the process dies between 1 and 3 the notice stays `sending`, and nobody
 * can know whether step 2 reached the server's 250. Sending it again could
 * deliver it twice; so the sweep never does: a notice left in `sending` longer
 * than any SMTP conversation can take (SENDING_LEASE_MS) is resolved to
 * `failed` with "outcome unknown", shown to supervisors, who can look it up in
 * the mail server's log by its Message-ID (derived from the idempotency key)
 * and send it again by hand if it never arrived. A failure before the server
 * accepted (refused connection, 4xx) leaves no doubt and is retried with
 * back-off; a 5xx is final.
 */
export const SENDING_LEASE_MS = 5 * 60_000;

export interface SenderDeps {
  db: Kysely<Database>;
  /** Undefined without SMTP_URL: notices wait. */
  mailer: NoticeMailer | undefined;
  hotline: NoticeEmailInput['hotline'];
  publicBaseUrl: string;
  /** Key the provider page's token is derived from. */
  pageKey: Buffer;
  categories: readonly Category[];
  retryMaxMs: number;
  /** Traces the items again (each host once); those whose hosting changed are routed anew instead. */
  rerouteIfMoved: (itemIds: readonly string[]) => Promise<unknown>;
  schedule: (notices: readonly QueuedNotice[]) => Promise<void>;
  logger?: Logger;
}

export type SendOutcome = 'sent' | 'not_due' | 'no_smtp' | 'not_queued' | 'withdrawn' | 'retry' | 'failed';

export async function sendNotice(deps: SenderDeps, noticeId: string, now = new Date()): Promise<SendOutcome> {
  return (await sendNotices(deps, [noticeId], now))[0]!;
}

/** Notices of one batch whose SMTP conversations overlap (the mailer's pool bounds them too). */
const SMTP_CONCURRENCY = 4;

/**
 * Sends notices taken together (distinct ids): the items of all of them traced
 * again at once, each host once, then each notice claimed, sent and recorded
 * on its own, so that a crash leaves in doubt only the messages on the wire.
 * The outcomes in the order of `noticeIds`.
 */
export async function sendNotices(deps: SenderDeps, noticeIds: readonly string[], now = new Date()): Promise<SendOutcome[]> {
  const rows = await noticesById(deps.db, noticeIds);
  const outcomes = new Map<string, SendOutcome>();
  const ready: NoticeRow[] = [];
  for (const noticeId of noticeIds) {
    const checked = await readyToSend(deps, noticeId, rows.get(noticeId), now);
    if (typeof checked === 'string') outcomes.set(noticeId, checked);
    else ready.push(checked);
  }
  for (const notice of ready) await dropSettledItems(deps.db, notice);
  if (ready.length > 0) {
    const items = await deps.db.selectFrom('notice_items').select('item_id').where('notice_id', 'in', ready.map((notice) => notice.id)).execute();
    await deps.rerouteIfMoved([...new Set(items.map((item) => item.item_id))]);
  }
  await inParallel(ready, SMTP_CONCURRENCY, async (notice) => void outcomes.set(notice.id, await claimAndSend(deps, notice)));
  return noticeIds.map((noticeId) => outcomes.get(noticeId)!);
}

/** The notice when it is queued, due and can go; else why not (a held one past its hold is released first). */
async function readyToSend(deps: SenderDeps, noticeId: string, found: NoticeRow | undefined, now: Date): Promise<NoticeRow | SendOutcome> {
  let notice = found;
  if (notice?.state === 'held' && notice.holdUntil! <= now) {
    await moveNotice(deps.db, noticeId, 'released', { not_before: notice.notBefore > now ? notice.notBefore : now });
    notice = await noticeById(deps.db, noticeId);
  }
  if (notice?.state === 'held') return reschedule(deps, noticeId, notice.holdUntil!);
  if (!notice || notice.state !== 'queued') return 'not_queued';
  if (notice.notBefore > now) return reschedule(deps, noticeId, notice.notBefore);
  if (!deps.mailer) return 'no_smtp';
  return notice;
}

async function claimAndSend(deps: SenderDeps, notice: NoticeRow): Promise<SendOutcome> {
  const itemIds = await claimNotice(deps.db, notice.id);
  if (!itemIds) return 'not_queued';
  if (itemIds.length === 0) return 'withdrawn';
  const mail = composeNoticeEmail(await emailInput(deps, notice, new Date()));
  try {
    const delivery = await deps.mailer!.send(mail, notice.idempotencyKey);
    await recordSent(deps.db, notice, itemIds, `${delivery.messageId} ${delivery.response}`);
    return 'sent';
  } catch (error) {
    return recordFailure(deps, notice, error);
  }
}

async function reschedule(deps: SenderDeps, noticeId: string, at: Date): Promise<SendOutcome> {
  await deps.schedule([{ id: noticeId, notBefore: at, isNew: true }]);
  return 'not_due';
}

async function recordSent(db: Kysely<Database>, notice: NoticeRow, itemIds: string[], smtpResponse: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await moveNotice(trx, notice.id, 'accepted', { smtp_response: smtpResponse.slice(0, 2000), last_error: null });
    const items = await trx.selectFrom('content_items').select(['id', 'status']).where('id', 'in', itemIds).orderBy('id').forUpdate().execute();
    if (notice.step !== 'notice') {
      for (const item of items) await recordFollowUpSent(trx, notice, item.id, item.status);
      return;
    }
    const notified = items.filter((item) => canTake(item.status, 'notice_sent'));
    await changeItemStatuses(trx, notified.map((item) => ({ itemId: item.id, event: 'notice_sent', actor: null, detail: { notice: notice.id } })));
  });
}

/**
 * A reminder or escalation leaves the item's status as it is (the escalation
 * step itself made it `escalated`); it goes on the timeline and is counted
 * where statistics read it, from the time the first notice was sent.
 */
async function recordFollowUpSent(trx: Transaction<Database>, notice: NoticeRow, itemId: string, status: ItemStatus): Promise<void> {
  const first = await trx.selectFrom('notices').select(['reference', 'sent_at', 'provider_id']).where('id', '=', notice.firstNoticeId!).executeTakeFirstOrThrow();
  await noteOnTimeline(trx, { itemId, event: `${notice.step}_sent`, status, actor: null, detail: { notice: notice.reference, first: first.reference, recipient: notice.recipient } });
  await countFollowUp(trx, { itemId, step: notice.step === 'reminder' ? 'reminder' : 'escalation', firstSentAt: first.sent_at ?? new Date(), providerId: first.provider_id });
}

async function recordFailure(deps: SenderDeps, notice: NoticeRow, error: unknown): Promise<SendOutcome> {
  const message = (error as Error).message.slice(0, 2000);
  const permanent = error instanceof NoticeSendError && error.permanent;
  const attempt = notice.attempts + 1;
  if (permanent || attempt >= MAX_SEND_ATTEMPTS) {
    await moveNotice(deps.db, notice.id, 'permanent_failure', { last_error: message });
    deps.logger?.warn({ notice: notice.reference, error: message }, 'notice could not be sent');
    return 'failed';
  }
  const notBefore = new Date(Date.now() + retryDelayMs(attempt, deps.retryMaxMs));
  await moveNotice(deps.db, notice.id, 'temporary_failure', { last_error: message, not_before: notBefore });
  await deps.schedule([{ id: notice.id, notBefore, isNew: true }]);
  deps.logger?.info({ notice: notice.reference, attempt, retryAt: notBefore, error: message }, 'notice not sent yet; it will be tried again');
  return 'retry';
}

/** Everything the e-mail says, gathered for one notice: never media, only addresses, classifications and hashes. */
async function emailInput(deps: SenderDeps, notice: NoticeRow, now: Date): Promise<NoticeEmailInput> {
  const locale: NoticeLocale = isLocale(notice.language) ? notice.language : 'en';
  const t = translator(locale);
  const rows = await deps.db
    .selectFrom('notice_items')
    .innerJoin('content_items', 'content_items.id', 'notice_items.item_id')
    .select(['content_items.id', 'content_items.normalized_url', 'content_items.category', 'content_items.first_reported_at'])
    .where('notice_items.notice_id', '=', notice.id)
    .orderBy('content_items.normalized_url')
    .execute();
  const itemIds = rows.map((row) => row.id);
  const [assessments, media, traces] = await Promise.all([
    deps.db
      .selectFrom('assessments')
      .select(['item_id', 'classification', 'automatic', 'decided_at'])
      .distinctOn('item_id')
      .where('item_id', 'in', itemIds)
      .where('outcome', '=', 'illegal')
      .orderBy('item_id')
      .orderBy('decided_at', 'desc')
      .execute(),
    deps.db.selectFrom('captured_media').select(['item_id', 'sha256', 'md5', 'sha1', 'pdq']).where('item_id', 'in', itemIds).orderBy('captured_at').execute(),
    deps.db.selectFrom('item_traces').select(['item_id', 'addresses']).distinctOn('item_id').where('item_id', 'in', itemIds).orderBy('item_id').orderBy('id', 'desc').execute(),
  ]);
  const assessmentOf = new Map(assessments.map((assessment) => [assessment.item_id, assessment]));
  const traceOf = new Map(traces.map((trace) => [trace.item_id, trace]));
  const hashesOf = new Map<string, NoticeEmailItem['hashes']>();
  for (const file of media) hashesOf.set(file.item_id, [...(hashesOf.get(file.item_id) ?? []), { sha256: file.sha256, md5: file.md5, sha1: file.sha1, ...(file.pdq ? { pdq: file.pdq } : {}) }]);
  const items: NoticeEmailItem[] = rows.map((row) => {
    const assessment = assessmentOf.get(row.id);
    const address = traceOf.get(row.id)?.addresses[0]?.address;
    const category = deps.categories.find((candidate) => candidate.id === row.category) ?? { id: row.category, severity: 9 };
    const classification = assessment?.classification ?? null;
    return {
      itemRef: row.id,
      url: row.normalized_url,
      categoryId: row.category,
      categoryLabel: categoryLabel(category, { locale, t }),
      legalBasis: classification?.legalBasis ?? 'national',
      ...(classification ? { classification: classificationFields(classification) } : {}),
      detectionMethod: assessment?.automatic ? 'hash_match' : 'human_review',
      hashes: hashesOf.get(row.id) ?? [],
      ...(address ? { ip: address } : {}),
      reportedAt: row.first_reported_at,
      assessedAt: assessment?.decided_at ?? now,
    };
  });
  return {
    kind: notice.kind,
    stage: notice.step === 'notice' ? 'first' : notice.step,
    ...(notice.firstNoticeId ? { firstReference: (await noticeById(deps.db, notice.firstNoticeId))!.reference } : {}),
    reference: notice.reference,
    locale,
    hotline: deps.hotline,
    recipient: { email: notice.recipient, ...(notice.recipientName ? { name: notice.recipientName } : {}) },
    deadline: new Date(now.getTime() + notice.deadlineSeconds * 1000),
    providerPageUrl: noticePageUrl(deps.publicBaseUrl, deps.pageKey, notice.id),
    sentAt: now,
    items,
  };
}

function classificationFields(classification: Classification): Record<string, string> {
  return {
    ageGroup: classification.ageGroup,
    contentType: classification.contentType,
    siteType: classification.siteType,
    commercial: String(classification.commercial),
  };
}
