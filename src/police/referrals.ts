import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** Referrals to the police: one per item, with the hold a police-first category puts on its notices. */
type Executor = Kysely<Database> | Transaction<Database>;

export async function referToPolice(trx: Transaction<Database>, referrals: readonly { itemId: string; reason: 'category' | 'no_partner'; holdUntil: Date | null }[]): Promise<void> {
  if (referrals.length === 0) return;
  await trx
    .insertInto('police_referrals')
    .values(referrals.map(({ itemId, reason, holdUntil }) => ({ item_id: itemId, reason, hold_until: holdUntil, released_at: null, released_by: null })))
    .onConflict((conflict) => conflict.column('item_id').doNothing())
    .execute();
}

/** An officer lets the item's held notices go; false when there was no hold left to release. */
export async function releaseHold(trx: Transaction<Database>, itemId: string, officer: string, now = new Date()): Promise<boolean> {
  const result = await trx
    .updateTable('police_referrals')
    .set({ released_at: now, released_by: officer })
    .where('item_id', '=', itemId)
    .where('hold_until', 'is not', null)
    .where('released_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface Referral {
  itemId: string;
  url: string;
  category: string;
  hostingCountry: string | null;
  status: string;
  reason: 'category' | 'no_partner';
  referredAt: Date;
  holdUntil: Date | null;
  releasedAt: Date | null;
  releasedBy: string | null;
}

const REFERRAL_COLUMNS = [
  'police_referrals.item_id as itemId',
  'content_items.normalized_url as url',
  'content_items.category',
  'content_items.hosting_country as hostingCountry',
  'content_items.status',
  'police_referrals.reason',
  'police_referrals.referred_at as referredAt',
  'police_referrals.hold_until as holdUntil',
  'police_referrals.released_at as releasedAt',
  'police_referrals.released_by as releasedBy',
] as const;

export function listReferrals(db: Executor, limit = 500): Promise<Referral[]> {
  return db
    .selectFrom('police_referrals')
    .innerJoin('content_items', 'content_items.id', 'police_referrals.item_id')
    .select(REFERRAL_COLUMNS)
    .orderBy('police_referrals.referred_at', 'desc')
    .limit(limit)
    .execute();
}

export function referralOf(db: Executor, itemId: string): Promise<Referral | undefined> {
  return db
    .selectFrom('police_referrals')
    .innerJoin('content_items', 'content_items.id', 'police_referrals.item_id')
    .select(REFERRAL_COLUMNS)
    .where('police_referrals.item_id', '=', itemId)
    .executeTakeFirst();
}

/** Holds whose time has passed and that no officer released: their notices go now. */
export async function lapsedHolds(db: Executor, now = new Date()): Promise<string[]> {
  const rows = await db
    .selectFrom('police_referrals')
    .select('item_id')
    .where('hold_until', '<=', now)
    .where('released_at', 'is', null)
    .limit(500)
    .execute();
  return rows.map((row) => row.item_id);
}
