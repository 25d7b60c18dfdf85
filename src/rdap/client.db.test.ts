import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { loopbackAllowed } from '../test-support/web-server.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { RdapClient, type RdapClientOptions } from './index.js';

const TTL_MS = 24 * 3_600_000;
const FAILURE_TTL_MS = 5 * 60_000;

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

let database: DatabaseHandle;
let rdap: LoopbackServer;
let bootstrapDir: string;
const bootstrapFiles: Record<string, string> = {};
let now = Date.parse('2026-01-01T00:00:00Z');
const fetcher = new SafeFetcher({ limits: { maxBytes: 1_000_000, timeoutMs: 500, maxRedirects: 3 }, policy: loopbackAllowed });

const client = (options: Partial<RdapClientOptions> = {}) =>
  new RdapClient({ db: database.db, fetcher, bootstrapDir, cacheTtlMs: TTL_MS, failureTtlMs: FAILURE_TTL_MS, clock: () => now, ...options });
const requestsTo = (pathname: string) => rdap.requests.filter((request) => request === pathname).length;

beforeAll(async () => {
  database = await openTestDatabase();
  const responses: Record<string, string> = {
    '/rir/ip/192.0.2.10': await fixture('arin-ip.json'),
    '/rir/ip/192.0.2.130': (await fixture('arin-ip-reassigned.json')).replaceAll('https://rdap.arin.net/registry/', '/rir/'),
    '/rir/ip/192.0.2.0/24': await fixture('arin-ip.json'),
    '/ripe-now/ip/198.51.100.1': await fixture('ripe-ip.json'),
    '/apnic/ip/2001:db8::1': await fixture('apnic-ip.json'),
    '/registrar/rdap/domain/EXAMPLE.COM': await fixture('registrar-domain.json'),
  };
  const registry = await fixture('gtld-registry-domain.json');
  rdap = await startLoopbackServer((request, response) => {
    const url = request.url ?? '';
    if (url.startsWith('/slow/')) return; // never answers
    if (url.startsWith('/ripe/')) return response.writeHead(301, { location: url.replace('/ripe/', '/ripe-now/') }).end();
    const rdapJson = { 'content-type': 'application/rdap+json' };
    if (url === '/registry/domain/example.com') {
      return response.writeHead(200, rdapJson).end(registry.replaceAll('https://rdap.registrar.example/', `${rdap.origin}/registrar/`));
    }
    const body = responses[url]?.replaceAll('"/rir/', `"${rdap.origin}/rir/`) ?? bootstrapFiles[url.replace('/iana/', '')];
    if (body) return response.writeHead(200, rdapJson).end(body);
    response.writeHead(404, rdapJson).end(JSON.stringify({ errorCode: 404, title: 'Not Found' }));
  });
  bootstrapDir = await mkdtemp(path.join(os.tmpdir(), 'rdap-bootstrap-'));
  const service = (entries: string[], base: string) => [entries, [`${rdap.origin}/${base}/`]];
  const files = {
    'ipv4.json': [service(['192.0.0.0/8'], 'wrong'), service(['192.0.2.0/24'], 'rir'), service(['198.51.100.0/24'], 'ripe'), service(['203.0.113.0/24'], 'slow')],
    'ipv6.json': [service(['2001:db8::/32'], 'apnic')],
    'dns.json': [service(['com'], 'registry')],
    'asn.json': [service(['64496-64511'], 'rir')],
  };
  for (const [file, services] of Object.entries(files)) {
    bootstrapFiles[file] = JSON.stringify({ version: '1.0', publication: '2026-01-01T00:00:00Z', services });
    await writeFile(path.join(bootstrapDir, file), bootstrapFiles[file]);
  }
});

afterAll(async () => {
  await fetcher.close();
  await rdap.close();
  await database.close();
  await rm(bootstrapDir, { recursive: true, force: true });
});

describe(`RDAP lookups against a local RDAP server on ${testEngine}`, () => {
  it('finds a network, its holder and the abuse contact nested in the registrant, from the longest bootstrap prefix', async () => {
    expect(await client().network('192.0.2.10')).toMatchObject({
      found: true,
      cidrs: ['192.0.2.0/24'],
      holder: 'Example Hosting A',
      abuseEmails: ['abuse@hosting-a.example'],
      source: `${rdap.origin}/rir/ip/192.0.2.10`,
    });
    expect(requestsTo('/wrong/ip/192.0.2.10')).toBe(0);
  });

  it('finds the upstream of a reassigned block by its `up` link, and says so when a network has none', async () => {
    expect(await client().upstreamNetwork('192.0.2.130')).toMatchObject({ found: true, holder: 'Example Hosting A', abuseEmails: ['abuse@hosting-a.example'], source: `${rdap.origin}/rir/ip/192.0.2.0/24` });
    expect(await client().upstreamNetwork('192.0.2.10')).toMatchObject({ found: false, reason: 'not_found', detail: expect.stringContaining('no "up" link') });
    await client().upstreamNetwork('192.0.2.130');
    expect(requestsTo('/rir/ip/192.0.2.0/24')).toBe(1);
  });

  it('follows an RDAP redirect and names the service that answered', async () => {
    const answer = await client().network('198.51.100.1');
    expect(answer).toMatchObject({ found: true, country: 'NL', abuseEmails: ['abuse@hosting-b.example'], source: `${rdap.origin}/ripe-now/ip/198.51.100.1` });
  });

  it('looks up IPv6 networks', async () => {
    expect(await client().network('2001:db8::1')).toMatchObject({ found: true, country: 'AU', cidrs: ['2001:db8::/32'], abuseEmails: ['abuse@hosting-c.example'] });
  });

  it("finds a domain's registrar and its abuse contact, following the registry's link to the registrar, for a host under the domain", async () => {
    const answer = await client().domain('www.Example.com');
    expect(answer).toEqual({
      found: true,
      domain: 'example.com',
      registrar: { name: 'Example Registrar, LLC', ianaId: '9999', abuseEmails: ['abuse@registrar.example', 'abuse-desk@registrar.example'] },
      abuseEmails: ['abuse@registrar.example', 'abuse-desk@registrar.example'],
      source: `${rdap.origin}/registrar/rdap/domain/EXAMPLE.COM`,
    });
    expect(requestsTo('/registry/domain/example.com')).toBe(1);
    expect(requestsTo('/registrar/rdap/domain/EXAMPLE.COM')).toBe(1);
  });

  it('ignores redacted contacts and placeholder addresses', async () => {
    const text = JSON.stringify(await client().domain('example.com'));
    expect(text).not.toMatch(/Please query|REDACTED|""/);
  });

  it('answers again from the database cache without asking, also in another process, until the TTL passes', async () => {
    const asked = requestsTo('/rir/ip/192.0.2.10');
    expect(await client().network('192.0.2.10')).toMatchObject({ found: true, abuseEmails: ['abuse@hosting-a.example'] });
    expect(requestsTo('/rir/ip/192.0.2.10')).toBe(asked);

    now += TTL_MS + 1;
    await client().network('192.0.2.10');
    expect(requestsTo('/rir/ip/192.0.2.10')).toBe(asked + 1);
  });

  it('records a time-out as a failure, not an exception, and asks again only after the failure TTL', async () => {
    const lookup = client();
    expect(await lookup.network('203.0.113.5')).toMatchObject({ found: false, reason: 'timeout' });
    const row = await database.db.selectFrom('rdap_answers').select(['answer', 'expires_at']).where('kind', '=', 'network').where('query', '=', '203.0.113.5').executeTakeFirstOrThrow();
    expect(row.answer).toMatchObject({ found: false, reason: 'timeout' });
    expect(row.expires_at.getTime()).toBe(now + FAILURE_TTL_MS);

    expect(await lookup.network('203.0.113.5')).toMatchObject({ found: false, reason: 'timeout' });
    expect(requestsTo('/slow/ip/203.0.113.5')).toBe(1);
    now += FAILURE_TTL_MS + 1;
    await lookup.network('203.0.113.5');
    expect(requestsTo('/slow/ip/203.0.113.5')).toBe(2);
  });

  it('tells a 404 as not found, and remembers it', async () => {
    expect(await client().network('192.0.2.99')).toMatchObject({ found: false, reason: 'not_found' });
    expect(await client().domain('missing.com')).toMatchObject({ found: false, reason: 'not_found' });
    await client().network('192.0.2.99');
    expect(requestsTo('/rir/ip/192.0.2.99')).toBe(1);
  });

  it('downloads missing bootstrap files into the data folder and uses them from then on', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rdap-data-'));
    try {
      const lookup = client({ bootstrapDir: undefined, dataDir, bootstrapSource: `${rdap.origin}/iana/` });
      expect(await lookup.network('2001:db8::2')).toMatchObject({ found: false, reason: 'not_found' });
      expect(await readFile(path.join(dataDir, 'rdap-bootstrap', 'ipv6.json'), 'utf8')).toContain('/apnic/');
      expect(requestsTo('/iana/ipv6.json')).toBe(1);
      await lookup.domain('missing-too.com');
      expect(requestsTo('/iana/dns.json')).toBe(1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('says so when the bootstrap names no service, or there is no bootstrap, without asking anyone', async () => {
    const asked = rdap.requests.length;
    expect(await client().network('100.64.0.1')).toMatchObject({ found: false, reason: 'no_bootstrap' });
    expect(await client().domain('example.org')).toMatchObject({ found: false, reason: 'no_bootstrap' });
    expect(await client({ bootstrapDir: path.join(bootstrapDir, 'absent') }).network('192.0.2.11')).toMatchObject({ found: false, reason: 'no_bootstrap', detail: expect.stringContaining('rdap refresh') });
    expect(await client().network('not-an-address')).toMatchObject({ found: false, reason: 'error' });
    expect(await client().domain('192.0.2.10')).toMatchObject({ found: false, reason: 'error' });
    expect(rdap.requests.length).toBe(asked);
  });
});
