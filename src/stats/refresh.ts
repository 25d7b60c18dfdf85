import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { ITEM_STATUSES } from '../domain/item-lifecycle.js';
import { UPPER_EDGES } from './buckets.js';
import { ANY_CATEGORY, ANY_COUNTRY, ANY_PROVIDER, ITEM_COUNT_COLUMNS, statusColumn, type StatusColumn } from './tables.js';

/** Changes committed up to this long after their recorded time are still found by the next refresh. */
const OVERLAP_SECONDS = 600;
/** Key of the advisory lock that keeps two refreshes from applying the same changes at once. */
const REFRESH_LOCK_KEY = 0x73746174;

export interface RefreshOutcome {
  /** Items whose facts were read again; null when everything was built. */
  items: number | null;
  skipped: boolean;
}

type Trx = Transaction<Database>;

/**
 * Brings the rollups up to date. Each item's facts as the rollups last counted them are kept
 * (`stats_item_facts`); a refresh reads the facts of the items changed since the last one —
 * a status change, a new report, an assessment, a notice or a provider's answer — and adds to
 * the day and month rollups the difference between what they count now and what they
 * counted: the cost follows the items that changed, whatever days they were reported on, and
 * an item found again within the overlap adds nothing. The first run builds everything.
 */
export async function refreshStats(db: Kysely<Database>, overlapSeconds = OVERLAP_SECONDS): Promise<RefreshOutcome> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${REFRESH_LOCK_KEY}) AS locked`.execute(trx);
    if (!rows[0]?.locked) return { items: 0, skipped: true };
    const { rows: clock } = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx);
    const now = clock[0]!.now;
    const last = await trx.selectFrom('stats_refresh').select('refreshed_until').executeTakeFirst();
    const items = last ? await applyChanges(trx, new Date(last.refreshed_until.getTime() - overlapSeconds * 1000)) : await buildAll(trx);
    const changed = items === null || items > 0;
    await trx
      .insertInto('stats_refresh')
      .values({ id: true, refreshed_until: now, changed_at: now })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(changed ? { refreshed_until: now, changed_at: now } : { refreshed_until: now }))
      .execute();
    return { items, skipped: false };
  });
}

/** Makes the next refresh build everything: for changes it would not find by their times, such as history written at once. */
export async function buildAllAtNextRefresh(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('stats_refresh').execute();
}

/** The rollup tables: after a full build, vacuumed so that views read them from their indexes alone (a VACUUM cannot run inside the build's transaction). */
export async function vacuumRollups(db: Kysely<Database>): Promise<void> {
  await sql`VACUUM (ANALYZE) stats_item_facts, stats_item_days, stats_duration_days, stats_item_months, stats_duration_months, stats_report_days`.execute(db);
}

async function buildAll(trx: Trx): Promise<null> {
  for (const table of ['stats_item_facts', 'stats_item_days', 'stats_duration_days', 'stats_item_months', 'stats_duration_months', 'stats_report_days'] as const) {
    await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
  }
  await sql`INSERT INTO stats_item_facts ${factsOf(sql`true`)}`.execute(trx);
  await sql`INSERT INTO stats_item_days ${itemCounts(sql`(SELECT *, 1 AS sign FROM stats_item_facts)`)}`.execute(trx);
  await sql`INSERT INTO stats_duration_days ${durationCounts(sql`(SELECT *, 1 AS sign FROM stats_item_facts)`)}`.execute(trx);
  await addToMonths(trx, { items: 'stats_item_days', durations: 'stats_duration_days' });
  await recordNetworks(trx, sql`true`);
  await countReports(trx, null);
  // The rollups were filled from nothing; the planner must know their size before the first figures are read.
  await sql`ANALYZE stats_item_facts, stats_item_days, stats_duration_days, stats_item_months, stats_duration_months, stats_report_days, stats_networks`.execute(trx);
  return null;
}

/** The changes since `from`: each changed item's facts read again and the difference counted; the reports of days with new ones counted again. */
async function applyChanges(trx: Trx, from: Date): Promise<number> {
  await countReports(trx, await daysWithReportsSince(trx, from));
  await sql`DROP TABLE IF EXISTS stats_changed`.execute(trx);
  await sql`CREATE TEMP TABLE stats_changed ON COMMIT DROP AS ${changedItemsSince(from)}`.execute(trx);
  const { rows } = await sql<{ count: number }>`SELECT count(*)::integer AS count FROM stats_changed`.execute(trx);
  const changed = rows[0]!.count;
  if (changed === 0) return 0;
  const isChanged = sql`ci.id IN (SELECT item_id FROM stats_changed)`;
  await sql`DROP TABLE IF EXISTS stats_delta`.execute(trx);
  await sql`
    CREATE TEMP TABLE stats_delta ON COMMIT DROP AS
    SELECT *, 1 AS sign FROM (${factsOf(isChanged)}) now_counted
    UNION ALL
    SELECT *, -1 FROM stats_item_facts WHERE item_id IN (SELECT item_id FROM stats_changed)`.execute(trx);
  await addDelta(trx);
  await sql`DELETE FROM stats_item_facts WHERE item_id IN (SELECT item_id FROM stats_changed)`.execute(trx);
  await sql`INSERT INTO stats_item_facts SELECT ${sql.join(FACT_COLUMNS.map((column) => sql.ref(column)))} FROM stats_delta WHERE sign = 1`.execute(trx);
  await recordNetworks(trx, sql`item_id IN (SELECT item_id FROM stats_changed)`);
  return changed;
}

function changedItemsSince(from: Date): RawBuilder<unknown> {
  return sql`
    SELECT id AS item_id FROM content_items WHERE status_changed_at >= ${from} OR last_reported_at >= ${from} OR first_reported_at >= ${from}
    UNION SELECT item_id FROM assessments WHERE decided_at >= ${from}
    UNION SELECT item_id FROM item_monitoring WHERE acted_at >= ${from}
    UNION SELECT item_id FROM notice_items WHERE added_at >= ${from} OR responded_at >= ${from}`;
}

/**
 * The differences of `stats_delta` (facts now counted +1, as last counted -1), summed per
 * rollup row: added to the day and month tables, and rows left counting nothing removed.
 */
async function addDelta(trx: Trx): Promise<void> {
  await sql`DROP TABLE IF EXISTS stats_item_delta, stats_duration_delta`.execute(trx);
  await sql`CREATE TEMP TABLE stats_item_delta ON COMMIT DROP AS SELECT * FROM (${itemCounts(sql`stats_delta`)}) counted WHERE ${anyNonZero(ITEM_COUNT_COLUMNS)}`.execute(trx);
  await sql`CREATE TEMP TABLE stats_duration_delta ON COMMIT DROP AS SELECT * FROM (${durationCounts(sql`stats_delta`)}) counted WHERE n <> 0`.execute(trx);
  await sql`
    INSERT INTO stats_item_days SELECT * FROM stats_item_delta
    ON CONFLICT (${refs(['day', ...ITEM_KEY])}) DO UPDATE SET ${sql.join(ITEM_COUNT_COLUMNS.map(addedTo('stats_item_days')))}`.execute(trx);
  await sql`
    INSERT INTO stats_duration_days SELECT * FROM stats_duration_delta
    ON CONFLICT (${refs(DURATION_KEY('day'))}) DO UPDATE SET n = stats_duration_days.n + excluded.n`.execute(trx);
  await addToMonths(trx, { items: 'stats_item_delta', durations: 'stats_duration_delta' });
  await sql`DELETE FROM stats_item_days WHERE items = 0 AND day IN (SELECT day FROM stats_item_delta)`.execute(trx);
  await sql`DELETE FROM stats_duration_days WHERE n = 0 AND day IN (SELECT day FROM stats_duration_delta)`.execute(trx);
  await sql`DELETE FROM stats_item_months WHERE items = 0 AND month IN (SELECT DISTINCT ${MONTH_OF_DAY} FROM stats_item_delta)`.execute(trx);
  await sql`DELETE FROM stats_duration_months WHERE n = 0 AND month IN (SELECT DISTINCT ${MONTH_OF_DAY} FROM stats_duration_delta)`.execute(trx);
}

const MONTH_OF_DAY = sql`date_trunc('month', day)::date`;
const ITEM_KEY = ['category', 'country', 'provider_id', 'asn'] as const;
const DURATION_KEY = (period: 'day' | 'month') => ['measure', period, 'category', 'country', 'provider_id', 'asn', 'bucket'] as const;
const refs = (columns: readonly string[]) => sql.join(columns.map((column) => sql.ref(column)));
const addedTo = (table: string) => (column: string) => sql`${sql.ref(column)} = ${sql.table(table)}.${sql.ref(column)} + excluded.${sql.ref(column)}`;
const anyNonZero = (columns: readonly string[]) => sql.join(columns.map((column) => sql`${sql.ref(column)} <> 0`), sql` OR `);

/**
 * Item counts per day × category × country × provider from facts, each weighing its `sign`
 * (+1 counted now, -1 no longer), in the column order of stats_item_days.
 */
function itemCounts(facts: RawBuilder<unknown>): RawBuilder<unknown> {
  const counted = (condition: RawBuilder<unknown>) => sql`coalesce(sum(sign) FILTER (WHERE ${condition}), 0)`;
  const summed = (column: string) => sql`coalesce(sum(sign * ${sql.ref(column)}), 0)`;
  const counts: Record<(typeof ITEM_COUNT_COLUMNS)[number], RawBuilder<unknown>> = {
    items: sql`sum(sign)`,
    illegal: counted(sql`outcome = 'illegal'`),
    not_illegal: counted(sql`outcome = 'not_illegal'`),
    unavailable: counted(sql`outcome = 'unavailable'`),
    automatic: counted(sql`automatic`),
    notified: counted(sql`acted_by = 'notice'`),
    forwarded: counted(sql`acted_by = 'forward'`),
    referred: counted(sql`acted_by = 'police'`),
    removed: counted(sql`ttr IS NOT NULL`),
    removed_in_time: counted(sql`ttr <= deadline`),
    open: counted(sql`acted_by IS NOT NULL AND ttr IS NULL AND status <> 'closed'`),
    notices: summed('notices'),
    reminders: summed('reminders'),
    escalations: summed('escalations'),
    moves: summed('moves'),
    reappearances: summed('reappearances'),
    disputed: counted(sql`disputed`),
    ...(Object.fromEntries(ITEM_STATUSES.map((status) => [statusColumn(status), counted(sql`status = ${status}`)])) as Record<StatusColumn, RawBuilder<unknown>>),
  };
  return sql`
    SELECT day, category, country, provider_id, asn, ${sql.join(ITEM_COUNT_COLUMNS.map((column) => sql`${counts[column]} AS ${sql.ref(column)}`))}
    FROM ${facts} AS facts GROUP BY day, category, country, provider_id, asn`;
}

/**
 * Durations per day and bucket from facts, each weighing its `sign`: per category × country ×
 * provider, and also for all items and per category, per country and per provider alone
 * (scope rows), so that a view with at most one filter reads only the rows of its scope.
 */
function durationCounts(facts: RawBuilder<unknown>): RawBuilder<unknown> {
  const edges = sql`${`{${UPPER_EDGES.join(',')}}`}::integer[]`;
  return sql`
    SELECT measure, day, coalesce(category, ${ANY_CATEGORY}) AS category, coalesce(country, ${ANY_COUNTRY}) AS country,
      coalesce(provider_id, ${ANY_PROVIDER}) AS provider_id, coalesce(asn, ${ANY_PROVIDER}) AS asn, bucket, sum(sign) AS n
    FROM (
      SELECT measure, day, category, country, provider_id, asn, width_bucket(seconds - 1, ${edges}) AS bucket, sign
      FROM (
        SELECT 'removal' AS measure, day, category, country, provider_id, asn, ttr AS seconds, sign FROM ${facts} AS facts WHERE acted_by = 'notice' AND ttr IS NOT NULL
        UNION ALL
        SELECT 'assessment', day, category, country, provider_id, asn, assessed_after, sign FROM ${facts} AS facts WHERE assessed_after IS NOT NULL
      ) durations
    ) bucketed
    GROUP BY GROUPING SETS (
      (measure, day, bucket), (measure, day, bucket, category), (measure, day, bucket, country), (measure, day, bucket, provider_id, asn),
      (measure, day, bucket, category, country, provider_id, asn))`;
}

/** Adds day-level counts (a day table, or a refresh's differences) to the month tables. */
async function addToMonths(trx: Trx, from: { items: string; durations: string }): Promise<void> {
  await sql`
    INSERT INTO stats_item_months (month, ${refs(ITEM_KEY)}, ${refs(ITEM_COUNT_COLUMNS)})
    SELECT ${MONTH_OF_DAY}, ${refs(ITEM_KEY)}, ${sql.join(ITEM_COUNT_COLUMNS.map((column) => sql`sum(${sql.ref(column)})`))}
    FROM ${sql.table(from.items)} GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (month, ${refs(ITEM_KEY)}) DO UPDATE SET ${sql.join(ITEM_COUNT_COLUMNS.map(addedTo('stats_item_months')))}`.execute(trx);
  await sql`
    INSERT INTO stats_duration_months (${refs(DURATION_KEY('month'))}, n)
    SELECT measure, ${MONTH_OF_DAY}, category, country, provider_id, asn, bucket, sum(n)
    FROM ${sql.table(from.durations)} GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (${refs(DURATION_KEY('month'))}) DO UPDATE SET n = stats_duration_months.n + excluded.n`.execute(trx);
}

async function recordNetworks(trx: Trx, which: RawBuilder<unknown>): Promise<void> {
  await sql`
    INSERT INTO stats_networks (asn, as_organisation)
    SELECT DISTINCT ON (asn) asn, as_organisation FROM stats_item_facts WHERE ${which} AND asn <> 0 AND as_organisation IS NOT NULL ORDER BY asn
    ON CONFLICT (asn) DO UPDATE SET as_organisation = excluded.as_organisation`.execute(trx);
}

async function daysWithReportsSince(trx: Trx, from: Date): Promise<string[]> {
  const { rows } = await sql<{ day: string }>`SELECT DISTINCT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM reports WHERE received_at >= ${from}`.execute(trx);
  return rows.map((row) => row.day);
}

/** Reports per day (UTC) and the category the reporter chose, counted again for `days`, or for all. */
async function countReports(trx: Trx, days: string[] | null): Promise<void> {
  if (days !== null && days.length === 0) return;
  const onDays = days === null ? sql`true` : sql.join(days.map((day) => sql`(received_at >= ${day}::timestamp AT TIME ZONE 'UTC' AND received_at < (${day}::date + 1)::timestamp AT TIME ZONE 'UTC')`), sql` OR `);
  if (days !== null) await sql`DELETE FROM stats_report_days WHERE day = ANY(${days}::date[])`.execute(trx);
  await sql`
    INSERT INTO stats_report_days
    SELECT (received_at AT TIME ZONE 'UTC')::date, claimed_category, count(*) FROM reports WHERE ${onDays} GROUP BY 1, 2`.execute(trx);
}

/** The columns of stats_item_facts, in order. */
const FACT_COLUMNS = [
  'item_id', 'day', 'category', 'status', 'country', 'provider_id', 'asn', 'as_organisation', 'acted_by', 'ttr', 'reminders', 'escalations',
  'moves', 'reappearances', 'outcome', 'automatic', 'assessed_after', 'notices', 'disputed', 'deadline',
] as const;

/**
 * What the rollups count of each item `which` picks: the day it was first reported, where it is
 * hosted and by whom (the provider and network when the hotline acted, else the last trace),
 * its decisive assessment, what the hotline did and how the provider reacted.
 */
function factsOf(which: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT ci.id AS item_id, (ci.first_reported_at AT TIME ZONE 'UTC')::date AS day, ci.category, ci.status,
      coalesce(im.hosting_country, ci.hosting_country, '') AS country,
      coalesce(im.provider_id, 0) AS provider_id,
      CASE WHEN im.provider_id IS NULL THEN coalesce(im.asn, 0) ELSE 0 END AS asn,
      im.as_organisation, im.acted_by, im.time_to_removal_seconds AS ttr,
      coalesce(im.reminders, 0) AS reminders, coalesce(im.escalations, 0) AS escalations, coalesce(im.moves, 0) AS moves, coalesce(im.reappearances, 0) AS reappearances,
      a.outcome, coalesce(a.automatic, false) AS automatic,
      floor(extract(epoch FROM a.first_decided_at - ci.first_reported_at))::integer AS assessed_after,
      coalesce(nt.notices, 0)::integer AS notices, coalesce(nt.disputed, false) AS disputed, nt.deadline
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
    WHERE ${which}`;
}
