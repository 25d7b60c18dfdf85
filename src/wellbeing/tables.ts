import type { ColumnType } from 'kysely';

export interface AnalystExposureTable {
  user_id: string;
  /** The UTC day, as YYYY-MM-DD. */
  day: ColumnType<string, string, never>;
  items_viewed: number;
  seconds_viewed: number;
  seconds_since_break: number;
  media_revealed: ColumnType<number, number | undefined, number>;
  last_activity_at: Date;
}

export interface WellbeingTables {
  analyst_exposure: AnalystExposureTable;
}
