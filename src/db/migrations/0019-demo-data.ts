import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Reports made by `demo seed`: the seed refuses a database holding any other report, and they can be told apart.
  await sql`ALTER TABLE reports ADD COLUMN demo boolean NOT NULL DEFAULT false`.execute(db);
}
