import { sql, type Kysely } from 'kysely';

/**
 * What the statistics rollups count of each item, as of the last refresh. A refresh reads the
 * changed items' facts again and adds the difference to the rollups, instead of rebuilding
 * every day that holds a changed item. The next refresh builds everything, facts included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE stats_item_facts (
      item_id uuid PRIMARY KEY,
      day date NOT NULL,
      category text NOT NULL,
      status text NOT NULL,
      country text NOT NULL,
      provider_id integer NOT NULL,
      asn bigint NOT NULL,
      as_organisation text,
      acted_by text,
      ttr integer,
      reminders integer NOT NULL,
      escalations integer NOT NULL,
      moves integer NOT NULL,
      reappearances integer NOT NULL,
      outcome text,
      automatic boolean NOT NULL,
      assessed_after integer,
      notices integer NOT NULL,
      disputed boolean NOT NULL,
      deadline integer
    )`.execute(db);
  await sql`DELETE FROM stats_refresh`.execute(db);
}
