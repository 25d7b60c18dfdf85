import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createItemMonitoring(db);
  await createItemChecks(db);
  await followNoticesUntilRemoval(db);
}

/**
 * One row per item the hotline acted on (notified, forwarded or referred): when it acted, what it
 * watches, the current run of misses and the outcome. Statistics read time to removal from here.
 */
async function createItemMonitoring(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE item_monitoring (
      item_id uuid PRIMARY KEY REFERENCES content_items (id),
      acted_at timestamptz NOT NULL,
      acted_by text NOT NULL CHECK (acted_by IN ('notice', 'forward', 'police')),
      provider_id integer REFERENCES providers (id),
      asn bigint,
      as_organisation text,
      hosting_country text CHECK (hosting_country ~ '^[A-Z]{2}$'),
      next_check_at timestamptz,
      last_checked_at timestamptz,
      checks integer NOT NULL DEFAULT 0,
      run_misses integer NOT NULL DEFAULT 0,
      run_started_at timestamptz,
      last_miss_at timestamptz,
      removed_at timestamptz,
      time_to_removal_seconds integer CHECK (time_to_removal_seconds >= 0),
      reappearances integer NOT NULL DEFAULT 0,
      moves integer NOT NULL DEFAULT 0,
      reminders integer NOT NULL DEFAULT 0,
      escalations integer NOT NULL DEFAULT 0,
      CHECK ((removed_at IS NULL) = (time_to_removal_seconds IS NULL)),
      CHECK ((run_misses = 0) = (run_started_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX item_monitoring_due ON item_monitoring (next_check_at) WHERE next_check_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX item_monitoring_acted ON item_monitoring (acted_at)`.execute(db);
  await sql`CREATE INDEX item_monitoring_provider ON item_monitoring (provider_id, acted_at)`.execute(db);
}

/** Every re-check of an acted-on item: when, what it found and why. */
async function createItemChecks(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE monitor_checks (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES content_items (id),
      checked_at timestamptz NOT NULL DEFAULT now(),
      outcome text NOT NULL CHECK (outcome IN ('present', 'gone', 'inconclusive')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 100),
      http_status smallint,
      hosting_country text CHECK (hosting_country ~ '^[A-Z]{2}$'),
      asn bigint
    )`.execute(db);
  await sql`CREATE INDEX monitor_checks_item ON monitor_checks (item_id, checked_at)`.execute(db);
  await sql`CREATE INDEX monitor_checks_checked_at ON monitor_checks (checked_at)`.execute(db);
}

/**
 * Reminders and escalations are notices of their own that refer to the first notice; a notice's
 * items are closed when the content is removed or moves, with the removal time as this notice saw it.
 */
async function followNoticesUntilRemoval(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notices DROP CONSTRAINT notices_kind_check`.execute(db);
  await sql`ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('ntd', 'dsa', 'cdn', 'registrar', 'police', 'upstream'))`.execute(db);
  await sql`ALTER TABLE notices ADD COLUMN step text NOT NULL DEFAULT 'notice' CHECK (step IN ('notice', 'reminder', 'escalation'))`.execute(db);
  await sql`ALTER TABLE notices ADD COLUMN first_notice_id uuid REFERENCES notices (id)`.execute(db);
  await sql`ALTER TABLE notices ADD CONSTRAINT notices_follow_up_refers_to_first CHECK ((step = 'notice') = (first_notice_id IS NULL))`.execute(db);
  await sql`CREATE INDEX notices_first_notice ON notices (first_notice_id) WHERE first_notice_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE notice_items ADD COLUMN closed_at timestamptz`.execute(db);
  await sql`ALTER TABLE notice_items ADD COLUMN closed_as text CHECK (closed_as IN ('removed', 'moved', 'withdrawn'))`.execute(db);
  await sql`ALTER TABLE notice_items ADD COLUMN removed_at timestamptz`.execute(db);
  await sql`ALTER TABLE notice_items ADD CONSTRAINT notice_items_closed CHECK ((closed_at IS NULL) = (closed_as IS NULL))`.execute(db);
  await sql`CREATE INDEX notice_items_open ON notice_items (item_id) WHERE closed_at IS NULL`.execute(db);
}
