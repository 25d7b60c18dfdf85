import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicOrLoopback } from '../outbound/address-policy.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { asciiDomain, BootstrapError, parseBootstrap, serviceForAddress, serviceForDomain, type BootstrapRegistry } from './bootstrap.js';
import { refreshBootstrap } from './refresh.js';

// The structure of IANA's files (RFC 9224 section 5), with documentation prefixes.
const registry = (services: BootstrapRegistry['services']): BootstrapRegistry => ({ version: '1.0', publication: '2025-01-01T00:00:00Z', description: 'test', services });

const ipv4 = registry([
  [['192.0.0.0/8'], ['https://rir-wide.example/rdap/']],
  [['192.0.2.0/24', '198.51.100.0/24'], ['http://rir-narrow.example/rdap/', 'https://rir-narrow.example/rdap/']],
]);
const ipv6 = registry([[['2001:db8::/32'], ['https://rir-six.example']]]);
const dns = registry([
  [['uk'], ['https://uk-registry.example/']],
  [['co.uk'], ['https://co-uk-registry.example/']],
  [['com', 'net'], ['https://com-registry.example/com/v1/']],
]);

describe('finding the RDAP service in the bootstrap (RFC 9224)', () => {
  it('takes the longest matching prefix and its HTTPS base URL', () => {
    expect(serviceForAddress(ipv4, ipaddr.parse('192.0.2.7'))).toBe('https://rir-narrow.example/rdap/');
    expect(serviceForAddress(ipv4, ipaddr.parse('192.0.3.7'))).toBe('https://rir-wide.example/rdap/');
    expect(serviceForAddress(ipv4, ipaddr.parse('203.0.113.1'))).toBeUndefined();
  });

  it('matches IPv6 prefixes and adds the trailing slash a base URL needs', () => {
    expect(serviceForAddress(ipv6, ipaddr.parse('2001:db8::1'))).toBe('https://rir-six.example/');
    expect(serviceForAddress(ipv4, ipaddr.parse('2001:db8::1'))).toBeUndefined();
  });

  it('takes the longest matching label suffix of a domain', () => {
    expect(serviceForDomain(dns, 'example.co.uk')).toBe('https://co-uk-registry.example/');
    expect(serviceForDomain(dns, 'example.uk')).toBe('https://uk-registry.example/');
    expect(serviceForDomain(dns, 'example.com')).toBe('https://com-registry.example/com/v1/');
    expect(serviceForDomain(dns, 'example.org')).toBeUndefined();
  });

  it('asks for domains as lower-case A-labels without the final dot', () => {
    expect(asciiDomain('WWW.Example.COM.')).toBe('www.example.com');
    expect(asciiDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(asciiDomain('localhost')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['no publication', JSON.stringify({ version: '1.0', services: [] }), /version and publication/],
    ['bad services', JSON.stringify({ version: '1.0', publication: 'x', services: [['com', 'https://x.example/']] }), /services/],
  ])('refuses a file with %s', (_name, text, message) => {
    expect(() => parseBootstrap(text, 'dns.json')).toThrow(message);
  });
});

describe('rdap refresh', () => {
  let iana: LoopbackServer;
  let dir: string;
  const fetcher = new SafeFetcher({ limits: { maxBytes: 1_000_000, timeoutMs: 2_000, maxRedirects: 2 }, policy: publicOrLoopback });
  let serveBroken = false;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rdap-bootstrap-'));
    iana = await startLoopbackServer((request, response) => {
      const file = request.url?.split('/').pop() ?? '';
      const files: Record<string, BootstrapRegistry> = { 'dns.json': dns, 'ipv4.json': ipv4, 'ipv6.json': ipv6, 'asn.json': registry([[['64496-64511'], ['https://rir-wide.example/rdap/']]]) };
      const body = files[file];
      if (!body) return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(serveBroken && file === 'asn.json' ? '{"version":"1.0"}' : JSON.stringify(body));
    });
  });

  afterAll(async () => {
    await fetcher.close();
    await iana.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads the four files, checks them and saves them', async () => {
    const refreshed = await refreshBootstrap(fetcher, dir, `${iana.origin}/rdap/`);
    expect(refreshed.map((file) => [file.file, file.services])).toEqual([
      ['dns.json', 3],
      ['ipv4.json', 2],
      ['ipv6.json', 1],
      ['asn.json', 1],
    ]);
    expect(parseBootstrap(await readFile(path.join(dir, 'dns.json'), 'utf8'), 'dns.json').services).toEqual(dns.services);
  });

  it('keeps the previous files when one download is not a bootstrap file', async () => {
    serveBroken = true;
    await expect(refreshBootstrap(fetcher, dir, `${iana.origin}/rdap/`)).rejects.toThrow(BootstrapError);
    expect(parseBootstrap(await readFile(path.join(dir, 'asn.json'), 'utf8'), 'asn.json').services).toHaveLength(1);
  });
});
