import ipaddr from 'ipaddr.js';
import { getDomain } from 'tldts';
import { asciiDomain, BootstrapError, BootstrapFolder, serviceForAddress, serviceForDomain, type BootstrapFile, type BootstrapRegistry } from './bootstrap.js';
import { RdapAnswerCache } from './cache.js';
import type { AbuseContactLookup, RdapClientOptions, RdapDomainAnswer, RdapFailure, RdapNetworkAnswer } from './index.js';
import { refreshBootstrap, refreshedBootstrapDir } from './refresh.js';
import { domainFacts, networkFacts, parseJsonObject, unique, UnexpectedResponse, type DomainFacts } from './response.js';
import type { RdapQueryKind } from './tables.js';

const DEFAULT_FAILURE_TTL_MS = 5 * 60_000;

type Answered = { object: Record<string, unknown>; source: string };

const failure = (reason: RdapFailure['reason'], detail: string): RdapFailure => ({ found: false, reason, detail });

/**
 * Looks up who holds an IP network and who registered a domain, with their
 * abuse contacts, by RDAP: the IANA bootstrap names the service, every request
 * goes through the SSRF-safe fetcher (redirects followed hop by hop), answers
 * are cached in the database. Nothing the remote end does makes a lookup
 * throw: time-outs and errors come back as failures, remembered briefly.
 */
export class RdapClient implements AbuseContactLookup {
  private readonly cache: RdapAnswerCache;
  private readonly clock: () => number;
  private readonly failureTtlMs: number;
  private readonly folder: BootstrapFolder | undefined;
  private lastDownloadAttempt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RdapClientOptions) {
    this.clock = options.clock ?? Date.now;
    this.cache = new RdapAnswerCache(options.db, this.clock);
    this.failureTtlMs = Math.min(options.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS, options.cacheTtlMs);
    const dir = options.bootstrapDir ?? (options.dataDir !== undefined ? refreshedBootstrapDir(options.dataDir) : undefined);
    this.folder = dir !== undefined ? new BootstrapFolder(dir) : undefined;
  }

  async network(ip: string): Promise<RdapNetworkAnswer> {
    const bare = ip.trim().replace(/^\[(.*)\]$/, '$1');
    if (!ipaddr.isValid(bare)) return failure('error', `${JSON.stringify(ip)} is not an IP address`);
    const address = ipaddr.process(bare);
    return this.cached('network', address.toString(), () => this.lookUpNetwork(address));
  }

  /**
   * The covering network: the holder's own network first, then the one its
   * `up` link names. Registries give that link for reassigned and allocated
   * blocks (ARIN, RIPE NCC); a network without one has no upstream to name.
   */
  async upstreamNetwork(ip: string): Promise<RdapNetworkAnswer> {
    const own = await this.network(ip);
    if (!own.found) return own;
    if (!own.upLink) return failure('not_found', `${own.source} names no covering network (no "up" link)`);
    // Cached by its URL, which never looks like an address.
    return this.cached('network', own.upLink, () => this.networkAt(own.upLink!));
  }

  async domain(name: string): Promise<RdapDomainAnswer> {
    const ascii = asciiDomain(name);
    if (ascii === undefined || ipaddr.isValid(ascii)) return failure('error', `${JSON.stringify(name)} is not a domain name`);
    // Registries answer for registered names, not for the hosts under them.
    const registered = getDomain(ascii) ?? ascii;
    return this.cached('domain', registered, () => this.lookUpDomain(registered));
  }

  private async cached<Answer extends RdapNetworkAnswer | RdapDomainAnswer>(kind: RdapQueryKind, query: string, lookUp: () => Promise<Answer>): Promise<Answer> {
    const hit = await this.cache.get(kind, query);
    if (hit !== undefined) return hit as Answer;
    const answer = await lookUp();
    if (!answer.found) this.options.logger?.warn({ kind, query, reason: answer.reason, detail: answer.detail }, 'RDAP lookup found no answer');
    const ttlMs = this.ttlOf(answer);
    if (ttlMs > 0) await this.cache.put(kind, query, answer, ttlMs);
    return answer;
  }

  private ttlOf(answer: RdapNetworkAnswer | RdapDomainAnswer): number {
    if (answer.found || answer.reason === 'not_found') return this.options.cacheTtlMs;
    // Without bootstrap files nothing was asked; the next lookup may have them.
    return answer.reason === 'no_bootstrap' ? 0 : this.failureTtlMs;
  }

  private async lookUpNetwork(address: ipaddr.IPv4 | ipaddr.IPv6): Promise<RdapNetworkAnswer> {
    const file = address.kind() === 'ipv4' ? 'ipv4.json' : 'ipv6.json';
    const baseUrl = await this.serviceFor(file, (registry) => serviceForAddress(registry, address));
    if (typeof baseUrl !== 'string') return baseUrl;
    return this.networkAt(`${baseUrl}ip/${address.toString()}`);
  }

  private async networkAt(url: string): Promise<RdapNetworkAnswer> {
    const answered = await this.fetchObject(url);
    if ('found' in answered) return answered;
    return this.read(answered, () => ({ found: true as const, ...networkFacts(answered.object), source: answered.source }));
  }

  private async lookUpDomain(name: string): Promise<RdapDomainAnswer> {
    const baseUrl = await this.serviceFor('dns.json', (registry) => serviceForDomain(registry, name));
    if (typeof baseUrl !== 'string') return baseUrl;
    const answered = await this.fetchObject(`${baseUrl}domain/${name}`);
    if ('found' in answered) return answered;
    const registry = this.read(answered, () => domainFacts(answered.object));
    if ('found' in registry) return registry;
    const registrar = registry.registrarLink && registry.registrarLink !== answered.source ? await this.registrarFacts(registry.registrarLink) : undefined;
    return { found: true, domain: registry.domain ?? name, ...mergeRegistrar(registry, registrar?.facts), source: registrar?.source ?? answered.source };
  }

  /** The registrar's own answer, where the registry links to it; the registry's answer stands when it fails. */
  private async registrarFacts(link: string): Promise<{ facts: DomainFacts; source: string } | undefined> {
    const answered = await this.fetchObject(link);
    if ('found' in answered) {
      this.options.logger?.warn({ link, reason: answered.reason, detail: answered.detail }, "the registrar's RDAP service did not answer; using the registry's answer");
      return undefined;
    }
    try {
      return { facts: domainFacts(answered.object), source: answered.source };
    } catch (error) {
      this.options.logger?.warn({ link, err: error }, "the registrar's RDAP answer could not be read; using the registry's answer");
      return undefined;
    }
  }

  private read<Answer>(answered: Answered, facts: () => Answer): Answer | RdapFailure {
    try {
      return facts();
    } catch (error) {
      return this.unexpected(answered.source, error);
    }
  }

  private unexpected(source: string, error: unknown): RdapFailure {
    if (error instanceof UnexpectedResponse) return failure('error', `${source}: ${error.message}`);
    throw error;
  }

  /** The base URL the bootstrap names, or the failure saying why there is none. */
  private async serviceFor(file: BootstrapFile, find: (registry: BootstrapRegistry) => string | undefined): Promise<string | RdapFailure> {
    if (!this.folder) return failure('no_bootstrap', 'no RDAP bootstrap folder is configured');
    try {
      const registry = (await this.folder.registry(file)) ?? (await this.downloadedRegistry(file));
      if (!registry) return failure('no_bootstrap', `${this.folder.dir} has no ${file}: run "npx openhotline rdap refresh" or set RDAP_BOOTSTRAP_DIR`);
      return find(registry) ?? failure('no_bootstrap', `${file} names no RDAP service for this`);
    } catch (error) {
      if (error instanceof BootstrapError) return failure('no_bootstrap', error.message);
      throw error;
    }
  }

  /** Fetches IANA's files into DATA_DIR when they are missing there, at most once per failure TTL. */
  private async downloadedRegistry(file: BootstrapFile): Promise<BootstrapRegistry | undefined> {
    const { dataDir } = this.options;
    if (this.options.bootstrapDir !== undefined || dataDir === undefined || !this.folder) return undefined;
    if (this.clock() - this.lastDownloadAttempt < this.failureTtlMs) return undefined;
    this.lastDownloadAttempt = this.clock();
    try {
      await refreshBootstrap(this.options.fetcher, refreshedBootstrapDir(dataDir), this.options.bootstrapSource);
      this.options.logger?.info({ dir: this.folder.dir }, 'downloaded the IANA RDAP bootstrap files');
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'could not download the IANA RDAP bootstrap files');
      return undefined;
    }
    return this.folder.registry(file);
  }

  /** GETs an RDAP object: its JSON and the URL that answered, or why there is none. */
  private async fetchObject(url: string): Promise<Answered | RdapFailure> {
    const outcome = await this.options.fetcher.fetch(url);
    if (!outcome.ok) return failure(outcome.failure === 'timeout' ? 'timeout' : 'error', `${url}: ${outcome.message}`);
    const source = outcome.hops.at(-1) ?? url;
    if (outcome.status === 404) return failure('not_found', `${source} has no such object`);
    if (outcome.status < 200 || outcome.status > 299) return failure('error', `${source} answered HTTP ${outcome.status}`);
    try {
      return { object: parseJsonObject(outcome.body), source };
    } catch (error) {
      return this.unexpected(source, error);
    }
  }
}

/** The registry's facts, completed by the registrar's own answer: every abuse address there is the registrar's. */
function mergeRegistrar(registry: DomainFacts, registrar: DomainFacts | undefined): Pick<Extract<RdapDomainAnswer, { found: true }>, 'registrar' | 'abuseEmails'> {
  const registrarAbuse = unique([...(registry.registrar?.abuseEmails ?? []), ...(registrar?.abuseEmails ?? [])]);
  const name = registry.registrar?.name ?? registrar?.registrar?.name;
  const ianaId = registry.registrar?.ianaId ?? registrar?.registrar?.ianaId;
  return {
    ...(name !== undefined && { registrar: { name, ...(ianaId !== undefined && { ianaId }), abuseEmails: registrarAbuse } }),
    abuseEmails: unique([...registry.abuseEmails, ...registrarAbuse]),
  };
}
