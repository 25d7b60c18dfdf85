import { describe, expect, it } from 'vitest';
import { providerEntry } from '../test-support/providers.js';
import { attribute, type DirectoryProvider, type TracedAddress } from './providers.js';
import { decideRouting, overrideDecision, type RdapContacts, type RoutingInput, type RoutingPolicy } from './routing.js';

const provider = (overrides: Partial<DirectoryProvider>): DirectoryProvider => ({ id: 1, ...providerEntry(overrides), ...overrides });

const policy: RoutingPolicy = { hotlineCountry: 'NL', noticeRegistrar: false, policeCategories: 'all', policeFirstCategories: [], partnerCountries: ['DE'], noticeForeignHosts: false };
const noRdap: RdapContacts = { network: null, registrar: null };
const at = (address: string, country: string | null = null): TracedAddress => ({ address, country, asn: null });

function input(overrides: Partial<RoutingInput> & { directory?: DirectoryProvider[]; addresses?: TracedAddress[]; ipCountry?: string | null; host?: string }): RoutingInput {
  const { directory = [], addresses = [at('203.0.113.7')], ipCountry = null, host = 'site.example', ...rest } = overrides;
  const rdap = rest.rdap ?? noRdap;
  return {
    category: 'csam',
    attribution: attribute(host, addresses, directory, ipCountry, rdap.network?.country ?? null),
    registrar: null,
    rdap,
    ...rest,
  };
}

describe('attribution', () => {
  it('gives an address inside a provider’s range to that provider and its country', () => {
    const result = attribute('site.example', [at('203.0.113.7', 'US')], [provider({})], 'US', null);
    expect(result).toMatchObject({ matchedBy: 'network', hostingCountry: 'NL', countrySource: 'directory', originUnknown: false });
    expect(result.provider?.name).toBe('Example Hosting');
  });

  it('matches by AS number too, the narrowest range winning over it', () => {
    const byAsn = provider({ id: 2, name: 'Transit', cidrs: [], asns: [64500], country: 'DE' });
    const byRange = provider({ id: 3, name: 'Reseller', cidrs: ['203.0.113.0/28'], country: 'NL' });
    const wide = provider({ id: 4, name: 'Wide', cidrs: ['203.0.0.0/16'], country: 'BE' });
    const address = { address: '203.0.113.7', country: null, asn: 64500 };
    expect(attribute('s.example', [address], [byAsn, wide, byRange], null, null).provider?.name).toBe('Reseller');
    expect(attribute('s.example', [address], [byAsn], null, null).provider?.name).toBe('Transit');
  });

  it('attributes content on a platform’s domain to the platform wherever its servers are', () => {
    const platform = provider({ id: 5, name: 'Platform', kind: 'platform', cidrs: [], domains: ['platform.example'], country: 'IE', dsa: true });
    expect(attribute('cdn.images.platform.example', [at('198.51.100.1')], [platform, provider({})], null, null).provider?.name).toBe('Platform');
    expect(attribute('notplatform.example', [at('198.51.100.1')], [platform], null, null).provider).toBeNull();
  });

  it('takes the country from the IP data, then from RDAP, without a directory entry', () => {
    expect(attribute('s.example', [at('198.51.100.1')], [provider({})], 'SE', 'NO')).toMatchObject({ provider: null, hostingCountry: 'SE', countrySource: 'ip_data' });
    expect(attribute('s.example', [at('198.51.100.1')], [], null, 'NO')).toMatchObject({ hostingCountry: 'NO', countrySource: 'rdap' });
    expect(attribute('s.example', [], [], null, null)).toMatchObject({ hostingCountry: null, countrySource: null });
  });

  it('marks content behind a CDN as of unknown origin', () => {
    const cdn = provider({ kind: 'cdn', name: 'Edge', country: 'US' });
    expect(attribute('s.example', [at('203.0.113.9')], [cdn], null, null)).toMatchObject({ originUnknown: true });
  });

  it('never attributes hosting to a registrar', () => {
    const registrar = provider({ kind: 'registrar', name: 'Registrar' });
    expect(attribute('s.example', [at('203.0.113.9')], [registrar], null, null).provider).toBeNull();
  });

  it('compares IPv6 addresses with IPv6 ranges only', () => {
    const v6 = provider({ cidrs: ['2001:db8::/32'] });
    expect(attribute('s.example', [at('2001:db8::1')], [v6], null, null).provider).not.toBeNull();
    expect(attribute('s.example', [at('203.0.113.1')], [v6], null, null).provider).toBeNull();
    expect(attribute('s.example', [at('::ffff:203.0.113.7')], [provider({})], null, null).provider).not.toBeNull();
  });
});

describe('routing decision', () => {
  it('sends content hosted at home to the directory provider’s abuse contacts, and refers it to the police', () => {
    const decision = decideRouting(input({ directory: [provider({ abuseEmails: ['abuse@host.example', 'noc@host.example'] })] }), policy);
    expect(decision.decision).toBe('notice');
    expect(decision.recipients.map((r) => [r.kind, r.email, r.source])).toEqual([
      ['ntd', 'abuse@host.example', 'directory'],
      ['ntd', 'noc@host.example', 'directory'],
    ]);
    expect(decision.reasons.map((r) => r.code)).toEqual(['hosted_domestically', 'provider_in_directory', 'police_category']);
    expect(decision).toMatchObject({ policeReferral: 'category', policeFirst: false, hostingCountry: 'NL', providerId: 1 });
  });

  it('asks RDAP for the contacts when the directory does not know the network', () => {
    const rdap: RdapContacts = { network: { abuseEmails: ['abuse@rir.example'], holder: 'Unknown BV', country: 'NL' }, registrar: null };
    const decision = decideRouting(input({ addresses: [at('198.51.100.1')], rdap }), policy);
    expect(decision.decision).toBe('notice');
    expect(decision.recipients).toEqual([{ kind: 'ntd', email: 'abuse@rir.example', name: 'Unknown BV', providerId: null, source: 'rdap', language: null, deadlineMs: null }]);
    expect(decision.reasons).toContainEqual({ code: 'contact_from_rdap', holder: 'Unknown BV' });
  });

  it('prefers RDAP’s contacts over a directory entry that has none', () => {
    const rdap: RdapContacts = { network: { abuseEmails: ['abuse@rir.example'], holder: null, country: 'NL' }, registrar: null };
    expect(decideRouting(input({ directory: [provider({ abuseEmails: [] })], rdap }), policy).recipients[0]!.source).toBe('rdap');
  });

  it('puts an item without any contact on the list that needs a recipient', () => {
    const decision = decideRouting(input({ directory: [provider({ abuseEmails: [] })] }), policy);
    expect(decision.decision).toBe('needs_recipient');
    expect(decision.reasons.map((r) => r.code)).toEqual(['hosted_domestically', 'no_contact', 'police_category']);
  });

  it('adds the registrar when NOTICE_REGISTRAR is on: from the directory first, RDAP otherwise', () => {
    const withRegistrar = { ...policy, noticeRegistrar: true };
    const rdap: RdapContacts = { network: null, registrar: { abuseEmails: ['abuse@registrar.example'], name: 'Registrar Inc.' } };
    const fromRdap = decideRouting(input({ directory: [provider({})], rdap }), withRegistrar);
    expect(fromRdap.recipients.map((r) => [r.kind, r.email, r.source])).toEqual([
      ['ntd', 'abuse@host.example', 'directory'],
      ['registrar', 'abuse@registrar.example', 'rdap'],
    ]);
    const registrar = { id: 9, name: 'Dir Registrar', abuseEmails: ['abuse@dir-registrar.example'], language: null, deadlineMs: null };
    expect(decideRouting(input({ directory: [provider({})], rdap, registrar }), withRegistrar).recipients[1]).toMatchObject({ email: 'abuse@dir-registrar.example', source: 'directory', providerId: 9 });
    const without = decideRouting(input({ directory: [provider({})] }), withRegistrar);
    expect(without.reasons).toContainEqual({ code: 'registrar_without_contact' });
    expect(decideRouting(input({ directory: [provider({})], rdap }), policy).recipients.map((r) => r.kind)).toEqual(['ntd']);
  });

  it('sends a DSA notice to a platform that takes them, wherever it is', () => {
    const platform = provider({ name: 'Platform', kind: 'platform', cidrs: [], domains: ['platform.example'], country: 'IE', dsa: true, abuseEmails: ['dsa@platform.example'] });
    const decision = decideRouting(input({ host: 'platform.example', directory: [platform] }), policy);
    expect(decision.decision).toBe('dsa');
    expect(decision.recipients.map((r) => [r.kind, r.email])).toEqual([['dsa', 'dsa@platform.example']]);
    expect(decision.policeReferral).toBe('category');
  });

  it('treats a platform without DSA notices like any provider', () => {
    const platform = provider({ name: 'Platform', kind: 'platform', cidrs: [], domains: ['platform.example'], country: 'NL', abuseEmails: ['abuse@platform.example'] });
    expect(decideRouting(input({ host: 'platform.example', directory: [platform] }), policy).recipients[0]!.kind).toBe('ntd');
  });

  it('sends a CDN the notice to pass on, and says the origin is unknown', () => {
    const cdn = provider({ name: 'Edge', kind: 'cdn', country: 'US', abuseEmails: ['abuse@edge.example'] });
    const decision = decideRouting(input({ directory: [cdn] }), policy);
    expect(decision).toMatchObject({ decision: 'cdn', originUnknown: true });
    expect(decision.recipients.map((r) => r.kind)).toEqual(['cdn']);
    expect(decideRouting(input({ directory: [provider({ kind: 'cdn', abuseEmails: [] })] }), policy).decision).toBe('needs_recipient');
  });

  it('forwards content hosted in a partner hotline’s country', () => {
    const decision = decideRouting(input({ addresses: [at('198.51.100.1')], ipCountry: 'DE' }), policy);
    expect(decision.decision).toBe('forward');
    expect(decision.recipients).toEqual([]);
    expect(decision.reasons.map((r) => r.code)).toEqual(['hosted_abroad', 'partner_hotline', 'police_category']);
  });

  it('refers content hosted where there is no partner hotline to the police', () => {
    const decision = decideRouting(input({ addresses: [at('198.51.100.1')], ipCountry: 'BR' }), policy);
    expect(decision).toMatchObject({ decision: 'police', policeReferral: 'no_partner' });
    expect(decision.reasons.map((r) => r.code)).toEqual(['hosted_abroad', 'no_partner_hotline']);
  });

  describe('with NOTICE_FOREIGN_HOSTS on, where no partner hotline works', () => {
    const foreign = { ...policy, noticeForeignHosts: true };
    const rdapAbroad: RdapContacts = { network: { abuseEmails: ['abuse@host.example.br'], holder: 'Host BR', country: 'BR' }, registrar: null };

    it('refers to the police and also notifies the foreign host from the directory', () => {
      const host = provider({ name: 'Host BR', country: 'BR', abuseEmails: ['abuse@directory.example.br'] });
      const decision = decideRouting(input({ directory: [host] }), foreign);
      expect(decision).toMatchObject({ decision: 'police', policeReferral: 'no_partner', recipients: [{ kind: 'ntd', email: 'abuse@directory.example.br', source: 'directory' }] });
      expect(decision.reasons.map((r) => r.code)).toEqual(['hosted_abroad', 'no_partner_hotline', 'provider_in_directory', 'foreign_host_notice']);
    });

    it('takes the foreign host’s contact from RDAP when the directory does not know it', () => {
      const decision = decideRouting(input({ addresses: [at('198.51.100.1')], ipCountry: 'BR', rdap: rdapAbroad }), foreign);
      expect(decision.recipients).toEqual([expect.objectContaining({ kind: 'ntd', email: 'abuse@host.example.br', source: 'rdap' })]);
      expect(decision.reasons.map((r) => r.code)).toEqual(['hosted_abroad', 'no_partner_hotline', 'contact_from_rdap', 'foreign_host_notice']);
    });

    it('still refers to the police alone when no contact is known, and says so', () => {
      const decision = decideRouting(input({ addresses: [at('198.51.100.1')], ipCountry: 'BR' }), foreign);
      expect(decision).toMatchObject({ decision: 'police', recipients: [] });
      expect(decision.reasons.map((r) => r.code)).toEqual(['hosted_abroad', 'no_partner_hotline', 'no_contact']);
    });

    it('never notifies a host in a partner hotline’s country: the partner does', () => {
      const decision = decideRouting(input({ addresses: [at('198.51.100.1')], ipCountry: 'DE', rdap: rdapAbroad }), foreign);
      expect(decision).toMatchObject({ decision: 'forward', recipients: [] });
    });

    it('holds the foreign notice for police-first categories like any other', () => {
      const decision = decideRouting(input({ addresses: [at('198.51.100.1')], ipCountry: 'BR', rdap: rdapAbroad }), { ...foreign, policeFirstCategories: ['csam'] });
      expect(decision).toMatchObject({ decision: 'police', policeFirst: true });
    });
  });

  it('leaves the foreign host alone while NOTICE_FOREIGN_HOSTS is off, whatever contacts are known', () => {
    const rdap: RdapContacts = { network: { abuseEmails: ['abuse@host.example.br'], holder: null, country: 'BR' }, registrar: null };
    expect(decideRouting(input({ addresses: [at('198.51.100.1')], ipCountry: 'BR', rdap }), policy).recipients).toEqual([]);
  });

  it('needs a recipient when the country is unknown', () => {
    expect(decideRouting(input({ addresses: [] }), policy).reasons[0]).toEqual({ code: 'country_unknown' });
  });

  it('refers only the categories in POLICE_CATEGORIES', () => {
    const some = { ...policy, policeCategories: ['terrorism'] };
    expect(decideRouting(input({ directory: [provider({})] }), some).policeReferral).toBeNull();
    expect(decideRouting({ ...input({ directory: [provider({})] }), category: 'terrorism' }, some).policeReferral).toBe('category');
  });

  it('holds the notices of police-first categories', () => {
    const first = { ...policy, policeFirstCategories: ['csam'] };
    const decision = decideRouting(input({ directory: [provider({})] }), first);
    expect(decision.policeFirst).toBe(true);
    expect(decision.reasons.at(-1)).toEqual({ code: 'police_first', category: 'csam' });
    expect(decideRouting(input({ addresses: [at('198.51.100.1')], ipCountry: 'DE' }), first).policeFirst).toBe(false);
  });
});

describe('a supervisor’s override', () => {
  const hosting = { hostingCountry: 'BR', providerId: null, originUnknown: false };
  it('sends a notice to a contact entered by hand, with the reason', () => {
    const recipient = { kind: 'ntd' as const, email: 'abuse@found.example', name: null, providerId: null, source: 'manual' as const, language: null, deadlineMs: null };
    expect(overrideDecision(hosting, { decision: 'notice', recipient }, 'contact found by phone')).toEqual({
      ...hosting,
      decision: 'notice',
      recipients: [recipient],
      reasons: [{ code: 'override', reason: 'contact found by phone' }],
      policeReferral: null,
      policeFirst: false,
    });
  });
  it('can send an item to the police, or forward it, instead', () => {
    expect(overrideDecision(hosting, { decision: 'police' }, 'ongoing investigation')).toMatchObject({ decision: 'police', recipients: [], policeReferral: 'no_partner' });
    expect(overrideDecision(hosting, { decision: 'forward' }, 'partner asked')).toMatchObject({ decision: 'forward', recipients: [], policeReferral: null });
  });
});
