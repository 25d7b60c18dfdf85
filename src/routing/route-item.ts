import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { canTake } from '../domain/item-lifecycle.js';
import { attribute, inRange, registrarFor, type Attribution, type DirectoryProvider, type TracedAddress } from '../domain/providers.js';
import { decideRouting, type RdapContacts, type RoutingDecision, type RoutingPolicy } from '../domain/routing.js';
import { enabledPartnerCountries } from '../exchange/partners.js';
import { changeItemStatuses } from '../items/lifecycle-store.js';
import { queueNotices, takeItemOutOfNotices, type NoticeTiming, type QueuedNotice } from '../notices/store.js';
import { referToPolice } from '../police/referrals.js';
import { directoryCandidates } from '../providers/directory.js';
import type { AbuseContactLookup, RdapDomainAnswer, RdapNetworkAnswer } from '../rdap/index.js';
import { inParallel } from '../jobs/in-parallel.js';
import type { HostAddress } from '../trace/hosting.js';

/**
 * Routing an item assessed illegal: gather what is known of its hosting (the
 * latest trace, the provider directory, RDAP), let the pure decision choose,
 * and record it — the decision with its reasons, the item's status, the
 * notices and the police referral — in one transaction.
 */
export interface RoutingDeps {
  db: Kysely<Database>;
  policy: RoutingPolicy;
  timing: NoticeTiming;
  policeHoldMs: number;
  /** Abuse contacts for networks and domains the directory does not know. */
  rdap: AbuseContactLookup | undefined;
  /** Starts sending of the queued notices once their time comes (called after commit). */
  scheduleNotices: (notices: readonly QueuedNotice[]) => Promise<void>;
  logger?: Logger;
}

export interface Hosting {
  host: string;
  addresses: readonly HostAddress[];
  country: string | null;
}

export interface RoutingFacts {
  attribution: Attribution;
  registrar: { id: number; name: string; abuseEmails: string[]; language: RoutingDecision['recipients'][number]['language']; deadlineMs: number | null } | null;
  rdap: RdapContacts;
  /** Why RDAP gave nothing, for the timeline. */
  rdapProblems: string[];
}

const traced = (addresses: readonly HostAddress[]): TracedAddress[] => addresses.map((a) => ({ address: a.address, country: a.country, asn: a.network?.asn ?? null }));

/**
 * What one routing run looks up once for all its items: the directory entries
 * that may claim any of them, and RDAP answers, each network asked once (an
 * address inside a network already answered takes that answer) and each domain once.
 */
export interface RoutingRun {
  candidates: DirectoryProvider[];
  rdap: AbuseContactLookup | undefined;
}

export async function routingRun(deps: Pick<RoutingDeps, 'db' | 'rdap'>, hostings: readonly Hosting[]): Promise<RoutingRun> {
  const addresses = hostings.flatMap((hosting) => traced(hosting.addresses));
  const asns = addresses.flatMap((a) => (a.asn === null ? [] : [a.asn]));
  const unique = <T>(values: T[]) => [...new Set(values)];
  const candidates = await directoryCandidates(deps.db, unique(hostings.map((hosting) => hosting.host)), unique(addresses.map((a) => a.address)), unique(asns));
  return { candidates, rdap: deps.rdap && rdapOncePerNetwork(deps.rdap) };
}

function rdapOncePerNetwork(rdap: AbuseContactLookup): AbuseContactLookup {
  const networks: Promise<RdapNetworkAnswer>[] = [];
  const byAddress = new Map<string, Promise<RdapNetworkAnswer>>();
  const domains = new Map<string, Promise<RdapDomainAnswer>>();
  const answeredFor = async (address: string) => {
    for (const answer of await Promise.all(networks)) if (answer.found && answer.cidrs.some((cidr) => inRange(address, cidr))) return answer;
    return undefined;
  };
  return {
    upstreamNetwork: (address) => rdap.upstreamNetwork(address),
    network: (address) => {
      const asked = byAddress.get(address) ?? answeredFor(address).then((known) => known ?? rdap.network(address));
      if (!byAddress.has(address)) networks.push(asked);
      byAddress.set(address, asked);
      return asked;
    },
    domain: (name) => domains.get(name) ?? domains.set(name, rdap.domain(name)).get(name)!,
  };
}

/** Who hosts the item and who to write to: the directory first, RDAP for what it does not know. */
export async function gatherFacts(deps: Pick<RoutingDeps, 'policy'>, run: RoutingRun, hosting: Hosting): Promise<RoutingFacts> {
  const addresses = traced(hosting.addresses);
  let attribution = attribute(hosting.host, addresses, run.candidates, hosting.country, null);
  const directoryRegistrar = registrarFor(hosting.host, run.candidates);
  const rdap: RdapContacts = { network: null, registrar: null };
  const rdapProblems: string[] = [];
  const knownContacts = (attribution.provider?.abuseEmails.length ?? 0) > 0;
  const abroadByIpData = hosting.country !== null && hosting.country !== deps.policy.hotlineCountry;
  const first = addresses[0];
  if (run.rdap && first && !knownContacts && (!abroadByIpData || deps.policy.noticeForeignHosts)) {
    const answer = await run.rdap.network(first.address);
    if (answer.found) {
      rdap.network = { abuseEmails: answer.abuseEmails, holder: answer.holder ?? answer.name ?? null, country: answer.country?.toUpperCase() ?? null };
      attribution = attribute(hosting.host, addresses, run.candidates, hosting.country, rdap.network.country);
    } else rdapProblems.push(`network ${first.address}: ${answer.reason} (${answer.detail})`);
  }
  if (run.rdap && deps.policy.noticeRegistrar && !directoryRegistrar) {
    const answer = await run.rdap.domain(hosting.host);
    if (answer.found) rdap.registrar = { abuseEmails: answer.registrar?.abuseEmails.length ? answer.registrar.abuseEmails : answer.abuseEmails, name: answer.registrar?.name ?? null };
    else rdapProblems.push(`domain ${hosting.host}: ${answer.reason} (${answer.detail})`);
  }
  const registrar = directoryRegistrar
    ? { id: directoryRegistrar.id, name: directoryRegistrar.name, abuseEmails: directoryRegistrar.abuseEmails, language: directoryRegistrar.language, deadlineMs: directoryRegistrar.deadlineMs }
    : null;
  return { attribution, registrar, rdap, rdapProblems };
}

/** The items' latest traces, as triage (or the check before sending) recorded them, by item id. */
async function latestHostings(db: Kysely<Database>, items: readonly { id: string; host: string }[]): Promise<Map<string, Hosting>> {
  const traces = await db
    .selectFrom('item_traces')
    .select(['item_id', 'addresses', 'country'])
    .distinctOn('item_id')
    .where('item_id', 'in', items.map((item) => item.id))
    .orderBy('item_id')
    .orderBy('id', 'desc')
    .execute();
  const byItem = new Map(traces.map((trace) => [trace.item_id, trace]));
  return new Map(items.map((item) => [item.id, { host: item.host, addresses: byItem.get(item.id)?.addresses ?? [], country: byItem.get(item.id)?.country ?? null }]));
}

export type RoutingEvent = { event: 'routed' | 'rerouted'; actor: string | null; why?: string };

/** Decides and records where an item goes; undefined when the item is not (or no longer) waiting for that. */
export async function routeItem(deps: RoutingDeps, itemId: string, change: RoutingEvent = { event: 'routed', actor: null }): Promise<RoutingDecision | undefined> {
  return (await routeItems(deps, [{ itemId, change }])).get(itemId);
}

/** RDAP look-ups of one run at a time: enough to overlap their waits, few enough to spare the registries. */
export const RDAP_CONCURRENCY = 8;

/**
 * Routes many items at once: their rows and traces read in two statements, the
 * directory asked once, RDAP once per network, and everything recorded in one
 * transaction. The decisions of the items that were routed, by item id.
 */
export async function routeItems(deps: RoutingDeps, requests: readonly { itemId: string; change: RoutingEvent }[]): Promise<Map<string, RoutingDecision>> {
  if (requests.length === 0) return new Map();
  const rows = await deps.db.selectFrom('content_items').select(['id', 'status', 'category', 'host']).where('id', 'in', requests.map((request) => request.itemId)).execute();
  const items = new Map(rows.map((row) => [row.id, row]));
  const waiting = requests.filter((request) => items.has(request.itemId) && canTake(items.get(request.itemId)!.status, request.change.event));
  if (waiting.length === 0) return new Map();
  const hostings = await latestHostings(deps.db, waiting.map((request) => items.get(request.itemId)!));
  const run = await routingRun(deps, [...hostings.values()]);
  // Countries with an enabled partner in the directory are forwarded to, as are those of PARTNER_COUNTRIES.
  const policy = { ...deps.policy, partnerCountries: [...deps.policy.partnerCountries, ...(await enabledPartnerCountries(deps.db))] };
  const decided: RecordedRouting[] = [];
  await inParallel(waiting, RDAP_CONCURRENCY, async ({ itemId, change }) => {
    const facts = await gatherFacts(deps, run, hostings.get(itemId)!);
    const decision = decideRouting({ category: items.get(itemId)!.category, attribution: facts.attribution, registrar: facts.registrar, rdap: facts.rdap }, policy);
    decided.push({ itemId, decision, change, rdapProblems: facts.rdapProblems });
  });
  const recorded = new Set(await recordRoutings(deps, decided));
  return new Map(decided.filter((entry) => recorded.has(entry.itemId)).map((entry) => [entry.itemId, entry.decision]));
}

export interface RecordedRouting {
  itemId: string;
  decision: RoutingDecision;
  change: RoutingEvent;
  rdapProblems?: string[];
}

/** Records one decision (see recordRoutings); false when the item no longer takes it. */
export async function recordRouting(deps: RoutingDeps, itemId: string, decision: RoutingDecision, change: RoutingEvent, rdapProblems: string[] = []): Promise<boolean> {
  return (await recordRoutings(deps, [{ itemId, decision, change, rdapProblems }])).length === 1;
}

/**
 * Records decisions: each item's earlier one is replaced, notices not yet sent
 * are taken back, the new notices queued (held for police-first categories),
 * the police referrals made and the items' statuses changed — together, in a
 * few statements for the lot, or not at all. The ids of the items recorded.
 */
export async function recordRoutings(deps: RoutingDeps, routings: readonly RecordedRouting[]): Promise<string[]> {
  if (routings.length === 0) return [];
  const now = new Date();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('content_items').select(['id', 'status']).where('id', 'in', routings.map((entry) => entry.itemId)).orderBy('id').forUpdate().execute();
    const statuses = new Map(current.map((row) => [row.id, row.status]));
    const taking = routings.filter((entry) => statuses.has(entry.itemId) && canTake(statuses.get(entry.itemId)!, entry.change.event));
    if (taking.length === 0) return { recorded: [], notices: [] };
    const itemIds = taking.map((entry) => entry.itemId);
    for (const entry of taking) if (entry.change.event === 'rerouted') await takeItemOutOfNotices(trx, entry.itemId);
    await trx.updateTable('item_routings').set({ settled_at: now }).where('item_id', 'in', itemIds).where('settled_at', 'is', null).execute();
    await trx.insertInto('item_routings').values(taking.map(({ itemId, decision, change }) => routingRow(itemId, decision, change))).execute();
    await changeItemStatuses(trx, taking.map(({ itemId, decision, change, rdapProblems }) => ({ itemId, event: change.event, actor: change.actor, detail: timelineDetail(decision, change, rdapProblems ?? []) })));
    const holdUntil = (decision: RoutingDecision) => (decision.policeFirst ? new Date(now.getTime() + deps.policeHoldMs) : null);
    await referToPolice(trx, taking.flatMap(({ itemId, decision }) => (decision.policeReferral ? [{ itemId, reason: decision.policeReferral, holdUntil: holdUntil(decision) }] : [])));
    const toPolice = taking.filter((entry) => entry.decision.decision === 'police');
    await changeItemStatuses(trx, toPolice.map(({ itemId, change }) => ({ itemId, event: 'referred_to_police', actor: change.actor, detail: { reason: 'no_partner' } })));
    const entries = taking.flatMap(({ itemId, decision }) => decision.recipients.map((recipient) => ({ itemId, recipient, holdUntil: holdUntil(decision) })));
    return { recorded: itemIds, notices: await queueNotices(trx, entries, deps.timing, now) };
  });
  await deps.scheduleNotices(outcome.notices.filter((notice) => notice.isNew));
  return outcome.recorded;
}

function routingRow(itemId: string, decision: RoutingDecision, change: RoutingEvent) {
  return {
    item_id: itemId,
    decision: decision.decision,
    reasons: JSON.stringify(decision.reasons),
    recipients: JSON.stringify(decision.recipients),
    hosting_country: decision.hostingCountry,
    provider_id: decision.providerId,
    origin_unknown: decision.originUnknown,
    decided_by: change.actor,
    override_reason: change.why ?? null,
  };
}

function timelineDetail(decision: RoutingDecision, change: RoutingEvent, rdapProblems: string[]) {
  return {
    decision: decision.decision,
    reasons: decision.reasons,
    recipients: decision.recipients.map((recipient) => `${recipient.kind}: ${recipient.email}`),
    ...(decision.originUnknown ? { originUnknown: true } : {}),
    ...(rdapProblems.length > 0 ? { rdap: rdapProblems } : {}),
    ...(change.why ? { why: change.why } : {}),
  };
}

/** The decision in force for an item, as the API and the item page show it. */
export async function currentRouting(db: Kysely<Database>, itemId: string) {
  const row = await db
    .selectFrom('item_routings')
    .select(['decision', 'reasons', 'recipients', 'hosting_country', 'origin_unknown', 'decided_at', 'decided_by', 'override_reason'])
    .where('item_id', '=', itemId)
    .where('settled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    decision: row.decision,
    reasons: row.reasons,
    recipients: row.recipients.map((recipient) => ({ kind: recipient.kind, email: recipient.email, name: recipient.name, source: recipient.source })),
    hostingCountry: row.hosting_country,
    originUnknown: row.origin_unknown,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    overrideReason: row.override_reason,
  };
}

export type CurrentRouting = NonNullable<Awaited<ReturnType<typeof currentRouting>>>;
