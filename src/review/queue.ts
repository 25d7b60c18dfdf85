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
/** The most items one API page may hold. */
export const MAX_PAGE_SIZE = 1000;

export interface QueuePage {
  limit: number;
  /** Where the previous page ended, as its `nextCursor` said. */
  cursor?: string | undefined;
}

/** A cursor that no page of this queue gave out. */
export class InvalidCursor extends Error {}

/** Where a page ended: the item's place in the queue's order, opaque to callers. */
type CursorPlace = [severity: number, reporterCount: number, firstReportedAt: string, id: string];

const encodeCursor = (place: CursorPlace) => Buffer.from(JSON.stringify(place)).toString('base64url');

function decodeCursor(cursor: string): CursorPlace {
  try {
    const place = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(place) && place.length === 4 && typeof place[0] === 'number' && typeof place[1] === 'number' && typeof place[2] === 'string' && !Number.isNaN(Date.parse(place[2])) && typeof place[3] === 'string' && /^[0-9a-f-]{36}$/.test(place[3])) {
      return place as CursorPlace;
    }
  } catch {
    // fall through: not JSON
  }
  throw new InvalidCursor('The cursor is not one this API gave out.');
}

function severityOf(categories: readonly Category[]) {
  return sql<number>`CASE content_items.category ${sql.join(
    categories.map((category) => sql`WHEN ${category.id} THEN ${category.severity}`),
    sql` `,
  )} ELSE 9 END`;
}

/** The items the filters pick, before ordering. */
function filteredItems(db: Kysely<Database>, filters: QueueFilters) {
  let query = db
    .selectFrom('content_items')
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
  return query;
}

/** How many items the filters pick, over all pages. */
export async function countQueue(db: Kysely<Database>, filters: QueueFilters): Promise<number> {
  const row = await filteredItems(db, filters).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return Number(row.total);
}

/**
 * Items waiting for assessment, most urgent first: the category's severity,
 * then how many people reported it, then how long it has waited. The queue
 * never carries content, only where it is. A page ends with a cursor to the next.
 */
export async function listQueue(
  db: Kysely<Database>,
  categories: readonly Category[],
  filters: QueueFilters,
  page: QueuePage = { limit: QUEUE_LIMIT },
  now = new Date(),
): Promise<{ entries: QueueEntry[]; nextCursor: string | null }> {
  const severity = severityOf(categories);
  // The page is picked in queue order from narrow rows first (an index holds all they need); only its own items are then read whole.
  let picked = filteredItems(db, filters).select(['content_items.id', severity.as('severity'), 'content_items.reporter_count', 'content_items.first_reported_at']);
  if (page.cursor !== undefined) {
    const [s, r, f, id] = decodeCursor(page.cursor);
    picked = picked.where(
      sql<boolean>`(${severity} > ${s} OR (${severity} = ${s} AND (content_items.reporter_count < ${r} OR (content_items.reporter_count = ${r} AND (content_items.first_reported_at, content_items.id) > (${f}::timestamptz, ${id}::uuid)))))`,
    );
  }
  const rows = await db
    .with('page', () =>
      picked
        .orderBy(severity)
        .orderBy('content_items.reporter_count', 'desc')
        .orderBy('content_items.first_reported_at')
        .orderBy('content_items.id')
        .limit(page.limit + 1),
    )
    .selectFrom('page')
    .innerJoin('content_items', 'content_items.id', 'page.id')
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
      'page.severity',
      sql<string>`content_items.first_reported_at::text`.as('first_reported_text'),
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
    .orderBy('page.severity')
    .orderBy('content_items.reporter_count', 'desc')
    .orderBy('content_items.first_reported_at')
    .orderBy('content_items.id')
    .execute();
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  const entries = shown.map((row) => ({
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
  const nextCursor = rows.length > page.limit && last ? encodeCursor([last.severity, last.reporter_count, last.first_reported_text, last.id]) : null;
  return { entries, nextCursor };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
