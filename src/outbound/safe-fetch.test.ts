import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackAllowed, startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { publicAddressesOnly } from './address-policy.js';
import { SafeFetcher, type FetchLimits } from './safe-fetch.js';

const LIMITS: FetchLimits = { maxBytes: 10_000, timeoutMs: 2_000, maxRedirects: 3 };

let site: LoopbackServer;

beforeAll(async () => {
  site = await startLoopbackServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/page':
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>hello</p>');
        return;
      case '/missing':
        response.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
        return;
      case '/redirect':
        response.writeHead(302, { location: url.searchParams.get('to') ?? '/page' }).end();
        return;
      case '/loop':
        response.writeHead(301, { location: '/loop' }).end();
        return;
      case '/large':
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(20_000));
        return;
      case '/large-chunked':
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let i = 0; i < 20; i += 1) response.write(Buffer.alloc(1_000));
        response.end();
        return;
      case '/silent':
        return; // never answers
      default:
        response.writeHead(500).end();
    }
  });
});

afterAll(async () => {
  await site.close();
});

const loopbackFetcher = (limits: Partial<FetchLimits> = {}) => new SafeFetcher({ limits: { ...LIMITS, ...limits }, policy: loopbackAllowed });

describe('SafeFetcher', () => {
  it('fetches a page and tells its status, type and body', async () => {
    const outcome = await loopbackFetcher().fetch(`${site.origin}/page`);
    expect(outcome).toMatchObject({ ok: true, status: 200, contentType: 'text/html; charset=utf-8', hops: [`${site.origin}/page`] });
    expect(outcome.ok && outcome.body.toString()).toBe('<p>hello</p>');
  });

  it('reports an error status as an answer, not a failure', async () => {
    expect(await loopbackFetcher().fetch(`${site.origin}/missing`)).toMatchObject({ ok: true, status: 404 });
  });

  it('follows redirects and records every hop', async () => {
    const outcome = await loopbackFetcher().fetch(`${site.origin}/redirect?to=/page`);
    expect(outcome).toMatchObject({ ok: true, status: 200, hops: [`${site.origin}/redirect?to=/page`, `${site.origin}/page`] });
  });

  it.each([
    ['loopback by address', 'http://127.0.0.1:9/'],
    ['loopback by name', 'http://localhost:9/'],
    ['IPv6 loopback', 'http://[::1]:9/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:9/'],
    ['IPv4-compatible loopback', 'http://[::127.0.0.1]:9/'],
    ['an IPv4-compatible private address', 'http://[::10.0.0.1]:9/'],
    ['NAT64 of cloud metadata', 'http://[64:ff9b::169.254.169.254]/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'http://10.1.2.3/'],
    ['carrier-grade NAT', 'http://100.64.0.1/'],
    ['the unspecified address', 'http://0.0.0.0:9/'],
    ['a decimal-encoded loopback', 'http://2130706433:9/'],
  ])('refuses %s with the default policy', async (_name, url) => {
    const fetcher = new SafeFetcher({ limits: LIMITS });
    expect(await fetcher.fetch(url)).toMatchObject({ ok: false, failure: 'blocked_address' });
    await fetcher.close();
  });

  it('refuses an IPv4-compatible address of loopback even where loopback itself may be fetched', async () => {
    const url = `http://[::127.0.0.1]:${site.port}/page`;
    expect(await loopbackFetcher().fetch(url)).toMatchObject({ ok: false, failure: 'blocked_address', message: expect.stringContaining('::7f00:1') });
    expect(await loopbackFetcher().fetch(`${site.origin}/redirect?to=${encodeURIComponent(url)}`)).toMatchObject({ ok: false, failure: 'blocked_address', hops: [expect.any(String), `http://[::7f00:1]:${site.port}/page`] });
  });

  it('refuses a redirect to a private address, after following the first hop', async () => {
    const to = 'http://169.254.169.254/latest/meta-data/';
    const outcome = await loopbackFetcher().fetch(`${site.origin}/redirect?to=${encodeURIComponent(to)}`);
    expect(outcome).toMatchObject({ ok: false, failure: 'blocked_address', hops: [expect.any(String), to] });
  });

  it('checks every address a name resolves to, not only the first', async () => {
    const onlyIpv4Loopback = (address: string) => address === '127.0.0.1' || publicAddressesOnly(address);
    const fetcher = new SafeFetcher({ limits: LIMITS, policy: onlyIpv4Loopback });
    const outcome = await fetcher.fetch(`http://localhost:${site.port}/page`);
    // localhost resolves to ::1 as well where IPv6 is configured; then the whole name is refused.
    const resolvesIpv6 = (await import('node:dns')).promises.lookup('localhost', { all: true }).then((all) => all.some((a) => a.family === 6));
    expect(outcome).toMatchObject((await resolvesIpv6) ? { ok: false, failure: 'blocked_address' } : { ok: true, status: 200 });
    await fetcher.close();
  });

  it('stops after too many redirects', async () => {
    const outcome = await loopbackFetcher().fetch(`${site.origin}/loop`);
    expect(outcome).toMatchObject({ ok: false, failure: 'too_many_redirects' });
    expect(outcome.hops).toHaveLength(LIMITS.maxRedirects + 1);
  });

  it.each(['/large', '/large-chunked'])('refuses an answer larger than the limit (%s)', async (path) => {
    expect(await loopbackFetcher().fetch(`${site.origin}${path}`)).toMatchObject({ ok: false, failure: 'too_large' });
  });

  it('gives up on a server that does not answer in time', async () => {
    expect(await loopbackFetcher({ timeoutMs: 300 }).fetch(`${site.origin}/silent`)).toMatchObject({ ok: false, failure: 'timeout' });
  });

  it('tells a refused connection apart', async () => {
    const closed = await startLoopbackServer(() => undefined);
    await closed.close();
    expect(await loopbackFetcher().fetch(`${closed.origin}/`)).toMatchObject({ ok: false, failure: 'connection' });
  });

  it.each(['ftp://example.org/file', 'file:///etc/passwd', 'http://user:secret@example.org/', 'not a url'])('refuses %s', async (url) => {
    expect(await loopbackFetcher().fetch(url)).toMatchObject({ ok: false, failure: 'invalid_url' });
  });

  it('sends every request through the outbound proxy when one is set', async () => {
    const proxy = createProxy(http.createServer());
    const proxied: string[] = [];
    proxy.on('connect', (request: http.IncomingMessage) => proxied.push(request.url ?? ''));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const fetcher = new SafeFetcher({ limits: LIMITS, policy: loopbackAllowed, proxyUrl });
    const outcome = await fetcher.fetch(`${site.origin}/page`);
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(proxied).toEqual([`127.0.0.1:${site.port}`]);
    expect(await fetcher.fetch('http://169.254.169.254/')).toMatchObject({ ok: false, failure: 'blocked_address' });
    expect(await fetcher.fetch(`http://[::127.0.0.1]:${site.port}/page`)).toMatchObject({ ok: false, failure: 'blocked_address' });
    expect(proxied).toEqual([`127.0.0.1:${site.port}`]);
    await fetcher.close();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });
});
