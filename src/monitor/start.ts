import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ItemEvent } from '../domain/item-lifecycle.js';
import { hostingCountryOf } from '../trace/hosting.js';
import type { ActedBy } from './tables.js';

const ACTS: Partial<Record<ItemEvent, ActedBy>> = { notice_sent: 'notice', forwarded_to_partner: 'forward', referred_to_police: 'police' };

/**
 * Starts watching an item the moment the hotline acts on it: called by the
 * lifecycle store in the transaction that changes the item's status, so an
 * acted-on item is never left unwatched. The first act is the one time to
 * removal is measured from; a later act (a referral after the notice, a new
 * notice after a move or a re-appearance) keeps it and the checks' schedule,
 * and needs no line of its own on the timeline. The first check is
 * scheduled by the check runner, which knows MONITOR_FIRST_CHECK: until then
 * the row is due at the time of acting.
 */
export async function startMonitoringOn(trx: Transaction<Database>, itemId: string, event: ItemEvent, at: Date): Promise<void> {
  const actedBy = ACTS[event];
  if (!actedBy) return;
  const [routing, trace] = await Promise.all([
    trx.selectFrom('item_routings').select(['provider_id', 'hosting_country']).where('item_id', '=', itemId).where('settled_at', 'is', null).executeTakeFirst(),
    trx.selectFrom('item_traces').select(['addresses', 'country']).where('item_id', '=', itemId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
  ]);
  const network = trace?.addresses.find((address) => address.network)?.network ?? null;
  await trx
    .insertInto('item_monitoring')
    .values({
      item_id: itemId,
      acted_at: at,
      acted_by: actedBy,
      provider_id: routing?.provider_id ?? null,
      asn: network?.asn ?? null,
      as_organisation: network?.organisation ?? null,
      hosting_country: routing?.hosting_country ?? trace?.country ?? hostingCountryOf(trace?.addresses ?? []),
      next_check_at: at,
    })
    .onConflict((conflict) => conflict.column('item_id').doNothing())
    .execute();
}
