export const MAX_URL_LENGTH = 2048;

export type UrlProblem = 'required' | 'too_long' | 'scheme' | 'invalid' | 'host';

export type NormalizedUrl =
  | { ok: true; url: string; host: string }
  | { ok: false; problem: UrlProblem };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// Characters a browser would never send raw; encoded the way a browser encodes them.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const UNSENDABLE = /[\u0000-\u0020\u007f]/g;

/**
 * Normalises a reported URL so that the same resource reported twice is one
 * item: scheme and host lower-cased, IDN host to punycode, default port and
 * fragment removed. Path and query are kept as typed, because servers may
 * treat case, encoding and dot-segments as significant.
 */
export function normalizeUrl(input: string): NormalizedUrl {
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'required' };
  if (text.length > MAX_URL_LENGTH) return { ok: false, problem: 'too_long' };

  const withScheme = SCHEME.test(text) && !/^[^:/?#]+:\d/.test(text) ? text : `http://${text}`;
  const scheme = SCHEME.exec(withScheme)![1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { ok: false, problem: 'scheme' };

  const rest = withScheme.slice(scheme.length + 1);
  if (!rest.startsWith('//')) return { ok: false, problem: 'invalid' };
  const { authority, pathAndQuery } = splitAfterScheme(rest.slice(2));
  const parsedAuthority = parseAuthority(authority, scheme);
  if (!parsedAuthority.ok) return parsedAuthority;

  const path = pathAndQuery === '' || pathAndQuery.startsWith('?') ? `/${pathAndQuery}` : pathAndQuery;
  const url = `${scheme}://${parsedAuthority.authority}${path.replace(UNSENDABLE, encodeChar)}`;
  return { ok: true, url, host: parsedAuthority.host };
}

function splitAfterScheme(afterSlashes: string): { authority: string; pathAndQuery: string } {
  const withoutFragment = afterSlashes.split('#', 1)[0]!;
  const end = withoutFragment.search(/[/?\\]/);
  if (end === -1) return { authority: withoutFragment, pathAndQuery: '' };
  return { authority: withoutFragment.slice(0, end), pathAndQuery: withoutFragment.slice(end) };
}

type ParsedAuthority = { ok: true; authority: string; host: string } | { ok: false; problem: UrlProblem };

/** Host and port through the WHATWG parser (IDNA, case, IPv4 forms, default port); user info kept as typed. */
function parseAuthority(authority: string, scheme: string): ParsedAuthority {
  const userinfo = authority.slice(0, authority.lastIndexOf('@') + 1);
  const hostPort = authority.slice(userinfo.length);
  if (hostPort === '' || /\s/.test(hostPort)) return { ok: false, problem: 'host' };
  if (!URL.canParse(`${scheme}://${hostPort}/`)) return { ok: false, problem: 'invalid' };
  const parsed = new URL(`${scheme}://${hostPort}/`);
  const host = parsed.hostname.replace(/\.$/, '');
  if (!isPlausibleHost(host)) return { ok: false, problem: 'host' };
  return { ok: true, authority: `${userinfo}${host}${parsed.port ? `:${parsed.port}` : ''}`, host };
}

/** An IP literal, or a name of at least two labels (a bare word is not a site on the internet). */
function isPlausibleHost(host: string): boolean {
  if (host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host)) return true;
  const labels = host.split('.');
  return labels.length >= 2 && labels.every((label) => label !== '' && label.length <= 63);
}

function encodeChar(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}
