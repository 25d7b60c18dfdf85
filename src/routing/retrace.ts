import { canTake } from '../domain/item-lifecycle.js';
import { recordMoveIn } from '../monitor/moves.js';
import type { HostAddress } from '../trace/hosting.js';
import { inParallel } from '../jobs/in-parallel.js';
import { gatherFacts, RDAP_CONCURRENCY, routeItems, routingRun, type Hosting, type RoutingDeps, type RoutingEvent } from './route-item.js';

/** Traces each host now and records the trace for each of the items on it; the results in the order of `itemsOn`. */
export type TraceNow = (itemsOn: ReadonlyMap<string, readonly string[]>) => Promise<{ country: string | null; addresses: HostAddress[] }[]>;

/**
 * Just before a notice, a reminder or an escalation goes out its items are
 * traced again, each distinct host once. When an item's provider or hosting
 * country is no longer the one the decision was made on, it is not sent to a
 * host that no longer has the content: an item not notified yet is routed
 * anew; one already notified has moved — its notices are closed as moved and
 * it is routed again. A trace that finds no address at all proves nothing,
 * and changes nothing. The ids of the items routed anew.
 */
export async function rerouteIfMoved(deps: RoutingDeps, traceNow: TraceNow, itemIds: readonly string[]): Promise<string[]> {
  if (itemIds.length === 0) return [];
  const [items, routings] = await Promise.all([
    deps.db.selectFrom('content_items').select(['id', 'host', 'status']).where('id', 'in', itemIds).execute(),
    deps.db.selectFrom('item_routings').select(['item_id', 'provider_id', 'hosting_country']).where('item_id', 'in', itemIds).where('settled_at', 'is', null).execute(),
  ]);
  const routingOf = new Map(routings.map((routing) => [routing.item_id, routing]));
  const statusOf = new Map(items.map((item) => [item.id, item.status]));
  const itemsOn = new Map<string, string[]>();
  for (const item of items.filter((candidate) => routingOf.has(candidate.id))) itemsOn.set(item.host, [...(itemsOn.get(item.host) ?? []), item.id]);
  const traces = await traceNow(itemsOn);
  const hostings: Hosting[] = [...itemsOn.keys()].flatMap((host, n) => (traces[n]!.addresses.length > 0 ? [{ host, ...traces[n]! }] : []));
  const run = await routingRun(deps, hostings);
  const moved: { itemId: string; change: RoutingEvent }[] = [];
  await inParallel(hostings, RDAP_CONCURRENCY, async (hosting) => {
    const { provider, hostingCountry } = (await gatherFacts(deps, run, hosting)).attribution;
    for (const itemId of itemsOn.get(hosting.host)!) {
      const routing = routingOf.get(itemId)!;
      if ((provider?.id ?? null) === routing.provider_id && hostingCountry === routing.hosting_country) continue;
      const change = `${routing.hosting_country ?? '?'} → ${hostingCountry ?? '?'}`;
      if (canTake(statusOf.get(itemId)!, 'rerouted')) moved.push({ itemId, change: { event: 'rerouted', actor: null, why: `hosting changed before the notice went out: ${change}` } });
      else if (await recordMove(deps, itemId, change)) moved.push({ itemId, change: { event: 'routed', actor: null, why: `the content moved: ${change}` } });
    }
  });
  return [...(await routeItems(deps, moved)).keys()];
}

/** The content of a notified item is now served elsewhere: recorded as a move, unless the item changed meanwhile. */
async function recordMove(deps: RoutingDeps, itemId: string, change: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('content_items').select('status').where('id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
    if (!canTake(item.status, 'move_detected')) return false;
    await recordMoveIn(trx, { itemId, at: new Date(), detail: { hosting: change } });
    return true;
  });
}
