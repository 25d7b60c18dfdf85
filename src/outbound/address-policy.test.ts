import { describe, expect, it } from 'vitest';
import { allowing, parseAddress, parseCidr } from './address-policy.js';

describe('parseAddress', () => {
  it('reads ::a.b.c.d as RFC 4291 does, an IPv4-compatible address, not an IPv4-mapped one', () => {
    expect(parseAddress('::127.0.0.1')?.toString()).toBe('::7f00:1');
    expect(parseAddress('::ffff:127.0.0.1')?.toString()).toBe('::ffff:7f00:1');
    expect(parseAddress('64:ff9b::10.0.0.1')?.toString()).toBe('64:ff9b::a00:1');
  });

  it('reads IPv4 only as four decimal parts', () => {
    expect(parseAddress('127.0.0.1')?.toString()).toBe('127.0.0.1');
    for (const text of ['0x7f.1', '2130706433', '127.000.0.1', 'localhost', '']) expect(parseAddress(text), text).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 networks, and nothing else', () => {
    expect(parseCidr('127.0.0.0/8')?.toString()).toBe('127.0.0.0,8');
    expect(parseCidr('::1/128')?.toString()).toBe('::1,128');
    for (const text of ['127.0.0.1', '10.0.0.0/33', '::/129', 'localhost/8', '127.0.0.0/8/8', '127.0.0.0/']) expect(parseCidr(text), text).toBeUndefined();
  });
});

describe('allowing', () => {
  const policy = allowing(['127.0.0.0/8', '::1/128', 'fd00:1::/32']);

  it('allows the listed networks besides public addresses', () => {
    for (const address of ['8.8.8.8', '127.0.0.1', '127.255.255.255', '::1', '::ffff:127.0.0.1', 'fd00:1::5']) expect(policy(address), address).toBe(true);
  });

  it('refuses every other address that is not public', () => {
    for (const address of ['10.0.0.1', '169.254.169.254', 'fd00:2::5', 'not an address']) expect(policy(address), address).toBe(false);
  });

  it('does not take a text that is not a network', () => {
    expect(() => allowing(['127.0.0.1'])).toThrow(/127\.0\.0\.1/);
  });
});
