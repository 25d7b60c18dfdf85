import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE content_items ADD COLUMN hosting_country text CHECK (hosting_country ~ '^[A-Z]{2}$')`.execute(db);
  await sql`CREATE INDEX content_items_hosting_country ON content_items (hosting_country) WHERE hosting_country IS NOT NULL`.execute(db);

  // Where an item's host resolved to, each time it was traced.
  await sql`
    CREATE TABLE item_traces (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES content_items (id),
      traced_at timestamptz NOT NULL DEFAULT now(),
      host text NOT NULL,
      country text CHECK (country ~ '^[A-Z]{2}$'),
      addresses jsonb NOT NULL,
      error text
    )`.execute(db);
  await sql`CREATE INDEX item_traces_item ON item_traces (item_id, id)`.execute(db);

  // Each time the hotline fetched an item's address: the hops, the answer or why there was none.
  await sql`
    CREATE TABLE item_checks (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES content_items (id),
      checked_at timestamptz NOT NULL DEFAULT now(),
      hops jsonb NOT NULL,
      http_status smallint,
      content_type text,
      failure text,
      message text,
      CHECK ((http_status IS NULL) <> (failure IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX item_checks_item ON item_checks (item_id, id)`.execute(db);

  // Captured images and videos, sealed with the hotline's key; an item holds each distinct file once.
  await sql`
    CREATE TABLE captured_media (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      item_id uuid NOT NULL REFERENCES content_items (id),
      source_url text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('image', 'video')),
      media_type text NOT NULL,
      byte_length integer NOT NULL,
      md5 text NOT NULL,
      sha1 text NOT NULL,
      sha256 text NOT NULL,
      pdq text,
      pdq_quality smallint,
      known jsonb,
      sealed bytea NOT NULL,
      captured_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (item_id, sha256)
    )`.execute(db);

  await sql`ALTER TABLE analyst_exposure ADD COLUMN media_revealed integer NOT NULL DEFAULT 0`.execute(db);
}
