import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { canTake } from '../domain/item-lifecycle.js';
import { attribute, registrarFor, type Attribution, type TracedAddress } from '../domain/providers.js';
import { decideRouting, type RdapContacts, type RoutingDecision, type RoutingPolicy } from '../domain/routing.js';
import { enabledPartnerCountries } from '../exchange/partners.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { queueNotice, takeItemOutOfNotices, type NoticeTiming, type QueuedNotice } from '../notices/store.js';
import { referToPolice } from '../police/referrals.js';
import { directoryCandidates } from '../providers/directory.js';
import type { AbuseContactLookup } from '../rdap/index.js';
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

/** Who hosts the item and who to write to: the directory first, RDAP for what it does not know. */
export async function gatherFacts(deps: Pick<RoutingDeps, 'db' | 'policy' | 'rdap'>, hosting: Hosting): Promise<RoutingFacts> {
  const addresses = traced(hosting.addresses);
  const asns = addresses.flatMap((a) => (a.asn === null ? [] : [a.asn]));
  const candidates = await directoryCandidates(deps.db, hosting.host, addresses.map((a) => a.address), asns);
  let attribution = attribute(hosting.host, addresses, candidates, hosting.country, null);
  const directoryRegistrar = registrarFor(hosting.host, candidates);
  const rdap: RdapContacts = { network: null, registrar: null };
  const rdapProblems: string[] = [];
  const knownContacts = (attribution.provider?.abuseEmails.length ?? 0) > 0;
  const abroadByIpData = hosting.country !== null && hosting.country !== deps.policy.hotlineCountry;
  const first = addresses[0];
  if (deps.rdap && first && !knownContacts && (!abroadByIpData || deps.policy.noticeForeignHosts)) {
    const answer = await deps.rdap.network(first.address);
    if (answer.found) {
      rdap.network = { abuseEmails: answer.abuseEmails, holder: answer.holder ?? answer.name ?? null, country: answer.country?.toUpperCase() ?? null };
      attribution = attribute(hosting.host, addresses, candidates, hosting.country, rdap.network.country);
    } else rdapProblems.push(`network ${first.address}: ${answer.reason} (${answer.detail})`);
  }
  if (deps.rdap && deps.policy.noticeRegistrar && !directoryRegistrar) {
    const answer = await deps.rdap.domain(hosting.host);
    if (answer.found) rdap.registrar = { abuseEmails: answer.registrar?.abuseEmails.length ? answer.registrar.abuseEmails : answer.abuseEmails, name: answer.registrar?.name ?? null };
    else rdapProblems.push(`domain ${hosting.host}: ${answer.reason} (${answer.detail})`);
  }
  const registrar = directoryRegistrar
    ? { id: directoryRegistrar.id, name: directoryRegistrar.name, abuseEmails: directoryRegistrar.abuseEmails, language: directoryRegistrar.language, deadlineMs: directoryRegistrar.deadlineMs }
    : null;
  return { attribution, registrar, rdap, rdapProblems };
}

/** The item's latest trace, as triage (or the check before sending) recorded it. */
export async function latestHosting(db: Kysely<Database> | Transaction<Database>, itemId: string): Promise<Hosting | undefined> {
  const item = await db.selectFrom('content_items').select('host').where('id', '=', itemId).executeTakeFirst();
  if (!item) return undefined;
  const trace = await db.selectFrom('item_traces').select(['addresses', 'country']).where('item_id', '=', itemId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return { host: item.host, addresses: trace?.addresses ?? [], country: trace?.country ?? null };
}

export type RoutingEvent = { event: 'routed' | 'rerouted'; actor: string | null; why?: string };

/** Decides and records where an item goes; undefined when the item is not (or no longer) waiting for that. */
export async function routeItem(deps: RoutingDeps, itemId: string, change: RoutingEvent = { event: 'routed', actor: null }): Promise<RoutingDecision | undefined> {
  const item = await deps.db.selectFrom('content_items').select(['status', 'category']).where('id', '=', itemId).executeTakeFirst();
  if (!item || !canTake(item.status, change.event)) return undefined;
  const hosting = (await latestHosting(deps.db, itemId))!;
  const facts = await gatherFacts(deps, hosting);
  // Countries with an enabled partner in the directory are forwarded to, as are those of PARTNER_COUNTRIES.
  const policy = { ...deps.policy, partnerCountries: [...deps.policy.partnerCountries, ...(await enabledPartnerCountries(deps.db))] };
  const decision = decideRouting({ category: item.category, attribution: facts.attribution, registrar: facts.registrar, rdap: facts.rdap }, policy);
  const recorded = await recordRouting(deps, itemId, decision, change, facts.rdapProblems);
  return recorded ? decision : undefined;
}

/**
 * Records a decision: the earlier one is replaced, notices not yet sent are
 * taken back, the new notices queued (held for police-first categories), the
 * police referral made and the item's status changed — together, or not at all.
 */
export async function recordRouting(deps: RoutingDeps, itemId: string, decision: RoutingDecision, change: RoutingEvent, rdapProblems: string[] = []): Promise<boolean> {
  const now = new Date();
  const queued = await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('content_items').select('status').where('id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
    if (!canTake(current.status, change.event)) return undefined;
    if (change.event === 'rerouted') await takeItemOutOfNotices(trx, itemId);
    await trx.updateTable('item_routings').set({ settled_at: now }).where('item_id', '=', itemId).where('settled_at', 'is', null).execute();
    await trx
      .insertInto('item_routings')
      .values({
        item_id: itemId,
        decision: decision.decision,
        reasons: JSON.stringify(decision.reasons),
        recipients: JSON.stringify(decision.recipients),
        hosting_country: decision.hostingCountry,
        provider_id: decision.providerId,
        origin_unknown: decision.originUnknown,
        decided_by: change.actor,
        override_reason: change.why ?? null,
      })
      .execute();
    const detail = {
      decision: decision.decision,
      reasons: decision.reasons,
      recipients: decision.recipients.map((recipient) => `${recipient.kind}: ${recipient.email}`),
      ...(decision.originUnknown ? { originUnknown: true } : {}),
      ...(rdapProblems.length > 0 ? { rdap: rdapProblems } : {}),
      ...(change.why ? { why: change.why } : {}),
    };
    await changeItemStatus(trx, { itemId, event: change.event, actor: change.actor, detail });
    const holdUntil = decision.policeFirst ? new Date(now.getTime() + deps.policeHoldMs) : null;
    if (decision.policeReferral) await referToPolice(trx, itemId, decision.policeReferral, holdUntil);
    if (decision.decision === 'police') await changeItemStatus(trx, { itemId, event: 'referred_to_police', actor: change.actor, detail: { reason: 'no_partner' } });
    const notices: QueuedNotice[] = [];
    for (const recipient of decision.recipients) notices.push(await queueNotice(trx, itemId, recipient, deps.timing, holdUntil, now));
    return notices;
  });
  if (!queued) return false;
  await deps.scheduleNotices(queued.filter((notice) => notice.isNew));
  return true;
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
