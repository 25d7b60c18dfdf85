import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { HashServiceError } from '../hashlists/errors.js';
import type { HashValue } from '../hashlists/hash-values.js';
import { ensureDirectoryProvider } from '../providers/directory.js';

export const API_KEY_PREFIX = 'ohk_';
const KEY_BYTES = 32;
/** Characters of the key after the prefix kept in clear to find its row. */
const HINT_LENGTH = 8;
const KEY_PATTERN = /^ohk_[A-Za-z0-9_-]{43}$/;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;
const MAX_NAME_LENGTH = 200;

/** A HashCheck account: a property of a provider in the directory, whose name it carries. */
export interface Provider {
  id: number;
  providerId: number;
  name: string;
  keyHint: string;
  rateLimitPerMinute: number;
  active: boolean;
  createdAt: Date;
  hashesChecked: number;
  matches: number;
}

export type Authentication =
  | { ok: true; provider: Provider }
  | { ok: false; reason: 'missing' | 'invalid' | 'disabled' };

const PROVIDER_COLUMNS = [
  'hashcheck_providers.id',
  'hashcheck_providers.provider_id as providerId',
  'providers.name',
  'hashcheck_providers.key_hint as keyHint',
  'hashcheck_providers.rate_limit_per_minute as rateLimitPerMinute',
  'hashcheck_providers.active',
  'hashcheck_providers.created_at as createdAt',
  'hashcheck_providers.hashes_checked as hashesChecked',
  'hashcheck_providers.matches',
] as const;

const accounts = (db: Kysely<Database>) => db.selectFrom('hashcheck_providers').innerJoin('providers', 'providers.id', 'hashcheck_providers.provider_id');

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function hintOf(key: string): string {
  return key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + HINT_LENGTH);
}

/**
 * Gives the provider of this name a HashCheck key, adding it to the directory
 * when it is not there yet; the key is returned this once and only its digest is kept.
 */
export async function addProvider(
  db: Kysely<Database>,
  input: { name: string; rateLimitPerMinute: number },
): Promise<{ provider: Provider; apiKey: string }> {
  const name = input.name.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH) throw new HashServiceError(`a provider name is 1 to ${MAX_NAME_LENGTH} characters`);
  if (!Number.isInteger(input.rateLimitPerMinute) || input.rateLimitPerMinute < 1 || input.rateLimitPerMinute > MAX_RATE_LIMIT_PER_MINUTE) {
    throw new HashServiceError(`the rate limit is a whole number of requests per minute from 1 to ${MAX_RATE_LIMIT_PER_MINUTE}`);
  }
  const apiKey = API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
  const id = await db.transaction().execute(async (trx) => {
    const entry = await ensureDirectoryProvider(trx, name);
    const row = await trx
      .insertInto('hashcheck_providers')
      .values({ provider_id: entry.id, key_hint: hintOf(apiKey), key_digest: digestOf(apiKey), rate_limit_per_minute: input.rateLimitPerMinute })
      .onConflict((conflict) => conflict.column('provider_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new HashServiceError(`a HashCheck account for ${JSON.stringify(name)} exists already`);
    return row.id;
  });
  return { provider: await accounts(db).select(PROVIDER_COLUMNS).where('hashcheck_providers.id', '=', id).executeTakeFirstOrThrow(), apiKey };
}

export function listProviders(db: Kysely<Database>): Promise<Provider[]> {
  return accounts(db).select(PROVIDER_COLUMNS).orderBy('providers.name').execute();
}

/** Refuses the provider's key from now on; its counters stay. */
export async function disableProvider(db: Kysely<Database>, name: string): Promise<void> {
  const result = await db
    .updateTable('hashcheck_providers')
    .set({ active: false })
    .where('provider_id', 'in', (eb) => eb.selectFrom('providers').select('id').where('name', '=', name.trim()))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new HashServiceError(`no provider is named ${JSON.stringify(name.trim())} (with a HashCheck account)`);
}

/** The provider an `Authorization: Bearer <key>` header names, comparing key digests in constant time. */
export async function authenticate(db: Kysely<Database>, authorization: string | undefined): Promise<Authentication> {
  const key = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (key === undefined) return { ok: false, reason: 'missing' };
  if (!KEY_PATTERN.test(key)) return { ok: false, reason: 'invalid' };
  const digest = digestOf(key);
  const candidates = await accounts(db)
    .select([...PROVIDER_COLUMNS, 'hashcheck_providers.key_digest as keyDigest'])
    .where('hashcheck_providers.key_hint', '=', hintOf(key))
    .execute();
  for (const { keyDigest, ...provider } of candidates) {
    if (timingSafeEqual(keyDigest, digest)) return provider.active ? { ok: true, provider } : { ok: false, reason: 'disabled' };
  }
  return { ok: false, reason: 'invalid' };
}

/**
 * Counts one request's hashes and matches for the provider. The matched
 * hashes themselves are kept only when `logMatches` is on; unmatched ones never.
 */
export async function recordCheck(
  db: Kysely<Database>,
  providerId: number,
  check: { checked: number; matched: readonly HashValue[] },
  logMatches: boolean,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('hashcheck_providers')
      .set((eb) => ({
        hashes_checked: eb('hashes_checked', '+', check.checked),
        matches: eb('matches', '+', check.matched.length),
      }))
      .where('id', '=', providerId)
      .execute();
    if (logMatches && check.matched.length > 0) {
      await trx
        .insertInto('hashcheck_matched_hashes')
        .values(check.matched.map((hash) => ({ provider_id: providerId, hash_type: hash.type, value: hash.value })))
        .execute();
    }
  });
}
