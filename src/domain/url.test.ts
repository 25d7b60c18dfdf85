import { describe, expect, it } from 'vitest';
import { MAX_URL_LENGTH, normalizeUrl } from './url.js';

function normalized(input: string): string {
  const result = normalizeUrl(input);
  if (!result.ok) throw new Error(`rejected ${input}: ${result.problem}`);
  return result.url;
}

describe('normalizeUrl', () => {
  it('lower-cases scheme and host and removes the default port and fragment', () => {
    expect(normalized('HTTP://Test-Illegal.EXAMPLE:80/Path/To?Q=A#frag')).toBe(
      'http://test-illegal.example/Path/To?Q=A',
    );
    expect(normalized('https://test-illegal.example:443/')).toBe('https://test-illegal.example/');
  });

  it('keeps a port that is not the default', () => {
    expect(normalized('https://test-illegal.example:8443/a')).toBe('https://test-illegal.example:8443/a');
  });

  it('turns an IDN host into punycode', () => {
    expect(normalized('http://bücher.example/Straße')).toBe('http://xn--bcher-kva.example/Straße');
  });

  it('keeps path and query byte for byte, dot segments and encodings included', () => {
    expect(normalized('http://a.example/x/../Y/%7e?b=2&a=1&a=1')).toBe('http://a.example/x/../Y/%7e?b=2&a=1&a=1');
  });

  it('gives an empty path a slash', () => {
    expect(normalized('http://a.example')).toBe('http://a.example/');
    expect(normalized('http://a.example?x=1')).toBe('http://a.example/?x=1');
  });

  it('assumes http for an address typed without a scheme', () => {
    expect(normalized('test-illegal.example/page')).toBe('http://test-illegal.example/page');
    expect(normalized('test-illegal.example:8080/page')).toBe('http://test-illegal.example:8080/page');
  });

  it('encodes spaces and control characters as a browser would send them', () => {
    expect(normalized(' http://a.example/a b\t ')).toBe('http://a.example/a%20b');
  });

  it('removes the trailing dot of a fully qualified host', () => {
    expect(normalized('http://a.example./')).toBe('http://a.example/');
  });

  it('keeps IP addresses in canonical form', () => {
    expect(normalized('http://0x7f.0.0.1/')).toBe('http://127.0.0.1/');
    expect(normalized('http://[::1]:8080/')).toBe('http://[::1]:8080/');
  });

  it('reports the host it found', () => {
    expect(normalizeUrl('https://WWW.Test-Illegal.example/x')).toMatchObject({ host: 'www.test-illegal.example' });
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['ftp://a.example/file', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['mailto:a@b.example', 'scheme'],
    ['http:a.example', 'invalid'],
    ['http://', 'host'],
    ['http://localhost/', 'host'],
    ['http://exa mple.com/', 'host'],
    ['http://a.example:99999/', 'invalid'],
    [`http://a.example/${'x'.repeat(MAX_URL_LENGTH)}`, 'too_long'],
  ])('rejects %j as %s', (input, problem) => {
    expect(normalizeUrl(input)).toEqual({ ok: false, problem });
  });
});
