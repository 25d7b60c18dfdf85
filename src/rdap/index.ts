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
}

export interface RdapClientOptions {
  db: Kysely<Database>;
  fetcher: SafeFetcher;
  /** A folder with IANA's dns.json, ipv4.json, ipv6.json and asn.json; the refreshed or bundled files otherwise. */
  bootstrapDir?: string;
  cacheTtlMs: number;
  logger?: Logger;
}

export class RdapClient implements AbuseContactLookup {
  constructor(private readonly options: RdapClientOptions) {}

  network(ip: string): Promise<RdapNetworkAnswer> {
    return Promise.reject(new Error(`RDAP network lookup of ${ip} is not available in this build (${this.options.cacheTtlMs})`));
  }

  domain(name: string): Promise<RdapDomainAnswer> {
    return Promise.reject(new Error(`RDAP domain lookup of ${name} is not available in this build`));
  }
}
