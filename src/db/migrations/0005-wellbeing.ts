import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN wellbeing jsonb`.execute(db);
  await sql`
    CREATE TABLE analyst_exposure (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      day date NOT NULL,
      items_viewed integer NOT NULL DEFAULT 0,
      seconds_viewed integer NOT NULL DEFAULT 0,
      seconds_since_break integer NOT NULL DEFAULT 0,
      last_activity_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, day)
    )`.execute(db);
}
