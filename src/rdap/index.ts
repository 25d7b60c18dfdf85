import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import type { SafeFetcher } from '../outbound/safe-fetch.js';

/**
 * Registration data by RDAP (RFC 7480–7484, 9082, 9083, 9224): who holds an IP
 * network or registers a domain, and where abuse is reported to them.
 */
export type RdapFailure = { found: false; reason: 'no_bootstrap' | 'not_found' | 'timeout' | 'error'; detail: string };

export interface RdapEntityContact {
  handle?: string;
  name?: string;
  roles: string[];
  emails: string[];
}

export type RdapNetworkAnswer =
  | {
      found: true;
      handle?: string;
      name?: string;
      country?: string;
      startAddress?: string;
      endAddress?: string;
      cidrs: string[];
      holder?: string;
      abuseEmails: string[];
      parentHandle?: string;
      /** The covering network's RDAP URL: the `up` link (RFC 9083 §4.2), where the registry gives one. */
      upLink?: string;
      /** The RDAP URL that answered. */
      source: string;
    }
  | RdapFailure;

export type RdapDomainAnswer =
  | { found: true; domain: string; registrar?: { name: string; ianaId?: string; abuseEmails: string[] }; abuseEmails: string[]; source: string }
  | RdapFailure;

export interface AbuseContactLookup {
  network(ip: string): Promise<RdapNetworkAnswer>;
  domain(name: string): Promise<RdapDomainAnswer>;
  /** The network covering the one holding `ip` (its upstream), by that network's `up` link. */
  upstreamNetwork(ip: string): Promise<RdapNetworkAnswer>;
}

export interface RdapClientOptions {
  db: Kysely<Database>;
  fetcher: SafeFetcher;
  /** A folder with IANA's dns.json, ipv4.json, ipv6.json and asn.json (RDAP_BOOTSTRAP_DIR), used as it is. */
  bootstrapDir?: string;
  /**
   * Without bootstrapDir: the hotline's data folder, whose refreshed bootstrap
   * files (`rdap refresh`) are used, downloaded from IANA when missing.
   */
  dataDir?: string;
  /** Where missing bootstrap files are downloaded from; IANA's by default. */
  bootstrapSource?: string;
  /** How long an answer (found or not found) is reused. */
  cacheTtlMs: number;
  /** How long a time-out or error is remembered before asking again; at most cacheTtlMs, 5 minutes by default. */
  failureTtlMs?: number;
  logger?: Logger;
  /** The time now, in milliseconds; tests move it forward instead of waiting. */
  clock?: () => number;
}

export { RdapClient } from './client.js';
