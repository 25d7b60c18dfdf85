import { beforeAll, describe, expect, it } from 'vitest';
import { hostingCountryOf, traceHost, type HostAddress } from './hosting.js';
import { IpData } from './ip-data.js';

let ipData: IpData;

beforeAll(async () => {
  ipData = await IpData.open();
}, 60_000);

describe('IpData', () => {
  it('knows the country and network of public IPv4 and IPv6 addresses', () => {
    expect(ipData.lookup('8.8.8.8')).toEqual({ country: 'US', network: { asn: 15169, organisation: expect.stringMatching(/google/i) } });
    expect(ipData.lookup('2001:4860:4860::8888')).toMatchObject({ country: 'US', network: { asn: 15169 } });
    expect(ipData.lookup('1.1.1.1').network).toMatchObject({ asn: 13335 });
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(ipData.lookup('::ffff:8.8.8.8')).toEqual(ipData.lookup('8.8.8.8'));
  });

  it('knows nothing of private addresses', () => {
    expect(ipData.lookup('10.0.0.1')).toEqual({ country: null, network: null });
  });
});

describe('traceHost', () => {
  it('traces a literal address without asking DNS', async () => {
    const trace = await traceHost('8.8.4.4', ipData, () => Promise.reject(new Error('no DNS expected')));
    expect(trace).toEqual({ ok: true, addresses: [{ address: '8.8.4.4', family: 4, isPublic: true, country: 'US', network: expect.objectContaining({ asn: 15169 }) }] });
  });

  it('traces every address a name resolves to', async () => {
    const trace = await traceHost('localhost', ipData);
    expect(trace.ok && trace.addresses.map((a) => a.address)).toContain('127.0.0.1');
    expect(trace.ok && trace.addresses.every((a) => !a.isPublic && a.country === null)).toBe(true);
  });

  it('calls no address public that the fetcher refuses, and says what it is', async () => {
    const trace = await traceHost('[::127.0.0.1]', ipData, () => Promise.reject(new Error('no DNS expected')));
    expect(trace).toEqual({ ok: true, addresses: [{ address: '::127.0.0.1', family: 6, isPublic: false, notPublic: 'outside global unicast 2000::/3', country: null, network: null }] });
    const loopback = await traceHost('localhost', ipData, async () => [{ address: '127.0.0.1', family: 4 }]);
    expect(loopback.ok && loopback.addresses[0]).toMatchObject({ isPublic: false, notPublic: '127.0.0.0/8 Loopback' });
  });

  it('says why a name could not be resolved', async () => {
    const trace = await traceHost('no-such-host.invalid', ipData);
    expect(trace).toEqual({ ok: false, error: expect.stringContaining('no-such-host.invalid could not be resolved') });
  });
});

describe('hostingCountryOf', () => {
  const at = (country: string | null): HostAddress => ({ address: '192.0.2.1', family: 4, isPublic: true, country, network: null });

  it('is the country of most addresses', () => {
    expect(hostingCountryOf([at('NL'), at('DE'), at('DE')])).toBe('DE');
  });

  it('breaks a tie by the first address', () => {
    expect(hostingCountryOf([at('CZ'), at('SE')])).toBe('CZ');
  });

  it('is null when no address has a country', () => {
    expect(hostingCountryOf([at(null)])).toBeNull();
    expect(hostingCountryOf([])).toBeNull();
  });
});
