import ipaddr from 'ipaddr.js';
import { LOCALES, type Locale } from '../config/config.js';

/**
 * The provider directory's rules: what a valid entry is, and which entry a
 * traced item belongs to. Pure; the rows live in src/providers.
 */
export const PROVIDER_KINDS = ['hosting', 'platform', 'cdn', 'registrar'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface ProviderEntry {
  name: string;
  kind: ProviderKind;
  /** ISO 3166-1 alpha-2; null only for HashCheck accounts not yet completed. */
  country: string | null;
  cidrs: string[];
  asns: number[];
  domains: string[];
  abuseEmails: string[];
  /** The language notices are written in; the hotline's default when null. */
  language: Locale | null;
  /** Removal deadline in milliseconds; NOTICE_DEADLINE when null. */
  deadlineMs: number | null;
  dsa: boolean;
}

export interface DirectoryProvider extends ProviderEntry {
  id: number;
}

export function isProviderKind(value: string): value is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(value);
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
const MAX_ASN = 4_294_967_295;

export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value) && value.length <= 254;
}

/** A CIDR range in its canonical text (`203.0.113.0/24`), or undefined when it is none. */
export function canonicalCidr(text: string): string | undefined {
  try {
    const [address, prefix] = ipaddr.parseCIDR(text.trim());
    const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(text.trim()) : ipaddr.IPv6.networkAddressFromCIDR(text.trim());
    return `${network.toString()}/${prefix}`;
  } catch {
    return undefined;
  }
}

/** What is wrong with an entry, field by field; empty when it may be stored. */
export function entryProblems(entry: ProviderEntry): { field: keyof ProviderEntry; message: string }[] {
  const problems: { field: keyof ProviderEntry; message: string }[] = [];
  const problem = (field: keyof ProviderEntry, message: string) => problems.push({ field, message });
  if (entry.name.trim() === '' || entry.name.length > 200) problem('name', 'a name is 1 to 200 characters');
  if (!isProviderKind(entry.kind)) problem('kind', `the kind is one of ${PROVIDER_KINDS.join(', ')}`);
  if (entry.country !== null && (!/^[A-Z]{2}$/.test(entry.country) || entry.country === 'UK')) problem('country', 'the country is an ISO 3166-1 alpha-2 code such as NL');
  for (const cidr of entry.cidrs) if (!canonicalCidr(cidr)) problem('cidrs', `${JSON.stringify(cidr)} is not a CIDR range such as 203.0.113.0/24`);
  for (const asn of entry.asns) if (!Number.isInteger(asn) || asn < 1 || asn > MAX_ASN) problem('asns', `${asn} is not an AS number`);
  for (const domain of entry.domains) if (!DOMAIN.test(domain)) problem('domains', `${JSON.stringify(domain)} is not a domain name such as platform.example`);
  for (const email of entry.abuseEmails) if (!isEmailAddress(email)) problem('abuseEmails', `${JSON.stringify(email)} is not an e-mail address`);
  if (entry.language !== null && !(LOCALES as readonly string[]).includes(entry.language)) problem('language', `the language is one of ${LOCALES.join(', ')}`);
  if (entry.deadlineMs !== null && (!Number.isInteger(entry.deadlineMs) || entry.deadlineMs < 1000)) problem('deadlineMs', 'the deadline is a duration such as 24h');
  return problems;
}

/** One address tracing found, as attribution needs it. */
export interface TracedAddress {
  address: string;
  country: string | null;
  asn: number | null;
}

export interface Attribution {
  /** The directory entry the content is hosted with, if any. */
  provider: DirectoryProvider | null;
  /** How it was found: a network range or AS number, or the platform's domain. */
  matchedBy: 'network' | 'domain' | null;
  hostingCountry: string | null;
  countrySource: 'directory' | 'ip_data' | 'rdap' | null;
  /** The content sits behind a CDN: where it really is hosted is unknown. */
  originUnknown: boolean;
}

export function hostMatchesDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

export function inRange(address: string, cidr: string): boolean {
  const range = parsedCidr(cidr);
  const parsed = parsedAddress(address);
  return range !== null && parsed !== null && parsed.kind() === range[0].kind() && parsed.match(range);
}

// Routing many items compares each of their addresses with the same few ranges: each is parsed once.
const cidrs = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | null>();
const MAX_PARSED_CIDRS = 100_000;

function parsedCidr(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  let range = cidrs.get(cidr);
  if (range !== undefined) return range;
  try {
    range = ipaddr.parseCIDR(cidr);
  } catch {
    range = null;
  }
  if (cidrs.size >= MAX_PARSED_CIDRS) cidrs.clear();
  cidrs.set(cidr, range);
  return range;
}

function parsedAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.process(address);
  } catch {
    return null;
  }
}

/** The entries among `providers` that may claim something traced: by a range, an AS number or a domain. */
export function mayClaim(providers: readonly DirectoryProvider[], traced: { hosts: readonly string[]; addresses: readonly string[]; asns: readonly number[] }): DirectoryProvider[] {
  const addresses = traced.addresses.flatMap((address) => parsedAddress(address) ?? []);
  const asns = new Set(traced.asns);
  const holds = (cidr: string) => {
    const range = parsedCidr(cidr);
    return range !== null && addresses.some((address) => address.kind() === range[0].kind() && address.match(range));
  };
  return providers.filter(
    (provider) => provider.cidrs.some(holds) || provider.asns.some((asn) => asns.has(asn)) || provider.domains.some((domain) => traced.hosts.some((host) => hostMatchesDomain(host, domain))),
  );
}

/**
 * Who hosts a traced item. A platform named by the item's host (its domain)
 * comes first: content on a platform is the platform's, wherever its servers
 * are. Then a provider whose networks hold the addresses — the most specific
 * range wins, a CDN marks the origin unknown. Without a directory entry the
 * country comes from the IP data, and else from the RDAP network.
 */
export function attribute(host: string, addresses: readonly TracedAddress[], candidates: readonly DirectoryProvider[], ipDataCountry: string | null, rdapCountry: string | null): Attribution {
  const platform = candidates.find((provider) => provider.kind === 'platform' && provider.domains.some((domain) => hostMatchesDomain(host, domain)));
  const byNetwork = platform ?? mostSpecificOwner(addresses, candidates.filter((provider) => provider.kind !== 'registrar'));
  if (byNetwork) {
    const country = byNetwork.country ?? ipDataCountry ?? rdapCountry;
    return {
      provider: byNetwork,
      matchedBy: platform ? 'domain' : 'network',
      hostingCountry: country,
      countrySource: byNetwork.country ? 'directory' : countrySourceOf(ipDataCountry, rdapCountry),
      originUnknown: byNetwork.kind === 'cdn',
    };
  }
  return { provider: null, matchedBy: null, hostingCountry: ipDataCountry ?? rdapCountry, countrySource: countrySourceOf(ipDataCountry, rdapCountry), originUnknown: false };
}

function countrySourceOf(ipDataCountry: string | null, rdapCountry: string | null): Attribution['countrySource'] {
  if (ipDataCountry) return 'ip_data';
  return rdapCountry ? 'rdap' : null;
}

function mostSpecificOwner(addresses: readonly TracedAddress[], providers: readonly DirectoryProvider[]): DirectoryProvider | undefined {
  let best: { provider: DirectoryProvider; prefix: number } | undefined;
  for (const provider of providers) {
    for (const address of addresses) {
      const prefixes = provider.cidrs.filter((cidr) => inRange(address.address, cidr)).map((cidr) => Number(cidr.split('/')[1]));
      // An AS number is a looser claim than any range.
      if (address.asn !== null && provider.asns.includes(address.asn)) prefixes.push(-1);
      for (const prefix of prefixes) if (!best || prefix > best.prefix) best = { provider, prefix };
    }
  }
  return best?.provider;
}

/** The registrar entry for a host's domain, if the directory has one. */
export function registrarFor(host: string, candidates: readonly DirectoryProvider[]): DirectoryProvider | undefined {
  return candidates.find((provider) => provider.kind === 'registrar' && provider.domains.some((domain) => hostMatchesDomain(host, domain)));
}
