import type { ColumnType } from 'kysely';
import { ITEM_STATUSES, type ItemStatus } from '../domain/item-lifecycle.js';

type Day = ColumnType<string, string, string>;
type Count = ColumnType<number, number, number>;
type Asn = ColumnType<number, number | bigint, number | bigint>;

/** Items by the day they were first reported (UTC) × category × country × provider, with a count per status. */
export type StatsItemDaysTable = StatsItemDaysCounts & Record<StatusColumn, Count>;

export type StatusColumn = `status_${ItemStatus}`;

interface StatsItemDaysCounts {
  day: Day;
  category: string;
  /** '' when the hosting country is unknown. */
  country: string;
  /** 0 when no directory entry; the network (`asn`) names the provider then. */
  provider_id: number;
  /** 0 when a directory entry names the provider, or nothing is known. */
  asn: Asn;
  items: Count;
  illegal: Count;
  not_illegal: Count;
  unavailable: Count;
  automatic: Count;
  notified: Count;
  forwarded: Count;
  referred: Count;
  removed: Count;
  removed_in_time: Count;
  open: Count;
  notices: Count;
  reminders: Count;
  escalations: Count;
  moves: Count;
  reappearances: Count;
  disputed: Count;
}

/** The item tables' counters, in their column order. */
export const ITEM_COUNTERS = ['items', 'illegal', 'not_illegal', 'unavailable', 'automatic', 'notified', 'forwarded', 'referred', 'removed', 'removed_in_time', 'open', 'notices', 'reminders', 'escalations', 'moves', 'reappearances', 'disputed'] as const satisfies readonly (keyof StatsItemDaysCounts)[];

export const statusColumn = (status: ItemStatus): StatusColumn => `status_${status}`;

/** Every count column of the item tables, in column order. */
export type ItemCountColumn = (typeof ITEM_COUNTERS)[number] | StatusColumn;
export const ITEM_COUNT_COLUMNS: readonly ItemCountColumn[] = [...ITEM_COUNTERS, ...ITEM_STATUSES.map(statusColumn)];

/** The values scope rows hold in the columns they sum over; no category or country is '*', no provider or network -1. */
export const ANY_CATEGORY = '*';
export const ANY_COUNTRY = '*';
export const ANY_PROVIDER = -1;

export type DurationMeasure = 'assessment' | 'removal';

/**
 * Durations (report → assessment, notice → removal) in the buckets of buckets.ts: per
 * category × country × provider, and scope rows that sum over some of those (holding '*'
 * or -1 there; see refresh.ts).
 */
export interface StatsDurationDaysTable {
  measure: DurationMeasure;
  day: Day;
  category: string;
  country: string;
  provider_id: number;
  asn: Asn;
  bucket: number;
  n: number;
}

/** The day tables summed per calendar month (`month`: its first day), so that a long period reads few rows. */
export type StatsItemMonthsTable = Omit<StatsItemDaysTable, 'day'> & { month: Day };
export type StatsDurationMonthsTable = Omit<StatsDurationDaysTable, 'day'> & { month: Day };

/** What the rollups count of each item, as of the last refresh: a refresh adds the difference when an item changes. */
export interface StatsItemFactsTable {
  item_id: string;
  day: Day;
  category: string;
  status: ItemStatus;
  country: string;
  provider_id: number;
  asn: Asn;
  as_organisation: string | null;
  acted_by: string | null;
  ttr: number | null;
  reminders: number;
  escalations: number;
  moves: number;
  reappearances: number;
  outcome: string | null;
  automatic: boolean;
  assessed_after: number | null;
  notices: number;
  disputed: boolean;
  deadline: number | null;
}

export interface StatsReportDaysTable {
  day: Day;
  category: string;
  reports: number;
}

export interface StatsNetworksTable {
  asn: Asn;
  as_organisation: string;
}

export interface StatsRefreshTable {
  id: boolean;
  refreshed_until: Date;
  /** When a refresh last changed some rollup; figures read before it are out of date. */
  changed_at: Date | null;
}

export interface StatsTables {
  stats_item_days: StatsItemDaysTable;
  stats_duration_days: StatsDurationDaysTable;
  stats_item_months: StatsItemMonthsTable;
  stats_item_facts: StatsItemFactsTable;
  stats_duration_months: StatsDurationMonthsTable;
  stats_report_days: StatsReportDaysTable;
  stats_networks: StatsNetworksTable;
  stats_refresh: StatsRefreshTable;
}
