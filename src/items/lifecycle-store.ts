import { sql, type Kysely, type Transaction } from 'kysely';
import { nextStatus, type ItemEvent, type ItemStatus } from '../domain/item-lifecycle.js';
import type { Database, NewReport } from '../db/schema.js';
import { startMonitoringOn } from '../monitor/start.js';
import { queueExchangeMessages } from '../exchange/outbox.js';

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

/** A report as the intake stores it, with its validated URLs. */
export interface ReportToStore {
  report: NewReport & { id: string };
  urls: readonly ReportedUrlRow[];
}

/**
 * Stores reports and, for each of their URLs, opens an item or joins the open
 * item of the same URL (one more reporter), all in one statement: one round
 * trip and one commit for many reports, and no receipt is ever given for half
 * a report. The report rows ride in the statement so that all commit together;
 * item rows are this module's. Returns each report's item ids, in order.
 */
export async function storeReportsWithItems(db: Kysely<Database>, reports: readonly ReportToStore[]): Promise<string[][]> {
  // One JSON parameter: the same text on both engines, whatever the column types.
  const incoming = JSON.stringify(
    reports.map(({ report, urls }, position) => ({
      position,
      id: report.id,
      receipt_digest: Buffer.from(report.receipt_digest).toString('base64'),
      channel: report.channel,
      language: report.language,
      claimed_category: report.claimed_category,
      content_type: report.content_type ?? null,
      description: report.description ?? null,
      contact_ciphertext: report.contact_ciphertext ? Buffer.from(report.contact_ciphertext).toString('base64') : null,
      may_contact: report.may_contact ?? false,
      contact_purge_after: report.contact_purge_after ?? null,
      urls: urls.map((url) => ({ normalized_url: url.normalized, host: url.host, submitted_url: url.submitted })),
    })),
  );
  const { rows } = await sql<{ report_id: string; item_id: string }>`
    WITH incoming AS (
      SELECT * FROM jsonb_to_recordset(${incoming}::jsonb) AS r (
        position integer, id uuid, receipt_digest text, channel text, language text, claimed_category text, content_type text,
        description text, contact_ciphertext text, may_contact boolean, contact_purge_after timestamptz, urls jsonb)
    ),
    stored_reports AS (
      INSERT INTO reports (id, receipt_digest, channel, language, claimed_category, content_type, description,
                           contact_ciphertext, may_contact, contact_purge_after)
      SELECT id, decode(receipt_digest, 'base64'), channel, language, claimed_category, content_type, description,
             decode(contact_ciphertext, 'base64'), may_contact, contact_purge_after
      FROM incoming
      RETURNING id
    ),
    urls AS (
      SELECT incoming.id AS report_id, incoming.position, incoming.claimed_category AS category, url.*
      FROM incoming CROSS JOIN LATERAL jsonb_to_recordset(incoming.urls) AS url (normalized_url text, host text, submitted_url text)
    ),
    distinct_urls AS (
      SELECT normalized_url, min(host) AS host, (array_agg(category ORDER BY position))[1] AS category,
             count(*)::integer AS reporters, min(position) AS first_position
      FROM urls GROUP BY normalized_url
    ),
    items AS (
      INSERT INTO content_items (normalized_url, host, status, category, reporter_count)
      SELECT normalized_url, host, ${INITIAL_STATUS}, category, reporters FROM distinct_urls
      ON CONFLICT (normalized_url) WHERE status <> 'closed'
      DO UPDATE SET reporter_count = content_items.reporter_count + EXCLUDED.reporter_count, last_reported_at = now()
      RETURNING id, normalized_url, status, xmax = 0 AS created
    ),
    events AS (
      INSERT INTO item_events (item_id, event, from_status, to_status)
      SELECT items.id, CASE WHEN items.created AND urls.position = distinct_urls.first_position THEN 'reported' ELSE 'reported_again' END,
             NULL, items.status
      FROM items JOIN urls USING (normalized_url) JOIN distinct_urls USING (normalized_url)
    )
    INSERT INTO report_items (report_id, item_id, submitted_url)
    SELECT urls.report_id, items.id, urls.submitted_url FROM stored_reports, items JOIN urls USING (normalized_url)
    WHERE stored_reports.id = urls.report_id
    RETURNING report_id, item_id
  `.execute(db);
  const itemsOf = new Map(reports.map(({ report }) => [report.id, [] as string[]]));
  for (const row of rows) itemsOf.get(row.report_id)!.push(row.item_id);
  return reports.map(({ report }) => itemsOf.get(report.id)!);
}

export interface StatusChange {
  itemId: string;
  event: ItemEvent;
  actor: string | null;
  detail?: Record<string, unknown>;
}

/** Applies one event to an item, locking its row; throws ForbiddenTransition when the lifecycle says no. */
export async function changeItemStatus(trx: Transaction<Database>, change: StatusChange): Promise<ItemStatus> {
  return (await changeItemStatuses(trx, [change]))[0]!;
}

/**
 * Applies one event to each of many items (one per item) in a few statements:
 * their rows locked in id order, one update per resulting status, one insert
 * for the timeline. All or none: a change the lifecycle refuses throws
 * ForbiddenTransition. The new statuses, in the order of `changes`.
 */
export async function changeItemStatuses(trx: Transaction<Database>, changes: readonly StatusChange[]): Promise<ItemStatus[]> {
  if (changes.length === 0) return [];
  const ids = changes.map((change) => change.itemId);
  const rows = await trx.selectFrom('content_items').select(['id', 'status']).where('id', 'in', ids).orderBy('id').forUpdate().execute();
  const current = new Map(rows.map((row) => [row.id, row.status]));
  const moves = changes.map((change) => {
    const from = current.get(change.itemId);
    if (from === undefined) throw new Error(`no item ${change.itemId}`);
    return { change, from, to: nextStatus(from, change.event) };
  });
  const now = new Date();
  for (const status of new Set(moves.map((move) => move.to))) {
    const itemIds = moves.filter((move) => move.to === status).map((move) => move.change.itemId);
    await trx.updateTable('content_items').set({ status, status_changed_at: now }).where('id', 'in', itemIds).execute();
  }
  await startMonitoringOn(trx, changes, now);
  await trx
    .insertInto('item_events')
    .values(
      moves.map(({ change, from, to }) => ({
        item_id: change.itemId,
        event: change.event,
        from_status: from,
        to_status: to,
        actor: change.actor,
        detail: change.detail ? JSON.stringify(change.detail) : null,
      })),
    )
    .execute();
  await queueExchangeMessages(trx, changes);
  return moves.map((move) => move.to);
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
  await recordHostingCountries(trx, [{ itemId, country, detail }]);
}

/** Hosting countries of many items found by tracing, in a few statements, each with its timeline entry. */
export async function recordHostingCountries(trx: Transaction<Database>, traced: readonly { itemId: string; country: string | null; detail: Record<string, unknown> }[]): Promise<void> {
  const statuses = new Map<string, ItemStatus>();
  for (const country of new Set(traced.map((entry) => entry.country))) {
    const itemIds = traced.filter((entry) => entry.country === country).map((entry) => entry.itemId);
    const items = await trx.updateTable('content_items').set({ hosting_country: country }).where('id', 'in', itemIds).returning(['id', 'status']).execute();
    for (const item of items) statuses.set(item.id, item.status);
  }
  if (traced.length === 0) return;
  const missing = traced.find((entry) => !statuses.has(entry.itemId));
  if (missing) throw new Error(`no item ${missing.itemId}`);
  await trx
    .insertInto('item_events')
    .values(traced.map(({ itemId, detail }) => ({ item_id: itemId, event: 'traced', from_status: statuses.get(itemId)!, to_status: statuses.get(itemId)!, actor: null, detail: JSON.stringify(detail) })))
    .execute();
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
