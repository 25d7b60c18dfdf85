import { sql, type Kysely, type Transaction } from 'kysely';
import { nextStatus, type ItemEvent, type ItemStatus } from '../domain/item-lifecycle.js';
import type { Database, NewReport } from '../db/schema.js';

/**
 * The only code that writes an item's status. Every change is decided by the
 * pure lifecycle and recorded on the item's timeline in the same transaction.
 */
type Executor = Kysely<Database> | Transaction<Database>;

export const INITIAL_STATUS: ItemStatus = 'received';

/** One reported URL, as the intake validated it. */
export interface ReportedUrlRow {
  normalized: string;
  host: string;
  submitted: string;
}

/**
 * Stores a report and, for each of its URLs, opens an item or joins the open
 * item of the same URL (one more reporter), all in one statement: one round
 * trip, and no receipt is ever given for half a report. The report row rides
 * in the statement so that both commit together; item rows are this module's.
 */
export async function storeReportWithItems(db: Kysely<Database>, report: NewReport & { id: string }, urls: readonly ReportedUrlRow[]): Promise<string[]> {
  const { rows } = await sql<{ item_id: string }>`
    WITH report AS (
      INSERT INTO reports (id, receipt_digest, channel, language, claimed_category, content_type, description,
                           contact_ciphertext, may_contact, contact_purge_after)
      VALUES (${report.id}, ${report.receipt_digest}, ${report.channel}, ${report.language}, ${report.claimed_category},
              ${report.content_type}, ${report.description}, ${report.contact_ciphertext}, ${report.may_contact},
              ${report.contact_purge_after})
      RETURNING id
    ),
    urls AS (
      SELECT * FROM unnest(${urls.map((url) => url.normalized)}::text[], ${urls.map((url) => url.host)}::text[],
                           ${urls.map((url) => url.submitted)}::text[]) AS url (normalized_url, host, submitted_url)
    ),
    items AS (
      INSERT INTO content_items (normalized_url, host, status, category)
      SELECT normalized_url, host, ${INITIAL_STATUS}, ${report.claimed_category} FROM urls
      ON CONFLICT (normalized_url) WHERE status <> 'closed'
      DO UPDATE SET reporter_count = content_items.reporter_count + 1, last_reported_at = now()
      RETURNING id, normalized_url, status, xmax = 0 AS created
    ),
    events AS (
      INSERT INTO item_events (item_id, event, from_status, to_status)
      SELECT id, CASE WHEN created THEN 'reported' ELSE 'reported_again' END, NULL, status FROM items
    )
    INSERT INTO report_items (report_id, item_id, submitted_url)
    SELECT report.id, items.id, urls.submitted_url FROM report, items JOIN urls USING (normalized_url)
    RETURNING item_id
  `.execute(db);
  return rows.map((row) => row.item_id);
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
  await noteOnTimeline(trx, { itemId, event: 'category_corrected', status: item.status, actor, detail: { from: item.category, to: category } });
}

/** Where tracing found the item hosted; the timeline tells what was found. */
export async function recordHostingCountry(trx: Transaction<Database>, itemId: string, country: string | null, detail: Record<string, unknown>): Promise<void> {
  const item = await trx
    .updateTable('content_items')
    .set({ hosting_country: country })
    .where('id', '=', itemId)
    .returning('status')
    .executeTakeFirstOrThrow();
  await noteOnTimeline(trx, { itemId, event: 'traced', status: item.status, actor: null, detail });
}

/** A timeline entry for something that happened to an item without changing its status. */
export async function noteOnTimeline(
  trx: Transaction<Database>,
  entry: { itemId: string; event: string; status: ItemStatus; actor: string | null; detail: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('item_events')
    .values({
      item_id: entry.itemId,
      event: entry.event,
      from_status: entry.status,
      to_status: entry.status,
      actor: entry.actor,
      detail: JSON.stringify(entry.detail),
    })
    .execute();
}
