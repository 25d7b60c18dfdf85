import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'analyst', 'auditor')),
      password_hash text NOT NULL,
      totp_secret_ciphertext bytea,
      totp_enabled boolean NOT NULL DEFAULT false,
      totp_last_step bigint,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE recovery_codes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_digest bytea NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX recovery_codes_user ON recovery_codes (user_id)`.execute(db);
  await sql`
    CREATE TABLE sessions (
      token_digest bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      stage text NOT NULL CHECK (stage IN ('password', 'full')),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions (user_id)`.execute(db);
  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_digest bytea NOT NULL UNIQUE,
      label text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);

  // One claim per item: the primary key is what keeps two analysts off the same item.
  await sql`
    CREATE TABLE item_claims (
      item_id uuid PRIMARY KEY REFERENCES content_items (id),
      user_id uuid NOT NULL REFERENCES users (id),
      claimed_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      item_id uuid NOT NULL REFERENCES content_items (id),
      analyst_id uuid NOT NULL REFERENCES users (id),
      outcome text NOT NULL CHECK (outcome IN ('unavailable', 'not_illegal', 'illegal')),
      category text NOT NULL,
      classification jsonb,
      note text,
      decided_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX assessments_item ON assessments (item_id, decided_at)`.execute(db);
}
