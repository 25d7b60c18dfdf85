import { FIRST_YEAR, LAST_YEAR } from './annual.js';

/** A calendar year as a query or option gives it (none given: the fallback), or undefined when it is not a plausible year. */
export function parseYear(text: string | undefined, fallback?: number): number | undefined {
  if (text === undefined || text === '') return fallback;
  if (!/^\d{4}$/.test(text)) return undefined;
  const year = Number(text);
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : undefined;
}

/** A day such as 2026-01-01 (UTC), or undefined. */
export function parseDay(text: string | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const day = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text ? undefined : day;
}

/** A period [from, to) of whole days, or undefined unless both are days and from comes first. */
export function parsePeriod(fromText: string | undefined, toText: string | undefined): { from: Date; to: Date } | undefined {
  const from = parseDay(fromText);
  const to = parseDay(toText);
  return from && to && from < to ? { from, to } : undefined;
}
