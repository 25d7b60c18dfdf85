import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // RDAP answers (and failures, kept briefly) by what was asked, until they expire.
  await sql`
    CREATE TABLE rdap_answers (
      kind text NOT NULL CHECK (kind IN ('network', 'domain')),
      query text NOT NULL,
      answer jsonb NOT NULL,
      fetched_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (kind, query)
    )`.execute(db);
  await sql`CREATE INDEX rdap_answers_expiry ON rdap_answers (expires_at)`.execute(db);
}
