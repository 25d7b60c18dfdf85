import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per form submission that changed something: the same form sent twice counts once, and the
  // page after the redirect shows what it did. The outcome may hold a secret (a receipt, a password),
  // so it is sealed and erased within the hour; the key alone stays a few days.
  await sql`
    CREATE TABLE form_submissions (
      key bytea PRIMARY KEY,
      form text NOT NULL,
      owner text NOT NULL,
      outcome bytea,
      submitted_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX form_submissions_submitted_at ON form_submissions (submitted_at)`.execute(db);
}
