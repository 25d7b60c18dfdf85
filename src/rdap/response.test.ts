import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { domainFacts, networkFacts, rangeToCidrs, UnexpectedResponse, usableEmail } from './response.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('reading RDAP ip network answers of the five regional registries', () => {
  it('ARIN: finds the abuse contact nested inside the registrant, the cidr0 prefix and no country', () => {
    expect(networkFacts(fixture('arin-ip.json'))).toEqual({
      handle: 'NET-192-0-2-0-1',
      name: 'EXAMPLE-HOSTING-A',
      startAddress: '192.0.2.0',
      endAddress: '192.0.2.255',
      cidrs: ['192.0.2.0/24'],
      holder: 'Example Hosting A',
      abuseEmails: ['abuse@hosting-a.example'],
      parentHandle: 'NET-192-0-0-0-0',
    });
  });

  it('ARIN: reads the covering network of a reassigned block from its `up` link, and the customer’s own abuse contact', () => {
    expect(networkFacts(fixture('arin-ip-reassigned.json'))).toMatchObject({
      cidrs: ['192.0.2.128/26'],
      holder: 'Example Customer Hosting',
      abuseEmails: ['abuse@customer-hosting.example'],
      parentHandle: 'NET-192-0-2-0-1',
      upLink: 'https://rdap.arin.net/registry/ip/192.0.2.0/24',
    });
    expect(networkFacts(fixture('arin-ip.json'))).not.toHaveProperty('upLink');
  });

  it('RIPE NCC: takes the abuse-c mailbox though personal e-mail is marked redacted, and the organisation as holder', () => {
    expect(networkFacts(fixture('ripe-ip.json'))).toMatchObject({
      country: 'NL',
      cidrs: ['198.51.100.0/24'],
      holder: 'Example Hosting B B.V.',
      abuseEmails: ['abuse@hosting-b.example'],
    });
  });

  it('APNIC: reads the IRT abuse entity once though it lists its address twice, and derives the IPv6 prefix from the range', () => {
    expect(networkFacts(fixture('apnic-ip.json'))).toMatchObject({
      country: 'AU',
      startAddress: '2001:db8::',
      cidrs: ['2001:db8::/32'],
      holder: 'Example Hosting C Pty Ltd',
      abuseEmails: ['abuse@hosting-c.example'],
    });
  });

  it('LACNIC: finds the person with the abuse role and splits an unaligned range into prefixes', () => {
    expect(networkFacts(fixture('lacnic-ip.json'))).toMatchObject({
      country: 'BR',
      cidrs: ['203.0.113.0/25', '203.0.113.128/26'],
      holder: 'Example Hosting D Ltda.',
      abuseEmails: ['abuse@HOSTING-D.EXAMPLE'],
    });
  });

  it('AFRINIC: reports no abuse contact where no entity has the abuse role, rather than taking another contact', () => {
    expect(networkFacts(fixture('afrinic-ip.json'))).toMatchObject({
      country: 'ZA',
      cidrs: ['203.0.113.192/26'],
      holder: 'Example Hosting E (Pty) Ltd',
      abuseEmails: [],
    });
  });

  it('refuses an answer of another object class', () => {
    expect(() => networkFacts(fixture('gtld-registry-domain.json'))).toThrow(UnexpectedResponse);
  });
});

describe('reading RDAP domain answers', () => {
  it('a gTLD registry: the registrar, its IANA id, its nested abuse contact and the link to its own RDAP service', () => {
    expect(domainFacts(fixture('gtld-registry-domain.json'))).toEqual({
      domain: 'example.com',
      registrar: { name: 'Example Registrar, LLC', ianaId: '9999', abuseEmails: ['abuse@registrar.example'] },
      abuseEmails: ['abuse@registrar.example'],
      registrarLink: 'https://rdap.registrar.example/rdap/domain/EXAMPLE.COM',
    });
  });

  it('a registrar: the abuse contact, and nothing from the redacted contacts', () => {
    expect(domainFacts(fixture('registrar-domain.json'))).toEqual({
      domain: 'example.com',
      registrar: { name: 'Example Registrar, LLC', ianaId: '9999', abuseEmails: ['abuse-desk@registrar.example'] },
      abuseEmails: ['abuse-desk@registrar.example'],
    });
  });
});

describe('which e-mail addresses can be written to', () => {
  it.each(['abuse@hosting.example', 'abuse+rdap@sub.hosting.example'])('takes %s', (email) => {
    expect(usableEmail(email)).toBe(true);
  });

  it.each([
    '',
    'Please query the RDDS service of the Registrar of Record identified in this output for information on how to contact the Registrant, Admin, or Tech contacts of the queried domain name.',
    'REDACTED FOR PRIVACY',
    'redacted@redacted.invalid',
    '*****@hosting.example',
    'https://registrar.example/contact-form',
    'abuse at hosting.example',
  ])('ignores %j', (email) => {
    expect(usableEmail(email)).toBe(false);
  });
});

describe('address ranges as CIDR prefixes', () => {
  it.each([
    ['192.0.2.0', '192.0.2.255', ['192.0.2.0/24']],
    ['192.0.2.1', '192.0.2.1', ['192.0.2.1/32']],
    ['198.51.100.0', '198.51.101.127', ['198.51.100.0/24', '198.51.101.0/25']],
    ['2001:db8::', '2001:db8::ffff', ['2001:db8::/112']],
  ])('%s – %s', (start, end, cidrs) => {
    expect(rangeToCidrs(start, end)).toEqual(cidrs);
  });
});
