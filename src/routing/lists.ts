import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RoutingDecisionKind, RoutingReason } from '../domain/routing.js';
import type { DisputeReason } from '../notices/tables.js';

export interface OpenRouting {
  itemId: string;
  url: string;
  hostingCountry: string | null;
  reasons: RoutingReason[];
  decidedAt: Date;
}

/** Items whose decision in force is `decision` and that are still waiting on it (status routed). */
export async function openRoutings(db: Kysely<Database>, decision: RoutingDecisionKind): Promise<OpenRouting[]> {
  const rows = await db
    .selectFrom('item_routings')
    .innerJoin('content_items', 'content_items.id', 'item_routings.item_id')
    .select(['item_routings.item_id', 'content_items.normalized_url', 'item_routings.hosting_country', 'item_routings.reasons', 'item_routings.decided_at'])
    .where('item_routings.settled_at', 'is', null)
    .where('item_routings.decision', '=', decision)
    .where('content_items.status', '=', 'routed')
    .orderBy('item_routings.decided_at')
    .limit(500)
    .execute();
  return rows.map((row) => ({ itemId: row.item_id, url: row.normalized_url, hostingCountry: row.hosting_country, reasons: row.reasons, decidedAt: row.decided_at }));
}

export interface ProviderResponse {
  itemId: string;
  url: string;
  reference: string;
  response: 'removed' | 'disputed';
  dispute: DisputeReason | null;
  reason: string | null;
  respondedAt: Date;
}

/** What providers answered on their notice pages, newest first. */
export async function providerResponses(db: Kysely<Database>): Promise<ProviderResponse[]> {
  const rows = await db
    .selectFrom('notice_items')
    .innerJoin('notices', 'notices.id', 'notice_items.notice_id')
    .innerJoin('content_items', 'content_items.id', 'notice_items.item_id')
    .select(['notice_items.item_id', 'content_items.normalized_url', 'notices.reference', 'notice_items.response', 'notice_items.dispute_reason', 'notice_items.response_reason', 'notice_items.responded_at'])
    .where('notice_items.response', 'is not', null)
    .orderBy('notice_items.responded_at', 'desc')
    .limit(200)
    .$narrowType<{ response: 'removed' | 'disputed'; responded_at: Date }>()
    .execute();
  return rows.map((row) => ({ itemId: row.item_id, url: row.normalized_url, reference: row.reference, response: row.response, dispute: row.dispute_reason, reason: row.response_reason, respondedAt: row.responded_at }));
}
