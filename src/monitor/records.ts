import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * What other capabilities tell monitoring, in their own transactions: every
 * item's time to removal and its follow-ups are kept in item_monitoring,
 * whether or not the hotline checks the item itself.
 */

export interface PartnerRemoval {
  itemId: string;
  /** When the item went to the partner: the time to removal is counted from it. */
  forwardedAt: Date;
  removedAt: Date;
  timeToRemovalSeconds: number;
}

/** A partner hotline reports a forwarded item removed: nothing left to check. */
export async function recordPartnerRemoval(trx: Transaction<Database>, { itemId, forwardedAt, removedAt, timeToRemovalSeconds }: PartnerRemoval): Promise<void> {
  const item = await trx.selectFrom('content_items').select('hosting_country').where('id', '=', itemId).executeTakeFirstOrThrow();
  await trx
    .insertInto('item_monitoring')
    .values({ item_id: itemId, acted_at: forwardedAt, acted_by: 'forward', hosting_country: item.hosting_country, next_check_at: null, removed_at: removedAt, time_to_removal_seconds: timeToRemovalSeconds })
    .onConflict((oc) => oc.column('item_id').doUpdateSet({ removed_at: removedAt, time_to_removal_seconds: timeToRemovalSeconds, next_check_at: null }))
    .execute();
}

export interface FollowUp {
  itemId: string;
  step: 'reminder' | 'escalation';
  /** The first notice about the item: when it was sent, and to which provider. */
  firstSentAt: Date;
  providerId: number | null;
}

/** A reminder or an escalation sent about an item, counted for statistics. */
export async function countFollowUp(trx: Transaction<Database>, { itemId, step, firstSentAt, providerId }: FollowUp): Promise<void> {
  const counter = step === 'reminder' ? 'reminders' : 'escalations';
  await trx
    .insertInto('item_monitoring')
    .values({ item_id: itemId, acted_at: firstSentAt, acted_by: 'notice', provider_id: providerId, [counter]: 1 })
    .onConflict((conflict) => conflict.column('item_id').doUpdateSet({ [counter]: sql<number>`item_monitoring.${sql.ref(counter)} + 1` }))
    .execute();
}
