import { sql } from 'kysely';
import { canTake } from '../domain/item-lifecycle.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { takeItemOutOfNotices } from '../notices/store.js';
import type { HostAddress } from '../trace/hosting.js';
import { gatherFacts, routeItem, type RoutingDeps } from './route-item.js';

export type TraceNow = (itemId: string, host: string) => Promise<{ country: string | null; addresses: HostAddress[] }>;

/**
 * Just before a notice, a reminder or an escalation goes out the item is
 * traced again. When its provider or hosting country is no longer the one the
 * decision was made on, it is not sent to a host that no longer has the
 * content: an item not notified yet is routed anew; one already notified has
 * moved — its notices are closed as moved and it is routed again. A trace that
 * finds no address at all proves nothing, and changes nothing.
 */
export async function rerouteIfMoved(deps: RoutingDeps, traceNow: TraceNow, itemId: string): Promise<boolean> {
  const [item, routing] = await Promise.all([
    deps.db.selectFrom('content_items').select(['host', 'status']).where('id', '=', itemId).executeTakeFirst(),
    deps.db.selectFrom('item_routings').select(['provider_id', 'hosting_country']).where('item_id', '=', itemId).where('settled_at', 'is', null).executeTakeFirst(),
  ]);
  if (!item || !routing) return false;
  const now = await traceNow(itemId, item.host);
  if (now.addresses.length === 0) return false;
  const facts = await gatherFacts(deps, { host: item.host, addresses: now.addresses, country: now.country });
  const { provider, hostingCountry } = facts.attribution;
  if ((provider?.id ?? null) === routing.provider_id && hostingCountry === routing.hosting_country) return false;
  const change = `${routing.hosting_country ?? '?'} → ${hostingCountry ?? '?'}`;
  if (canTake(item.status, 'rerouted')) return (await routeItem(deps, itemId, { event: 'rerouted', actor: null, why: `hosting changed before the notice went out: ${change}` })) !== undefined;
  if (!(await recordMove(deps, itemId, change))) return false;
  await routeItem(deps, itemId, { event: 'routed', actor: null, why: `the content moved: ${change}` });
  return true;
}

/** The content of a notified item is now served elsewhere: its notices are closed as moved, and the move counted. */
async function recordMove(deps: RoutingDeps, itemId: string, change: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('content_items').select('status').where('id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
    if (!canTake(item.status, 'move_detected')) return false;
    const now = new Date();
    await trx.updateTable('notice_items').set({ closed_at: now, closed_as: 'moved' }).where('item_id', '=', itemId).where('closed_at', 'is', null).execute();
    await takeItemOutOfNotices(trx, itemId);
    await trx.updateTable('item_monitoring').set({ moves: sql<number>`moves + 1` }).where('item_id', '=', itemId).execute();
    await changeItemStatus(trx, { itemId, event: 'move_detected', actor: null, detail: { hosting: change } });
    return true;
  });
}
