import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // At most one setup link at a time: the one the most recent start printed, until the first admin exists.
  await sql`CREATE TABLE setup_tokens (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    token_digest bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}
