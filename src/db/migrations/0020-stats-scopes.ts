import { sql, type Kysely } from 'kysely';

/**
 * Durations are read for a whole year at a time: summed row by row over every category ×
 * provider × bucket of every day, a million items' worth took seconds. Two changes make
 * such a read a few thousand rows:
 * - scopes: besides a row per category × country × provider, each day also holds the
 *   histogram of all items, and per category, per country and per provider alone (the other
 *   columns hold '*' or -1), so a view with no filter or one filter reads only those;
 * - months: the same rows summed per calendar month, so a period reads its whole months
 *   there and only the days at its ends from the daily table.
 * Item counts get the months too. The rollups are emptied: the next refresh builds them
 * again, with the scopes, from the items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE stats_duration_months (LIKE stats_duration_days INCLUDING ALL)`.execute(db);
  await sql`ALTER TABLE stats_duration_months RENAME COLUMN day TO month`.execute(db);
  await sql`CREATE TABLE stats_item_months (LIKE stats_item_days INCLUDING ALL)`.execute(db);
  await sql`ALTER TABLE stats_item_months RENAME COLUMN day TO month`.execute(db);
  // A refresh replaces the rows of the days that changed; the primary key leads with the measure.
  await sql`CREATE INDEX stats_duration_days_day ON stats_duration_days (day)`.execute(db);
  // A view reads one scope (the columns holding '*' or -1) over a period from the index alone; with a provider and more filters, the provider's rows.
  for (const [table, period] of [['stats_duration_days', 'day'], ['stats_duration_months', 'month']] as const) {
    await sql`CREATE INDEX ${sql.id(`${table}_scope`)} ON ${sql.table(table)} (category, country, ${sql.ref(period)}, provider_id) INCLUDE (measure, asn, bucket, n)`.execute(db);
    await sql`CREATE INDEX ${sql.id(`${table}_provider`)} ON ${sql.table(table)} (provider_id, category, ${sql.ref(period)}) INCLUDE (country, measure, asn, bucket, n)`.execute(db);
  }
  // A series by day or week reads two counts of every day in the period.
  await sql`CREATE INDEX stats_item_days_series ON stats_item_days (day) INCLUDE (category, country, provider_id, asn, items, illegal)`.execute(db);
  // Figures read for a filter are kept until a refresh changes some rollup, not merely until it runs.
  await sql`ALTER TABLE stats_refresh ADD COLUMN changed_at timestamptz`.execute(db);
  for (const table of ['stats_item_days', 'stats_duration_days', 'stats_report_days', 'stats_refresh']) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
}
