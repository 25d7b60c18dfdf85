import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createPartnerDirectory(db);
  await createOutbox(db);
  await createInbox(db);
  await sql`ALTER TABLE reports DROP CONSTRAINT reports_channel_check`.execute(db);
  await sql`ALTER TABLE reports ADD CONSTRAINT reports_channel_check CHECK (channel IN ('web', 'api', 'partner'))`.execute(db);
}

/** Partner hotlines, one per country at most enabled, each with the one or two keys it signs with. */
async function createPartnerDirectory(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE partners (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
      country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
      base_url text NOT NULL CHECK (base_url ~ '^https?://'),
      enabled boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX partners_enabled_country ON partners (country) WHERE enabled`.execute(db);
  await sql`
    CREATE TABLE partner_keys (
      key_id text PRIMARY KEY CHECK (length(key_id) BETWEEN 1 AND 200),
      partner_id integer NOT NULL REFERENCES partners (id),
      public_key text NOT NULL,
      added_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX partner_keys_partner ON partner_keys (partner_id, added_at)`.execute(db);
}

/**
 * Messages to partners, written in the transaction that caused them and
 * delivered in order per item; a row is kept once delivered, as a record.
 */
async function createOutbox(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE exchange_outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      message_id uuid NOT NULL UNIQUE,
      partner_id integer NOT NULL REFERENCES partners (id),
      item_id uuid NOT NULL REFERENCES content_items (id),
      type text NOT NULL CHECK (type IN ('report', 'status')),
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      leased_until timestamptz,
      last_error text,
      delivered_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX exchange_outbox_item_pending ON exchange_outbox (item_id, id) WHERE delivered_at IS NULL`.execute(db);
  await sql`CREATE INDEX exchange_outbox_due ON exchange_outbox (next_attempt_at) WHERE delivered_at IS NULL`.execute(db);
}

/** Messages received: each applied once per partner and message id; signatures seen, against replays. */
async function createInbox(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE exchange_inbox (
      partner_id integer NOT NULL REFERENCES partners (id),
      message_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('report', 'status')),
      item_id uuid REFERENCES content_items (id),
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (partner_id, message_id)
    )`.execute(db);
  await sql`
    CREATE TABLE exchange_signatures (
      digest bytea PRIMARY KEY,
      seen_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX exchange_signatures_seen ON exchange_signatures (seen_at)`.execute(db);
  await sql`
    CREATE TABLE partner_reports (
      report_id uuid PRIMARY KEY REFERENCES reports (id),
      partner_id integer NOT NULL REFERENCES partners (id),
      reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
      message jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX partner_reports_partner ON partner_reports (partner_id, reference)`.execute(db);
}
