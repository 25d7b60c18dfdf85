import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Category } from '../domain/categories.js';
import { canTake, type ItemEvent, type ItemStatus } from '../domain/item-lifecycle.js';
import { isUuid } from '../domain/ids.js';
import { validateReport } from '../domain/report-input.js';
import { storeReport } from '../intake/reports.js';
import { changeItemStatus, noteOnTimeline } from '../items/lifecycle-store.js';
import { recordPartnerRemoval } from '../monitor/records.js';
import type { Cipher } from '../privacy/cipher.js';
import { parseMessage, type ReportMessage, type StatusMessage } from './messages.js';
import { partnerKey } from './partners.js';
import { verifySignedRequest, type IncomingRequest, type Refusal } from './signing.js';

/**
 * A message from a partner: verified (digest, key, time, signature), refused
 * if its signature was seen before, applied once per message id, in one
 * transaction with the record that it was.
 */
export interface ReceiveDeps {
  db: Kysely<Database>;
  cipher: Cipher;
  contactRetentionDays: number;
  categories: readonly Category[];
  language: string;
  clockSkewMs: number;
  /** Starts triage of the items a partner's report opened, once it committed. */
  onItemsReported?: ((itemIds: readonly string[]) => void) | undefined;
}

export type Received = { status: 200 | 202; body: { result: 'applied' | 'duplicate'; messageId: string } } | { status: Refusal['status']; body: { error: string; message: string } };

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

const refused = (refusal: Refusal): Received => ({ status: refusal.status, body: { error: refusal.error, message: refusal.message } });

export async function receiveMessage(deps: ReceiveDeps, request: IncomingRequest): Promise<Received> {
  const verified = await verifySignedRequest(request, (keyId) => partnerKey(deps.db, keyId), deps.clockSkewMs);
  if (!verified.ok) return refused(verified);
  const parsed = parseMessage(request.body);
  if (!parsed.ok) return refused({ status: 400, error: 'malformed_body', message: `The message is not valid: ${parsed.problems.join('; ')}.` });
  const { message } = parsed;
  const partner = { id: verified.key.partnerId, name: verified.key.partnerName };
  try {
    const outcome = await deps.db.transaction().execute(async (trx) => {
      const fresh = await trx.insertInto('exchange_signatures').values({ digest: verified.signatureDigest }).onConflict((oc) => oc.doNothing()).returning('digest').executeTakeFirst();
      if (!fresh) throw new Refused({ status: 409, error: 'replay', message: 'This signature was received before: a message is signed afresh for every attempt.' });
      const first = await trx.insertInto('exchange_inbox').values({ partner_id: partner.id, message_id: message.id, type: message.type }).onConflict((oc) => oc.doNothing()).returning('message_id').executeTakeFirst();
      if (!first) return { result: 'duplicate' as const, itemIds: [] };
      const itemIds = message.type === 'report' ? await applyReport(deps, trx, partner, message) : await applyStatus(trx, partner, message);
      await trx.updateTable('exchange_inbox').set({ item_id: itemIds[0] ?? null }).where('partner_id', '=', partner.id).where('message_id', '=', message.id).execute();
      return { result: 'applied' as const, itemIds: message.type === 'report' ? itemIds : [] };
    });
    if (outcome.itemIds.length > 0) deps.onItemsReported?.(outcome.itemIds);
    return { status: outcome.result === 'applied' ? 202 : 200, body: { result: outcome.result, messageId: message.id } };
  } catch (error) {
    if (error instanceof Refused) return refused(error.refusal);
    throw error;
  }
}

/** A partner's report becomes a report like any other (channel `partner`), and goes through triage. */
async function applyReport(deps: ReceiveDeps, trx: Transaction<Database>, partner: { id: number }, message: ReportMessage): Promise<string[]> {
  const validation = validateReport({ urls: message.urls, category: message.category }, deps.categories);
  if (!validation.ok) {
    const problems = validation.errors.map((error) => `${error.field}: ${error.code}`).join('; ');
    throw new Refused({ status: 422, error: 'unacceptable_report', message: `This hotline cannot take the report: ${problems}.` });
  }
  const stored = await storeReport({ db: trx, cipher: deps.cipher, contactRetentionDays: deps.contactRetentionDays }, validation.report, { channel: 'partner', language: deps.language });
  await trx.insertInto('partner_reports').values({ report_id: stored.reportId, partner_id: partner.id, reference: message.reference, message: JSON.stringify(message) }).execute();
  return stored.itemIds;
}

/** What a partner's status does to the item this hotline forwarded to it. */
const EVENTS_OF_STATUS: Record<StatusMessage['status'], ItemEvent[]> = {
  removed: ['removal_confirmed', 'closed'],
  unavailable: ['closed'],
  not_illegal: ['closed'],
  moved: [],
  reported_to_isp: [],
  reported_to_lea: [],
};

/** Shown on the item's timeline; `removed` closes the forwarded item with the partner's time to removal. */
async function applyStatus(trx: Transaction<Database>, partner: { id: number; name: string }, message: StatusMessage): Promise<string[]> {
  const unknown = new Refused({ status: 422, error: 'unknown_reference', message: `This hotline sent you no report with the reference ${JSON.stringify(message.about)}.` });
  if (!isUuid(message.about)) throw unknown;
  const forwarded = await trx
    .selectFrom('exchange_outbox')
    .select(['item_id', 'delivered_at', 'created_at'])
    .where('partner_id', '=', partner.id)
    .where('type', '=', 'report')
    .where('item_id', '=', message.about)
    .executeTakeFirst();
  if (!forwarded) throw unknown;
  const itemId = forwarded.item_id;
  const item = await trx.selectFrom('content_items').select('status').where('id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
  const actor = `partner: ${partner.name}`;
  const detail = { partner: partner.name, reference: message.reference, at: message.at, ...(message.reason ? { reason: message.reason } : {}), ...(message.timeToRemovalSeconds !== undefined ? { timeToRemovalSeconds: message.timeToRemovalSeconds } : {}) };
  await noteOnTimeline(trx, { itemId, event: `partner_${message.status}`, status: item.status, actor, detail });
  let status: ItemStatus = item.status;
  for (const event of EVENTS_OF_STATUS[message.status]) {
    if (!canTake(status, event)) continue;
    status = await changeItemStatus(trx, { itemId, event, actor, detail });
    if (event === 'removal_confirmed') await recordRemoval(trx, itemId, forwarded.delivered_at ?? forwarded.created_at, message);
  }
  return [itemId];
}

/** The removal as the partner measured it, where monitoring keeps every item's time to removal. */
async function recordRemoval(trx: Transaction<Database>, itemId: string, forwardedAt: Date, message: StatusMessage): Promise<void> {
  const removedAt = new Date(message.at);
  const timeToRemovalSeconds = message.timeToRemovalSeconds ?? Math.max(0, Math.round((removedAt.getTime() - forwardedAt.getTime()) / 1000));
  await recordPartnerRemoval(trx, { itemId, forwardedAt, removedAt, timeToRemovalSeconds });
}
