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

export async function queueExchangeMessages(trx: Transaction<Database>, change: ItemChange): Promise<void> {
  const status = PARTNER_STATUS_OF_EVENT[change.event];
  if (status) await queueStatusBack(trx, change, status);
  if (change.event === 'routed' || change.event === 'rerouted') await queueForward(trx, change.itemId);
}

async function queueStatusBack(trx: Transaction<Database>, change: ItemChange, status: PartnerStatus): Promise<void> {
  const origins = await trx
    .selectFrom('partner_reports')
    .innerJoin('report_items', 'report_items.report_id', 'partner_reports.report_id')
    .select(['partner_reports.partner_id', 'partner_reports.reference'])
    .distinct()
    .where('report_items.item_id', '=', change.itemId)
    .execute();
  if (origins.length === 0) return;
  const now = new Date().toISOString();
  const measured = status === 'removed' ? await timeToRemoval(trx, change.itemId) : null;
  const reason = typeof change.detail?.reason === 'string' && change.detail.reason.length > 0 ? change.detail.reason.slice(0, 2000) : undefined;
  for (const origin of origins) {
    const message: StatusMessage = {
      type: 'status',
      id: randomUUID(),
      reference: change.itemId,
      sentAt: now,
      about: origin.reference,
      status,
      at: now,
      ...(reason ? { reason } : {}),
      ...(measured !== null ? { timeToRemovalSeconds: measured } : {}),
    };
    await addToOutbox(trx, origin.partner_id, change.itemId, message);
  }
}

async function timeToRemoval(trx: Transaction<Database>, itemId: string): Promise<number | null> {
  const row = await trx.selectFrom('item_monitoring').select('time_to_removal_seconds').where('item_id', '=', itemId).executeTakeFirst();
  return row?.time_to_removal_seconds ?? null;
}

/** An item routed to a country with an enabled partner: a report to that partner, once. */
async function queueForward(trx: Transaction<Database>, itemId: string): Promise<void> {
  const routing = await trx.selectFrom('item_routings').select(['decision', 'hosting_country']).where('item_id', '=', itemId).where('settled_at', 'is', null).executeTakeFirst();
  if (routing?.decision !== 'forward' || !routing.hosting_country) return;
  const partner = await enabledPartnerFor(trx, routing.hosting_country);
  if (!partner) return;
  const sent = await trx.selectFrom('exchange_outbox').select('id').where('item_id', '=', itemId).where('partner_id', '=', partner.id).where('type', '=', 'report').executeTakeFirst();
  if (sent) return;
  await addToOutbox(trx, partner.id, itemId, await reportMessage(trx, itemId));
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

async function addToOutbox(trx: Transaction<Database>, partnerId: number, itemId: string, message: ReportMessage | StatusMessage): Promise<void> {
  await trx.insertInto('exchange_outbox').values({ message_id: message.id, partner_id: partnerId, item_id: itemId, type: message.type, body: JSON.stringify(message) }).execute();
}
