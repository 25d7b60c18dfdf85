import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RdapQueryKind } from './tables.js';

/** RDAP answers kept in the database until they expire, shared by every process of the hotline. */
export class RdapAnswerCache {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
  ) {}

  async get(kind: RdapQueryKind, query: string): Promise<unknown> {
    const row = await this.db
      .selectFrom('rdap_answers')
      .select('answer')
      .where('kind', '=', kind)
      .where('query', '=', query)
      .where('expires_at', '>', new Date(this.clock()))
      .executeTakeFirst();
    return row?.answer;
  }

  async put(kind: RdapQueryKind, query: string, answer: unknown, ttlMs: number): Promise<void> {
    const now = this.clock();
    const row = { answer: JSON.stringify(answer), fetched_at: new Date(now), expires_at: new Date(now + ttlMs) };
    await this.db
      .insertInto('rdap_answers')
      .values({ kind, query, ...row })
      .onConflict((conflict) => conflict.columns(['kind', 'query']).doUpdateSet(row))
      .execute();
  }
}
