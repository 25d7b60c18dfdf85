import { html, type Html } from './html.js';

/** A moment as a machine-readable <time>, shown to the minute in UTC. */
export const when = (date: Date): Html => html`<time datetime="${date.toISOString()}">${date.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;

/** An identifier such as not_illegal as words. */
export const humanize = (value: string): string => value.replaceAll('_', ' ');

/** A size in bytes for people: 980 bytes, 12.4 kB, 3.1 MB. */
export function byteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
