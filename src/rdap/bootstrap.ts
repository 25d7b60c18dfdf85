import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';

/**
 * IANA's RDAP bootstrap registries (RFC 9224): which RDAP service answers for
 * a top-level domain, an IPv4 or IPv6 prefix, or a range of AS numbers.
 */
export const BOOTSTRAP_FILES = ['dns.json', 'ipv4.json', 'ipv6.json', 'asn.json'] as const;
export type BootstrapFile = (typeof BOOTSTRAP_FILES)[number];

/** One entry of `services`: the entries (TLDs, prefixes, AS ranges) and the base URLs serving them. */
export type BootstrapService = [entries: string[], baseUrls: string[]];

export interface BootstrapRegistry {
  version: string;
  publication: string;
  description?: string;
  services: BootstrapService[];
}

export class BootstrapError extends Error {}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Checks that the text is a bootstrap registry in IANA's format; says what is wrong when it is not. */
export function parseBootstrap(text: string, file: string): BootstrapRegistry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BootstrapError(`${file} is not JSON`);
  }
  const registry = value as Partial<BootstrapRegistry> | null;
  if (typeof registry !== 'object' || registry === null || typeof registry.version !== 'string' || typeof registry.publication !== 'string') {
    throw new BootstrapError(`${file} lacks the version and publication of an RDAP bootstrap file`);
  }
  const services: unknown = registry.services;
  const wellFormed = Array.isArray(services) && services.every((service) => Array.isArray(service) && service.length >= 2 && isStringArray(service[0]) && isStringArray(service[1]));
  if (!wellFormed) throw new BootstrapError(`${file} has no services list of [entries, base URLs] pairs`);
  return registry as BootstrapRegistry;
}

/** The base URL to use of those a service lists: HTTPS where offered (RFC 9224 section 3), always ending in a slash. */
function preferredBaseUrl(baseUrls: readonly string[]): string | undefined {
  const chosen = baseUrls.find((url) => url.startsWith('https://')) ?? baseUrls[0];
  if (chosen === undefined) return undefined;
  return chosen.endsWith('/') ? chosen : `${chosen}/`;
}

/** The service whose prefix holds the address most narrowly (longest-prefix match). */
export function serviceForAddress(registry: BootstrapRegistry, address: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  let best: { length: number; baseUrl: string | undefined } | undefined;
  for (const [prefixes, baseUrls] of registry.services) {
    for (const prefix of prefixes) {
      const range = parseRange(prefix);
      if (!range || range[0].kind() !== address.kind() || !address.match(range)) continue;
      if (!best || range[1] > best.length) best = { length: range[1], baseUrl: preferredBaseUrl(baseUrls) };
    }
  }
  return best?.baseUrl;
}

function parseRange(prefix: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  try {
    return ipaddr.parseCIDR(prefix);
  } catch {
    return undefined;
  }
}

/** The service of the longest matching label suffix, e.g. `co.uk` before `uk` (RFC 9224 section 4). */
export function serviceForDomain(registry: BootstrapRegistry, domain: string): string | undefined {
  const byLabel = new Map<string, string[]>();
  for (const [labels, baseUrls] of registry.services) for (const label of labels) byLabel.set(label.toLowerCase(), baseUrls);
  const labels = domain.split('.');
  for (let start = 0; start < labels.length; start += 1) {
    const baseUrls = byLabel.get(labels.slice(start).join('.'));
    if (baseUrls) return preferredBaseUrl(baseUrls);
  }
  return undefined;
}

/** A domain name as RDAP asks for it: lower-case A-labels, no trailing dot; undefined when it is not a name. */
export function asciiDomain(name: string): string | undefined {
  const ascii = domainToASCII(name.trim().replace(/\.$/, ''));
  return ascii && ascii.includes('.') ? ascii : undefined;
}

/**
 * The bootstrap files of one folder, read when first needed and read again
 * when a file changes (after `rdap refresh`), so a running hotline picks up
 * new files without a restart.
 */
export class BootstrapFolder {
  private readonly loaded = new Map<BootstrapFile, { modifiedMs: number; registry: BootstrapRegistry }>();

  constructor(readonly dir: string) {}

  /** The registry in the file, or undefined when the folder does not have it. */
  async registry(file: BootstrapFile): Promise<BootstrapRegistry | undefined> {
    const location = path.join(this.dir, file);
    const modifiedMs = await stat(location).then(
      (info) => info.mtimeMs,
      () => undefined,
    );
    if (modifiedMs === undefined) return undefined;
    const cached = this.loaded.get(file);
    if (cached?.modifiedMs === modifiedMs) return cached.registry;
    const registry = parseBootstrap(await readFile(location, 'utf8'), location);
    this.loaded.set(file, { modifiedMs, registry });
    return registry;
  }

  async hasAll(): Promise<boolean> {
    const present = await Promise.all(BOOTSTRAP_FILES.map((file) => stat(path.join(this.dir, file)).then(() => true, () => false)));
    return present.every(Boolean);
  }
}
