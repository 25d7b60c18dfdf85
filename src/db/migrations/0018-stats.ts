import { sql, type Kysely } from 'kysely';

/** The item statuses of the day this migration was written; each has its count column in stats_item_days. */
const STATUSES = ['received', 'triaged', 'second_opinion', 'disputed', 'not_illegal', 'unavailable', 'illegal', 'routed', 'notified', 'forwarded', 'referred', 'removed', 'moved', 'escalated', 'closed'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await createRollups(db);
  await indexChangeTimes(db);
}

/**
 * Statistics read these rollups, never the item tables: counts per day the items were first
 * reported × category × hosting country × provider (a directory entry, else the network),
 * with a count per status, and histograms of durations in fixed buckets. A refresh job rebuilds the days whose
 * items changed since its last run.
 */
async function createRollups(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE stats_item_days (
      day date NOT NULL,
      category text NOT NULL,
      country text NOT NULL,
      provider_id integer NOT NULL,
      asn bigint NOT NULL,
      items integer NOT NULL,
      illegal integer NOT NULL,
      not_illegal integer NOT NULL,
      unavailable integer NOT NULL,
      automatic integer NOT NULL,
      notified integer NOT NULL,
      forwarded integer NOT NULL,
      referred integer NOT NULL,
      removed integer NOT NULL,
      removed_in_time integer NOT NULL,
      open integer NOT NULL,
      notices integer NOT NULL,
      reminders integer NOT NULL,
      escalations integer NOT NULL,
      moves integer NOT NULL,
      reappearances integer NOT NULL,
      disputed integer NOT NULL,
      ${sql.raw(STATUSES.map((status) => `status_${status} integer NOT NULL`).join(',\n      '))},
      PRIMARY KEY (day, category, country, provider_id, asn)
    )`.execute(db);
  await sql`CREATE INDEX stats_item_days_provider ON stats_item_days (provider_id, asn, day)`.execute(db);
  await sql`
    CREATE TABLE stats_duration_days (
      measure text NOT NULL CHECK (measure IN ('assessment', 'removal')),
      day date NOT NULL,
      category text NOT NULL,
      country text NOT NULL,
      provider_id integer NOT NULL,
      asn bigint NOT NULL,
      bucket smallint NOT NULL,
      n integer NOT NULL,
      PRIMARY KEY (measure, day, category, country, provider_id, asn, bucket)
    )`.execute(db);
  await sql`
    CREATE TABLE stats_report_days (
      day date NOT NULL,
      category text NOT NULL,
      reports integer NOT NULL,
      PRIMARY KEY (day, category)
    )`.execute(db);
  await sql`CREATE TABLE stats_networks (asn bigint PRIMARY KEY, as_organisation text NOT NULL)`.execute(db);
  await sql`
    CREATE TABLE stats_refresh (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      refreshed_until timestamptz NOT NULL
    )`.execute(db);
}

/** The refresh finds changed items by these times; each day it rebuilds by first_reported_at. */
async function indexChangeTimes(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX content_items_first_reported ON content_items (first_reported_at)`.execute(db);
  await sql`CREATE INDEX content_items_status_changed ON content_items (status_changed_at)`.execute(db);
  await sql`CREATE INDEX content_items_last_reported ON content_items (last_reported_at)`.execute(db);
  await sql`CREATE INDEX assessments_decided ON assessments (decided_at)`.execute(db);
  await sql`CREATE INDEX notice_items_added ON notice_items (added_at)`.execute(db);
  await sql`CREATE INDEX notice_items_responded ON notice_items (responded_at) WHERE responded_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX reports_received ON reports (received_at)`.execute(db);
  // The items API counts each listed item's captured media; a page of 1,000 items must not scan them all.
  await sql`CREATE INDEX captured_media_item ON captured_media (item_id)`.execute(db);
}
