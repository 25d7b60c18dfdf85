import type { HostAddress } from '../trace/hosting.js';
import { gatherFacts, routeItem, type RoutingDeps } from './route-item.js';

export type TraceNow = (itemId: string, host: string) => Promise<{ country: string | null; addresses: HostAddress[] }>;

/**
 * Just before a notice goes out the item is traced again. When its provider or
 * hosting country is no longer the one the decision was made on, the item is
 * routed anew instead of being sent to a host that no longer has it. A trace
 * that finds no address at all proves nothing, and changes nothing.
 */
export async function rerouteIfMoved(deps: RoutingDeps, traceNow: TraceNow, itemId: string): Promise<boolean> {
  const [item, routing] = await Promise.all([
    deps.db.selectFrom('content_items').select('host').where('id', '=', itemId).executeTakeFirst(),
    deps.db.selectFrom('item_routings').select(['provider_id', 'hosting_country']).where('item_id', '=', itemId).where('settled_at', 'is', null).executeTakeFirst(),
  ]);
  if (!item || !routing) return false;
  const now = await traceNow(itemId, item.host);
  if (now.addresses.length === 0) return false;
  const facts = await gatherFacts(deps, { host: item.host, addresses: now.addresses, country: now.country });
  const { provider, hostingCountry } = facts.attribution;
  if ((provider?.id ?? null) === routing.provider_id && hostingCountry === routing.hosting_country) return false;
  const why = `hosting changed before the notice went out: ${routing.hosting_country ?? '?'} → ${hostingCountry ?? '?'}`;
  return (await routeItem(deps, itemId, { event: 'rerouted', actor: null, why })) !== undefined;
}
