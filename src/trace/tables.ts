import type { ColumnType, Generated } from 'kysely';
import type { HostAddress } from './hosting.js';

export interface ItemTracesTable {
  id: Generated<number>;
  item_id: string;
  traced_at: ColumnType<Date, Date | undefined, never>;
  host: string;
  country: string | null;
  addresses: ColumnType<HostAddress[], string, never>;
  error: string | null;
}

export interface TraceTables {
  item_traces: ItemTracesTable;
}
