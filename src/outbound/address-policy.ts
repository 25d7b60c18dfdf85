import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses the hotline may connect to when it fetches a reported URL:
 * IPv4 outside every special-purpose range, IPv6 only in global unicast
 * 2000::/3 and outside every special-purpose range there. IPv6 is allowed by
 * where it is, not refused by what it is, so a range nobody listed stays shut.
 */
export type AddressPolicy = (address: string) => boolean;

type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** A network as ipaddr.js writes one: its first address and prefix length. */
export type Cidr = [Address, number];

/** A range the hotline never fetches from, named as its registry names it. */
export interface SpecialRange {
  cidr: string;
  name: string;
}

const row = (cidr: string, name: string): SpecialRange => ({ cidr, name });

/**
 * The IANA IPv4 Special-Purpose Address Registry (RFC 6890,
 * https://www.iana.org/assignments/iana-ipv4-special-registry/), every row,
 * also those IANA marks globally reachable (anycast services such as AS112 or
 * AMT are nothing the public reports); and multicast 224.0.0.0/4 from the IPv4
 * Multicast Address Space Registry (RFC 5771).
 */
export const IPV4_SPECIAL_PURPOSE: readonly SpecialRange[] = [
  row('0.0.0.0/8', 'This network'), // RFC 791
  row('0.0.0.0/32', 'This host on this network'), // RFC 1122
  row('10.0.0.0/8', 'Private-Use'), // RFC 1918
  row('100.64.0.0/10', 'Shared Address Space'), // RFC 6598
  row('127.0.0.0/8', 'Loopback'), // RFC 1122
  row('169.254.0.0/16', 'Link Local'), // RFC 3927
  row('172.16.0.0/12', 'Private-Use'), // RFC 1918
  row('192.0.0.0/24', 'IETF Protocol Assignments'), // RFC 6890
  row('192.0.0.0/29', 'IPv4 Service Continuity Prefix'), // RFC 7335
  row('192.0.0.8/32', 'IPv4 dummy address'), // RFC 7600
  row('192.0.0.9/32', 'Port Control Protocol Anycast'), // RFC 7723
  row('192.0.0.10/32', 'Traversal Using Relays around NAT Anycast'), // RFC 8155
  row('192.0.0.170/32', 'NAT64/DNS64 Discovery'), // RFC 8880
  row('192.0.0.171/32', 'NAT64/DNS64 Discovery'), // RFC 8880
  row('192.0.2.0/24', 'Documentation (TEST-NET-1)'), // RFC 5737
  row('192.31.196.0/24', 'AS112-v4'), // RFC 7535
  row('192.52.193.0/24', 'AMT'), // RFC 7450
  row('192.88.99.0/24', 'Deprecated (6to4 Relay Anycast)'), // RFC 7526
  row('192.88.99.2/32', '6a44-relay anycast address'), // RFC 6751
  row('192.168.0.0/16', 'Private-Use'), // RFC 1918
  row('192.175.48.0/24', 'Direct Delegation AS112 Service'), // RFC 7534
  row('198.18.0.0/15', 'Benchmarking'), // RFC 2544
  row('198.51.100.0/24', 'Documentation (TEST-NET-2)'), // RFC 5737
  row('203.0.113.0/24', 'Documentation (TEST-NET-3)'), // RFC 5737
  row('224.0.0.0/4', 'Multicast'), // RFC 5771
  row('240.0.0.0/4', 'Reserved'), // RFC 1112
  row('255.255.255.255/32', 'Limited Broadcast'), // RFC 919
];

/**
 * The IANA IPv6 Special-Purpose Address Registry (RFC 6890,
 * https://www.iana.org/assignments/iana-ipv6-special-registry/), every row;
 * and multicast ff00::/8 (RFC 4291). Rows outside 2000::/3 are refused by that
 * rule already; they are here to say what an address is. An IPv4-mapped
 * address (::ffff:0:0/96) is decided as the IPv4 address it maps, which is where
 * the socket connects. The other forms that embed an IPv4 address (NAT64, 6to4,
 * Teredo) are refused whatever they embed: where a translator or relay sends
 * the connection is decided outside the hotline.
 */
export const IPV6_SPECIAL_PURPOSE: readonly SpecialRange[] = [
  row('::1/128', 'Loopback Address'), // RFC 4291
  row('::/128', 'Unspecified Address'), // RFC 4291
  row('::ffff:0:0/96', 'IPv4-mapped Address'), // RFC 4291
  row('64:ff9b::/96', 'IPv4-IPv6 Translat.'), // RFC 6052
  row('64:ff9b:1::/48', 'IPv4-IPv6 Translat.'), // RFC 8215
  row('100::/64', 'Discard-Only Address Block'), // RFC 6666
  row('100:0:0:1::/64', 'Dummy IPv6 Prefix'), // RFC 9780
  row('2001::/23', 'IETF Protocol Assignments'), // RFC 2928
  row('2001::/32', 'TEREDO'), // RFC 4380
  row('2001:1::1/128', 'Port Control Protocol Anycast'), // RFC 7723
  row('2001:1::2/128', 'Traversal Using Relays around NAT Anycast'), // RFC 8155
  row('2001:1::3/128', 'DNS-SD Service Registration Protocol Anycast'), // RFC 9665
  row('2001:2::/48', 'Benchmarking'), // RFC 5180
  row('2001:3::/32', 'AMT'), // RFC 7450
  row('2001:4:112::/48', 'AS112-v6'), // RFC 7535
  row('2001:10::/28', 'Deprecated (previously ORCHID)'), // RFC 4843
  row('2001:20::/28', 'ORCHIDv2'), // RFC 7343
  row('2001:30::/28', 'Drone Remote ID Protocol Entity Tags (DETs) Prefix'), // RFC 9374
  row('2001:db8::/32', 'Documentation'), // RFC 3849
  row('2002::/16', '6to4'), // RFC 3056
  row('2620:4f:8000::/48', 'Direct Delegation AS112 Service'), // RFC 7534
  row('3fff::/20', 'Documentation'), // RFC 9637
  row('5f00::/16', 'Segment Routing (SRv6) SIDs'), // RFC 9602
  row('fc00::/7', 'Unique-Local'), // RFC 4193
  row('fe80::/10', 'Link-Local Unicast'), // RFC 4291
  row('ff00::/8', 'Multicast'), // RFC 4291
];

/** RFC 4291 §2.4; the only IPv6 space the IANA IPv6 Address Space registry allocates as global unicast. */
export const GLOBAL_UNICAST = '2000::/3';

/**
 * Reads an address as the socket layer does: IPv4 only as four decimal parts
 * (no 0x7f.1), IPv6 as RFC 4291 writes it. ipaddr.js alone reads ::a.b.c.d as
 * the IPv4-mapped ::ffff:a.b.c.d, where RFC 4291 means ::/96 (IPv4-compatible),
 * so an IPv6 address's dotted tail is turned into hex groups first.
 */
export function parseAddress(text: string): Address | undefined {
  const family = net.isIP(text);
  if (family === 4) return ipaddr.IPv4.parse(text);
  if (family === 6) return ipaddr.IPv6.parse(text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)(?=$|%)/, (_all, a, b, c, d) => dottedToHex([a, b, c, d].map(Number))));
  return undefined;
}

function dottedToHex([a, b, c, d]: number[]): string {
  return `${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`;
}

/** A network written as address/prefix length, e.g. 127.0.0.0/8 or ::1/128; undefined when the text is not one. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const address = match ? parseAddress(match[1]!) : undefined;
  if (!address) return undefined;
  const length = Number(match![2]);
  return length <= (address.kind() === 'ipv4' ? 32 : 128) ? [address, length] : undefined;
}

/** An IPv4-mapped IPv6 address is the IPv4 address it maps, for every decision. */
function unmapped(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function contains(network: Cidr, address: Address): boolean {
  return network[0].kind() === address.kind() && address.match(network);
}

interface Listed {
  range: SpecialRange;
  network: Cidr;
}

const listed = (ranges: readonly SpecialRange[]): Listed[] => ranges.map((range) => ({ range, network: parseCidr(range.cidr)! }));
const SPECIAL = { ipv4: listed(IPV4_SPECIAL_PURPOSE), ipv6: listed(IPV6_SPECIAL_PURPOSE) };
const GLOBAL_UNICAST_NETWORK = parseCidr(GLOBAL_UNICAST)!;

/** The narrowest listed range holding the address. */
function narrowestRange(address: Address): SpecialRange | undefined {
  let best: Listed | undefined;
  for (const entry of SPECIAL[address.kind()]) {
    if (contains(entry.network, address) && (!best || entry.network[1] > best.network[1])) best = entry;
  }
  return best?.range;
}

/** Null for an address the hotline may fetch from; otherwise what the address is, e.g. "127.0.0.0/8 Loopback". */
export function whyNotPublic(text: string): string | null {
  const address = parseAddress(text);
  if (!address) return 'not an IP address';
  const plain = unmapped(address);
  const range = narrowestRange(plain);
  if (range) return `${range.cidr} ${range.name}`;
  return plain.kind() === 'ipv6' && !contains(GLOBAL_UNICAST_NETWORK, plain) ? `outside global unicast ${GLOBAL_UNICAST}` : null;
}

export const publicAddressesOnly: AddressPolicy = (address) => whyNotPublic(address) === null;

/**
 * Public addresses and these networks too. For tests only (FETCH_ALLOW_CIDRS):
 * it lets the fetcher reach sites, RDAP and mail servers a test runs on loopback.
 */
export function allowing(cidrs: readonly string[]): AddressPolicy {
  const networks = cidrs.map((text) => parseCidr(text) ?? invalidCidr(text));
  return (text) => {
    if (publicAddressesOnly(text)) return true;
    const address = parseAddress(text);
    return address !== undefined && networks.some((network) => contains(network, unmapped(address)));
  };
}

function invalidCidr(text: string): never {
  throw new Error(`not a network in CIDR notation: ${text}`);
}
