/** A period of whole days (UTC), both ends included, as YYYY-MM-DD. */
export interface Period {
  from: string;
  to: string;
}

export type Granularity = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
const parse = (day: string) => new Date(`${day}T00:00:00Z`);
const plusDays = (day: string, days: number) => dayOf(new Date(parse(day).getTime() + days * DAY_MS));

export function lengthInDays(period: Period): number {
  return Math.round((parse(period.to).getTime() - parse(period.from).getTime()) / DAY_MS) + 1;
}

/** The last `days` days up to and including today. */
export function lastDays(days: number, now = new Date()): Period {
  const to = dayOf(now);
  return { from: plusDays(to, 1 - days), to };
}

/** The last whole calendar year before `now`. */
export function lastYear(now = new Date()): Period {
  const year = now.getUTCFullYear() - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Days for a few weeks, weeks up to about a year, months beyond: charts of some 10 to 60 points. */
export function granularityOf(period: Period): Granularity {
  const days = lengthInDays(period);
  if (days <= 62) return 'day';
  return days <= 400 ? 'week' : 'month';
}

/** The start of the day, ISO week (Monday) or month that holds `day`. */
export function periodStart(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (parse(day).getUTCDay() + 6) % 7;
  return plusDays(day, -weekday);
}

/** Every period start from the one holding `from` to the one holding `to`. */
export function periodStarts(period: Period, granularity: Granularity): string[] {
  const starts: string[] = [];
  for (let start = periodStart(period.from, granularity); start <= period.to; ) {
    starts.push(start);
    if (granularity === 'month') {
      const next = parse(start);
      next.setUTCMonth(next.getUTCMonth() + 1);
      start = dayOf(next);
    } else start = plusDays(start, granularity === 'day' ? 1 : 7);
  }
  return starts;
}

/** A period as the whole calendar months inside it (their first days) and the days left at its ends. */
export interface MonthSlices {
  months: Period | null;
  days: Period[];
}

export function monthSlices(period: Period): MonthSlices {
  const firstMonth = period.from.endsWith('-01') ? period.from : nextMonth(period.from);
  const lastMonth = periodStart(nextMonth(period.to) === plusDays(period.to, 1) ? period.to : plusDays(periodStart(period.to, 'month'), -1), 'month');
  if (firstMonth > lastMonth) return { months: null, days: [period] };
  const afterMonths = nextMonth(lastMonth);
  const days: Period[] = [];
  if (period.from < firstMonth) days.push({ from: period.from, to: plusDays(firstMonth, -1) });
  if (afterMonths <= period.to) days.push({ from: afterMonths, to: period.to });
  return { months: { from: firstMonth, to: lastMonth }, days };
}

/** The first day of the month after the one holding `day`. */
function nextMonth(day: string): string {
  const next = parse(periodStart(day, 'month'));
  next.setUTCMonth(next.getUTCMonth() + 1);
  return dayOf(next);
}
