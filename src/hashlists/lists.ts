import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { HashServiceError } from './errors.js';
import { checkHashValue, type HashType, type HashValue } from './hash-values.js';
import { CLASSIFICATIONS, LIST_SOURCES, type Classification, type ListSource } from './tables.js';

export interface NewHashList {
  name: string;
  source: ListSource;
  /** A category id such as `csam`. */
  category: string;
  classification: Classification;
  useForTriage: boolean;
  offerToHashcheck: boolean;
}

export interface HashList extends NewHashList {
  id: number;
  createdAt: Date;
}

const MAX_LIST_NAME_LENGTH = 200;
const CATEGORY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Key of the transaction-scoped advisory lock every writer of entries, allow-list and removals takes. */
const CHANGE_LOCK_KEY = 0x68617368;

const LIST_COLUMNS = [
  'id',
  'name',
  'source',
  'category',
  'classification',
  'use_for_triage as useForTriage',
  'offer_to_hashcheck as offerToHashcheck',
  'created_at as createdAt',
] as const;

function checkNewList(list: NewHashList): void {
  const name = list.name.trim();
  if (name === '' || name.length > MAX_LIST_NAME_LENGTH) {
    throw new HashServiceError(`a list name is 1 to ${MAX_LIST_NAME_LENGTH} characters`);
  }
  if (!(LIST_SOURCES as readonly string[]).includes(list.source)) {
    throw new HashServiceError(`the source is one of ${LIST_SOURCES.join(', ')}`);
  }
  if (!CATEGORY_PATTERN.test(list.category)) {
    throw new HashServiceError('a category is an id of lower-case letters, digits, - and _, such as csam');
  }
  if (!(CLASSIFICATIONS as readonly string[]).includes(list.classification)) {
    throw new HashServiceError(`the classification is one of ${CLASSIFICATIONS.join(', ')}`);
  }
}

export async function createList(db: Kysely<Database>, list: NewHashList): Promise<HashList> {
  const created = await insertList(db, list);
  if (!created) throw new HashServiceError(`a list named ${JSON.stringify(list.name.trim())} exists already`);
  return created;
}

/** The new list, or undefined when one of that name exists. */
async function insertList(db: Kysely<Database>, list: NewHashList): Promise<HashList | undefined> {
  checkNewList(list);
  return db
    .insertInto('hash_lists')
    .values({
      name: list.name.trim(),
      source: list.source,
      category: list.category,
      classification: list.classification,
      use_for_triage: list.useForTriage,
      offer_to_hashcheck: list.offerToHashcheck,
    })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returning(LIST_COLUMNS)
    .executeTakeFirst();
}

export async function findList(db: Kysely<Database>, name: string): Promise<HashList> {
  const list = await listNamed(db, name.trim());
  if (!list) throw new HashServiceError(`no list is named ${JSON.stringify(name.trim())}`);
  return list;
}

function listNamed(db: Kysely<Database>, name: string): Promise<HashList | undefined> {
  return db.selectFrom('hash_lists').select(LIST_COLUMNS).where('name', '=', name).executeTakeFirst();
}

/** Every list with its number of entries, by name. */
export async function listLists(db: Kysely<Database>): Promise<(HashList & { entries: number })[]> {
  return db
    .selectFrom('hash_lists')
    .leftJoin(
      (eb) => eb.selectFrom('hash_list_entries').select(['list_id', (eb) => eb.fn.countAll<number>().as('entries')]).groupBy('list_id').as('counts'),
      (join) => join.onRef('counts.list_id', '=', 'hash_lists.id'),
    )
    .select(LIST_COLUMNS.map((column) => `hash_lists.${column}` as const))
    .select((eb) => eb.fn.coalesce('counts.entries', sql<number>`0`).as('entries'))
    .orderBy('hash_lists.name')
    .execute();
}

/**
 * Runs a write to entries, allow-list or removals. Writers take turns, so ids
 * become visible in increasing order and a matcher that asks for "ids above
 * the last I saw" never skips a row committed late with a lower id.
 */
export async function withChangeLock<T>(db: Kysely<Database>, write: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${CHANGE_LOCK_KEY})`.execute(trx);
    return write(trx);
  });
}

/** Adds checked hashes to a list; those it holds already are left alone. Returns how many were new. */
export async function insertEntries(db: Kysely<Database>, listId: number, hashes: readonly HashValue[]): Promise<number> {
  if (hashes.length === 0) return 0;
  // Three array parameters instead of one per value: the statement stays small for any batch.
  const result = await withChangeLock(db, (trx) =>
    sql`
      INSERT INTO hash_list_entries (list_id, hash_type, value, quality)
      SELECT ${listId}::integer, hash_type, value, quality
        FROM unnest(${hashes.map((hash) => hash.type)}::text[], ${hashes.map((hash) => hash.value)}::text[],
                    ${hashes.map((hash) => hash.quality)}::smallint[]) AS batch (hash_type, value, quality)
      ON CONFLICT (list_id, hash_type, value) DO NOTHING`.execute(trx),
  );
  return Number(result.numAffectedRows ?? 0);
}

function checkedValue(type: HashType, value: string): string {
  const checked = checkHashValue(type, value);
  if (!checked.ok) throw new HashServiceError(checked.reason);
  return checked.value;
}

/** Takes a hash out of a list; running matchers drop it at their next refresh. Returns whether the list held it. */
export async function removeEntry(db: Kysely<Database>, listId: number, type: HashType, value: string): Promise<boolean> {
  const hex = checkedValue(type, value);
  return withChangeLock(db, async (trx) => {
    const removed = await trx
      .deleteFrom('hash_list_entries')
      .where('list_id', '=', listId)
      .where('hash_type', '=', type)
      .where('value', '=', hex)
      .returning('id')
      .executeTakeFirst();
    if (!removed) return false;
    await trx.insertInto('hash_removals').values({ kind: 'entry', removed_id: removed.id, hash_type: type, value: hex }).execute();
    return true;
  });
}

/** Puts a hash on the allow-list: it never matches, whatever list holds it. Returns whether it was new there. */
export async function allowHash(db: Kysely<Database>, type: HashType, value: string, reason: string | null): Promise<boolean> {
  const hex = checkedValue(type, value);
  const result = await withChangeLock(db, (trx) =>
    trx
      .insertInto('hash_allow_list')
      .values({ hash_type: type, value: hex, reason })
      .onConflict((conflict) => conflict.columns(['hash_type', 'value']).doNothing())
      .executeTakeFirst(),
  );
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Takes a hash off the allow-list. Returns whether it was there. */
export async function disallowHash(db: Kysely<Database>, type: HashType, value: string): Promise<boolean> {
  const hex = checkedValue(type, value);
  return withChangeLock(db, async (trx) => {
    const removed = await trx
      .deleteFrom('hash_allow_list')
      .where('hash_type', '=', type)
      .where('value', '=', hex)
      .returning('id')
      .executeTakeFirst();
    if (!removed) return false;
    await trx.insertInto('hash_removals').values({ kind: 'allowed', removed_id: removed.id, hash_type: type, value: hex }).execute();
    return true;
  });
}

/** The hashes of one file an analyst confirmed; pdq and quality are null when it is not an image. */
export interface ConfirmedMedia {
  category: string;
  classification: Classification;
  md5: string;
  sha1: string;
  sha256: string;
  pdq: string | null;
  quality: number | null;
}

export function ownListName(category: string, classification: Classification): string {
  return `own-confirmed:${category}:${classification}`;
}

/**
 * Adds the hashes of confirmed media to the hotline's own list for its category
 * and classification (created on first use, used for triage and HashCheck).
 * Returns how many of the hashes were new to that list.
 */
export async function addConfirmedMedia(db: Kysely<Database>, media: ConfirmedMedia): Promise<number> {
  const list = await ownList(db, media.category, media.classification);
  const hashes: HashValue[] = [
    { type: 'md5', value: checkedValue('md5', media.md5), quality: null },
    { type: 'sha1', value: checkedValue('sha1', media.sha1), quality: null },
    { type: 'sha256', value: checkedValue('sha256', media.sha256), quality: null },
  ];
  if (media.pdq !== null) hashes.push({ type: 'pdq', value: checkedValue('pdq', media.pdq), quality: media.quality });
  return insertEntries(db, list.id, hashes);
}

async function ownList(db: Kysely<Database>, category: string, classification: Classification): Promise<HashList> {
  const list: NewHashList = {
    name: ownListName(category, classification),
    source: 'own_confirmed',
    category,
    classification,
    useForTriage: true,
    offerToHashcheck: true,
  };
  // Looked up first so that confirming media does not use up a list id each time.
  return (await listNamed(db, list.name)) ?? (await insertList(db, list)) ?? findList(db, list.name);
}
