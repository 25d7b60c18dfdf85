import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses the hotline may connect to when it fetches a reported URL.
 * Only globally routable unicast addresses: never loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved,
 * or IPv6 forms that embed an IPv4 address (mapped, 6to4, Teredo, NAT64).
 */
export type AddressPolicy = (address: string) => boolean;

type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** A network as ipaddr.js writes one: its first address and prefix length. */
export type Cidr = [Address, number];

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

function inAny(address: Address, cidrs: readonly Cidr[]): boolean {
  return cidrs.some((cidr) => cidr[0].kind() === address.kind() && address.match(cidr));
}

export const publicAddressesOnly: AddressPolicy = (address) => {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
};

/**
 * Public addresses and these networks too. For tests only (FETCH_ALLOW_CIDRS):
 * it lets the fetcher reach sites, RDAP and mail servers a test runs on loopback.
 */
export function allowing(cidrs: readonly string[]): AddressPolicy {
  const networks = cidrs.map((text) => parseCidr(text) ?? invalidCidr(text));
  return (text) => {
    if (publicAddressesOnly(text)) return true;
    const address = parseAddress(text);
    return address !== undefined && inAny(unmapped(address), networks);
  };
}

function invalidCidr(text: string): never {
  throw new Error(`not a network in CIDR notation: ${text}`);
}
