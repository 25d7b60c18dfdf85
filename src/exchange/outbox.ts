import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ItemEvent } from '../domain/item-lifecycle.js';
import type { PartnerStatus, ReportMessage, StatusMessage } from './messages.js';
import { enabledPartnerFor } from './partners.js';

/**
 * Messages a status change causes, written in the transaction of the change
 * itself, so that none is lost and none is sent for a change that rolled back:
 * a `status` back to each partner an item came from, and a `report` to the
 * partner of the country an item was routed to.
 */
export const PARTNER_STATUS_OF_EVENT: Partial<Record<ItemEvent, PartnerStatus>> = {
  notice_sent: 'reported_to_isp',
  referred_to_police: 'reported_to_lea',
  removal_confirmed: 'removed',
  assessed_not_illegal: 'not_illegal',
  assessed_unavailable: 'unavailable',
  move_detected: 'moved',
};

export interface ItemChange {
  itemId: string;
  event: ItemEvent;
  detail?: Record<string, unknown> | undefined;
}

/**
 * The messages of many changes at once. Status messages go only to partners
 * an item came from: one statement finds them for all the items; forwards
 * concern only items routed to be forwarded, found in one statement too, and
 * are written one by one.
 */
export async function queueExchangeMessages(trx: Transaction<Database>, changes: readonly ItemChange[]): Promise<void> {
  const statusChanges = changes.filter((change) => PARTNER_STATUS_OF_EVENT[change.event]);
  if (statusChanges.length > 0) await queueStatusBack(trx, statusChanges);
  const routed = changes.filter((change) => change.event === 'routed' || change.event === 'rerouted');
  if (routed.length > 0) await queueForwards(trx, routed.map((change) => change.itemId));
}

async function queueStatusBack(trx: Transaction<Database>, changes: readonly ItemChange[]): Promise<void> {
  const origins = await trx
    .selectFrom('partner_reports')
    .innerJoin('report_items', 'report_items.report_id', 'partner_reports.report_id')
    .select(['report_items.item_id', 'partner_reports.partner_id', 'partner_reports.reference'])
    .distinct()
    .where('report_items.item_id', 'in', changes.map((change) => change.itemId))
    .execute();
  if (origins.length === 0) return;
  const removed = changes.filter((change) => PARTNER_STATUS_OF_EVENT[change.event] === 'removed');
  const measured = await timesToRemoval(trx, removed.map((change) => change.itemId));
  const now = new Date().toISOString();
  const messages = changes.flatMap((change) =>
    origins
      .filter((origin) => origin.item_id === change.itemId)
      .map((origin) => ({ partnerId: origin.partner_id, itemId: change.itemId, message: statusMessage(change, origin.reference, now, measured.get(change.itemId) ?? null) })),
  );
  await addToOutbox(trx, messages);
}

function statusMessage(change: ItemChange, about: string, now: string, measured: number | null): StatusMessage {
  const reason = typeof change.detail?.reason === 'string' && change.detail.reason.length > 0 ? change.detail.reason.slice(0, 2000) : undefined;
  return {
    type: 'status',
    id: randomUUID(),
    reference: change.itemId,
    sentAt: now,
    about,
    status: PARTNER_STATUS_OF_EVENT[change.event]!,
    at: now,
    ...(reason ? { reason } : {}),
    ...(measured !== null ? { timeToRemovalSeconds: measured } : {}),
  };
}

async function timesToRemoval(trx: Transaction<Database>, itemIds: readonly string[]): Promise<Map<string, number | null>> {
  if (itemIds.length === 0) return new Map();
  const rows = await trx.selectFrom('item_monitoring').select(['item_id', 'time_to_removal_seconds']).where('item_id', 'in', itemIds).execute();
  return new Map(rows.map((row) => [row.item_id, row.time_to_removal_seconds]));
}

/** Items routed to a country with an enabled partner: a report to that partner, once. */
async function queueForwards(trx: Transaction<Database>, itemIds: readonly string[]): Promise<void> {
  const forwards = await trx
    .selectFrom('item_routings')
    .select(['item_id', 'hosting_country'])
    .where('item_id', 'in', itemIds)
    .where('settled_at', 'is', null)
    .where('decision', '=', 'forward')
    .where('hosting_country', 'is not', null)
    .execute();
  for (const forward of forwards) await queueForward(trx, forward.item_id, forward.hosting_country!);
}

async function queueForward(trx: Transaction<Database>, itemId: string, country: string): Promise<void> {
  const partner = await enabledPartnerFor(trx, country);
  if (!partner) return;
  const sent = await trx.selectFrom('exchange_outbox').select('id').where('item_id', '=', itemId).where('partner_id', '=', partner.id).where('type', '=', 'report').executeTakeFirst();
  if (sent) return;
  await addToOutbox(trx, [{ partnerId: partner.id, itemId, message: await reportMessage(trx, itemId) }]);
}

/** What the partner needs to act: the URL, category, classification, hashes and trace; never media. */
async function reportMessage(trx: Transaction<Database>, itemId: string): Promise<ReportMessage> {
  const item = await trx.selectFrom('content_items').select(['normalized_url', 'host', 'category', 'hosting_country']).where('id', '=', itemId).executeTakeFirstOrThrow();
  const [assessment, media, trace] = await Promise.all([
    trx.selectFrom('assessments').select('classification').where('item_id', '=', itemId).where('outcome', '=', 'illegal').orderBy('decided_at', 'desc').executeTakeFirst(),
    trx.selectFrom('captured_media').select(['sha256', 'md5', 'sha1', 'pdq']).where('item_id', '=', itemId).orderBy('captured_at').limit(200).execute(),
    trx.selectFrom('item_traces').select(['addresses', 'country']).where('item_id', '=', itemId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
  ]);
  const classification = assessment?.classification ? (JSON.parse(JSON.stringify(assessment.classification)) as ReportMessage['classification']) : null;
  return {
    type: 'report',
    id: randomUUID(),
    reference: itemId,
    sentAt: new Date().toISOString(),
    urls: [item.normalized_url],
    category: item.category,
    classification,
    hashes: media.map((file) => ({ sha256: file.sha256, md5: file.md5, sha1: file.sha1, ...(file.pdq ? { pdq: file.pdq } : {}) })),
    trace: {
      host: item.host,
      country: trace?.country ?? item.hosting_country,
      addresses: (trace?.addresses ?? []).slice(0, 50).map((address) => ({ address: address.address, country: address.country, asn: address.network?.asn ?? null })),
    },
  };
}

async function addToOutbox(trx: Transaction<Database>, messages: readonly { partnerId: number; itemId: string; message: ReportMessage | StatusMessage }[]): Promise<void> {
  await trx
    .insertInto('exchange_outbox')
    .values(messages.map(({ partnerId, itemId, message }) => ({ message_id: message.id, partner_id: partnerId, item_id: itemId, type: message.type, body: JSON.stringify(message) })))
    .execute();
}
