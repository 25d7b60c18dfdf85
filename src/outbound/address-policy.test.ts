import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { allowing, GLOBAL_UNICAST, IPV4_SPECIAL_PURPOSE, IPV6_SPECIAL_PURPOSE, parseAddress, parseCidr, publicAddressesOnly, whyNotPublic, type SpecialRange } from './address-policy.js';

/** Addresses as numbers, so that a range's ends and neighbours are counted, not looked up. */
const BITS = { ipv4: 32n, ipv6: 128n } as const;
type Kind = keyof typeof BITS;

function numberOf(text: string): { kind: Kind; value: bigint } {
  const address = parseAddress(text)!;
  return { kind: address.kind(), value: address.toByteArray().reduce((sum, byte) => (sum << 8n) | BigInt(byte), 0n) };
}

function textOf(kind: Kind, value: bigint): string {
  const length = Number(BITS[kind] / 8n);
  const bytes = Array.from({ length }, (_, index) => Number((value >> (8n * BigInt(length - 1 - index))) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

function bounds(cidr: string): { kind: Kind; first: bigint; last: bigint } {
  const [text, length] = cidr.split('/');
  const { kind, value } = numberOf(text!);
  const size = 1n << (BITS[kind] - BigInt(length!));
  const first = value - (value % size);
  return { kind, first, last: first + size - 1n };
}

const within = (cidr: string, kind: Kind, value: bigint) => {
  const range = bounds(cidr);
  return range.kind === kind && value >= range.first && value <= range.last;
};

/** What the registries say of an address, worked out by counting: the oracle the policy is held to. */
function isGlobal(kind: Kind, value: bigint): boolean {
  if (kind === 'ipv4') return !IPV4_SPECIAL_PURPOSE.some((range) => within(range.cidr, kind, value));
  if (within('::ffff:0:0/96', kind, value)) return isGlobal('ipv4', value & 0xffffffffn);
  return within(GLOBAL_UNICAST, kind, value) && !IPV6_SPECIAL_PURPOSE.some((range) => within(range.cidr, kind, value));
}

describe('the address policy, range by range of the IANA special-purpose registries', () => {
  it.each([...IPV4_SPECIAL_PURPOSE, ...IPV6_SPECIAL_PURPOSE].map((range) => [range.cidr, range.name, range] as const))(
    'refuses %s (%s) from its first address to its last, and allows its neighbours where they are global',
    (_cidr, _name, range: SpecialRange) => {
      const { kind, first, last } = bounds(range.cidr);
      for (const value of [first, last]) expect(publicAddressesOnly(textOf(kind, value)), textOf(kind, value)).toBe(false);
      for (const value of [first - 1n, last + 1n].filter((neighbour) => neighbour >= 0n && neighbour < 1n << BITS[kind])) {
        expect(publicAddressesOnly(textOf(kind, value)), textOf(kind, value)).toBe(isGlobal(kind, value));
      }
    },
  );

  it('allows IPv6 only inside global unicast 2000::/3', () => {
    const { first, last } = bounds(GLOBAL_UNICAST);
    expect([first - 1n, first, last, last + 1n].map((value) => publicAddressesOnly(textOf('ipv6', value)))).toEqual([false, true, true, false]);
  });
});

describe('the address policy, by example', () => {
  it.each([
    ['::127.0.0.1', 'IPv4-compatible loopback (::/96, deprecated)'],
    ['::7f00:1', 'the same, as URLs write it'],
    ['::10.0.0.1', 'IPv4-compatible private'],
    ['::8.8.8.8', 'IPv4-compatible, even of a public address'],
    ['::ffff:0:808:808', 'IPv4-translated (::ffff:0:0:0/96)'],
    ['::', 'the unspecified address'],
    ['::1', 'IPv6 loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:169.254.169.254', 'IPv4-mapped cloud metadata'],
    ['64:ff9b::808:808', 'NAT64 of a public address'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['2002:808:808::1', '6to4'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:20::1', 'ORCHIDv2'],
    ['2001:2::1', 'benchmarking'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation (RFC 9637)'],
    ['5f00::1', 'SRv6 SIDs'],
    ['100::1', 'discard-only'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['fec0::1', 'deprecated site-local'],
    ['ff02::1', 'multicast'],
    ['4000::1', 'unallocated space above 2000::/3'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['192.0.0.9', 'PCP anycast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['255.255.255.255', 'limited broadcast'],
    ['2130706433', 'a decimal-encoded address, which is no address here'],
    ['0x7f.1', 'a hex-encoded address'],
    ['localhost', 'a name'],
  ])('refuses %s (%s)', (address) => {
    expect(publicAddressesOnly(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '::ffff:8.8.8.8', '2001:4860:4860::8888', '2606:4700:4700::1111', '2001:200::1', '2000::', '3fff:1000::', '223.255.255.255'])('allows %s', (address) => {
    expect(publicAddressesOnly(address)).toBe(true);
  });

  it('says what a refused address is', () => {
    expect(whyNotPublic('127.0.0.1')).toBe('127.0.0.0/8 Loopback');
    expect(whyNotPublic('::ffff:10.1.2.3')).toBe('10.0.0.0/8 Private-Use');
    expect(whyNotPublic('192.0.0.9')).toBe('192.0.0.9/32 Port Control Protocol Anycast');
    expect(whyNotPublic('2001::1')).toBe('2001::/32 TEREDO');
    expect(whyNotPublic('::7f00:1')).toBe('outside global unicast 2000::/3');
    expect(whyNotPublic('example.org')).toBe('not an IP address');
    expect(whyNotPublic('8.8.8.8')).toBeNull();
  });
});

describe('parseAddress', () => {
  it('reads ::a.b.c.d as RFC 4291 does, an IPv4-compatible address, not an IPv4-mapped one', () => {
    expect(parseAddress('::127.0.0.1')?.toString()).toBe('::7f00:1');
    expect(parseAddress('::ffff:127.0.0.1')?.toString()).toBe('::ffff:7f00:1');
    expect(parseAddress('64:ff9b::10.0.0.1')?.toString()).toBe('64:ff9b::a00:1');
  });

  it('reads IPv4 only as four decimal parts', () => {
    expect(parseAddress('127.0.0.1')?.toString()).toBe('127.0.0.1');
    for (const text of ['0x7f.1', '2130706433', '127.000.0.1', 'localhost', '']) expect(parseAddress(text), text).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 networks, and nothing else', () => {
    expect(parseCidr('127.0.0.0/8')?.toString()).toBe('127.0.0.0,8');
    expect(parseCidr('::1/128')?.toString()).toBe('::1,128');
    for (const text of ['127.0.0.1', '10.0.0.0/33', '::/129', 'localhost/8', '127.0.0.0/8/8', '127.0.0.0/']) expect(parseCidr(text), text).toBeUndefined();
  });
});

describe('allowing', () => {
  const policy = allowing(['127.0.0.0/8', '::1/128', 'fd00:1::/32']);

  it('allows the listed networks besides public addresses', () => {
    for (const address of ['8.8.8.8', '127.0.0.1', '127.255.255.255', '::1', '::ffff:127.0.0.1', 'fd00:1::5']) expect(policy(address), address).toBe(true);
  });

  it('refuses every other address that is not public', () => {
    for (const address of ['10.0.0.1', '169.254.169.254', '::2', '::7f00:1', 'fd00:2::5', 'not an address']) expect(policy(address), address).toBe(false);
  });

  it('does not take a text that is not a network', () => {
    expect(() => allowing(['127.0.0.1'])).toThrow(/127\.0\.0\.1/);
  });
});
