import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { publicAddressesOnly, type AddressPolicy } from './address-policy.js';

/**
 * Fetching what the public reported, without letting a reported URL reach the
 * hotline's own network: every address a name resolves to is checked when the
 * connection is made (so a second, different DNS answer cannot slip through),
 * every redirect hop is checked again, and size and time are bounded.
 */
export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export interface SafeFetcherOptions {
  limits: FetchLimits;
  /** Which addresses may be connected to; public unicast only unless given. */
  policy?: AddressPolicy;
  /** An HTTP proxy every request goes through, so sites never see the hotline's address. */
  proxyUrl?: string | undefined;
  userAgent?: string;
}

export type FetchFailure =
  | 'invalid_url'
  | 'blocked_address'
  | 'dns'
  | 'connection'
  | 'tls'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects';

export interface FetchedResponse {
  ok: true;
  /** Every address requested, the first one first; the last one answered. */
  hops: string[];
  status: number;
  contentType: string | null;
  body: Buffer;
}

export interface FailedFetch {
  ok: false;
  hops: string[];
  failure: FetchFailure;
  message: string;
}

export type FetchOutcome = FetchedResponse | FailedFetch;

export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

class FetchRefused extends Error {
  constructor(
    readonly failure: FetchFailure,
    message: string,
  ) {
    super(message);
    this.name = 'FetchRefused';
  }
}

/** A name resolver that refuses to hand a connection any address the policy forbids. */
function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const forbidden = firstForbidden(addresses, policy);
      if (forbidden) return callback(blockedAddress(hostname, forbidden), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** A name is refused as a whole when any one of its addresses is. */
function firstForbidden(addresses: readonly dns.LookupAddress[], policy: AddressPolicy): string | undefined {
  return addresses.find((entry) => !policy(entry.address))?.address;
}

function blockedAddress(host: string, address: string): FetchRefused {
  return new FetchRefused('blocked_address', `${host} resolves to ${address}, which is not a public address`);
}

export class SafeFetcher {
  private readonly policy: AddressPolicy;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: SafeFetcherOptions) {
    this.policy = options.policy ?? publicAddressesOnly;
    const connect = { lookup: guardedLookup(this.policy), timeout: options.limits.timeoutMs };
    this.dispatcher = options.proxyUrl ? new ProxyAgent({ uri: options.proxyUrl }) : new Agent({ connect });
  }

  /** GETs the URL, following redirects one checked hop at a time. Never rejects for what the remote end does. */
  async fetch(url: string): Promise<FetchOutcome> {
    const hops: string[] = [];
    const signal = AbortSignal.timeout(this.options.limits.timeoutMs);
    let next: string | undefined = url;
    try {
      while (next !== undefined) {
        if (hops.length > this.options.limits.maxRedirects) throw new FetchRefused('too_many_redirects', `more than ${this.options.limits.maxRedirects} redirects`);
        hops.push(next);
        const answer = await this.fetchOnce(next, signal);
        if ('body' in answer) return { ok: true, hops, ...answer };
        next = answer.location;
      }
      throw new FetchRefused('invalid_url', 'no address to fetch');
    } catch (error) {
      return { ok: false, hops, ...describeFailure(error, signal) };
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async fetchOnce(address: string, signal: AbortSignal): Promise<{ location: string } | Omit<FetchedResponse, 'ok' | 'hops'>> {
    const target = await this.checkedTarget(address);
    const response = await request(target, {
      dispatcher: this.dispatcher,
      method: 'GET',
      signal,
      headers: { 'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT, accept: '*/*' },
      headersTimeout: this.options.limits.timeoutMs,
      bodyTimeout: this.options.limits.timeoutMs,
    });
    const location = headerValue(response.headers.location);
    if (response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
      discard(response.body);
      return { location: resolveRedirect(location, target) };
    }
    const body = await readLimited(response.body, this.options.limits.maxBytes, headerValue(response.headers['content-length']));
    return { status: response.statusCode, contentType: headerValue(response.headers['content-type']) ?? null, body };
  }

  /** Checks the scheme, and the address when it is written as one (no name lookup happens then); with a proxy, the names too. */
  private async checkedTarget(address: string): Promise<URL> {
    let target: URL;
    try {
      target = new URL(address);
    } catch {
      throw new FetchRefused('invalid_url', `not a valid address: ${address}`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new FetchRefused('invalid_url', `only http and https are fetched, not ${target.protocol}`);
    if (target.username || target.password) throw new FetchRefused('invalid_url', 'addresses with credentials are not fetched');
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (net.isIP(host) !== 0) {
      if (!this.policy(host)) throw blockedAddress(host, host);
    } else if (this.options.proxyUrl) {
      // The proxy resolves the name itself; checking our own answer first is the best that can be done.
      const addresses = await dns.promises.lookup(host, { all: true });
      const forbidden = firstForbidden(addresses, this.policy);
      if (forbidden) throw blockedAddress(host, forbidden);
    }
    return target;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function resolveRedirect(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new FetchRefused('invalid_url', `the redirect to ${location} is not a valid address`);
  }
}

type ResponseBody = Dispatcher.ResponseData['body'];

/** Drops an answer's body unread; destroying it otherwise reports an abort nobody listens for. */
function discard(body: ResponseBody): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readLimited(body: ResponseBody, maxBytes: number, declaredLength: string | undefined): Promise<Buffer> {
  const tooLarge = () => new FetchRefused('too_large', `the answer is larger than ${maxBytes} bytes`);
  if (declaredLength !== undefined && Number(declaredLength) > maxBytes) {
    discard(body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) {
      discard(body);
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const NETWORK_FAILURES: Record<string, FetchFailure> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ENODATA: 'dns',
  ECONNREFUSED: 'connection',
  ECONNRESET: 'connection',
  EHOSTUNREACH: 'connection',
  ENETUNREACH: 'connection',
  UND_ERR_SOCKET: 'connection',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};

function describeFailure(error: unknown, signal: AbortSignal): { failure: FetchFailure; message: string } {
  const refused = findCause(error, (cause): cause is FetchRefused => cause instanceof FetchRefused);
  if (refused) return { failure: refused.failure, message: refused.message };
  if (signal.aborted) return { failure: 'timeout', message: 'no complete answer within the time limit' };
  const coded = findCause(error, (cause): cause is Error & { code: string } => typeof (cause as { code?: unknown }).code === 'string');
  const code = coded?.code ?? '';
  const failure = NETWORK_FAILURES[code] ?? (code.startsWith('ERR_TLS') || code.includes('CERT') ? 'tls' : 'connection');
  return { failure, message: coded?.message ?? String(error) };
}

function findCause<T>(error: unknown, test: (cause: unknown) => cause is T): T | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    if (test(cause)) return cause;
  }
  return undefined;
}
