import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { ITEM_STATUSES } from '../domain/item-lifecycle.js';
import { UPPER_EDGES } from './buckets.js';
import { ITEM_COUNT_COLUMNS } from './tables.js';

/** Changes committed up to this long after their recorded time are still found by the next refresh. */
const OVERLAP_SECONDS = 600;
/** Key of the advisory lock that keeps two refreshes from rebuilding the same days at once. */
const REFRESH_LOCK_KEY = 0x73746174;

export interface RefreshOutcome {
  /** Days (UTC) rebuilt; null when everything was. */
  days: string[] | null;
  skipped: boolean;
}

/**
 * Brings the rollups up to date: rebuilds every day (by first report, UTC) that holds an item
 * changed since the last refresh — a status change, a new report, an assessment, a notice or a
 * provider's answer — and every day with new reports. The first run builds everything.
 */
export async function refreshStats(db: Kysely<Database>, overlapSeconds = OVERLAP_SECONDS): Promise<RefreshOutcome> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${REFRESH_LOCK_KEY}) AS locked`.execute(trx);
    if (!rows[0]?.locked) return { days: [], skipped: true };
    const { rows: clock } = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx);
    const last = await trx.selectFrom('stats_refresh').select('refreshed_until').executeTakeFirst();
    const days = last ? await changedDays(trx, new Date(last.refreshed_until.getTime() - overlapSeconds * 1000)) : null;
    const changed = days === null || days.length > 0;
    if (changed) await rebuild(trx, days);
    // A full build fills the rollups from nothing; the planner must know their size before the first figures are read.
    if (days === null) await sql`ANALYZE stats_item_days, stats_duration_days, stats_item_months, stats_duration_months, stats_report_days, stats_networks`.execute(trx);
    const now = clock[0]!.now;
    await trx
      .insertInto('stats_refresh')
      .values({ id: true, refreshed_until: now, changed_at: now })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(changed ? { refreshed_until: now, changed_at: now } : { refreshed_until: now }))
      .execute();
    return { days, skipped: false };
  });
}

async function changedDays(trx: Transaction<Database>, from: Date): Promise<string[]> {
  const { rows } = await sql<{ day: string }>`
    SELECT DISTINCT to_char(first_reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM content_items
    WHERE id IN (
      SELECT id FROM content_items WHERE status_changed_at >= ${from} OR last_reported_at >= ${from} OR first_reported_at >= ${from}
      UNION SELECT item_id FROM assessments WHERE decided_at >= ${from}
      UNION SELECT item_id FROM item_monitoring WHERE acted_at >= ${from}
      UNION SELECT item_id FROM notice_items WHERE added_at >= ${from} OR responded_at >= ${from}
    )
    UNION SELECT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM reports WHERE received_at >= ${from}`.execute(trx);
  return rows.map((row) => row.day).sort();
}

/** Rows whose time falls on one of `days` (UTC), or every row. */
function onDays(column: RawBuilder<unknown>, days: string[] | null): RawBuilder<unknown> {
  if (days === null) return sql`true`;
  return sql`EXISTS (SELECT 1 FROM unnest(${days}::date[]) AS picked(day)
    WHERE ${column} >= picked.day::timestamp AT TIME ZONE 'UTC' AND ${column} < (picked.day + 1)::timestamp AT TIME ZONE 'UTC')`;
}

async function rebuild(trx: Transaction<Database>, days: string[] | null): Promise<void> {
  const dayFilter = days === null ? sql`true` : sql`day = ANY(${days}::date[])`;
  if (days !== null) await addDaysToMonths(trx, days, -1);
  for (const table of ['stats_item_days', 'stats_duration_days', 'stats_report_days'] as const) {
    await sql`DELETE FROM ${sql.table(table)} WHERE ${dayFilter}`.execute(trx);
  }
  await sql`DROP TABLE IF EXISTS stats_picked`.execute(trx);
  await sql`CREATE TEMP TABLE stats_picked ON COMMIT DROP AS ${pickedItems(days)}`.execute(trx);
  await sql`
    INSERT INTO stats_item_days
    SELECT day, category, country, provider_id, asn,
      count(*),
      count(*) FILTER (WHERE outcome = 'illegal'),
      count(*) FILTER (WHERE outcome = 'not_illegal'),
      count(*) FILTER (WHERE outcome = 'unavailable'),
      count(*) FILTER (WHERE automatic),
      count(*) FILTER (WHERE acted_by = 'notice'),
      count(*) FILTER (WHERE acted_by = 'forward'),
      count(*) FILTER (WHERE acted_by = 'police'),
      count(*) FILTER (WHERE ttr IS NOT NULL),
      count(*) FILTER (WHERE ttr <= deadline),
      count(*) FILTER (WHERE acted_by IS NOT NULL AND ttr IS NULL AND status <> 'closed'),
      coalesce(sum(notices), 0), coalesce(sum(reminders), 0), coalesce(sum(escalations), 0),
      coalesce(sum(moves), 0), coalesce(sum(reappearances), 0),
      count(*) FILTER (WHERE disputed),
      ${sql.join(ITEM_STATUSES.map((status) => sql`count(*) FILTER (WHERE status = ${status})`))}
    FROM stats_picked GROUP BY day, category, country, provider_id, asn`.execute(trx);
  await insertDurations(trx);
  await sql`
    INSERT INTO stats_networks (asn, as_organisation)
    SELECT DISTINCT ON (asn) asn, as_organisation FROM stats_picked WHERE asn <> 0 AND as_organisation IS NOT NULL ORDER BY asn
    ON CONFLICT (asn) DO UPDATE SET as_organisation = excluded.as_organisation`.execute(trx);
  await sql`
    INSERT INTO stats_report_days
    SELECT (received_at AT TIME ZONE 'UTC')::date, claimed_category, count(*) FROM reports
    WHERE ${onDays(sql.ref('received_at'), days)} GROUP BY 1, 2`.execute(trx);
  if (days === null) await buildMonths(trx);
  else await addDaysToMonths(trx, days, 1);
}

/** The values scope rows hold in the columns they sum over; no category or country is '*', no provider or network -1. */
export const ANY_CATEGORY = '*';
export const ANY_COUNTRY = '*';
export const ANY_PROVIDER = -1;

/**
 * The picked items' durations per day and bucket: per category × country × provider, and
 * also for all items and per category, per country and per provider alone (scope rows), so
 * that a view with at most one filter reads only the rows of its scope.
 */
async function insertDurations(trx: Transaction<Database>): Promise<void> {
  const edges = sql`${`{${UPPER_EDGES.join(',')}}`}::integer[]`;
  await sql`
    INSERT INTO stats_duration_days
    SELECT measure, day, coalesce(category, ${ANY_CATEGORY}), coalesce(country, ${ANY_COUNTRY}), coalesce(provider_id, ${ANY_PROVIDER}), coalesce(asn, ${ANY_PROVIDER}), bucket, count(*)
    FROM (
      SELECT measure, day, category, country, provider_id, asn, width_bucket(seconds - 1, ${edges}) AS bucket
      FROM (
        SELECT 'removal' AS measure, day, category, country, provider_id, asn, ttr AS seconds FROM stats_picked WHERE acted_by = 'notice' AND ttr IS NOT NULL
        UNION ALL
        SELECT 'assessment', day, category, country, provider_id, asn, assessed_after FROM stats_picked WHERE assessed_after IS NOT NULL
      ) durations
    ) bucketed
    GROUP BY GROUPING SETS (
      (measure, day, bucket), (measure, day, bucket, category), (measure, day, bucket, country), (measure, day, bucket, provider_id, asn),
      (measure, day, bucket, category, country, provider_id, asn))`.execute(trx);
}

const MONTH_OF_DAY = sql`date_trunc('month', day)::date`;
const ITEM_KEY = ['month', 'category', 'country', 'provider_id', 'asn'] as const;
const DURATION_KEY = ['measure', 'month', 'category', 'country', 'provider_id', 'asn', 'bucket'] as const;
const refs = (columns: readonly string[]) => sql.join(columns.map((column) => sql.ref(column)));

/** The month tables summed from the whole day tables: the first build. */
async function buildMonths(trx: Transaction<Database>): Promise<void> {
  await sql`DELETE FROM stats_item_months`.execute(trx);
  await sql`DELETE FROM stats_duration_months`.execute(trx);
  await addToMonths(trx, sql`true`, 1);
}

/**
 * Adds the day tables' rows of `days` to the month tables (sign 1), or takes them away
 * (sign -1, before those days are rebuilt): a refresh costs the rows of the days that
 * changed, not those of their whole months. Month rows left counting nothing are removed.
 */
async function addDaysToMonths(trx: Transaction<Database>, days: readonly string[], sign: 1 | -1): Promise<void> {
  await addToMonths(trx, sql`day = ANY(${days}::date[])`, sign);
  const months = [...new Set(days.map((day) => `${day.slice(0, 7)}-01`))];
  if (sign === 1) {
    await sql`DELETE FROM stats_item_months WHERE month = ANY(${months}::date[]) AND items = 0`.execute(trx);
    await sql`DELETE FROM stats_duration_months WHERE month = ANY(${months}::date[]) AND n = 0`.execute(trx);
  }
}

async function addToMonths(trx: Transaction<Database>, where: RawBuilder<unknown>, sign: 1 | -1): Promise<void> {
  const added = (column: string) => sql`${sql.ref(column)} = ${sql.table('stats_item_months')}.${sql.ref(column)} + excluded.${sql.ref(column)}`;
  await sql`
    INSERT INTO stats_item_months (${refs(ITEM_KEY)}, ${refs(ITEM_COUNT_COLUMNS)})
    SELECT ${MONTH_OF_DAY}, category, country, provider_id, asn, ${sql.join(ITEM_COUNT_COLUMNS.map((column) => sql`${sql.lit(sign)} * sum(${sql.ref(column)})`))}
    FROM stats_item_days WHERE ${where} GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (${refs(ITEM_KEY)}) DO UPDATE SET ${sql.join(ITEM_COUNT_COLUMNS.map(added))}`.execute(trx);
  await sql`
    INSERT INTO stats_duration_months (${refs(DURATION_KEY)}, n)
    SELECT measure, ${MONTH_OF_DAY}, category, country, provider_id, asn, bucket, ${sql.lit(sign)} * sum(n)
    FROM stats_duration_days WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (${refs(DURATION_KEY)}) DO UPDATE SET n = stats_duration_months.n + excluded.n`.execute(trx);
}

/**
 * One row per item first reported on `days`: where it is hosted and by whom (the provider and
 * network when the hotline acted, else the last trace), its decisive assessment, what the
 * hotline did and how the provider reacted.
 */
function pickedItems(days: string[] | null): RawBuilder<unknown> {
  return sql`
    SELECT (ci.first_reported_at AT TIME ZONE 'UTC')::date AS day, ci.category, ci.status,
      coalesce(im.hosting_country, ci.hosting_country, '') AS country,
      coalesce(im.provider_id, 0) AS provider_id,
      CASE WHEN im.provider_id IS NULL THEN coalesce(im.asn, 0) ELSE 0 END AS asn,
      im.as_organisation, im.acted_by, im.time_to_removal_seconds AS ttr,
      im.reminders, im.escalations, im.moves, im.reappearances,
      a.outcome, coalesce(a.automatic, false) AS automatic,
      floor(extract(epoch FROM a.first_decided_at - ci.first_reported_at))::integer AS assessed_after,
      coalesce(nt.notices, 0) AS notices, coalesce(nt.disputed, false) AS disputed, nt.deadline
    FROM content_items ci
    LEFT JOIN item_monitoring im ON im.item_id = ci.id
    LEFT JOIN LATERAL (
      SELECT (array_agg(outcome ORDER BY decided_at DESC))[1] AS outcome, bool_or(automatic) AS automatic, min(decided_at) AS first_decided_at
      FROM assessments WHERE item_id = ci.id AND kind IN ('decision', 'confirmation')
    ) a ON true
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE n.step = 'notice') AS notices, bool_or(ni.response = 'disputed') AS disputed,
        min(n.deadline_seconds) FILTER (WHERE n.step = 'notice') AS deadline
      FROM notice_items ni JOIN notices n ON n.id = ni.notice_id WHERE ni.item_id = ci.id
    ) nt ON true
    WHERE ${onDays(sql.ref('ci.first_reported_at'), days)}`;
}
