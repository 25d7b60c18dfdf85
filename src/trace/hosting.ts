import dns from 'node:dns';
import net from 'node:net';
import { whyNotPublic } from '../outbound/address-policy.js';
import type { IpData, Network } from './ip-data.js';

/** One address a host resolved to, with what the offline data says of it. */
export interface HostAddress {
  address: string;
  family: 4 | 6;
  /** False for loopback, private and every other address the fetcher's policy refuses: they say nothing about hosting. */
  isPublic: boolean;
  /** What an address that is not public is, e.g. "127.0.0.0/8 Loopback" (absent from traces made before it was recorded). */
  notPublic?: string;
  country: string | null;
  network: Network | null;
}

export type HostTrace = { ok: true; addresses: HostAddress[] } | { ok: false; error: string };

export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/**
 * Where a host is: its addresses (a literal address is its own), each with country and network.
 * Whether an address is public is the fetcher's own rule, never widened for tests, so that a
 * loopback site a test lets the fetcher reach is still traced as loopback.
 */
export async function traceHost(host: string, ipData: IpData, resolve: Resolve = systemResolver): Promise<HostTrace> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  let resolved: { address: string; family: number }[];
  try {
    const family = net.isIP(bare);
    resolved = family !== 0 ? [{ address: bare, family }] : await resolve(bare);
  } catch (error) {
    return { ok: false, error: `${bare} could not be resolved: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  return {
    ok: true,
    addresses: resolved.map(({ address, family }) => {
      const notPublic = whyNotPublic(address);
      const facts = notPublic === null ? ipData.lookup(address) : { country: null, network: null };
      return { address, family: family === 6 ? 6 : 4, isPublic: notPublic === null, ...(notPublic === null ? {} : { notPublic }), ...facts };
    }),
  };
}

/** The hosting country: the one most of the public addresses are in, the first such address breaking a tie. */
export function hostingCountryOf(addresses: readonly HostAddress[]): string | null {
  const counts = new Map<string, number>();
  for (const { country } of addresses) if (country) counts.set(country, (counts.get(country) ?? 0) + 1);
  let best: string | null = null;
  for (const [country, count] of counts) if (best === null || count > counts.get(best)!) best = country;
  return best;
}
