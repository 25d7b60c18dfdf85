import type { Locale } from '../config/config.js';
import type { Attribution } from './providers.js';

/**
 * Where an item assessed illegal goes. A pure decision from the latest trace
 * (who hosts it and in which country), the contacts found for it and the
 * hotline's configuration. Its reasons are kept with it, so a person can see
 * why; a supervisor can replace it.
 */
export const ROUTING_DECISIONS = ['notice', 'dsa', 'cdn', 'forward', 'police', 'needs_recipient'] as const;
export type RoutingDecisionKind = (typeof ROUTING_DECISIONS)[number];

export const NOTICE_KINDS = ['ntd', 'dsa', 'cdn', 'registrar', 'police', 'upstream'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type RoutingReason =
  | { code: 'platform_dsa'; provider: string }
  | { code: 'behind_cdn'; provider: string }
  | { code: 'hosted_domestically'; country: string }
  | { code: 'hosted_abroad'; country: string }
  | { code: 'partner_hotline'; country: string }
  | { code: 'no_partner_hotline'; country: string }
  | { code: 'foreign_host_notice' }
  | { code: 'country_unknown' }
  | { code: 'provider_in_directory'; provider: string }
  | { code: 'contact_from_rdap'; holder: string | null }
  | { code: 'no_contact' }
  | { code: 'registrar_notified'; registrar: string }
  | { code: 'registrar_without_contact' }
  | { code: 'police_category'; category: string }
  | { code: 'police_first'; category: string }
  | { code: 'override'; reason: string };

export interface RoutingRecipient {
  kind: NoticeKind;
  email: string;
  name: string | null;
  providerId: number | null;
  source: 'directory' | 'rdap' | 'manual';
  language: Locale | null;
  deadlineMs: number | null;
}

/** Abuse contacts RDAP found for the item's network and its domain's registrar. */
export interface RdapContacts {
  network: { abuseEmails: string[]; holder: string | null; country: string | null } | null;
  registrar: { abuseEmails: string[]; name: string | null } | null;
}

export interface RoutingPolicy {
  hotlineCountry: string;
  noticeRegistrar: boolean;
  policeCategories: readonly string[] | 'all';
  policeFirstCategories: readonly string[];
  partnerCountries: readonly string[];
  /** Where no partner hotline works, also send the foreign host's abuse contacts a notice (NOTICE_FOREIGN_HOSTS). */
  noticeForeignHosts: boolean;
}

export interface RoutingInput {
  category: string;
  attribution: Attribution;
  /** The directory's registrar entry for the domain, when it has one. */
  registrar: { id: number; name: string; abuseEmails: string[]; language: Locale | null; deadlineMs: number | null } | null;
  rdap: RdapContacts;
}

export interface RoutingDecision {
  decision: RoutingDecisionKind;
  reasons: RoutingReason[];
  recipients: RoutingRecipient[];
  hostingCountry: string | null;
  providerId: number | null;
  originUnknown: boolean;
  /** The police get a referral: for the category, or because there is no partner hotline abroad. */
  policeReferral: 'category' | 'no_partner' | null;
  /** Notices wait for the police (POLICE_FIRST_CATEGORIES). */
  policeFirst: boolean;
}

export function decideRouting(input: RoutingInput, policy: RoutingPolicy): RoutingDecision {
  const route = routeByHosting(input, policy);
  const police = policeOf(input.category, policy);
  const policeReferral = route.decision === 'police' ? 'no_partner' : police.referral ? 'category' : null;
  const reasons = [...route.reasons];
  if (police.referral && route.decision !== 'police') reasons.push({ code: 'police_category', category: input.category });
  const policeFirst = police.first && route.recipients.length > 0;
  if (policeFirst) reasons.push({ code: 'police_first', category: input.category });
  return {
    ...route,
    reasons,
    hostingCountry: input.attribution.hostingCountry,
    providerId: input.attribution.provider?.id ?? null,
    originUnknown: input.attribution.originUnknown,
    policeReferral,
    policeFirst,
  };
}

type Route = Pick<RoutingDecision, 'decision' | 'reasons' | 'recipients'>;

function routeByHosting(input: RoutingInput, policy: RoutingPolicy): Route {
  const { provider, hostingCountry } = input.attribution;
  if (provider?.kind === 'cdn') {
    return withContacts('cdn', [{ code: 'behind_cdn', provider: provider.name }], directoryRecipients('cdn', input));
  }
  if (provider?.kind === 'platform' && provider.dsa) {
    return withContacts('dsa', [{ code: 'platform_dsa', provider: provider.name }], directoryRecipients('dsa', input));
  }
  if (hostingCountry === null) return { decision: 'needs_recipient', reasons: [{ code: 'country_unknown' }], recipients: [] };
  if (hostingCountry !== policy.hotlineCountry) {
    const abroad: RoutingReason = { code: 'hosted_abroad', country: hostingCountry };
    if (policy.partnerCountries.includes(hostingCountry)) return { decision: 'forward', reasons: [abroad, { code: 'partner_hotline', country: hostingCountry }], recipients: [] };
    const police: Route = { decision: 'police', reasons: [abroad, { code: 'no_partner_hotline', country: hostingCountry }], recipients: [] };
    return policy.noticeForeignHosts ? addForeignHost(police, input) : police;
  }
  const domestic: RoutingReason = { code: 'hosted_domestically', country: hostingCountry };
  const host = hostContacts(input);
  const route = withContacts('notice', [domestic, ...host.reasons], host.recipients);
  return policy.noticeRegistrar && route.decision === 'notice' ? addRegistrar(route, input) : route;
}

function withContacts(decision: RoutingDecisionKind, reasons: RoutingReason[], recipients: RoutingRecipient[]): Route {
  return recipients.length > 0 ? { decision, reasons, recipients } : { decision: 'needs_recipient', reasons: [...reasons, { code: 'no_contact' }], recipients: [] };
}

function directoryRecipients(kind: NoticeKind, input: RoutingInput): RoutingRecipient[] {
  const provider = input.attribution.provider!;
  return provider.abuseEmails.map((email) => ({
    kind,
    email,
    name: provider.name,
    providerId: provider.id,
    source: 'directory',
    language: provider.language,
    deadlineMs: provider.deadlineMs,
  }));
}

/** The hosting provider's abuse contacts: the directory's first, RDAP's otherwise. */
function hostContacts(input: RoutingInput): { reasons: RoutingReason[]; recipients: RoutingRecipient[] } {
  const provider = input.attribution.provider;
  if (provider && provider.abuseEmails.length > 0) {
    return { reasons: [{ code: 'provider_in_directory', provider: provider.name }], recipients: directoryRecipients('ntd', input) };
  }
  const network = input.rdap.network;
  if (!network || network.abuseEmails.length === 0) return { reasons: [], recipients: [] };
  return {
    reasons: [{ code: 'contact_from_rdap', holder: network.holder }],
    recipients: network.abuseEmails.map((email) => ({ kind: 'ntd', email, name: network.holder, providerId: null, source: 'rdap', language: null, deadlineMs: null })),
  };
}

/** The police referral stays; the foreign host is told too, where a contact is known. */
function addForeignHost(route: Route, input: RoutingInput): Route {
  const host = hostContacts(input);
  const outcome: RoutingReason = host.recipients.length > 0 ? { code: 'foreign_host_notice' } : { code: 'no_contact' };
  return { ...route, reasons: [...route.reasons, ...host.reasons, outcome], recipients: host.recipients };
}

function addRegistrar(route: Route, input: RoutingInput): Route {
  const fromDirectory = input.registrar && input.registrar.abuseEmails.length > 0 ? input.registrar : null;
  const recipients: RoutingRecipient[] = fromDirectory
    ? fromDirectory.abuseEmails.map((email) => ({
        kind: 'registrar',
        email,
        name: fromDirectory.name,
        providerId: fromDirectory.id,
        source: 'directory',
        language: fromDirectory.language,
        deadlineMs: fromDirectory.deadlineMs,
      }))
    : (input.rdap.registrar?.abuseEmails ?? []).map((email) => ({
        kind: 'registrar',
        email,
        name: input.rdap.registrar!.name,
        providerId: null,
        source: 'rdap',
        language: null,
        deadlineMs: null,
      }));
  if (recipients.length === 0) return { ...route, reasons: [...route.reasons, { code: 'registrar_without_contact' }] };
  const name = recipients[0]!.name ?? recipients[0]!.email;
  return { ...route, reasons: [...route.reasons, { code: 'registrar_notified', registrar: name }], recipients: [...route.recipients, ...recipients] };
}

function policeOf(category: string, policy: RoutingPolicy): { referral: boolean; first: boolean } {
  const referral = policy.policeCategories === 'all' || policy.policeCategories.includes(category);
  return { referral, first: policy.policeFirstCategories.includes(category) };
}

/** A supervisor's own decision in place of the rules': one recipient entered by hand, or forward / police, with a reason. */
export function overrideDecision(
  hosting: Pick<RoutingDecision, 'hostingCountry' | 'providerId' | 'originUnknown'>,
  override: { decision: 'notice'; recipient: RoutingRecipient } | { decision: 'forward' | 'police' },
  reason: string,
): RoutingDecision {
  return {
    ...hosting,
    decision: override.decision,
    reasons: [{ code: 'override', reason }],
    recipients: override.decision === 'notice' ? [override.recipient] : [],
    policeReferral: override.decision === 'police' ? 'no_partner' : null,
    policeFirst: false,
  };
}
