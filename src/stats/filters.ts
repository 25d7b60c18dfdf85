import type { Category } from '../domain/categories.js';
import type { ProviderKey, StatsFilter } from './figures.js';
import { isDate, lastDays, lengthInDays, type Period } from './period.js';

/** The filters as a query string carries them. */
export interface FilterQuery {
  from?: string | undefined;
  to?: string | undefined;
  category?: string | undefined;
  country?: string | undefined;
  provider?: string | undefined;
}

export const FILTER_PROBLEMS = ['from', 'to', 'order', 'length', 'category', 'country', 'provider'] as const;
export type FilterProblem = (typeof FILTER_PROBLEMS)[number];

/** Without dates, the last year up to today. */
export const DEFAULT_DAYS = 365;
/** The longest period one request may ask for. */
export const MAX_DAYS = 3660;

const COUNTRY = /^[A-Za-z]{2}$/;
const PROVIDER = /^(?:(\d{1,9})|AS(\d{1,10}))$/i;

export function parseProviderKey(text: string): ProviderKey | undefined {
  const match = PROVIDER.exec(text);
  if (!match) return undefined;
  return match[1] !== undefined ? { providerId: Number(match[1]) } : { asn: Number(match[2]) };
}

export function providerKeyText(key: ProviderKey): string {
  return 'providerId' in key ? String(key.providerId) : `AS${key.asn}`;
}

/** The filter a query asks for, or what is wrong with it. Empty fields mean "all". */
export function parseFilter(query: FilterQuery, categories: readonly Category[], now = new Date()): { filter: StatsFilter } | { problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  const given = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const fallback = lastDays(DEFAULT_DAYS, now);
  const from = given(query.from) ?? fallback.from;
  const to = given(query.to) ?? fallback.to;
  if (!isDate(from)) problems.push('from');
  if (!isDate(to)) problems.push('to');
  const period: Period = { from, to };
  if (problems.length === 0 && from > to) problems.push('order');
  if (problems.length === 0 && lengthInDays(period) > MAX_DAYS) problems.push('length');
  const category = given(query.category);
  if (category !== undefined && !categories.some((known) => known.id === category)) problems.push('category');
  const country = given(query.country);
  if (country !== undefined && !COUNTRY.test(country)) problems.push('country');
  const providerText = given(query.provider);
  const provider = providerText === undefined ? undefined : parseProviderKey(providerText);
  if (providerText !== undefined && provider === undefined) problems.push('provider');
  if (problems.length > 0) return { problems };
  return { filter: { ...period, category, country: country?.toUpperCase(), provider } };
}

/** The query string that asks for this filter again (for CSV links and sorting). */
export function filterQueryString(filter: StatsFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.category) params.set('category', filter.category);
  if (filter.country) params.set('country', filter.country);
  if (filter.provider) params.set('provider', providerKeyText(filter.provider));
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}
