import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { HashType } from './hash-values.js';
import type { Classification } from './tables.js';

/**
 * What a matcher reads to follow the lists: rows with ids above the last it
 * saw. Writers take the change lock (see withChangeLock), so ids become
 * visible in increasing order and no row is skipped.
 */

export interface ListSettings {
  id: number;
  category: string;
  classification: Classification;
  useForTriage: boolean;
  offerToHashcheck: boolean;
}

export interface EntryRow {
  id: number;
  listId: number;
  type: HashType;
  value: string;
  quality: number | null;
}

export interface AllowedRow {
  id: number;
  type: HashType;
  value: string;
}

export interface RemovalRow {
  id: number;
  kind: 'entry' | 'allowed';
  removedId: number;
  type: HashType;
  value: string;
}

const PAGE_SIZE = 50_000;

export function readListSettings(db: Kysely<Database>): Promise<ListSettings[]> {
  return db
    .selectFrom('hash_lists')
    .select(['id', 'category', 'classification', 'use_for_triage as useForTriage', 'offer_to_hashcheck as offerToHashcheck'])
    .execute();
}

export async function lastRemovalId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('hash_removals').select((eb) => eb.fn.max('id').as('last')).executeTakeFirst();
  return row?.last ?? 0;
}

export function entriesAfter(db: Kysely<Database>, afterId: number): AsyncGenerator<EntryRow[]> {
  return pagesAfter(afterId, (after) =>
    db
      .selectFrom('hash_list_entries')
      .select(['id', 'list_id as listId', 'hash_type as type', 'value', 'quality'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE_SIZE)
      .execute(),
  );
}

export function allowedAfter(db: Kysely<Database>, afterId: number): AsyncGenerator<AllowedRow[]> {
  return pagesAfter(afterId, (after) =>
    db
      .selectFrom('hash_allow_list')
      .select(['id', 'hash_type as type', 'value'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE_SIZE)
      .execute(),
  );
}

export function removalsAfter(db: Kysely<Database>, afterId: number): AsyncGenerator<RemovalRow[]> {
  return pagesAfter(afterId, (after) =>
    db
      .selectFrom('hash_removals')
      .select(['id', 'kind', 'removed_id as removedId', 'hash_type as type', 'value'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE_SIZE)
      .execute(),
  );
}

async function* pagesAfter<Row extends { id: number }>(afterId: number, fetchPage: (after: number) => Promise<Row[]>): AsyncGenerator<Row[]> {
  let after = afterId;
  for (;;) {
    const page = await fetchPage(after);
    if (page.length > 0) yield page;
    if (page.length < PAGE_SIZE) return;
    after = page.at(-1)!.id;
  }
}
