import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export class ClaimConflict extends Error {
  constructor(readonly holder: string) {
    super(`another analyst (${holder}) holds this item`);
    this.name = 'ClaimConflict';
  }
}

export interface Claim {
  itemId: string;
  userId: string;
  expiresAt: Date;
}

/**
 * Gives the user a lease on the item, or renews theirs. The item's primary key
 * in item_claims is the lock: a second analyst's insert finds the row and gets
 * a ClaimConflict unless the lease has expired.
 */
export async function claimItem(db: Kysely<Database>, itemId: string, userId: string, minutes: number, now = new Date()): Promise<Claim> {
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('item_claims').where('item_id', '=', itemId).where('expires_at', '<=', now).execute();
    const row = await trx
      .insertInto('item_claims')
      .values({ item_id: itemId, user_id: userId, expires_at: expiresAt })
      .onConflict((conflict) =>
        conflict.column('item_id').doUpdateSet({ expires_at: expiresAt }).where('item_claims.user_id', '=', userId),
      )
      .returning('user_id')
      .executeTakeFirst();
    if (!row) throw new ClaimConflict(await holderOf(trx, itemId));
    return { itemId, userId, expiresAt };
  });
}

/** Ends a lease: one's own, or anyone's for a supervisor. Returns whether there was one to end. */
export async function releaseItem(db: Kysely<Database>, itemId: string, userId: string, anyone: boolean): Promise<boolean> {
  let query = db.deleteFrom('item_claims').where('item_id', '=', itemId);
  if (!anyone) query = query.where('user_id', '=', userId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Inside a decision: the user must hold a live lease on the item. */
export async function requireClaim(trx: Transaction<Database>, itemId: string, userId: string, now = new Date()): Promise<void> {
  const claim = await trx
    .selectFrom('item_claims')
    .select('user_id')
    .where('item_id', '=', itemId)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
  if (!claim) throw new ClaimMissing();
  if (claim.user_id !== userId) throw new ClaimConflict(await holderOf(trx, itemId));
}

export class ClaimMissing extends Error {
  constructor() {
    super('claim the item before deciding on it');
    this.name = 'ClaimMissing';
  }
}

async function holderOf(db: Kysely<Database> | Transaction<Database>, itemId: string): Promise<string> {
  const row = await db
    .selectFrom('item_claims')
    .innerJoin('users', 'users.id', 'item_claims.user_id')
    .select(sql<string>`users.email`.as('email'))
    .where('item_claims.item_id', '=', itemId)
    .executeTakeFirst();
  return row?.email ?? 'someone';
}
