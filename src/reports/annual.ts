import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * What a provider did about an item the hotline notified it of, as far as the
 * hotline knows when the report is made: the content was found gone within the
 * notice's deadline or later, it moved elsewhere, the provider disputed the
 * notice, or it is still there.
 */
export const ACTIONS = ['removed_within_deadline', 'removed_later', 'moved', 'disputed', 'not_removed'] as const;
export type Action = (typeof ACTIONS)[number];

export type ActionCounts = Record<Action, number>;

export interface AnnualRow {
  /** Notices sent (first notices; reminders and escalations are counted apart). */
  notices: number;
  /** Items (URLs) those notices named. */
  items: number;
  actions: ActionCounts;
}

export interface ProviderRow extends AnnualRow {
  /** The directory's name, else the network (AS number and organisation), else null: not identified. */
  provider: string | null;
  country: string | null;
}

export interface CategoryRow extends AnnualRow {
  category: string;
}

export interface AnnualReport {
  year: number;
  from: Date;
  to: Date;
  generatedAt: Date;
  totals: AnnualRow & { reminders: number; escalations: number; providers: number };
  byProvider: ProviderRow[];
  byCategory: CategoryRow[];
}

/** The earliest and latest years a report may be asked for. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

interface GroupedRow {
  provider: string | null;
  country: string | null;
  category: string | null;
  notices: number;
  items: number;
  removed_within_deadline: number;
  removed_later: number;
  moved: number;
  disputed: number;
  not_removed: number;
}

/**
 * Every item each first notice of the year named, with the action taken on it;
 * grouped by the given grouping sets (one query: the totals, per provider, per category).
 */
function noticedItems(db: Kysely<Database>, from: Date, to: Date) {
  return sql<GroupedRow & { by: 'total' | 'provider' | 'category' }>`
    WITH noticed AS (
      SELECT n.id AS notice_id, ni.item_id,
             coalesce('p' || n.provider_id, 'a' || m.asn) AS provider_key,
             coalesce(p.name, 'AS' || m.asn || CASE WHEN m.as_organisation IS NULL THEN '' ELSE ' ' || m.as_organisation END) AS provider,
             coalesce(p.country, m.hosting_country, i.hosting_country) AS country,
             i.category,
             CASE
               WHEN removal.at IS NOT NULL AND removal.at <= n.sent_at + n.deadline_seconds * interval '1 second' THEN 'removed_within_deadline'
               WHEN removal.at IS NOT NULL THEN 'removed_later'
               WHEN ni.closed_as = 'moved' THEN 'moved'
               WHEN ni.response = 'disputed' THEN 'disputed'
               ELSE 'not_removed'
             END AS action
      FROM notices n
      JOIN notice_items ni ON ni.notice_id = n.id
      JOIN content_items i ON i.id = ni.item_id
      LEFT JOIN providers p ON p.id = n.provider_id
      LEFT JOIN item_monitoring m ON m.item_id = ni.item_id
      CROSS JOIN LATERAL (SELECT coalesce(ni.removed_at, CASE WHEN m.removed_at >= n.sent_at THEN m.removed_at END) AS at) AS removal
      WHERE n.step = 'notice' AND n.state = 'sent' AND n.kind <> 'police' AND n.sent_at >= ${from} AND n.sent_at < ${to}
    )
    SELECT CASE WHEN GROUPING(provider_key) = 0 THEN 'provider' WHEN GROUPING(category) = 0 THEN 'category' ELSE 'total' END AS by,
           min(provider) AS provider, min(country) AS country, category,
           count(DISTINCT notice_id)::integer AS notices, count(*)::integer AS items,
           (count(*) FILTER (WHERE action = 'removed_within_deadline'))::integer AS removed_within_deadline,
           (count(*) FILTER (WHERE action = 'removed_later'))::integer AS removed_later,
           (count(*) FILTER (WHERE action = 'moved'))::integer AS moved,
           (count(*) FILTER (WHERE action = 'disputed'))::integer AS disputed,
           (count(*) FILTER (WHERE action = 'not_removed'))::integer AS not_removed
    FROM noticed
    GROUP BY GROUPING SETS ((), (provider_key), (category))`.execute(db);
}

/**
 * The trusted-flagger report of one calendar year (UTC), DSA Art. 22(3): the
 * notices the hotline sent to providers that year, by provider, by type of
 * alleged illegal content, and the action taken. Nothing personal: providers
 * by name or network, never an address; no reporter, no staff.
 */
export async function annualReport(db: Kysely<Database>, year: number, generatedAt = new Date()): Promise<AnnualReport> {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const [{ rows }, followUps] = await Promise.all([noticedItems(db, from, to), followUpCounts(db, from, to)]);
  const total = rows.find((row) => row.by === 'total');
  const byProvider = rows.filter((row) => row.by === 'provider').map((row) => ({ provider: row.provider, country: row.country, ...annualRow(row) }));
  return {
    year,
    from,
    to,
    generatedAt,
    totals: {
      ...(total ? annualRow(total) : { notices: 0, items: 0, actions: Object.fromEntries(ACTIONS.map((action) => [action, 0])) as ActionCounts }),
      reminders: followUps.get('reminder') ?? 0,
      escalations: followUps.get('escalation') ?? 0,
      providers: byProvider.filter((row) => row.provider !== null).length,
    },
    byProvider: byProvider.sort((a, b) => b.items - a.items || String(a.provider).localeCompare(String(b.provider))),
    byCategory: rows
      .filter((row) => row.by === 'category')
      .map((row) => ({ category: row.category!, ...annualRow(row) }))
      .sort((a, b) => b.items - a.items || a.category.localeCompare(b.category)),
  };
}

function annualRow(row: GroupedRow): AnnualRow {
  return { notices: Number(row.notices), items: Number(row.items), actions: Object.fromEntries(ACTIONS.map((action) => [action, Number(row[action])])) as ActionCounts };
}

/** Reminders and escalations sent in the period. */
async function followUpCounts(db: Kysely<Database>, from: Date, to: Date): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('notices')
    .select(['step', (eb) => eb.fn.countAll<number>().as('count')])
    .where('step', '<>', 'notice')
    .where('state', '=', 'sent')
    .where('sent_at', '>=', from)
    .where('sent_at', '<', to)
    .groupBy('step')
    .execute();
  return new Map(rows.map((row) => [row.step, Number(row.count)]));
}
