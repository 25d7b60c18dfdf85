import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Captured media of settled items is erased after its retention period; its hashes and description stay.
  await sql`ALTER TABLE captured_media ALTER COLUMN sealed DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE captured_media ADD COLUMN erased_at timestamptz`.execute(db);
  await sql`ALTER TABLE captured_media ADD CONSTRAINT captured_media_sealed_or_erased CHECK ((sealed IS NULL) = (erased_at IS NOT NULL))`.execute(db);
}
