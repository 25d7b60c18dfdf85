import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // How an opinion counted: a decision, a proposal waiting for a second analyst, their confirmation or dissent.
  await sql`
    ALTER TABLE assessments ADD COLUMN kind text NOT NULL DEFAULT 'decision'
      CHECK (kind IN ('decision', 'proposal', 'confirmation', 'dissent'))`.execute(db);
}
