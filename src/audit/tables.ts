import type { ColumnType } from 'kysely';
import type { JsonValue } from './chain.js';

/** Written once by appendAudit, never updated (the database refuses it too). */
type WriteOnce<T> = ColumnType<T, T, never>;

export interface AuditLogTable {
  id: WriteOnce<number>;
  at: WriteOnce<Date>;
  actor: WriteOnce<string>;
  action: WriteOnce<string>;
  object_type: WriteOnce<string>;
  object_id: WriteOnce<string | null>;
  /** Written as JSON text, read back parsed. */
  detail: ColumnType<JsonValue | null, string | null, never>;
  prev_hash: WriteOnce<Uint8Array>;
  hash: WriteOnce<Uint8Array>;
}

/** The one row that records where the chain ends; the migration creates it, appends lock and move it. */
export interface AuditChainHeadTable {
  last_id: ColumnType<number, never, number>;
  last_hash: ColumnType<Uint8Array, never, Uint8Array>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
}
