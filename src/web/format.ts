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
