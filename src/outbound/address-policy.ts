import ipaddr from 'ipaddr.js';

/**
 * Which addresses the hotline may connect to when it fetches a reported URL.
 * Only globally routable unicast addresses: never loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved,
 * or IPv6 forms that embed an IPv4 address (mapped, 6to4, Teredo, NAT64).
 */
export type AddressPolicy = (address: string) => boolean;

export const publicAddressesOnly: AddressPolicy = (address) => {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
};

/** For tests that fetch from servers on loopback: public addresses and 127.0.0.0/8 or ::1. */
export const publicOrLoopback: AddressPolicy = (address) =>
  publicAddressesOnly(address) || (ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback');
