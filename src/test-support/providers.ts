import type { ProviderEntry } from '../domain/providers.js';

/** A hosting provider in the Netherlands owning 203.0.113.0/24, with one abuse address; overrides change the rest. */
export function providerEntry(overrides: Partial<ProviderEntry> = {}): ProviderEntry {
  return {
    name: 'Example Hosting',
    kind: 'hosting',
    country: 'NL',
    cidrs: ['203.0.113.0/24'],
    asns: [],
    domains: [],
    abuseEmails: ['abuse@host.example'],
    language: 'nl',
    deadlineMs: null,
    dsa: false,
    ...overrides,
  };
}
