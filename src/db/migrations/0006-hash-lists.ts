import { sql, type Kysely } from 'kysely';

const HASH_TYPE_CHECK = sql`hash_type IN ('md5', 'sha1', 'sha256', 'pdq')`;
// Lower-case hex of the length of its type: what every reader of these tables relies on.
const HASH_VALUE_CHECK = sql`value ~ '^[0-9a-f]+$'
  AND length(value) = CASE hash_type WHEN 'md5' THEN 32 WHEN 'sha1' THEN 40 ELSE 64 END`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE hash_lists (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL UNIQUE,
      source text NOT NULL CHECK (source IN ('police', 'interpol', 'partner_hotline', 'ngo', 'own_confirmed', 'other')),
      category text NOT NULL,
      classification text NOT NULL CHECK (classification IN ('baseline', 'national')),
      use_for_triage boolean NOT NULL,
      offer_to_hashcheck boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // The unique key makes re-imports idempotent and orders exports.
  await sql`
    CREATE TABLE hash_list_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      list_id integer NOT NULL REFERENCES hash_lists (id),
      hash_type text NOT NULL CHECK (${HASH_TYPE_CHECK}),
      value text NOT NULL CHECK (${HASH_VALUE_CHECK}),
      quality smallint CHECK (quality IS NULL OR (hash_type = 'pdq' AND quality BETWEEN 0 AND 100)),
      added_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (list_id, hash_type, value)
    )`.execute(db);

  await sql`
    CREATE TABLE hash_allow_list (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      hash_type text NOT NULL CHECK (${HASH_TYPE_CHECK}),
      value text NOT NULL CHECK (${HASH_VALUE_CHECK}),
      reason text,
      added_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (hash_type, value)
    )`.execute(db);

  await sql`
    CREATE TABLE hash_removals (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('entry', 'allowed')),
      removed_id bigint NOT NULL,
      hash_type text NOT NULL,
      value text NOT NULL,
      removed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE hashcheck_providers (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL UNIQUE,
      key_hint text NOT NULL,
      key_digest bytea NOT NULL UNIQUE,
      rate_limit_per_minute integer NOT NULL CHECK (rate_limit_per_minute > 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      hashes_checked bigint NOT NULL DEFAULT 0,
      matches bigint NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX hashcheck_providers_key_hint ON hashcheck_providers (key_hint)`.execute(db);

  await sql`
    CREATE TABLE hashcheck_matched_hashes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      provider_id integer NOT NULL REFERENCES hashcheck_providers (id),
      hash_type text NOT NULL,
      value text NOT NULL,
      matched_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
