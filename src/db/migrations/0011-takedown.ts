import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Officers sign in to read their referrals and release holds.
  await sql`ALTER TABLE users DROP CONSTRAINT users_role_check`.execute(db);
  await sql`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'supervisor', 'analyst', 'auditor', 'police'))`.execute(db);
  await createProviderDirectory(db);
  await moveHashCheckAccountsIntoDirectory(db);
  await allowAutomaticAssessments(db);
  await createRouting(db);
  await createNotices(db);
}

/** Hosting companies, platforms, CDNs and registrars the hotline works with. */
async function createProviderDirectory(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE providers (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('hosting', 'platform', 'cdn', 'registrar')),
      country text CHECK (country ~ '^[A-Z]{2}$'),
      cidrs text[] NOT NULL DEFAULT '{}',
      asns bigint[] NOT NULL DEFAULT '{}',
      domains text[] NOT NULL DEFAULT '{}',
      abuse_emails text[] NOT NULL DEFAULT '{}',
      language text,
      deadline_seconds integer CHECK (deadline_seconds > 0),
      dsa boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

/**
 * A HashCheck account becomes a property of a directory entry: each existing
 * account gets an entry of its own name (kind hosting, no country or contacts
 * yet), and the account keeps its key, limit, state and counters.
 */
async function moveHashCheckAccountsIntoDirectory(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE hashcheck_providers ADD COLUMN provider_id integer UNIQUE REFERENCES providers (id)`.execute(db);
  await sql`INSERT INTO providers (name, kind, created_at) SELECT name, 'hosting', created_at FROM hashcheck_providers ORDER BY id`.execute(db);
  await sql`UPDATE hashcheck_providers SET provider_id = providers.id FROM providers WHERE providers.name = hashcheck_providers.name`.execute(db);
  await sql`ALTER TABLE hashcheck_providers ALTER COLUMN provider_id SET NOT NULL`.execute(db);
  await sql`ALTER TABLE hashcheck_providers DROP COLUMN name`.execute(db);
}

/** Known material can be assessed illegal by the hotline itself, with no analyst. */
async function allowAutomaticAssessments(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE assessments ALTER COLUMN analyst_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE assessments ADD COLUMN automatic boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE assessments ADD CONSTRAINT assessments_analyst_or_automatic CHECK ((analyst_id IS NULL) = automatic)`.execute(db);
}

async function createRouting(db: Kysely<unknown>): Promise<void> {
  // Every routing decision about an item; the newest is the one in force.
  await sql`
    CREATE TABLE item_routings (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES content_items (id),
      decided_at timestamptz NOT NULL DEFAULT now(),
      decision text NOT NULL CHECK (decision IN ('notice', 'dsa', 'cdn', 'forward', 'police', 'needs_recipient')),
      reasons jsonb NOT NULL,
      recipients jsonb NOT NULL,
      hosting_country text CHECK (hosting_country ~ '^[A-Z]{2}$'),
      provider_id integer REFERENCES providers (id),
      origin_unknown boolean NOT NULL DEFAULT false,
      decided_by text,
      override_reason text,
      settled_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX item_routings_item ON item_routings (item_id, id)`.execute(db);
  await sql`CREATE INDEX item_routings_open ON item_routings (decision) WHERE settled_at IS NULL`.execute(db);

  // A referral to the police; police-first items hold their notices until released or the hold passes.
  await sql`
    CREATE TABLE police_referrals (
      item_id uuid PRIMARY KEY REFERENCES content_items (id),
      referred_at timestamptz NOT NULL DEFAULT now(),
      reason text NOT NULL CHECK (reason IN ('category', 'no_partner')),
      hold_until timestamptz,
      released_at timestamptz,
      released_by text
    )`.execute(db);
}

async function createNotices(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('ntd', 'dsa', 'cdn', 'registrar', 'police')),
      recipient text NOT NULL,
      recipient_name text,
      provider_id integer REFERENCES providers (id),
      language text NOT NULL,
      deadline_seconds integer NOT NULL CHECK (deadline_seconds > 0),
      state text NOT NULL CHECK (state IN ('queued', 'held', 'sending', 'sent', 'failed', 'withdrawn')),
      idempotency_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      first_due_at timestamptz NOT NULL,
      not_before timestamptz NOT NULL,
      hold_until timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      sending_since timestamptz,
      sent_at timestamptz,
      smtp_message_id text,
      smtp_response text,
      CHECK ((state = 'held') = (hold_until IS NOT NULL)),
      CHECK ((state = 'sending') = (sending_since IS NOT NULL)),
      CHECK ((state = 'sent') = (sent_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX notices_open_by_recipient ON notices (recipient, kind) WHERE state = 'queued'`.execute(db);
  await sql`CREATE INDEX notices_due ON notices (not_before) WHERE state IN ('queued', 'held', 'sending')`.execute(db);

  await sql`
    CREATE TABLE notice_items (
      notice_id uuid NOT NULL REFERENCES notices (id),
      item_id uuid NOT NULL REFERENCES content_items (id),
      added_at timestamptz NOT NULL DEFAULT now(),
      response text CHECK (response IN ('removed', 'disputed')),
      response_reason text,
      responded_at timestamptz,
      PRIMARY KEY (notice_id, item_id),
      CHECK ((response IS NULL) = (responded_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX notice_items_item ON notice_items (item_id)`.execute(db);
}
