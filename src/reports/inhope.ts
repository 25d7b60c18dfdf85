import { stringify } from 'csv-stringify/sync';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ActedBy } from '../monitor/tables.js';

/** The ICCAM fields of an illegal item's classification that the export counts, by their names in the export. */
const DIMENSIONS = {
  legal_basis: 'legalBasis',
  age_group: 'ageGroup',
  gender: 'gender',
  content_type: 'contentType',
  site_type: 'siteType',
  commercial: 'commercial',
  virtual: 'virtual',
} as const;

export interface TakedownTimes {
  actedBy: ActedBy;
  items: number;
  removed: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  within24h: number;
  within72h: number;
  within7d: number;
}

export interface InhopeStatistics {
  from: Date;
  to: Date;
  generatedAt: Date;
  /** Items whose assessment in force was made in the period, by outcome. */
  assessed: Record<string, number>;
  /** Of those assessed illegal: counts by category, hosting country and each classification field. */
  illegal: Record<string, Record<string, number>>;
  /** Items the hotline acted on in the period (notice, forward to a partner, police), and how soon they were removed. */
  takedown: TakedownTimes[];
}

/**
 * Statistics of the kind INHOPE collects from its member hotlines, for items
 * whose assessment in force was decided in [from, to): how many were found
 * illegal and how they were classified, where they were hosted, and how long
 * removal took after the hotline acted. Counts only; no URL, no person.
 */
export async function inhopeStatistics(db: Kysely<Database>, from: Date, to: Date, generatedAt = new Date()): Promise<InhopeStatistics> {
  const fields = Object.entries(DIMENSIONS);
  const { rows: counts } = await sql<{ dimension: string; value: string | null; count: number }>`
    WITH in_force AS (
      SELECT DISTINCT ON (a.item_id) a.item_id, a.outcome, a.category, a.classification, a.decided_at
      FROM assessments a
      WHERE a.kind IN ('decision', 'confirmation')
      ORDER BY a.item_id, a.decided_at DESC
    ),
    assessed AS (
      SELECT in_force.*, i.hosting_country FROM in_force JOIN content_items i ON i.id = in_force.item_id
      WHERE in_force.decided_at >= ${from} AND in_force.decided_at < ${to}
    )
    SELECT 'outcome' AS dimension, outcome AS value, count(*)::integer AS count FROM assessed GROUP BY outcome
    UNION ALL
    SELECT field.dimension, field.value, count(*)::integer
    FROM assessed
    CROSS JOIN LATERAL (
      SELECT 'category' AS dimension, assessed.category AS value
      UNION ALL SELECT 'hosting_country', assessed.hosting_country
      UNION ALL SELECT key, assessed.classification ->> path
      FROM jsonb_to_recordset(${JSON.stringify(fields.map(([key, path]) => ({ key, path })))}::jsonb) AS wanted (key text, path text)
    ) AS field
    WHERE assessed.outcome = 'illegal'
    GROUP BY field.dimension, field.value`.execute(db);
  const { rows: times } = await sql<{ acted_by: ActedBy; items: number; removed: number; median: number | null; p90: number | null; h24: number; h72: number; d7: number }>`
    SELECT acted_by, count(*)::integer AS items, count(removed_at)::integer AS removed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_removal_seconds) AS median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY time_to_removal_seconds) AS p90,
           (count(*) FILTER (WHERE time_to_removal_seconds <= 86400))::integer AS h24,
           (count(*) FILTER (WHERE time_to_removal_seconds <= 259200))::integer AS h72,
           (count(*) FILTER (WHERE time_to_removal_seconds <= 604800))::integer AS d7
    FROM item_monitoring
    WHERE acted_at >= ${from} AND acted_at < ${to}
    GROUP BY acted_by
    ORDER BY acted_by`.execute(db);
  const grouped: Record<string, Record<string, number>> = {};
  for (const row of counts) (grouped[row.dimension] ??= {})[row.value ?? 'unknown'] = Number(row.count);
  const { outcome: assessed = {}, ...illegal } = grouped;
  return {
    from,
    to,
    generatedAt,
    assessed,
    illegal,
    takedown: times.map((row) => ({
      actedBy: row.acted_by,
      items: Number(row.items),
      removed: Number(row.removed),
      medianSeconds: row.median === null ? null : Math.round(Number(row.median)),
      p90Seconds: row.p90 === null ? null : Math.round(Number(row.p90)),
      within24h: Number(row.h24),
      within72h: Number(row.h72),
      within7d: Number(row.d7),
    })),
  };
}

/** The statistics as CSV: one row per figure, `section,key,value`. */
export function inhopeCsv(statistics: InhopeStatistics): string {
  const rows: (string | number)[][] = [['section', 'key', 'value']];
  rows.push(['period', 'from', statistics.from.toISOString()], ['period', 'to', statistics.to.toISOString()]);
  for (const [outcome, count] of Object.entries(statistics.assessed)) rows.push(['assessed', outcome, count]);
  for (const [dimension, values] of Object.entries(statistics.illegal)) {
    for (const [value, count] of Object.entries(values)) rows.push([`illegal.${dimension}`, value, count]);
  }
  for (const { actedBy, ...figures } of statistics.takedown) {
    for (const [key, value] of Object.entries(figures)) rows.push([`takedown.${actedBy}`, key, value ?? '']);
  }
  return stringify(rows);
}
