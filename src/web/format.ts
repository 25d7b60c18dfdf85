import type { Locale } from '../config/config.js';
import { html, type Html } from './html.js';

/** A moment to the minute in UTC, the same in every language: 2026-05-04 09:30 UTC. */
export const utcMinute = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A moment as a machine-readable <time>, shown to the minute in UTC. */
export const when = (date: Date): Html => html`<time datetime="${date.toISOString()}">${utcMinute(date)}</time>`;

/** An identifier such as not_illegal as words. */
export const humanize = (value: string): string => value.replaceAll('_', ' ');

/** A size in bytes for people, in their language: 980 bytes, 12.4 kB, 3.1 MB; 980 bajtů, 12,4 kB, 3,1 MB. */
export function byteSize(bytes: number, locale: Locale): string {
  if (bytes < 1000) return inUnit(locale, bytes, 'byte', 'long', 0);
  if (bytes < 1_000_000) return inUnit(locale, bytes / 1000, 'kilobyte', 'short', 1);
  return inUnit(locale, bytes / 1_000_000, 'megabyte', 'short', 1);
}

function inUnit(locale: Locale, value: number, unit: string, unitDisplay: 'long' | 'short', digits: number): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(value);
}

/** A short reference to a row for people to tell items apart and say aloud: the first eight digits of its id. */
export const shortRef = (id: string): string => id.slice(0, 8);

/**
 * An address shortened for a list: without its scheme, and when still long,
 * the host, an ellipsis and the end of the path (from a slash where one is
 * near), where pages differ most.
 */
export function shortUrl(url: string, max = 44): string {
  const bare = url.replace(/^https?:\/\//, '');
  if (bare.length <= max) return bare;
  const slash = bare.indexOf('/');
  const host = slash < 0 ? bare : bare.slice(0, slash);
  const room = max - host.length - 2;
  if (room < 12) return `${bare.slice(0, max - 1)}…`;
  const end = bare.slice(bare.length - room);
  const cut = end.indexOf('/');
  return `${host}/…${cut >= 0 && cut < end.length - 8 ? end.slice(cut) : end}`;
}

/** A country code (ISO 3166-1 alpha-2) as the country's name in the reader's language, the code kept: Netherlands (NL). */
export function countryName(code: string, locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(code.toUpperCase());
  return name ? `${name} (${code.toUpperCase()})` : code;
}
