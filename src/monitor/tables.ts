import type { ColumnType, Generated } from 'kysely';

/** How the hotline acted on an item; the start of its time to removal. */
export type ActedBy = 'notice' | 'forward' | 'police';
/** A check found the content (`present`), found it gone (`gone`), or could not tell (`inconclusive`). */
export type CheckOutcome = 'present' | 'gone' | 'inconclusive';

export interface ItemMonitoringTable {
  item_id: string;
  acted_at: Date;
  acted_by: ActedBy;
  /** The provider, network and country the content was on when the hotline acted. */
  provider_id: number | null;
  asn: ColumnType<number | null, number | bigint | null | undefined, number | bigint | null>;
  as_organisation: string | null;
  hosting_country: string | null;
  /** Null when nothing more is checked (removed and settled). */
  next_check_at: Date | null;
  last_checked_at: Date | null;
  checks: Generated<number>;
  /** Consecutive misses in the current run, and the time of its first miss (the removal time once confirmed). */
  run_misses: Generated<number>;
  run_started_at: Date | null;
  last_miss_at: Date | null;
  removed_at: Date | null;
  time_to_removal_seconds: number | null;
  reappearances: Generated<number>;
  moves: Generated<number>;
  reminders: Generated<number>;
  escalations: Generated<number>;
}

export interface MonitorChecksTable {
  id: Generated<number>;
  item_id: string;
  checked_at: ColumnType<Date, Date | undefined, never>;
  outcome: CheckOutcome;
  /** A short machine word: `http_404`, `dns`, `refused`, `media_missing`, `media_present`, `timeout`… */
  reason: string;
  http_status: number | null;
  hosting_country: string | null;
  asn: ColumnType<number | null, number | bigint | null | undefined, never>;
}

export interface MonitorTables {
  item_monitoring: ItemMonitoringTable;
  monitor_checks: MonitorChecksTable;
}
