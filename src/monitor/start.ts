import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ItemEvent } from '../domain/item-lifecycle.js';
import { hostingCountryOf } from '../trace/hosting.js';
import type { ActedBy } from './tables.js';

const ACTS: Partial<Record<ItemEvent, ActedBy>> = { notice_sent: 'notice', forwarded_to_partner: 'forward', referred_to_police: 'police' };

/** A status change, as far as monitoring needs it. */
export interface Act {
  itemId: string;
  event: ItemEvent;
}

/**
 * Starts watching the items the hotline acts on, the moment it acts: called
 * by the lifecycle store with all the changes it makes at once, in their
 * transaction, so an acted-on item is never left unwatched. Each item is
 * watched on the provider, network and country of its open routing and its
 * latest trace. The first act is the one time to removal is measured from; a
 * later act (a referral after the notice, a new notice after a move or a
 * re-appearance) keeps it and the checks' schedule, and needs no line of its
 * own on the timeline. The first check is scheduled by the check runner,
 * which knows MONITOR_FIRST_CHECK: until then the row is due at the time of
 * acting. Three statements for any number of items.
 */
export async function startMonitoringOn(trx: Transaction<Database>, changes: readonly Act[], at: Date): Promise<void> {
  const actedBy = actsOf(changes);
  if (actedBy.size === 0) return;
  const itemIds = [...actedBy.keys()];
  const [routings, traces] = await Promise.all([
    trx.selectFrom('item_routings').select(['item_id', 'provider_id', 'hosting_country']).where('item_id', 'in', itemIds).where('settled_at', 'is', null).execute(),
    trx.selectFrom('item_traces').distinctOn('item_id').select(['item_id', 'addresses', 'country']).where('item_id', 'in', itemIds).orderBy('item_id').orderBy('id', 'desc').execute(),
  ]);
  const routingOf = new Map(routings.map((routing) => [routing.item_id, routing]));
  const traceOf = new Map(traces.map((trace) => [trace.item_id, trace]));
  await trx
    .insertInto('item_monitoring')
    .values(
      itemIds.map((itemId) => {
        const [routing, trace] = [routingOf.get(itemId), traceOf.get(itemId)];
        const network = trace?.addresses.find((address) => address.network)?.network ?? null;
        return {
          item_id: itemId,
          acted_at: at,
          acted_by: actedBy.get(itemId)!,
          provider_id: routing?.provider_id ?? null,
          asn: network?.asn ?? null,
          as_organisation: network?.organisation ?? null,
          hosting_country: routing?.hosting_country ?? trace?.country ?? hostingCountryOf(trace?.addresses ?? []),
          next_check_at: at,
        };
      }),
    )
    .onConflict((conflict) => conflict.column('item_id').doNothing())
    .execute();
}

/** The items the changes act on, each with its first act. */
function actsOf(changes: readonly Act[]): Map<string, ActedBy> {
  const actedBy = new Map<string, ActedBy>();
  for (const { itemId, event } of changes) {
    const act = ACTS[event];
    if (act && !actedBy.has(itemId)) actedBy.set(itemId, act);
  }
  return actedBy;
}
