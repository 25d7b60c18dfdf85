import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      receipt_digest bytea NOT NULL UNIQUE,
      received_at timestamptz NOT NULL DEFAULT now(),
      channel text NOT NULL CHECK (channel IN ('web', 'api')),
      language text NOT NULL,
      claimed_category text NOT NULL,
      content_type text,
      description text,
      contact_ciphertext bytea,
      may_contact boolean NOT NULL DEFAULT false,
      contact_purge_after timestamptz
    )`.execute(db);
  await sql`
    CREATE INDEX reports_contact_purge_after ON reports (contact_purge_after)
      WHERE contact_ciphertext IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE content_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      normalized_url text NOT NULL,
      host text NOT NULL,
      status text NOT NULL,
      category text NOT NULL,
      reporter_count integer NOT NULL DEFAULT 1,
      first_reported_at timestamptz NOT NULL DEFAULT now(),
      last_reported_at timestamptz NOT NULL DEFAULT now(),
      status_changed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // While an item is open, a URL reported again joins it instead of making a new one.
  await sql`
    CREATE UNIQUE INDEX content_items_open_url ON content_items (normalized_url)
      WHERE status <> 'closed'`.execute(db);
  await sql`CREATE INDEX content_items_status ON content_items (status)`.execute(db);

  await sql`
    CREATE TABLE report_items (
      report_id uuid NOT NULL REFERENCES reports (id),
      item_id uuid NOT NULL REFERENCES content_items (id),
      submitted_url text NOT NULL,
      PRIMARY KEY (report_id, item_id)
    )`.execute(db);
  await sql`CREATE INDEX report_items_item ON report_items (item_id)`.execute(db);

  await sql`
    CREATE TABLE item_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES content_items (id),
      at timestamptz NOT NULL DEFAULT now(),
      event text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      actor text,
      detail jsonb
    )`.execute(db);
  await sql`CREATE INDEX item_events_item ON item_events (item_id, id)`.execute(db);
}
