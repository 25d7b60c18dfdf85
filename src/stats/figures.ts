import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import { ITEM_STATUSES, type ItemStatus } from '../domain/item-lifecycle.js';
import { durationFigures, type DurationFigures } from './buckets.js';
import { granularityOf, monthSlices, periodStart, periodStarts, type Granularity, type Period } from './period.js';
import { ANY_CATEGORY, ANY_COUNTRY, ANY_PROVIDER, ITEM_COUNT_COLUMNS, ITEM_COUNTERS, statusColumn, type StatsDurationDaysTable, type StatsItemDaysTable, type StatusColumn, type DurationMeasure } from './tables.js';

/** A provider in the figures: a directory entry, or else the network (AS number) the content was on. */
export type ProviderKey = { providerId: number } | { asn: number };

export interface StatsFilter extends Period {
  category?: string | undefined;
  /** ISO 3166-1 alpha-2; '' for items whose hosting country is unknown. */
  country?: string | undefined;
  provider?: ProviderKey | undefined;
}

export interface SeriesPoint {
  start: string;
  reports: number;
  items: number;
  illegal: number;
}

export interface Summary {
  period: Period;
  granularity: Granularity;
  reports: number;
  items: number;
  byStatus: Record<ItemStatus, number>;
  byOutcome: { illegal: number; not_illegal: number; unavailable: number };
  /** Share of assessed items found illegal; null when none was assessed. */
  shareIllegal: number | null;
  byCategory: Record<string, number>;
  /** Items by hosting country; '' for unknown. */
  byCountry: Record<string, number>;
  hosting: { domestic: number; forwarded: number; referred: number };
  notifiedItems: number;
  /** Items assessed automatically as known material: no analyst had to open them. */
  knownMaterial: number;
  timeToAssessment: DurationFigures;
  timeToRemoval: DurationFigures;
  /** Per notified item: first notices, reminders and escalations. */
  perNotifiedItem: { notices: number | null; reminders: number | null; escalations: number | null };
  moves: number;
  reappearances: number;
  disputes: number;
  series: SeriesPoint[];
}

type Counters = {
  items: number;
  illegal: number;
  not_illegal: number;
  unavailable: number;
  automatic: number;
  notified: number;
  forwarded: number;
  referred: number;
  removed: number;
  removed_in_time: number;
  open: number;
  notices: number;
  reminders: number;
  escalations: number;
  moves: number;
  reappearances: number;
  disputed: number;
};

const COUNTERS = ITEM_COUNTERS satisfies readonly (keyof Counters)[];

/** A rollup's rows for a period, whatever table they come from, with the month each falls in (its first day). */
type PeriodRows<Row> = Row & { month: string };
type ItemSource = SelectQueryBuilder<Database & { rows: PeriodRows<StatsItemDaysTable> }, 'rows', object>;

/**
 * The rows of a rollup for a period: its whole months from the month table, the days at its
 * ends from the day table (rows of a month table count as falling on the month's first day).
 */
function periodRows<Row>(kind: 'item' | 'duration', period: Period, where: Expression<SqlBool>) {
  const { months, days } = monthSlices(period);
  const columns = sql.join((kind === 'item' ? ['category', 'country', 'provider_id', 'asn', ...ITEM_COUNT_COLUMNS] : ['measure', 'category', 'country', 'provider_id', 'asn', 'bucket', 'n']).map((column) => sql.ref(column)));
  const parts = [
    ...(months ? [sql`SELECT ${columns}, month AS day, month FROM ${sql.table(`stats_${kind}_months`)} WHERE month >= ${months.from} AND month <= ${months.to} AND ${where}`] : []),
    ...days.map((range) => sql`SELECT ${columns}, day, date_trunc('month', day)::date AS month FROM ${sql.table(`stats_${kind}_days`)} WHERE day >= ${range.from} AND day <= ${range.to} AND ${where}`),
  ];
  return sql<PeriodRows<Row>>`(${sql.join(parts, sql` UNION ALL `)})`;
}

function itemRows(db: Kysely<Database>, filter: StatsFilter): ItemSource {
  return db.selectFrom(periodRows<StatsItemDaysTable>('item', filter, equalTo(filter)).as('rows'));
}

function durationRows(db: Kysely<Database>, filter: StatsFilter, perProvider = false) {
  const where = sql<SqlBool>`${durationScope(filter, perProvider)} AND ${equalTo(filter)}`;
  return db.selectFrom(periodRows<StatsDurationDaysTable>('duration', filter, where).as('rows'));
}

function sums(query: ItemSource) {
  return query.select((eb) => COUNTERS.map((column) => eb.fn.coalesce(eb.fn.sum<number>(column), eb.lit(0)).as(column)));
}

/** The filter's category, country and provider, as one condition on a rollup's rows. */
function equalTo(filter: StatsFilter): Expression<SqlBool> {
  const conditions = [
    ...(filter.category !== undefined ? [sql<SqlBool>`category = ${filter.category}`] : []),
    ...(filter.country !== undefined ? [sql<SqlBool>`country = ${filter.country}`] : []),
    ...(filter.provider !== undefined ? [providerIs(filter.provider)] : []),
  ];
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(conditions, sql` AND `)}`;
}

/**
 * Which duration rows a view reads: with at most one of category, country and provider named
 * (by the filter, or by a table per provider), the scope rows that sum over the others; with
 * more, the rows per category × country × provider.
 */
function durationScope(filter: StatsFilter, perProvider: boolean): Expression<SqlBool> {
  const filtered = { category: filter.category !== undefined, country: filter.country !== undefined, provider: filter.provider !== undefined };
  const named = { ...filtered, provider: filtered.provider || perProvider };
  const full = Object.values(named).filter(Boolean).length >= 2;
  // A column the filter sets equal to a value needs no other condition (and leaves the index its equality).
  const scoped = (column: keyof typeof named, name: string, any: string | number) =>
    filtered[column] ? [] : [sql<SqlBool>`${sql.ref(name)} ${full || named[column] ? sql`<>` : sql`=`} ${any}`];
  const conditions = [...scoped('category', 'category', ANY_CATEGORY), ...scoped('country', 'country', ANY_COUNTRY), ...scoped('provider', 'provider_id', ANY_PROVIDER)];
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(conditions, sql` AND `)}`;
}

function providerIs(key: ProviderKey): Expression<SqlBool> {
  return 'providerId' in key ? sql<SqlBool>`provider_id = ${key.providerId}` : sql<SqlBool>`provider_id = 0 AND asn = ${key.asn}`;
}

const startOf = (granularity: Granularity) =>
  granularity === 'day' ? sql<string>`to_char(day, 'YYYY-MM-DD')` : sql<string>`to_char(date_trunc(${sql.lit(granularity)}, day), 'YYYY-MM-DD')`;

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Every figure of the dashboard for a period and filters, from the rollups. */
export async function summary(db: Kysely<Database>, filter: StatsFilter): Promise<Summary> {
  const granularity = granularityOf(filter);
  const [groups, durations, reports, byDay] = await Promise.all([
    itemGroups(db, filter),
    durationCounts(db, filter),
    reportCounts(db, filter, granularity),
    granularity === 'month' ? undefined : itemsByDay(db, filter),
  ]);
  const total: Partial<GroupRow> & Counters = groups.find((row) => row.set === 'total') ?? emptyCounters();
  const by = (set: string) => Object.fromEntries(groups.filter((row) => row.set === set).map((row) => [row.key, row.items]));
  const byStatus = Object.fromEntries(ITEM_STATUSES.map((status) => [status, total[statusColumn(status)] ?? 0])) as Record<ItemStatus, number>;
  const periods = new Map<string, { items: number; illegal: number }>();
  for (const row of byDay ?? groups.filter((group) => group.set === 'month')) {
    const start = periodStart(row.key, granularity);
    const sum = periods.get(start) ?? { items: 0, illegal: 0 };
    periods.set(start, { items: sum.items + row.items, illegal: sum.illegal + row.illegal });
  }
  const series = periodStarts(filter, granularity).map((start) => ({
    start,
    reports: reports.byPeriod.get(start) ?? 0,
    items: periods.get(start)?.items ?? 0,
    illegal: periods.get(start)?.illegal ?? 0,
  }));
  const assessed = total.illegal + total.not_illegal + total.unavailable;
  return {
    period: { from: filter.from, to: filter.to },
    granularity,
    reports: reports.total,
    items: total.items,
    byStatus,
    byOutcome: { illegal: total.illegal, not_illegal: total.not_illegal, unavailable: total.unavailable },
    shareIllegal: ratio(total.illegal, assessed),
    byCategory: by('category'),
    byCountry: by('country'),
    hosting: { domestic: total.notified, forwarded: total.forwarded, referred: total.referred },
    notifiedItems: total.notified,
    knownMaterial: total.automatic,
    timeToAssessment: durationFigures(durations.get('assessment') ?? new Map()),
    timeToRemoval: durationFigures(durations.get('removal') ?? new Map()),
    perNotifiedItem: { notices: ratio(total.notices, total.notified), reminders: ratio(total.reminders, total.notified), escalations: ratio(total.escalations, total.notified) },
    moves: total.moves,
    reappearances: total.reappearances,
    disputes: total.disputed,
    series,
  };
}

function emptyCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((column) => [column, 0])) as Counters;
}

type GroupRow = Counters & Partial<Record<StatusColumn, number>> & { set: 'total' | 'month' | 'category' | 'country'; key: string };

/** One pass over the rollup: totals with the count per status, and items by month, category and country. */
async function itemGroups(db: Kysely<Database>, filter: StatsFilter): Promise<GroupRow[]> {
  const rows = await sums(itemRows(db, filter))
    .select((eb) => ITEM_STATUSES.map((status) => sql<number | null>`CASE WHEN grouping(month, category, country) = 7 THEN ${eb.fn.sum(statusColumn(status))} END`.as(statusColumn(status))))
    .select([
      sql<string>`CASE WHEN grouping(month) = 0 THEN 'month' WHEN grouping(category) = 0 THEN 'category' WHEN grouping(country) = 0 THEN 'country' ELSE 'total' END`.as('set'),
      sql<string>`coalesce(to_char(month, 'YYYY-MM-DD'), category, country, '')`.as('key'),
    ])
    .groupBy(sql`GROUPING SETS ((month), (category), (country), ())`)
    .execute();
  return rows as unknown as GroupRow[];
}

/** Items and illegal ones per day, for a series by day or week: months are too coarse for it. */
async function itemsByDay(db: Kysely<Database>, filter: StatsFilter): Promise<{ key: string; items: number; illegal: number }[]> {
  return db
    .selectFrom('stats_item_days')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('key'), (eb) => eb.fn.sum<number>('items').as('items'), (eb) => eb.fn.sum<number>('illegal').as('illegal')])
    .where('day', '>=', filter.from)
    .where('day', '<=', filter.to)
    .where(equalTo(filter))
    .groupBy('day')
    .execute();
}

async function durationCounts(db: Kysely<Database>, filter: StatsFilter): Promise<Map<DurationMeasure, Map<number, number>>> {
  const rows = await durationRows(db, filter)
    .select(['measure', 'bucket', (eb) => eb.fn.sum<number>('n').as('n')])
    .groupBy(['measure', 'bucket'])
    .execute();
  const counts = new Map<DurationMeasure, Map<number, number>>();
  for (const row of rows) {
    const measure = counts.get(row.measure) ?? new Map<number, number>();
    measure.set(row.bucket, row.n);
    counts.set(row.measure, measure);
  }
  return counts;
}

/** Reports by the day they arrived and the category the reporter chose; country and provider say nothing about a report. */
async function reportCounts(db: Kysely<Database>, filter: StatsFilter, granularity: Granularity): Promise<{ total: number; byPeriod: Map<string, number> }> {
  let query = db.selectFrom('stats_report_days').where('day', '>=', filter.from).where('day', '<=', filter.to);
  if (filter.category !== undefined) query = query.where('category', '=', filter.category);
  const start = startOf(granularity);
  const rows = await query
    .select([sql<string | null>`${start}`.as('start'), (eb) => eb.fn.sum<number>('reports').as('reports')])
    .groupBy(sql`GROUPING SETS ((${start}), ())`)
    .execute();
  return {
    total: rows.find((row) => row.start === null)?.reports ?? 0,
    byPeriod: new Map(rows.filter((row) => row.start !== null).map((row) => [row.start!, row.reports])),
  };
}

export interface ProviderFigures {
  key: ProviderKey;
  /** The directory name, else the network's organisation. */
  name: string;
  asn: number | null;
  country: string | null;
  notified: number;
  removed: number;
  open: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Share of notified items removed within the deadline of their first notice. */
  shareInTime: number | null;
  reminders: number;
  escalations: number;
  disputes: number;
}

export const PROVIDER_SORTS = ['name', 'notified', 'median', 'p90', 'inTime', 'open', 'reminders', 'escalations', 'disputes'] as const;
export type ProviderSort = (typeof PROVIDER_SORTS)[number];

/** Every provider the hotline notified, forwarded or referred items about in the period. */
export async function providerTable(db: Kysely<Database>, filter: StatsFilter): Promise<ProviderFigures[]> {
  const [rows, durations] = await Promise.all([
    sums(itemRows(db, filter))
      .select(['provider_id', 'asn', sql<string>`max(country)`.as('country')])
      .where(sql<SqlBool>`(provider_id <> 0 OR asn <> 0)`)
      .groupBy(['provider_id', 'asn'])
      .execute(),
    durationRows(db, filter, true)
      .where('measure', '=', 'removal')
      .select(['provider_id', 'asn', 'bucket', (eb) => eb.fn.sum<number>('n').as('n')])
      .groupBy(['provider_id', 'asn', 'bucket'])
      .execute(),
  ]);
  const names = await providerNames(db, rows);
  const histograms = new Map<string, Map<number, number>>();
  for (const row of durations) {
    const id = `${row.provider_id}/${row.asn}`;
    histograms.set(id, (histograms.get(id) ?? new Map<number, number>()).set(row.bucket, row.n));
  }
  return rows.map((row) => {
    const removal = durationFigures(histograms.get(`${row.provider_id}/${row.asn}`) ?? new Map());
    const counters = row as unknown as Counters;
    const named = names.get(`${row.provider_id}/${row.asn}`);
    return {
      key: row.provider_id !== 0 ? { providerId: row.provider_id } : { asn: row.asn },
      name: named?.name ?? (row.provider_id !== 0 ? `#${row.provider_id}` : `AS${row.asn}`),
      asn: row.provider_id === 0 ? row.asn : null,
      country: named?.country ?? (row.country === '' ? null : row.country),
      ...performance(counters, removal),
    };
  });
}

type Performance = Omit<ProviderFigures, 'key' | 'name' | 'asn' | 'country'>;

/** How a provider (or the month of one) did: from its counters and its removal times. */
function performance(counters: Counters, removal: DurationFigures): Performance {
  return {
    notified: counters.notified,
    removed: counters.removed,
    open: counters.open,
    medianSeconds: removal.median,
    p90Seconds: removal.p90,
    shareInTime: ratio(counters.removed_in_time, counters.notified),
    reminders: counters.reminders,
    escalations: counters.escalations,
    disputes: counters.disputed,
  };
}

async function providerNames(db: Kysely<Database>, rows: readonly { provider_id: number; asn: number }[]): Promise<Map<string, { name: string; country: string | null }>> {
  const providerIds = rows.map((row) => row.provider_id).filter((id) => id !== 0);
  const asns = rows.filter((row) => row.provider_id === 0).map((row) => row.asn);
  const [directory, networks] = await Promise.all([
    providerIds.length === 0 ? [] : db.selectFrom('providers').select(['id', 'name', 'country']).where('id', 'in', providerIds).execute(),
    asns.length === 0 ? [] : db.selectFrom('stats_networks').select(['asn', 'as_organisation']).where('asn', 'in', asns).execute(),
  ]);
  return new Map([
    ...directory.map((entry) => [`${entry.id}/0`, { name: entry.name, country: entry.country }] as const),
    ...networks.map((network) => [`0/${network.asn}`, { name: `AS${network.asn} ${network.as_organisation}`, country: null }] as const),
  ]);
}

const SORT_VALUES: Record<ProviderSort, (row: ProviderFigures) => number | string | null> = {
  name: (row) => row.name.toLowerCase(),
  notified: (row) => row.notified,
  median: (row) => row.medianSeconds,
  p90: (row) => row.p90Seconds,
  inTime: (row) => row.shareInTime,
  open: (row) => row.open,
  reminders: (row) => row.reminders,
  escalations: (row) => row.escalations,
  disputes: (row) => row.disputes,
};

/** Sorted by one column; rows without a value (nothing removed yet) come last either way. */
export function sortProviders(rows: readonly ProviderFigures[], sort: ProviderSort, descending: boolean): ProviderFigures[] {
  const value = SORT_VALUES[sort];
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === y) return a.name.localeCompare(b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * (descending ? -1 : 1);
  });
}

export interface ProviderMonth extends Performance {
  start: string;
}

/** One provider's figures month by month. */
export async function providerHistory(db: Kysely<Database>, filter: StatsFilter & { provider: ProviderKey }): Promise<ProviderMonth[]> {
  const start = sql<string>`to_char(month, 'YYYY-MM-DD')`;
  const [rows, durations] = await Promise.all([
    sums(itemRows(db, filter)).select(start.as('start')).groupBy(start).execute(),
    durationRows(db, filter)
      .where('measure', '=', 'removal')
      .select([start.as('start'), 'bucket', (eb) => eb.fn.sum<number>('n').as('n')])
      .groupBy([start, 'bucket'])
      .execute(),
  ]);
  return periodStarts(filter, 'month').map((month) => {
    const counters = (rows.find((row) => row.start === month) as unknown as Counters | undefined) ?? emptyCounters();
    const removal = durationFigures(new Map(durations.filter((row) => row.start === month).map((row) => [row.bucket, row.n])));
    return { start: month, ...performance(counters, removal) };
  });
}
