import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Category } from '../domain/categories.js';
import { ITEM_STATUSES, type ItemStatus } from '../domain/item-lifecycle.js';
import type { RoutingDecisionKind } from '../domain/routing.js';
import { capturedMediaCount } from '../triage/findings.js';

export const AWAITING_ASSESSMENT: readonly ItemStatus[] = ['received', 'triaged', 'second_opinion', 'disputed'];

export interface QueueFilters {
  category?: string | undefined;
  status?: ItemStatus | undefined;
  language?: string | undefined;
  url?: string | undefined;
  /** Where tracing found the content hosted (ISO 3166-1 alpha-2). */
  country?: string | undefined;
  /** Items whose routing decision in force is this one (then any status). */
  routing?: RoutingDecisionKind | undefined;
}

export interface QueueEntry {
  id: string;
  host: string;
  normalizedUrl: string;
  category: string;
  /** The categories reporters chose, when any differs from the item's. */
  reportedCategories: string[];
  status: ItemStatus;
  hostingCountry: string | null;
  /** Images and videos triage captured, and how many of them the hash lists know. */
  media: { captured: number; known: number };
  reporterCount: number;
  firstReportedAt: Date;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
}

const QUEUE_LIMIT = 200;

/**
 * Items waiting for assessment, most urgent first: the category's severity,
 * then how many people reported it, then how long it has waited. The queue
 * never carries content, only where it is.
 */
export async function listQueue(db: Kysely<Database>, categories: readonly Category[], filters: QueueFilters, now = new Date()): Promise<QueueEntry[]> {
  const severity = sql<number>`CASE content_items.category ${sql.join(
    categories.map((category) => sql`WHEN ${category.id} THEN ${category.severity}`),
    sql` `,
  )} ELSE 9 END`;
  let query = db
    .selectFrom('content_items')
    .leftJoin('item_claims', (join) => join.onRef('item_claims.item_id', '=', 'content_items.id').on('item_claims.expires_at', '>', now))
    .leftJoin('users', 'users.id', 'item_claims.user_id')
    .select([
      'content_items.id',
      'content_items.host',
      'content_items.normalized_url',
      'content_items.category',
      'content_items.status',
      'content_items.hosting_country',
      'content_items.reporter_count',
      'content_items.first_reported_at',
      'users.email as claimed_by',
      'item_claims.expires_at as claim_expires_at',
      (eb) => capturedMediaCount(eb, false).as('media_captured'),
      (eb) => capturedMediaCount(eb, true).as('media_known'),
      (eb) =>
        eb
          .selectFrom('report_items')
          .innerJoin('reports', 'reports.id', 'report_items.report_id')
          .select(sql<string[]>`coalesce(array_agg(DISTINCT reports.claimed_category ORDER BY reports.claimed_category), '{}')`.as('categories'))
          .whereRef('report_items.item_id', '=', 'content_items.id')
          .as('reported_categories'),
    ])
    .where('content_items.status', 'in', filters.status ? [filters.status] : filters.routing ? [...ITEM_STATUSES] : [...AWAITING_ASSESSMENT]);
  if (filters.routing) {
    const decision = filters.routing;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('item_routings')
          .select('item_routings.item_id')
          .whereRef('item_routings.item_id', '=', 'content_items.id')
          .where('item_routings.settled_at', 'is', null)
          .where('item_routings.decision', '=', decision),
      ),
    );
  }
  if (filters.category) query = query.where('content_items.category', '=', filters.category);
  if (filters.country) query = query.where('content_items.hosting_country', '=', filters.country);
  if (filters.url) query = query.where('content_items.normalized_url', 'like', `%${escapeLike(filters.url)}%`);
  if (filters.language) {
    const language = filters.language;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('report_items')
          .innerJoin('reports', 'reports.id', 'report_items.report_id')
          .select('report_items.item_id')
          .whereRef('report_items.item_id', '=', 'content_items.id')
          .where('reports.language', '=', language),
      ),
    );
  }
  const rows = await query
    .orderBy(severity)
    .orderBy('content_items.reporter_count', 'desc')
    .orderBy('content_items.first_reported_at')
    .limit(QUEUE_LIMIT)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    host: row.host,
    normalizedUrl: row.normalized_url,
    category: row.category,
    reportedCategories: row.reported_categories ?? [],
    status: row.status,
    hostingCountry: row.hosting_country,
    media: { captured: Number(row.media_captured), known: Number(row.media_known) },
    reporterCount: row.reporter_count,
    firstReportedAt: row.first_reported_at,
    claimedBy: row.claimed_by,
    claimExpiresAt: row.claim_expires_at,
  }));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
